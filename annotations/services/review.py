"""Reviewing a claim: verdicts (which move its status), evidence, and the autosaved rationale draft.

Nothing a reviewer gave is deleted: a verdict is withdrawn and evidence
retracted, each audited with who, when, why, and the record before and after;
the claim's status is then what the verdicts that stand call for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import access
from annotations.models import AuditEvent, Claim, Evidence, RationaleDraft, Verdict
from annotations.services import verdict_sql
from annotations.services.common import VersionConflict, audit, audit_event_new, claim_for_update


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


def claim_follow_verdicts(*, claim: Claim, actor, decisions_hold: bool = True,
                          fresh: Verdict | None = None) -> tuple[str, str]:
    """Recompute the status of a claim, locked by the caller, from the verdicts that stand.

    Called inside the verdict's transaction; returns (status before, status
    after) for the caller's audit event. ``decisions_hold=False`` after a
    withdrawal (``Claim.status_for_verdicts``). The dashboard's facts about the
    claim's review follow in the same write (``claim_follow_review_facts``),
    and so does the pairing each verdict copies from the claim; ``fresh``: the
    verdict the caller just added, the one that may not carry it yet.
    """
    follow = _follow(claim, _standing(claim), decisions_hold=decisions_hold)
    if follow.saved:
        claim._history_user = actor
        claim.save(update_fields=follow.saved)
    elif follow.updated:
        Claim.objects.filter(pk=claim.pk).update(**{name: getattr(claim, name) for name in follow.updated})
    # Every verdict of the claim already carries pairing_before (this is the one writer of it).
    if follow.pairing != follow.pairing_before or (fresh is not None and fresh.pairing != follow.pairing):
        claim.verdicts.exclude(pairing=follow.pairing).update(pairing=follow.pairing)
    return follow.from_state, follow.to_state


@dataclass
class _Follow:
    """What the verdicts that stand make of a locked claim, applied to it in memory, for the caller to write."""

    from_state: str
    to_state: str
    saved: list[str]  # the status moved: saved with a history row
    updated: list[str]  # only review facts: written without one (they are derived)
    pairing_before: int
    pairing: int


def _follow(claim: Claim, standing: list, *, decisions_hold: bool = True) -> _Follow:
    from_state, pairing_before = claim.status, claim.verdict_pairing
    target = claim.status_for_verdicts([rating for rating, _, _ in standing], decisions_hold=decisions_hold)
    saved, updated = [], []
    if target != claim.status:
        claim.status = target
        claim.version += 1
        saved = ["status", "version", "updated_at", *_review_facts_changed(claim, standing)]
    else:
        updated = _review_facts_changed(claim, standing)
    return _Follow(from_state, target, saved, updated, pairing_before, claim.verdict_pairing)


def _standing(claim: Claim) -> list[tuple]:
    """(rating id, given at, rating value) of the claim's verdicts that stand."""
    return list(claim.verdicts.standing().values_list("rating_id", "created_at", "rating__value"))


def _review_facts_changed(claim: Claim, standing) -> list[str]:
    return claim.follow_review([(rating, at, value is not None) for rating, at, value in standing],
                               now=timezone.now())


def claim_follow_review_facts(*, claim: Claim, standing=None) -> None:
    """Keep the dashboard's facts about the claim's review on its row (``Claim.follow_review``).

    Under the caller's lock on the claim, after its status is recomputed (the
    first time it is ready is one of them). Written with ``update()``: they
    are derived from the verdicts, so they make no history row, bump no
    version and leave ``updated_at`` alone. ``standing``: the (rating id,
    given at, rating value) of the verdicts that stand, if the caller read them.
    """
    if standing is None:
        standing = _standing(claim)
    changed = _review_facts_changed(claim, standing)
    if changed:
        Claim.objects.filter(pk=claim.pk).update(**{name: getattr(claim, name) for name in changed})


