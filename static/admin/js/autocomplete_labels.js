"use strict";
// The admin's autocomplete widgets (Select2) draw their own combobox and search box next
// to the <select>, which hide it; they do not take the select's name. This gives them the
// text of the select's <label> (or its aria-label, in tabular inlines), so that a screen
// reader says which field it is in.
(function () {
    if (!window.django || !window.django.jQuery) {
        return;
    }
    const $ = window.django.jQuery;

    function nameOf(select) {
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        const text = label ? label.textContent : select.getAttribute("aria-label") || "";
        return text.trim().replace(/\s*:$/, "");
    }

    function label(select) {
        const name = nameOf(select);
        const container = select.nextElementSibling;
        if (!name || !container || !container.classList.contains("select2")) {
            return;
        }
        for (const element of container.querySelectorAll(".select2-selection, .select2-search__field")) {
            element.setAttribute("aria-label", name);
        }
        // A single choice: the combobox is named by its label, and its text (the chosen record)
        // is its value. Select2 4.0 also calls that text a read-only textbox, with no name;
        // Select2 4.1 dropped the role, and so does this.
        const rendered = container.querySelector(".select2-selection--single .select2-selection__rendered");
        if (rendered) {
            container.querySelector(".select2-selection").removeAttribute("aria-labelledby");
            rendered.removeAttribute("role");
            rendered.removeAttribute("aria-readonly");
        }
    }

    function labelAll(root) {
        for (const select of root.querySelectorAll("select.admin-autocomplete")) {
            label(select);
        }
    }

    // Registered after the admin's autocomplete.js: runs once the widgets are drawn.
    $(function () {
        labelAll(document);
    });
    document.addEventListener("formset:added", function (event) {
        labelAll(event.target);
    });
    // The search box of an opened list of choices.
    $(document).on("select2:open", "select.admin-autocomplete", function () {
        const name = nameOf(this);
        for (const field of document.querySelectorAll(".select2-container--open .select2-search__field")) {
            field.setAttribute("aria-label", name);
        }
    });
})();
