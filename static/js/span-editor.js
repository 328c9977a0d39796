// Correcting the split without a mouse. A span editor (form[data-span-editor])
// moves a proposed span's start or end by a word or a sentence, shows it in the
// text (a CSS highlight, which leaves the DOM and so every offset untouched),
// speaks each step, and sends the span as code-point offsets, as the server
// counts them. The same editor adds a missed claim, starting from a sentence no
// claim covers. The split list (select[data-split-select]) puts its choice
// into the split form.
(function () {
  "use strict";
  const body = document.querySelector(".article .body");
  if (!body) return;

  function announce(text, options) {
    if (window.desk && window.desk.announce) window.desk.announce(text, options);
  }

  // The body's text, and the UTF-16 unit where each code point starts (JavaScript
  // strings count units; the server's offsets count code points).
  let model = null;
  function textModel() {
    if (model) return model;
    const text = body.textContent;
    const unitAt = [0];
    let unit = 0;
    for (const character of text) {
      unit += character.length;
      unitAt.push(unit);
    }
    model = { text: text, unitAt: unitAt, sentences: null };
    return model;
  }

  function pointOf(unit) {
    const unitAt = textModel().unitAt;
    let low = 0;
    let high = unitAt.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (unitAt[middle] < unit) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  function unitOf(point) { return textModel().unitAt[Math.min(point, textModel().unitAt.length - 1)]; }

  function isSpace(character) { return /\s/.test(character); }

  // Sentences as [start, end] in units, without the spaces around them.
  function sentences() {
    const m = textModel();
    if (m.sentences) return m.sentences;
    const found = [];
    const push = function (start, end) {
      while (start < end && isSpace(m.text[start])) start += 1;
      while (end > start && isSpace(m.text[end - 1])) end -= 1;
      if (end > start) found.push([start, end]);
    };
    if (window.Intl && Intl.Segmenter) {
      const segmenter = new Intl.Segmenter(document.documentElement.lang || "en", { granularity: "sentence" });
      for (const piece of segmenter.segment(m.text)) push(piece.index, piece.index + piece.segment.length);
    } else {
      const pattern = /[^.!?\n]+[.!?]*/g;
      let match;
      while ((match = pattern.exec(m.text))) push(match.index, match.index + match[0].length);
    }
    m.sentences = found;
    return found;
  }

  // Where a start or an end goes one word or one sentence on, or null if it cannot.
  function moved(span, edge, by, step) {
    const text = textModel().text;
    let at = span[edge];
    if (by === "word") {
      if (edge === "start" && step < 0) {
        while (at > 0 && isSpace(text[at - 1])) at -= 1;
        while (at > 0 && !isSpace(text[at - 1])) at -= 1;
      } else if (edge === "start") {
        while (at < text.length && !isSpace(text[at])) at += 1;
        while (at < text.length && isSpace(text[at])) at += 1;
      } else if (step < 0) {
        while (at > 0 && isSpace(text[at - 1])) at -= 1;
        while (at > 0 && !isSpace(text[at - 1])) at -= 1;
        while (at > 0 && isSpace(text[at - 1])) at -= 1;
      } else {
        while (at < text.length && isSpace(text[at])) at += 1;
        while (at < text.length && !isSpace(text[at])) at += 1;
      }
    } else {
      const bounds = sentences().map(function (s) { return edge === "start" ? s[0] : s[1]; });
      const candidates = bounds.filter(function (b) { return step < 0 ? b < at : b > at; });
      if (!candidates.length) return null;
      at = step < 0 ? Math.max.apply(null, candidates) : Math.min.apply(null, candidates);
    }
    const next = edge === "start" ? { start: at, end: span.end } : { start: span.start, end: at };
    if (next.start >= next.end || next[edge] === span[edge]) return null;
    return next;
  }

  // Why the server would refuse the span, or "": it overlaps another claim (not a
  // dismissed one), or it is exactly a dismissed claim (whose Undo brings it back).
  function clash(span, except) {
    let why = "";
    Array.from(body.querySelectorAll(".claim")).some(function (el) {
      if (el.dataset.claim === except) return false;
      const start = unitOf(Number(el.dataset.start));
      const end = unitOf(Number(el.dataset.end));
      if (el.dataset.status === "dismissed") {
        if (start === span.start && end === span.end) {
          why = "it is exactly a dismissed claim: open that one and undo the dismissal, or change the span";
        }
        return false;
      }
      if (start < span.end && end > span.start) why = "it would overlap another claim, so it cannot be saved";
      return Boolean(why) && why.indexOf("overlap") !== -1;
    });
    return why;
  }

  function overlaps(span, except) { return clash(span, except).indexOf("overlap") !== -1; }

  function words(text, count, fromEnd) {
    const list = text.trim().split(/\s+/);
    if (list.length <= count) return text.trim();
    return fromEnd ? "…" + list.slice(-count).join(" ") : list.slice(0, count).join(" ") + "…";
  }

  // The DOM point of a unit offset in the body's text nodes.
  function domPoint(unit) {
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let seen = 0;
    let node = walker.nextNode();
    while (node) {
      if (unit <= seen + node.length) return { node: node, offset: unit - seen };
      seen += node.length;
      node = walker.nextNode();
    }
    return { node: body, offset: body.childNodes.length };
  }

  function rangeOf(span) {
    const range = document.createRange();
    const start = domPoint(span.start);
    const end = domPoint(span.end);
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    return range;
  }

  function highlight(span) {
    if (!window.CSS || !CSS.highlights || !window.Highlight) return;
    if (!span) {
      CSS.highlights.delete("span-proposal");
      return;
    }
    const range = rangeOf(span);
    CSS.highlights.set("span-proposal", new Highlight(range));
    const rect = range.getBoundingClientRect();
    if (rect.bottom < 0 || rect.top > window.innerHeight) {
      window.scrollBy(0, rect.top - window.innerHeight / 3);
    }
  }

  function setUpEditor(form) {
    // Moving the open claim may overlap its own old span; adding may overlap none.
    const selected = document.querySelector(".article .body .claim.selected");
    const except = form.dataset.add === undefined && selected ? selected.dataset.claim : null;
    const initial = form.dataset.start ? { start: unitOf(Number(form.dataset.start)), end: unitOf(Number(form.dataset.end)) } : null;
    const preview = form.querySelector("[data-preview]");
    const submit = form.querySelector("[data-span-submit]");
    let span = initial;

    function render(warning) {
      const text = span ? textModel().text.slice(span.start, span.end) : "";
      if (preview) preview.textContent = span ? "“" + text + "”" + (warning ? " — " + warning : "") : "";
      form.querySelector("[name=start]").value = span ? pointOf(span.start) : "";
      form.querySelector("[name=end]").value = span ? pointOf(span.end) : "";
      const changed = span && (!initial || span.start !== initial.start || span.end !== initial.end);
      if (submit) submit.disabled = !changed || Boolean(warning);
    }

    function set(next, said) {
      span = next;
      const why = span ? clash(span, except) : "";
      render(why);
      highlight(span);
      if (said || why) announce((said ? said + " " : "") + (why ? "Warning: " + why + "." : ""));
    }

    form.addEventListener("click", function (event) {
      const button = event.target.closest("[data-move]");
      if (!button) return;
      event.preventDefault();
      const edge = button.dataset.move;
      const by = button.dataset.by;
      const step = Number(button.dataset.step);
      const where = (step < 0 ? "earlier" : "later");
      if (!span) {
        announce("Choose a sentence first.");
        return;
      }
      const next = moved(span, edge, by, step);
      if (!next) {
        announce("The " + edge + " cannot move one " + by + " " + where + ".");
        return;
      }
      const text = textModel().text.slice(next.start, next.end);
      set(next, edge === "start" ? "Now starts: “" + words(text, 6, false) + "”." : "Now ends: “" + words(text, 6, true) + "”.");
    });

    form.addEventListener("submit", function (event) {
      if (!span || (submit && submit.disabled)) event.preventDefault();
    });

    const list = form.querySelector("[data-sentence-select]");
    if (list) setUpSentenceList(form, list, function (next) { set(next, ""); });
    render("");
  }

  // The passages no claim covers (a dismissed claim covers nothing), sentence by sentence: whole
  // sentences, and what is left of a sentence around its claims. Listed on first opening.
  function freePassages() {
    const text = textModel().text;
    const taken = Array.from(body.querySelectorAll(".claim")).filter(function (el) {
      return el.dataset.status !== "dismissed";
    }).map(function (el) {
      return [unitOf(Number(el.dataset.start)), unitOf(Number(el.dataset.end))];
    });
    const free = [];
    sentences().forEach(function (sentence) {
      let pieces = [sentence];
      taken.forEach(function (claim) {
        pieces = pieces.flatMap(function (p) {
          if (claim[1] <= p[0] || claim[0] >= p[1]) return [p];
          return [[p[0], Math.max(p[0], claim[0])], [Math.min(p[1], claim[1]), p[1]]];
        });
      });
      pieces.forEach(function (p) {
        let start = p[0];
        let end = p[1];
        while (start < end && isSpace(text[start])) start += 1;
        while (end > start && isSpace(text[end - 1])) end -= 1;
        if (/[\p{L}\p{N}]/u.test(text.slice(start, end))) free.push([start, end]);
      });
    });
    return free;
  }

  function setUpSentenceList(form, list, choose) {
    const details = form.closest("details");
    let free = [];
    function fill() {
      free = freePassages();
      list.textContent = "";
      if (!free.length) {
        const none = new Option("All the text is in claims: dismiss one first, or select text in the article", "");
        none.disabled = true;
        list.add(none);
        announce("All the text is in claims.");
        return;
      }
      const text = textModel().text;
      free.forEach(function (s, i) {
        const passage = text.slice(s[0], s[1]);
        list.add(new Option(passage.length > 110 ? passage.slice(0, 107) + "…" : passage, String(i)));
      });
      // The first free passage after the open claim, if any.
      const selected = document.querySelector(".article .body .claim.selected");
      const after = selected ? unitOf(Number(selected.dataset.end)) : 0;
      const index = Math.max(0, free.findIndex(function (s) { return s[0] >= after; }));
      list.value = String(index);
      announce(free.length + (free.length === 1 ? " passage" : " passages") + " no claim covers; the list is ready.");
      choose({ start: free[index][0], end: free[index][1] });
    }
    list.addEventListener("change", function () {
      const s = free[Number(list.value)];
      if (s) choose({ start: s[0], end: s[1] });
    });
    if (details) {
      details.addEventListener("toggle", function () { if (details.open && !free.length) fill(); });
      if (details.open) fill();
    } else {
      fill();
    }
  }

  function setUpSplitList(list) {
    const form = list.closest("form");
    const at = form.querySelector("[name=at]");
    const button = form.querySelector("button[type=submit]");
    list.addEventListener("change", function () {
      at.value = list.value;
      button.disabled = !list.value;
      if (list.value) {
        const text = textModel().text;
        const cut = unitOf(Number(list.value));
        const start = unitOf(Number(form.dataset.start));
        const end = unitOf(Number(form.dataset.end));
        highlight({ start: start, end: cut });
        announce("First part ends: “" + words(text.slice(start, cut), 5, true) + "”; second part starts: “" +
          words(text.slice(cut, end), 5, false) + "”.");
      }
    });
  }

  document.querySelectorAll("form[data-span-editor]").forEach(setUpEditor);
  document.querySelectorAll("select[data-split-select]").forEach(setUpSplitList);
})();
