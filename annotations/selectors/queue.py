"""The review queue: what waits for whom, in check-worthiness order."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, OuterRef, Q

from annotations.models import (
    Claim,
    Verdict,
)

QUEUE_ORDER = ("-checkworthiness", "article_id", "start", "pk")


ASSIGNEE_MINE, ASSIGNEE_OPEN, ASSIGNEE_ANY = "me", "open", "any"


def review_queue_for(user, *, article=None, status=None, claim_type=None, assignee=None):
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
    assignee_rated = Exists(Verdict.objects.standing().filter(claim=OuterRef("pk"), reviewer=OuterRef("assignee")))
    return Q(assignee__isnull=True) | assignee_rated


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


def queue_assignee_counts(user, **filters):
    """How many queue claims are mine and how many open, under the other filters (one query)."""
    claims = review_queue_for(user, **filters, assignee=ASSIGNEE_ANY).order_by()
    return claims.aggregate(
        mine=Count("pk", filter=Q(assignee=user)), open=Count("pk", filter=~Q(assignee=user) & _open_to_anyone()),
        others=Count("pk", filter=~Q(assignee=user) & ~_open_to_anyone()),
    )


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
    return dict(queue.order_by().values_list("status").annotate(n=Count("pk")))
