// What every page does for keyboard and screen-reader users after an action:
// - speaks outcomes from two live regions that are in the page from the start
//   (#live-status, polite; #live-alert, assertive). A region swapped in with its
//   text is not reliably announced, so swapped fragments carry no live roles;
//   they mark their outcome with data-outcome and this script speaks it once.
// - after a form sent by htmx, moves focus to where the work goes on inside
//   what was swapped (never onto the outcome text, which would then be spoken
//   twice), and keeps it in view.
// - on page load, speaks the flash messages and focuses an error summary.
(function () {
  "use strict";

  const recent = new Map(); // message -> when it was last spoken
  const pending = { "live-status": [], "live-alert": [] };
  const timers = {};

  // One utterance per meaningful change. Messages asked for within one moment (a
  // page's flash message and the claim it opened) are spoken together; the same
  // message asked for twice within a moment (two events of one swap) once.
  function announce(text, options) {
    const message = (text || "").replace(/\s+/g, " ").trim();
    if (!message) return;
    const now = Date.now();
    if (now - (recent.get(message) || 0) < 1500) return;
    recent.set(message, now);
    const id = options && options.urgent ? "live-alert" : "live-status";
    const region = document.getElementById(id);
    if (!region) return;
    pending[id].push(message);
    if (timers[id]) return;
    // Emptied first and filled a little later, so a repeated message is a change again.
    region.textContent = "";
    timers[id] = window.setTimeout(function () {
      region.textContent = pending[id].join(" ");
      pending[id] = [];
      timers[id] = 0;
    }, 150);
  }

  function textOf(element) {
    return (element.dataset.announce || element.textContent || "").replace(/\s+/g, " ").trim();
  }

  // Focus without letting the browser scroll the element to an edge, then bring
  // it into view the least possible amount (the panel scrolls inside itself).
  function focusInView(element) {
    if (!element) return;
    if (!element.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function labelFor(field) {
    if (field.labels && field.labels.length) return field.labels[0].textContent;
    const group = field.closest("fieldset");
    const legend = group && group.querySelector("legend");
    return legend ? legend.textContent : field.name;
  }

  const FIELDS = "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])";

  // After a form htmx sent: speak the outcome (a data-outcome notice or error, or
  // the errors of the fields) from the live regions, and move focus to where the
  // work goes on: the first field in error, the first field of a refused form, or
  // the control the fragment marks (data-focus-after), else its heading. Focus
  // never lands on the outcome text itself, which would have it spoken twice.
  function reportOutcome(root) {
    const outcome = root.querySelector("[data-outcome]");
    const invalid = root.querySelector("[aria-invalid=true]");
    let message = "";
    let urgent = false;
    if (outcome) {
      message = textOf(outcome);
      urgent = outcome.dataset.outcome === "error";
    } else if (invalid) {
      const errors = Array.from(root.querySelectorAll(".errorlist")).map(textOf).join(" ");
      message = "Not saved. " + labelFor(invalid).replace(/\s+/g, " ").trim() + ": " + errors;
      urgent = true;
    }
    const refused = urgent && outcome && outcome.closest("form");
    const target = invalid || (refused && refused.querySelector(FIELDS)) || root.querySelector("[data-focus-after]") ||
      root.querySelector("h2, h3, h4") || root;
    focusInView(target);
    if (message) announce(message, { urgent: urgent });
  }

  const handled = new WeakSet();

  document.addEventListener("htmx:afterSettle", function (event) {
    const detail = event.detail;
    const config = detail.requestConfig;
    if (!detail.xhr || handled.has(detail.xhr) || !config || !config.elt) return;
    // Only what a person sent with a form: autosave, polling and lazy loads move no focus.
    if (config.elt.tagName !== "FORM" || (config.verb || "").toLowerCase() !== "post") return;
    handled.add(detail.xhr);
    const targetId = config.target && config.target.id;
    const root = (targetId && document.getElementById(targetId)) || document.getElementById("main");
    if (root) reportOutcome(root);
  });

  // A data table wider than the screen scrolls in its own box (the page never
  // does): that box then takes focus, so arrow keys scroll it, and has a name.
  function scrollRegions() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.dataset.scrollLabel || "Table, scrolls sideways");
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  window.addEventListener("resize", scrollRegions);

  // A control reached by keyboard is brought wholly into view: the browser stops
  // scrolling once part of it shows, which can leave a field's lower half off screen.
  document.addEventListener("focusin", function (event) {
    const element = event.target;
    if (!element.matches || !element.matches(":focus-visible") || element === document.body) return;
    const box = element.getBoundingClientRect();
    if (box.height > window.innerHeight * 0.8) return; // the panel, the text: nothing to do
    if (box.top < 0 || box.bottom > window.innerHeight || box.left < 0 || box.right > window.innerWidth) {
      element.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    scrollRegions();
    const messages = document.getElementById("messages");
    if (messages) {
      const error = messages.querySelector(".error");
      announce(textOf(messages), { urgent: Boolean(error) });
    }
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
      focusInView(summary);
    }
  });

  window.desk = Object.assign(window.desk || {}, { announce: announce, focusInView: focusInView });
})();
