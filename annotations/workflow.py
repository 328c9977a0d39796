"""The fact-check workflow of one claim: its states and the services that move it.

    open ──first verdict──▶ in review ──second verdict──▶ ready for approval (ratings agree)
                                                       └▶ disagreement (ratings differ)
    in review / disagreement / returned ──editor marks ready──▶ ready
    in review / disagreement / ready ──editor returns, with a comment──▶ returned
    ready ──editor approves: final rating + summary──▶ published ──unpublish──▶ ready

While a claim is open, in review, in disagreement, ready or returned, its
status follows the verdicts: every verdict submitted or changed recomputes it
(services.verdict_submit and verdict_update call ``claim_follow_verdicts``), so
a rating changed after an editor resolved a disagreement re-opens it; a lone
verdict never undoes an editor's decision. Published and dismissed claims keep
their status whatever the verdicts do.

Every service runs in one transaction with the claim row locked, bumps the
claim's version on a state change, and writes one AuditEvent per change.
Role checks are access.py's; the services ask it too, so the admin, the web
pages and any future API get the same answers.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from annotations import access, assignment, bulkinsert, webhooks
from annotations.models import AuditEvent, Claim, FactCheck, Verdict
from annotations.prepared import PreparedQuery, concrete_names, instance

S = Claim.Status
FOLLOWS_VERDICTS = (S.OPEN, S.IN_REVIEW, S.DISAGREEMENT, S.READY, S.RETURNED)
MARKABLE_READY_FROM = (S.IN_REVIEW, S.DISAGREEMENT, S.RETURNED)
RETURNABLE_FROM = (S.IN_REVIEW, S.DISAGREEMENT, S.READY)
REVIEWERS_FOR_READY = 2  # two people agreeing is what makes a claim ready on its own
SUMMARY_MAX_CHARS = 5000
CLAIMANT_MAX_CHARS = FactCheck._meta.get_field("claimant").max_length
SLUG_BASE_MAX = 80


class ApprovalRefused(ValidationError):
    """The approval rule: nobody approves a fact-check they alone reviewed."""


# Every service locks its claim, and every verdict recounts the claim's ratings: the same
# two queries each time, compiled once (annotations.prepared).
_LOCKED_CLAIM = PreparedQuery(
    lambda pk: Claim.objects.select_for_update(of=("self",)).filter(pk=pk).values(*concrete_names(Claim)), int,
)
_VERDICT_RATINGS = PreparedQuery(lambda claim_id: Verdict.objects.filter(claim_id=claim_id).values("rating_id"), int)


def claim_lock(claim, *, expected_version: int | None = None) -> Claim:
    """The claim's row, locked until the transaction ends; ClaimVersionConflict on a stale version.

    ``of=("self",)`` so only the claim row is locked, never its article: two
    reviewers rating two claims of one article must not wait on each other.
    """
    from annotations.services import ClaimVersionConflict  # services imports this module

    # Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk), compiled once.
    current = instance(Claim, _LOCKED_CLAIM.one(claim.pk))
    if expected_version is not None and current.version != expected_version:
        raise ClaimVersionConflict(current, expected_version)
    return current


def _audit(claim: Claim, *, actor, action: str, from_state: str, to_state: str, comment: str = "") -> None:
    AuditEvent.objects.create(
        claim=claim, article_id=claim.article_id, actor=actor, action=action,
        from_state=from_state, to_state=to_state, comment=comment,
    )


def _set_status(claim: Claim, status: str, *, actor, action: str, comment: str = "") -> None:
    from_state = claim.status
    claim.status = status
    claim.version += 1
    # claim.save(...), its history row written in one INSERT (bulkinsert.save_with_history).
    bulkinsert.save_with_history(claim, update_fields=["status", "version", "updated_at"])
    _audit(claim, actor=actor, action=action, from_state=from_state, to_state=status, comment=comment)


def status_from_verdicts(rating_ids: list[int]) -> str:
    """The status a set of verdicts calls for (ratings compared as the reviewers chose them)."""
    if not rating_ids:
        return S.OPEN
    if len(rating_ids) < REVIEWERS_FOR_READY:
        return S.IN_REVIEW
    return S.READY if len(set(rating_ids)) == 1 else S.DISAGREEMENT


def claim_follow_verdicts(*, claim: Claim, actor) -> Claim:
    """Recompute the status of a claim, locked by the caller, from its verdicts.

    Called inside the verdict's transaction. A no-op for published and
    dismissed claims, and when the status already fits.
    """
    if claim.status not in FOLLOWS_VERDICTS:
        return claim
    target = status_from_verdicts([row["rating_id"] for row in _VERDICT_RATINGS.rows(claim.pk)])
    if claim.status in (S.RETURNED, S.READY) and target == S.IN_REVIEW:
        # A single verdict cannot undo an editor's decision (returned, or
        # marked ready on one verdict); only a second opinion can.
        return claim
    if target != claim.status:
        _set_status(claim, target, actor=actor, action="verdict")
    return claim


def _refuse_from(current: Claim, allowed, what: str) -> None:
    if current.status not in allowed:
        raise ValidationError(f"A claim that is “{current.get_status_display()}” cannot be {what}.")


def claim_mark_ready(*, claim: Claim, editor, comment: str = "", expected_version: int | None = None) -> Claim:
    """An editor declares a claim ready for approval (and resolves a disagreement, with a comment)."""
    access.check_may(editor, access.MARK_READY)
    comment = comment.strip()
    with transaction.atomic():
        current = claim_lock(claim, expected_version=expected_version)
        _refuse_from(current, MARKABLE_READY_FROM, "marked ready for approval")
        if current.status == S.DISAGREEMENT and not comment:
            raise ValidationError("Say how the disagreement was resolved.")
        _set_status(current, S.READY, actor=editor, action="mark_ready", comment=comment)
    return current


def claim_return(*, claim: Claim, editor, comment: str, expected_version: int | None = None) -> Claim:
    """Send a claim back to its reviewers with the editor's comment (required)."""
    access.check_may(editor, access.RETURN)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Say what the reviewers should look at again.")
    with transaction.atomic():
        current = claim_lock(claim, expected_version=expected_version)
        _refuse_from(current, RETURNABLE_FROM, "returned to reviewers")
        _set_status(current, S.RETURNED, actor=editor, action="return", comment=comment)
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
    *, claim: Claim, editor, rating, summary: str, claimant: str = "", expected_version: int | None = None
) -> FactCheck:
    """Approve and publish a claim's fact-check with the editor's final rating and public summary.

    The claim must be ready for approval and carry a verdict by someone other
    than the editor (ApprovalRefused otherwise). Publishing again after an
    unpublish keeps the slug, so public links stay valid. Raises
    ValidationError with nothing changed for a second publish, a rating off
    the default scale, or a missing summary.
    """
    access.check_may(editor, access.PUBLISH)
    summary, claimant = (summary or "").strip(), (claimant or "").strip()
    _validate_decision(rating=rating, summary=summary, claimant=claimant)
    with transaction.atomic():
        current = claim_lock(claim, expected_version=expected_version)
        factcheck = FactCheck.objects.select_for_update().filter(claim=current).first()
        if current.status == S.PUBLISHED or (factcheck and factcheck.is_published):
            raise ValidationError("This fact-check is already published.")
        _refuse_from(current, (S.READY,), "approved and published; it must be ready for approval first")
        refusal = access.approval_refusal(editor, current)
        if refusal:
            raise ApprovalRefused(refusal)
        now = timezone.now()
        if factcheck is None:
            factcheck = FactCheck(claim=current, slug=_slug_for(current.text))
        else:
            factcheck.version += 1
        factcheck.rating, factcheck.summary, factcheck.claimant = rating, summary, claimant
        factcheck.approved_by, factcheck.approved_at, factcheck.published_at = editor, now, now
        factcheck.first_published_at = factcheck.first_published_at or now
        if factcheck.pk is None:
            _save_new_factcheck(factcheck, current)
        else:
            factcheck.save()
        _set_status(current, S.PUBLISHED, actor=editor, action="publish", comment=f"Final rating: {rating.label}")
        _webhook_outbox("factcheck.published", factcheck.pk)
    return factcheck


