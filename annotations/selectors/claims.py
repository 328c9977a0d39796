"""Reads of claims for the API and the gate: counts, pages by id, the detail with what the reader may see."""

from django.db.models import Count, Func, IntegerField, OuterRef, Q, Subquery

from annotations.models import Claim, ClaimDate
from annotations.selectors.review import verdict_list


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


def claim_counted_with_article():
    """Claims with their counts and their article's id and title (the claim detail; the gate fetches through it)."""
    return claim_list().select_related("article").defer("article__body")


def claim_detail_parts(claim: Claim, visible_verdicts, visible_evidence) -> Claim:
    """Attach the given verdicts and evidence (as the reader may see them: access.py) as lists.

    Two plain queries: about half the CPU of the same through prefetch_related.
    """
    claim.evidence_items = list(visible_evidence.filter(claim_id=claim.pk).order_by("created_at", "id"))
    claim.visible_verdicts = list(
        verdict_list(visible_verdicts).filter(claim_id=claim.pk).order_by("created_at", "id"))
    return claim


def claim_dates_between(start, end):
    """The calendar stretches claims name that reach into [start, end] (either end may be None: open)."""
    dates = ClaimDate.objects.all()
    if start:
        dates = dates.filter(last_day__gte=start)
    if end:
        dates = dates.filter(first_day__lte=end)
    return dates
