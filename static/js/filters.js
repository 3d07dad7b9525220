// Where the filters are a column beside the results (the stylesheet's 52rem), they are
// shown open; on a phone they stay folded above the results, their summary saying how
// many are chosen. Without this script the panel is folded everywhere and still works.
if (window.matchMedia("(min-width: 52rem)").matches) {
  for (const panel of document.querySelectorAll("details.filters")) panel.open = true;
}
