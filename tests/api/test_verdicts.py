"""/api/v1/verdicts/: one verdict per reviewer and claim, changed only by its author, with optimistic concurrency."""

import pytest

from annotations.models import Rating, RatingScale, Verdict
from annotations.services import review


def test_a_reviewer_submits_a_verdict(client_as, claim, reviewer_a, ratings):
    response = client_as("reviewer").post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": ratings["false"].pk, "rationale": " The record says 9,000. "},
        format="json",
    )

    assert response.status_code == 201
    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer_a)
    assert (verdict.rating, verdict.rationale, verdict.version) == (ratings["false"], "The record says 9,000.", 1)
    assert response.json()["id"] == verdict.pk
    assert response.json()["rating_slug"] == "false"
    assert response.json()["reviewer"] == "reviewer_a"


def test_a_submitted_verdict_is_written_exactly_as_the_verdict_serializer_writes_it(client_as, claim, ratings):
    import json

    from annotations.api.serializers import VerdictSerializer

    response = client_as("reviewer").post(
        "/api/v1/verdicts/", {"claim": claim.pk, "rating": ratings["mostly-false"].pk, "rationale": "Checked."},
        format="json",
    )

    stored = Verdict.objects.select_related("reviewer", "rating").get(pk=response.json()["id"])
    assert response.json() == json.loads(json.dumps(VerdictSerializer(stored).data))


def test_a_rating_that_needs_no_rationale_can_go_without(client_as, claim, ratings):
    response = client_as("reviewer").post(
        "/api/v1/verdicts/", {"claim": claim.pk, "rating": ratings["true"].pk}, format="json"
    )
    assert response.status_code == 201


def test_a_second_verdict_by_the_same_reviewer_is_a_409(client_as, claim, reviewer_a, ratings):
    first = Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=ratings["true"])

    response = client_as("reviewer").post(
        "/api/v1/verdicts/", {"claim": claim.pk, "rating": ratings["false"].pk, "rationale": "No."}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"You already have a verdict on this claim (verdict #{first.pk}, version 1); "
        "change it instead of submitting a new one."
    )
    assert response.json()["current"]["id"] == first.pk
    first.refresh_from_db()
    assert first.rating == ratings["true"]
    assert Verdict.objects.count() == 1


def test_a_rating_from_another_scale_is_refused(client_as, claim, db):
    scale = RatingScale.objects.create(name="Other", slug="other", best_value=2, worst_value=0)
    foreign = Rating.objects.create(scale=scale, label="Pants on fire", slug="pants", value=0)

    response = client_as("reviewer").post(
        "/api/v1/verdicts/", {"claim": claim.pk, "rating": foreign.pk, "rationale": "x"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"rating": ["Choose a rating from the default rating scale."]}
    assert not Verdict.objects.exists()


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"rating": "false"}, {"rationale": ["The rating “False” needs a rationale."]}),
        ({"rating": "false", "rationale": "   "}, {"rationale": ["The rating “False” needs a rationale."]}),
        ({"rating": 999999}, {"rating": ["No rating with id 999999."]}),
        ({"rating": "abc"}, {"rating": ["Incorrect type. Expected pk value, received str."]}),
        ({"rating": "true", "claim": 999999}, {"claim": ["No such claim."]}),
        ({"rating": "true", "claim": "abc"}, {"claim": ["A valid integer is required."]}),
        ({"rating": "true", "reviewer": 1}, {"reviewer": ["Unknown or read-only field."]}),
        ({"rating": "true", "version": 7}, {"version": ["Unknown or read-only field."]}),
        ({"claim": None}, {"claim": ["This field may not be null."], "rating": ["This field is required."]}),
    ],
)
def test_bad_verdict_input_is_a_400_and_creates_nothing(client_as, claim, ratings, payload, errors):
    body = {"claim": claim.pk, **payload}
    if body.get("rating") in ratings:
        body["rating"] = ratings[body["rating"]].pk

    response = client_as("reviewer").post("/api/v1/verdicts/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Verdict.objects.exists()


# --- Changing a verdict: only the author, only from the version they read ---


@pytest.fixture
def own_verdict(claim, reviewer_a, ratings):
    return Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=ratings["false"], rationale="First.")


