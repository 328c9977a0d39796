"""An editor publishes a seed claim two reviewers rated, in a real browser: the desk asks for the article's
URL and date first, and the published page's JSON-LD then expands against schema.org's context."""

import json

import pytest
from django.db import transaction
from playwright.sync_api import expect
from pyld import jsonld

from annotations.models import Article, AuditEvent, Claim, FactCheck
from annotations.services import articles, review
from tests.schemaorg import VOCAB, document_loader, vocabulary_problems

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_publishing_a_seed_claim_asks_for_the_articles_url_and_date_then_its_claimreview_validates(
    sign_in, editor, reviewer_a, reviewer_b, transactional_db, django_capture_on_commit_callbacks,
    default_ratings, seed_texts,
):
    body = next(iter(seed_texts.values()))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=body)
    assert (article.url, article.published_on) == ("", None), "the seeds come without URL or date"
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

    page.click("nav >> text=Ready for approval")
    page.click(f"#ready-{claim.pk} a >> nth=0")
    page.locator("#publish-form").wait_for()
    assert "Mostly true by reviewer_a" in page.locator("#editorial-verdicts").inner_text()
    assert page.locator("#editorial-agreement").inner_text().startswith("α = 1.00")
    assert page.locator("#id_rating").input_value() == str(default_ratings["mostly-true"].pk)
    missing = page.locator("#claimreview-errors").inner_text()
    assert "set the original article's URL" in missing and "set the article's publication date" in missing
    screenshot(page, "editorial-claimreview-missing")

    # Publishing anyway is refused next to the form, and what was typed stays.
    page.fill("#id_summary", "Kim did pledge support; the treaty was signed in June 2024.")
    page.click("#publish-form button[type=submit]")
    page.locator("#publish-error").wait_for()
    assert "Not published: the ClaimReview would not validate." in page.locator("#publish-error").inner_text()
    # Spoken at once from the assertive live region that was in the page before the swap.
    assert page.locator("#publish-error").get_attribute("data-outcome") == "error"
    expect(page.locator("#live-alert")).to_contain_text("Not published: the ClaimReview would not validate.")
    assert page.locator("#id_summary").input_value() == "Kim did pledge support; the treaty was signed in June 2024."
    assert not FactCheck.objects.exists()

    page.click("#edit-article-details")
    page.fill("#id_url", "https://news.example.org/kim-putin-treaty")
    page.fill("#id_source", "Example Wire")
    page.fill("#id_published_on", "2024-06-19")
    page.click("#article-edit-form button[type=submit]")
    page.locator(".messages >> text=Article details saved.").wait_for()
    assert page.locator("#claimreview-errors").count() == 0
    assert page.locator("#claimreview-date").inner_text() == "2024-06-19"
    assert "https://news.example.org/kim-putin-treaty" in page.locator("#claimreview-appearances").inner_text()

    page.fill("#id_summary", "Kim did pledge support; the treaty was signed in June 2024.")
    page.fill("#id_claimant", "Kim Jong-un")
    page.select_option("#id_claimant_kind", "Person")
    page.click("#publish-form button[type=submit]")
    page.locator("#editorial-status >> text=Approved and published.").wait_for()
    assert page.locator("#editorial-state").get_attribute("data-status") == "published"
    assert "publish" in page.locator("#audit-trail").inner_text()
    assert page.locator("#unpublish-form").is_visible()
    screenshot(page, "editorial-published")

    factcheck = FactCheck.objects.get(claim=claim)
    assert (factcheck.rating.slug, factcheck.claimant, factcheck.claimant_kind, factcheck.approved_by) == (
        "mostly-true", "Kim Jong-un", "Person", editor)
    assert factcheck.is_published and factcheck.claim_date.isoformat() == "2024-06-19"
    assert AuditEvent.objects.filter(claim=claim, action="publish", actor=editor).count() == 1
    assert set(AuditEvent.objects.filter(article=article, actor=editor).values_list("action", flat=True)) >= {
        "article_url", "article_source", "article_published_on"}
    assert Article.objects.get(pk=article.pk).url == "https://news.example.org/kim-putin-treaty"

    # The public page: the original article, the rating in words, the publisher, and a ClaimReview that expands.
    page.goto(factcheck.get_absolute_url())
    assert page.locator("#original-article a").get_attribute("href") == "https://news.example.org/kim-putin-treaty"
    assert "Example Wire" in page.locator("#original-article").inner_text()
    assert page.locator("#rating-meaning").inner_text().startswith("Mostly true means: Accurate but")
    assert "on the Standard scale" not in page.content()
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    [node] = jsonld.expand(data, {"documentLoader": document_loader})
    assert vocabulary_problems(node) == []
    assert node[VOCAB + "url"] == [{"@id": data["url"]}]
    assert node[VOCAB + "claimReviewed"] == [{"@value": claim.text}]
    assert node[VOCAB + "reviewRating"][0][VOCAB + "alternateName"] == [{"@value": "Mostly true"}]
    item = node[VOCAB + "itemReviewed"][0]
    assert [a[VOCAB + "url"] for a in item[VOCAB + "appearance"]][0] == [
        {"@id": "https://news.example.org/kim-putin-treaty"}]
    assert item[VOCAB + "datePublished"] == [{"@type": VOCAB + "Date", "@value": "2024-06-19"}]
    assert item[VOCAB + "author"][0]["@type"] == [VOCAB + "Person"]
    screenshot(page, "public-factcheck")
