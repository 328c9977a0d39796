"""Search in a real Chromium: the header's box, the marked matches, a filter, and "Checked before?" from the panel."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.publishing import publish_factcheck
from tests.test_search import make_article

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_the_header_box_finds_claims_with_marks_and_checked_before_opens_the_fact_checks(
        sign_in, reviewer_a, default_ratings, transactional_db):
    checked = make_article("Ferry fares frozen", ["Ferry fares are frozen until 2027, the port authority said."])
    publish_factcheck(checked.claims.get(), default_ratings["false"], summary="Fares rise in 2026, the budget shows.",
                      published_at=timezone.make_aware(dt.datetime(2025, 7, 1)))
    twin = make_article("Fares again", ["The port authority says ferry fares stay frozen until 2027."])
    page = sign_in(reviewer_a)

    page.fill("header input[name=q]", "frozen fares")
    page.press("header input[name=q]", "Enter")

    page.wait_for_url("**/search/?q=frozen+fares")
    assert page.locator("#tab-claims .count").inner_text() == "2"
    assert page.locator("#search-results .hit").count() == 2
    assert page.locator("#search-results mark").first.inner_text().lower() in ("frozen", "fares")
    page.click("summary:has-text(\"Filters\")")
    page.select_option("select[name=status]", "published")
    page.click(".search-form button[type=submit]")
    assert page.locator("#search-results .hit").count() == 1
    screenshot(page, "search-claims")

    page.goto(f"/articles/{twin.pk}/?claim={twin.claims.get().pk}")
    with page.context.expect_page() as opened:
        page.click("#checked-before")
    results = opened.value
    results.wait_for_load_state()
    assert results.locator("#tab-factchecks").get_attribute("aria-current") == "page"
    assert results.locator("#search-results .hit").count() == 1
    assert results.locator("#search-results .rating").inner_text() == "False"
    screenshot(results, "search-checked-before")
