"""Who may do what through the API: every endpoint and method, cell by cell, for every persona.

reviewer is reviewer_a; the verdict and evidence acted on belong to reviewer_b.
Anonymous clients get 401 (with a Token challenge), signed-in users without a
role 403, and an object outside a persona's reach 404, as if it did not exist.
"""

import pytest

from annotations.models import Article, Evidence, Verdict

NEW_ARTICLE = {"body": "Council Votes\n\nThe council voted 7 to 2 on Tuesday to close the depot."}


def _verdict_body(ctx):
    return {"claim": ctx["claim"].pk, "rating": ctx["ratings"]["true"].pk}


def _evidence_body(ctx):
    return {"claim": ctx["claim"].pk, "url": "https://example.org/a", "title": "A source", "stance": "supports"}


def _update_body(ctx):
    return {"rating": ctx["ratings"]["true"].pk, "version": 1}


# (method, url, body, {persona: expected status})
MATRIX = [
    ("get", lambda c: "/api/v1/articles/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 200, "editor": 200, "admin": 200}),
    ("post", lambda c: "/api/v1/articles/", lambda c: NEW_ARTICLE,
     {"anonymous": 401, "outsider": 403, "reviewer": 403, "editor": 201, "admin": 201}),
    ("post", lambda c: "/api/v1/articles/", lambda c: [NEW_ARTICLE],
     {"anonymous": 401, "outsider": 403, "reviewer": 403, "editor": 201, "admin": 201}),
    ("get", lambda c: f"/api/v1/articles/{c['claim'].article_id}/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 200, "editor": 200, "admin": 200}),
    ("delete", lambda c: f"/api/v1/articles/{c['claim'].article_id}/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 405, "editor": 405, "admin": 405}),
    ("get", lambda c: "/api/v1/claims/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 200, "editor": 200, "admin": 200}),
    ("get", lambda c: f"/api/v1/claims/{c['claim'].pk}/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 200, "editor": 200, "admin": 200}),
    ("patch", lambda c: f"/api/v1/claims/{c['claim'].pk}/", lambda c: {"status": "published"},
     {"anonymous": 401, "outsider": 403, "reviewer": 405, "editor": 405, "admin": 405}),
    ("get", lambda c: "/api/v1/verdicts/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 200, "editor": 200, "admin": 200}),
    ("post", lambda c: "/api/v1/verdicts/", _verdict_body,
     {"anonymous": 401, "outsider": 403, "reviewer": 201, "editor": 201, "admin": 201}),
    # Blind review: reviewer_a has no verdict on the claim, so reviewer_b's is not there for them.
    ("get", lambda c: f"/api/v1/verdicts/{c['verdict'].pk}/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 404, "editor": 200, "admin": 200}),
    # Only its author changes a verdict; editors and admins included.
    ("patch", lambda c: f"/api/v1/verdicts/{c['verdict'].pk}/", _update_body,
     {"anonymous": 401, "outsider": 403, "reviewer": 404, "editor": 404, "admin": 404}),
    ("put", lambda c: f"/api/v1/verdicts/{c['verdict'].pk}/", _update_body,
     {"anonymous": 401, "outsider": 403, "reviewer": 404, "editor": 404, "admin": 404}),
    ("delete", lambda c: f"/api/v1/verdicts/{c['verdict'].pk}/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 405, "editor": 405, "admin": 405}),
    ("get", lambda c: "/api/v1/evidence/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 200, "editor": 200, "admin": 200}),
    ("post", lambda c: "/api/v1/evidence/", _evidence_body,
     {"anonymous": 401, "outsider": 403, "reviewer": 201, "editor": 201, "admin": 201}),
    ("get", lambda c: f"/api/v1/evidence/{c['evidence'].pk}/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 200, "editor": 200, "admin": 200}),
    # DELETE retracts (nothing is deleted): whoever added it, and moderators.
    ("delete", lambda c: f"/api/v1/evidence/{c['evidence'].pk}/", None,
     {"anonymous": 401, "outsider": 403, "reviewer": 404, "editor": 200, "admin": 200}),
]

CELLS = [
    pytest.param(method, url, body, persona, expected[persona], id=f"{method}-{index}-{persona}")
    for index, (method, url, body, expected) in enumerate(MATRIX)
    for persona in ("anonymous", "outsider", "reviewer", "editor", "admin")
]


@pytest.mark.parametrize(("method", "url", "body", "persona", "expected"), CELLS)
def test_permission_matrix(
    client_as, claim, ratings, verdict_by_b, evidence_by_b, method, url, body, persona, expected
):
    ctx = {"claim": claim, "ratings": ratings, "verdict": verdict_by_b, "evidence": evidence_by_b}
    client = client_as(persona)
    counts_before = (Article.objects.count(), Verdict.objects.count(), Evidence.objects.count())
    verdict_before = Verdict.objects.values("rating_id", "version").get(pk=verdict_by_b.pk)

    response = getattr(client, method)(url(ctx), body(ctx) if body else None, format="json")

    assert response.status_code == expected, response.content
    if expected >= 400:
        # A refusal changes nothing.
        assert (Article.objects.count(), Verdict.objects.count(), Evidence.objects.count()) == counts_before
        assert Verdict.objects.values("rating_id", "version").get(pk=verdict_by_b.pk) == verdict_before


def test_anonymous_clients_are_told_how_to_authenticate(client_as, db):
    response = client_as("anonymous").get("/api/v1/claims/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_user_without_a_role_is_told_why(client_as, db):
    response = client_as("outsider").get("/api/v1/claims/")
    assert response.json() == {
        "detail": "Your account has no reviewer, editor or admin role; ask an editor to add you."
    }


def test_a_reviewer_is_told_adding_articles_needs_a_permission(client_as, db):
    response = client_as("reviewer").post("/api/v1/articles/", NEW_ARTICLE, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have the permission to add articles."}


def test_the_author_of_a_verdict_may_read_and_change_it(client_as, verdict_by_b, ratings):
    client = client_as("reviewer_b")
    assert client.get(f"/api/v1/verdicts/{verdict_by_b.pk}/").status_code == 200
    response = client.patch(f"/api/v1/verdicts/{verdict_by_b.pk}/", {"rationale": "Better reason.", "version": 1},
                            format="json")
    assert response.status_code == 200


def test_whoever_added_evidence_may_retract_it_with_delete_and_it_stays_on_record(client_as, evidence_by_b):
    response = client_as("reviewer_b").delete(f"/api/v1/evidence/{evidence_by_b.pk}/?reason=Wrong+report")
    assert response.status_code == 200
    assert (response.json()["retracted_by"], response.json()["retraction_reason"]) == ("reviewer_b", "Wrong report")
    evidence_by_b.refresh_from_db()
    assert evidence_by_b.is_retracted and evidence_by_b.retraction_reason == "Wrong report"


@pytest.mark.parametrize("url", ["/api/v1/articles/999999/", "/api/v1/claims/999999/",
                                 "/api/v1/verdicts/999999/", "/api/v1/evidence/999999/"])
def test_an_unknown_id_is_404(client_as, db, url):
    response = client_as("editor").get(url)
    assert response.status_code == 404


def test_a_forged_non_numeric_id_is_404(client_as, db):
    assert client_as("editor").get("/api/v1/claims/abc/").status_code == 404
