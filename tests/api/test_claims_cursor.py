"""/api/v1/claims/?cursor=: keyset pages, the same order as page numbers, constant cost at any depth."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Article, Claim


@pytest.fixture
def many_claims(db):
    """37 claims over 3 articles; check-worthiness repeats a lot (ties), as boilerplate's 0.0 does."""
    body = "x" * 400
    claims = []
    for a in range(3):
        article = Article.objects.create(title=f"A{a}", body=body, content_hash=f"{a}" * 64)
        for i in range(a, 37, 3):
            claims.append(Claim(article=article, start=i * 10, end=i * 10 + 5, text=body[i * 10:i * 10 + 5],
                                checkworthiness=[0.0, 0.25, 0.5, 0.9][i % 4], checkworthy=i % 2 == 0))
    Claim.objects.bulk_create(claims)
    return claims


def _walk(client, params, size=5):
    """Every id in cursor order, following next links; the number of pages."""
    ids, pages = [], 0
    response = client.get("/api/v1/claims/", {**params, "page_size": size, "cursor": ""})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "results"}, "a keyset page has no count and no previous"
        ids += [item["id"] for item in body["results"]]
        pages += 1
        if not body["next"]:
            return ids, pages
        response = client.get(body["next"])


@pytest.mark.parametrize("ordering", [None, "checkworthiness", "-checkworthiness", "start", "-start",
                                      "created_at", "-created_at", "id", "-id"])
