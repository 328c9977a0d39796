"""Who works on what: editors assign claims and articles, reviewers take open claims, the soft lock informs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from annotations.models import Claim, ClaimPresence
from annotations.services import articles, assignment, split

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


@pytest.fixture
def article(split_article):
    return split_article(BODY)


@pytest.fixture
def claim(article):
    return article.claims.filter(kind=Claim.Kind.CLAIM).order_by("start").first()


def test_an_editor_assigns_a_claim_and_the_history_records_it(client, editor, reviewer_a, claim):
    client.force_login(editor)
    response = client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": reviewer_a.pk}, follow=True)

    assert "Assigned to reviewer_a." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer_a
    assert claim.version == 1, "assignment changes who reviews, not the claim"
    assert (claim.history.first().assignee_id, claim.history.first().history_user) == (reviewer_a.pk, editor)


def test_an_editor_opens_a_claim_to_anyone_again(client, editor, reviewer_a, claim):
    assignment.claim_assign(claim=claim, assignee=reviewer_a, actor=editor)
    client.force_login(editor)
    client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": ""})
    claim.refresh_from_db()
    assert claim.assignee is None


def test_reviewers_cannot_assign_claims_or_articles(client, reviewer_a, reviewer_b, claim, article):
    client.force_login(reviewer_a)
    assert client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": reviewer_b.pk}).status_code == 403
    assert client.post(reverse("article-assign", args=[article.pk]), {"assignee": reviewer_a.pk}).status_code == 403
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_outsiders_get_404_for_every_assignment_url(client, outsider, reviewer_a, claim, article):
    client.force_login(outsider)
    for name, pk in [("claim-assign", claim.pk), ("claim-take", claim.pk), ("claim-release", claim.pk),
                     ("claim-presence", claim.pk), ("article-assign", article.pk)]:
        assert client.post(reverse(name, args=[pk]), {"assignee": reviewer_a.pk}).status_code == 404, name
    assert not Claim.objects.filter(assignee__isnull=False).exists()
    assert not ClaimPresence.objects.exists()


@pytest.mark.parametrize("forged", ["999999", "abc", "-1"])
def test_assigning_to_a_forged_or_unknown_user_is_refused_with_a_message(client, editor, claim, forged):
    client.force_login(editor)
    response = client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": forged}, follow=True)
    assert "Choose a reviewer from the list." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee is None


def test_a_user_without_a_role_cannot_be_given_claims(client, editor, outsider, claim):
    client.force_login(editor)
    response = client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": outsider.pk}, follow=True)
    assert "Choose a reviewer from the list." in response.content.decode()
    with pytest.raises(ValidationError, match="outsider has no reviewer role, so cannot be assigned."):
        assignment.claim_assign(claim=claim, assignee=outsider, actor=editor)


def test_assigning_an_article_gives_every_waiting_claim_but_not_boilerplate_or_dismissed(
    client, editor, reviewer_a, split_article
):
    article = split_article(BODY + "\nAlso Read : Budget talks stall again\n")
    claims = article.claims.filter(kind=Claim.Kind.CLAIM)
    dismissed = claims.first()
    Claim.objects.filter(pk=dismissed.pk).update(status=Claim.Status.DISMISSED)
    client.force_login(editor)

    response = client.post(reverse("article-assign", args=[article.pk]), {"assignee": reviewer_a.pk}, follow=True)

    waiting = claims.exclude(pk=dismissed.pk)
    assert f"{waiting.count()} waiting claim" in response.content.decode()
    assert set(article.claims.filter(assignee=reviewer_a)) == set(waiting)
    assert article.claims.filter(kind=Claim.Kind.BOILERPLATE, assignee__isnull=True).exists()
    latest = waiting.first().history.first()
    assert (latest.history_change_reason, latest.history_user) == ("assigned", editor)


def test_a_reviewer_takes_an_open_claim(client, reviewer_a, claim):
    client.force_login(reviewer_a)
    response = client.post(reverse("claim-take", args=[claim.pk]), follow=True)
    assert "You took this claim" in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer_a


def test_a_claim_assigned_to_someone_else_cannot_be_taken(client, reviewer_a, reviewer_b, claim, editor):
    assignment.claim_assign(claim=claim, assignee=reviewer_b, actor=editor)
    client.force_login(reviewer_a)
    response = client.post(reverse("claim-take", args=[claim.pk]), follow=True)
    assert "This claim is already assigned to reviewer_b." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer_b


def test_only_the_assignee_or_an_editor_hands_a_claim_back(client, reviewer_a, reviewer_b, editor, claim):
    assignment.claim_assign(claim=claim, assignee=reviewer_b, actor=editor)
    client.force_login(reviewer_a)
    assert client.post(reverse("claim-release", args=[claim.pk])).status_code == 403
    claim.refresh_from_db()
    assert claim.assignee == reviewer_b

    client.force_login(reviewer_b)
    client.post(reverse("claim-release", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.assignee is None


def test_the_soft_lock_shows_who_has_the_claim_open_and_never_blocks(client, reviewer_a, reviewer_b, claim,
                                                                     default_ratings):
    client.force_login(reviewer_a)
    assert "Others see that you are working on this claim." in client.post(
        reverse("claim-presence", args=[claim.pk])).content.decode()

    client.force_login(reviewer_b)
    shown = client.post(reverse("claim-presence", args=[claim.pk])).content.decode()
    assert "<strong>reviewer_a</strong> has had this claim open since" in shown
    assert ClaimPresence.objects.get(claim=claim).holder == reviewer_a
    saved = client.post(reverse("claim-verdict", args=[claim.pk]),
                        {"rating": default_ratings["true"].pk}, headers={"HX-Request": "true"})
    assert saved.status_code == 200, "the lock informs, it does not block"


def test_an_expired_lock_passes_to_the_next_person_and_renewal_extends_it(reviewer_a, reviewer_b, claim):
    start = timezone.now()
    first = assignment.presence_touch(claim=claim, user=reviewer_a, now=start)
    assert first.expires_at == start + dt.timedelta(seconds=assignment.PRESENCE_SECONDS)

    renewed = assignment.presence_touch(claim=claim, user=reviewer_a, now=start + dt.timedelta(seconds=60))
    assert renewed.expires_at == start + dt.timedelta(seconds=60 + assignment.PRESENCE_SECONDS)
    assert renewed.since == start

    later = start + dt.timedelta(seconds=60 + assignment.PRESENCE_SECONDS + 1)
    taken = assignment.presence_touch(claim=claim, user=reviewer_b, now=later)
    assert (taken.holder, taken.since) == (reviewer_b, later)
    assert ClaimPresence.objects.count() == 1


def test_releasing_the_lock_drops_only_my_own(client, reviewer_a, reviewer_b, claim):
    assignment.presence_touch(claim=claim, user=reviewer_a)
    client.force_login(reviewer_b)
    assert client.post(reverse("claim-presence", args=[claim.pk]), {"leave": "1"}).status_code == 204
    assert ClaimPresence.objects.get(claim=claim).holder == reviewer_a
    client.force_login(reviewer_a)
    client.post(reverse("claim-presence", args=[claim.pk]), {"leave": "1"})
    assert not ClaimPresence.objects.exists()


def test_lock_renewals_write_no_claim_history(reviewer_a, claim):
    before = claim.history.count()
    for _ in range(3):
        assignment.presence_touch(claim=claim, user=reviewer_a)
    assert claim.history.count() == before


def test_assigned_claims_survive_a_resplit(split_article, reviewer_a, editor):
    article = split_article(BODY)
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).first()
    # A span the splitter will not produce again: unprotected, the resplit would delete it.
    Claim.objects.filter(pk=claim.pk).update(start=claim.start + 4, text=BODY[claim.start + 4:claim.end])
    assignment.claim_assign(claim=claim, assignee=reviewer_a, actor=editor)
    articles.article_resplit(article=article, actor=reviewer_a)
    split.article_split(article_id=article.pk, content_hash=article.content_hash)
    claim.refresh_from_db()
    assert claim.assignee == reviewer_a


def test_the_leave_sent_by_a_replaced_page_keeps_the_presence_the_new_page_made(client, reviewer_a, claim):
    client.force_login(reviewer_a)
    url = reverse("claim-presence", args=[claim.pk])
    client.post(url, {"view": "old-page"})
    client.post(url, {"view": "new-page"})  # the reload renews before the old page's release arrives
    client.post(url, {"view": "old-page", "leave": "1"})
    assert ClaimPresence.objects.get(claim=claim).view == "new-page"
    client.post(url, {"view": "new-page", "leave": "1"})
    assert not ClaimPresence.objects.exists()


def test_a_renewal_that_changes_nothing_on_screen_swaps_nothing(client, reviewer_a, reviewer_b, claim):
    client.force_login(reviewer_a)
    url = reverse("claim-presence", args=[claim.pk])
    assert client.post(url, {"view": "p1", "shown": ""}).status_code == 200
    assert client.post(url, {"view": "p1", "shown": str(reviewer_a.pk)}).status_code == 204
    client.force_login(reviewer_b)
    # reviewer_b's page showed no lock; now it must show reviewer_a's.
    assert "reviewer_a" in client.post(url, {"view": "p2", "shown": ""}).content.decode()
