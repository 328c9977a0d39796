"""The number of queries per list page does not grow with the number of rows on it.

The clients authenticate with a token, as scripts do: every request then loads
its user afresh, so the counts include the one role lookup each request makes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations.models import Claim, Evidence, Verdict
from annotations.selectors import claim_detail_sql
from annotations.services import articles, verdict_sql


@pytest.fixture
def rows(db, reviewer_a, reviewer_b, default_ratings):
    """``rows(n)`` → n articles, n claims each with a verdict by each reviewer and one piece of evidence."""

    made = []

    def make(n):
        first = len(made)
        made.extend(range(first, first + n))
        created = articles.article_create_many(
            items=[{"body": f"Story {i}\n\nThe council hired {i} new teachers on Monday."} for i in made[first:]]
        )
        for article in created:
            start = article.body.index("The council")
            claim = Claim.objects.create(article=article, start=start, end=len(article.body),
                                         text=article.body[start:], checkworthiness=0.5)
            for reviewer in (reviewer_a, reviewer_b):
                Verdict.objects.create(claim=claim, reviewer=reviewer, rating=default_ratings["true"])
            Evidence.objects.create(claim=claim, added_by=reviewer_b, url="https://example.org", title="Src",
                                    stance="supports")

    return make


PERSONA_FIXTURES = {"reviewer": "reviewer_a", "editor": "editor"}


@pytest.fixture
def token_client(request, db):
    """``token_client("editor")`` → an APIClient sending that persona's API token."""

    def make(persona):
        user = request.getfixturevalue(PERSONA_FIXTURES[persona])
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    return make


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/evidence/"])
@pytest.mark.parametrize("persona", ["reviewer", "editor"])
def test_a_list_page_costs_the_same_queries_for_1_and_30_rows(token_client, rows, url, persona):
    client = token_client(persona)
    rows(1)
    one, shown_one = _queries(client, url)
    rows(29)
    thirty, shown_thirty = _queries(client, url)

    assert shown_one >= 1 and shown_thirty >= 30
    print(f"{persona} {url}: {one} queries for {shown_one} rows, {thirty} for {shown_thirty}")
    assert one == thirty


def test_a_claim_detail_costs_the_same_queries_for_1_and_10_verdicts(token_client, rows, editor, django_user_model,
                                                                     default_ratings):
    rows(1)
    claim = Claim.objects.get()
    client = token_client("editor")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/api/v1/claims/{claim.pk}/")
    for n in range(8):
        other = django_user_model.objects.create_user(username=f"r{n}")
        Verdict.objects.create(claim=claim, reviewer=other, rating=default_ratings["true"])
        Evidence.objects.create(claim=claim, added_by=other, url="https://example.org", title="Src", stance="context")
    with CaptureQueriesContext(connection) as after:
        data = client.get(f"/api/v1/claims/{claim.pk}/").json()

    assert len(data["verdicts"]) == 10
    assert len(before) == len(after)


# Pinned totals (docs/benchmarks.md): DRF's token lookup with its user, Django's
# permission cache (the user's own permissions, then their groups', once per
# request), then what the endpoint itself needs. A rise here is a regression to explain.


@pytest.mark.parametrize("fast", [False, True], ids=["through the ORM", "in one statement"])
@pytest.mark.parametrize("persona", ["reviewer", "editor"])
def test_a_claim_detail_costs_five_queries_or_three_in_one_statement(token_client, rows, settings, persona, fast):
    """Token with user, the user's permissions (their own and their groups', one query), the claim with
    its article, all its verdicts, all its evidence; on PostgreSQL (``CLAIM_DETAIL_FAST_SQL``) the last
    three are one statement (selectors/claim_detail_sql.py)."""
    settings.CLAIM_DETAIL_FAST_SQL = fast
    rows(1)
    claim = Claim.objects.get()
    client = token_client(persona)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/claims/{claim.pk}/")

    assert response.status_code == 200
    assert len(captured) == (3 if claim_detail_sql.in_use() else 5), [q["sql"] for q in captured.captured_queries]


def test_a_claims_list_page_costs_five_queries(token_client, rows):
    """Token with user, the user's permissions (one query), the total count, the page's ids, the page's
    rows with their counts."""
    rows(3)
    client = token_client("reviewer")

    assert _queries(client, "/api/v1/claims/") == (5, 3)


def test_the_permission_lookup_runs_once_per_request(token_client, rows):
    rows(1)
    claim = Claim.objects.get()
    client = token_client("reviewer")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 200

    group_queries = [q["sql"] for q in captured.captured_queries if "auth_user_groups" in q["sql"]]
    assert len(group_queries) == 1


@pytest.mark.parametrize("fast", [False, True], ids=["through the ORM", "in one statement"])
def test_a_first_verdict_costs_twelve_queries_or_nine_on_its_fast_path(token_client, rows, default_ratings,
                                                                        settings, fast):
    """Token with user, the user's permissions (one query), the rating; then in one transaction (two
    statements for its savepoint in a test): the claim read once, locked (the gate only asks whether
    the user may review), the verdict and its history row,
    the claim's standing verdicts for its status, the status with the dashboard's review facts and
    its history row, and its audit event. The verdicts' pairing (docs/dashboard.md) is written only when it
    changes: not for the first verdict that stands. On PostgreSQL (``VERDICT_FAST_SQL``) the five writes
    are one statement, and the transaction first lets PostgreSQL reuse its plans (services/verdict_sql.py)."""
    settings.VERDICT_FAST_SQL = fast
    rows(1)
    claim = Claim.objects.get()
    # Verdicts are never deleted; withdrawn (written directly here, no service) they no longer count.
    Verdict.objects.filter(claim=claim).update(withdrawn_at=timezone.now())
    client = token_client("reviewer")
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/api/v1/verdicts/", {"claim": claim.pk, "rating": default_ratings["false"].pk,
                                                     "rationale": "The register says otherwise."}, format="json")

    assert response.status_code == 201
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.audit_events.filter(action="verdict", to_state=Claim.Status.IN_REVIEW).count() == 1
    assert len(captured) == (9 if verdict_sql.in_use() else 12), [q["sql"] for q in captured.captured_queries]
