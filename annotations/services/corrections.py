"""Correcting the split: move a claim's span, cut it in two, merge it with the next, add a missed one, dismiss.

Offsets stay exact (``article.body[start:end] == text``), every change bumps
the claim's version (a stale form gets ClaimVersionConflict) and is audited
with the span (start, end, text) or status before and after.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import selectors
from annotations.models import Article, Claim
from annotations.services.common import audit, claim_for_update


def _span(start: int, end: int) -> str:
    return f"{start}–{end}"


def _trimmed_span(body: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace; ValidationError if nothing is left or it is outside."""
    if not (0 <= start < end <= len(body)):
        raise ValidationError(f"The span {start}–{end} is outside the article (0–{len(body)}).")
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("The selection holds no text.")
    return start, end


def _check_no_overlap(article: Article, start: int, end: int, *, ignore=()) -> None:
    clash = (
        article.claims.filter(start__lt=end, end__gt=start)
        .exclude(pk__in=ignore).exclude(status=Claim.Status.DISMISSED).first()
    )
    if clash:
        raise ValidationError(f"The span overlaps another claim (#{clash.pk}: “{clash.text[:60]}”).")


def _refuse_if_reviewed(claim: Claim, doing: str) -> None:
    """Moving, splitting or merging a claim that already has verdicts would leave them rating other text.

    A withdrawn verdict counts: it is on record as a judgement of this text.
    """
    verdicts = claim.verdicts.count()
    if verdicts:
        raise ValidationError(
            f"Claim #{claim.pk} already has {verdicts} verdict{'s' if verdicts != 1 else ''}; {doing} it would "
            "leave them rating text nobody reviewed. Dismiss it and add new claims instead."
        )
    if not claim.can_be_corrected:
        status = claim.get_status_display().lower()
        raise ValidationError(f"Claim #{claim.pk} is {status}; {doing} it now would undo its review.")


def _save(claim: Claim, actor, fields: list[str]) -> None:
    claim.version += 1
    claim._history_user = actor
    claim.save(update_fields=[*fields, "version", "updated_at"])


def claim_update_span(*, claim: Claim, start: int, end: int, expected_version: int, actor) -> Claim:
    """Move a claim's start or end. Refused once the claim has verdicts or is past review."""
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        _refuse_if_reviewed(current, "moving")
        body = current.article.body
        start, end = _trimmed_span(body, start, end)
        _check_no_overlap(current.article, start, end, ignore=[current.pk])
        old, before = _span(current.start, current.end), current.span_record()
        current.start, current.end, current.text = start, end, body[start:end]
        _save(current, actor, ["start", "end", "text"])
        audit(actor=actor, action="span_move", claim=current, from_state=old, to_state=_span(start, end),
              before=before, after=current.span_record())
    return current


def claim_add(*, article: Article, start: int, end: int, actor) -> Claim:
    """A claim the splitter missed, marked as added by a person."""
    with transaction.atomic():
        start, end = _trimmed_span(article.body, start, end)
        _check_no_overlap(article, start, end)
        claim = Claim(article=article, start=start, end=end, text=article.body[start:end],
                      origin=Claim.Origin.MANUAL, kind=Claim.Kind.CLAIM, checkworthy=True, checkworthiness=1.0)
        claim._history_user = actor
        claim.save()
        audit(actor=actor, action="claim_add", claim=claim, to_state=_span(start, end), after=claim.creation_record())
    return claim


