// "Reached the end": when the end of the document's text has been on the reader's screen, tell
// the portal once. Nothing else is measured (no time on page, no scrolling). The address is in
// the reader's own acknowledgement box (a hidden form with the CSRF token), only while they
// still owe an acknowledgement.
(() => {
    const hook = document.querySelector("[data-reading-end]");
    const end = document.querySelector(".official-document .od-footer");
    if (!hook || !end || !("IntersectionObserver" in window) || !navigator.sendBeacon) {
        return;
    }
    const observer = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) {
            return;
        }
        observer.disconnect();
        navigator.sendBeacon(hook.action, new FormData(hook));
    });
    observer.observe(end);
})();
