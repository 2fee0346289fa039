// In the document editor: the chi bộ list only when "only the ticked chi bộ" is chosen, and the
// confirmation for visitors only when "public" is.
(() => {
    const choices = document.querySelectorAll("input[name='audience']");
    if (!choices.length) return;
    const wrapper = (name) =>
        document.querySelector(`[name='${name}']`)?.closest("[data-field-wrapper], .w-field__wrapper");
    const groups = wrapper("audience_groups");
    const confirm = wrapper("confirm_public");
    const update = () => {
        const chosen = document.querySelector("input[name='audience']:checked")?.value;
        if (groups) groups.hidden = chosen !== "groups";
        if (confirm) confirm.hidden = chosen !== "public";
    };
    choices.forEach((choice) => choice.addEventListener("change", update));
    update();
})();

// Wagtail's minimap (drawn once the editor starts) scrolls when the form is long: make it
// reachable from the keyboard, as a scrollable region must be.
(() => {
    const reachable = () => {
        const list = document.querySelector(".w-minimap__list");
        if (list && !list.hasAttribute("tabindex")) list.setAttribute("tabindex", "0");
        return Boolean(list);
    };
    if (reachable()) return;
    const observer = new MutationObserver(() => reachable() && observer.disconnect());
    observer.observe(document.body, { childList: true, subtree: true });
})();
