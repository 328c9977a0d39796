"""The one permission gate. Every view, API endpoint, admin action and service asks here.

Decisions rest on Django's permissions (``user.has_perm``): the roles are
groups holding permissions (``roles.py``), so granting or revoking a
permission in the admin, to a group or one person, changes what they may do.
Superusers hold every permission, as Django defines it.

Functions that fetch an object *for a user* raise Http404 for a user who may
not see it, exactly as if it did not exist, so ids cannot be probed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from annotations import selectors
from annotations.models import Article, Claim, ClaimMatch, Evidence, FactCheck, Verdict

# The permissions this gate asks about (app label "annotations").
REVIEW = "annotations.review_claim"
ADD_ARTICLE = "annotations.add_article"
DELETE_ANY_EVIDENCE = "annotations.delete_evidence"

# Editorial actions, by the permission each needs (docs/permissions.md has the whole matrix).
MARK_READY = "mark_ready"
PUBLISH = "publish"  # approve and publish; the four-eyes rule applies on top
UNPUBLISH = "unpublish"
RETURN = "return"
ASSIGN = "assign"
RESPLIT = "resplit"
REUSE = "reuse"  # apply a published verdict to a twin claim
VIEW_EDITORIAL = "view_editorial"  # every verdict, agreement, the ready list, the audit trail
ACTION_PERMISSIONS = {
    MARK_READY: "annotations.mark_claim_ready",
    PUBLISH: "annotations.publish_factcheck",
    UNPUBLISH: "annotations.publish_factcheck",
    RETURN: "annotations.return_claim",
    ASSIGN: "annotations.assign_claim",
    RESPLIT: "annotations.resplit_article",
    REUSE: "annotations.reuse_factcheck",
    VIEW_EDITORIAL: "annotations.view_editorial",
}
ACTION_REFUSALS = {
    MARK_READY: "You do not have the permission to mark claims ready for approval.",
    PUBLISH: "You do not have the permission to approve and publish fact-checks.",
    UNPUBLISH: "You do not have the permission to unpublish fact-checks.",
    RETURN: "You do not have the permission to return claims to reviewers.",
    ASSIGN: "You do not have the permission to assign claims; you can take an open claim instead.",
    RESPLIT: "You do not have the permission to split articles again.",
    REUSE: "You do not have the permission to apply a previous verdict.",
    VIEW_EDITORIAL: "You do not have the permission to see the editorial desk.",
}


def _has(user, permission: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(permission))


def can_review(user) -> bool:
    """Reads articles and claims, rates, adds evidence, corrects the split, takes open claims."""
    return _has(user, REVIEW)


def can_add_article(user) -> bool:
    return _has(user, ADD_ARTICLE)


def can_export_archive(user) -> bool:
    """The whole record, every reviewer's verdicts and the audit trail included: admins."""
    return _has(user, "annotations.export_archive")


def may(user, action) -> bool:
    """Whether the user holds the permission an editorial action needs."""
    try:
        permission = ACTION_PERMISSIONS[action]
    except KeyError:
        raise ValueError(f"Unknown action {action!r}.") from None
    return _has(user, permission)


def check_may(user, action) -> None:
    """PermissionDenied, with a message a person understands, unless ``may(user, action)``."""
    if not may(user, action):
        raise PermissionDenied(ACTION_REFUSALS[action])


def get_article_for_user(user, pk, *, action: str | None = None) -> Article:
    """An article the user may read (every reviewer), or act on with an editorial ``action``."""
    allowed = can_review(user) and (action is None or may(user, action))
    if not allowed:
        raise Http404("No such article.")
    try:
        return selectors.article_get(pk)
    except (Article.DoesNotExist, ValueError, TypeError):
        raise Http404("No such article.") from None


# --- Claims, verdicts and evidence ---


def get_claim_for_user(user, pk, *, action: str | None = None, queryset=None) -> Claim:
    """A claim the user may read and review (every reviewer), or act on with an editorial ``action``.

    Adding a verdict or evidence is reviewing: it needs only the read gate.
    ``queryset`` (claims, with whatever the caller needs joined or counted)
    lets a caller fetch the claim once instead of once here and once more.
    """
    allowed = can_review(user) and (action is None or may(user, action))
    if not allowed:
        raise Http404("No such claim.")
    if queryset is None:
        queryset = selectors.claim_with_article()
    try:
        return queryset.get(pk=pk)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise Http404("No such claim.") from None


def get_claim_for_editor(user, pk, *, action=VIEW_EDITORIAL) -> Claim:
    """A claim for an editorial action: Http404 for users who cannot see claims, 403 for the others."""
    if not can_review(user):
        raise Http404("No such claim.")
    check_may(user, action)
    return get_claim_for_user(user, pk)


