"""/api/v1/articles/: list with split state and counts, detail, create one, create many (all or nothing)."""

import pytest

from annotations.api import views
from annotations.models import Article, Claim
from annotations.services import articles

from .conftest import BODY

OTHER = "Port Reopens\n\nThe port reopened on Friday after 3 weeks. Traffic was 40 percent lower, the operator said."


def test_the_list_shows_split_state_and_claim_counts(client_as, article):
    response = client_as("reviewer").get("/api/v1/articles/")

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == article.pk
    assert item["split_state"] == "done"
    assert item["split_error"] == ""
    assert item["claim_count"] == article.claims.filter(kind=Claim.Kind.CLAIM).count()
    assert item["checkworthy_count"] == article.claims.filter(kind=Claim.Kind.CLAIM, checkworthy=True).count()
    assert "body" not in item


def test_every_page_counts_each_articles_own_claims_as_the_annotated_list_does(client_as, split_article, seed_texts):
    from annotations import selectors

    for body in seed_texts.values():
        split_article(body)
    unsplit = articles.article_create(body="Queued\n\nThe mayor said 3 buses were late.")
    expected = {a.pk: (a.claim_count, a.checkworthy_count) for a in selectors.article_list()}
    assert expected[unsplit.pk] == (0, 0) and len({counts for counts in expected.values()}) > 2

    listed = {}
    for page in (1, 2, 3):
        body = client_as("reviewer").get("/api/v1/articles/", {"page_size": 2, "page": page}).json()
        listed.update({item["id"]: (item["claim_count"], item["checkworthy_count"]) for item in body["results"]})
    assert listed == expected


def test_the_list_is_paginated_and_filtered_by_split_state(client_as, editor):
    for n in range(3):
        articles.article_create(body=f"Item {n}\n\nThe mayor said {n} buses were late.")  # never split: queued
    failed = articles.article_create(body="Broken\n\nThe splitter fails here.")
    Article.objects.filter(pk=failed.pk).update(split_state=Article.SplitState.FAILED, split_error="boom")
    client = client_as("reviewer")

    page = client.get("/api/v1/articles/", {"page_size": 2}).json()
    failed_only = client.get("/api/v1/articles/", {"split_state": "failed"}).json()

    assert page["count"] == 4
    assert len(page["results"]) == 2
    assert page["next"].endswith("page=2&page_size=2")
    assert [(a["id"], a["split_error"]) for a in failed_only["results"]] == [(failed.pk, "boom")]


def test_an_unknown_split_state_filter_is_a_400(client_as, db):
    response = client_as("reviewer").get("/api/v1/articles/", {"split_state": "exploded"})
    assert response.status_code == 400
    assert response.json() == {"split_state": ['"exploded" is not a valid choice.']}


def test_the_detail_has_the_body_and_counts_but_no_claims(client_as, article, editor):
    response = client_as("reviewer").get(f"/api/v1/articles/{article.pk}/")

    data = response.json()
    assert data["body"] == BODY
    assert data["split_state"] == "done"
    assert data["claim_count"] == article.claims.filter(kind=Claim.Kind.CLAIM).count()
    assert "claims" not in data


