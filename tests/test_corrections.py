"""Correcting the split: exact offsets, no overlaps, version checks, history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from annotations import services
from annotations.models import Claim

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


@pytest.fixture
def article(split_article):
    return split_article(BODY)


def test_moving_a_span_trims_whitespace_keeps_text_exact_and_bumps_the_version(article):
    claim = article.claims.get(text__startswith="The deal")
    start = BODY.index("signed") - 1  # a leading space, as a mouse selection often has

    moved = services.claim_update_span(claim=claim, start=start, end=BODY.index(" on Monday"), expected_version=1)

    assert (moved.start, moved.text, moved.version) == (BODY.index("signed"), "signed", 2)
    assert moved.history.first().start == moved.start and moved.history.count() == 2


@pytest.mark.parametrize(
    "span, message",
    [((5, 5000), "The span 5–5000 is outside the article"), ((25, 27), "The selection holds no text.")],
)
def test_impossible_spans_are_refused(article, span, message):
    claim = article.claims.get(text__startswith="The deal")
    with pytest.raises(ValidationError, match=message):
        services.claim_update_span(claim=claim, start=span[0], end=span[1], expected_version=1)


def test_a_span_may_not_overlap_another_claim(article):
    claim = article.claims.get(text__startswith="The deal")
    with pytest.raises(ValidationError, match="overlaps another claim"):
        services.claim_update_span(claim=claim, start=claim.start, end=BODY.index("officials"), expected_version=1)
    claim.refresh_from_db()
    assert claim.version == 1


def test_a_stale_correction_is_refused_and_changes_nothing(article):
    claim = article.claims.get(text__startswith="The deal")
    services.claim_dismiss(claim=claim, reason="Duplicate", expected_version=1)

    with pytest.raises(services.ClaimVersionConflict, match="you sent version 1, the current version is 2"):
        services.claim_update_span(claim=claim, start=claim.start, end=claim.start + 3, expected_version=1)
    claim.refresh_from_db()
    assert claim.text.startswith("The deal was signed")


def test_dismissing_needs_a_reason_and_dismissed_claims_survive_a_resplit(article):
    claim = article.claims.get(text__startswith="The deal")
    with pytest.raises(ValidationError, match="Say why this is not a claim."):
        services.claim_dismiss(claim=claim, reason=" ", expected_version=1)

    services.claim_dismiss(claim=claim, reason="Scene-setting", expected_version=1)
    services.article_resplit(article=article)
    services.article_split(article_id=article.pk, content_hash=article.content_hash)

    claim.refresh_from_db()
    assert (claim.status, claim.dismissed_reason) == (Claim.Status.DISMISSED, "Scene-setting")


def test_the_web_forms_report_bad_spans_and_forged_ids(client, reviewer_a, outsider, article):
    claim = article.claims.get(text__startswith="The deal")
    client.force_login(reviewer_a)

    response = client.post(reverse("claim-span", args=[claim.pk]), {"start": "x", "end": "", "version": 1},
                           follow=True)
    assert "Select the text of the claim in the article first." in response.content.decode()

    response = client.post(reverse("article-claim-add", args=[article.pk]), {"start": 0, "end": 999}, follow=True)
    assert "is outside the article" in response.content.decode()

    client.force_login(outsider)
    assert client.post(reverse("claim-dismiss", args=[claim.pk]), {"reason": "x", "version": 1}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == Claim.Status.OPEN