def _audit_verdict(action: str, claim: Claim, *, actor, states: tuple[str, str], before: dict | None,
                   after: Verdict, comment: str = "") -> None:
    _verdict_event(action, claim, actor=actor, states=states, before=before, after=after,
                   comment=comment).save(force_insert=True)


def _verdict_event(action: str, claim: Claim, *, actor, states: tuple[str, str], before: dict | None,
                   after: Verdict, comment: str = "") -> AuditEvent:
    from_state, to_state = states
    return audit_event_new(actor=actor, action=action, claim=claim, from_state=from_state, to_state=to_state,
                           comment=comment, before={"status": from_state, **({"verdict": before} if before else {})},
                           after={"status": to_state, "verdict": after.audit_record()})


def verdict_submit(*, claim: Claim | int, reviewer, rating, rationale: str = "") -> Verdict:
    """Record a reviewer's verdict on a claim (their first, or a new one after a withdrawal). Audited.

    ``claim``: the claim, or its id (the API names it in the request body;
    the row is read once, locked, here). Raises ValidationError for a claim
    that does not exist, a rating off the default scale, a missing rationale
    or a claim that takes no verdicts (published, covered, dismissed), and
    VerdictExists for a second standing verdict by the same reviewer.
    """
    verdict_validate(rating=rating, rationale=rationale)
    claim_id = claim if isinstance(claim, int) else claim.pk
    verdict = Verdict(claim_id=claim_id, reviewer=reviewer, rating=rating, rationale=rationale.strip())
    verdict._history_user = reviewer
    try:
        # The unique constraint (one standing verdict per reviewer and claim) is
        # the duplicate check. The savepoint keeps a caller's transaction usable
        # when it fires, and nothing is left half-written.
        with transaction.atomic():
            fast = verdict_sql.in_use()
            if fast:
                verdict_sql.plans_reused()
            # The claim is locked first, so two verdicts arriving together are
            # counted one after the other when the claim's status is recomputed.
            try:
                locked = verdict_sql.claim_locked(claim_id) if fast else claim_for_update(claim_id)
            except Claim.DoesNotExist:
                raise ValidationError({"claim": "No such claim."}) from None
            if not locked.allows("rate"):
                raise ValidationError(f"This claim is {locked.get_status_display().lower()}; it takes no verdicts.")
            if fast:
                _verdict_submit_in_one_statement(verdict, locked)
            else:
                verdict.save()
                states = claim_follow_verdicts(claim=locked, actor=reviewer, fresh=verdict)
                _audit_verdict("verdict", locked, actor=reviewer, states=states, before=None, after=verdict)
    except IntegrityError:
        existing = Verdict.objects.standing().filter(claim_id=claim_id, reviewer=reviewer).first()
        if existing is None:  # some other constraint: not ours to explain
            raise
        raise VerdictExists(existing) from None
    if isinstance(claim, Claim):
        claim.status, claim.version = locked.status, locked.version
    return verdict


def _verdict_submit_in_one_statement(verdict: Verdict, locked: Claim) -> None:
    """What the ORM branch of ``verdict_submit`` writes, decided by the same code, written by ``verdict_sql``."""
    verdict_sql.verdict_stamp(verdict)
    standing = verdict_sql.standing(locked.pk)  # read after the lock: a verdict committed meanwhile counts
    follow = _follow(locked, [*standing, (verdict.rating_id, verdict.created_at, verdict.rating.value)])
    # The ORM branch inserts the verdict with its default pairing and then sets every verdict of the claim that
    # lacks the claim's pairing to it: the new one gets it at once, the others take the same update.
    default_pairing, verdict.pairing = verdict.pairing, follow.pairing
    others = follow.pairing if follow.pairing != follow.pairing_before or follow.pairing != default_pairing else None
    locked._history_user = verdict.reviewer
    event = _verdict_event("verdict", locked, actor=verdict.reviewer, states=(follow.from_state, follow.to_state),
                           before=None, after=verdict)
    verdict_sql.verdict_write(verdict=verdict, claim=locked, claim_saved=follow.saved, claim_updated=follow.updated,
                              others_pairing=others, event=event)


