// "In văn bản": print the document in its official A4 layout (see document.css @media print).
document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
});
