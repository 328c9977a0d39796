"""The number of queries per list page does not grow with the number of rows on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import services
from annotations.models import Claim, Evidence, Verdict


@pytest.fixture
def rows(db, reviewer_a, reviewer_b, default_ratings):
    """``rows(n)`` → n articles, n claims each with a verdict by each reviewer and one piece of evidence."""

    made = []

    def make(n):
        first = len(made)
        made.extend(range(first, first + n))
        articles = services.article_create_many(
            items=[{"body": f"Story {i}\n\nThe council hired {i} new teachers on Monday."} for i in made[first:]]
        )
        for article in articles:
            start = article.body.index("The council")
            claim = Claim.objects.create(article=article, start=start, end=len(article.body),
                                         text=article.body[start:], checkworthiness=0.5)
            for reviewer in (reviewer_a, reviewer_b):
                Verdict.objects.create(claim=claim, reviewer=reviewer, rating=default_ratings["true"])
            Evidence.objects.create(claim=claim, added_by=reviewer_b, url="https://example.org", title="Src",
                                    stance="supports")

    return make


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/evidence/"])
@pytest.mark.parametrize("persona", ["reviewer", "editor"])
def test_a_list_page_costs_the_same_queries_for_1_and_30_rows(client_as, rows, url, persona):
    client = client_as(persona)
    rows(1)
    one, shown_one = _queries(client, url)
    rows(29)
    thirty, shown_thirty = _queries(client, url)

    assert shown_one >= 1 and shown_thirty >= 30
    print(f"{persona} {url}: {one} queries for {shown_one} rows, {thirty} for {shown_thirty}")
    assert one == thirty


def test_a_claim_detail_costs_the_same_queries_for_1_and_10_verdicts(client_as, rows, editor, django_user_model,
                                                                     default_ratings):
    rows(1)
    claim = Claim.objects.get()
    client = client_as("editor")
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
