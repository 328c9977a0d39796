"""Reads of claims for the API and the gate: counts, pages by id, the detail with what the reader may see."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery

from annotations.models import Article, Claim, ClaimDate, Evidence, Verdict
from annotations.selectors import claim_detail_sql


def claims_plain():
    return Claim.objects.all()


def claim_with_article():
    """Claims with their article joined, its body left in the database until someone reads it."""
    return Claim.objects.select_related("article").defer("article__body")


def claim_neighbour(claim: Claim) -> Claim | None:
    """The next claim in the text that is not dismissed, or None: what "merge with the next" joins."""
    return (
        claim.article.claims.filter(start__gte=claim.end).exclude(status=Claim.Status.DISMISSED)
        .order_by("start", "end").first()
    )


def count_of(model, **filters):
    """A correlated COUNT subquery: a count beside rows that are grouped otherwise (the ready list)."""
    rows = model.objects.filter(claim=OuterRef("pk"), **filters).order_by().values("claim")
    return Subquery(rows.annotate(n=Func("pk", function="COUNT")).values("n"), output_field=IntegerField())


def claims_of_factchecks(factchecks):
    return Claim.objects.filter(factcheck__in=factchecks)


def claim_list():
    """Claims with the counts of their verdicts and evidence that stand (withdrawn and retracted ones no
    longer count).

    Counted through joins (DISTINCT, so the two relations do not multiply each
    other), which is half the cost of a correlated subquery per count to build
    and run; use it on a page of ids, never on a whole table.
    """
    return Claim.objects.annotate(
        verdict_count=Count("verdicts", filter=Q(verdicts__withdrawn_at__isnull=True), distinct=True),
        evidence_count=Count("evidence", filter=Q(evidence__retracted_at__isnull=True), distinct=True),
    )


def claim_keys(*, with_order_values: bool = False):
    """The ids of claims, as rows (no model instances), for the API's lists to filter, order and page.

    ``with_order_values`` adds the values a list may be ordered by, which a
    keyset cursor is positioned on. Without them, PostgreSQL can walk to a
    page-number page's OFFSET in an index alone.
    """
    if with_order_values:
        return Claim.objects.values("id", "checkworthiness", "start", "created_at")
    return Claim.objects.values("id")


def claims_by_id(ids: list[int]) -> list[Claim]:
    """``claim_list()`` rows for these ids, in the order given (a claim deleted meanwhile is left out)."""
    by_id = claim_list().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _columns_except(model, keep, *, through: str) -> list[str]:
    """The ``defer()`` names of a joined model's columns other than ``keep``."""
    return [f"{through}__{f.name}" for f in model._meta.concrete_fields if f.name not in keep]


def _usernames(*through: str) -> dict[str, F]:
    """``<field>_username`` annotations: each user's name, all the API shows of them (``UsernameField``).

    Cheaper than joining the users as objects: Django builds no deferred-column mask and no user instance.
    """
    name = get_user_model().USERNAME_FIELD
    return {f"{path}_username": F(f"{path}__{name}") for path in through}


# What the API's claim detail does not show: the search document (only ever searched), the pipeline's
# working columns and the dashboard's review facts. A column added to the model is read until listed here.
CLAIM_COLUMNS_NOT_IN_DETAIL = (
    "search_document", "splitter_version", "assignee", "covered_by", "claimant_key", "claimant_excerpt",
    "is_headline", "first_verdict_at", "verdicts_standing", "ratings_differ", "ordinal_ratings",
    "last_ordinal_rating_at", "first_ready_at",
)


def claim_for_detail():
    """Claims as the API's claim detail shows them, with their article's id and title."""
    return Claim.objects.select_related("article").defer(
        *CLAIM_COLUMNS_NOT_IN_DETAIL, *_columns_except(Article, {"id", "title"}, through="article"))


@cache
def _claim_detail_fields() -> tuple:
    return tuple(f for f in Claim._meta.concrete_fields if f.name not in CLAIM_COLUMNS_NOT_IN_DETAIL)


def claim_detail_rows(pk) -> tuple[Claim, list[Verdict], list[Evidence]]:
    """The claim as the API's detail shows it, with all its verdicts and evidence (``claim_verdicts_all``,
    ``claim_evidence_all``); Claim.DoesNotExist when there is none.

    One statement on PostgreSQL (``claim_detail_sql``, ``CLAIM_DETAIL_FAST_SQL``), three through the ORM.
    """
    if claim_detail_sql.in_use():
        return claim_detail_sql.claim_with_reviews(pk, _claim_detail_fields())
    claim = claim_for_detail().get(pk=pk)
    return claim, claim_verdicts_all(claim), claim_evidence_all(claim)


def claim_verdicts_all(claim: Claim) -> list[Verdict]:
    """Every verdict on the claim, withdrawn ones too, oldest first, ready to serialize.

    All of them, hidden ones included: ``access.claim_review_as_seen_by`` decides which the reader sees.
    """
    verdicts = Verdict.objects.filter(claim_id=claim.pk).select_related("rating")
    return list(verdicts.annotate(**_usernames("reviewer", "withdrawn_by")).order_by("created_at", "id"))


def claim_evidence_all(claim: Claim) -> list[Evidence]:
    """Every piece of evidence on the claim, retracted ones too, oldest first, ready to serialize."""
    evidence = Evidence.objects.filter(claim_id=claim.pk).annotate(**_usernames("added_by", "retracted_by"))
    return list(evidence.order_by("created_at", "id"))


def claim_dates_between(start, end):
    """The calendar stretches claims name that reach into [start, end] (either end may be None: open)."""
    dates = ClaimDate.objects.all()
    if start:
        dates = dates.filter(last_day__gte=start)
    if end:
        dates = dates.filter(first_day__lte=end)
    return dates
