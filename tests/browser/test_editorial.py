"""An editor approves and publishes a seed claim that two reviewers rated, in a real browser."""

import pytest
from django.db import transaction

from annotations.models import AuditEvent, Claim, FactCheck
from annotations.services import articles, review

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_an_editor_approves_and_publishes_a_seed_claim_two_reviewers_rated(
    sign_in, editor, reviewer_a, reviewer_b, transactional_db, django_capture_on_commit_callbacks,
    default_ratings, seed_texts,
):
    body = next(iter(seed_texts.values()))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=body)
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness", "start").first()
    for reviewer, rationale in ((reviewer_a, "The treaty text says so."), (reviewer_b, "Confirmed by TASS.")):
        review.verdict_submit(claim=claim, reviewer=reviewer, rating=default_ratings["mostly-true"],
                                rationale=rationale)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.READY

    page = sign_in(editor)
    # The review panel of the article page loads the editorial desk for editors.
    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.locator("#editorial-state").wait_for()
    assert page.locator("#editorial-state").get_attribute("data-status") == "ready"
    screenshot(page, "editorial-in-review-panel")

    page.click("text=Ready for approval")
    page.click(f"#ready-{claim.pk} a >> nth=0")
    page.locator("#publish-form").wait_for()
    assert "Mostly true by reviewer_a" in page.locator("#editorial-verdicts").inner_text()
    assert page.locator("#editorial-agreement").inner_text().startswith("α = 1.00")
    assert page.locator("#id_rating").input_value() == str(default_ratings["mostly-true"].pk)

    page.fill("#id_summary", "Kim did pledge support; the treaty was signed in June 2024.")
    page.fill("#id_claimant", "Kim Jong-un")
    page.click("#publish-form button[type=submit]")
    page.locator("text=Approved and published.").wait_for()
    assert page.locator("#editorial-state").get_attribute("data-status") == "published"
    assert "publish" in page.locator("#audit-trail").inner_text()
    assert page.locator("#unpublish-form").is_visible()
    screenshot(page, "editorial-published")

    factcheck = FactCheck.objects.get(claim=claim)
    assert (factcheck.rating.slug, factcheck.claimant, factcheck.approved_by) == ("mostly-true", "Kim Jong-un", editor)
    assert factcheck.summary == "Kim did pledge support; the treaty was signed in June 2024."
    assert factcheck.is_published
    assert AuditEvent.objects.filter(claim=claim, action="publish", actor=editor).count() == 1
