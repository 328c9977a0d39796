// Text selection in the article body -> character offsets for the span forms.
// The server counts Python string indices (code points); JavaScript counts
// UTF-16 units, so lengths are measured with Array.from, which iterates code points.
// The preview line is not a live region: a screen reader already speaks its own
// selection, and a region re-read on every caret move is noise.
(function () {
  "use strict";
  const body = document.querySelector(".article .body");
  if (!body) return;
  const forms = document.querySelectorAll("form[data-selection]");
  const preview = document.getElementById("selection-preview");

  function codePoints(text) { return Array.from(text).length; }

  function offsetOf(node, offset) {
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  // The last selection made in the body is kept: clicking a button or opening
  // a panel collapses the browser's selection, and that must not lose it.
  let span = null;
  // Where a split would cut: the caret, or the end of a selection.
  let point = null;
  const splitForms = document.querySelectorAll("form[data-split]");

  // Only a selection in the body changes the forms: focus moving to a button or a
  // list elsewhere must not undo what the split list chose.
  function read() {
    const selection = window.getSelection();
    if (!selection.rangeCount) return false;
    const range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return false;
    point = offsetOf(range.endContainer, range.endOffset);
    if (!selection.isCollapsed) {
      span = { start: offsetOf(range.startContainer, range.startOffset), end: point };
      span.text = range.toString();
    }
    return true;
  }

  function write() {
    splitForms.forEach(function (form) {
      const inside = point !== null && point > Number(form.dataset.start) && point < Number(form.dataset.end);
      form.querySelector("[name=at]").value = inside ? point : "";
      form.querySelector("button[type=submit]").disabled = !inside;
      const list = form.querySelector("select[data-split-select]");
      if (list) list.value = inside && list.querySelector('option[value="' + point + '"]') ? String(point) : "";
    });
    forms.forEach(function (form) {
      form.querySelector("[name=start]").value = span ? span.start : "";
      form.querySelector("[name=end]").value = span ? span.end : "";
      form.querySelector("button").disabled = !span;
    });
    if (preview) preview.textContent = span ? "Selected: “" + span.text.trim().slice(0, 120) + "”" : "Select text in the article to add a claim or move this claim's span.";
  }

  document.addEventListener("selectionchange", function () { if (read()) write(); });
  read();
  write();
})();
