"""The one permission gate. Every view, API endpoint and admin action asks here.

Functions fetch an object *for a user*: a user who may not see it gets
Http404, exactly as if it did not exist, so ids cannot be probed.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import Http404

from annotations import roles, selectors
from annotations.models import Article, Claim, ClaimMatch, Evidence, FactCheck, Verdict

# The user's group names, cached on the user object: every request asked the
# database the same question up to four times (docs/benchmarks.md). Each
# request loads its user afresh (session or token), so a role given or taken
# away applies from the next request; changes through ``user.groups`` also
# clear the cache of that object at once (see _forget_roles).
_ROLE_CACHE = "_access_role_names"


def role_names(user) -> frozenset[str]:
    """The names of the user's groups, asked of the database once per user object."""
    names = getattr(user, _ROLE_CACHE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _ROLE_CACHE, names)
    return names


def forget_roles(user) -> None:
    """Drop the cached group names, so the next check asks the database again."""
    user.__dict__.pop(_ROLE_CACHE, None)


def remember_roles(user, names) -> None:
    """The user's group names, read with the user itself (the API's token lookup reads
    the token, the user and the group names in one query): the checks then ask nothing.

    Only for a user object just loaded from the database, so the names are as
    current as the user; the next request loads both again.
    """
    setattr(user, _ROLE_CACHE, frozenset(names))


@receiver(m2m_changed, sender=User.groups.through)
def _forget_roles(sender, instance, action, **kwargs):
    # Only the object the change was made through can be reached here; other
    # copies of the same user (group.user_set.add(user)) keep theirs until
    # their request ends, which is when they are thrown away anyway.
    if action.startswith("post_") and isinstance(instance, User):
        forget_roles(instance)


def has_role(user, *names) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return not role_names(user).isdisjoint(names)


def can_review(user) -> bool:
    return has_role(user, roles.REVIEWER, roles.EDITOR, roles.ADMIN)


def can_edit(user) -> bool:
    return has_role(user, roles.EDITOR, roles.ADMIN)


def get_article_for_user(user, pk, *, write=False) -> Article:
    """An article the user may read (every reviewer), or change (editors)."""
    allowed = can_edit(user) if write else can_review(user)
    if not allowed:
        raise Http404("No such article.")
    try:
        return Article.objects.get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


# --- Claims, verdicts and evidence (REST API v1 and, later, the review pages) ---


def get_claim_for_user(user, pk, *, write=False, queryset=None, fetch=None):
    """A claim the user may read and review (every reviewer), or change itself (editors).

    Adding a verdict or evidence is reviewing, not changing the claim: it needs
    only the read gate. ``write=True`` is for edits of the claim's own fields.
    ``queryset`` (claims, with whatever the caller needs joined or counted)
    lets a caller fetch the claim once instead of once here and once more;
    ``fetch(pk)`` does the same for a claim read in another shape (the API's
    prepared rows), returning it or raising Claim.DoesNotExist.
    """

    allowed = can_edit(user) if write else can_review(user)
    if not allowed:
        raise Http404("No such claim.")
    if queryset is None and fetch is None:
        queryset = Claim.objects.select_related("article").defer("article__body")
    try:
        return fetch(pk) if fetch is not None else queryset.get(pk=pk)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise Http404("No such claim.") from None


# Which verdicts a user may read (see verdicts_visible_to_user).
VERDICTS_ALL, VERDICTS_BLIND, VERDICTS_NONE = "all", "blind", "none"


def verdict_scope(user) -> str:
    """Editors and admins read every verdict; reviewers under blind review; anyone else none."""
    if can_edit(user):
        return VERDICTS_ALL
    if not can_review(user):
        return VERDICTS_NONE
    return VERDICTS_BLIND


def verdicts_in_scope(scope: str, user_id):
    """The verdicts that a user with this id and ``verdict_scope`` may read."""
    if scope == VERDICTS_ALL:
        return Verdict.objects.all()
    if scope == VERDICTS_NONE:
        return Verdict.objects.none()
    own_on_same_claim = Verdict.objects.filter(claim=OuterRef("claim"), reviewer=user_id)
    return Verdict.objects.filter(Q(reviewer=user_id) | Exists(own_on_same_claim))


def verdicts_visible_to_user(user):
    """Every verdict the user may read, across claims (blind review).

    Editors and admins see all verdicts. A reviewer sees their own, and the
    other reviewers' verdicts on a claim only once they have submitted their
    own verdict on it, so nobody's rating is anchored by someone else's.
    """
    return verdicts_in_scope(verdict_scope(user), user.pk)


def verdicts_visible_to(user, claim):
    """The verdicts on one claim the user may read (see ``verdicts_visible_to_user``)."""
    return verdicts_visible_to_user(user).filter(claim=claim)


