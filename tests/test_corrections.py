"""Correcting the split: exact offsets, no overlaps, version checks, history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from annotations.models import AuditEvent, Claim, Evidence, Verdict
from annotations.services import articles, common, corrections, review, split

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


@pytest.fixture
def article(split_article):
    return split_article(BODY)


def test_moving_a_span_trims_whitespace_keeps_text_exact_and_bumps_the_version(article, reviewer_a):
    claim = article.claims.get(text__startswith="The deal")
    start = BODY.index("signed") - 1  # a leading space, as a mouse selection often has

    moved = corrections.claim_update_span(claim=claim, start=start, end=BODY.index(" on Monday"),
                                          expected_version=1, actor=reviewer_a)

    assert (moved.start, moved.text, moved.version) == (BODY.index("signed"), "signed", 2)
    assert moved.history.first().start == moved.start and moved.history.count() == 2


@pytest.mark.parametrize(
    "span, message",
    [((5, 5000), "The span 5–5000 is outside the article"), ((25, 27), "The selection holds no text.")],
)
def test_impossible_spans_are_refused(article, span, message, reviewer_a):
    claim = article.claims.get(text__startswith="The deal")
    with pytest.raises(ValidationError, match=message):
        corrections.claim_update_span(claim=claim, start=span[0], end=span[1], expected_version=1, actor=reviewer_a)


def test_a_span_may_not_overlap_another_claim(article, reviewer_a):
    claim = article.claims.get(text__startswith="The deal")
    with pytest.raises(ValidationError, match="overlaps another claim"):
        corrections.claim_update_span(claim=claim, start=claim.start, end=BODY.index("officials"),
                                      expected_version=1, actor=reviewer_a)
    claim.refresh_from_db()
    assert claim.version == 1


def test_a_stale_correction_is_refused_and_changes_nothing(article, reviewer_a):
    claim = article.claims.get(text__startswith="The deal")
    corrections.claim_dismiss(claim=claim, reason="Duplicate", expected_version=1, actor=reviewer_a)

    with pytest.raises(common.ClaimVersionConflict, match="you sent version 1, the current version is 2"):
        corrections.claim_update_span(claim=claim, start=claim.start, end=claim.start + 3, expected_version=1,
                                      actor=reviewer_a)
    claim.refresh_from_db()
    assert claim.text.startswith("The deal was signed")


def test_dismissing_needs_a_reason_and_dismissed_claims_survive_a_resplit(article, reviewer_a):
    claim = article.claims.get(text__startswith="The deal")
    with pytest.raises(ValidationError, match="Say why this is not a claim."):
        corrections.claim_dismiss(claim=claim, reason=" ", expected_version=1, actor=reviewer_a)

    corrections.claim_dismiss(claim=claim, reason="Scene-setting", expected_version=1, actor=reviewer_a)
    articles.article_resplit(article=article, actor=reviewer_a)
    split.article_split(article_id=article.pk, content_hash=article.content_hash)

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


# --- Split and merge ---

TWO = "Ministers Agree On Budget\n\nThe deal was signed on Monday and it adds 12,000 jobs, officials said."


@pytest.fixture
def long_claim(split_article):
    article = split_article(TWO)
    return article.claims.get(text__startswith="The deal")


def test_splitting_keeps_both_parts_exact_and_trimmed_bumps_the_version_and_records_it(long_claim, reviewer_a):
    at = TWO.index(" and it adds")
    end = long_claim.end

    first, second = corrections.claim_split(claim=long_claim, at=at, expected_version=1, actor=reviewer_a)

    assert (first.pk, first.text, first.version) == (long_claim.pk, "The deal was signed on Monday", 2)
    assert second.text == "and it adds 12,000 jobs, officials said."
    assert (second.start, second.end) == (at + 1, end)
    body = first.article.body
    assert body[first.start:first.end] == first.text and body[second.start:second.end] == second.text
    assert second.origin == Claim.Origin.MANUAL and second.version == 1
    event = AuditEvent.objects.get(claim=first, action="claim_split")
    assert event.actor == reviewer_a and f"#{second.pk}" in event.to_state
    assert first.history.first().end == first.end


@pytest.mark.parametrize("where", ["start", "end", "before", "after"])
def test_a_split_point_outside_the_claim_is_refused(long_claim, where, reviewer_a):
    at = {"start": long_claim.start, "end": long_claim.end, "before": 3, "after": len(TWO) + 5}[where]
    with pytest.raises(ValidationError, match=f"Split inside the claim: the offset {at} is not between"):
        corrections.claim_split(claim=long_claim, at=at, expected_version=1, actor=reviewer_a)
    assert long_claim.article.claims.count() == 2  # the headline and the one claim


def test_a_split_that_leaves_only_whitespace_on_one_side_is_refused(split_article, reviewer_a):
    article = split_article(TWO)
    # A stored span that begins with the blank line, as an older splitter might have left it.
    claim = article.claims.get(text__startswith="The deal")
    Claim.objects.filter(pk=claim.pk).update(start=claim.start - 2, text=TWO[claim.start - 2:claim.end])
    claim.refresh_from_db()
    with pytest.raises(ValidationError, match="Both parts of a split need some text; move the split point."):
        corrections.claim_split(claim=claim, at=claim.start + 2, expected_version=1, actor=reviewer_a)
    claim.refresh_from_db()
    assert claim.version == 1


def test_a_stale_split_is_refused(long_claim, reviewer_a):
    corrections.claim_update_span(claim=long_claim, start=long_claim.start, end=long_claim.end - 1,
                                  expected_version=1, actor=reviewer_a)
    with pytest.raises(common.ClaimVersionConflict, match="you sent version 1, the current version is 2"):
        corrections.claim_split(claim=long_claim, at=TWO.index(" and it"), expected_version=1, actor=reviewer_a)
    assert long_claim.article.claims.count() == 2  # the headline and the one claim


def test_a_claim_with_verdicts_cannot_be_split_and_says_why(long_claim, reviewer_a, default_ratings):
    Verdict.objects.create(claim=long_claim, reviewer=reviewer_a, rating=default_ratings["true"])
    with pytest.raises(ValidationError, match="already has 1 verdict; splitting it would leave them rating text"):
        corrections.claim_split(claim=long_claim, at=TWO.index(" and it"), expected_version=1, actor=reviewer_a)
    long_claim.refresh_from_db()
    assert long_claim.version == 1


def test_merging_joins_neighbours_moves_evidence_and_records_it(long_claim, reviewer_a):
    first, second = corrections.claim_split(claim=long_claim, at=TWO.index(" and it"), expected_version=1,
                                            actor=reviewer_a)
    Evidence.objects.create(claim=second, added_by=reviewer_a, url="https://a.example/", title="Src",
                            stance="supports")

    merged = corrections.claim_merge(claim=first, expected_version=2, neighbour_id=second.pk, neighbour_version=1,
                                  actor=reviewer_a)

    assert merged.text == TWO[merged.start:merged.end] == "The deal was signed on Monday and it adds 12,000 jobs, " \
        "officials said."
    assert merged.version == 3
    second.refresh_from_db()
    # The absorbed claim stays, dismissed, so its audit trail and history stay whole.
    assert (second.status, second.dismissed_reason) == (Claim.Status.DISMISSED, f"Merged into claim #{merged.pk}.")
    assert Evidence.objects.get().claim == merged
    assert AuditEvent.objects.filter(claim=merged, action="claim_merge").count() == 1


def test_merging_refuses_a_stale_neighbour_or_one_that_is_no_longer_next(long_claim, reviewer_a):
    first, second = corrections.claim_split(claim=long_claim, at=TWO.index(" and it"), expected_version=1,
                                            actor=reviewer_a)
    corrections.claim_update_span(claim=second, start=second.start, end=second.end - 1, expected_version=1,
                                  actor=reviewer_a)

    with pytest.raises(common.ClaimVersionConflict):
        corrections.claim_merge(claim=first, expected_version=2, neighbour_id=second.pk, neighbour_version=1,
                                actor=reviewer_a)
    headline = first.article.claims.order_by("start").first()
    with pytest.raises(ValidationError, match="The claims around this one changed"):
        corrections.claim_merge(claim=first, expected_version=2, neighbour_id=headline.pk, neighbour_version=1,
                                actor=reviewer_a)
    assert Claim.objects.filter(pk=second.pk).exists()


def test_merging_refuses_claims_with_verdicts(long_claim, reviewer_a, default_ratings):
    first, second = corrections.claim_split(claim=long_claim, at=TWO.index(" and it"), expected_version=1,
                                            actor=reviewer_a)
    Verdict.objects.create(claim=second, reviewer=reviewer_a, rating=default_ratings["false"], rationale="x")
    with pytest.raises(ValidationError, match=f"Claim #{second.pk} already has 1 verdict; merging it"):
        corrections.claim_merge(claim=first, expected_version=2, neighbour_id=second.pk, neighbour_version=1,
                                actor=reviewer_a)
    assert Claim.objects.filter(pk=second.pk).exists()


def test_the_last_claim_has_nothing_to_merge_with(client, reviewer_a, long_claim):
    client.force_login(reviewer_a)
    page = client.get(long_claim.article.get_absolute_url(), {"claim": long_claim.pk}).content.decode()
    assert 'id="merge-form"' not in page
    response = client.post(reverse("claim-merge", args=[long_claim.pk]), {"version": 1}, follow=True)
    assert "There is no next claim to merge with." in response.content.decode()


def test_split_and_merge_through_the_web_forms(client, reviewer_a, long_claim):
    client.force_login(reviewer_a)
    at = TWO.index(" and it")
    response = client.post(reverse("claim-split", args=[long_claim.pk]), {"at": at, "version": 1}, follow=True)
    assert "Split into characters" in response.content.decode()
    second = Claim.objects.get(origin=Claim.Origin.MANUAL)

    page = client.get(long_claim.article.get_absolute_url(), {"claim": long_claim.pk}).content.decode()
    assert f'name="neighbour" value="{second.pk}"' in page

    response = client.post(reverse("claim-merge", args=[long_claim.pk]),
                           {"version": 2, "neighbour": second.pk, "neighbour_version": 1}, follow=True)
    assert "Merged: the claim now spans characters" in response.content.decode()
    long_claim.refresh_from_db()
    assert long_claim.text.endswith("officials said.")


@pytest.mark.parametrize("data, message", [
    ({"version": 1}, "Put the cursor in the claim where it should be cut"),
    ({"at": "abc", "version": 1}, "Put the cursor in the claim where it should be cut"),
    ({"at": 99999, "version": 1}, "Split inside the claim"),
    ({"at": 40, "version": 7}, "you sent version 7, the current version is 1"),
])
def test_the_split_form_reports_bad_input(client, reviewer_a, long_claim, data, message):
    client.force_login(reviewer_a)
    response = client.post(reverse("claim-split", args=[long_claim.pk]), data, follow=True)
    assert message in response.content.decode()
    assert not Claim.objects.filter(origin=Claim.Origin.MANUAL).exists()


def test_outsiders_cannot_split_or_merge(client, outsider, long_claim):
    client.force_login(outsider)
    assert client.post(reverse("claim-split", args=[long_claim.pk]), {"at": 40, "version": 1}).status_code == 404
    assert client.post(reverse("claim-merge", args=[long_claim.pk]), {"version": 1}).status_code == 404
    long_claim.refresh_from_db()
    assert long_claim.version == 1


def test_a_claim_with_verdicts_cannot_be_moved_and_keeps_the_text_that_was_rated(
    article, reviewer_b, default_ratings
):
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).order_by("start").first()
    review.verdict_submit(claim=claim, reviewer=reviewer_b, rating=default_ratings["true"], rationale="Checked.")
    claim.refresh_from_db()
    rated = (claim.start, claim.end, claim.text, claim.version)
    with pytest.raises(ValidationError, match="already has 1 verdict; moving it would leave them rating text"):
        corrections.claim_update_span(claim=claim, start=claim.start, end=claim.end - 3,
                                      expected_version=claim.version, actor=reviewer_b)
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.text, claim.version) == rated
