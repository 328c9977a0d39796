"""A sentence an article says again is rated once: the split groups it with its first statement.

Issue 19, item 2 in the product: exact and near-exact duplicates within one
article form one group (``Claim.duplicate_of``, status "duplicate"); its members
leave the queues and their panel points to the group's lead, whose verdict
counts for them; a reviewer can take one out of its group (audited), and no
later split groups it again. Reviewer work is never regrouped.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import selectors
from annotations.models import AuditEvent, Claim
from annotations.services import review, split

WINDS = "Winds of 140 km/h were recorded at the harbour on Monday."
BODY = (
    "Storm Hits The Coast\n\n"
    f"{WINDS} The port closed at noon.\n"
    "Officials said 12 people were injured. The defence ministry sent troops.\n"
    "Officials said 13 people were injured. The defense ministry sent troops.\n"
    f"{WINDS}\n"
    f"{WINDS}"
)


@pytest.fixture
def storm(split_article):
    return split_article(BODY)


def winds(article):
    return list(article.claims.filter(text=WINDS).order_by("start"))


def resplit(article):
    article.split_state = "queued"
    article.save(update_fields=["split_state"])
    return split.article_split(article_id=article.pk, content_hash=article.content_hash)


def test_the_split_groups_a_sentence_said_again_under_its_first_statement(storm):
    first, second, third = winds(storm)
    assert (first.status, first.duplicate_of_id) == (Claim.Status.OPEN, None)
    for repeat in (second, third):
        assert (repeat.status, repeat.duplicate_of_id) == (Claim.Status.DUPLICATE, first.pk)
    # Near-exact: a spelling apart. Another figure is another claim, however few characters part them.
    defence = storm.claims.get(text="The defence ministry sent troops.")
    assert storm.claims.get(text="The defense ministry sent troops.").duplicate_of_id == defence.pk
    assert storm.claims.get(text="Officials said 13 people were injured.").status == Claim.Status.OPEN
    assert storm.claims.get(text="Officials said 12 people were injured.").status == Claim.Status.OPEN


def test_the_splits_audit_event_records_each_duplicate_as_it_was_made(storm):
    first, second, _ = winds(storm)
    made = {c["id"]: c for c in AuditEvent.objects.get(article=storm, action="split").after["claims"]}
    assert (made[second.pk]["status"], made[second.pk]["duplicate_of"]) == ("duplicate", first.pk)
    assert (made[first.pk]["status"], made[first.pk]["duplicate_of"]) == ("open", None)


def test_duplicates_leave_the_review_queue(storm, reviewer_a):
    queued = set(selectors.review_queue_for(reviewer_a).values_list("pk", flat=True))
    first, second, third = winds(storm)
    assert first.pk in queued and second.pk not in queued and third.pk not in queued


def test_a_duplicate_takes_no_verdict_or_evidence_its_leads_verdict_counts_for_it(
    storm, reviewer_a, reviewer_b, default_ratings
):
    first, second, _ = winds(storm)
    with pytest.raises(ValidationError) as refused:
        review.verdict_submit(claim=second, reviewer=reviewer_a, rating=default_ratings["true"], rationale="Gauge.")
    assert refused.value.messages == [
        "This claim is said again in this article (rated once, with the first); it takes no verdicts."]
    with pytest.raises(ValidationError):
        review.evidence_add(claim=second, added_by=reviewer_a, url="https://example.org", title="Gauge",
                            stance="supports")

    for reviewer in (reviewer_a, reviewer_b):
        review.verdict_submit(claim=first, reviewer=reviewer, rating=default_ratings["true"], rationale="Gauge data.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Claim.Status.READY
    assert (second.status, second.duplicate_of_id) == (Claim.Status.DUPLICATE, first.pk)


def test_splitting_again_keeps_the_groups_and_replaces_nothing(storm):
    before = {c.pk: (c.status, c.duplicate_of_id) for c in storm.claims.all()}
    outcome = resplit(storm)
    assert (outcome.created, outcome.deleted, outcome.kept) == (0, 0, 0)
    assert {c.pk: (c.status, c.duplicate_of_id) for c in storm.claims.all()} == before
    assert AuditEvent.objects.filter(article=storm, action="split").count() == 1


def test_a_reviewer_takes_a_duplicate_out_of_its_group_and_no_later_split_puts_it_back(storm, reviewer_a):
    first, second, _ = winds(storm)

    review.claim_separate(claim=second, actor=reviewer_a, expected_version=second.version)

    second.refresh_from_db()
    assert (second.status, second.duplicate_of_id, second.version) == (Claim.Status.OPEN, None, 2)
    event = AuditEvent.objects.get(claim=second, action="separate")
    assert event.actor == reviewer_a
    assert (event.before, event.after) == ({"status": "duplicate", "duplicate_of": first.pk},
                                           {"status": "open", "duplicate_of": None})
    resplit(storm)
    second.refresh_from_db()
    assert (second.status, second.duplicate_of_id) == (Claim.Status.OPEN, None)
    with pytest.raises(ValidationError) as refused:
        review.claim_separate(claim=second, actor=reviewer_a)
    assert refused.value.messages == ["This claim is open; it is in no group."]


def test_a_split_groups_claims_around_the_one_a_reviewer_rated(storm, reviewer_a, default_ratings):
    """An article split before groups existed: its third statement was rated. Nobody's verdict moves: the
    rated claim leads, and the unworked statements become its duplicates (audited on the article)."""
    first, second, third = winds(storm)
    Claim.objects.filter(article=storm).update(status=Claim.Status.OPEN, duplicate_of=None)
    review.verdict_submit(claim=third, reviewer=reviewer_a, rating=default_ratings["true"], rationale="Gauge.")

    resplit(storm)

    for claim in (first, second, third):
        claim.refresh_from_db()
    assert (third.status, third.duplicate_of_id) == (Claim.Status.IN_REVIEW, None)
    assert [(c.status, c.duplicate_of_id) for c in (first, second)] == [(Claim.Status.DUPLICATE, third.pk)] * 2
    event = AuditEvent.objects.filter(article=storm, action="split").latest("id")
    grouped_before = {row["id"]: row for row in event.before["grouped"]}
    grouped_after = {row["id"]: row for row in event.after["grouped"]}
    assert grouped_before[first.pk] == {"id": first.pk, "status": "open", "duplicate_of": None}
    assert grouped_after[first.pk] == {"id": first.pk, "status": "duplicate", "duplicate_of": third.pk}
    assert third.pk not in grouped_after


def test_the_panel_of_a_duplicate_points_to_its_first_statement_and_offers_to_separate_it(
    storm, client, reviewer_a
):
    first, second, third = winds(storm)
    client.force_login(reviewer_a)

    page = client.get(storm.get_absolute_url(), {"claim": second.pk}).content.decode()
    assert 'id="duplicate-of"' in page and f"?claim={first.pk}#claim-{first.pk}" in page
    assert 'data-action="separate"' in page
    assert 'id="verdict-form"' not in page

    lead_page = client.get(storm.get_absolute_url(), {"claim": first.pk}).content.decode()
    assert "Said 3 times in this article" in lead_page
    assert f"?claim={third.pk}#claim-{third.pk}" in lead_page
    assert 'id="verdict-form"' in lead_page

    response = client.post(reverse("claim-separate", args=[second.pk]), {"version": second.version})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Claim.Status.OPEN


def test_only_reviewers_separate_and_a_stale_form_is_refused(storm, client, outsider, reviewer_a):
    _, second, _ = winds(storm)
    client.force_login(outsider)
    assert client.post(reverse("claim-separate", args=[second.pk]), {"version": 1}).status_code == 404
    client.force_login(reviewer_a)
    response = client.post(reverse("claim-separate", args=[second.pk]), {"version": 7}, follow=True)
    assert "This claim was changed since you read it" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Claim.Status.DUPLICATE


def test_the_api_names_the_claim_a_duplicate_repeats(storm, reviewer_a):
    first, second, _ = winds(storm)
    client = APIClient()
    client.force_authenticate(reviewer_a)
    data = client.get(f"/api/v1/claims/{second.pk}/").json()
    assert (data["status"], data["duplicate_of"]) == ("duplicate", first.pk)
    assert client.get(f"/api/v1/claims/{first.pk}/").json()["duplicate_of"] is None
