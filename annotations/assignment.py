"""Writes for who works on what: assignment, taking an open claim, and the soft lock.

Assignment is recorded in the claim's history (``Claim.assignee``) but does
not bump the claim's version: it changes who reviews the claim, not the claim,
so it must not make someone's open correction form stale.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from annotations import access, selectors
from annotations.models import Article, Claim, ClaimLock

# Long enough that a reviewer reading a source in another tab keeps the lock;
# the open panel renews it every LOCK_RENEW_SECONDS.
LOCK_SECONDS = 300
LOCK_RENEW_SECONDS = 60


def _check_assignee(assignee) -> None:
    if assignee is not None and not access.can_be_assigned(assignee):
        raise ValidationError(f"{assignee.get_username()} is not a reviewer and cannot be given claims.")


def claim_assign(*, claim: Claim, assignee) -> Claim:
    """Give a claim to a reviewer, or with ``assignee=None`` open it to anyone. For editors."""
    _check_assignee(assignee)
    with transaction.atomic():
        current = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
        if current.assignee_id != (assignee.pk if assignee else None):
            current.assignee = assignee
            current.save(update_fields=["assignee", "updated_at"])
    return current


def article_assign(*, article: Article, assignee, by=None) -> int:
    """Give every claim of an article that is still waiting for review to one reviewer.

    Boilerplate, dismissed and published claims are left alone. ``by`` is
    recorded as the author of the history rows. Returns how many claims changed hands.
    """
    _check_assignee(assignee)
    with transaction.atomic():
        claims = list(
            article.claims.select_for_update()
            .filter(kind=Claim.Kind.CLAIM, status__in=selectors.QUEUE_STATUSES)
            .exclude(assignee=assignee)
        )
        for claim in claims:
            claim.assignee = assignee
            claim.updated_at = timezone.now()
        if claims:
            bulk_update_with_history(
                claims, Claim, ["assignee", "updated_at"], default_user=by, default_change_reason="assigned"
            )
    return len(claims)


def claim_take(*, claim: Claim, user) -> Claim:
    """A reviewer takes an open claim for themselves. Refused if someone else already has it."""
    if not access.can_be_assigned(user):
        raise ValidationError("Only reviewers can take claims.")
    with transaction.atomic():
        # of=("self",): PostgreSQL cannot lock the nullable side of the assignee join.
        current = Claim.objects.select_for_update(of=("self",)).select_related("article", "assignee").get(pk=claim.pk)
        if current.assignee_id == user.pk:
            return current
        first_verdict_given = current.verdicts.filter(reviewer_id=current.assignee_id).exists()
        if current.assignee_id is not None and not first_verdict_given:
            raise ValidationError(f"This claim is already assigned to {current.assignee.get_username()}.")
        if current.kind != Claim.Kind.CLAIM or current.status not in selectors.QUEUE_STATUSES:
            raise ValidationError(f"This claim is {current.get_status_display().lower()}; there is nothing to take.")
        current.assignee = user
        current.save(update_fields=["assignee", "updated_at"])
    return current


def claim_release(*, claim: Claim) -> Claim:
    """Hand a claim back to the open pool."""
    return claim_assign(claim=claim, assignee=None)


def claim_lock_touch(*, claim: Claim, user, view: str = "", now: dt.datetime | None = None) -> ClaimLock:
    """Take or renew the soft lock for ``user``, unless someone else holds a live one.

    ``view`` names the page view renewing it, so that the release sent by the
    page a reload replaced cannot drop the lock the new page just took.
    Returns the lock as it stands: held by ``user``, or by whoever else is
    working on the claim. It never refuses anything; the page only shows it.
    """
    now = now or timezone.now()
    expires = now + dt.timedelta(seconds=LOCK_SECONDS)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                lock = ClaimLock.objects.select_for_update().select_related("holder").filter(claim=claim).first()
                if lock is None:
                    return ClaimLock.objects.create(claim=claim, holder=user, since=now, expires_at=expires, view=view)
                if lock.holder_id != user.pk and lock.expires_at > now:
                    return lock
                if lock.holder_id != user.pk:
                    lock.holder, lock.since = user, now
                lock.expires_at, lock.view = expires, view
                lock.save(update_fields=["holder", "since", "expires_at", "view"])
                return lock
        except IntegrityError:
            continue  # another request created the lock between our read and insert: read it again
    return ClaimLock.objects.select_related("holder").get(claim=claim)


def claim_lock_release(*, claim: Claim, user, view: str = "") -> None:
    """Drop the user's own lock taken by that page view (they left it); any other lock is left alone."""
    ClaimLock.objects.filter(claim=claim, holder=user, view=view).delete()
