"""Who works on what: assigning claims and articles, taking and handing back a claim, and presence.

Assignment is audited and kept in the claim's history but does not bump the
claim's version: it changes who reviews the claim, not the claim, so it must
not make someone's open correction form stale.

Presence ("who has this claim open right now") informs and never blocks; it is
a row of its own so that renewing it every minute writes no claim history.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from annotations import access
from annotations.models import Article, AuditEvent, Claim, ClaimPresence
from annotations.services.common import audit, claim_for_update, username

# Long enough that a reviewer reading a source in another tab stays present;
# the open panel renews it every PRESENCE_RENEW_SECONDS.
PRESENCE_SECONDS = 300
PRESENCE_RENEW_SECONDS = 60


def _name(user) -> str:
    return user.get_username() if user is not None else "unassigned"


def _check_assignee(assignee) -> None:
    if assignee is not None and not access.can_be_assigned(assignee):
        raise ValidationError(f"{assignee.get_username()} has no reviewer role, so cannot be assigned.")


def _set_assignee(claim: Claim, assignee, *, actor, action: str) -> bool:
    """Change the assignee of a claim locked by the caller; False if it already was. Audited."""
    new_id = assignee.pk if assignee is not None else None
    if claim.assignee_id == new_id:
        return False
    previous = claim.assignee
    claim.assignee = assignee
    claim._history_user = actor
    claim.save(update_fields=["assignee", "updated_at"])
    audit(actor=actor, action=action, claim=claim, from_state=_name(previous), to_state=_name(assignee),
          comment=f"Assigned to {_name(assignee)}" if assignee else f"Open to anyone (was {_name(previous)})",
          before={"assignee": username(previous)}, after={"assignee": username(assignee)})
    return True


def claim_assign(*, claim: Claim, assignee, actor) -> bool:
    """Give a claim to a reviewer, or with ``assignee=None`` open it to anyone. For editors; idempotent.

    Returns False if nothing changed.
    """
    access.check_may(actor, access.ASSIGN)
    _check_assignee(assignee)
    with transaction.atomic():
        current = claim_for_update(claim.pk)
        changed = _set_assignee(current, assignee, actor=actor, action="assign")
    claim.assignee = current.assignee
    return changed


def article_assign(*, article: Article, assignee, actor) -> int:
    """Give every claim of an article still waiting for review to one reviewer (or open them all).

    Page chrome, dismissed and decided claims are left alone. Returns how many
    claims changed hands; each change is audited.
    """
    access.check_may(actor, access.ASSIGN)
    _check_assignee(assignee)
    with transaction.atomic():
        claims = list(
            article.claims.select_for_update(of=("self",)).select_related("assignee")
            .filter(kind=Claim.Kind.CLAIM, status__in=Claim.QUEUE_STATUSES)
            .exclude(assignee_id=assignee.pk if assignee else None)
        )
        if assignee is None:
            claims = [claim for claim in claims if claim.assignee_id is not None]
        now = timezone.now()
        events = []
        for claim in claims:
            events.append(AuditEvent(
                claim=claim, article_id=article.pk, actor=actor, action="assign",
                from_state=_name(claim.assignee)[:40], to_state=_name(assignee)[:40],
                comment=f"Whole article assigned to {_name(assignee)}",
                before={"assignee": username(claim.assignee)}, after={"assignee": username(assignee)},
            ))
            claim.assignee, claim.updated_at = assignee, now
        if claims:
            bulk_update_with_history(
                claims, Claim, ["assignee", "updated_at"], default_user=actor, default_change_reason="assigned"
            )
            AuditEvent.objects.bulk_create(events)
    return len(claims)


def claim_take(*, claim: Claim, actor) -> Claim:
    """A reviewer takes an open claim for themselves. Refused if someone else still has it."""
    if not access.can_be_assigned(actor):
        raise ValidationError("Only reviewers can take claims.")
    with transaction.atomic():
        current = claim_for_update(claim.pk)
        if current.assignee_id == actor.pk:
            return current
        first_verdict_given = current.verdicts.standing().filter(reviewer_id=current.assignee_id).exists()
        if current.assignee_id is not None and not first_verdict_given:
            raise ValidationError(f"This claim is already assigned to {current.assignee.get_username()}.")
        if not current.is_in_queue:
            raise ValidationError(f"This claim is {current.get_status_display().lower()}; there is nothing to take.")
        _set_assignee(current, actor, actor=actor, action="take")
    return current


def claim_release(*, claim: Claim, actor) -> Claim:
    """Hand a claim back to the open pool: its assignee, or an editor."""
    if not access.can_release(actor, claim):
        raise PermissionDenied("Only the assignee or an editor can hand this claim back.")
    with transaction.atomic():
        current = claim_for_update(claim.pk)
        _set_assignee(current, None, actor=actor, action="release")
    return current


def presence_touch(*, claim: Claim, user, view: str = "", now: dt.datetime | None = None) -> ClaimPresence:
    """Mark ``user`` as having the claim open, unless someone else is present (their mark is live).

    ``view`` names the page view renewing it, so that the leave sent by the
    page a reload replaced cannot drop the mark the new page just made.
    Returns the presence as it stands: ``user``'s, or whoever else is working
    on the claim. It never refuses anything; the page only shows it.
    """
    now = now or timezone.now()
    expires = now + dt.timedelta(seconds=PRESENCE_SECONDS)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                presence = (ClaimPresence.objects.select_for_update(of=("self",)).select_related("holder")
                            .filter(claim=claim).first())
                if presence is None:
                    return ClaimPresence.objects.create(claim=claim, holder=user, since=now, expires_at=expires,
                                                        view=view)
                if presence.holder_id != user.pk and presence.expires_at > now:
                    return presence
                if presence.holder_id != user.pk:
                    presence.holder, presence.since = user, now
                presence.expires_at, presence.view = expires, view
                presence.save(update_fields=["holder", "since", "expires_at", "view"])
                return presence
        except IntegrityError:
            continue  # another request created it between our read and insert: read it again
    return ClaimPresence.objects.select_related("holder").get(claim=claim)


def presence_leave(*, claim: Claim, user, view: str = "") -> None:
    """Drop the user's own presence made by that page view (they left it); anyone else's stays."""
    ClaimPresence.objects.filter(claim=claim, holder=user, view=view).delete()
