"""ClaimReview JSON-LD: each field, expansion by a JSON-LD processor, and schema.org's vocabulary (offline)."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyld import jsonld

from annotations import claimreview, selectors
from annotations.models import Article, Claim
from tests.publishing import publish_factcheck
from tests.schemaorg import VOCAB, document_loader, vocabulary_problems

BODY = "Port Reopens\n\nThe port reopened on Friday after 12,000 workers returned, the mayor said."
PUBLISHED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def article(db):
    return Article.objects.create(
        title="Port Reopens", body=BODY, url="https://news.example.org/port", published_on=dt.date(2026, 3, 1),
        language="en", content_hash="a" * 64,
    )


@pytest.fixture
def claim(article):
    start = BODY.index("The port")
    return Claim.objects.create(article=article, start=start, end=len(BODY), text=BODY[start:])


@pytest.fixture
def factcheck(claim, default_ratings, settings):
    settings.SITE_URL = "https://factcheck.example.org"
    settings.PUBLISHER_NAME = "Example Newsroom"
    settings.PUBLISHER_URL = "https://example.org"
    return publish_factcheck(claim, default_ratings["mostly-false"], summary="About 4,000 returned.",
                             claimant="Mayor Jane Doe", slug="port-workers", published_at=PUBLISHED)


def _built(factcheck):
    return claimreview.claimreview(selectors.factcheck_published_list().get(pk=factcheck.pk))


def test_claimreview_has_every_field_of_a_published_fact_check(factcheck, claim):
    data = _built(factcheck)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["url"] == "https://factcheck.example.org/fact-checks/port-workers/"
    assert data["claimReviewed"] == claim.text
    assert data["datePublished"] == "2026-03-02T09:30:00+00:00"
    assert "dateModified" not in data
    assert data["author"] == {"@type": "Organization", "name": "Example Newsroom", "url": "https://example.org"}
    assert data["reviewRating"] == {
        "@type": "Rating", "ratingValue": 2, "bestRating": 6, "worstRating": 1, "alternateName": "Mostly false",
    }
    assert data["reviewBody"] == "About 4,000 returned."
    assert data["inLanguage"] == "en"
    assert data["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Mayor Jane Doe"},
        "datePublished": "2026-03-01",
        "appearance": [{"@type": "Article", "headline": "Port Reopens", "url": "https://news.example.org/port",
                        "datePublished": "2026-03-01"}],
    }


def test_claim_without_claimant_or_article_url_leaves_those_fields_out(factcheck, article):
    factcheck.claimant = ""
    factcheck.save()
    Article.objects.filter(pk=article.pk).update(url="", published_on=None)

    item = _built(factcheck)["itemReviewed"]

    assert "author" not in item
    assert "datePublished" not in item
    assert item["appearance"] == [{"@type": "Article", "headline": "Port Reopens"}]


def test_off_scale_rating_has_a_label_but_no_value_or_bounds(factcheck, default_ratings):
    factcheck.rating = default_ratings["unverifiable"]
    factcheck.save()

    assert _built(factcheck)["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_republished_fact_check_keeps_first_date_and_shows_the_new_one_as_modified(factcheck):
    factcheck.published_at = PUBLISHED + dt.timedelta(days=3)
    factcheck.save()

    data = _built(factcheck)

    assert data["datePublished"] == "2026-03-02T09:30:00+00:00"
    assert data["dateModified"] == "2026-03-05T09:30:00+00:00"


def test_claimreview_expands_with_a_json_ld_processor_offline(factcheck):
    expanded = jsonld.expand(_built(factcheck), {"documentLoader": document_loader})

    assert len(expanded) == 1
    node = expanded[0]
    assert node["@type"] == [VOCAB + "ClaimReview"]
    assert node[VOCAB + "url"] == [{"@id": "https://factcheck.example.org/fact-checks/port-workers/"}]
    rating = node[VOCAB + "reviewRating"][0]
    assert rating["@type"] == [VOCAB + "Rating"]
    assert rating[VOCAB + "ratingValue"] == [{"@value": 2}]
    assert rating[VOCAB + "alternateName"] == [{"@value": "Mostly false"}]
    item = node[VOCAB + "itemReviewed"][0]
    assert item["@type"] == [VOCAB + "Claim"]
    assert item[VOCAB + "appearance"][0][VOCAB + "headline"] == [{"@value": "Port Reopens"}]
    # Expansion drops nothing: every term of the document became a schema.org IRI.
    assert {key.removeprefix(VOCAB) for key in node if not key.startswith("@")} == {
        key for key in _built(factcheck) if not key.startswith("@")
    }


def test_every_type_and_property_is_in_schemaorg_vocabulary_where_it_is_used(factcheck, default_ratings):
    expanded = jsonld.expand(_built(factcheck), {"documentLoader": document_loader})
    assert vocabulary_problems(expanded) == []

    factcheck.rating = default_ratings["unverifiable"]
    factcheck.claimant = ""
    factcheck.save()
    assert vocabulary_problems(jsonld.expand(_built(factcheck), {"documentLoader": document_loader})) == []


def test_the_vocabulary_check_catches_a_misplaced_property():
    """The checker itself can fail: headline is not a property of Rating, nor is 'verdictColour' anything."""
    doc = {"@context": "https://schema.org", "@type": "Rating", "headline": "x", "verdictColour": "red"}

    problems = vocabulary_problems(jsonld.expand(doc, {"documentLoader": document_loader}))

    assert "headline is not a property of ['Rating']" in problems
    assert f"unknown property {VOCAB}verdictColour" in problems


def test_script_json_cannot_end_the_script_element_and_keeps_the_data():
    data = {"claimReviewed": "</script><script>alert(1)</script> & <!-- \u2028"}

    encoded = claimreview.script_json(data)

    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == data


def test_building_many_claimreviews_costs_two_queries(factcheck, claim, default_ratings):
    """The fact-checks with their claims, articles and ratings; then the claims they cover (appearances)."""
    for i in range(5):
        other = Article.objects.create(title=f"Story {i}", body=BODY, content_hash=f"{i}" * 64)
        other_claim = Claim.objects.create(article=other, start=claim.start, end=claim.end, text=claim.text)
        publish_factcheck(other_claim, default_ratings["false"])

    with CaptureQueriesContext(connection) as captured:
        built = [claimreview.claimreview(fc) for fc in selectors.factcheck_published_list()]

    assert len(built) == 6
    assert len(captured) == 2


def test_claim_appearances_is_the_claims_own_article_for_now(claim, article):
    assert selectors.claim_appearances(claim) == [article]


def test_the_export_builds_the_same_claimreview_as_a_loaded_fact_check_for_every_kind_of_item(
        factcheck, claim, article, default_ratings):
    from annotations.models import ClaimFingerprint, ClaimGroup

    # A group of three tellings (one article holding two of its claims), an article
    # without URL or date, a claim without fingerprint, an off-scale rating, a republication.
    group = ClaimGroup.objects.create()
    ClaimFingerprint.objects.create(claim=claim, article=article, group=group, vector=b"", matcher_version="t")
    others = []
    for i, (url, day) in enumerate([("", None), ("https://news.example.org/b", dt.date(2026, 2, 27))]):
        other = Article.objects.create(title=f"Telling {i}", body=BODY, url=url, published_on=day,
                                       content_hash=f"{i}" * 64, language="de" if i else "en")
        for start, end in ((0, 12), (claim.start, claim.end)):
            member = Claim.objects.create(article=other, start=start, end=end, text=BODY[start:end])
            ClaimFingerprint.objects.create(claim=member, article=other, group=group, vector=b"",
                                            matcher_version="t")
        others.append(member)
    publish_factcheck(others[0], default_ratings["unverifiable"], claimant="", slug="no-scale")
    publish_factcheck(others[1], default_ratings["false"], slug="a-later-correction",
                      published_at=PUBLISHED + dt.timedelta(days=2))
    lone = Claim.objects.create(article=article, start=0, end=12, text=BODY[0:12])
    publish_factcheck(lone, default_ratings["true"], summary="Checked.")

    loaded = [claimreview.claimreview(fc) for fc in selectors.factcheck_published_list()]
    exported = [claimreview.claimreview(item)
                for item in selectors.factcheck_published_items(selectors.factcheck_published(), chunk_size=2)]

    assert exported == loaded
    assert len(loaded) == 4
    assert len(loaded[0]["itemReviewed"]["appearance"]) == 3
    assert {item["url"] for item in loaded} >= {"https://factcheck.example.org/fact-checks/no-scale/"}


def test_the_export_reads_a_chunk_in_three_queries_however_many_items(factcheck, claim, default_ratings):
    """The chunk; the articles of its claims' groups; the articles of the claims it covers."""
    for i in range(5):
        other = Article.objects.create(title=f"Story {i}", body=BODY, content_hash=f"{i}" * 64)
        other_claim = Claim.objects.create(article=other, start=claim.start, end=claim.end, text=claim.text)
        publish_factcheck(other_claim, default_ratings["false"])

    with CaptureQueriesContext(connection) as captured:
        items = list(selectors.factcheck_published_items(selectors.factcheck_published(), chunk_size=1000))

    assert len(items) == 6
    assert len(captured) <= 3 + (connection.vendor == "postgresql") * 2  # a server-side cursor: declare, fetch
