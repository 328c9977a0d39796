"""The article page offers only the controls that can work for the claim shown."""

import pytest
from django.urls import reverse

from annotations.models import Claim, Verdict

BODY = (
    "Ministers Agree On Budget\n\n"
    "The deal was signed on Monday. It adds 12,000 jobs, officials said. "
    "Critics said the plan costs 4 billion euros more than last year.\n"
)


@pytest.fixture
def article(split_article):
    return split_article(BODY)


def page(client, article, claim=None):
    query = {"claim": claim.pk} if claim else {}
    response = client.get(article.get_absolute_url(), query)
    assert response.status_code == 200
    return response.content.decode()


def first_claim(article):
    return article.claims.filter(kind=Claim.Kind.CLAIM).exclude(text=article.title).order_by("start").first()


def test_an_article_opened_without_a_claim_says_how_to_pick_one(client, reviewer_a, article):
    client.force_login(reviewer_a)
    html = page(client, article)
    assert 'id="pick-a-claim"' in html
    assert "Click a highlighted passage in the article to review it" in html
    assert f'href="{reverse("queue-next")}?article={article.pk}"' in html


def test_an_open_unassigned_claim_can_be_taken(client, reviewer_a, article):
    client.force_login(reviewer_a)
    assert 'id="take-form"' in page(client, article, first_claim(article))


@pytest.mark.parametrize("status", [Claim.Status.PUBLISHED, Claim.Status.READY, Claim.Status.DISMISSED])
def test_a_claim_past_review_offers_no_take_button(client, reviewer_a, article, status):
    claim = first_claim(article)
    Claim.objects.filter(pk=claim.pk).update(status=status)
    client.force_login(reviewer_a)
    assert 'id="take-form"' not in page(client, article, claim)


def test_a_claim_without_verdicts_offers_split_and_merge(client, reviewer_a, article):
    client.force_login(reviewer_a)
    html = page(client, article, first_claim(article))
    assert 'id="split-form"' in html and 'id="merge-form"' in html and 'id="span-form"' in html
    assert 'id="split-merge-refused"' not in html


def test_a_reviewed_claim_explains_why_it_cannot_be_moved_split_or_merged_instead_of_offering_it(
    client, reviewer_a, reviewer_b, article, default_ratings
):
    claim = first_claim(article)
    Verdict.objects.create(claim=claim, reviewer=reviewer_b, rating=default_ratings["true"], rationale="ok")
    client.force_login(reviewer_a)
    html = page(client, article, claim)
    assert 'id="split-form"' not in html and 'id="merge-form"' not in html and 'id="span-form"' not in html
    assert "This claim already has verdicts, so it cannot be moved, split or merged" in html
    assert 'id="dismiss-form"' in html


def test_a_boilerplate_candidate_opens_with_the_dismiss_form_in_view(client, reviewer_a, split_article):
    article = split_article(BODY + "Also Read : Budget talks stall again\n")
    boilerplate = article.claims.get(text__startswith="Also Read")
    assert boilerplate.kind == Claim.Kind.BOILERPLATE
    client.force_login(reviewer_a)
    html = page(client, article, boilerplate)
    assert "The splitter marked this passage as page chrome" in html
    assert '<details class="correct" id="correct-split" open>' in html


def test_an_ordinary_claim_keeps_the_correction_tools_folded(client, reviewer_a, article):
    client.force_login(reviewer_a)
    html = page(client, article, first_claim(article))
    assert '<details class="correct" id="correct-split">' in html
    assert 'id="boilerplate-note"' not in html
