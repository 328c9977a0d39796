"""The editor's claimant, its kind and the claim date start from what the text says, and stay the editor's.

ClaimReview's ``itemReviewed.author`` is a Person or an Organization: a person is
a Person, an organisation and a group ("South Korean officials") an Organization;
a claimant of unknown kind prefills nothing. The claim date is the day an
attributed claim names ("Kim said on Wednesday"), else left to the article's date.
"""

import datetime as dt

import pytest
from django.urls import reverse

from annotations import claimreview
from annotations.models import Claim, FactCheck
from annotations.services import review

HX = {"HX-Request": "true"}
SEEDS = {"001": dt.date(2025, 9, 4), "004": dt.date(2025, 6, 5)}


@pytest.fixture
def seeds(split_article, seed_texts):
    return {name[:3]: split_article(body, published_on=SEEDS[name[:3]], url=f"https://news.example.org/{name[:3]}",
                                    source="Seed Wire")
            for name, body in seed_texts.items() if name[:3] in SEEDS}


def _ready(claim, reviewers, rating):
    for reviewer in reviewers:
        review.verdict_submit(claim=claim, reviewer=reviewer, rating=rating, rationale="Checked.")
    claim.refresh_from_db()
    return claim


def _initial(client, claim):
    response = client.get(reverse("claim-editorial", args=[claim.pk]), headers=HX)
    assert response.status_code == 200
    return response.context["decision_form"].initial, response.content.decode()


@pytest.fixture
def beijing(seeds, reviewer_a, reviewer_b, default_ratings):
    claim = Claim.objects.get(article=seeds["001"], text__startswith="Kim made the remarks")
    return _ready(claim, (reviewer_a, reviewer_b), default_ratings["mostly-true"])


def test_the_decision_starts_from_the_claimant_and_the_day_the_text_gives(client, editor, beijing, default_ratings):
    client.force_login(editor)
    initial, page = _initial(client, beijing)
    assert (initial["claimant"], initial["claimant_kind"], initial["claim_date"]) == (
        "Kim Jong-un", FactCheck.ClaimantKind.PERSON, dt.date(2025, 9, 3))
    assert initial["rating"] == default_ratings["mostly-true"].pk
    assert 'id="decision-suggested"' in page and "(from “Kim made the remarks…”), person" in page
    # The ClaimReview preview is built from the prefilled decision.
    assert 'id="claimreview-date">2025-09-03<' in page
    assert "Kim Jong-un <span class=\"note\">(a person)</span>" in page


def test_publishing_the_prefilled_decision_gives_the_claimreview_its_author_and_date(
    client, editor, beijing, default_ratings
):
    client.force_login(editor)
    initial, _ = _initial(client, beijing)
    response = client.post(reverse("claim-publish", args=[beijing.pk]), {
        "rating": initial["rating"], "summary": "He said so in Beijing.", "claimant": initial["claimant"],
        "claimant_kind": initial["claimant_kind"], "claim_date": initial["claim_date"].isoformat(),
        "version": beijing.version}, headers=HX)
    assert response.status_code == 200, response.content.decode()[:500]
    item = claimreview.claimreview(FactCheck.objects.get(claim=beijing))["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Kim Jong-un"}
    assert item["datePublished"] == "2025-09-03"


def test_the_editor_changes_what_was_prefilled(client, editor, beijing, default_ratings):
    client.force_login(editor)
    client.post(reverse("claim-publish", args=[beijing.pk]), {
        "rating": default_ratings["mostly-true"].pk, "summary": "Reported by KCNA.", "claimant": "KCNA",
        "claimant_kind": "Organization", "claim_date": "2025-09-04", "version": beijing.version}, headers=HX)
    factcheck = FactCheck.objects.get(claim=beijing)
    assert (factcheck.claimant, factcheck.claimant_kind, factcheck.claim_date) == (
        "KCNA", "Organization", dt.date(2025, 9, 4))
    # Once decided, the decision is what the form shows, not the text's suggestion.
    initial, page = _initial(client, beijing)
    assert (initial["claimant"], initial["claim_date"]) == ("KCNA", dt.date(2025, 9, 4))
    assert 'id="decision-suggested"' not in page


def test_a_group_is_prefilled_as_an_organisation_and_said_to_be_one(
    client, editor, seeds, reviewer_a, reviewer_b, default_ratings
):
    officials = Claim.objects.get(article=seeds["004"], text__startswith="More recently, South Korean officials")
    officials = _ready(officials, (reviewer_a, reviewer_b), default_ratings["true"])
    assert officials.claimant_kind == Claim.ClaimantKind.GROUP
    client.force_login(editor)
    initial, page = _initial(client, officials)
    assert (initial["claimant"], initial["claimant_kind"]) == ("South Korean officials", "Organization")
    assert "published as an organisation: name one person instead if one spoke" in page
    # "this year" is a year, not a day: the date is left to the article's.
    assert "claim_date" not in initial


def test_the_articles_own_statement_is_prefilled_as_its_publisher_without_a_day(
    client, editor, seeds, reviewer_a, reviewer_b, default_ratings
):
    own = _ready(Claim.objects.get(article=seeds["004"], text__startswith="The exact number of North Korean troops"),
                 (reviewer_a, reviewer_b), default_ratings["true"])
    client.force_login(editor)
    initial, page = _initial(client, own)
    assert (initial["claimant"], initial["claimant_kind"]) == ("Seed Wire", "Organization")
    assert "claim_date" not in initial
    assert "(the article's own statement)" in page


@pytest.mark.parametrize(("kind", "author_type"), [
    ("person", "Person"), ("organization", "Organization"), ("group", "Organization"), ("unknown", None), ("", None),
])
def test_each_kind_of_claimant_becomes_a_schema_org_type_or_none(kind, author_type):
    claim = Claim(claimant="Someone", claimant_kind=kind)
    expected = {"claimant": "Someone", "claimant_kind": author_type} if author_type else {}
    assert claimreview.suggested_author(claim) == expected


def test_the_suggested_day_is_one_an_attributed_claim_names_up_to_the_publication(db):
    dates = [{"text": "next Monday", "value": "2025-09-08"}, {"text": "Wednesday", "value": "2025-09-03"}]
    said = Claim(claimant="Kim Jong-un", claimant_kind="person", dates=dates)
    assert said.suggested_claim_date(dt.date(2025, 9, 4)) == dt.date(2025, 9, 3)
    assert said.suggested_claim_date(None) == dt.date(2025, 9, 8)
    assert Claim(claimant="Seed Wire", claimant_own=True, dates=dates).suggested_claim_date(None) is None
    assert Claim(claimant="Kim", dates=[{"text": "June 2024", "value": "2024-06"}]).suggested_claim_date(None) is None
