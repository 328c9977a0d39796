"""/api/v1/claims/: filtered, ordered lists and a detail with verdicts under blind review."""

import json

import pytest

from annotations.models import Claim, Verdict


def _ids(response):
    return [item["id"] for item in response.json()["results"]]


def test_claims_are_listed_most_check_worthy_first(client_as, claims):
    response = client_as("reviewer").get("/api/v1/claims/")

    expected = list(Claim.objects.order_by("-checkworthiness", "id").values_list("id", flat=True))
    assert _ids(response) == expected


def test_claims_can_be_ordered_by_position(client_as, claims):
    response = client_as("reviewer").get("/api/v1/claims/", {"ordering": "start"})
    assert _ids(response) == list(Claim.objects.order_by("start").values_list("id", flat=True))


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"kind": "claim"}, lambda c: c.kind == "claim"),
        ({"checkworthy": "true"}, lambda c: c.checkworthy),
        ({"checkworthy": "false"}, lambda c: not c.checkworthy),
        ({"status": "dismissed"}, lambda c: c.status == "dismissed"),
        ({"claim_type": "attribution"}, lambda c: c.claim_type == "attribution"),
    ],
)
def test_claims_are_filtered(client_as, claims, split_article, params, matches):
    # Set here, so the test does not depend on how the splitter judges the text.
    Claim.objects.filter(pk=claims[0].pk).update(status=Claim.Status.DISMISSED, checkworthy=False)
    Claim.objects.filter(pk=claims[1].pk).update(checkworthy=True, claim_type=Claim.ClaimType.ATTRIBUTION)

    response = client_as("reviewer").get("/api/v1/claims/", params)

    expected = {c.pk for c in Claim.objects.all() if matches(c)}
    assert expected, "the filter must match something"
    assert set(_ids(response)) == expected


def test_claims_are_filtered_by_article(client_as, claims, split_article):
    other = split_article("Second Story\n\nPrices rose 3 percent in May, the bank said.")

    response = client_as("reviewer").get("/api/v1/claims/", {"article": other.pk, "page_size": 100})

    assert set(_ids(response)) == set(other.claims.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"status": "pending"}, {"status": ['"pending" is not a valid choice.']}),
        ({"checkworthy": "maybe"}, {"checkworthy": ["Must be a valid boolean."]}),
        ({"article": "abc"}, {"article": ["A valid integer is required."]}),
        ({"kind": "rumour"}, {"kind": ['"rumour" is not a valid choice.']}),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(client_as, db, params, errors):
    response = client_as("reviewer").get("/api/v1/claims/", params)
    assert response.status_code == 400
    assert response.json() == errors


def test_the_detail_has_the_article_evidence_and_counts(client_as, claim, verdict_by_b, evidence_by_b):
    data = client_as("editor").get(f"/api/v1/claims/{claim.pk}/").json()

    assert data["article"] == {"id": claim.article_id, "title": claim.article.title}
    assert data["text"] == claim.text
    assert (data["verdict_count"], data["evidence_count"]) == (1, 1)
    assert [e["title"] for e in data["evidence"]] == ["Q1 statistics"]
    assert data["evidence"][0]["added_by"] == "reviewer_b"


# --- Blind review ---


def test_a_reviewer_does_not_see_other_verdicts_before_submitting_their_own(client_as, claim, verdict_by_b):
    client = client_as("reviewer")

    detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
    listed = client.get("/api/v1/verdicts/", {"claim": claim.pk}).json()

    assert detail["verdicts"] == []
    assert detail["verdict_count"] == 1  # they know one is hidden, not what it says
    assert listed["results"] == []


def test_a_reviewer_sees_other_verdicts_once_they_submitted_their_own(
    client_as, claim, verdict_by_b, reviewer_a, ratings
):
    client = client_as("reviewer")
    response = client.post("/api/v1/verdicts/", {"claim": claim.pk, "rating": ratings["true"].pk}, format="json")
    assert response.status_code == 201

    detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
    listed = client.get("/api/v1/verdicts/", {"claim": claim.pk}).json()

    assert {v["reviewer"] for v in detail["verdicts"]} == {"reviewer_a", "reviewer_b"}
    assert {v["reviewer"] for v in listed["results"]} == {"reviewer_a", "reviewer_b"}
    assert client.get(f"/api/v1/verdicts/{verdict_by_b.pk}/").status_code == 200


def test_a_verdict_on_one_claim_does_not_reveal_verdicts_on_another(
    client_as, claims, reviewer_a, reviewer_b, ratings
):
    first, second = claims[:2]
    Verdict.objects.create(claim=first, reviewer=reviewer_a, rating=ratings["true"])
    hidden = Verdict.objects.create(claim=second, reviewer=reviewer_b, rating=ratings["false"], rationale="No.")

    client = client_as("reviewer")

    assert client.get(f"/api/v1/claims/{second.pk}/").json()["verdicts"] == []
    assert hidden.pk not in [v["id"] for v in client.get("/api/v1/verdicts/").json()["results"]]


