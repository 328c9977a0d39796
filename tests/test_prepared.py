"""annotations.prepared: a query compiled once gives what its queryset gives, on every run.

These run on whichever database the suite runs on (SQLite, and PostgreSQL in CI).
"""

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from annotations import selectors
from annotations.models import Claim, Evidence, Verdict
from annotations.prepared import PreparedQuery


@pytest.fixture
def rows(db, split_article, reviewer_a, reviewer_b, default_ratings):
    article = split_article("Budget\n\nThe deal adds 12,000 jobs, officials said. Prices rose 3 percent in May.")
    claims = list(article.claims.order_by("start"))
    assert len(claims) >= 2
    Verdict.objects.create(claim=claims[0], reviewer=reviewer_a, rating=default_ratings["true"])
    Verdict.objects.create(claim=claims[0], reviewer=reviewer_b, rating=default_ratings["false"], rationale="No.")
    Evidence.objects.create(claim=claims[1], added_by=reviewer_b, url="https://example.org", title="Src",
                            stance="supports")
    return claims


def _same_sql_and_rows(prepared, *values, **paging):
    """The prepared run sends the SQL and parameters the ORM sends, and gets the same rows."""
    queryset = prepared.queryset(*values)
    if paging:
        queryset = queryset[paging["offset"]:paging["offset"] + paging["limit"]]
    with CaptureQueriesContext(connection) as orm:
        expected = list(queryset)
    with CaptureQueriesContext(connection) as ours:
        got = prepared.rows(*values, **paging)
    assert got == expected
    assert len(ours) == 1
    if not paging:  # the ORM writes the page's LIMIT into the SQL; ours passes it as parameters
        assert ours[0]["sql"] == orm[0]["sql"]
    return got


def test_rows_are_the_querysets_rows_with_every_value_converted(rows):
    prepared = PreparedQuery(
        lambda pk: selectors.claim_list().filter(pk=pk).values(
            "id", "article", "text", "checkworthiness", "checkworthy", "created_at", "verdict_count",
            "evidence_count", "article__title", "article__published_on"),
        int,
    )
    for claim in rows:
        got = _same_sql_and_rows(prepared, claim.pk)
        assert got[0]["created_at"] == claim.created_at  # an aware datetime on both databases
        assert isinstance(got[0]["checkworthy"], bool)
    assert _same_sql_and_rows(prepared, rows[0].pk)[0]["verdict_count"] == 2
    assert prepared.rows(10**9) == []


def test_a_parameter_is_used_wherever_it_appears(rows, reviewer_a):
    prepared = PreparedQuery(
        lambda claim_id, user_id: Verdict.objects.filter(claim_id=claim_id).filter(
            reviewer=user_id).values("id", "reviewer__username", "rating__slug"),
        int, int,
    )
    assert len(_same_sql_and_rows(prepared, rows[0].pk, reviewer_a.pk)) == 1
    assert _same_sql_and_rows(prepared, rows[1].pk, reviewer_a.pk) == []


def test_text_parameters_and_joins_that_repeat_rows(rows, reviewer_b):
    prepared = PreparedQuery(
        lambda name: Verdict.objects.filter(reviewer__username=name).values("id", "reviewer__groups__name"), str,
    )
    assert len(_same_sql_and_rows(prepared, "reviewer_b")) == 1
    assert _same_sql_and_rows(prepared, "nobody") == []
    assert _same_sql_and_rows(prepared, "x' OR '1'='1") == []  # a value, never SQL


def test_values_are_coerced_as_the_orm_coerces_them(rows):
    prepared = PreparedQuery(lambda pk: Claim.objects.filter(pk=pk).values("id"), int)

    assert prepared.rows(str(rows[0].pk)) == [{"id": rows[0].pk}]
    with pytest.raises(ValueError):
        prepared.rows("seven")
    with pytest.raises(TypeError):
        prepared.rows(None)


def test_paged_rows_are_the_querysets_slices(rows):
    prepared = PreparedQuery(lambda: Claim.objects.order_by("-start", "id").values("id", "start"), paged=True)
    every = list(prepared.queryset())

    for offset in range(len(every) + 1):
        for limit in (1, 2, 100):
            assert _same_sql_and_rows(prepared, limit=limit, offset=offset) == every[offset:offset + limit]


def test_annotations_and_aggregates(rows):
    prepared = PreparedQuery(
        lambda article_id: Claim.objects.filter(article_id=article_id).order_by().values("article").annotate(
            n=Count("pk")).values("article", "n"),
        int,
    )
    assert _same_sql_and_rows(prepared, rows[0].article_id) == [{"article": rows[0].article_id, "n": len(rows)}]


def test_a_locking_read_runs_in_its_transaction(rows):
    prepared = PreparedQuery(
        lambda pk: Claim.objects.select_for_update(of=("self",)).filter(pk=pk).values("id", "status"), int,
    )
    with transaction.atomic():
        assert _same_sql_and_rows(prepared, rows[0].pk) == [{"id": rows[0].pk, "status": rows[0].status}]


def test_a_query_that_matches_nothing_whatever_the_values(rows):
    prepared = PreparedQuery(lambda pk: Claim.objects.none().filter(pk=pk).values("id"), int)
    with CaptureQueriesContext(connection) as captured:
        assert prepared.rows(rows[0].pk) == []
    assert len(captured) == 0


