"""My queue: the claims waiting for a reviewer, most check-worthy first, and Next claim."""

import pytest
from django.urls import reverse

from annotations.models import Claim, Rating, Verdict
from annotations.services import assignment, review

BODY = (
    "Ministers Agree On Budget\n\n"
    "The deal was signed on Monday. It adds 12,000 jobs, officials said. Critics called it a mistake.\n"
    "Also Read : Something else"
)


@pytest.fixture
def scored_article(split_article):
    """An article whose claims carry known, distinct check-worthiness scores."""
    article = split_article(BODY)
    claims = list(article.claims.filter(kind=Claim.Kind.CLAIM).order_by("start"))
    for claim, score in zip(claims, (0.4, 0.9, 0.7, 0.2, 0.6, 0.1), strict=False):
        Claim.objects.filter(pk=claim.pk).update(checkworthiness=score, checkworthy=score >= 0.5)
    return article


def queue_order(article):
    return list(
        article.claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness", "start").values_list("pk", flat=True)
    )


def test_the_queue_lists_claims_most_checkworthy_first(client, reviewer_a, scored_article):
    client.force_login(reviewer_a)
    response = client.get(reverse("queue"))

    assert response.status_code == 200
    shown = [claim.pk for claim in response.context["claims"]]
    assert shown == queue_order(scored_article)
    assert response.context["total"] == len(shown)


def test_boilerplate_and_claims_already_reviewed_are_not_in_the_queue(
    client, reviewer_a, scored_article, default_ratings
):
    first = Claim.objects.get(pk=queue_order(scored_article)[0])
    Verdict.objects.create(claim=first, reviewer=reviewer_a, rating=default_ratings["true"])
    client.force_login(reviewer_a)

    shown = [claim.pk for claim in client.get(reverse("queue")).context["claims"]]

    assert first.pk not in shown
    assert not Claim.objects.filter(pk__in=shown, kind=Claim.Kind.BOILERPLATE).exists()


def test_next_claim_walks_the_queue_in_order_and_ends_with_a_message(client, reviewer_a, scored_article):
    client.force_login(reviewer_a)
    visited = []
    response = client.get(reverse("queue-next"))
    while response["Location"].startswith("/articles/"):
        claim_id = int(response["Location"].split("claim=")[1].split("&")[0].split("#")[0])
        visited.append(claim_id)
        response = client.get(reverse("queue-next"), {"after": claim_id})

    assert visited == queue_order(scored_article)
    assert response["Location"] == reverse("queue")
    assert "You have reached the end of your queue." in client.get(response["Location"]).content.decode()


def test_queue_filters_narrow_the_claims(client, reviewer_a, scored_article, split_article):
    other = split_article("Another Story Here\n\nThe mayor said the bridge opens in May.")
    client.force_login(reviewer_a)

    by_article = client.get(reverse("queue"), {"article": other.pk}).context["claims"]
    assert {claim.article_id for claim in by_article} == {other.pk}

    by_bad_value = client.get(reverse("queue"), {"status": "<script>", "type": "nope", "article": "x"})
    assert by_bad_value.status_code == 200
    assert by_bad_value.context["total"] == Claim.objects.filter(kind=Claim.Kind.CLAIM).count()


def test_the_queue_is_refused_to_users_without_a_role(client, outsider, db):
    client.force_login(outsider)
    assert client.get(reverse("queue")).status_code == 403
    assert client.get(reverse("queue-next")).status_code == 403


def test_the_article_page_shows_the_selected_claim_with_a_next_button(client, reviewer_a, scored_article):
    claim_id = queue_order(scored_article)[0]
    client.force_login(reviewer_a)

    page = client.get(scored_article.get_absolute_url(), {"claim": claim_id}).content.decode()

    assert f'id="claim-{claim_id}" data-status="open" class="claim claim-claim checkworthy selected"' in page

    assert f'href="/queue/next/?after={claim_id}"' in page


# --- Assignment in the queue ---


def test_the_queue_holds_my_claims_and_open_ones_but_not_claims_assigned_to_others(
    client, reviewer_a, reviewer_b, scored_article, editor):
    order = queue_order(scored_article)
    mine, theirs = Claim.objects.get(pk=order[0]), Claim.objects.get(pk=order[1])
    assignment.claim_assign(claim=mine, assignee=reviewer_a, actor=editor)
    assignment.claim_assign(claim=theirs, assignee=reviewer_b, actor=editor)
    client.force_login(reviewer_a)

    response = client.get(reverse("queue"))
    shown = [claim.pk for claim in response.context["claims"]]
    assert shown == [pk for pk in order if pk != theirs.pk]
    counts = client.get(reverse("queue-counts"))
    assert counts.context["assignee_counts"] == {"mine": 1, "open": len(order) - 2}
    fragment = counts.content.decode()
    assert "assigned to me: <strong>1</strong>" in fragment
    assert "assigned to others" not in fragment, "reviewers see only their own and the open counts"
    client.force_login(editor)
    editors_counts = client.get(reverse("queue-counts"))
    assert editors_counts.context["assignee_counts"]["others"] == 2, "the editor sees both assignments as others'"
    assert "assigned to others: <strong>2</strong>" in editors_counts.content.decode()
    client.force_login(reviewer_a)

    only_mine = client.get(reverse("queue"), {"assignee": "me"}).context["claims"]
    assert [claim.pk for claim in only_mine] == [mine.pk]
    only_open = client.get(reverse("queue"), {"assignee": "open"}).context["claims"]
    assert mine.pk not in [claim.pk for claim in only_open] and theirs.pk not in [claim.pk for claim in only_open]