def test_an_editor_creates_an_article_and_its_split_runs_after_commit(
    client_as, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_as("editor").post(
            "/api/v1/articles/",
            {"body": OTHER, "title": "Port Reopens", "source": "Harbour Times", "published_on": "2026-03-01"},
            format="json",
        )

    assert response.status_code == 201
    assert len(callbacks) == 2  # the split, then (enqueued by the eager split) the cross-article linking
    article = Article.objects.get(pk=response.json()["id"])
    assert (article.title, article.source, str(article.published_on)) == ("Port Reopens", "Harbour Times", "2026-03-01")
    assert article.created_by == editor
    assert article.body == OTHER
    assert article.split_state == Article.SplitState.DONE
    assert article.claims.exists()
    assert response.json()["split_state"] == "queued"  # the answer is sent before the split


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"body": OTHER, "colour": "red", "author": 1}, {"author": ["Unknown or read-only field."],
                                                         "colour": ["Unknown or read-only field."]}),
        ({"body": OTHER, "split_state": "done"}, {"split_state": ["Unknown or read-only field."]}),
        ({}, {"body": ["This field is required."]}),
        ({"body": ""}, {"body": ["This field may not be blank."]}),
        ({"body": ["a list"]}, {"body": ["Not a valid string."]}),
        ({"body": OTHER, "published_on": "last week"},
         {"published_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}),
        ({"body": OTHER, "url": "javascript:alert(1)"}, {"url": ["Enter an http:// or https:// URL."]}),
        ({"body": "   \n  "}, {"non_field_errors": ["The article text is empty."]}),
        ("just a string", {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}),
    ],
)
def test_bad_input_is_a_400_naming_the_problem_and_creates_nothing(client_as, editor, payload, errors):
    response = client_as("editor").post("/api/v1/articles/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert Article.objects.count() == 0


def test_malformed_json_is_a_400(client_as, editor):
    response = client_as("editor").post("/api/v1/articles/", '{"body": "x"', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_a_text_imported_before_is_refused_with_the_existing_article(client_as, article):
    response = client_as("editor").post("/api/v1/articles/", {"body": BODY}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [f"This text was already imported as article #{article.pk} “{article.title}”."]
    }
    assert Article.objects.count() == 1


# --- Many in one request ---


def test_a_list_creates_every_article_in_one_request_and_splits_them_after_commit(
    client_as, editor, django_capture_on_commit_callbacks
):
    bodies = [OTHER, BODY, "Rain Record\n\nIt rained 80 mm on Sunday, the most since 1911."]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("editor").post("/api/v1/articles/", [{"body": b} for b in bodies], format="json")

    assert response.status_code == 201
    ids = response.json()["ids"]
    assert response.json()["created"] == 3
    assert [Article.objects.get(pk=pk).body for pk in ids] == bodies
    assert set(Article.objects.values_list("split_state", flat=True)) == {Article.SplitState.DONE}
    assert all(a.created_by == editor and a.history.count() == 1 for a in Article.objects.all())


def test_a_list_with_a_duplicate_inside_creates_nothing_and_says_which_item(client_as, editor):
    payload = [{"body": OTHER}, {"body": BODY}, {"body": OTHER}]

    response = client_as("editor").post("/api/v1/articles/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"2": {"body": ["This text is the same as item 0 of this request."]}}
    assert Article.objects.count() == 0


def test_a_list_with_an_article_already_present_creates_nothing(client_as, article):
    response = client_as("editor").post("/api/v1/articles/", [{"body": OTHER}, {"body": BODY}], format="json")

    assert response.status_code == 400
    assert response.json() == {
        "1": {"body": [f"This text was already imported as article #{article.pk} “{article.title}”."]}
    }
    assert list(Article.objects.values_list("pk", flat=True)) == [article.pk]


def test_a_list_with_one_malformed_item_creates_nothing(client_as, editor):
    payload = [{"body": OTHER}, {"body": BODY, "colour": "red"}, {"body": "  "}]

    response = client_as("editor").post("/api/v1/articles/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"1": {"colour": ["Unknown or read-only field."]}}
    assert Article.objects.count() == 0


def test_a_list_whose_items_fail_the_service_checks_creates_nothing(client_as, editor):
    response = client_as("editor").post("/api/v1/articles/", [{"body": OTHER}, {"body": "  "}], format="json")

    assert response.status_code == 400
    assert response.json() == {"1": {"body": ["The article text is empty."]}}
    assert Article.objects.count() == 0


def test_an_empty_list_is_a_400(client_as, editor):
    response = client_as("editor").post("/api/v1/articles/", [], format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Send at least one article."]}


def test_a_list_above_the_batch_limit_is_a_400(client_as, editor, monkeypatch):
    monkeypatch.setattr(views, "ARTICLE_BATCH_MAX", 2)
    payload = [{"body": f"Item {n}\n\nText {n}."} for n in range(3)]

    response = client_as("editor").post("/api/v1/articles/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["At most 2 articles per request; got 3."]}
    assert Article.objects.count() == 0
