"""Public fact-check pages: readable by anyone while published, escaped, with ClaimReview embedded safely."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Article, Claim, Evidence
from tests.publishing import publish_factcheck

ATTACK = "</script><script>alert(1)</script>"
BODY = f"Budget Row\n\nThe minister said taxes fell {ATTACK} by 3 percent last year."


@pytest.fixture
def article(db):
    return Article.objects.create(title=f"Budget {ATTACK}", body=BODY, url="https://news.example.org/budget",
                                  content_hash="b" * 64, source="Daily Example")


@pytest.fixture
def claim(article):
    start = BODY.index("The minister")
    return Claim.objects.create(article=article, start=start, end=len(BODY), text=BODY[start:])


@pytest.fixture
def factcheck(claim, default_ratings, reviewer_a):
    Evidence.objects.create(claim=claim, added_by=reviewer_a, url="https://stats.example.org/taxes",
                            title="Tax receipts 2025", stance=Evidence.Stance.REFUTES, excerpt="Receipts rose.")
    return publish_factcheck(claim, default_ratings["false"], summary=f"Taxes rose. {ATTACK}",
                             claimant=f"Minister {ATTACK}", slug="taxes-fell")


def _ld_json(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)


def test_anyone_can_read_a_published_fact_check(client, factcheck):
    response = client.get("/fact-checks/taxes-fell/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "The minister said taxes fell" in html
    assert "False" in html
    assert "Tax receipts 2025" in html
    assert "Receipts rose." in html
    assert "Daily Example" in html


def test_links_to_sources_are_http_only_and_leak_no_referrer(client, factcheck, claim, reviewer_a):
    # The model refuses non-http URLs; a row written around it must still not become a link.
    Evidence.objects.bulk_create([Evidence(claim=claim, added_by=reviewer_a, url="javascript:alert(1)",
                                           title="Sneaky", stance=Evidence.Stance.CONTEXT)])

    html = client.get("/fact-checks/taxes-fell/").content.decode()

    assert '<a href="https://stats.example.org/taxes" rel="noopener noreferrer">Tax receipts 2025</a>' in html
    assert '<a href="https://news.example.org/budget" rel="noopener noreferrer">' in html
    assert "javascript:" not in html
    assert "Sneaky" in html


def test_script_tags_in_claim_summary_and_claimant_cannot_break_out(client, factcheck):
    html = client.get("/fact-checks/taxes-fell/").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    scripts = _ld_json(html)
    assert len(scripts) == 1
    assert "<" not in scripts[0]
    data = json.loads(scripts[0])
    assert data["@type"] == "ClaimReview"
    assert ATTACK in data["claimReviewed"]
    assert data["reviewBody"] == f"Taxes rose. {ATTACK}"
    assert data["itemReviewed"]["author"]["name"] == f"Minister {ATTACK}"


@pytest.mark.parametrize("state", ["unpublished", "missing"])
def test_a_fact_check_that_is_not_published_is_404(client, factcheck, state):
    if state == "unpublished":
        factcheck.published_at = None
        factcheck.save()
        slug = factcheck.slug
    else:
        slug = "no-such-fact-check"

    assert client.get(f"/fact-checks/{slug}/").status_code == 404


def test_index_lists_published_fact_checks_only_newest_first(client, factcheck, default_ratings, article):
    other = Claim.objects.create(article=article, start=0, end=10, text=BODY[0:10])
    newer = publish_factcheck(other, default_ratings["true"], slug="budget-row")
    hidden_claim = Claim.objects.create(article=article, start=12, end=20, text=BODY[12:20])
    hidden = publish_factcheck(hidden_claim, default_ratings["true"], slug="draft-one")
    hidden.published_at = None
    hidden.save()

    html = client.get("/fact-checks/").content.decode()

    assert html.index(newer.get_absolute_url()) < html.index(factcheck.get_absolute_url())
    assert "/fact-checks/draft-one/" not in html


def test_index_costs_the_same_queries_for_1_and_30_fact_checks(client, factcheck, default_ratings, article):
    with CaptureQueriesContext(connection) as one:
        client.get("/fact-checks/")
    for i in range(29):
        claim = Claim.objects.create(article=article, start=i, end=i + 1, text=BODY[i])
        publish_factcheck(claim, default_ratings["true"])
    with CaptureQueriesContext(connection) as thirty:
        html = client.get("/fact-checks/").content.decode()

    assert len(re.findall(r'href="/fact-checks/[^"]+/"', html)) == 30
    assert len(one) == len(thirty)


def test_the_public_pages_refuse_writes(client, factcheck):
    assert client.post("/fact-checks/taxes-fell/").status_code == 405