def test_reviewers_cannot_list_another_reviewers_claims_by_forging_the_filter(
    client, reviewer_a, reviewer_b, scored_article, editor):
    theirs = Claim.objects.get(pk=queue_order(scored_article)[0])
    assignment.claim_assign(claim=theirs, assignee=reviewer_b, actor=editor)
    client.force_login(reviewer_a)
    for forged in ("any", str(reviewer_b.pk)):
        shown = [claim.pk for claim in client.get(reverse("queue"), {"assignee": forged}).context["claims"]]
        assert theirs.pk not in shown, forged


def test_editors_filter_the_queue_by_any_reviewer(client, editor, reviewer_b, scored_article):
    theirs = Claim.objects.get(pk=queue_order(scored_article)[0])
    assignment.claim_assign(claim=theirs, assignee=reviewer_b, actor=editor)
    client.force_login(editor)
    shown = [claim.pk for claim in client.get(reverse("queue"), {"assignee": reviewer_b.pk}).context["claims"]]
    assert shown == [theirs.pk]
    assert len(client.get(reverse("queue"), {"assignee": "any"}).context["claims"]) == len(queue_order(scored_article))


def test_next_claim_keeps_the_assignee_filter(client, reviewer_a, scored_article, editor):
    order = queue_order(scored_article)
    second = Claim.objects.get(pk=order[1])
    assignment.claim_assign(claim=second, assignee=reviewer_a, actor=editor)
    client.force_login(reviewer_a)
    response = client.get(reverse("queue-next"), {"assignee": "me"})
    assert response["Location"].startswith(f"{scored_article.get_absolute_url()}?claim={second.pk}&queue=assignee")


def test_the_home_page_says_how_much_is_waiting_and_where_to_start(client, reviewer_a, scored_article):
    client.force_login(reviewer_a)
    page = client.get(reverse("home")).content.decode()
    assert "assigned to you and" in page
    assert f'<a class="button primary" href="{reverse("queue-next")}" id="start-reviewing">' in page


def test_a_claim_opens_for_a_second_opinion_once_its_assignee_has_given_a_verdict(
    client, reviewer_a, reviewer_b, scored_article, editor):
    """An assignment reserves a claim for its first verdict, then the blind second review is anyone's."""
    claim = Claim.objects.get(pk=queue_order(scored_article)[0])
    assignment.claim_assign(claim=claim, assignee=reviewer_b, actor=editor)
    client.force_login(reviewer_a)
    assert claim.pk not in [c.pk for c in client.get(reverse("queue")).context["claims"]]

    review.verdict_submit(
        claim=claim, reviewer=reviewer_b, rating=Rating.objects.get(slug="true", scale__is_default=True),
        rationale="Matches the ministry's record.",
    )

    response = client.get(reverse("queue"))
    assert claim.pk in [c.pk for c in response.context["claims"]]
    assert client.get(reverse("queue-counts")).context["assignee_counts"]["open"] == len(queue_order(scored_article))
    taken = assignment.claim_take(claim=claim, actor=reviewer_a)
    assert taken.assignee == reviewer_a


def test_the_queue_index_covers_exactly_the_waiting_statuses():
    """The partial index behind the queue's first page names the statuses as literals (Meta cannot
    read the class's own attributes): held equal to Claim.QUEUE_STATUSES here."""
    index = next(i for i in Claim._meta.indexes if i.name == "claim_queue_order")
    condition = dict(index.condition.children)
    assert set(condition["status__in"]) == set(Claim.QUEUE_STATUSES)
    assert condition["kind"] == Claim.Kind.CLAIM


def test_counts_above_the_cap_read_as_more_than_the_cap(client, reviewer_a, scored_article, monkeypatch):
    from annotations.selectors import queue as queue_selectors
    from annotations.templatetags import count_tags

    monkeypatch.setattr(queue_selectors, "COUNT_CAP", 2)
    monkeypatch.setattr(count_tags, "COUNT_CAP", 2)
    client.force_login(reviewer_a)
    assert len(queue_order(scored_article)) > 2

    page = client.get(reverse("queue")).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert "2+ claims" in page
    assert "<strong>2+</strong> open to anyone" in home