@pytest.mark.parametrize("persona", ["editor", "admin"])
def test_editors_and_admins_see_every_verdict(client_as, claim, verdict_by_b, persona):
    detail = client_as(persona).get(f"/api/v1/claims/{claim.pk}/").json()
    assert [v["id"] for v in detail["verdicts"]] == [verdict_by_b.pk]


def test_the_fast_claims_list_writes_exactly_what_the_claim_serializer_writes(client_as, claims, verdict_by_b,
                                                                                  evidence_by_b):
    from annotations import selectors
    from annotations.api.serializers import ClaimSerializer

    listed = client_as("reviewer").get("/api/v1/claims/", {"ordering": "id"}).json()["results"]
    expected = ClaimSerializer(selectors.claim_list().order_by("id"), many=True).data

    assert listed == json.loads(json.dumps(expected))
    assert any(row["verdict_count"] == 1 and row["evidence_count"] == 1 for row in listed)


@pytest.mark.parametrize("persona", ["reviewer", "reviewer_b", "editor"])
def test_the_claim_detail_shows_all_evidence_and_every_verdict_once_the_reader_may_see_them(
        client_as, claim, verdict_by_b, evidence_by_b, reviewer_a, ratings, persona):
    from annotations.models import Evidence, Verdict

    Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=ratings["true"], rationale="")
    Evidence.objects.create(claim=claim, added_by=reviewer_a, url="https://example.org/b", title="Second <b>",
                            stance="supports", excerpt="An excerpt", note="A note")

    shown = client_as(persona).get(f"/api/v1/claims/{claim.pk}/").json()

    assert sorted(v["reviewer"] for v in shown["verdicts"]) == ["reviewer_a", "reviewer_b"]
    assert [e["title"] for e in shown["evidence"]][-1] == "Second <b>"  # JSON carries text, never HTML
    assert shown["evidence"][-1] == {
        "id": shown["evidence"][-1]["id"], "claim": claim.pk, "added_by": "reviewer_a", "url": "https://example.org/b",
        "title": "Second <b>", "judgement_visible": True, "excerpt": "An excerpt", "stance": "supports",
        "source_type": "other", "note": "A note", "retracted_at": None, "retracted_by": None, "retraction_reason": "",
        "created_at": shown["evidence"][-1]["created_at"], "updated_at": shown["evidence"][-1]["updated_at"],
    }
    assert (shown["verdict_count"], shown["evidence_count"]) == (2, 2)


@pytest.mark.parametrize("persona", ["reviewer", "reviewer_b", "editor", "admin"])
def test_the_detail_shows_a_reader_what_the_verdict_and_evidence_lists_show_them(
        client_as, claims, reviewer_a, reviewer_b, ratings, persona):
    """The detail applies the blind rule to one claim's rows; the lists apply it in SQL: the same answers."""
    from django.utils import timezone

    from annotations.models import Evidence

    now = timezone.now()
    rated_and_withdrawn, rated_by_b_only, untouched = claims[:3]
    Verdict.objects.create(claim=rated_and_withdrawn, reviewer=reviewer_a, rating=ratings["true"],
                           withdrawn_at=now, withdrawn_by=reviewer_a, withdrawal_reason="Misread it.")
    for claim in (rated_and_withdrawn, rated_by_b_only):
        Verdict.objects.create(claim=claim, reviewer=reviewer_b, rating=ratings["false"], rationale="No.")
        Evidence.objects.create(claim=claim, added_by=reviewer_b, url="https://example.org/b", title="B's",
                                stance="refutes", note="B's reading")
        Evidence.objects.create(claim=claim, added_by=reviewer_a, url="https://example.org/a", title="A's",
                                stance="supports", retracted_at=now, retracted_by=reviewer_a)
    client = client_as(persona)

    for claim in (rated_and_withdrawn, rated_by_b_only, untouched):
        detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
        verdicts = client.get("/api/v1/verdicts/", {"claim": claim.pk}).json()["results"]
        evidence = client.get("/api/v1/evidence/", {"claim": claim.pk}).json()["results"]

        assert detail["verdicts"] == verdicts
        assert detail["evidence"] == evidence
        standing = Verdict.objects.filter(claim=claim, withdrawn_at__isnull=True).count()
        assert (detail["verdict_count"], detail["evidence_count"]) == (standing, 1 if claim != untouched else 0)
    # The rule at work, not two empty answers agreeing: reviewer_a's withdrawn verdict still opens the others'.
    opened = client.get(f"/api/v1/claims/{rated_and_withdrawn.pk}/").json()
    closed = client.get(f"/api/v1/claims/{rated_by_b_only.pk}/").json()
    expected_open = {"reviewer": 2, "reviewer_b": 2, "editor": 2, "admin": 2}[persona]
    expected_closed = {"reviewer": 0, "reviewer_b": 1, "editor": 1, "admin": 1}[persona]
    assert (len(opened["verdicts"]), len(closed["verdicts"])) == (expected_open, expected_closed)
    assert [e["judgement_visible"] for e in closed["evidence"]] == [persona != "reviewer", True]