# Which verdicts a user may read (see verdicts_visible_to_user).
VERDICTS_ALL, VERDICTS_BLIND, VERDICTS_NONE = "all", "blind", "none"


def verdict_scope(user) -> str:
    """The editorial desk reads every verdict; reviewers under blind review; anyone else none."""
    if not can_review(user):
        return VERDICTS_NONE
    if may(user, VIEW_EDITORIAL):
        return VERDICTS_ALL
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

    The editorial desk sees all verdicts. A reviewer sees their own, and the
    other reviewers' verdicts on a claim only once they have submitted their
    own verdict on it, so nobody's rating is anchored by someone else's.
    """
    return verdicts_in_scope(verdict_scope(user), user.pk)


def verdicts_visible_to(user, claim):
    """The verdicts on one claim the user may read (see ``verdicts_visible_to_user``)."""
    return verdicts_visible_to_user(user).filter(claim=claim)


def get_verdict_for_user(user, pk, *, write=False) -> Verdict:
    """A verdict the user may read, or (``write=True``) their own verdict to change.

    Only its author changes a verdict, editors included: a verdict is one
    reviewer's judgement; the editor's final rating is recorded elsewhere.
    Anything else is Http404, as if it did not exist.
    """
    verdicts = Verdict.objects.filter(reviewer=user) if write else verdicts_visible_to_user(user)
    if write and not can_review(user):
        verdicts = Verdict.objects.none()
    try:
        return selectors.verdict_list(verdicts).get(pk=pk)
    except (Verdict.DoesNotExist, ValueError, TypeError):
        raise Http404("No such verdict.") from None


def get_evidence_for_user(user, pk, *, write=False) -> Evidence:
    """Evidence the user may read (every reviewer), or delete (whoever added it, and moderators)."""
    if not can_review(user):
        raise Http404("No such evidence.")
    evidence = selectors.evidence_list()
    if write and not _has(user, DELETE_ANY_EVIDENCE):
        evidence = evidence.filter(added_by=user)
    try:
        return evidence.get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("No such evidence.") from None


def approval_refusal(user, claim) -> str | None:
    """Why ``user`` may not approve the fact-check of ``claim``, or None if they may.

    A second person before publishing: the approver needs a verdict on the
    claim from someone other than themselves. An editor who was the only
    reviewer cannot approve their own work; superusers included.
    """
    if not may(user, PUBLISH):
        return ACTION_REFUSALS[PUBLISH]
    if claim.verdicts.exclude(reviewer=user).exists():
        return None
    if claim.verdicts.filter(reviewer=user).exists():
        return ("You cannot approve this fact-check: you are its only reviewer. "
                "Another person's verdict is needed first.")
    return "This claim has no reviewer's verdict yet; it cannot be approved."


# --- Assignment ---


def can_assign(user) -> bool:
    """Editors assign claims and articles to reviewers; reviewers only take open claims."""
    return may(user, ASSIGN)


def can_be_assigned(user) -> bool:
    """Anyone who may review may be given claims."""
    return can_review(user)


def can_take(user, claim) -> bool:
    """An unassigned claim still waiting for verdicts may be taken by anyone who reviews."""
    return can_be_assigned(user) and claim.assignee_id is None and claim.is_in_queue


def can_release(user, claim) -> bool:
    """The assignee may hand a claim back to the open pool; editors may reassign any claim."""
    return can_assign(user) or (claim.assignee_id is not None and claim.assignee_id == user.pk)


# --- Published fact-checks (public pages and the public API) ---


def get_published_factcheck(slug) -> FactCheck:
    """A fact-check anyone may read, signed in or not: only while it is published.

    An unpublished (or never published) one is 404, exactly like a slug that
    does not exist, so drafts cannot be discovered by guessing slugs.
    """
    try:
        return selectors.factcheck_public_get(slug)
    except FactCheck.DoesNotExist:
        raise Http404("No such fact-check.") from None


def get_published_factcheck_by_id(pk) -> FactCheck:
    """A fact-check that is public, by id; anything else is Http404."""
    try:
        return selectors.factcheck_published().select_related("rating").get(pk=pk)
    except (FactCheck.DoesNotExist, ValueError, TypeError):
        raise Http404("No such fact-check.") from None


# --- The same claim across articles ---


def get_claim_match_for_user(user, pk, *, claim: Claim) -> ClaimMatch:
    """A suggested or automatic link of ``claim`` that the user may confirm or reject (every reviewer).

    A match about another claim is Http404: a forged pair.
    """
    if not can_review(user):
        raise Http404("No such match.")
    try:
        return selectors.claim_matches_of(claim).get(pk=pk)
    except (ClaimMatch.DoesNotExist, ValueError, TypeError):
        raise Http404("No such match.") from None