def _verdict_for_update(verdict: Verdict) -> tuple[Claim, Verdict]:
    # Claim first, then verdict: the same order as verdict_submit, so the two
    # never deadlock, and the status is recomputed under the lock.
    claim = claim_for_update(verdict.claim_id)
    current = Verdict.objects.select_for_update(of=("self",)).select_related("rating__scale", "reviewer").get(
        pk=verdict.pk)
    return claim, current


def verdict_update(*, verdict: Verdict, expected_version: int, rating=None, rationale: str | None = None) -> Verdict:
    """Change a verdict if nobody changed it since the client read ``expected_version``. Audited.

    Optimistic concurrency: the row is locked, its version compared and bumped
    in one transaction; on a mismatch nothing is written and
    VerdictVersionConflict carries the stored verdict. Returns the saved verdict.
    """
    with transaction.atomic():
        claim, current = _verdict_for_update(verdict)
        if current.version != expected_version:
            raise VerdictVersionConflict(current, expected_version)
        if current.is_withdrawn:
            raise ValidationError("This verdict was withdrawn; submit a new one instead.")
        before = current.audit_record()
        new_rating = rating if rating is not None else current.rating
        new_rationale = rationale.strip() if rationale is not None else current.rationale
        verdict_validate(rating=new_rating, rationale=new_rationale)
        rating_changed = new_rating.pk != current.rating_id
        current.rating, current.rationale, current.version = new_rating, new_rationale, current.version + 1
        current._history_user = current.reviewer
        current.save(update_fields=["rating", "rationale", "version", "updated_at"])
        # A reworded rationale never moves the claim.
        states = (claim_follow_verdicts(claim=claim, actor=current.reviewer) if rating_changed
                  else (claim.status, claim.status))
        _audit_verdict("verdict_update", claim, actor=current.reviewer, states=states, before=before, after=current)
    return current


