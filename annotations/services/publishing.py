"""The editorial decisions on a claim: mark ready, return, approve and publish, unpublish, reuse a verdict.

Each runs in one transaction with the claim row locked, accepts the version the
editor saw (ClaimVersionConflict when stale), bumps the claim's version on a
state change and writes one audit event. Who may do what is access.py's; the
services ask it too, so the admin, the web pages and the API get the same answers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from annotations import access, selectors
from annotations.models import Claim, FactCheck
from annotations.services.common import audit, claim_for_update
from annotations.services.webhooks import webhook_enqueue

SUMMARY_MAX_CHARS = 5000
CLAIMANT_MAX_CHARS = FactCheck._meta.get_field("claimant").max_length
SLUG_BASE_MAX = 80


class ApprovalRefused(ValidationError):
    """The four-eyes rule: nobody approves a fact-check they took part in reviewing."""


def _set_status(claim: Claim, action: str, *, actor, comment: str = "", status: str | None = None) -> None:
    from_state = claim.status
    claim.status = status or Claim.TRANSITIONS[action][1]
    claim.version += 1
    claim._history_user = actor
    claim.save(update_fields=["status", "version", "updated_at"])
    audit(actor=actor, action=action, claim=claim, from_state=from_state, to_state=claim.status, comment=comment)


def _refuse_unless_allowed(claim: Claim, action: str, what: str) -> None:
    if not claim.allows(action):
        raise ValidationError(f"A claim that is “{claim.get_status_display()}” cannot be {what}.")


def claim_mark_ready(*, claim: Claim, actor, comment: str = "", expected_version: int | None = None) -> Claim:
    """An editor declares a claim ready for approval (and resolves a disagreement, with a comment)."""
    access.check_may(actor, access.MARK_READY)
    comment = (comment or "").strip()
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        _refuse_unless_allowed(current, "mark_ready", "marked ready for approval")
        if current.status == Claim.Status.DISAGREEMENT and not comment:
            raise ValidationError("Say how the disagreement was resolved.")
        _set_status(current, "mark_ready", actor=actor, comment=comment)
    return current


def claim_return(*, claim: Claim, actor, comment: str, expected_version: int | None = None) -> Claim:
    """Send a claim back to its reviewers with the editor's comment (required)."""
    access.check_may(actor, access.RETURN)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Say what the reviewers should look at again.")
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        _refuse_unless_allowed(current, "return", "returned to reviewers")
        _set_status(current, "return", actor=actor, comment=comment)
    return current


def _validate_decision(*, rating, summary: str, claimant: str) -> None:
    errors = {}
    if rating is None or not rating.scale.is_default:
        errors["rating"] = "Choose the final rating from the default rating scale."
    if not summary:
        errors["summary"] = "Write the public summary of the fact-check."
    elif len(summary) > SUMMARY_MAX_CHARS:
        errors["summary"] = f"The summary has {len(summary):,} characters; the limit is {SUMMARY_MAX_CHARS:,}."
    if len(claimant) > CLAIMANT_MAX_CHARS:
        errors["claimant"] = f"The claimant has {len(claimant)} characters; the limit is {CLAIMANT_MAX_CHARS}."
    if errors:
        raise ValidationError(errors)


