// Comments on the document page. Everything works without JavaScript (plain links and forms);
// this only saves page loads: comment on a section, reply in place, load more, count characters.
(() => {
    const compose = document.getElementById("viet-binh-luan");
    const replyTemplate = document.getElementById("comment-reply-template");
    const list = document.querySelector("[data-comment-list]");
    const numberFormat = new Intl.NumberFormat("vi-VN");

    function focusEnd(textarea) {
        textarea.focus();
        textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    }

    function updateCounter(textarea) {
        const counter = textarea.form && textarea.form.querySelector("[data-comment-counter]");
        if (!counter) return;
        const limit = Number(textarea.dataset.commentLimit);
        const length = textarea.value.trim().length;
        counter.textContent = length ? `${numberFormat.format(length)} / ${numberFormat.format(limit)}` : "";
        counter.classList.toggle("is-over", length > limit);
    }

    document.addEventListener("click", (event) => {
        const sectionLink = event.target.closest("[data-comment-section]");
        if (sectionLink && compose) {
            event.preventDefault();
            const select = compose.querySelector("[data-comment-section-select]");
            select.value = sectionLink.dataset.commentSection;
            compose.scrollIntoView({ behavior: "smooth", block: "center" });
            focusEnd(compose.querySelector("textarea"));
            return;
        }
        const replyLink = event.target.closest("[data-comment-reply]");
        if (replyLink && replyTemplate) {
            event.preventDefault();
            document.querySelectorAll(".comment-reply-box[data-cloned]").forEach((box) => box.remove());
            const item = replyLink.closest("li.comment");
            const box = document.createElement("div");
            box.className = "comment-reply-box";
            box.dataset.cloned = "";
            box.append(replyTemplate.content.cloneNode(true));
            box.querySelector("[data-comment-parent]").value = replyLink.dataset.commentReply;
            item.append(box);
            focusEnd(box.querySelector("textarea"));
            return;
        }
        const more = event.target.closest("[data-comment-more]");
        if (more && list) {
            event.preventDefault();
            more.setAttribute("aria-busy", "true");
            fetch(more.dataset.commentMore, { headers: { Accept: "application/json" }, credentials: "same-origin" })
                .then((response) => {
                    if (!response.ok) throw new Error(response.statusText);
                    return response.json();
                })
                .then((data) => {
                    list.insertAdjacentHTML("beforeend", data.html);
                    if (data.next) {
                        more.dataset.commentMore = data.next;
                        more.removeAttribute("aria-busy");
                    } else {
                        more.remove();
                    }
                })
                .catch(() => {
                    window.location.href = more.href;
                });
        }
    });

    document.addEventListener("submit", (event) => {
        const form = event.target.closest("form[data-confirm]");
        if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
    });

    document.addEventListener("input", (event) => {
        if (event.target.matches("textarea[data-comment-limit]")) updateCounter(event.target);
    });
    document.querySelectorAll("textarea[data-comment-limit]").forEach(updateCounter);
})();
