// Wagtail reopens, on every editor page, the side panel (status, preview, comments) last opened
// on any page, which then takes a third of a 1280 px screen from the form or all of a phone's.
// The editor starts with the form; the panel opens when asked for.
try {
  localStorage.removeItem("wagtail:side-panel-open");
} catch (error) {
  // Storage refused (private mode): Wagtail remembers nothing either.
}