def _slug_for(text: str) -> str:
    """A slug from the claim's text, unique among fact-checks (-2, -3, ... on a clash)."""
    base = slugify(text)
    if len(base) > SLUG_BASE_MAX:
        base = base[: SLUG_BASE_MAX + 1].rsplit("-", 1)[0][:SLUG_BASE_MAX]  # end on a whole word
    base = base.strip("-") or "claim"
    taken = set(FactCheck.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _save_new_factcheck(factcheck: FactCheck, claim: Claim) -> None:
    try:
        with transaction.atomic():  # a savepoint: a concurrent publish may take the same slug
            factcheck.save()
    except IntegrityError:
        factcheck.slug = f"{factcheck.slug[:SLUG_BASE_MAX]}-{claim.pk}"
        factcheck.save()


def factcheck_publish(
    *, claim: Claim, actor, rating, summary: str, claimant: str = "", expected_version: int | None = None
) -> FactCheck:
    """Approve and publish a claim's fact-check with the editor's final rating and public summary.

    The claim must be ready for approval and pass the approval rule
    (``access.approval_refusal``; ApprovalRefused otherwise). Publishing again
    after an unpublish keeps the slug, so public links stay valid. Raises
    ValidationError with nothing changed for a second publish, a rating off
    the default scale, or a missing summary.
    """
    access.check_may(actor, access.PUBLISH)
    summary, claimant = (summary or "").strip(), (claimant or "").strip()
    _validate_decision(rating=rating, summary=summary, claimant=claimant)
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        factcheck = FactCheck.objects.select_for_update().filter(claim=current).first()
        if current.is_published or (factcheck and factcheck.is_published):
            raise ValidationError("This fact-check is already published.")
        _refuse_unless_allowed(current, "publish", "approved and published; it must be ready for approval first")
        refusal = access.approval_refusal(actor, current)
        if refusal:
            raise ApprovalRefused(refusal)
        now = timezone.now()
        if factcheck is None:
            factcheck = FactCheck(claim=current, slug=_slug_for(current.text))
        else:
            factcheck.version += 1
        factcheck.rating, factcheck.summary, factcheck.claimant = rating, summary, claimant
        factcheck.approved_by, factcheck.approved_at, factcheck.published_at = actor, now, now
        factcheck.first_published_at = factcheck.first_published_at or now
        factcheck._history_user = actor
        if factcheck.pk is None:
            _save_new_factcheck(factcheck, current)
        else:
            factcheck.save()
        _set_status(current, "publish", actor=actor, comment=f"Final rating: {rating.label}")
        # The delivery rows are written in this transaction (an outbox) and sent
        # only after commit: a partner never hears of a publication that was
        # rolled back, and never misses one that committed.
        webhook_enqueue(event="factcheck.published", factcheck_id=factcheck.pk)
    return factcheck


def factcheck_unpublish(*, claim: Claim, actor, comment: str = "", expected_version: int | None = None) -> FactCheck:
    """Take a published fact-check off the public pages; the claim goes back to ready for approval."""
    access.check_may(actor, access.UNPUBLISH)
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        factcheck = FactCheck.objects.select_for_update().filter(claim=current).first()
        if factcheck is None or not factcheck.is_published:
            raise ValidationError("This fact-check is not published, so it cannot be unpublished.")
        factcheck.published_at = None
        factcheck.version += 1
        factcheck._history_user = actor
        factcheck.save(update_fields=["published_at", "version", "updated_at"])
        _set_status(current, "unpublish", actor=actor, comment=(comment or "").strip())
        webhook_enqueue(event="factcheck.unpublished", factcheck_id=factcheck.pk)
    return factcheck


class ReuseError(ValidationError):
    pass


def factcheck_apply_previous(*, claim: Claim, source: FactCheck, actor) -> FactCheck:
    """Give ``claim`` the verdict of a published fact-check of the same claim, recorded as reused.

    The new fact-check is approved but not published: publishing stays the
    editor's separate, deliberate step.
    """
    if not access.may(actor, access.REUSE):
        raise PermissionDenied("Only editors can apply a previous verdict.")
    with transaction.atomic():
        locked = claim_for_update(claim.pk)
        if FactCheck.objects.filter(claim=locked).exists():
            raise ReuseError("This claim already has a fact-check.")
        if not source.is_published:
            raise ReuseError("Only a published fact-check can be reused.")
        if source.claim_id not in {member.pk for member in selectors.claim_group_members(locked)}:
            raise ReuseError("That fact-check is not about a claim in this claim's group.")
        factcheck = FactCheck(
            claim=locked, rating=source.rating, summary=source.summary, claimant=source.claimant,
            slug=f"{source.slug[:100]}-{locked.pk}", reused_from=source, approved_by=actor,
            approved_at=timezone.now(),
        )
        factcheck._history_user = actor
        factcheck.save()
        audit(actor=actor, action="verdict_reused", claim=locked, to_state=source.rating.slug,
              comment=f"Applied the published fact-check “{source.slug}”.")
    return factcheck
