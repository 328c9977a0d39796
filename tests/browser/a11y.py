"""Checks the accessibility tests share: axe-core in the page, what the live regions said, where focus is.

axe-core is vendored for the tests only (tests/browser/vendor/README.md: version, licence, origin) and
injected with ``page.add_script_tag(path=...)``, which adds an inline script: contexts that run it are
opened with ``bypass_csp=True``, since the app's Content-Security-Policy (rightly) refuses inline scripts.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
# WCAG 2.2 level A and AA, as axe tags them (2.0, 2.1 and 2.2 rules).
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")

# Sizes every page is checked at: a desktop, the same desktop zoomed to 200 %, a phone, and the narrowest width
# WCAG's reflow criterion names (320 CSS px). Zooming a 1280×800 window to 200 % leaves a 640×400 CSS-pixel
# viewport at twice the density; layout, media queries and every rule axe checks work in CSS pixels, so the
# tests resize one page to 640×400 rather than open a new context at a device scale factor of 2.
DESKTOP = {"width": 1280, "height": 800}
ZOOM_200 = {"width": 640, "height": 400}
PHONE = {"width": 390, "height": 844}
REFLOW = {"width": 320, "height": 640}
SIZES = {"1280×800": DESKTOP, "200 % zoom": ZOOM_200, "390×844": PHONE}

RUN_AXE = """async ([tags, preload]) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"], preload};
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page, *, preload=True) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now (open dialogs and panels included).

    ``preload=False`` skips fetching the style sheets again, which only the orientation-lock rule reads: for a
    page already checked at another size (its style sheets are the same at every size)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, [WCAG_22_AA, preload])


def blocking(violations) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def report(where: str, violations) -> list[str]:
    return [f"{where}: {v['impact']} {v['id']} ({v['help']}) at {n['target']}: {n['html']}"
            for v in violations for n in v["nodes"]]


# Every text that appears in a live region (a new region with text counts too), in order. Installed
# before any page script runs, on every page the context opens.
RECORD_LIVE_REGIONS = """(() => {
  window.__spoken = [];
  const LIVE = "[aria-live], [role=status], [role=alert], [role=log]";
  const live = (node) => node && node.nodeType === 1 && node.closest && node.closest(LIVE);
  const seen = new WeakMap();
  function note(region) {
    if (region.closest("[aria-live=off]")) return;
    const text = region.textContent.replace(/\\s+/g, " ").trim();
    if (text && seen.get(region) !== text) window.__spoken.push(text);
    seen.set(region, text);
  }
  const observer = new MutationObserver((records) => {
    const touched = new Set();
    for (const record of records) {
      const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      const region = live(target);
      if (region) touched.add(region);
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && node.matches(LIVE)) touched.add(node);
        if (node.nodeType === 1) node.querySelectorAll(LIVE).forEach((inner) => touched.add(inner));
      }
    }
    touched.forEach(note);
  });
  const start = () => {
    const text = (region) => region.textContent.replace(/\\s+/g, " ").trim();
    document.querySelectorAll(LIVE).forEach((region) => seen.set(region, text(region)));
    observer.observe(document.documentElement, {childList: true, subtree: true, characterData: true});
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, {once: true});
  else start();
})();"""


def record_live_regions(context) -> None:
    context.add_init_script(RECORD_LIVE_REGIONS)


def spoken(page) -> list[str]:
    return page.evaluate("() => window.__spoken || []")


def spoken_once(page, text: str, timeout: float = 5_000) -> None:
    """Wait until ``text`` was spoken from a live region, then check it was spoken exactly once."""
    page.wait_for_function("(text) => (window.__spoken || []).some((said) => said.includes(text))", arg=text,
                           timeout=timeout)
    page.wait_for_timeout(400)  # a second utterance of the same outcome would come within this moment
    times = sum(text in said for said in spoken(page))
    assert times == 1, f"{text!r} spoken {times} times: {spoken(page)}"


def focus_in_view(page) -> dict:
    """The focused element, which must be visible and inside the window (and inside any box that clips it)."""
    where = page.evaluate("""() => {
      const el = document.activeElement;
      if (!el || el === document.body) return {tag: "BODY"};
      const box = el.getBoundingClientRect();
      let visible = box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 &&
        box.bottom <= window.innerHeight && box.right <= window.innerWidth;
      for (let up = el.parentElement; up && visible; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (/(auto|scroll|hidden)/.test(style.overflowY + style.overflowX)) {
          const clip = up.getBoundingClientRect();
          visible = box.top >= clip.top - 1 && box.bottom <= clip.bottom + 1;
        }
      }
      // Not hidden under something sticky either (WCAG 2.4.11): some point of it is on top. (A claim
      // wraps over lines: the points are taken in its first line box.)
      const first = el.getClientRects()[0] || box;
      const points = [[first.left + first.width / 2, first.top + first.height / 2], [first.left + 2, first.top + 2],
                      [first.right - 2, first.bottom - 2]];
      const onTop = points.some(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return hit && (hit === el || el.contains(hit));
      });
      return {tag: el.tagName, id: el.id, text: (el.textContent || el.value || "").trim().slice(0, 60),
              top: box.top, bottom: box.bottom, visible: visible && onTop};
    }""")
    assert where["tag"] != "BODY", "focus fell to <body>"
    assert where["visible"], f"the focused element is outside the visible area: {where}"
    return where
