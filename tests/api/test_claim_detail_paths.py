"""The claim detail's two reads: one statement on PostgreSQL (CLAIM_DETAIL_FAST_SQL) and the ORM's three.

Whatever path reads it, every reader gets the same JSON, byte for byte; the
fast path refuses a column it could not take back from JSON rather than show
it wrong. On SQLite the switch changes nothing; CI runs these on PostgreSQL too.
"""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import Claim, Evidence, Verdict
from annotations.selectors import claim_detail_sql

PERSONAS = ("reviewer", "reviewer_b", "editor", "admin")


@pytest.fixture
def reviewed_claims(claims, reviewer_a, reviewer_b, ratings):
    """A claim rated twice (one verdict withdrawn) with standing and retracted evidence, one rated once, one not."""
    now = timezone.now()
    rated_twice, rated_once, untouched = claims[:3]
    Claim.objects.filter(pk=rated_twice.pk).update(
        claimant="Jane Doe", claimant_kind="person", claimant_evidence=[[0, 4], [10, 18]],
        dates=[{"start": 0, "end": 4, "text": "May", "type": "DATE", "value": "2025-05", "mod": None}],
        dates_anchor=dt.date(2025, 6, 1))
    Verdict.objects.create(claim=rated_twice, reviewer=reviewer_a, rating=ratings["true"], rationale="<b>Yes</b>",
                           withdrawn_at=now, withdrawn_by=reviewer_a, withdrawal_reason="Misread it.")
    for claim in (rated_twice, rated_once):
        Verdict.objects.create(claim=claim, reviewer=reviewer_b, rating=ratings["false"], rationale="No. ünïcode")
        Evidence.objects.create(claim=claim, added_by=reviewer_b, url="https://example.org/b", title="B's",
                                stance="refutes", note="B's reading", excerpt="<script>x</script>")
        Evidence.objects.create(claim=claim, added_by=reviewer_a, url="https://example.org/a", title="A's",
                                stance="supports", retracted_at=now, retracted_by=reviewer_a,
                                retraction_reason="Wrong page.")
    return rated_twice, rated_once, untouched


@pytest.mark.parametrize("persona", PERSONAS)
def test_both_reads_answer_every_reader_the_same_detail(settings, client_as, reviewed_claims, persona):
    client = client_as(persona)
    answers = {}
    for fast in (False, True):
        settings.CLAIM_DETAIL_FAST_SQL = fast
        assert claim_detail_sql.in_use() is (fast and connection.vendor == "postgresql")
        answers[fast] = [client.get(f"/api/v1/claims/{claim.pk}/").content for claim in reviewed_claims]

    assert answers[True] == answers[False]
    rated_twice = client.get(f"/api/v1/claims/{reviewed_claims[0].pk}/").json()
    assert rated_twice["claimant"]["name"] == "Jane Doe"
    assert rated_twice["dates"][0]["value"] == "2025-05"
    assert rated_twice["evidence_count"] == 1
    assert len(rated_twice["verdicts"]) == 2  # reviewer_a's withdrawn verdict opens the others' (the blind rule)


def test_the_fast_read_is_one_statement_where_the_orm_takes_three(settings, client_as, reviewed_claims):
    client = client_as("editor")
    statements = {}
    for fast in (False, True):
        settings.CLAIM_DETAIL_FAST_SQL = fast
        client.get(f"/api/v1/claims/{reviewed_claims[0].pk}/")  # permissions and the like read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/claims/{reviewed_claims[0].pk}/").status_code == 200
        statements[fast] = len(captured)

    saved = 2 if connection.vendor == "postgresql" else 0
    assert statements[True] == statements[False] - saved


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("pk", [0, 999_999, 10**25])
def test_a_claim_that_does_not_exist_is_a_404_on_both_reads(settings, client_as, claims, fast, pk):
    settings.CLAIM_DETAIL_FAST_SQL = fast
    response = client_as("reviewer").get(f"/api/v1/claims/{pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such claim."}


def test_someone_who_may_not_review_is_refused_before_the_claim_is_read(settings, client_as, reviewed_claims):
    settings.CLAIM_DETAIL_FAST_SQL = True
    with CaptureQueriesContext(connection) as captured:
        response = client_as("outsider").get(f"/api/v1/claims/{reviewed_claims[0].pk}/")
    assert response.status_code == 403
    assert not any("annotations_claim" in q["sql"] for q in captured)


def test_the_fast_read_refuses_a_column_it_cannot_take_back_from_json(monkeypatch):
    """A decimal (say) would come back from JSON as a float: better an error that names it than a wrong answer."""
    monkeypatch.delitem(claim_detail_sql._FROM_JSON, "DateTimeField")
    claim_detail_sql._converters.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match=r"Verdict\.\w+ \(DateTimeField\)"):
            claim_detail_sql._converters(Verdict)
    finally:
        monkeypatch.undo()
        claim_detail_sql._converters.cache_clear()
    assert claim_detail_sql._converters(Verdict)  # every column of today's models is read
    assert claim_detail_sql._converters(Evidence)