def test_cursor_pages_list_every_claim_once_in_the_page_number_order(client_as, many_claims, ordering):
    client = client_as("reviewer")
    params = {"ordering": ordering} if ordering else {}
    by_pages = [item["id"] for item in client.get("/api/v1/claims/", {**params, "page_size": 200}).json()["results"]]

    walked, pages = _walk(client, params)

    assert walked == by_pages
    assert len(walked) == len(set(walked)) == Claim.objects.count()
    assert pages == -(-len(walked) // 5) + (len(walked) % 5 == 0)


def test_cursor_pages_keep_the_filters(client_as, many_claims):
    walked, _ = _walk(client_as("reviewer"), {"checkworthy": "true"}, size=4)
    assert sorted(walked) == sorted(Claim.objects.filter(checkworthy=True).values_list("pk", flat=True))


def test_claims_added_while_walking_never_make_a_claim_repeat_or_go_missing(client_as, many_claims):
    client = client_as("reviewer")
    before = set(Claim.objects.values_list("pk", flat=True))
    first = client.get("/api/v1/claims/", {"page_size": 5, "cursor": ""}).json()
    article = Article.objects.first()
    Claim.objects.create(article=article, start=395, end=399, text="xxxx", checkworthiness=1.0)
    Claim.objects.create(article=article, start=391, end=394, text="xxx", checkworthiness=0.0)

    seen = [item["id"] for item in first["results"]]
    response = client.get(first["next"])
    while True:
        body = response.json()
        seen += [item["id"] for item in body["results"]]
        if not body["next"]:
            break
        response = client.get(body["next"])

    assert len(seen) == len(set(seen))
    assert before <= set(seen)


@pytest.mark.parametrize("cursor", ["nonsense", "WzEsMl0", "WyJhIiwgMV0", "W251bGwsIDFd"])
def test_a_forged_or_foreign_cursor_is_a_400_that_says_where_cursors_come_from(client_as, many_claims, cursor):
    # WzEsMl0 = [1,2] is fine for the default ordering's float; for created_at it is not a time.
    response = client_as("reviewer").get("/api/v1/claims/", {"cursor": cursor, "ordering": "created_at"})
    assert response.status_code == 400
    assert response.json() == {"cursor": ["Invalid cursor; use the `next` link of a page, or an empty cursor "
                                          "for the first page."]}


def test_a_deep_cursor_page_costs_the_queries_of_the_first_and_counts_nothing(client_as, many_claims):
    client = client_as("reviewer")
    first_next = client.get("/api/v1/claims/", {"page_size": 5, "cursor": ""}).json()["next"]
    deep = first_next
    for _ in range(5):
        deep = client.get(deep).json()["next"]

    with CaptureQueriesContext(connection) as at_start:
        client.get("/api/v1/claims/", {"page_size": 5, "cursor": ""})
    with CaptureQueriesContext(connection) as deeper:
        client.get(deep)

    assert len(at_start) == len(deeper)
    assert not any('"__count"' in q["sql"] for q in deeper.captured_queries), "a keyset page counts no list"


@pytest.mark.parametrize("ordering", [None, "checkworthiness", "-start", "created_at", "-id", "id,checkworthiness"])
@pytest.mark.parametrize("size", [5, 6, 37])
def test_page_number_pages_past_the_middle_hold_the_same_rows_as_the_whole_list(client_as, many_claims, ordering,
                                                                               size):
    """Pages past the middle are read backwards from the far end (api/pagination.py); the rows and their
    order must be exactly those of the one long page, ties in check-worthiness included."""
    client = client_as("reviewer")
    params = {"ordering": ordering} if ordering else {}
    whole = [item["id"] for item in client.get("/api/v1/claims/", {**params, "page_size": 200}).json()["results"]]

    paged, page = [], 1
    while True:
        body = client.get("/api/v1/claims/", {**params, "page_size": size, "page": page}).json()
        assert body["count"] == len(whole)
        paged += [item["id"] for item in body["results"]]
        if not body["next"]:
            break
        page += 1

    assert paged == whole
    assert page == -(-len(whole) // size)


def test_the_last_page_number_page_skips_no_more_than_a_page(client_as, many_claims):
    client = client_as("reviewer")
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/claims/", {"page_size": 5, "page": 8}).json()

    assert len(body["results"]) == 2 and body["previous"] and not body["next"]
    paging = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"]]
    assert len(paging) == 1 and "OFFSET" not in paging[0], paging


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _count_queries(captured):
    return [q["sql"] for q in captured.captured_queries if '"__count"' in q["sql"]]


def test_a_long_list_reuses_its_count_for_a_while_and_a_short_one_is_counted_every_time(
        client_as, many_claims, settings, fresh_cache):
    """Counting 1.8 million claims cost most of a page (docs/benchmarks.md): a list of LIST_COUNT_CACHE_FROM
    rows or more reuses its count for LIST_COUNT_CACHE_SECONDS, per query (so per filter and per person)."""
    client = client_as("reviewer")
    settings.LIST_COUNT_CACHE_FROM = len(many_claims)
    first = client.get("/api/v1/claims/", {"page_size": 5}).json()
    Claim.objects.create(article=many_claims[0].article, start=390, end=395, text="xxxxx")

    with CaptureQueriesContext(connection) as captured:
        again = client.get("/api/v1/claims/", {"page_size": 5, "page": 2}).json()
    assert first["count"] == again["count"] == len(many_claims), "the count of the last 30 seconds"
    assert not _count_queries(captured)

    filtered = client.get("/api/v1/claims/", {"page_size": 5, "checkworthy": "true"}).json()
    assert filtered["count"] == sum(1 for claim in many_claims if claim.checkworthy), "another query, its own count"

    settings.LIST_COUNT_CACHE_FROM = len(many_claims) + 10
    with CaptureQueriesContext(connection) as captured:
        short = client.get("/api/v1/claims/", {"page_size": 5, "ordering": "start"}).json()
    assert short["count"] == len(many_claims) + 1 and _count_queries(captured), "under the threshold: counted"

    settings.LIST_COUNT_CACHE_FROM, settings.LIST_COUNT_CACHE_SECONDS = 1, 0
    assert client.get("/api/v1/claims/", {"page_size": 5}).json()["count"] == len(many_claims) + 1, "turned off"
