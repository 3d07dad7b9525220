"use strict";
// What an editor types or chooses in a record's form is kept in this browser until the
// record is saved, so that a session that ended, a refused security check, a lost connection
// or a closed tab does not lose it: back on the form, the editor is offered it again. A draft
// is forgotten once the form it belongs to is saved (the page after the save shows Django's
// success message and comes from the form), when the editor discards it, or after a week.
// Only the forms that show the offer (templates/admin/change_form.html) are kept.
(function () {
    const PREFIX = "azemmour-draft:";
    // Text, numbers, dates and single choices. Not the choices looked up as one types
    // (autocomplete): their options are not on the page until searched, so one kept could
    // not be put back. Not files, which no page can fill in.
    const KEPT = "textarea[name], select[name]:not([multiple]):not(.admin-autocomplete), "
        + "input[name]:is([type=text], [type=number], [type=date], [type=email], [type=url], [type=tel])";
    const KEPT_FOR = 7 * 24 * 60 * 60 * 1000;
    let store;
    try {
        store = window.localStorage;
        store.getItem(PREFIX);
    } catch (error) {
        return; // storage refused (private browsing, a policy): nothing is kept
    }

    function read(key) {
        try {
            const draft = JSON.parse(store.getItem(key));
            return draft && Date.now() - draft.at < KEPT_FOR ? draft : null;
        } catch (error) {
            return null;
        }
    }

    function forget(key) {
        try {
            store.removeItem(key);
        } catch (error) {
            // nothing to do
        }
    }

    function tidy() {
        for (let i = store.length - 1; i >= 0; i -= 1) {
            const key = store.key(i);
            if (key && key.startsWith(PREFIX) && !read(key)) {
                forget(key);
            }
        }
        // The page after a save: the form it came from is saved.
        if (document.querySelector(".messagelist .success") && document.referrer) {
            try {
                const from = new URL(document.referrer);
                if (from.origin === location.origin) {
                    forget(PREFIX + from.pathname);
                }
            } catch (error) {
                // no usable referrer
            }
        }
    }

    function keep(form, offer) {
        const key = PREFIX + location.pathname;
        const fields = () => Array.from(form.querySelectorAll(KEPT))
            .filter((field) => !field.name.includes("__prefix__") && !field.readOnly && !field.disabled);
        const values = () => Object.fromEntries(fields().map((field) => [field.name, field.value]));
        const drawn = values();
        const differs = (kept) => Object.keys(kept).some((name) => name in drawn && kept[name] !== drawn[name]);
        let draft = read(key);
        if (draft && differs(draft.values)) {
            const when = offer.querySelector("[data-draft-time]");
            if (when) {
                // Morocco's month names (ar-MA: «ماي», «غشت»), in Western digits, at the
                // portal's time, as every other time in the admin.
                const lang = document.documentElement.lang === "ar" ? "ar-MA" : document.documentElement.lang;
                when.textContent = new Date(draft.at).toLocaleString(lang, {
                    hour: "2-digit", minute: "2-digit", day: "numeric", month: "long", numberingSystem: "latn",
                    timeZone: offer.dataset.timeZone || undefined,
                });
            }
            offer.hidden = false;
        } else {
            forget(key);
            draft = null;
        }

        offer.addEventListener("click", (event) => {
            const button = event.target.closest("[data-draft]");
            if (!button) {
                return;
            }
            if (button.dataset.draft === "restore" && draft) {
                for (const field of fields()) {
                    const value = draft.values[field.name];
                    // A choice no longer offered (its record deleted since) is not forced in.
                    const offered = field.tagName !== "SELECT"
                        || Array.from(field.options).some((option) => option.value === value);
                    if (field.name in draft.values && field.value !== value && offered) {
                        field.value = value;
                        field.dispatchEvent(new Event("input", { bubbles: true }));
                        field.dispatchEvent(new Event("change", { bubbles: true }));
                    }
                }
            } else {
                forget(key);
            }
            offer.hidden = true;
            draft = null;
        });

        function save() {
            const now = values();
            if (!differs(now)) {
                forget(key);
                return;
            }
            try {
                store.setItem(key, JSON.stringify({ at: Date.now(), values: now }));
            } catch (error) {
                // storage full: the form itself still holds the text
            }
        }

        let pending;
        form.addEventListener("input", () => {
            clearTimeout(pending);
            pending = setTimeout(save, 500);
        });
        form.addEventListener("submit", () => {
            clearTimeout(pending);
            save();
        });
    }

    function start() {
        tidy();
        const offer = document.querySelector(".draft-offer");
        const form = offer && offer.closest("form");
        if (form) {
            keep(form, offer);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