def verdict_withdraw(*, verdict: Verdict, actor, reason: str) -> Verdict:
    """Withdraw a verdict: it stays on record but no longer counts, and the claim's status follows.

    Its reviewer may withdraw it, and whoever holds ``withdraw_verdict``
    (admins). An editor's earlier decision to mark the claim ready does not
    survive the loss of a verdict it stood on: the claim becomes what the
    verdicts that stand call for (ready → in review with one left). Audited
    with the reason. The reviewer may then rate the claim again.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the verdict is withdrawn.")
    if not access.may_withdraw(actor, verdict):
        raise PermissionDenied("Only its reviewer or an admin can withdraw this verdict.")
    with transaction.atomic():
        claim, current = _verdict_for_update(verdict)
        if current.is_withdrawn:
            raise ValidationError("This verdict was already withdrawn.")
        before = current.audit_record()
        current.withdrawn_at, current.withdrawn_by, current.withdrawal_reason = timezone.now(), actor, reason
        current.version += 1
        current._history_user = actor
        current.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "version", "updated_at"])
        states = claim_follow_verdicts(claim=claim, actor=actor, decisions_hold=False)
        _audit_verdict("verdict_withdraw", claim, actor=actor, states=states, before=before, after=current,
                       comment=reason)
    verdict.withdrawn_at, verdict.withdrawn_by, verdict.withdrawal_reason = (
        current.withdrawn_at, current.withdrawn_by, current.withdrawal_reason)
    verdict.version = current.version
    return current


def evidence_add(
    *, claim: Claim, added_by, url: str, title: str, stance: str,
    excerpt: str = "", source_type: str = Evidence.SourceType.OTHER, note: str = "",
) -> Evidence:
    """Attach a source to a claim under review, audited.

    Raises ValidationError for a non-http(s) URL, a blank title or stance, and
    for a claim past review (published, covered, dismissed): like verdicts,
    evidence goes where a decision is still to be made.
    """
    if not claim.allows("rate"):
        raise ValidationError(f"This claim is {claim.get_status_display().lower()}; it takes no more evidence.")
    evidence = Evidence(
        claim=claim, added_by=added_by, url=url.strip(), title=title.strip(), stance=stance,
        excerpt=excerpt, source_type=source_type, note=note,
    )
    evidence.full_clean()
    evidence._history_user = added_by
    with transaction.atomic():
        evidence.save()
        audit(actor=added_by, action="evidence_add", claim=claim, to_state=evidence.stance,
              comment=evidence.title, after={"evidence": evidence.audit_record()})
    return evidence


def evidence_retract(*, evidence: Evidence, actor, reason: str = "") -> Evidence:
    """Retract a piece of evidence: it stays on record, marked, and leaves the public page. Audited.

    Whoever added it, or a moderator (``access.can_retract``). Retracting twice is refused.
    """
    if not access.may_retract(actor, evidence):
        raise PermissionDenied("Only whoever added this evidence, or an editor, can retract it.")
    with transaction.atomic():
        current = Evidence.objects.select_for_update(of=("self",)).select_related("added_by").get(pk=evidence.pk)
        if current.is_retracted:
            raise ValidationError("This evidence was already retracted.")
        before = current.audit_record()
        current.retracted_at, current.retracted_by = timezone.now(), actor
        current.retraction_reason = (reason or "").strip()
        current._history_user = actor
        current.save(update_fields=["retracted_at", "retracted_by", "retraction_reason", "updated_at"])
        audit(actor=actor, action="evidence_retract", claim=Claim.objects.only("pk", "article_id").get(
            pk=current.claim_id), from_state=current.stance, comment=current.retraction_reason or current.title,
            before={"evidence": before}, after={"evidence": current.audit_record()})
    return current


def rationale_draft_save(*, claim: Claim, author, text: str) -> RationaleDraft | None:
    """Keep the reviewer's unsubmitted rationale; an empty text, or the text just submitted, drops the draft."""
    own = Verdict.objects.standing().filter(claim=claim, reviewer=author).values_list("rationale", flat=True).first()
    # A draft request that lands after the verdict it belongs to was saved must not resurrect it.
    if not text.strip() or (own is not None and own == text.strip()):
        rationale_draft_clear(claim=claim, author=author)
        return None
    draft, _created = RationaleDraft.objects.update_or_create(claim=claim, author=author, defaults={"text": text})
    return draft


def rationale_draft_clear(*, claim: Claim, author) -> None:
    RationaleDraft.objects.filter(claim=claim, author=author).delete()


def claim_separate(*, claim: Claim, actor, expected_version: int | None = None) -> Claim:
    """Take a duplicate out of its group: it is reviewed on its own, its status what its own verdicts call for.

    The split grouped it with an earlier, identical or near-identical sentence
    of its article, whose verdict counts for it; a reviewer who finds the two
    say different things (another context, another speaker) separates them.
    Audited with the lead it left, which also keeps every later split from
    grouping it again (a claim with its own events is a person's).
    """
    if not access.can_review(actor):
        raise PermissionDenied("Only reviewers can take a claim out of its group.")
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        if not current.allows("separate"):
            raise ValidationError(f"This claim is {current.get_status_display().lower()}; it is in no group.")
        from_state, lead = current.status, current.duplicate_of_id
        current.status = Claim.status_called_for(list(current.verdicts.standing().values_list("rating_id", flat=True)))
        current.duplicate_of = None
        current.version += 1
        current._history_user = actor
        current.save(update_fields=["status", "duplicate_of", "version", "updated_at",
                                    *current.note_first_ready(timezone.now())])
        audit(actor=actor, action="separate", claim=current, from_state=from_state, to_state=current.status,
              comment=f"Taken out of the group of claim #{lead}: reviewed on its own.",
              before={"status": from_state, "duplicate_of": lead},
              after={"status": current.status, "duplicate_of": None})
    claim.status, claim.version, claim.duplicate_of_id = current.status, current.version, None
    return current
