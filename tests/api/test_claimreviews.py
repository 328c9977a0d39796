"""/api/v1/claim-reviews/ and the exports: public, filtered, keyset-paginated, streamed, throttled."""

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations.models import Article, Claim
from tests.publishing import publish_factcheck

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
BODY = "Story\n\nThe council hired 40 new teachers on Monday, the mayor said."


@pytest.fixture
def publish(db, default_ratings):
    """``publish(n, rating=..., language=..., at=...)`` → n published fact-checks, one article and claim each."""
    made = []

    def make(n=1, *, rating="false", language="en", at=None, step=dt.timedelta(minutes=1), **fields):
        out = []
        for _ in range(n):
            i = len(made)
            article = Article.objects.create(title=f"Story {i}", body=BODY, language=language,
                                             url=f"https://news.example.org/{i}", content_hash=f"{i:064d}")
            claim = Claim.objects.create(article=article, start=7, end=len(BODY), text=BODY[7:])
            when = at or T0 + step * i
            factcheck = publish_factcheck(claim, default_ratings[rating], slug=f"check-{i}", published_at=when,
                                          **fields)
            made.append(factcheck)
            out.append(factcheck)
        return out

    return make


def _walk(client, url, **params):
    """Every item of the feed, following `next`, and the number of pages."""
    urls, pages = [], 0
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        pages += 1
        body = response.json()
        urls += [item["url"] for item in body["results"]]
        if not body["next"]:
            return urls, pages
        response = client.get(body["next"])


