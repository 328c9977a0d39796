"""The API's claim detail read in one statement on PostgreSQL: the fast path of the claim detail.

The detail shows a claim with its article's title, every verdict (with its
rating and the reviewers' names) and every piece of evidence (with the names
of who added and retracted it). Through the ORM that is three queries, each
compiled by Django and sent on its own round trip, most of a detail's time;
here it is one statement, the verdicts and evidence as JSON arrays beside
the claim's columns (docs/benchmarks.md, "The claim detail in one statement",
has the measured gain).

Nothing is decided here: ``access.claim_review_as_seen_by`` applies blind
review to the rows on either path, and the serializers are the only definition
of the output. The columns come from the models' ``_meta`` (a field added to
Claim, Verdict, Evidence or Rating is read without a change here) and become
model instances through ``Model.from_db``, as Django's own reads do; a field of
a type this module cannot take back from JSON stops the read with an error
naming it, rather than be shown wrong. ``settings.CLAIM_DETAIL_FAST_SQL =
False``, and SQLite, take the ORM path (``selectors.claims``);
``tests/api/test_claim_detail_paths.py`` holds the two to the same JSON.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from annotations.models import Article, Claim, Evidence, Rating, Verdict
from annotations.sqlrows import instance_from_row

# How a value of each field type comes back from PostgreSQL's to_jsonb() as the value the ORM gives.
# Absent types (decimals, binary, durations ...) would lose precision or shape in JSON: refused.
_FROM_JSON = {
    "AutoField": None, "BigAutoField": None, "SmallAutoField": None,
    "IntegerField": None, "BigIntegerField": None, "SmallIntegerField": None, "PositiveIntegerField": None,
    "PositiveBigIntegerField": None, "PositiveSmallIntegerField": None, "FloatField": None,
    "BooleanField": None, "CharField": None, "TextField": None, "SlugField": None, "URLField": None,
    "EmailField": None, "JSONField": None,
    "DateTimeField": dt.datetime.fromisoformat, "DateField": dt.date.fromisoformat, "UUIDField": uuid.UUID,
}


def in_use() -> bool:
    return settings.CLAIM_DETAIL_FAST_SQL and connection.vendor == "postgresql"


def _internal_type(field) -> str:
    if field.is_relation:  # a foreign key's column holds its target's key
        return _internal_type(field.target_field)
    return field.get_internal_type()


@cache
def _converters(model) -> tuple[list, list]:
    """([(column, converter or None)], [attname]) for the concrete fields of ``model``; an error naming a field
    it cannot read."""
    columns, attnames = [], []
    for field in model._meta.concrete_fields:
        kind = _internal_type(field)
        if kind not in _FROM_JSON:
            raise ImproperlyConfigured(
                f"The claim detail's fast path cannot read {model.__name__}.{field.name} ({kind}) from JSON: "
                f"teach annotations/selectors/claim_detail_sql.py or set CLAIM_DETAIL_FAST_SQL=0.")
        columns.append((field.column, _FROM_JSON[kind]))
        attnames.append(field.attname)
    return columns, attnames


def _instance(model, row: dict):
    """An instance from one object of the statement's JSON (``to_jsonb`` of its row: keyed by column)."""
    columns, attnames = _converters(model)
    values = [row[column] if row[column] is None or convert is None else convert(row[column])
              for column, convert in columns]
    return model.from_db(connection.alias, attnames, values)


@cache
def _statement(claim_fields: tuple) -> str:
    for model in (Verdict, Evidence, Rating):
        _converters(model)  # refuse a field it cannot read before any request is answered wrong
    quote = connection.ops.quote_name
    user = get_user_model()._meta
    name = quote(user.get_field(user.model.USERNAME_FIELD).column)
    user_table, user_key = quote(user.db_table), quote(user.pk.column)

    def col(model, field_name):
        return quote(model._meta.get_field(field_name).column)

    def table(model):
        return quote(model._meta.db_table)

    def names(alias, model, *fields):
        # Each person as their name, as the ORM path's annotations (``<field>_username``) give it.
        joins, pairs = [], []
        for i, field in enumerate(fields):
            joins.append(f"LEFT JOIN {user_table} u{i} ON u{i}.{user_key} = {alias}.{col(model, field)}")
            pairs.append(f"'{field}_username', u{i}.{name}")
        return " ".join(joins), ", ".join(pairs)

    verdict_joins, verdict_names = names("v", Verdict, "reviewer", "withdrawn_by")
    evidence_joins, evidence_names = names("e", Evidence, "added_by", "retracted_by")
    claim_columns = ", ".join(f"c.{quote(f.column)}" for f in claim_fields)
    return (
        f"SELECT {claim_columns}, a.{col(Article, 'title')}, "
        f"(SELECT coalesce(json_agg(to_jsonb(v) || jsonb_build_object('rating', to_jsonb(r), {verdict_names}) "
        f"ORDER BY v.{col(Verdict, 'created_at')}, v.{col(Verdict, 'id')}), '[]') "
        f"FROM {table(Verdict)} v JOIN {table(Rating)} r ON r.{col(Rating, 'id')} = v.{col(Verdict, 'rating')} "
        f"{verdict_joins} WHERE v.{col(Verdict, 'claim')} = c.{col(Claim, 'id')}), "
        f"(SELECT coalesce(json_agg(to_jsonb(e) || jsonb_build_object({evidence_names}) "
        f"ORDER BY e.{col(Evidence, 'created_at')}, e.{col(Evidence, 'id')}), '[]') "
        f"FROM {table(Evidence)} e {evidence_joins} WHERE e.{col(Evidence, 'claim')} = c.{col(Claim, 'id')}) "
        f"FROM {table(Claim)} c JOIN {table(Article)} a ON a.{col(Article, 'id')} = c.{col(Claim, 'article')} "
        f"WHERE c.{col(Claim, 'id')} = %s"
    )


def claim_with_reviews(pk: int, claim_fields: tuple) -> tuple[Claim, list[Verdict], list[Evidence]]:
    """The claim (``claim_fields``, and its article's id and title), every verdict and every piece of evidence.

    Verdicts and evidence oldest first. Claim.DoesNotExist when no claim has this id.
    """
    with connection.cursor() as cursor:
        cursor.execute(_statement(claim_fields), [pk])
        row = cursor.fetchone()
    if row is None:
        raise Claim.DoesNotExist("No claim with this id.")
    *claim_values, title, verdict_rows, evidence_rows = row
    claim = instance_from_row(Claim, claim_fields, claim_values)
    claim.article = Article.from_db(connection.alias, [Article._meta.pk.attname, "title"], [claim.article_id, title])
    verdicts = []
    for verdict_row in verdict_rows:
        verdict = _instance(Verdict, verdict_row)
        verdict.rating = _instance(Rating, verdict_row["rating"])
        verdict.reviewer_username = verdict_row["reviewer_username"]
        verdict.withdrawn_by_username = verdict_row["withdrawn_by_username"]
        verdicts.append(verdict)
    evidence = []
    for evidence_row in evidence_rows:
        piece = _instance(Evidence, evidence_row)
        piece.added_by_username = evidence_row["added_by_username"]
        piece.retracted_by_username = evidence_row["retracted_by_username"]
        evidence.append(piece)
    return claim, verdicts, evidence
