"""The editorial desk: agreement, the ready list, the audit trail, the decision."""

from django.db.models.functions import Coalesce

from annotations import agreement
from annotations.models import (
    AuditEvent,
    Claim,
    FactCheck,
    Verdict,
)
from annotations.selectors.claims import count_of


def _ordinal_units(verdicts):
    """Rows of (claim id, rating value) → one list of ordinal values per claim (Unverifiable left out)."""
    units: dict[int, list[int]] = {}
    for claim_id, value in verdicts.filter(rating__value__isnull=False).values_list("claim_id", "rating__value"):
        units.setdefault(claim_id, []).append(value)
    return list(units.values())


def claim_agreement(claim) -> agreement.Agreement:
    """Krippendorff's ordinal alpha of the reviewers of one claim."""
    return agreement.alpha(_ordinal_units(Verdict.objects.filter(claim=claim)))


def article_agreement(article) -> agreement.Agreement:
    """Krippendorff's ordinal alpha over every claim of an article (each claim one unit)."""
    return agreement.alpha(_ordinal_units(Verdict.objects.filter(claim__article=article)))


def ready_for_approval_list():
    """Claims waiting for an editor: ready first, then disagreements to resolve; oldest change first."""
    return (
        Claim.objects.filter(status__in=(Claim.Status.READY, Claim.Status.DISAGREEMENT))
        .select_related("article").defer("article__body")
        .annotate(verdict_count=Coalesce(count_of(Verdict), 0))
        .order_by("-status", "updated_at", "pk")
    )


def claim_audit_trail(claim):
    """The claim's audit events, newest first, with who did each."""
    return AuditEvent.objects.filter(claim=claim).select_related("actor").order_by("-at", "-id")


def factcheck_of(claim):
    return FactCheck.objects.filter(claim=claim).select_related("rating", "approved_by").first()
