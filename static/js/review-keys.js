// Keyboard shortcuts of the article page, the help overlay, and dropping the
// presence mark when the page is left. Keys are ignored while typing in a field.
(function () {
  "use strict";

  // This page view's name for its presence mark. Set now, before htmx's first
  // (on load) renewal, which runs at DOMContentLoaded after this deferred script.
  const view = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const viewField = document.getElementById("presence-view");
  if (viewField) viewField.value = view;

  function typing(target) {
    if (!target || !target.closest) return false;
    if (target.isContentEditable) return true;
    const field = target.closest("textarea, select, input");
    if (!field) return false;
    // Radio buttons and checkboxes take no text: the rating keys still work there.
    return !(field.tagName === "INPUT" && (field.type === "radio" || field.type === "checkbox"));
  }

  // Claims of the article in reading order; boilerplate and dismissed ones are not review work.
  function claims() {
    return Array.from(document.querySelectorAll(".article .body .claim-claim")).filter(function (el) {
      return el.dataset.status !== "dismissed";
    });
  }

  function claimUrl(id) {
    const url = new URL(window.location.href);
    url.searchParams.set("claim", id);
    url.hash = "claim-" + id;
    return url.toString();
  }

  function neighbour(step) {
    const list = claims();
    const current = list.findIndex(function (el) { return el.classList.contains("selected"); });
    const next = current === -1 ? (step > 0 ? 0 : list.length - 1) : current + step;
    return list[next] || null;
  }

  function setUpNav() {
    [["next-in-article", 1], ["prev-in-article", -1]].forEach(function (pair) {
      const link = document.getElementById(pair[0]);
      const target = neighbour(pair[1]);
      if (link && target) {
        link.href = claimUrl(target.dataset.claim);
        link.hidden = false;
      }
    });
  }

  function go(step) {
    const target = neighbour(step);
    if (target) window.location.assign(claimUrl(target.dataset.claim));
  }

  function pickRating(n) {
    const radios = document.querySelectorAll("#verdict-form input[type=radio][name=rating]");
    const radio = radios[n - 1];
    if (!radio) return;
    radio.checked = true;
    radio.focus();
  }

  function focusEvidence() {
    const details = document.getElementById("add-evidence");
    if (!details) return;
    details.open = true;
    const first = details.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  }

  function openHelp() {
    const dialog = document.getElementById("keys-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (typing(event.target)) return;
    const dialog = document.getElementById("keys-help");
    if (dialog && dialog.open) return; // the dialog handles Esc itself
    const key = event.key;
    let handled = true;
    if (key === "j") go(1);
    else if (key === "k") go(-1);
    else if (key === "n") { const next = document.getElementById("next-claim"); if (next) next.click(); else handled = false; }
    else if (key >= "1" && key <= "9") pickRating(Number(key));
    else if (key === "e") focusEvidence();
    else if (key === "r") { const field = document.getElementById("id_rationale"); if (field) field.focus(); else handled = false; }
    else if (key === "?") openHelp();
    else handled = false;
    if (handled) event.preventDefault();
  });

  // Clicking a highlighted claim opens it in the panel; that is also the only
  // way to reach a boilerplate candidate (j/k skip those) to dismiss it. A click
  // inside the selected claim places the split caret, and a click that ends a
  // text selection is for the span forms: neither navigates.
  function openClickedClaim(event) {
    const target = event.target.closest && event.target.closest(".article .body .claim");
    if (!target || target.classList.contains("selected")) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    window.location.assign(claimUrl(target.dataset.claim));
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpNav();
    const body = document.querySelector(".article .body");
    if (body) body.addEventListener("click", openClickedClaim);
    const button = document.getElementById("keys-help-button");
    if (button) button.addEventListener("click", openHelp);
  });

  // After a save swaps the panel, the control that was used is gone: put focus
  // on the outcome (saved, refused, errors) so keyboard and screen-reader users keep their place.
  document.addEventListener("htmx:afterSettle", function (event) {
    const config = event.detail.requestConfig;
    const source = config && config.elt && config.elt.id;
    const section = source === "verdict-form" ? "review-panel" : source === "evidence-form" ? "evidence-section" : null;
    const root = section && document.getElementById(section);
    if (!root) return;
    const outcome = root.querySelector("[role=alert], .errorlist, [role=status]");
    if (!outcome) return;
    outcome.setAttribute("tabindex", "-1");
    outcome.focus();
  });

  // Leaving the page drops my presence at once instead of after it expires.
  window.addEventListener("pagehide", function () {
    const presence = document.getElementById("claim-presence");
    const token = document.querySelector("[name=csrfmiddlewaretoken]");
    if (!presence || !token || !navigator.sendBeacon) return;
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    data.append("leave", "1");
    data.append("view", view);
    navigator.sendBeacon(presence.dataset.leaveUrl, data);
  });
})();
