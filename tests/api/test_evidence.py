"""/api/v1/evidence/: http(s) sources attached to claims; retracted (never deleted) by whoever added them or an
editor; another reviewer's stance, excerpt and note hidden until one has rated the claim."""

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


def test_delete_retracts_the_evidence_it_stays_on_record_and_is_audited(client_as, evidence_by_b, editor):
    from annotations.models import AuditEvent

    response = client_as("editor").delete(f"/api/v1/evidence/{evidence_by_b.pk}/", {"reason": "Satire site."},
                                          format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["retracted_by"], body["retraction_reason"]) == (evidence_by_b.pk, "editor",
                                                                             "Satire site.")
    assert body["retracted_at"] is not None
    evidence_by_b.refresh_from_db()
    assert (evidence_by_b.retracted_by, evidence_by_b.retraction_reason) == (editor, "Satire site.")
    event = AuditEvent.objects.get(action="evidence_retract")
    assert (event.actor, event.before["evidence"]["retracted"], event.after["evidence"]["retracted"]) == (
        editor, False, True)
    again = client_as("editor").delete(f"/api/v1/evidence/{evidence_by_b.pk}/")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This evidence was already retracted."]}


def test_another_reviewers_stance_excerpt_and_note_are_hidden_until_one_has_rated(
    client_as, claim, evidence_by_b, reviewer_a, ratings
):
    from annotations.services import review

    hidden = client_as("reviewer").get("/api/v1/evidence/", {"claim": claim.pk}).json()["results"][0]
    assert (hidden["title"], hidden["url"], hidden["judgement_visible"]) == (
        evidence_by_b.title, evidence_by_b.url, False)
    assert (hidden["stance"], hidden["excerpt"], hidden["note"]) == (None, None, None)
    detail = client_as("reviewer").get(f"/api/v1/evidence/{evidence_by_b.pk}/").json()
    assert detail["stance"] is None
    in_claim = client_as("reviewer").get(f"/api/v1/claims/{claim.pk}/").json()["evidence"][0]
    assert (in_claim["stance"], in_claim["judgement_visible"]) == (None, False)

    review.verdict_submit(claim=claim, reviewer=reviewer_a, rating=ratings["false"], rationale="Wrong figure.")

    shown = client_as("reviewer").get("/api/v1/evidence/", {"claim": claim.pk}).json()["results"][0]
    assert (shown["stance"], shown["judgement_visible"]) == ("refutes", True)
    assert client_as("reviewer").get(f"/api/v1/claims/{claim.pk}/").json()["evidence"][0]["stance"] == "refutes"


def test_editors_see_every_stance_and_reviewers_their_own(client_as, claim, evidence_by_b):
    assert client_as("editor").get(f"/api/v1/evidence/{evidence_by_b.pk}/").json()["stance"] == "refutes"
    assert client_as("reviewer_b").get(f"/api/v1/evidence/{evidence_by_b.pk}/").json()["stance"] == "refutes"
