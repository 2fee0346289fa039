// In the document editor: show the next free number of the chosen type as the number's
// placeholder, and fill it in with one click.
(() => {
    const number = document.querySelector("[data-number-suggestions]");
    const type = document.querySelector("select[name='doc_type']");
    if (!number || !type) return;
    const suggestions = JSON.parse(number.dataset.numberSuggestions || "{}");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small button-secondary";
    number.insertAdjacentElement("afterend", button);
    const update = () => {
        const suggestion = suggestions[type.value] || "";
        number.placeholder = suggestion;
        button.hidden = !suggestion || number.value.trim() !== "";
        button.textContent = `${number.dataset.useLabel}: ${suggestion}`;
    };
    button.addEventListener("click", () => {
        number.value = number.placeholder;
        number.dispatchEvent(new Event("input", { bubbles: true }));
        update();
    });
    type.addEventListener("change", update);
    number.addEventListener("input", update);
    update();
})();
