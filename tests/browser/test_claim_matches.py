"""A reviewer opening a seed claim sees where else it appears and what changed between tellings."""

import pytest
from django.db import transaction

from annotations.models import Claim, ClaimMatch
from annotations.services import articles

from .conftest import screenshot

pytestmark = pytest.mark.browser

EXPULSION = "The Russian military reported the complete expulsion of Ukrainian troops by April"


def test_reviewer_sees_also_in_n_articles_rejects_a_suggestion_and_opens_the_drift_view(
    sign_in, reviewer_a, transactional_db, django_capture_on_commit_callbacks, seed_texts
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = [articles.article_create(body=body) for body in seed_texts.values()]
    claim = Claim.objects.get(article=created[0], text__startswith=EXPULSION)
    page = sign_in(reviewer_a)
    page.goto(f"/articles/{created[0].pk}/?claim={claim.pk}")

    heading = page.locator("#also-in")
    heading.wait_for()
    assert heading.inner_text().startswith("Also in ")
    assert "The Russian military later reported the full expulsion" in page.locator(".group-members").inner_text()

    # Its suggestions are all weak (issue 19): none shown, all behind "N weaker suggestions".
    assert page.locator("#shown-suggestions li").count() == 0
    page.locator("#weaker-suggestions summary").click()
    suggestion = page.locator("#weaker-suggestions li").first
    assert suggestion.count() == 1
    match_id = int(suggestion.get_attribute("data-match"))
    suggestion.get_by_role("button", name="Not the same").click()
    page.locator("#claim-matches >> text=Rejected: this pair will not be suggested again.").wait_for()
    assert ClaimMatch.objects.get(pk=match_id).decision == ClaimMatch.Decision.REJECTED
    assert page.locator(f'.suggestions li[data-match="{match_id}"]').count() == 0

    page.click("#drift-link")
    page.locator("#drift-table").wait_for()
    row = page.locator(".drift-row").first
    assert row.locator("del").count() + row.locator("ins").count() > 0
    assert "expulsion" in row.inner_text()
    screenshot(page, "wording-drift")