def claim_dismiss(*, claim: Claim, reason: str, expected_version: int, actor) -> Claim:
    """Mark a candidate as not a claim, with the reason; it leaves every queue.

    A published fact-check is never dismissed from under its readers: it must
    be unpublished first. The audit trail records who dismissed it and why.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why this is not a claim.")
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        if current.is_published:
            raise ValidationError("This claim's fact-check is published; unpublish it before dismissing the claim.")
        if not current.allows("dismiss"):
            raise ValidationError(f"This claim is {current.get_status_display().lower()} already.")
        _dismiss(current, reason=reason, actor=actor)
    return current


def _dismiss(claim: Claim, *, reason: str, actor) -> None:
    audit(actor=actor, action="dismiss", claim=claim, from_state=claim.status, to_state=Claim.Status.DISMISSED,
          comment=reason, before={"status": claim.status, "dismissed_reason": claim.dismissed_reason},
          after={"status": Claim.Status.DISMISSED, "dismissed_reason": reason})
    claim.status, claim.dismissed_reason = Claim.Status.DISMISSED, reason
    _save(claim, actor, ["status", "dismissed_reason"])


def claim_restore(*, claim: Claim, expected_version: int, actor) -> Claim:
    """Undo a dismissal: the claim is a claim again, its status what its verdicts call for."""
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        if not current.is_dismissed:
            raise ValidationError("This claim is not dismissed.")
        _check_no_overlap(current.article, current.start, current.end, ignore=[current.pk])
        target = Claim.status_called_for(list(current.verdicts.standing().values_list("rating_id", flat=True)))
        audit(actor=actor, action="restore", claim=current, from_state=Claim.Status.DISMISSED, to_state=target,
              before={"status": current.status, "dismissed_reason": current.dismissed_reason},
              after={"status": target, "dismissed_reason": ""})
        current.status, current.dismissed_reason = target, ""
        _save(current, actor, ["status", "dismissed_reason"])
    return current


def claim_split(*, claim: Claim, at: int, expected_version: int, actor) -> tuple[Claim, Claim]:
    """Cut a claim in two at offset ``at`` (an index into the article body).

    The claim keeps ``[start, at)`` and its id, assignee and evidence; a new
    claim, marked as a person's, gets ``[at, end)``. Both halves are trimmed
    of surrounding whitespace and must keep some text. Refused for a stale
    version and for a claim that already carries verdicts.
    """
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        if current.is_dismissed:
            raise ValidationError("This claim is dismissed; restore it before splitting it.")
        if not (current.start < at < current.end):
            raise ValidationError(
                f"Split inside the claim: the offset {at} is not between {current.start} and {current.end}."
            )
        _refuse_if_reviewed(current, "splitting")
        body = current.article.body
        try:
            first = _trimmed_span(body, current.start, at)
            second = _trimmed_span(body, at, current.end)
        except ValidationError:
            raise ValidationError("Both parts of a split need some text; move the split point.") from None
        if current.article.claims.filter(start=second[0], end=second[1]).exists():
            raise ValidationError("A dismissed claim already covers exactly the second part; restore that one.")
        old, before = _span(current.start, current.end), current.span_record()
        current.start, current.end, current.text = first[0], first[1], body[first[0]:first[1]]
        _save(current, actor, ["start", "end", "text"])
        new = Claim(
            article=current.article, start=second[0], end=second[1], text=body[second[0]:second[1]],
            kind=current.kind, claim_type=current.claim_type, checkworthiness=current.checkworthiness,
            checkworthy=current.checkworthy, origin=Claim.Origin.MANUAL, assignee_id=current.assignee_id,
            splitter_version=current.splitter_version,
        )
        new._history_user = actor
        new.save()
        audit(actor=actor, action="claim_split", claim=current, from_state=old,
              to_state=f"{_span(current.start, current.end)} + #{new.pk}", before=before,
              after={**current.span_record(), "split_off": new.pk})
        audit(actor=actor, action="claim_add", claim=new, to_state=_span(new.start, new.end),
              comment=f"split off claim #{current.pk}",
              after=new.creation_record())
    return current, new


def claim_merge(*, claim: Claim, expected_version: int, neighbour_id: int, neighbour_version: int, actor) -> Claim:
    """Join a claim with the next one in the text; the span runs from the first start to the second end.

    The first claim keeps its id and takes the second's evidence; the second is
    dismissed as "merged into #id" rather than deleted, so its audit trail and
    history stay whole. Both versions are checked. Refused when ``neighbour_id``
    is no longer the next claim, and for claims with verdicts.
    """
    with transaction.atomic():
        current = claim_for_update(claim.pk, expected_version=expected_version)
        if current.is_dismissed:
            raise ValidationError("This claim is dismissed; restore it before merging it.")
        expected_next = selectors.claim_neighbour(current)
        if expected_next is None or expected_next.pk != neighbour_id:
            raise ValidationError("The claims around this one changed since you opened it; reload the page.")
        following = claim_for_update(expected_next.pk, expected_version=neighbour_version)
        for each in (current, following):
            _refuse_if_reviewed(each, "merging")
        if hasattr(following, "factcheck"):
            raise ValidationError(f"Claim #{following.pk} has an editorial record; it cannot be merged away.")
        # Claims never overlap, so this only guards against rows written around this service.
        _check_no_overlap(current.article, current.start, following.end, ignore=[current.pk, following.pk])
        body = current.article.body
        old = f"{_span(current.start, current.end)} + #{following.pk} {_span(following.start, following.end)}"
        before = current.span_record()
        moved = []
        for item in following.evidence.all():  # one save each, so the evidence history records the move
            item.claim = current
            item._history_user = actor
            item.save(update_fields=["claim", "updated_at"])
            moved.append(item.audit_record())
        _dismiss(following, reason=f"Merged into claim #{current.pk}.", actor=actor)
        current.end, current.text = following.end, body[current.start:following.end]
        current.checkworthiness = max(current.checkworthiness, following.checkworthiness)
        current.checkworthy = current.checkworthy or following.checkworthy
        _save(current, actor, ["end", "text", "checkworthiness", "checkworthy"])
        audit(actor=actor, action="claim_merge", claim=current, from_state=old,
              to_state=_span(current.start, current.end), comment=f"absorbed claim #{following.pk}",
              before=before, after={**current.span_record(), "absorbed": following.pk, "evidence_moved": moved})
    return current
