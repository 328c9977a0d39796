"""The review queue: what waits for whom, in check-worthiness order."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

from annotations.models import (
    Claim,
    Verdict,
)

QUEUE_ORDER = ("-checkworthiness", "article_id", "start", "pk")
# Counts on the queue page stop here: an archive holds millions of waiting claims, and
# "more than 1,000" says all a reviewer needs while costing a bounded scan, not a full one.
COUNT_CAP = 1000


ASSIGNEE_MINE, ASSIGNEE_OPEN, ASSIGNEE_ANY = "me", "open", "any"


def review_queue_for(user, *, article=None, status=None, claim_type=None, assignee=None, article_title=None):
    """The claims waiting for this reviewer, most check-worthy first.

    Boilerplate, dismissed, published and covered claims are not work; a claim
    the reviewer already gave a verdict on has left their queue (it comes back
    if that verdict is withdrawn). By default the
    queue holds the claims assigned to the user and those open to anyone;
    ``assignee`` narrows it to ``"me"`` or ``"open"``, and for editors
    (``"any"`` or a user id) widens it to claims assigned to others.
    """
    claims = (
        Claim.objects.filter(kind=Claim.Kind.CLAIM, status__in=Claim.QUEUE_STATUSES)
        .exclude(Exists(Verdict.objects.standing().filter(claim=OuterRef("pk"), reviewer=user)))
        .select_related("article", "assignee")
        .defer("article__body")
        .order_by(*QUEUE_ORDER)
    )
    if article:
        claims = claims.filter(article_id=article)
    if article_title:
        claims = claims.filter(article__title__icontains=article_title)
    if status:
        claims = claims.filter(status=status)
    if claim_type:
        claims = claims.filter(claim_type=claim_type)
    return claims.filter(_assignee_filter(user, assignee))


def _open_to_anyone():
    """Unassigned, or its assignee has already given a verdict.

    An assignment reserves a claim for its first verdict; after that the claim
    is open again, so a second reviewer can give the blind second opinion the
    approval rule needs.
    """
    return Q(assignee__isnull=True) | _assignee_rated()


def _assignee_rated():
    return Exists(Verdict.objects.standing().filter(claim=OuterRef("pk"), reviewer=OuterRef("assignee")))


def _assignee_filter(user, assignee):
    if assignee == ASSIGNEE_MINE:
        return Q(assignee=user)
    if assignee == ASSIGNEE_OPEN:
        return _open_to_anyone()
    if assignee == ASSIGNEE_ANY:
        return Q()
    if isinstance(assignee, int):
        return Q(assignee_id=assignee)
    return Q(assignee=user) | _open_to_anyone()


def capped_count(claims, cap: int | None = None) -> int:
    """``claims.count()``, but at most ``cap + 1`` rows are counted (``cap + 1`` means "more than cap")."""
    cap = COUNT_CAP if cap is None else cap
    return claims.order_by()[: cap + 1].count()


def queue_assignee_counts(user, *, others: bool = False, **filters):
    """How many queue claims are mine and open to anyone, each capped; with ``others``, also how many
    are assigned to someone else (what an editor reassigns; a reviewer's pages never show it, and it
    is the dearest of the three at an archive's size)."""
    claims = review_queue_for(user, **filters, assignee=ASSIGNEE_ANY)
    counts = {
        "mine": capped_count(claims.filter(assignee=user)),
        "open": capped_count(claims.filter(~Q(assignee=user) & _open_to_anyone())),
    }
    if others:
        # Spelled out (assigned, not to me, assignee not yet rated) rather than as the negation of
        # "open to anyone", so PostgreSQL reads the few assigned claims off the assignee index.
        counts["others"] = capped_count(
            claims.filter(assignee__isnull=False).exclude(assignee=user).exclude(_assignee_rated()))
    return counts


def reviewer_list():
    """Everyone who may be given claims (active, holding the review permission), by username."""
    review = Permission.objects.filter(content_type__app_label="annotations", codename="review_claim")
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(
        Q(is_superuser=True) | Q(groups__permissions__in=review) | Q(user_permissions__in=review)
    ).distinct().order_by("username")


def queue_next_after(queue, claim):
    """The claim that follows ``claim`` in queue order (``claim`` may have left the queue)."""
    after = (
        Q(checkworthiness__lt=claim.checkworthiness)
        | Q(checkworthiness=claim.checkworthiness, article_id__gt=claim.article_id)
        | Q(checkworthiness=claim.checkworthiness, article_id=claim.article_id, start__gt=claim.start)
        | Q(checkworthiness=claim.checkworthiness, article_id=claim.article_id, start=claim.start, pk__gt=claim.pk)
    )
    return queue.filter(after).first()


def queue_status_counts(queue):
    """Waiting claims per queue status, each capped (``capped_count``); statuses with none are left out."""
    counts = {status: capped_count(queue.filter(status=status)) for status in Claim.QUEUE_STATUSES}
    return {status: n for status, n in counts.items() if n}
