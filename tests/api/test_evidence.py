"""/api/v1/evidence/: http(s) sources attached to claims; deleted by whoever added them or an editor."""

import pytest

from annotations.models import Evidence

GOOD = {"url": "https://stats.example.org/jobs", "title": "Jobs report", "stance": "refutes"}


def test_a_reviewer_adds_evidence_to_a_claim(client_as, claim, reviewer_a):
    response = client_as("reviewer").post(
        "/api/v1/evidence/", {"claim": claim.pk, **GOOD, "excerpt": "9,000 jobs", "source_type": "data"}, format="json"
    )

    assert response.status_code == 201
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert (evidence.claim, evidence.added_by, evidence.url, evidence.title) == (
        claim, reviewer_a, GOOD["url"], "Jobs report"
    )
    assert (evidence.stance, evidence.source_type, evidence.excerpt) == ("refutes", "data", "9,000 jobs")
    assert response.json()["added_by"] == "reviewer_a"


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"url": "javascript:alert(1)"}, {"url": ["Enter an http:// or https:// URL."]}),
        ({"url": "ftp://files.example.org/report.pdf"}, {"url": ["Enter an http:// or https:// URL."]}),
        ({"url": "not a url"}, {"url": ["Enter an http:// or https:// URL."]}),
        ({"title": ""}, {"title": ["This field may not be blank."]}),
        ({"title": None}, {"title": ["This field may not be null."]}),
        ({"stance": "agrees"}, {"stance": ['"agrees" is not a valid choice.']}),
        ({"source_type": "rumour"}, {"source_type": ['"rumour" is not a valid choice.']}),
        ({"claim": 999999}, {"claim": ["No such claim."]}),
        ({"added_by": 1}, {"added_by": ["Unknown or read-only field."]}),
    ],
)
def test_bad_evidence_is_a_400_and_adds_nothing(client_as, claim, payload, errors):
    response = client_as("reviewer").post("/api/v1/evidence/", {"claim": claim.pk, **GOOD, **payload}, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Evidence.objects.exists()


def test_a_missing_title_is_required(client_as, claim):
    body = {"claim": claim.pk, "url": GOOD["url"], "stance": "supports"}
    response = client_as("reviewer").post("/api/v1/evidence/", body, format="json")
    assert response.json() == {"title": ["This field is required."]}


def test_evidence_is_listed_per_claim(client_as, claims, reviewer_b):
    first, second = claims[:2]
    on_first = Evidence.objects.create(claim=first, added_by=reviewer_b, url="https://a.example", title="A",
                                       stance="supports")
    Evidence.objects.create(claim=second, added_by=reviewer_b, url="https://b.example", title="B", stance="context")

    response = client_as("reviewer").get("/api/v1/evidence/", {"claim": first.pk})

    assert [e["id"] for e in response.json()["results"]] == [on_first.pk]


def test_a_reviewer_cannot_delete_evidence_another_reviewer_added(client_as, evidence_by_b):
    response = client_as("reviewer").delete(f"/api/v1/evidence/{evidence_by_b.pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No such evidence."}
    assert Evidence.objects.filter(pk=evidence_by_b.pk).exists()


def test_an_editor_deletes_any_evidence_and_the_history_keeps_it(client_as, evidence_by_b):
    response = client_as("editor").delete(f"/api/v1/evidence/{evidence_by_b.pk}/")

    assert response.status_code == 204
    assert not Evidence.objects.filter(pk=evidence_by_b.pk).exists()
    assert Evidence.history.filter(id=evidence_by_b.pk, history_type="-").exists()
