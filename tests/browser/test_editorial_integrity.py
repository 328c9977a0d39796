"""Four eyes, blind evidence and verdict reuse, clicked through in a real browser."""

import pytest
from django.db import transaction

from annotations.models import Claim, FactCheck
from annotations.services import articles, review
from tests.publishing import APPEARED, publish_factcheck

from ..conftest import _user
from .conftest import screenshot

pytestmark = pytest.mark.browser

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


@pytest.fixture
def claim(transactional_db, django_capture_on_commit_callbacks, default_ratings):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY, **APPEARED)
    return article.claims.get(text="It adds 12,000 jobs, officials said.")


def test_an_editor_who_rated_a_claim_cannot_approve_it_and_a_second_editor_can(
    sign_in, claim, editor, reviewer_a, default_ratings, django_user_model
):
    chief = _user(django_user_model, "chief_editor", "editor", is_staff=True)
    review.verdict_submit(claim=claim, reviewer=reviewer_a, rating=default_ratings["false"], rationale="No.")
    page = sign_in(editor)
    page.goto(f"/articles/{claim.article_id}/?claim={claim.pk}")
    page.get_by_label("False", exact=True).check()
    page.fill("#verdict-form textarea", "The release says 1,200.")
    page.click("#verdict-form button[type=submit]")
    page.locator("#panel-status >> text=Verdict saved.").wait_for()
    assert page.locator("#selected-status").inner_text() == "Ready for approval"

    page.goto(f"/editorial/claims/{claim.pk}/")
    refusal = page.locator("#approval-refusal")
    assert refusal.inner_text() == ("You rated this claim, so you cannot approve and publish it: every decision "
                                    "needs a second pair of eyes. Who can: chief_editor.")
    assert page.locator("#publish-form button[type=submit]").is_disabled()
    screenshot(page, "four-eyes-refusal")
    page.goto("/editorial/ready/")
    assert page.locator(f"#ready-{claim.pk} .tag").inner_text() == "you worked on it"

    chief_page = sign_in(chief)
    chief_page.goto(f"/editorial/claims/{claim.pk}/")
    assert chief_page.locator("#approval-refusal").count() == 0
    chief_page.fill("#id_summary", "It adds 1,200 jobs, not 12,000.")
    chief_page.click("#publish-form button[type=submit]")
    chief_page.locator("#editorial-status >> text=Approved and published.").wait_for()
    factcheck = FactCheck.objects.get(claim=claim)
    assert (factcheck.approved_by, factcheck.is_published) == (chief, True)


def test_reviewer2_sees_no_stance_of_reviewer1s_evidence_before_submitting(
    sign_in, claim, reviewer_a, reviewer_b, default_ratings
):
    url = f"/articles/{claim.article_id}/?claim={claim.pk}"
    page_a = sign_in(reviewer_a)
    page_a.goto(url)
    page_a.click("#add-evidence summary")
    page_a.fill("#evidence-form #id_url", "https://stats.example.org/jobs")
    page_a.fill("#evidence-form #id_title", "Jobs release March")
    page_a.select_option("#evidence-form #id_stance", "refutes")
    page_a.fill("#evidence-form #id_note", "Table 3 says 1,200.")
    page_a.click("#evidence-form button[type=submit]")
    page_a.locator("#evidence-status >> text=Evidence added.").wait_for()
    assert "Refutes the claim" in page_a.locator("#evidence-list").inner_text()

    page_b = sign_in(reviewer_b)
    page_b.goto(url)
    listed = page_b.locator("#evidence-list")
    assert listed.locator("a", has_text="Jobs release March").get_attribute("href") == "https://stats.example.org/jobs"
    assert "Stance hidden until you rate" in listed.inner_text()
    for leak in ("Refutes", "Supports", "Table 3 says 1,200."):
        assert leak not in listed.inner_text()
    assert "Table 3 says" not in page_b.content()
    screenshot(page_b, "blind-evidence")

    page_b.get_by_label("Mostly false", exact=True).check()
    page_b.fill("#verdict-form textarea", "B: my own reading.")
    page_b.click("#verdict-form button[type=submit]")
    page_b.locator("#panel-status >> text=Verdict saved.").wait_for()
    assert "Refutes the claim" in page_b.locator("#evidence-list").inner_text()
    assert "Table 3 says 1,200." in page_b.locator("#evidence-list").inner_text()


EXPULSION_A = "The Russian military reported the complete expulsion of Ukrainian troops by April"
EXPULSION_B = "The Russian military later reported the full expulsion of Ukrainian troops in April"


def test_a_reused_verdict_leaves_no_claim_in_a_queue_or_without_an_action(
    sign_in, editor, reviewer_a, reviewer_b, transactional_db, django_capture_on_commit_callbacks, default_ratings,
    seed_texts,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = [articles.article_create(body=body) for body in seed_texts.values()]
    source_claim = Claim.objects.get(article=created[0], text__startswith=EXPULSION_A)
    twin = Claim.objects.get(article=created[1], text__startswith=EXPULSION_B)
    publish_factcheck(source_claim, default_ratings["mostly-true"], slug="expulsion-april")
    review.verdict_submit(claim=twin, reviewer=reviewer_a, rating=default_ratings["true"], rationale="Yes.")
    in_queue = f'a[href$="#claim-{twin.pk}"]'
    reviewer_page = sign_in(reviewer_b)
    reviewer_page.goto("/queue/?status=in_review")
    assert reviewer_page.locator(in_queue).count() == 1, "waiting for a second verdict before the reuse"

    page = sign_in(editor)
    page.goto(f"/articles/{twin.article_id}/?claim={twin.pk}")
    page.locator("#previously-fact-checked").wait_for()
    with page.expect_navigation():  # the panel, the status and the desk all change: the page reloads
        page.click("#claim-matches button:has-text('Apply this verdict')")
    assert page.locator("#selected-status").inner_text() == "Covered by a published fact-check"
    assert page.locator("#covered-by a").get_attribute("href") == "/fact-checks/expulsion-april/"
    assert page.locator("#verdict-form").count() == 0
    page.locator("#editorial-state").wait_for()
    assert page.locator("#uncover-form").is_visible(), "the editor can take it back: no dead end"
    screenshot(page, "covered-claim")
    twin.refresh_from_db()
    assert (twin.status, twin.covered_by.slug) == (Claim.Status.COVERED, "expulsion-april")

    # Nobody's queue holds it any more, and it is on no editorial list.
    reviewer_page.goto("/queue/?status=in_review")
    assert reviewer_page.locator(in_queue).count() == 0
    page.goto("/queue/?assignee=any")
    assert page.locator(in_queue).count() == 0
    for listing in ("/editorial/ready/", "/editorial/disagreements/"):
        page.goto(listing)
        assert page.locator(f"#ready-{twin.pk}").count() == 0
    # The fact-check's ClaimReview lists the twin's article among its appearances.
    page.goto("/api/v1/claim-reviews/expulsion-april/?format=json")
    assert created[1].title in page.content()
