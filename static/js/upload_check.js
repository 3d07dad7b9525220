/* Before a form is sent, names the files its fields or nginx would refuse for their weight
   or number; the server checks again. */
(function () {
  "use strict";

  var said = (document.currentScript || {}).dataset;
  if (!said) return;
  var html = document.documentElement, shown = new WeakMap();
  var FILES = "[data-max-bytes],[data-max-files]";

  // "12.4 megabytes", Western digits; weights rounded up, limits down.
  function amount(bytes, round) {
    return new Intl.NumberFormat(html.lang === "ar" ? "ar-MA" : html.lang, {
      style: "unit", unit: "megabyte", unitDisplay: "long", numberingSystem: "latn"
    }).format(round(bytes / 104857.6) / 10);
  }

  // The sentence with its %(key)s filled in; a file's name isolated in <bdi>.
  function sentence(template, values, tag) {
    var element = document.createElement(tag || "li");
    template.split(/%\((\w+)\)s/).forEach(function (part, i) {
      var name = document.createElement("bdi");
      name.textContent = values.name;
      element.append(i % 2 ? (part === "name" ? name : values[part]) : part);
    });
    return element;
  }

  function check(input) {
    var data = input.dataset, max = +data.maxBytes, files = Array.from(input.files);
    var found = files.filter(function (file) { return file.size > max; }).map(function (file) {
      return sentence(said.tooHeavy, {
        name: file.name, size: amount(file.size, Math.ceil), limit: amount(max, Math.floor)
      });
    });
    if (files.length > +data.maxFiles) found.unshift(sentence(data.tooMany, {}));
    if (shown.has(input)) shown.get(input).remove();
    input.removeAttribute("aria-invalid");
    if (found.length) {
      var list = document.createElement("ul");
      list.className = "errorlist";
      list.setAttribute("role", "alert");
      list.append(...found);
      (input.closest("p") || input).after(list);
      shown.set(input, list);
      input.setAttribute("aria-invalid", "true");
    }
    return found.length > 0;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches(FILES)) check(event.target);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target, weight = 0, first, max = +said.requestMax;
    form.querySelectorAll("input[type=file]:enabled").forEach(function (input) {
      Array.from(input.files).forEach(function (file) { weight += file.size; });
      if (input.matches(FILES) && check(input)) first = first || input;
    });
    var note = form.querySelector("[data-upload-note]");
    if (note) note.remove();
    if (weight > max) {
      first = sentence(said.tooMuch, {size: amount(weight, Math.ceil), limit: amount(max, Math.floor)}, "p");
      first.className = "errornote form-errors";
      first.setAttribute("role", "alert");
      first.setAttribute("data-upload-note", "");
      first.tabIndex = -1;
      form.prepend(first);
    }
    if (first) {
      event.preventDefault();
      first.scrollIntoView({block: "center"});
      first.focus();
    }
  }, true);
})();
