/* Language tabs for translated fields in the admin, without jQuery UI.
   modeltranslation marks each widget with the class "mt-field-<field>-<lang>"; the rows of
   one field's languages become one tabbed group. Choosing a language switches every group
   on the page. Without JavaScript every language stays visible. */
(function () {
  "use strict";
  var pattern = /^mt-field-(.+)-([a-z]{2}(?:_[a-z]+)?)$/;
  var displayNames = null;
  try {
    displayNames = new Intl.DisplayNames([document.documentElement.lang || "ar"], { type: "language" });
  } catch (e) { /* older browsers show the language code */ }

  function languageName(code) {
    return displayNames ? displayNames.of(code.replace("_", "-")) : code.toUpperCase();
  }

  function select(lang) {
    document.querySelectorAll(".mt-tabs").forEach(function (bar) {
      var rows = bar._rows;
      if (!rows[lang]) { return; }
      Object.keys(rows).forEach(function (code) {
        rows[code].hidden = code !== lang;
      });
      bar.querySelectorAll("[role=tab]").forEach(function (tab) {
        tab.setAttribute("aria-selected", String(tab.dataset.lang === lang));
      });
    });
  }

  function build(root) {
    var groups = {};
    var order = [];
    root.querySelectorAll("[class*='mt-field-']").forEach(function (widget) {
      var row = widget.closest(".form-row");
      if (!row || widget.closest("td") || !widget.id) { return; }
      var match = null;
      widget.classList.forEach(function (name) { match = match || pattern.exec(name); });
      if (!match) { return; }
      var lang = match[2];
      var key = widget.id.slice(0, -(lang.length + 1));
      if (key.indexOf("__prefix__") !== -1) { return; }
      if (!groups[key]) { groups[key] = {}; order.push(key); }
      groups[key][lang] = row;
    });
    order.forEach(function (key) {
      var rows = groups[key];
      var codes = Object.keys(rows);
      if (codes.length < 2 || rows[codes[0]].previousElementSibling &&
          rows[codes[0]].previousElementSibling.classList.contains("mt-tabs")) { return; }
      var bar = document.createElement("div");
      bar.className = "mt-tabs";
      bar.setAttribute("role", "tablist");
      bar._rows = rows;
      codes.forEach(function (code) {
        var tab = document.createElement("button");
        tab.type = "button";
        tab.setAttribute("role", "tab");
        tab.dataset.lang = code;
        tab.lang = code;
        tab.textContent = languageName(code);
        if (rows[code].querySelector(".errorlist")) { tab.classList.add("mt-tab-error"); }
        tab.addEventListener("click", function () { select(code); });
        bar.appendChild(tab);
      });
      rows[codes[0]].parentNode.insertBefore(bar, rows[codes[0]]);
    });
    var withError = document.querySelector(".mt-tab-error");
    select(withError ? withError.dataset.lang : (document.documentElement.lang || "ar"));
  }

  document.addEventListener("DOMContentLoaded", function () { build(document); });
  document.addEventListener("formset:added", function (event) { build(event.target); });
})();
