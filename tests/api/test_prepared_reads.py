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


# --- The claims list ---


@pytest.fixture
def tied_claims(db):
    """23 claims whose check-worthiness ties a lot, in an order the ids do not follow."""
    from annotations.models import Article, Claim

    body = "x" * 300
    article = Article.objects.create(title="A", body=body, content_hash="a" * 64)
    Claim.objects.bulk_create([
        Claim(article=article, start=i * 10, end=i * 10 + 5, text=body[i * 10:i * 10 + 5],
              checkworthiness=[0.5, 0.0, 0.9, 0.5, 0.25][i % 5])
        for i in range(23)
    ])
    return list(Claim.objects.order_by("-checkworthiness", "id").values_list("pk", "checkworthiness"))


def test_the_prepared_page_ids_are_the_querysets_slices(tied_claims):
    from annotations.models import Claim

    ordered = Claim.objects.order_by(*queries.ClaimPages.order_by).values_list("pk", flat=True)
    ids = queries.ClaimPages().ids()

    assert ids.count() == len(ids) == ordered.count() == 23
    for start in range(0, 25):
        for stop in (start, start + 1, start + 5, 100):
            assert ids[start:stop] == list(ordered[start:stop])
    with pytest.raises(TypeError):
        ids[3]


def test_the_prepared_keyset_pages_are_the_querysets_keyset_pages(tied_claims):
    from django.db.models import Q

    from annotations.models import Claim

    ordered = Claim.objects.order_by("-checkworthiness", "pk")
    pages = queries.ClaimPages()

    assert pages.keyset(None, None, 7) == list(ordered.values_list("pk", "checkworthiness")[:7])
    for pk, value in tied_claims:
        for cursor_value in [value] + ([int(value)] if value.is_integer() else []):  # a cursor may hold 0, not 0.0
            after = ordered.filter(Q(checkworthiness=cursor_value, pk__gt=pk) | Q(checkworthiness__lt=cursor_value))
            assert pages.keyset(cursor_value, pk, 4) == list(after.values_list("pk", "checkworthiness")[:4])


def test_the_prepared_rows_are_the_claim_lists_rows_for_any_number_of_ids(tied_claims, claims, verdict_by_b,
                                                                         evidence_by_b):
    from annotations.models import Claim

    every = list(Claim.objects.order_by("-id").values_list("pk", flat=True))
    for n in (0, 1, 2, 3, 7, 8, 9, len(every)):
        ids = every[:n]
        expected = {row["id"]: row for row in selectors.claim_list().filter(pk__in=ids).values(*queries.CLAIM_VALUES)}
        assert queries.claim_rows_by_id(ids) == expected
    assert any(row["verdict_count"] == 1 for row in queries.claim_rows_by_id(every).values())


def test_only_the_unfiltered_list_in_its_default_order_runs_the_prepared_queries(client_as, tied_claims):
    from unittest import mock

    client = client_as("reviewer")
    for params, prepared in [({}, True), ({"ordering": "-checkworthiness"}, True), ({"ordering": "-start"}, False),
                             ({"kind": "claim"}, False), ({"page": 2, "page_size": 5}, True),
                             ({"cursor": "", "page_size": 5}, True)]:
        with mock.patch.object(queries.ClaimPages, "keyset", autospec=True, side_effect=queries.ClaimPages.keyset) \
                as keyset, mock.patch.object(queries.ClaimPages, "ids", autospec=True,
                                             side_effect=queries.ClaimPages.ids) as ids:
            assert client.get("/api/v1/claims/", params).status_code == 200
        assert (keyset.called or ids.called) == prepared, params


@pytest.mark.parametrize("params", [{}, {"page": 3, "page_size": 5}, {"page": 5, "page_size": 5}, {"page_size": 7}])
def test_a_prepared_page_is_the_page_of_the_same_list_built_by_the_orm(client_as, tied_claims, params):
    # kind=claim matches every claim here, so its pages run the ORM's queries; the default runs prepared ones.
    client = client_as("reviewer")
    prepared = client.get("/api/v1/claims/", params).json()
    built = client.get("/api/v1/claims/", {**params, "kind": "claim"}).json()

    assert prepared["results"] == built["results"]
    assert prepared["count"] == built["count"] == 23
    assert [bool(prepared[k]) for k in ("next", "previous")] == [bool(built[k]) for k in ("next", "previous")]


