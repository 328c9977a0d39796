// The article page by keyboard: claims in the text as links (Enter opens one;
// on the open one, Enter goes to its panel), the person's shortcuts (off,
// another key, or a modifier: #keyboard-config, set in Settings) acting only
// while focus is in the article or the panel, Esc to step out of a field, the
// help overlay, what is spoken once (the claim opened, a new holder, the first
// draft save, a change of split state), keeping the verdict form in view when a
// claim opens, and dropping the presence mark when the page is left.
(function () {
  "use strict";

  // This page view's name for its presence mark. Set now, before htmx's first
  // (on load) renewal, which runs at DOMContentLoaded after this deferred script.
  const view = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const viewField = document.getElementById("presence-view");
  if (viewField) viewField.value = view;

  const DEFAULTS = { enabled: true, modifier: "", keys: { next_in_article: "j", prev_in_article: "k",
    next_in_queue: "n", rationale: "r", evidence: "e", help: "?" } };

  function readConfig() {
    const node = document.getElementById("keyboard-config");
    try {
      return node ? JSON.parse(node.textContent) : DEFAULTS;
    } catch (error) {
      return DEFAULTS;
    }
  }
  const config = readConfig();

  function announce(text, options) {
    if (window.desk && window.desk.announce) window.desk.announce(text, options);
  }

  function focusInView(element) {
    if (window.desk && window.desk.focusInView) window.desk.focusInView(element);
    else if (element) element.focus();
  }

  function typing(target) {
    if (!target || !target.closest) return false;
    if (target.isContentEditable) return true;
    const field = target.closest("textarea, select, input");
    if (!field) return false;
    // Radio buttons and checkboxes take no text: the rating keys still work there.
    return !(field.tagName === "INPUT" && (field.type === "radio" || field.type === "checkbox"));
  }

  function body() { return document.querySelector(".article .body"); }

  // Every passage in reading order, page chrome included; dismissed ones are no work left.
  function claims() {
    return Array.from(document.querySelectorAll(".article .body .claim")).filter(function (el) {
      return el.dataset.status !== "dismissed";
    });
  }

  function selectedClaim() { return document.querySelector(".article .body .claim.selected"); }

  function claimUrl(id) {
    const url = new URL(window.location.href);
    url.searchParams.set("claim", id);
    url.hash = "claim-" + id;
    return url.toString();
  }

  // The next (step 1) or previous (-1) passage that is still work, from the claim
  // that has focus in the text, else from the open one, else from the start or the end.
  function neighbour(step, from) {
    const all = Array.from(document.querySelectorAll(".article .body .claim"));
    const active = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest(".article .body .claim");
    const origin = from || active || selectedClaim();
    let at = origin ? all.indexOf(origin) : (step > 0 ? -1 : all.length);
    for (at += step; at >= 0 && at < all.length; at += step) {
      if (all[at].dataset.status !== "dismissed") return all[at];
    }
    return null;
  }

  function setUpNav() {
    const selected = selectedClaim();
    if (!selected) return;
    [["next-in-article", 1], ["prev-in-article", -1]].forEach(function (pair) {
      const link = document.getElementById(pair[0]);
      const target = neighbour(pair[1], selected);
      if (link && target) {
        link.href = claimUrl(target.dataset.claim);
        link.hidden = false;
      }
    });
  }

  function open(claim) {
    if (claim) window.location.assign(claimUrl(claim.dataset.claim));
  }

  // Where the work on the open claim starts: dismissing page chrome, else its rating.
  function panelStart() {
    const selected = selectedClaim();
    const dismiss = document.getElementById("dismiss-reason");
    if (selected && selected.classList.contains("claim-boilerplate") && dismiss && !dismiss.closest("details:not([open])")) {
      return dismiss;
    }
    const form = document.getElementById("verdict-form");
    const rating = form && (form.querySelector("input[name=rating]:checked") || form.querySelector("input[name=rating]"));
    return rating || document.querySelector("#review-panel [data-outcome], #dismissal button, #covered-by, #published-note") ||
      document.getElementById("panel");
  }

  function pickRating(n) {
    const radios = document.querySelectorAll("#verdict-form input[type=radio][name=rating]");
    const radio = radios[n - 1];
    if (!radio) return false;
    radio.checked = true;
    focusInView(radio);
    return true;
  }

  function focusEvidence() {
    const details = document.getElementById("add-evidence");
    if (!details) return false;
    details.open = true;
    focusInView(details.querySelector("input:not([type=hidden]), textarea, select"));
    return true;
  }

  function openHelp() {
    const dialog = document.getElementById("keys-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // Whether the event is this shortcut key with exactly the chosen modifier. With a
  // modifier, letters and digits are compared by physical key (Alt changes event.key on macOS).
  function pressed(event, key) {
    const wanted = config.modifier || "";
    const alt = wanted.indexOf("alt") !== -1;
    const ctrl = wanted.indexOf("ctrl") !== -1;
    if (event.altKey !== alt || event.ctrlKey !== ctrl || event.metaKey) return false;
    if (!wanted) return event.key === key;
    if (/^[a-z]$/.test(key)) return event.code === "Key" + key.toUpperCase();
    if (/^[0-9]$/.test(key)) return event.code === "Digit" + key;
    return event.key === key;
  }

  function ratingKey(event) {
    for (let n = 1; n <= 9; n += 1) {
      if (pressed(event, String(n))) return n;
    }
    return 0;
  }

  const ACTIONS = {
    next_in_article: function () { const target = neighbour(1); open(target); return Boolean(target); },
    prev_in_article: function () { const target = neighbour(-1); open(target); return Boolean(target); },
    next_in_queue: function () {
      const next = document.getElementById("next-claim");
      if (next) next.click();
      return Boolean(next);
    },
    rationale: function () {
      const field = document.getElementById("id_rationale");
      if (field) focusInView(field);
      return Boolean(field);
    },
    evidence: focusEvidence,
    help: function () { openHelp(); return true; },
  };

  // Esc steps out: from a field of the panel to the panel (shortcuts work again), from the panel to the claim.
  function escape(event) {
    const panel = document.getElementById("panel");
    if (!panel || !panel.contains(event.target)) return false;
    if (typing(event.target)) {
      focusInView(panel);
      return true;
    }
    const selected = selectedClaim();
    if (!selected) return false;
    focusInView(selected);
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented) return;
    const dialog = document.getElementById("keys-help");
    if (dialog && dialog.open) return; // the dialog handles Esc itself
    const scope = event.target.closest && event.target.closest("[data-shortcut-scope]");
    if (!scope) return;
    if (event.key === "Escape") {
      if (escape(event)) event.preventDefault();
      return;
    }
    if (!config.enabled || typing(event.target)) return;
    let handled = false;
    const n = ratingKey(event);
    if (n) handled = pickRating(n);
    else {
      Object.keys(ACTIONS).some(function (action) {
        if (!pressed(event, config.keys[action])) return false;
        handled = ACTIONS[action]();
        return true;
      });
    }
    if (handled) event.preventDefault();
  });

  // A claim in the text is a link: Enter opens it; on the open claim, Enter goes to its panel.
  function onClaimKey(event) {
    const claim = event.target.closest && event.target.closest(".claim");
    if (!claim || event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (claim.classList.contains("selected")) focusInView(panelStart());
    else open(claim);
  }

  // Clicking a highlighted claim opens it in the panel. A click inside the
  // selected claim places the split caret, and a click that ends a text
  // selection is for the span forms: neither navigates.
  function openClickedClaim(event) {
    const target = event.target.closest && event.target.closest(".article .body .claim");
    if (!target || target.classList.contains("selected")) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    open(target);
  }

  // Type, score and state of the claim that has keyboard focus, shown under it (its
  // accessible name already says them, so the tip is hidden from screen readers).
  // Only on focus: it never covers text under the pointer, and Esc hides it (WCAG 1.4.13).
  const tip = document.getElementById("claim-tip");

  function showTip(claim) {
    const about = document.getElementById("about-" + claim.dataset.claim);
    if (!tip || !about || !claim.matches(":focus-visible")) return;
    const text = about.textContent;
    tip.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    tip.hidden = false;
    tip.style.left = "0px"; // measured at the left edge, where nothing narrows it
    const rects = claim.getClientRects();
    const rect = rects[rects.length - 1] || claim.getBoundingClientRect();
    const maxLeft = document.documentElement.clientWidth - tip.offsetWidth - 4;
    tip.style.top = (rect.bottom + window.scrollY + 6) + "px";
    tip.style.left = Math.max(4, Math.min(rect.left, maxLeft)) + window.scrollX + "px";
  }

  function hideTip() { if (tip) tip.hidden = true; }

  function setUpTips(text) {
    text.addEventListener("focusin", function (event) {
      const claim = event.target.closest(".claim");
      if (claim) showTip(claim);
    });
    text.addEventListener("focusout", hideTip);
    text.addEventListener("mousedown", hideTip);
    text.addEventListener("scroll", hideTip, { passive: true });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && tip && !tip.hidden) { hideTip(); event.preventDefault(); }
    });
    // Placed in page pixels when shown: after a zoom or a turned phone it would stand where the
    // claim was, past the window's edge (the page then scrolled sideways at 320 px).
    window.addEventListener("resize", function () {
      if (!tip || tip.hidden) return;
      const claim = document.activeElement && document.activeElement.closest && document.activeElement.closest(".claim");
      hideTip();
      if (claim && text.contains(claim)) showTip(claim);
    });
  }

  // Below 900 px the text scrolls in its own box: then it takes focus, so arrow keys can scroll it.
  function keepScrollBoxFocusable(text) {
    const update = function () {
      if (text.scrollHeight > text.clientHeight + 1) text.setAttribute("tabindex", "0");
      else text.removeAttribute("tabindex");
    };
    update();
    window.addEventListener("resize", update);
  }

  // Beside the text, the panel sticks to the top of the window and its body scrolls
  // inside it, above the claim navigation. Until it sticks (the page scrolled to its
  // top) it starts lower: its height follows, so the navigation is always on screen.
  function fitPanel() {
    const panel = document.getElementById("panel");
    if (!panel) return;
    if (getComputedStyle(panel).position !== "sticky") {
      panel.style.maxHeight = "";
      return;
    }
    const top = Math.max(panel.getBoundingClientRect().top, 0);
    panel.style.maxHeight = Math.max(window.innerHeight - top - 16, 240) + "px";
  }

  let fitQueued = false;
  function fitPanelSoon() {
    if (fitQueued) return;
    fitQueued = true;
    window.requestAnimationFrame(function () { fitQueued = false; fitPanel(); });
  }

  // Bring the whole verdict form into the panel's view, until the person scrolls
  // the panel or works in it themselves.
  let panelTouched = false;
  function revealVerdictForm() {
    const scroller = document.getElementById("panel-body");
    const form = document.getElementById("verdict-form");
    if (!scroller || !form || panelTouched || getComputedStyle(scroller).overflowY === "visible") return;
    const box = scroller.getBoundingClientRect();
    const rect = form.getBoundingClientRect();
    const bottom = box.bottom - 8;
    if (rect.bottom <= bottom && rect.top >= box.top) return;
    // As little as needed to show its end, never so far that its start leaves the view.
    scroller.scrollTop += Math.min(rect.bottom - bottom, rect.top - box.top - 8);
  }

  // The open claim in the middle of the window (a #claim-N jump puts it at the very top edge).
  function centreClaim(selected) {
    const rect = selected.getBoundingClientRect();
    if (rect.top < 24 || rect.bottom > window.innerHeight - 24) selected.scrollIntoView({ block: "center" });
  }

  function panelJump(event) {
    const link = event.target.closest && event.target.closest(".panel-jump a");
    if (!link) return;
    const target = document.querySelector(link.getAttribute("href"));
    if (!target) return;
    event.preventDefault();
    if (target.tagName === "DETAILS") {
      target.open = true;
      focusInView(target.querySelector("summary"));
    } else {
      focusInView(target);
    }
  }

  function openedAnnouncement(selected) {
    const list = claims();
    const at = list.indexOf(selected);
    if (at === -1) return "";
    return "Claim " + (at + 1) + " of " + list.length + " in this article. Enter goes to its panel.";
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpNav();
    const text = body();
    if (text) {
      text.addEventListener("click", openClickedClaim);
      text.addEventListener("keydown", onClaimKey);
      setUpTips(text);
      keepScrollBoxFocusable(text);
    }
    const button = document.getElementById("keys-help-button");
    if (button) button.addEventListener("click", openHelp);
    const panel = document.getElementById("panel");
    if (panel) {
      panel.addEventListener("click", panelJump);
      panel.addEventListener("focusin", function () { panelTouched = true; });
      panel.addEventListener("wheel", function () { panelTouched = true; }, { passive: true });
      panel.addEventListener("touchmove", function () { panelTouched = true; }, { passive: true });
      window.addEventListener("scroll", fitPanelSoon, { passive: true });
      window.addEventListener("resize", fitPanelSoon);
    }
    const selected = selectedClaim();
    if (selected) {
      selected.focus({ preventScroll: true });
      centreClaim(selected);
      announce(openedAnnouncement(selected));
    } else if (panel && /[?&]claim=/.test(window.location.search)) {
      // The open claim is not in the text (a dismissed claim over it shows there): start at the panel.
      focusInView(document.getElementById("selected-heading"));
    }
    fitPanel();
    revealVerdictForm();
  });

  // The browser's own jump to #claim-N may come after DOMContentLoaded.
  window.addEventListener("load", function () {
    const selected = selectedClaim();
    if (selected) centreClaim(selected);
    fitPanel();
    revealVerdictForm();
  });

  // What is spoken once per change, from swaps that happen without anyone asking.
  let draftSpoken = false;
  let presenceHolder = null;
  let splitState = null;

  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    const id = target && target.id;
    if (id === "draft-status") {
      const error = target.querySelector(".error");
      if (error) announce(error.textContent, { urgent: true });
      // Said once, while the person types (not when leaving the field to submit, which says its own outcome).
      else if (!draftSpoken && target.textContent.trim() && document.activeElement &&
               document.activeElement.id === "id_rationale") {
        draftSpoken = true;
        announce("Your rationale is saved as a draft while you type.");
      }
    } else if (id === "claim-presence") {
      const shown = document.getElementById("presence-shown");
      const holder = document.getElementById("presence-holder");
      const value = shown ? shown.value : "";
      if (presenceHolder !== null && value !== presenceHolder && holder) announce(holder.textContent);
      presenceHolder = value;
      revealVerdictForm(); // the first renewal may have added a line above the form
    } else if (id === "split-state" || (target && target.closest && target.closest("#split-state"))) {
      const box = document.getElementById("split-state");
      const state = box && box.querySelector(".state");
      const now = state ? state.textContent.trim() : "";
      const failed = box && box.querySelector(".error");
      if (splitState !== null && now !== splitState) {
        announce("Split: " + now + "." + (failed ? " " + failed.textContent : ""), { urgent: Boolean(failed) });
      }
      splitState = now;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    const state = document.querySelector("#split-state .state");
    splitState = state ? state.textContent.trim() : null;
    const shown = document.getElementById("presence-shown");
    if (shown && document.getElementById("presence-holder")) presenceHolder = shown.value;
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