def test_the_author_changes_their_verdict_and_the_version_goes_up(client_as, own_verdict, ratings):
    response = client_as("reviewer").patch(
        f"/api/v1/verdicts/{own_verdict.pk}/",
        {"rating": ratings["mostly-false"].pk, "rationale": "Second.", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    own_verdict.refresh_from_db()
    assert (own_verdict.rating, own_verdict.rationale, own_verdict.version) == (ratings["mostly-false"], "Second.", 2)
    assert response.json()["version"] == 2
    assert own_verdict.history.count() == 2


def test_a_patch_changes_only_the_fields_sent(client_as, own_verdict, ratings):
    response = client_as("reviewer").patch(
        f"/api/v1/verdicts/{own_verdict.pk}/", {"rationale": "Clearer.", "version": 1}, format="json"
    )

    assert response.status_code == 200
    own_verdict.refresh_from_db()
    assert (own_verdict.rating, own_verdict.rationale) == (ratings["false"], "Clearer.")


def test_a_put_replaces_the_verdict_and_needs_every_field(client_as, own_verdict, ratings):
    client = client_as("reviewer")
    url = f"/api/v1/verdicts/{own_verdict.pk}/"

    missing = client.put(url, {"version": 1}, format="json")
    replaced = client.put(url, {"rating": ratings["true"].pk, "version": 1}, format="json")

    assert missing.status_code == 400
    assert missing.json() == {"rating": ["This field is required."]}
    assert replaced.status_code == 200
    own_verdict.refresh_from_db()
    assert (own_verdict.rating, own_verdict.rationale, own_verdict.version) == (ratings["true"], "", 2)


def test_a_stale_version_is_a_409_with_the_current_state_and_changes_nothing(client_as, own_verdict, ratings):
    client = client_as("reviewer")
    url = f"/api/v1/verdicts/{own_verdict.pk}/"
    assert client.patch(url, {"rationale": "From tab one.", "version": 1}, format="json").status_code == 200

    response = client.patch(url, {"rating": ratings["true"].pk, "rationale": "From tab two.", "version": 1},
                            format="json")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This verdict was changed since you read it: you sent version 1, the current version is 2. "
        "Reload it and apply your change again."
    )
    assert response.json()["current"]["rationale"] == "From tab one."
    assert response.json()["current"]["version"] == 2
    own_verdict.refresh_from_db()
    assert (own_verdict.rating, own_verdict.rationale, own_verdict.version) == (ratings["false"], "From tab one.", 2)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"rationale": "No version."}, {"version": ["This field is required."]}),
        ({"rationale": "x", "version": "two"}, {"version": ["A valid integer is required."]}),
        ({"claim": 1, "version": 1}, {"claim": ["Unknown or read-only field."]}),
        ({"rating": "true", "rationale": "", "version": 1}, None),  # allowed: True needs no rationale
        ({"rationale": "  ", "version": 1}, {"rationale": ["The rating “False” needs a rationale."]}),
    ],
)
def test_bad_update_input_is_a_400_and_changes_nothing(client_as, own_verdict, ratings, payload, errors):
    if payload.get("rating") in ratings:
        payload = {**payload, "rating": ratings[payload["rating"]].pk}

    response = client_as("reviewer").patch(f"/api/v1/verdicts/{own_verdict.pk}/", payload, format="json")

    if errors is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json() == errors
    own_verdict.refresh_from_db()
    assert (own_verdict.rationale, own_verdict.version) == ("First.", 1)


def test_a_reviewer_cannot_edit_another_reviewers_verdict(client_as, verdict_by_b, reviewer_a, ratings):
    # Even once reviewer_a may read it (after submitting their own), it is not theirs to change.
    Verdict.objects.create(claim=verdict_by_b.claim, reviewer=reviewer_a, rating=ratings["true"])

    response = client_as("reviewer").patch(
        f"/api/v1/verdicts/{verdict_by_b.pk}/", {"rating": ratings["true"].pk, "version": 1}, format="json"
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "No such verdict."}
    verdict_by_b.refresh_from_db()
    assert (verdict_by_b.rating, verdict_by_b.version) == (ratings["false"], 1)


def test_the_service_refuses_a_second_update_from_the_same_stale_version(own_verdict, ratings):
    review.verdict_update(verdict=own_verdict, expected_version=1, rationale="One.")

    with pytest.raises(review.VerdictVersionConflict) as conflict:
        review.verdict_update(verdict=own_verdict, expected_version=1, rationale="Two.")

    assert conflict.value.current.rationale == "One."
    own_verdict.refresh_from_db()
    assert (own_verdict.rationale, own_verdict.version) == ("One.", 2)
