"""From two reviewers' verdicts to the world: the editor's publish service feeds the public
ClaimReview API, the public page and a signed webhook, and unpublishing takes it all back."""

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from annotations.models import Claim, WebhookDelivery, WebhookEndpoint
from annotations.services import publishing, review
from tests.test_webhooks import Receiver, _expected_signature

BODY = "Harbour\n\nThe harbour handled 3 million containers last year, the port authority said."


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def rated_claim(split_article, reviewer_a, reviewer_b, default_ratings):
    article = split_article(BODY, url="https://news.example.org/harbour", published_on=dt.date(2026, 1, 15))
    claim = article.claims.get(kind=Claim.Kind.CLAIM, text__startswith="The harbour")
    for reviewer in (reviewer_a, reviewer_b):
        review.verdict_submit(claim=claim, reviewer=reviewer, rating=default_ratings["mostly-true"],
                                rationale="Port authority annual report, table 2.")
    claim.refresh_from_db()
    return claim


def test_a_claim_published_by_the_workflow_is_served_as_claimreview_and_announced(
    rated_claim, editor, default_ratings, receiver, django_capture_on_commit_callbacks
):
    assert rated_claim.status == Claim.Status.READY
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, secret="partner-secret")

    with django_capture_on_commit_callbacks(execute=True):
        factcheck = publishing.factcheck_publish(
            claim=rated_claim, actor=editor, rating=default_ratings["mostly-true"],
            summary="The port did handle about 3 million containers.", claimant="Port authority",
            claimant_kind="Organization",
        )

    feed = APIClient().get("/api/v1/claim-reviews/")
    assert feed.status_code == 200
    [item] = feed.json()["results"]
    assert item["@type"] == "ClaimReview"
    assert item["claimReviewed"] == rated_claim.text
    assert item["reviewRating"]["alternateName"] == "Mostly true"
    assert item["itemReviewed"]["author"] == {"@type": "Organization", "name": "Port authority"}
    assert item["itemReviewed"]["datePublished"] == "2026-01-15"
    assert item["itemReviewed"]["appearance"][0]["url"] == "https://news.example.org/harbour"
    page = APIClient().get(factcheck.get_absolute_url())
    assert page.status_code == 200 and b"application/ld+json" in page.content

    delivery = WebhookDelivery.objects.get(endpoint=endpoint, event="factcheck.published")
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    headers, body = receiver.requests[0]
    assert headers["X-Factcheck-Signature"] == _expected_signature("partner-secret", headers, body)
    assert json.loads(body)["claimReview"]["claimReviewed"] == rated_claim.text

    with django_capture_on_commit_callbacks(execute=True):
        publishing.factcheck_unpublish(claim=rated_claim, actor=editor, comment="Correction pending.")
    assert APIClient().get("/api/v1/claim-reviews/").json()["results"] == []
    assert APIClient().get(factcheck.get_absolute_url()).status_code == 404
    assert WebhookDelivery.objects.filter(event="factcheck.unpublished", status="delivered").count() == 1
