"""The editorial desk: agreement, the ready and disagreement lists, the audit trail, the decision."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Coalesce

from annotations import agreement
from annotations.models import (
    AuditEvent,
    Claim,
    Evidence,
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
    """Krippendorff's ordinal alpha of the reviewers of one claim (the verdicts that stand)."""
    return agreement.alpha(_ordinal_units(Verdict.objects.standing().filter(claim=claim)))


def article_agreement(article) -> agreement.Agreement:
    """Krippendorff's ordinal alpha over every claim of an article (each claim one unit)."""
    return agreement.alpha(_ordinal_units(Verdict.objects.standing().filter(claim__article=article)))


# The editor's two lists, each its own page with its count on the home page.
DESK_LISTS = {
    "ready": Claim.Status.READY,
    "disagreement": Claim.Status.DISAGREEMENT,
}


def desk_list(status: str, *, user=None):
    """Claims in one status waiting for an editor (ready, or in disagreement), longest waiting first.

    With ``user``, each row says whether they worked on it (``took_part``): four
    eyes bars them from deciding it, so the list says so up front.
    """
    claims = (
        Claim.objects.filter(status=status, kind=Claim.Kind.CLAIM)
        .select_related("article").defer("article__body")
        .annotate(verdict_count=Coalesce(count_of(Verdict, withdrawn_at__isnull=True), 0))
        .order_by("updated_at", "pk")
    )
    if user is not None:
        took_part = (Q(Exists(Verdict.objects.filter(claim=OuterRef("pk"), reviewer=user)))
                     | Q(Exists(Evidence.objects.filter(claim=OuterRef("pk"), added_by=user))))
        claims = claims.annotate(took_part=ExpressionWrapper(took_part, output_field=BooleanField()))
    return claims


def desk_counts() -> dict[str, int]:
    """How many claims wait in each of the editor's lists (one query, over the ``claim_desk_status`` index
    alone: the status it holds is counted, as counting ids would read every row)."""
    counts = Claim.objects.filter(kind=Claim.Kind.CLAIM, status__in=DESK_LISTS.values()).aggregate(
        **{name: Count("status", filter=Q(status=status)) for name, status in DESK_LISTS.items()})
    return counts


def claim_audit_trail(claim):
    """The claim's audit events, newest first, with who did each."""
    return AuditEvent.objects.filter(claim=claim).select_related("actor").order_by("-at", "-id")


def claim_dismissal(claim) -> AuditEvent | None:
    """The audit event of the claim's latest dismissal (who, when, why), or None."""
    return (AuditEvent.objects.filter(claim=claim, action="dismiss").select_related("actor")
            .order_by("-at", "-id").first())


def factcheck_of(claim):
    return FactCheck.objects.filter(claim=claim).select_related("rating", "approved_by").first()


def users_with_permission(permission: str):
    """Active users who hold ``"app_label.codename"`` (through a group, their own grant, or as superusers)."""
    app_label, codename = permission.split(".", 1)
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .distinct().order_by("username")
    )