def factcheck_unpublish(*, claim: Claim, editor, comment: str = "", expected_version: int | None = None) -> FactCheck:
    """Take a published fact-check off the public pages; the claim goes back to ready for approval."""
    access.check_may(editor, access.UNPUBLISH)
    with transaction.atomic():
        current = claim_lock(claim, expected_version=expected_version)
        factcheck = FactCheck.objects.select_for_update().filter(claim=current).first()
        if factcheck is None or not factcheck.is_published:
            raise ValidationError("This fact-check is not published, so it cannot be unpublished.")
        factcheck.published_at = None
        factcheck.version += 1
        factcheck.save(update_fields=["published_at", "version", "updated_at"])
        _set_status(current, S.READY, actor=editor, action="unpublish", comment=(comment or "").strip())
        _webhook_outbox("factcheck.unpublished", factcheck.pk)
    return factcheck


def _webhook_outbox(event: str, factcheck_id: int) -> None:
    # The delivery rows are written in this transaction (an outbox) and sent
    # only after commit: a partner never hears of a publication that was
    # rolled back, and never misses one that committed.
    webhooks.webhook_enqueue(event=event, factcheck_id=factcheck_id)


def claim_assign(*, claim: Claim, reviewer, editor) -> bool:
    """Ask a reviewer to review a claim. Idempotent: False if they were already assigned."""
    access.check_may(editor, access.ASSIGN)
    if not access.can_review(reviewer):
        raise ValidationError(f"{reviewer.get_username()} has no reviewer role, so cannot be assigned.")
    with transaction.atomic():
        current = claim_lock(claim)
        if current.assignee_id == reviewer.pk:
            return False
        assignment.claim_assign(claim=current, assignee=reviewer)
        _audit(current, actor=editor, action="assign", from_state=current.status, to_state=current.status,
               comment=f"Assigned to {reviewer.get_username()}")
    return True
