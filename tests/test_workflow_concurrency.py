"""Two people acting on one claim at the same moment: the row lock serializes them, nothing is lost.

Real threads and real transactions (transactional_db): on PostgreSQL the claim
row lock does the work, on SQLite the IMMEDIATE transactions do.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from annotations.models import AuditEvent, Claim, FactCheck
from annotations.services import articles, publishing, review
from tests.publishing import APPEARED

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


def together(*calls):
    """Run the calls in threads released at the same instant; their results or exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # collected for the test to assert on
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def claim(transactional_db, default_ratings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY, **APPEARED)
    return article.claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()


def test_two_agreeing_verdicts_sent_at_once_make_the_claim_ready(claim, reviewer_a, reviewer_b, default_ratings):
    false = default_ratings["false"]
    results = together(
        lambda: review.verdict_submit(claim=Claim(pk=claim.pk), reviewer=reviewer_a, rating=false, rationale="a"),
        lambda: review.verdict_submit(claim=Claim(pk=claim.pk), reviewer=reviewer_b, rating=false, rationale="b"),
    )
    assert not any(isinstance(result, Exception) for result in results), results
    claim.refresh_from_db()
    assert claim.status == Claim.Status.READY
    assert list(AuditEvent.objects.filter(claim=claim).order_by("id").values_list("to_state", flat=True)) == [
        "in_review", "ready"
    ]


def test_two_editors_publishing_at_once_publish_once(claim, reviewer_a, reviewer_b, editor, django_user_model,
                                                    default_ratings):
    from .conftest import _user

    second = _user(django_user_model, "editor_2", "editor")
    for reviewer in (reviewer_a, reviewer_b):
        review.verdict_submit(claim=claim, reviewer=reviewer, rating=default_ratings["false"], rationale="No.")

    def publish(who, summary):
        return lambda: publishing.factcheck_publish(claim=Claim(pk=claim.pk), actor=who,
                                                  rating=default_ratings["false"], summary=summary)

    results = together(publish(editor, "First."), publish(second, "Second."))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), results
    assert errors[0].messages == ["This fact-check is already published."]
    assert FactCheck.objects.count() == 1
    assert AuditEvent.objects.filter(claim=claim, action="publish").count() == 1
