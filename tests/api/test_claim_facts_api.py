"""/api/v1/claims/ carries who made each claim and its dates, and filters on both.

The claimant filter compares names as the drift view does ("Kim Jong Un" finds
"Kim Jong-un"); the date range finds claims naming a date that reaches into it,
one date for both ends (a claim about June 2024 and September 2025 is not about
the months between).
"""

import datetime as dt

import pytest

from annotations.models import Claim

STORY = (
    "Harbour Plan Approved\n\n"
    "The city council approved the harbour plan on Tuesday. "
    "Mayor Elena Marsh said the works would start in March. "
    "She told reporters the plan would cost 40 million euros.\n"
    "According to the port authority, traffic grew by 12 percent last year.\n"
    "Mayor Marsh said the first plan was dropped in June 2024 and the second drafted in September 2025."
)


@pytest.fixture
def story(split_article):
    return split_article(STORY, published_on=dt.date(2026, 3, 5), source="Harbour Gazette")


def _texts(response):
    assert response.status_code == 200, response.json()
    return sorted(item["text"] for item in response.json()["results"])


def test_a_claim_carries_its_claimant_and_its_dates_resolved(client_as, story):
    said = story.claims.get(text__startswith="Mayor Elena Marsh said")
    data = client_as("reviewer").get(f"/api/v1/claims/{said.pk}/").json()
    assert data["claimant"] == {
        "name": "Elena Marsh", "kind": "person", "own_statement": False, "via": "",
        "evidence": [[said.start, said.start + len("Mayor Elena Marsh")], [said.start + 6, said.start + 17]],
        "version": said.attribution_version,
    }
    start = STORY.index("March")
    assert data["dates"] == [{"start": start, "end": start + 5, "text": "March", "type": "DATE", "value": "2026-03",
                              "mod": None}]
    assert data["dates_resolved_on"] == "2026-03-05"
    listed = {item["id"]: item for item in client_as("reviewer").get("/api/v1/claims/").json()["results"]}
    assert listed[said.pk]["claimant"]["name"] == "Elena Marsh"
    assert listed[said.pk]["dates"] == data["dates"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"claimant": "elena marsh"}, ["Mayor Elena Marsh said the works would start in March.",
                                   "Mayor Marsh said the first plan was dropped in June 2024 and the second drafted "
                                   "in September 2025.",
                                   "She told reporters the plan would cost 40 million euros."]),
    ({"claimant": "The Port Authority"}, ["According to the port authority, traffic grew by 12 percent last year."]),
    ({"claimant_kind": "organization", "claimant": "Harbour Gazette"}, [
        "Harbour Plan Approved", "The city council approved the harbour plan on Tuesday."]),
    ({"date_from": "2026-03-03", "date_to": "2026-03-03"}, ["Mayor Elena Marsh said the works would start in March.",
                                                            "The city council approved the harbour plan on Tuesday."]),
    ({"date_from": "2025-06-01", "date_to": "2025-06-30"}, [
        "According to the port authority, traffic grew by 12 percent last year."]),
    ({"date_to": "2024-12-31"}, ["Mayor Marsh said the first plan was dropped in June 2024 and the second drafted "
                                 "in September 2025."]),
    ({"date_from": "2026-03-04"}, ["Mayor Elena Marsh said the works would start in March."]),
])
def test_claims_are_filtered_by_claimant_and_by_the_dates_they_name(client_as, story, params, expected):
    assert _texts(client_as("reviewer").get("/api/v1/claims/", params)) == expected


def test_a_range_between_two_dates_a_claim_names_does_not_find_it(client_as, story):
    """June 2024 and September 2025 are named; October 2024 to August 2025 is neither."""
    response = client_as("reviewer").get("/api/v1/claims/", {"date_from": "2024-10-01", "date_to": "2025-08-31",
                                                             "claimant": "Elena Marsh"})
    assert _texts(response) == []


def test_a_claimant_with_another_spelling_of_the_same_name_is_found(client_as, split_article, seed_texts):
    split_article(seed_texts["001_c3850ad936affd85.txt"])
    found = _texts(client_as("reviewer").get("/api/v1/claims/", {"claimant": "Kim Jong Un"}))
    assert found and all(Claim.objects.get(text=text).claimant == "Kim Jong-un" for text in found)


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"date_from": "last week"}, "date_from", "Enter a date as YYYY-MM-DD."),
    ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "date_to", "The end of the range is before its start."),
    ({"claimant_kind": "robot"}, "claimant_kind", "\"robot\" is not a valid choice."),
])
def test_a_bad_filter_value_is_a_400_naming_the_parameter(client_as, story, params, field, message):
    response = client_as("reviewer").get("/api/v1/claims/", params)
    assert response.status_code == 400
    assert response.json() == {field: [message]}
