"""Reads of claims for the API and the gate: counts, pages by id, the detail with what the reader may see."""

from django.db.models import Func, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from annotations.models import (
    Claim,
    Evidence,
    Verdict,
)
from annotations.selectors.review import verdict_list


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
    """A correlated COUNT subquery: counts on two relations without multiplying joined rows."""
    rows = model.objects.filter(claim=OuterRef("pk"), **filters).order_by().values("claim")
    return Subquery(rows.annotate(n=Func("pk", function="COUNT")).values("n"), output_field=IntegerField())


def claims_of_factchecks(factchecks):
    return Claim.objects.filter(factcheck__in=factchecks)


def claim_list():
    """Claims with the counts of their verdicts and evidence that stand (withdrawn and retracted ones no longer
    count), in a constant number of queries per page."""
    return Claim.objects.annotate(
        verdict_count=Coalesce(count_of(Verdict, withdrawn_at__isnull=True), 0),
        evidence_count=Coalesce(count_of(Evidence, retracted_at__isnull=True), 0),
    )


def claim_keys():
    """Claims with only the columns the API's lists are filtered, ordered and paged by."""
    return Claim.objects.only("id", "article_id", "checkworthiness", "start", "created_at")


def claims_by_id(ids: list[int]) -> list[Claim]:
    """``claim_list()`` rows for these ids, in the order given (a claim deleted meanwhile is left out)."""
    by_id = claim_list().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def claim_detail_for(visible_verdicts, visible_evidence):
    """Claims with counts, article title, and the given verdicts and evidence (what the reader may see), prefetched."""
    return (
        claim_list().select_related("article").only(*_CLAIM_DETAIL_FIELDS)
        .prefetch_related(
            Prefetch("evidence", queryset=visible_evidence.order_by("created_at", "id")),
            Prefetch("verdicts", queryset=verdict_list(visible_verdicts).order_by("created_at", "id"),
                     to_attr="visible_verdicts"),
        )
    )


_CLAIM_DETAIL_FIELDS = [
    *(field.name for field in Claim._meta.concrete_fields), "article__id", "article__title",
]
