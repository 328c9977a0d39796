"""Reviewing a claim: verdicts (which move its status), evidence, and the autosaved rationale draft."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annotations.models import Claim, Evidence, RationaleDraft, Verdict
from annotations.services.common import VersionConflict, audit, claim_for_update


class VerdictExists(ValidationError):
    """The reviewer already has a verdict on this claim; ``existing`` is it."""

    def __init__(self, existing: Verdict):
        super().__init__(
            f"You already have a verdict on this claim (verdict #{existing.pk}, version {existing.version}); "
            "change it instead of submitting a new one."
        )
        self.existing = existing


class VerdictVersionConflict(VersionConflict):
    noun = "verdict"


def verdict_validate(*, rating, rationale: str) -> None:
    """A verdict's rating comes from the default scale; most ratings need a written reason."""
    if not rating.scale.is_default:
        raise ValidationError({"rating": "Choose a rating from the default rating scale."})
    if rating.requires_rationale and not rationale.strip():
        raise ValidationError({"rationale": f"The rating “{rating.label}” needs a rationale."})


def claim_follow_verdicts(*, claim: Claim, actor) -> Claim:
    """Recompute the status of a claim, locked by the caller, from its verdicts (``Claim.status_for_verdicts``).

    Called inside the verdict's transaction; a no-op when the status already fits.
    """
    target = claim.status_for_verdicts(list(claim.verdicts.values_list("rating_id", flat=True)))
    if target != claim.status:
        from_state = claim.status
        claim.status = target
        claim.version += 1
        claim.save(update_fields=["status", "version", "updated_at"])
        audit(actor=actor, action="verdict", claim=claim, from_state=from_state, to_state=target)
    return claim


def verdict_submit(*, claim: Claim, reviewer, rating, rationale: str = "") -> Verdict:
    """Record a reviewer's first verdict on a claim.

    Raises ValidationError for a rating off the default scale or a missing
    rationale, and VerdictExists for a second verdict by the same reviewer.
    """
    verdict_validate(rating=rating, rationale=rationale)
    verdict = Verdict(claim_id=claim.pk, reviewer=reviewer, rating=rating, rationale=rationale.strip())
    verdict._history_user = reviewer
    try:
        # The unique constraint (one verdict per reviewer and claim) is the
        # duplicate check. The savepoint keeps a caller's transaction usable
        # when it fires, and nothing is left half-written.
        with transaction.atomic():
            # The claim is locked first, so two verdicts arriving together are
            # counted one after the other when the claim's status is recomputed.
            locked = claim_for_update(claim.pk)
            verdict.save()
            claim_follow_verdicts(claim=locked, actor=reviewer)
    except IntegrityError:
        existing = Verdict.objects.filter(claim_id=claim.pk, reviewer=reviewer).first()
        if existing is None:  # some other constraint: not ours to explain
            raise
        raise VerdictExists(existing) from None
    claim.status, claim.version = locked.status, locked.version
    return verdict


def verdict_update(*, verdict: Verdict, expected_version: int, rating=None, rationale: str | None = None) -> Verdict:
    """Change a verdict if nobody changed it since the client read ``expected_version``.

    Optimistic concurrency: the row is locked, its version compared and bumped
    in one transaction; on a mismatch nothing is written and
    VerdictVersionConflict carries the stored verdict. Returns the saved verdict.
    """
    with transaction.atomic():
        # Claim first, then verdict: the same order as verdict_submit, so the
        # two never deadlock, and the status is recomputed under the lock.
        claim = claim_for_update(verdict.claim_id)
        current = Verdict.objects.select_for_update(of=("self",)).select_related("rating__scale", "reviewer").get(
            pk=verdict.pk)
        if current.version != expected_version:
            raise VerdictVersionConflict(current, expected_version)
        new_rating = rating if rating is not None else current.rating
        new_rationale = rationale.strip() if rationale is not None else current.rationale
        verdict_validate(rating=new_rating, rationale=new_rationale)
        rating_changed = new_rating.pk != current.rating_id
        current.rating, current.rationale, current.version = new_rating, new_rationale, current.version + 1
        current._history_user = current.reviewer
        current.save(update_fields=["rating", "rationale", "version", "updated_at"])
        if rating_changed:  # a reworded rationale never moves the claim
            claim_follow_verdicts(claim=claim, actor=current.reviewer)
    return current


def evidence_add(
    *, claim: Claim, added_by, url: str, title: str, stance: str,
    excerpt: str = "", source_type: str = Evidence.SourceType.OTHER, note: str = "",
) -> Evidence:
    """Attach a source to a claim. Raises ValidationError for a non-http(s) URL, a blank title or stance."""
    evidence = Evidence(
        claim=claim, added_by=added_by, url=url.strip(), title=title.strip(), stance=stance,
        excerpt=excerpt, source_type=source_type, note=note,
    )
    evidence.full_clean()
    evidence._history_user = added_by
    evidence.save()
    return evidence


def evidence_delete(*, evidence: Evidence, actor) -> None:
    """Remove a piece of evidence (the history keeps a record of it)."""
    evidence._history_user = actor
    evidence.delete()


def rationale_draft_save(*, claim: Claim, author, text: str) -> RationaleDraft | None:
    """Keep the reviewer's unsubmitted rationale; an empty text, or the text just submitted, drops the draft."""
    own = Verdict.objects.filter(claim=claim, reviewer=author).values_list("rationale", flat=True).first()
    # A draft request that lands after the verdict it belongs to was saved must not resurrect it.
    if not text.strip() or (own is not None and own == text.strip()):
        rationale_draft_clear(claim=claim, author=author)
        return None
    draft, _created = RationaleDraft.objects.update_or_create(claim=claim, author=author, defaults={"text": text})
    return draft


def rationale_draft_clear(*, claim: Claim, author) -> None:
    RationaleDraft.objects.filter(claim=claim, author=author).delete()