@pytest.mark.parametrize("size", [1, 4, 23, 30])
def test_prepared_cursor_pages_are_the_pages_the_orm_builds(client_as, tied_claims, size):
    client = client_as("reviewer")

    def walk(params):
        pages, response = [], client.get("/api/v1/claims/", {**params, "page_size": size, "cursor": ""})
        while True:
            body = response.json()
            pages.append([item["id"] for item in body["results"]])
            if not body["next"]:
                return pages
            response = client.get(body["next"])

    prepared, built = walk({}), walk({"kind": "claim"})
    assert prepared == built
    assert sum(prepared, []) == [pk for pk, _ in tied_claims]


def test_a_page_past_the_end_is_the_same_404(client_as, tied_claims):
    client = client_as("reviewer")
    prepared = client.get("/api/v1/claims/", {"page": 9, "page_size": 5})
    built = client.get("/api/v1/claims/", {"page": 9, "page_size": 5, "kind": "claim"})

    assert prepared.status_code == built.status_code == 404
    assert prepared.json() == built.json()


def test_an_empty_list_is_one_empty_page(client_as, db):
    body = client_as("reviewer").get("/api/v1/claims/").json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("serializer", ["ArticleFilterSerializer", "ClaimFilterSerializer", "ClaimIdFilterSerializer"])
def test_no_filter_in_the_query_is_what_the_filter_serializer_answers(rf, serializer):
    from rest_framework.request import Request

    from annotations.api.views import query_filters

    serializer_class = getattr(s, serializer)
    for query in ({}, {"page": "2", "page_size": "100"}, {"cursor": "", "ordering": "-id"}):
        drf = serializer_class(data=query)
        assert drf.is_valid()
        assert query_filters(Request(rf.get("/", query)), serializer_class) == drf.validated_data == {}


# --- A verdict's submission ---


def test_the_prepared_claim_is_the_orms_claim(claims):
    from annotations.models import Claim

    for claim in claims:
        ours, orm = queries.claim(claim.pk), Claim.objects.get(pk=claim.pk)
        assert {f.attname: getattr(ours, f.attname) for f in Claim._meta.concrete_fields} == {
            f.attname: getattr(orm, f.attname) for f in Claim._meta.concrete_fields}
        assert (ours._state.db, ours._state.adding) == (orm._state.db, orm._state.adding)
    for pk in (0, 10**9, 2**64):
        with pytest.raises(Claim.DoesNotExist, match="Claim matching query does not exist."):
            queries.claim(pk)


@pytest.mark.parametrize("value", ["first", "str-first", 999999, -1, 0, 2**63, 10**30, "abc", "1.5", True, False,
                                   1.5, None, [1], {"id": 1}, ""])
def test_the_rating_field_answers_as_drfs_primary_key_field(ratings, value):
    from rest_framework import serializers

    from annotations.models import Rating

    if value == "first":
        value = ratings["false"].pk
    elif value == "str-first":
        value = str(ratings["false"].pk)
    common = {"queryset": Rating.objects.select_related("scale"),
              "error_messages": {"does_not_exist": "No rating with id {pk_value}."}}

    def answer(field):
        try:
            rating = field.run_validation(value)
        except serializers.ValidationError as exc:
            return "invalid", exc.detail
        return rating.pk, rating.scale.pk, rating.scale.is_default, rating.slug, Rating.scale.is_cached(rating)

    assert answer(s.RatingField(**common)) == answer(serializers.PrimaryKeyRelatedField(**common))


@pytest.mark.parametrize(("body", "errors"), [
    ({"claim": 10**30, "rating": "first"}, {"claim": ["No such claim."]}),
    ({"claim": 2**63, "rating": 10**30}, {"rating": ["No rating with id 1000000000000000000000000000000."]}),
    ({"claim": 999999, "rating": "off-scale"}, {"claim": ["No such claim."]}),
])
def test_a_verdict_on_no_claim_or_with_no_rating_is_the_same_400(client_as, ratings, default_ratings, body, errors):
    from annotations.models import Rating, RatingScale

    if body["rating"] == "first":
        body["rating"] = ratings["false"].pk
    elif body["rating"] == "off-scale":
        scale = RatingScale.objects.create(name="Other", slug="other", best_value=2, worst_value=1)
        body["rating"] = Rating.objects.create(scale=scale, label="Other", slug="other", value=1).pk
    response = client_as("reviewer").post("/api/v1/verdicts/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
