"""Reads around one claim's review: ratings, verdicts, evidence, drafts, who has it open."""

from django.utils import timezone

from annotations.models import (
    Claim,
    ClaimPresence,
    Evidence,
    Rating,
    RationaleDraft,
    Verdict,
)


def ratings_default_scale():
    """The ratings a reviewer or an editor may choose, in picker order."""
    return Rating.objects.filter(scale__is_default=True).select_related("scale")


def verdict_own(claim: Claim, user) -> Verdict | None:
    return claim.verdicts.filter(reviewer=user).select_related("rating").first()


def claim_has_verdicts(claim: Claim) -> bool:
    return claim.verdicts.exists()


def claim_evidence(claim: Claim):
    """The claim's evidence, oldest first, with who added each."""
    return claim.evidence.select_related("added_by").order_by("created_at", "id")


def claim_verdicts(claim: Claim):
    """Every verdict on the claim with reviewer and rating, oldest first (the editorial desk)."""
    return claim.verdicts.select_related("reviewer", "rating").order_by("created_at", "id")


def verdict_list(verdicts):
    """Verdicts ready to serialize: reviewer and rating joined, never one query per row."""
    return verdicts.select_related("reviewer", "rating")


def ratings_all():
    """Ratings with their scale (a verdict checks the scale it comes from)."""
    return Rating.objects.select_related("scale")


def evidence_list():
    """Evidence ready to serialize, with who added it."""
    return Evidence.objects.select_related("added_by")


def claim_presence_get(claim):
    """Who else has the claim open right now (a live presence, with its holder), or None."""
    return ClaimPresence.objects.select_related("holder").filter(claim=claim, expires_at__gt=timezone.now()).first()


def rationale_draft_get(claim, author):
    """The author's own autosaved rationale on a claim; drafts are never shown to anyone else."""
    return RationaleDraft.objects.filter(claim=claim, author=author).first()
