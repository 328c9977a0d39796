"""The review panel never hides the form: on the longest seed article and on a 200,000-character article,
the verdict form and Next claim of every claim opened are in the window at 1280×800, inside the panel's
visible part, with the claim focused in the text and in view too.

The 200,000-character article has about 1,400 claims; opening each takes about a second, so the suite opens
a spread of them (the first and last two, the three longest, two of page chrome, and every 200th);
A11Y_EVERY_CLAIM=1 opens every one (docs/accessibility.md gives the figures of a full run).
"""

import os

import pytest
from django.db import transaction

from annotations.models import Claim
from annotations.services import articles

from .a11y import focus_in_view
from .conftest import screenshot

pytestmark = pytest.mark.browser

IN_VIEW = """() => {
  const panel = document.getElementById("panel").getBoundingClientRect();
  const nav = document.querySelector("#panel .claim-nav").getBoundingClientRect();
  const form = document.getElementById("verdict-form").getBoundingClientRect();
  const next = document.getElementById("next-claim").getBoundingClientRect();
  return {
    form: [Math.round(form.top), Math.round(form.bottom)], panel: [Math.round(panel.top), Math.round(panel.bottom)],
    navTop: Math.round(nav.top), next: [Math.round(next.top), Math.round(next.bottom)], height: innerHeight,
    formInView: form.top >= Math.max(panel.top, 0) && form.bottom <= Math.min(nav.top, innerHeight),
    nextInView: next.top >= 0 && next.bottom <= innerHeight,
  };
}"""


def long_body(seed_texts, length=200_000):
    """Seed articles one after another, numbered, cut at ``length`` characters (at a line end)."""
    parts, n = ["A Long Record Of The Year\n"], 0
    texts = list(seed_texts.values())
    while sum(map(len, parts)) < length:
        parts.append(f"\nPart {n + 1}.\n\n" + texts[n % len(texts)])
        n += 1
    body = "".join(parts)[:length]
    return body[:body.rindex("\n") + 1]


def spread(claims):
    if os.environ.get("A11Y_EVERY_CLAIM") == "1":
        return claims
    longest = sorted(claims, key=lambda c: -len(c.text))[:3]
    chrome = [c for c in claims if c.kind == Claim.Kind.BOILERPLATE][:2]
    picked = {c.pk: c for c in [*claims[:2], *claims[-2:], *longest, *chrome, *claims[::200]]}
    return sorted(picked.values(), key=lambda c: c.start)


def check_every_claim(page, claims, label):
    misses = []
    for claim in claims:
        page.goto(f"/articles/{claim.article_id}/?claim={claim.pk}#claim-{claim.pk}")
        page.locator("#presence-mine").wait_for()  # the first renewal may add a line above the form
        page.wait_for_timeout(50)
        where = page.evaluate(IN_VIEW)
        if not (where["formInView"] and where["nextInView"]):
            misses.append(f"claim {claim.pk} ({len(claim.text)} characters, {claim.kind}): {where}")
            screenshot(page, f"panel-hides-form-{claim.pk}", full_page=False)
        focused = focus_in_view(page)
        assert focused["id"] == f"claim-{claim.pk}", f"{label}: the opened claim has focus"
    assert misses == [], f"{label}: the verdict form or Next claim is out of view for " + "\n".join(misses)


def test_every_claim_of_the_longest_seed_article_opens_with_its_verdict_form_in_view(
    sign_in, reviewer_a, transactional_db, django_capture_on_commit_callbacks, seed_texts, default_ratings
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = [articles.article_create(body=body) for body in seed_texts.values()]
    longest = max(created, key=lambda article: len(article.body))
    claims = list(longest.claims.exclude(status=Claim.Status.DISMISSED).order_by("start"))
    assert len(claims) > 20
    page = sign_in(reviewer_a, width=1280, height=800)
    check_every_claim(page, claims, "longest seed article")
    screenshot(page, "panel-fits-longest-seed", full_page=False)


def test_claims_of_a_200000_character_article_open_with_their_verdict_form_in_view(
    sign_in, reviewer_a, transactional_db, django_capture_on_commit_callbacks, seed_texts, default_ratings
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=long_body(seed_texts))
    assert len(article.body) > 199_000
    # The seeds repeat, so most sentences are duplicates of their first telling, rated with it (no form
    # of their own): the claims that take a verdict are the first tellings, spread over the whole text.
    claims = list(article.claims.exclude(status__in=[Claim.Status.DISMISSED, Claim.Status.DUPLICATE])
                  .order_by("start"))
    assert claims[-1].start > 150_000
    page = sign_in(reviewer_a, width=1280, height=800)
    check_every_claim(page, spread(claims), "200,000-character article")
    screenshot(page, "panel-fits-200k", full_page=False)
