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
    """The user's verdict on the claim that stands (a withdrawn one is history, and they may rate again)."""
    return claim.verdicts.standing().filter(reviewer=user).select_related("rating").first()


def claim_has_verdicts(claim: Claim) -> bool:
    """Whether any verdict on the claim stands."""
    return claim.verdicts.standing().exists()


def claim_was_rated(claim: Claim) -> bool:
    """Whether anyone ever rated this text, a verdict since withdrawn included (its span then stays put)."""
    return claim.verdicts.exists()


def claim_evidence(claim: Claim):
    """The claim's evidence, retracted pieces included, oldest first, with who added and who retracted each."""
    return claim.evidence.select_related("added_by", "retracted_by").order_by("created_at", "id")


def claim_verdicts(claim: Claim):
    """Every verdict on the claim, withdrawn ones included, with reviewer and rating, oldest first (the editorial
    desk)."""
    return claim.verdicts.select_related("reviewer", "rating", "withdrawn_by").order_by("created_at", "id")


def claim_participant_ids(claim: Claim) -> set[int]:
    """Everyone who rated the claim or gave evidence for it, withdrawn and retracted work included (four eyes)."""
    return (set(claim.verdicts.values_list("reviewer_id", flat=True))
            | set(claim.evidence.values_list("added_by_id", flat=True)))


def claim_rated_by(claim: Claim, user) -> bool:
    """Whether ``user`` ever gave a verdict on the claim (one since withdrawn included): blind review ends then."""
    return bool(getattr(user, "pk", None)) and claim.verdicts.filter(reviewer=user).exists()


def claim_work_by(claim: Claim, user) -> str:
    """What ``user`` did on the claim, in words for a refusal ("rated", "added evidence to", both), or ""."""
    if not getattr(user, "pk", None):
        return ""
    rated = claim_rated_by(claim, user)
    gave_evidence = claim.evidence.filter(added_by=user).exists()
    return " and ".join(word for word, done in (("rated", rated), ("added evidence to", gave_evidence)) if done)


def verdict_list(verdicts):
    """Verdicts ready to serialize: reviewer, rating and who withdrew it joined, never one query per row."""
    return verdicts.select_related("reviewer", "rating", "withdrawn_by")


def ratings_all():
    """Ratings with their scale (a verdict checks the scale it comes from)."""
    return Rating.objects.select_related("scale")


def evidence_list():
    """Evidence ready to serialize, with who added and who retracted it."""
    return Evidence.objects.select_related("added_by", "retracted_by")


def claim_presence_get(claim):
    """Who else has the claim open right now (a live presence, with its holder), or None."""
    return ClaimPresence.objects.select_related("holder").filter(claim=claim, expires_at__gt=timezone.now()).first()


def rationale_draft_get(claim, author):
    """The author's own autosaved rationale on a claim; drafts are never shown to anyone else."""
    return RationaleDraft.objects.filter(claim=claim, author=author).first()
