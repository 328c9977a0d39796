"""Two reviewers on one claim in two browser contexts: blind review, no lost work."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from annotations.models import Claim, Verdict
from annotations.services import articles

from .conftest import screenshot

pytestmark = pytest.mark.browser

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


def choose(page, label, rationale):
    page.get_by_label(label, exact=True).check()
    page.fill("#verdict-form textarea", rationale)
    page.click("#verdict-form button[type=submit]")


def test_two_reviewers_see_each_others_verdicts_only_after_submitting_and_a_stale_edit_is_refused(
    sign_in, reviewer_a, reviewer_b, transactional_db, django_capture_on_commit_callbacks, default_ratings
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()
    url = f"/articles/{article.pk}/?claim={claim.pk}"
    page_a, page_b = sign_in(reviewer_a), sign_in(reviewer_b)
    page_a.goto(url)
    page_b.goto(url)

    choose(page_a, "Mostly true", "A: the budget papers say so.")
    page_a.locator("#panel-status >> text=Verdict saved.").wait_for()
    assert page_a.locator("#other-verdicts").inner_text() == "No other verdicts yet."
    assert page_b.locator("#others-hidden").is_visible()
    assert "A: the budget papers" not in page_b.content()

    choose(page_b, "False", "B: the jobs figure is wrong.")
    page_b.locator("#panel-status >> text=Verdict saved.").wait_for()
    assert "Mostly true by reviewer_a" in page_b.locator("#other-verdicts").inner_text()
    page_a.reload()
    assert "False by reviewer_b" in page_a.locator("#other-verdicts").inner_text()

    # reviewer_a edits in a second tab, then saves from the first, now stale, tab.
    stale = page_a.context.new_page()
    stale.goto(url)
    choose(page_a, "Half true", "A: updated after reading B.")
    page_a.locator("#panel-status >> text=Verdict saved.").wait_for()
    choose(stale, "True", "A: from an old tab.")
    alert = stale.locator("#verdict-conflict")
    alert.wait_for()
    # Spoken at once from the assertive live region that was in the page before the swap.
    assert alert.get_attribute("data-outcome") == "error"
    expect(stale.locator("#live-alert")).to_contain_text("Not saved. This verdict was changed since you read it")
    assert "This verdict was changed since you read it" in alert.inner_text()
    # What is stored now, beside what was typed; the typed text stays in the form, next to the message.
    assert stale.locator("#conflict-stored-rationale").inner_text() == "A: updated after reading B."
    assert stale.locator("#conflict-yours-rationale").inner_text() == "A: from an old tab."
    assert stale.locator("#verdict-form textarea").input_value() == "A: from an old tab."
    assert stale.get_by_label("True", exact=True).is_checked()
    assert alert.is_visible() and alert.bounding_box()["y"] < stale.locator("#verdict-form").bounding_box()["y"]
    screenshot(stale, "verdict-conflict")

    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer_a)
    assert (verdict.rating.label, verdict.rationale, verdict.version) == ("Half true", "A: updated after reading B.", 2)
    # Submitting again, having seen both, replaces the stored verdict deliberately.
    stale.click("#verdict-form button[type=submit]")
    stale.locator("#panel-status >> text=Verdict saved.").wait_for()
    verdict.refresh_from_db()
    assert (verdict.rating.label, verdict.rationale, verdict.version) == ("True", "A: from an old tab.", 3)


def test_the_claims_status_line_follows_the_verdicts_without_a_reload(
    sign_in, reviewer_a, reviewer_b, transactional_db, django_capture_on_commit_callbacks, default_ratings
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()
    url = f"/articles/{article.pk}/?claim={claim.pk}"
    page_a, page_b = sign_in(reviewer_a), sign_in(reviewer_b)
    page_a.goto(url)
    page_b.goto(url)
    assert page_a.locator("#selected-status").inner_text() == "Open"

    choose(page_a, "Mostly true", "A: the budget papers say so.")
    page_a.locator("#panel-status >> text=Verdict saved.").wait_for()
    assert page_a.locator("#selected-status").inner_text() == "In review"

    choose(page_b, "Mostly true", "B: same figures.")
    page_b.locator("#panel-status >> text=Verdict saved.").wait_for()
    assert page_b.locator("#selected-status").inner_text() == "Ready for approval"
    assert page_b.locator("#selected-status").count() == 1
