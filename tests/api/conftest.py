"""Fixtures for the REST API tests: a client per persona, a split article and its claims."""

import pytest
from rest_framework.test import APIClient

from annotations.models import Claim, Evidence, Verdict

BODY = (
    "Ministers Agree On Budget\n\n"
    "The deal was signed on Monday. It adds 12,000 jobs, officials said. "
    "Unemployment fell to 4.1 percent in March, the statistics office reported."
)

PERSONAS = ["anonymous", "outsider", "reviewer", "editor", "admin"]


@pytest.fixture
def client_as(request, db):
    """``client_as("reviewer")`` → an APIClient authenticated as that persona (none for anonymous)."""
    fixture_names = {"outsider": "outsider", "reviewer": "reviewer_a", "reviewer_b": "reviewer_b",
                     "editor": "editor", "admin": "admin_user"}

    def make(persona):
        client = APIClient()
        if persona != "anonymous":
            client.force_authenticate(user=request.getfixturevalue(fixture_names[persona]))
        return client

    return make


@pytest.fixture
def article(split_article):
    return split_article(BODY, url="https://example.org/budget")


@pytest.fixture
def claims(article):
    found = list(article.claims.filter(kind=Claim.Kind.CLAIM))
    assert len(found) >= 2, "the test article must split into at least two claims"
    return found


@pytest.fixture
def claim(claims):
    return claims[0]


@pytest.fixture
def ratings(default_ratings):
    return default_ratings


@pytest.fixture
def verdict_by_b(claim, reviewer_b, ratings):
    return Verdict.objects.create(
        claim=claim, reviewer=reviewer_b, rating=ratings["false"], rationale="Records say no."
    )


@pytest.fixture
def evidence_by_b(claim, reviewer_b):
    return Evidence.objects.create(
        claim=claim, added_by=reviewer_b, url="https://stats.example.org/q1", title="Q1 statistics",
        stance=Evidence.Stance.REFUTES,
    )
