"""annotations.api.queries: the API's prepared reads give what the querysets they replace gave.

The output of each endpoint is held equal to its DRF serializer's in test_claims.py and
test_verdicts.py; here the rows themselves, for every persona, against the querysets the
views ran before they were prepared (on SQLite, and PostgreSQL in CI).
"""

import pytest
from django.db.models import Prefetch

from annotations import access, selectors
from annotations.api import queries
from annotations.api import serializers as s
from annotations.models import Evidence, Verdict


@pytest.fixture
def reviewed(claims, reviewer_a, reviewer_b, editor, ratings):
    """Two claims: the first with verdicts by reviewer_b and the editor and two pieces of evidence."""
    first, second = claims[:2]
    Verdict.objects.create(claim=first, reviewer=reviewer_b, rating=ratings["false"], rationale="No.")
    Verdict.objects.create(claim=first, reviewer=editor, rating=ratings["true"])
    Verdict.objects.create(claim=second, reviewer=reviewer_a, rating=ratings["true"])
    for user in (reviewer_b, editor):
        Evidence.objects.create(claim=first, added_by=user, url="https://example.org", title="T", stance="supports")
    return [first, second]


def test_the_row_names_are_the_serializers_fields():
    assert list(queries.CLAIM_VALUES) == s.ClaimSerializer.Meta.fields
    assert list(queries.VERDICT_VALUES) == s.VerdictSerializer.Meta.fields
    assert list(queries.EVIDENCE_VALUES) == s.EvidenceSerializer.Meta.fields


def test_the_claim_row_is_the_claim_the_detail_read_before(reviewed):
    for claim in reviewed:
        before = (selectors.claim_list().select_related("article").defer("article__body")
                  .prefetch_related(Prefetch("evidence", queryset=selectors.evidence_list())).get(pk=claim.pk))
        row = queries.claim_detail_row(claim.pk)

        assert row == {**{name: getattr(before, name) for name in queries.CLAIM_VALUES if name != "article"},
                       "article": before.article_id, "dismissed_reason": before.dismissed_reason,
                       "article__title": before.article.title}
        evidence = queries.claim_evidence_rows(claim.pk)
        assert [e["id"] for e in evidence] == [e.pk for e in before.evidence.all()]
        assert [e["added_by__username"] for e in evidence] == [e.added_by.username for e in before.evidence.all()]


@pytest.mark.parametrize("persona", ["reviewer_a", "reviewer_b", "editor", "admin_user", "outsider"])
def test_the_visible_verdicts_are_those_access_lets_each_persona_see(request, reviewed, persona):
    user = request.getfixturevalue(persona)
    for claim in reviewed:
        before = list(selectors.verdict_list(access.verdicts_visible_to(user, claim)))
        rows = queries.visible_verdict_rows(user, claim.pk)

        assert [row["id"] for row in rows] == [verdict.pk for verdict in before]
        assert [row["reviewer__username"] for row in rows] == [verdict.reviewer.username for verdict in before]
        assert [row["rating__slug"] for row in rows] == [verdict.rating.slug for verdict in before]


def test_a_missing_claim_is_does_not_exist_and_the_gate_makes_it_a_404(client_as, db):
    from annotations.models import Claim

    with pytest.raises(Claim.DoesNotExist):
        queries.claim_detail_row(10**9)
    client = client_as("reviewer")
    for pk in (0, 10**9, 2**63 - 1, 2**63, 10**30):
        assert client.get(f"/api/v1/claims/{pk}/").status_code == 404


@pytest.mark.parametrize("serializer", ["ArticleFilterSerializer", "ClaimFilterSerializer", "ClaimIdFilterSerializer"])
def test_no_filter_in_the_query_is_what_the_filter_serializer_answers(rf, serializer):
    from rest_framework.request import Request

    from annotations.api.views import query_filters

    serializer_class = getattr(s, serializer)
    for query in ({}, {"page": "2", "page_size": "100"}, {"cursor": "", "ordering": "-id"}):
        drf = serializer_class(data=query)
        assert drf.is_valid()
        assert query_filters(Request(rf.get("/", query)), serializer_class) == drf.validated_data == {}
