"""Requests built to break the API get a 4xx with a JSON message, never a 500 or an HTML page.

Nesting, size, types, lengths, OPTIONS, list parameters, unknown URLs.
"""

import json

import pytest
from django.test import Client
from django.urls import get_resolver
from rest_framework.test import APIClient

from annotations.models import Article, Evidence, Verdict
from annotations.services.accounts import api_token_get_or_create

DEEP = "[" * 100_000 + "]" * 100_000


def _write_endpoints(ctx):
    """Every JSON write of the API: (method, url)."""
    return [
        ("post", "/api/v1/articles/"),
        ("post", "/api/v1/verdicts/"),
        ("put", f"/api/v1/verdicts/{ctx['verdict'].pk}/"),
        ("patch", f"/api/v1/verdicts/{ctx['verdict'].pk}/"),
        ("post", "/api/v1/evidence/"),
    ]


@pytest.fixture
def own_verdict(claim, editor, ratings):
    return Verdict.objects.create(claim=claim, reviewer=editor, rating=ratings["false"], rationale="No.")


@pytest.mark.parametrize("body", [DEEP, "[" * 100 + "]" * 100, '{"body": ' + "[" * 50 + "]" * 50 + "}"],
                         ids=["100000 levels", "100 levels", "50 levels in a field"])
def test_deeply_nested_json_is_a_400_on_every_write_endpoint(client_as, own_verdict, body):
    client = client_as("editor")
    for method, url in _write_endpoints({"verdict": own_verdict}):
        response = getattr(client, method)(url, body, content_type="application/json")

        assert response.status_code == 400, (method, url, response.content[:200])
        assert response.json() == {"detail": "JSON parse error - the body is nested more than 20 levels deep."}
    assert Article.objects.filter(title="").count() == 0


def test_a_batch_of_articles_is_nested_shallowly_enough(client_as, editor):
    response = client_as("editor").post("/api/v1/articles/", [{"body": "Port News\n\nThe port reopened."}],
                                        format="json")
    assert response.status_code == 201