def test_what_cannot_be_prepared_is_refused(rows):
    with pytest.raises(TypeError):
        PreparedQuery(lambda pk: Claim.objects.filter(pk=pk), int).rows(1)  # not values()
    with pytest.raises(ValueError, match="did not come out as SQL parameters"):
        PreparedQuery(lambda pk: Claim.objects.values("id"), int).rows(1)  # the parameter is not used
    with pytest.raises(TypeError):
        PreparedQuery(lambda pk: Claim.objects.filter(pk=pk).values("id"), bool)
    with pytest.raises(TypeError):
        PreparedQuery(lambda: Claim.objects.values("id")[:5], paged=True).rows(limit=1)
    with pytest.raises(TypeError):
        PreparedQuery(lambda pk: Claim.objects.filter(pk=pk).values("id"), int).rows()
    with pytest.raises(TypeError):
        PreparedQuery(lambda pk: Claim.objects.filter(pk=pk).values("id"), int).rows(1, limit=5)


def test_a_marker_that_django_would_judge_out_of_range_is_refused_not_taken_for_nothing(rows):
    from annotations.models import Rating

    # position is a small integer: Django judges the int marker out of its range and would
    # compile "matches nothing"; that must be an error, never a query that always answers [].
    prepared = PreparedQuery(lambda position: Rating.objects.filter(position=position).values("id"), int)
    with pytest.raises(ValueError, match="cannot be prepared"):
        prepared.rows(1)


def test_an_id_beyond_64_bits_is_a_value_error(rows):
    prepared = PreparedQuery(lambda pk: Claim.objects.filter(pk=pk).values("id"), int)

    assert list(prepared.queryset(2**64)) == []  # the ORM: no such row
    with pytest.raises(ValueError):
        prepared.rows(2**64)
    with pytest.raises(ValueError):
        prepared.rows(-(2**63) - 1)
    assert prepared.rows(2**63 - 1) == []


def test_float_parameters(rows):
    prepared = PreparedQuery(
        lambda value: Claim.objects.filter(checkworthiness__gte=value).order_by("id").values("id", "checkworthiness"),
        float,
    )
    for value in (0, 0.0, 0.5, 1, "0.25"):
        _same_sql_and_rows(prepared, float(value))
    assert prepared.rows(0) == list(prepared.queryset(0))


def test_one_is_get_by_key(rows):
    prepared = PreparedQuery(lambda pk: Claim.objects.filter(pk=pk).values("id", "status"), int)

    assert prepared.one(rows[0].pk) == Claim.objects.values("id", "status").get(pk=rows[0].pk)
    for pk in (10**9, 2**64):
        with pytest.raises(Claim.DoesNotExist, match="^Claim matching query does not exist.$"):
            prepared.one(pk)
    every = PreparedQuery(lambda article_id: Claim.objects.filter(article_id=article_id).values("id"), int)
    with pytest.raises(Claim.MultipleObjectsReturned):
        every.one(rows[0].article_id)


def test_instances_are_built_as_the_orm_builds_them(rows):
    from annotations.models import Article
    from annotations.prepared import concrete_names, instance

    prepared = PreparedQuery(
        lambda pk: Claim.objects.filter(pk=pk).values(*concrete_names(Claim), *concrete_names(Article, "article__")),
        int,
    )
    row = prepared.one(rows[0].pk)
    ours, orm = instance(Claim, row), Claim.objects.select_related("article").get(pk=rows[0].pk)
    article = instance(Article, row, "article__")

    def fields(obj):
        return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}

    assert fields(ours) == fields(orm) and fields(article) == fields(orm.article)
    assert (ours._state.db, ours._state.adding, ours.get_deferred_fields()) == (orm._state.db, False, set())


@pytest.mark.django_db(transaction=True)  # outside the test's own transaction
def test_a_locking_read_outside_a_transaction_is_refused_as_django_refuses_it():
    from django.db.transaction import TransactionManagementError

    from annotations.models import Article

    article = Article.objects.create(title="A", body="x" * 20, content_hash="b" * 64)
    claim = Claim.objects.create(article=article, start=0, end=5, text="xxxxx")
    prepared = PreparedQuery(lambda pk: Claim.objects.select_for_update().filter(pk=pk).values("id"), int)
    with transaction.atomic():
        assert prepared.rows(claim.pk) == [{"id": claim.pk}]  # compiled here, in a transaction
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite locks the whole database instead
        with pytest.raises(TransactionManagementError):
            list(Claim.objects.select_for_update().filter(pk=claim.pk))
        with pytest.raises(TransactionManagementError):
            prepared.rows(claim.pk)
    else:
        assert prepared.rows(claim.pk) == list(Claim.objects.select_for_update().filter(pk=claim.pk).values("id"))


def test_the_workflows_lock_reads_the_claim_the_orm_reads(rows):
    from annotations import workflow

    with transaction.atomic():
        locked = workflow.claim_lock(rows[0])
        orm = Claim.objects.select_for_update(of=("self",)).get(pk=rows[0].pk)
        assert {f.attname: getattr(locked, f.attname) for f in Claim._meta.concrete_fields} == {
            f.attname: getattr(orm, f.attname) for f in Claim._meta.concrete_fields}
        with pytest.raises(Claim.DoesNotExist):
            workflow.claim_lock(Claim(pk=10**9))
