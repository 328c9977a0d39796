"""The OpenAPI schema tells the truth: schemathesis generates requests for every operation from the schema,
sends them to the running app (pytest-django's live server on 127.0.0.1) with a reviewer's token and an
admin's, and checks each answer: never a server error, a status the operation declares, and a body that
matches the schema declared for that status.

Bounded (``FUZZ_EXAMPLES`` per operation and token, half of them on objects that exist) so CI stays fast;
``FUZZ_EXAMPLES=200`` for a longer run. The count of cases is asserted too: a fuzz that ran nothing passes.
"""

import os
from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from annotations.models import Claim, Evidence, Verdict
from annotations.services.accounts import api_token_get_or_create
from tests.publishing import publish_factcheck

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
BODIES = [
    "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said. "
    "Unemployment fell to 4.1 percent in March, the statistics office reported.",
    "Port Reopens\n\nThe port reopened on Friday after 12,000 workers returned, the mayor said. "
    "Shipping rose 8 percent in May.",
]


@pytest.fixture
def world(live_server, transactional_db, split_article, reviewer_a, reviewer_b, editor, admin_user,
          default_ratings):
    """Rows for the fuzz to find: articles with claims, verdicts, evidence, a published fact-check."""
    articles = [split_article(body, url="https://example.org/news") for body in BODIES]
    claims = list(Claim.objects.filter(article__in=articles, kind=Claim.Kind.CLAIM))
    verdicts = [Verdict.objects.create(claim=claims[0], reviewer=reviewer_b, rating=default_ratings["false"],
                                       rationale="Records say no."),
                Verdict.objects.create(claim=claims[1], reviewer=reviewer_a, rating=default_ratings["true"])]
    evidence = [Evidence.objects.create(claim=claim, added_by=reviewer_a, url="https://stats.example.org/q1",
                                        title="Q1 statistics", stance=Evidence.Stance.REFUTES) for claim in claims]
    factcheck = publish_factcheck(claims[2], default_ratings["false"], slug="jobs-figure")
    return {
        "url": live_server.url,
        "tokens": {"reviewer": api_token_get_or_create(user=reviewer_a).key,
                   "admin": api_token_get_or_create(user=admin_user).key},
        "ids": {"claim": [c.pk for c in claims], "article": [a.pk for a in articles],
                "verdict": [v.pk for v in verdicts], "evidence": [e.pk for e in evidence]},
        "ratings": [r.pk for r in default_ratings.values()],
        "slug": factcheck.slug,
    }


def _strategies(world, operation):
    """Cases with generated path parameters and, for an operation on one object, cases on objects that exist."""
    generated = operation.as_strategy()
    if "{slug}" in operation.path:
        return [generated, operation.as_strategy(path_parameters={"slug": world["slug"]})]
    if "{id}" in operation.path:
        noun = next(noun for noun in ("article", "claim", "verdict", "evidence") if f"/{noun}" in operation.path)
        existing = st.sampled_from(world["ids"][noun]).flatmap(
            lambda pk: operation.as_strategy(path_parameters={"id": pk}))
        return [generated, existing]
    return [generated]


def _load_schema(world):
    raw = requests.get(f"{world['url']}/api/v1/schema/", params={"format": "json"},
                       headers={"Authorization": f"Token {world['tokens']['admin']}"}, timeout=30)
    assert raw.status_code == 200, raw.text[:300]
    schema = schemathesis.openapi.from_dict(raw.json())

    @schema.hook
    def flatmap_body(context, body):
        # Bodies that name a real claim and rating reach the services, not only the "no such claim" check.
        if isinstance(body, dict) and "claim" in body:
            real = {**body, "claim": world["ids"]["claim"][0]}
            if "rating" in body:
                real["rating"] = world["ratings"][0]
            return st.sampled_from([body, real])
        return st.just(body)

    return schema


def _fuzz(world, strategies, label, headers, cases, failures):
    """Send up to EXAMPLES cases; count them, and keep the first failure rather than stop at it."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(*strategies))
    def run(case):
        cases[label] += 1
        try:
            case.call_and_validate(base_url=world["url"], headers=headers, checks=CHECKS, timeout=30)
        except BaseExceptionGroup as failure:  # schemathesis raises its findings as a group
            if not any(seen.startswith(label + ":") for seen in failures):  # the first of each operation
                failures.append(f"{label}: {failure}")

    run()


def test_every_operation_answers_as_its_schema_says_for_a_reviewer_and_an_admin(world):
    schema = _load_schema(world)
    operations = [result.ok() for result in schema.get_all_operations()]
    cases, failures = Counter(), []

    for persona, token in world["tokens"].items():
        for operation in operations:
            _fuzz(world, _strategies(world, operation), f"{operation.method.upper()} {operation.path} as {persona}",
                  {"Authorization": f"Token {token}"}, cases, failures)

    total = sum(cases.values())
    print(f"\nschemathesis: {total} cases over {len(operations)} operations × 2 tokens, "
          f"{len(failures)} failures")
    assert not failures, "\n\n".join(failures)
    assert len(cases) == 2 * len(operations) and len(operations) >= 18
    # 18 operations × 2 tokens × 60 examples: at least 2,000 cases (every one, with fewer examples).
    assert total >= min(2000, 2 * len(operations) * EXAMPLES)