def test_a_body_over_the_limit_is_a_413_naming_the_limit(client_as, editor, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1_000_000
    body = json.dumps({"body": "x" * 1_000_001})

    response = client_as("editor").post("/api/v1/articles/", body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"The request body is {len(body):,} bytes; the limit is 1,000,000 bytes "
                                         "(1 MiB). Send less in one request (a batch of articles in several)."}
    assert not Article.objects.exists()


def test_a_page_form_over_the_limit_is_a_413_too(db, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    response = Client().post("/accounts/login/", {"username": "x" * 2000, "password": "y"})

    assert response.status_code == 413
    assert "the limit is 1,000 bytes" in response.content.decode()


def test_the_default_limit_takes_a_batch_of_1000_articles_of_2_7_megabytes(client_as, editor, settings):
    sentence = "The harbour authority said on Tuesday that 4,000 containers were moved in the third quarter. "
    batch = [{"body": f"Harbour Report {i}\n\n" + sentence * 28, "title": f"Harbour report {i}",
              "url": f"https://news.example.org/harbour/{i}"} for i in range(1000)]
    body = json.dumps(batch)
    assert 2_600_000 < len(body) < 2_900_000
    assert len(body) > 2_621_440, "no larger than Django's default limit: the test proves nothing"

    response = client_as("editor").post("/api/v1/articles/", body, content_type="application/json")

    assert response.status_code == 201, response.content[:300]
    assert response.json()["created"] == 1000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.REQUEST_BODY_MAX_BYTES == 10 * 2**20


@pytest.mark.parametrize(("payload", "errors"), [
    ({"body": 12345}, {"body": ["Not a valid string."]}),
    ({"body": ["Port News"]}, {"body": ["Not a valid string."]}),
    ({"body": "Port News\n\nThe port reopened.", "title": True}, {"title": ["Not a valid string."]}),
    ({"body": "Port News\n\nThe port reopened.", "language": 7}, {"language": ["Not a valid string."]}),
])
def test_an_article_field_of_the_wrong_type_is_refused(client_as, editor, payload, errors):
    response = client_as("editor").post("/api/v1/articles/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Article.objects.exists()


def test_verdict_and_evidence_fields_of_the_wrong_type_are_refused(client_as, claim, ratings):
    client = client_as("reviewer")
    answers = [
        client.post("/api/v1/verdicts/", {"claim": str(claim.pk), "rating": ratings["true"].pk}, format="json"),
        client.post("/api/v1/verdicts/", {"claim": claim.pk, "rating": str(ratings["true"].pk)}, format="json"),
        client.post("/api/v1/verdicts/", {"claim": claim.pk, "rating": ratings["false"].pk, "rationale": 42},
                    format="json"),
        client.post("/api/v1/evidence/", {"claim": claim.pk, "url": "https://example.org/a", "title": 7,
                                          "stance": "supports"}, format="json"),
    ]

    assert [(r.status_code, r.json()) for r in answers] == [
        (400, {"claim": ["A valid integer is required."]}),
        (400, {"rating": ["Incorrect type. Expected pk value, received str."]}),
        (400, {"rationale": ["Not a valid string."]}),
        (400, {"title": ["Not a valid string."]}),
    ]
    assert not Verdict.objects.exists() and not Evidence.objects.exists()


@pytest.mark.parametrize(("url", "field", "limit", "base"), [
    ("/api/v1/verdicts/", "rationale", 10_000, lambda c, r: {"claim": c.pk, "rating": r["false"].pk}),
    ("/api/v1/evidence/", "title", 300, lambda c, r: {"claim": c.pk, "url": "https://e.org/", "stance": "refutes"}),
    ("/api/v1/evidence/", "excerpt", 5_000, lambda c, r: {"claim": c.pk, "url": "https://e.org/", "title": "T",
                                                         "stance": "refutes"}),
    ("/api/v1/evidence/", "note", 5_000, lambda c, r: {"claim": c.pk, "url": "https://e.org/", "title": "T",
                                                      "stance": "refutes"}),
])
def test_texts_longer_than_the_forms_allow_are_refused_by_the_api_too(client_as, claim, ratings, url, field,
                                                                      limit, base):
    client = client_as("reviewer")
    too_long = client.post(url, {**base(claim, ratings), field: "x" * (limit + 1)}, format="json")
    just_right = client.post(url, {**base(claim, ratings), field: "x" * limit}, format="json")

    assert too_long.status_code == 400
    assert too_long.json() == {field: [f"Ensure this field has no more than {limit} characters."]}
    assert just_right.status_code == 201


def test_a_long_evidence_url_is_refused(client_as, claim):
    response = client_as("reviewer").post("/api/v1/evidence/", {
        "claim": claim.pk, "url": "https://e.org/" + "a" * 2000, "title": "T", "stance": "refutes"}, format="json")
    assert response.status_code == 400
    assert response.json()["url"] == ["Ensure this field has no more than 2000 characters."]


def test_a_verdict_update_refuses_a_rationale_over_the_limit(client_as, claim, reviewer_a, ratings):
    verdict = Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=ratings["false"], rationale="No.")
    response = client_as("reviewer").patch(f"/api/v1/verdicts/{verdict.pk}/",
                                           {"rationale": "x" * 10_001, "version": 1}, format="json")
    assert response.status_code == 400
    verdict.refresh_from_db()
    assert verdict.rationale == "No."


# --- OPTIONS ---


def _api_urls(ctx):
    urls = []
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for sub in pattern.url_patterns:
            route = "/api/v1/" + str(sub.pattern)
            if "<int:pk>" in route:
                route = route.replace("<int:pk>", str(ctx[sub.name]))
            urls.append(route.replace("<slug:slug>", "no-such-slug"))
    return urls


def test_the_options_list_names_every_endpoint_of_the_api():
    names = {sub.name for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/" for sub in p.url_patterns}
    assert len(names) == 18


@pytest.mark.parametrize("persona", ["anonymous", "reviewer", "editor", "admin"])
def test_options_answers_every_endpoint_with_json_and_never_fails(client_as, persona, claim, verdict_by_b,
                                                                   evidence_by_b):
    from annotations.models import ArticleFetch

    fetch = ArticleFetch.objects.create(url="https://news.example/a", url_key="0" * 64)
    ctx = {"api-article-detail": claim.article_id, "api-claim-detail": claim.pk, "api-fetch-detail": fetch.pk,
           "api-verdict-detail": verdict_by_b.pk, "api-evidence-detail": evidence_by_b.pk}
    client = client_as(persona)
    for url in _api_urls(ctx):
        response = client.options(url)

        public = url == "/api/v1/" or url.startswith(("/api/v1/claim-reviews/", "/api/v1/export/claim-reviews"))
        expected = 200 if persona != "anonymous" or public else 401
        if url in ("/api/v1/export/archive.jsonl", "/api/v1/export/web-annotations.jsonl") and persona in (
                "reviewer", "editor"):
            expected = 403  # the whole record, every reviewer's verdicts, is the admins'
        if url == "/api/v1/schema/docs/" and persona != "anonymous":
            expected = 405  # an HTML page, with nothing to say to OPTIONS
        assert response.status_code == expected, (persona, url, response.content[:200])
        if url.startswith("/api/v1/schema/"):
            continue  # the schema answers in YAML, its docs in HTML
        assert "json" in response["Content-Type"], url
        assert "detail" in response.json() or "name" in response.json(), url


# --- List parameters ---

LISTS = ["/api/v1/articles/", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/evidence/", "/api/v1/claim-reviews/"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page_size", ["-1", "0", "abc", "1.5", "100000"])
def test_a_bad_page_size_is_a_400_on_every_list(client_as, claim, url, page_size):
    response = client_as("reviewer").get(url, {"page_size": page_size})

    assert response.status_code == 400
    maximum = 500 if "claim-reviews" in url else 200
    assert response.json() == {"page_size": [f"page_size must be a whole number from 1 to {maximum}."]}


@pytest.mark.parametrize("cursor", [False, True])
@pytest.mark.parametrize("ordering", ["password", "body", "-article__created_by__password", ",", "start,nope"])
def test_an_unknown_ordering_is_a_400_naming_the_allowed_ones(client_as, claim, ordering, cursor):
    params = {"ordering": ordering, **({"cursor": ""} if cursor else {})}
    response = client_as("reviewer").get("/api/v1/claims/", params)

    assert response.status_code == 400
    assert response.json()["ordering"][0].startswith(
        "Order by one of checkworthiness, created_at, id, start (a leading - reverses it); not ")


# --- Outside the views ---


def test_an_unknown_api_url_is_a_json_404(client_as, reviewer_a):
    response = client_as("reviewer").get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found: no such endpoint (see /api/v1/schema/docs/)."}


def test_an_unknown_page_outside_the_api_is_still_html(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_in_the_api_is_json_too(db, editor, monkeypatch):
    from annotations import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "article_rows", broken)
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_get_or_create(user=editor).key}")

    response = client.get("/api/v1/articles/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Server error: the request failed on our side."}


def test_a_form_encoded_body_is_refused_as_the_api_takes_json_only(client_as, claim, ratings):
    response = client_as("reviewer").post("/api/v1/verdicts/", {"claim": claim.pk, "rating": ratings["true"].pk})

    assert response.status_code == 415
    assert response.json()["detail"].startswith('Unsupported media type "multipart/form-data;')