def get_verdict_for_user(user, pk, *, write=False):
    """A verdict the user may read, or (``write=True``) their own verdict to change.

    Only its author changes a verdict, editors included: a verdict is one
    reviewer's judgement; the editor's final rating is recorded elsewhere.
    Anything else is Http404, as if it did not exist.
    """

    verdicts = Verdict.objects.filter(reviewer=user) if write else verdicts_visible_to_user(user)
    if write and not can_review(user):
        verdicts = Verdict.objects.none()
    try:
        return verdicts.select_related("reviewer", "rating").get(pk=pk)
    except (Verdict.DoesNotExist, ValueError, TypeError):
        raise Http404("No such verdict.") from None


def get_evidence_for_user(user, pk, *, write=False):
    """Evidence the user may read (every reviewer), or delete (whoever added it, and editors)."""

    if not can_review(user):
        raise Http404("No such evidence.")
    evidence = Evidence.objects.select_related("added_by")
    if write and not can_edit(user):
        evidence = evidence.filter(added_by=user)
    try:
        return evidence.get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("No such evidence.") from None


# --- Editorial workflow: readiness, approval, publishing, returning, assigning ---

# The actions of the editorial desk (docs/permissions.md has the whole matrix).
MARK_READY = "mark_ready"
PUBLISH = "publish"  # approve and publish; the approval rule applies on top
UNPUBLISH = "unpublish"
RETURN = "return"
ASSIGN = "assign"
RESPLIT = "resplit"
VIEW_EDITORIAL = "view_editorial"  # the editorial panel, the ready list, agreement, the audit trail
EDITORIAL_ACTIONS = (MARK_READY, PUBLISH, UNPUBLISH, RETURN, ASSIGN, RESPLIT, VIEW_EDITORIAL)


def may(user, action) -> bool:
    """Whether the user's role allows an editorial action (editors and admins do them all)."""
    if action not in EDITORIAL_ACTIONS:
        raise ValueError(f"Unknown action {action!r}.")
    return can_edit(user)


def check_may(user, action) -> None:
    """PermissionDenied, with a message a person understands, unless ``may(user, action)``."""
    if not may(user, action):
        raise PermissionDenied("Only editors and admins can do this.")


def get_claim_for_editor(user, pk, *, action=VIEW_EDITORIAL):
    """A claim for an editorial action: Http404 for users who cannot see claims, 403 for reviewers."""
    if not can_review(user):
        raise Http404("No such claim.")
    check_may(user, action)
    return get_claim_for_user(user, pk)


def approval_refusal(user, claim) -> str | None:
    """Why ``user`` may not approve the fact-check of ``claim``, or None if they may.

    A second person before publishing: the approver needs a verdict on the
    claim from someone other than themselves. An editor who was the only
    reviewer cannot approve their own work; superusers included.
    """
    if not may(user, PUBLISH):
        return "Only editors and admins can approve fact-checks."
    if claim.verdicts.exclude(reviewer=user).exists():
        return None
    if claim.verdicts.filter(reviewer=user).exists():
        return ("You cannot approve this fact-check: you are its only reviewer. "
                "Another person's verdict is needed first.")
    return "This claim has no reviewer's verdict yet; it cannot be approved."


# --- Assignment (review workspace) ---


def can_assign(user) -> bool:
    """Editors and admins assign claims and articles to reviewers; reviewers only take open claims."""
    return can_edit(user)


def can_be_assigned(user) -> bool:
    """Anyone who may review may be given claims."""
    return can_review(user)


def can_take(user, claim) -> bool:
    """An unassigned claim still waiting for verdicts may be taken by anyone who reviews."""
    from annotations.selectors import QUEUE_STATUSES  # selectors is the home of the queue's statuses

    return (
        can_be_assigned(user) and claim.assignee_id is None
        and claim.kind == Claim.Kind.CLAIM and claim.status in QUEUE_STATUSES
    )


def can_release(user, claim) -> bool:
    """The assignee may hand a claim back to the open pool; editors may reassign any claim."""
    return can_assign(user) or (claim.assignee_id is not None and claim.assignee_id == user.pk)


# --- Published fact-checks (public pages and the public API) ---


def get_published_factcheck(slug):
    """A fact-check anyone may read, signed in or not: only while it is published.

    An unpublished (or never published) one is 404, exactly like a slug that
    does not exist, so drafts cannot be discovered by guessing slugs.
    """
    try:
        return selectors.factcheck_public_get(slug)
    except FactCheck.DoesNotExist:
        raise Http404("No such fact-check.") from None


# --- The same claim across articles ---


def can_apply_previous_verdict(user) -> bool:
    """Reusing a published verdict is an editor's decision, as publishing is."""
    return can_edit(user)


def get_claim_match_for_user(user, pk):
    """A suggested or automatic link that the user may confirm or reject (every reviewer)."""
    if not can_review(user):
        raise Http404("No such match.")
    try:
        return ClaimMatch.objects.get(pk=pk)
    except (ClaimMatch.DoesNotExist, ValueError, TypeError):
        raise Http404("No such match.") from None


def get_published_factcheck_by_id(pk):
    """A fact-check that is public, by id; anything else is Http404."""
    try:
        return FactCheck.objects.select_related("rating").get(pk=pk, published_at__isnull=False)
    except (FactCheck.DoesNotExist, ValueError, TypeError):
        raise Http404("No such fact-check.") from None
