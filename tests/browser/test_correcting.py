"""Correcting the machine's split in a real browser, by selecting text."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from annotations.models import Claim
from annotations.services import articles, corrections

from .conftest import screenshot

pytestmark = pytest.mark.browser

BODY = (
    "Ministers Agree On Budget\n\n"
    "Officials said on Monday that the deal adds 12,000 jobs across the country.\n"
    "Also Read : Budget talks stall again\n"
)

SELECT = """([selector, from, to]) => {
  const node = document.querySelector(selector).firstChild;
  const range = document.createRange();
  range.setStart(node, from);
  range.setEnd(node, to);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_a_reviewer_adds_evidence_corrects_a_span_and_dismisses_boilerplate(
    sign_in, reviewer_a, transactional_db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    claim = article.claims.get(text__startswith="Officials said")
    boilerplate = article.claims.get(text__startswith="Also Read")
    page = sign_in(reviewer_a)

    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.click("text=Add evidence")
    page.fill("#id_url", "https://stats.example/jobs")
    page.fill("#id_title", "Jobs report")
    page.fill("#id_excerpt", "12,000 new jobs")
    page.select_option("#id_stance", "supports")
    page.click("#evidence-form button[type=submit]")
    page.locator("#evidence-list >> text=Jobs report").wait_for()

    # Narrow the claim to "the deal adds 12,000 jobs" by selecting it.
    inner = claim.text.index("the deal")
    page.evaluate(SELECT, [f"#claim-{claim.pk}", inner, inner + len("the deal adds 12,000 jobs")])
    page.click("text=Correct the split")
    page.click("#span-form button")
    page.locator(".messages >> text=Span moved").wait_for()

    page.goto(f"/articles/{article.pk}/?claim={boilerplate.pk}")
    # A boilerplate candidate opens with the correction tools unfolded.
    assert page.locator("#correct-split").get_attribute("open") is not None
    page.fill("#dismiss-reason", "Related-article link")
    page.click("#dismiss-form button")
    page.locator(".messages >> text=Dismissed as not a claim.").wait_for()

    page.reload()
    screenshot(page, "after-corrections")
    claim.refresh_from_db()
    boilerplate.refresh_from_db()
    expected_start = BODY.index("the deal adds")
    assert (claim.start, claim.end) == (expected_start, expected_start + len("the deal adds 12,000 jobs"))
    assert claim.text == BODY[claim.start:claim.end] == "the deal adds 12,000 jobs"
    assert claim.history.count() >= 2
    assert claim.evidence.get().url == "https://stats.example/jobs"
    assert (boilerplate.status, boilerplate.dismissed_reason) == (Claim.Status.DISMISSED, "Related-article link")
    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    assert page.locator(f"#claim-{claim.pk}").inner_text() == "the deal adds 12,000 jobs"
    assert "Jobs report" in page.locator("#evidence-list").inner_text()


def test_a_missed_claim_is_added_from_a_selection_with_exact_offsets(
    sign_in, reviewer_a, transactional_db, django_capture_on_commit_callbacks
):
    body = "Headline Of The Day Here\n\nCafé 🙂 owners said prices rose 8% in May."
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=body)
    target = article.claims.get(text__startswith="Café")
    corrections.claim_dismiss(claim=target, reason="test: make room", expected_version=target.version, actor=reviewer_a)
    page = sign_in(reviewer_a)
    page.goto(f"/articles/{article.pk}/")

    # UTF-16 offsets in the browser; the emoji is two units there, one code point here.
    text = "owners said prices rose 8%"
    utf16_start = target.text.encode("utf-16-le").index(text.encode("utf-16-le")) // 2
    page.evaluate(SELECT, [f"#claim-{target.pk}", utf16_start, utf16_start + len(text)])
    page.click("#add-claim-form button")
    page.locator(".messages >> text=Claim added.").wait_for()

    added = Claim.objects.get(origin=Claim.Origin.MANUAL)
    assert added.text == body[added.start:added.end] == text
    assert added.start == body.index(text)


def test_a_reviewer_opens_claims_by_clicking_them_in_the_text_and_dismisses_boilerplate_found_that_way(
    sign_in, reviewer_a, transactional_db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    claim = article.claims.get(text__startswith="Officials said")
    boilerplate = article.claims.get(text__startswith="Also Read")
    page = sign_in(reviewer_a)
    page.click(f"text={article.title}")
    # Opened from the article list: no claim yet, and the page says how to pick one.
    page.locator("#pick-a-claim >> text=Click a highlighted passage").wait_for()
    page.wait_for_load_state("load")  # the click handler is a deferred script

    page.click(f"#claim-{claim.pk}")
    page.wait_for_url(f"**/articles/{article.pk}/?claim={claim.pk}#claim-{claim.pk}")
    assert page.locator("#selected-claim").inner_text() == claim.text
    # A click inside the selected claim sets the split caret; it does not reload the page.
    page.click(f"#claim-{claim.pk}")
    # selectionchange fires asynchronously: wait for the caret to reach the split form.
    expect(page.locator("#split-form [name=at]")).not_to_have_value("")
    assert f"claim={claim.pk}" in page.url

    page.click(f"#claim-{boilerplate.pk}")
    page.wait_for_url(f"**?claim={boilerplate.pk}#claim-{boilerplate.pk}")
    page.fill("#dismiss-reason", "Related-article link")
    page.click("#dismiss-form button")
    page.locator(".messages >> text=Dismissed as not a claim.").wait_for()
    boilerplate.refresh_from_db()
    assert boilerplate.status == Claim.Status.DISMISSED


def test_a_text_selection_that_ends_on_another_claim_does_not_open_it(
    sign_in, reviewer_a, transactional_db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    claim = article.claims.get(text__startswith="Officials said")
    page = sign_in(reviewer_a)
    page.goto(f"/articles/{article.pk}/")
    box = page.locator(f"#claim-{claim.pk}").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    assert not page.locator("#add-claim-form button").is_disabled()
    assert "claim=" not in page.url