def test_anonymous_client_reads_published_fact_checks_as_claimreview(client, publish):
    publish(1)
    hidden = publish(1)[0]
    hidden.published_at = None
    hidden.save()

    response = APIClient().get("/api/v1/claim-reviews/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["url"] for item in results] == ["http://127.0.0.1:8000/fact-checks/check-0/"]
    assert results[0]["@type"] == "ClaimReview"
    assert results[0]["reviewRating"]["alternateName"] == "False"
    assert response.json()["next"] is None


def test_detail_is_json_ld_and_unpublished_is_404(publish):
    factcheck, draft = publish(2)
    draft.published_at = None
    draft.save()
    client = APIClient()

    response = client.get("/api/v1/claim-reviews/check-0/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert json.loads(response.content)["url"].endswith("/fact-checks/check-0/")
    assert client.get("/api/v1/claim-reviews/check-1/").status_code == 404
    assert client.get("/api/v1/claim-reviews/nothing-here/").status_code == 404


def test_since_keeps_fact_checks_first_published_on_or_after_a_date_or_datetime(publish):
    publish(3, step=dt.timedelta(days=1))  # Mar 1, 2, 3 at 12:00 UTC
    client = APIClient()

    def slugs(since):
        response = client.get("/api/v1/claim-reviews/", {"since": since})
        assert response.status_code == 200, response.content
        return [item["url"].rsplit("/", 2)[-2] for item in response.json()["results"]]

    assert slugs("2026-03-02") == ["check-1", "check-2"]
    assert slugs("2026-03-02T12:00:01Z") == ["check-2"]
    assert slugs("2026-03-02T13:00:00+01:00") == ["check-1", "check-2"]
    # "+01:00" left unencoded in a URL arrives as " 01:00"; it still means an offset.
    assert client.get("/api/v1/claim-reviews/?since=2026-03-02T13:00:00+01:00").json()["results"][0]["url"].endswith(
        "/check-1/")


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-02-30", "2026-03-01T25:00"])
def test_a_bad_since_is_a_400_that_says_what_to_send(publish, value):
    response = APIClient().get("/api/v1/claim-reviews/", {"since": value})

    assert response.status_code == 400
    assert response.json() == {"since": [
        "Enter a date (2026-03-01) or a date and time with an optional offset (2026-03-01T09:30:00Z)."]}


def test_rating_and_language_filters(publish):
    publish(2, rating="false")
    publish(1, rating="true", language="de")
    client = APIClient()

    falses = client.get("/api/v1/claim-reviews/", {"rating": "false"}).json()["results"]
    german = client.get("/api/v1/claim-reviews/", {"language": "de"}).json()["results"]
    unknown = client.get("/api/v1/claim-reviews/", {"rating": "pants-on-fire"})

    assert [r["reviewRating"]["alternateName"] for r in falses] == ["False", "False"]
    assert [r["inLanguage"] for r in german] == ["de"]
    assert unknown.status_code == 400
    assert unknown.json() == {"rating": ["No rating with slug “pants-on-fire”."]}


def test_cursor_pages_neither_skip_nor_repeat_while_new_fact_checks_are_published(publish):
    publish(5)
    client = APIClient()
    first = client.get("/api/v1/claim-reviews/", {"page_size": 2}).json()
    seen = [item["url"] for item in first["results"]]
    # Two more are published while the client is between pages.
    publish(2)

    rest, pages = _walk(client, first["next"])
    seen += rest

    assert seen == [f"http://127.0.0.1:8000/fact-checks/check-{i}/" for i in range(7)]
    assert pages == 3


def test_cursor_walks_fact_checks_published_at_the_same_instant_one_by_one(publish):
    publish(4, at=T0)

    urls, pages = _walk(APIClient(), "/api/v1/claim-reviews/", page_size=1)

    assert sorted(urls) == sorted(set(urls)) and len(urls) == 4
    assert pages == 4


def test_a_forged_cursor_is_a_400(publish):
    publish(1)
    response = APIClient().get("/api/v1/claim-reviews/", {"cursor": "bm90LWEtY3Vyc29y"})

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["Invalid cursor; use the `next` link of a page, or an empty cursor for the first page."]}


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
    assert response.status_code == 200
    return len(captured), body


@pytest.mark.parametrize("url", ["/api/v1/claim-reviews/", "/api/v1/export/claim-reviews.jsonl",
                                 "/api/v1/export/claim-reviews.csv"])
def test_the_feed_and_exports_cost_the_same_queries_for_1_and_100_items(publish, url):
    client = APIClient()
    publish(1)
    one, _ = _count_queries(client, url, {"page_size": 100})
    publish(99)
    hundred, body = _count_queries(client, url, {"page_size": 100})

    assert body.count(b"/fact-checks/check-") == 100
    assert one == hundred


def test_jsonl_export_streams_one_claimreview_per_line(publish):
    publish(3)
    response = APIClient().get("/api/v1/export/claim-reviews.jsonl", HTTP_ACCEPT="application/x-ndjson")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert [json.loads(line)["@type"] for line in lines] == ["ClaimReview"] * 3


def test_csv_export_has_a_header_a_row_each_and_defuses_formulas(publish):
    publish(1, claimant="=HYPERLINK(\"http://evil\")", summary="-2 percent, not +2.")
    response = APIClient().get("/api/v1/export/claim-reviews.csv", {"rating": "false"}, HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="claim-reviews.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    assert rows[0]["url"] == "http://127.0.0.1:8000/fact-checks/check-0/"
    assert rows[0]["rating"] == "False" and rows[0]["rating_value"] == "1"
    assert rows[0]["claimant"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["summary"] == "'-2 percent, not +2."
    assert rows[0]["appearance_urls"] == "https://news.example.org/0"


def test_export_rejects_a_bad_filter_before_streaming(publish):
    response = APIClient().get("/api/v1/export/claim-reviews.jsonl", {"since": "soon"})

    assert response.status_code == 400
    assert "since" in response.json()


def test_anonymous_clients_are_throttled_at_the_configured_rate(publish, settings, reviewer_a):
    settings.API_ANON_RATE = "3/minute"
    publish(1)
    anonymous = APIClient()

    codes = [anonymous.get("/api/v1/claim-reviews/").status_code for _ in range(4)]
    signed_in = APIClient()
    signed_in.force_authenticate(reviewer_a)

    assert codes == [200, 200, 200, 429]
    assert signed_in.get("/api/v1/claim-reviews/").status_code == 200


def test_the_claimreview_endpoints_refuse_writes(publish, editor):
    client = APIClient()
    client.force_authenticate(editor)

    assert client.post("/api/v1/claim-reviews/", {}, format="json").status_code == 405
    assert client.delete("/api/v1/claim-reviews/check-0/").status_code == 405
