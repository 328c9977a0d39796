"""The one permission gate. Every view, API endpoint, admin action and service asks here.

Decisions rest on Django's permissions (``user.has_perm``): the roles are
groups holding permissions (``roles.py``), so granting or revoking a
permission in the admin, to a group or one person, changes what they may do.
Superusers hold every permission, as Django defines it.

Functions that fetch an object *for a user* raise Http404 for a user who may
not see it, exactly as if it did not exist, so ids cannot be probed.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.http import Http404

from annotations import selectors
from annotations.models import ApiToken, Article, ArticleFetch, Claim, ClaimMatch, Evidence, FactCheck, Verdict
from annotations.selectors import permissions_sql

# The permissions this gate asks about (app label "annotations").
REVIEW = "annotations.review_claim"
ADD_ARTICLE = "annotations.add_article"
# Django's name for it; nothing is deleted: evidence is retracted (services.review.evidence_retract).
RETRACT_ANY_EVIDENCE = "annotations.delete_evidence"
WITHDRAW_ANY_VERDICT = "annotations.withdraw_verdict"

# Editorial actions, by the permission each needs (docs/permissions.md has the whole matrix).
MARK_READY = "mark_ready"
PUBLISH = "publish"  # approve and publish; the four-eyes rule applies on top
UNPUBLISH = "unpublish"
RETURN = "return"
ASSIGN = "assign"
RESPLIT = "resplit"
REUSE = COVER = "cover"  # apply a published verdict to a twin claim: it becomes an appearance of it
UNCOVER = "uncover"  # take that back: the claim is reviewed on its own again
VIEW_EDITORIAL = "view_editorial"  # every verdict, agreement, the ready list, the audit trail
EDIT_ARTICLE = "edit_article"  # an article's title, publisher, URL, publication date
ACTION_PERMISSIONS = {
    MARK_READY: "annotations.mark_claim_ready",
    PUBLISH: "annotations.publish_factcheck",
    UNPUBLISH: "annotations.publish_factcheck",
    RETURN: "annotations.return_claim",
    ASSIGN: "annotations.assign_claim",
    RESPLIT: "annotations.resplit_article",
    COVER: "annotations.reuse_factcheck",
    UNCOVER: "annotations.reuse_factcheck",
    VIEW_EDITORIAL: "annotations.view_editorial",
    EDIT_ARTICLE: "annotations.change_article",
}
ACTION_REFUSALS = {
    MARK_READY: "You do not have the permission to mark claims ready for approval.",
    PUBLISH: "You do not have the permission to approve and publish fact-checks.",
    UNPUBLISH: "You do not have the permission to unpublish fact-checks.",
    RETURN: "You do not have the permission to return claims to reviewers.",
    ASSIGN: "You do not have the permission to assign claims; you can take an open claim instead.",
    RESPLIT: "You do not have the permission to split articles again.",
    COVER: "You do not have the permission to apply a previous verdict.",
    UNCOVER: "You do not have the permission to take back a previous verdict applied to this claim.",
    VIEW_EDITORIAL: "You do not have the permission to see the editorial desk.",
    EDIT_ARTICLE: "You do not have the permission to change an article's details.",
}
# The claim's own actions (Claim.TRANSITIONS) that any reviewer may take; the others are editorial.
REVIEW_ACTIONS = frozenset({"rate", "dismiss", "restore", "separate"})
# Four eyes: the decisions nobody takes on a claim they rated or gave evidence for.
FOUR_EYES = frozenset({MARK_READY, RETURN, PUBLISH, COVER})
_DECISION_WORDS = {
    MARK_READY: "mark it ready for approval",
    RETURN: "return it to the reviewers",
    PUBLISH: "approve and publish it",
    COVER: "apply a published fact-check to it",
}


class PermissionBackend(ModelBackend):
    """Django's ModelBackend, reading a person's own permissions and their groups' in one query, not two.

    Every API request loads its user afresh, so it asks this once: the two
    ORM queries were a quarter of a verdict POST's CPU. Same answers as
    ModelBackend (none when inactive, all for a superuser), kept on the user
    object for the rest of the request as ModelBackend keeps its own. The
    query is plain SQL (``selectors.permissions_sql``) unless
    ``PERMISSIONS_FAST_SQL=0``.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_all_permissions"):
            if not user_obj.is_superuser and permissions_sql.enabled():
                user_obj._all_permissions = permissions_sql.held(user_obj.pk)
                return user_obj._all_permissions
            held = Permission.objects.all()
            if not user_obj.is_superuser:
                held = held.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._all_permissions = {
                f"{app_label}.{codename}"
                for app_label, codename in held.values_list("content_type__app_label", "codename").distinct()
            }
        return user_obj._all_permissions


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


def get_fetch_for_user(user, pk) -> ArticleFetch:
    """A fetch of an article's URL: anyone who reads articles may follow it (it holds nothing private)."""
    if not can_review(user):
        raise Http404("No such fetch.")
    try:
        return selectors.article_fetch_get(pk)
    except (ArticleFetch.DoesNotExist, ValueError, TypeError):
        raise Http404("No such fetch.") from None


def get_api_token_for_user(user, pk) -> ApiToken:
    """One of the user's own API tokens; anyone else's is Http404 (admins revoke others' in the admin)."""
    if not (user.is_authenticated and user.is_active):
        raise Http404("No such token.")
    try:
        return selectors.api_token_of(user, pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404("No such token.") from None


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


def claim_id_to_review(user, pk: int) -> int:
    """The id of a claim for the user to rate, unread: every reviewer may review every claim.

    The service that writes reads the row once, under its lock, and refuses
    an id that names no claim. Http404 for a user who may not review.
    """
    if not can_review(user):
        raise Http404("No such claim.")
    return pk


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


def evidence_in_scope(scope: str, user_id):
    """Evidence a user with this id and ``verdict_scope`` may read, each with ``judgement_visible``.

    Sources are shared work, so every reviewer sees every piece's link and
    title. What a piece says about the reviewer's judgement (``Evidence.
    JUDGEMENT_FIELDS``: stance, note, excerpt) is blind like a verdict: shown
    for one's own evidence, and for the others' once one has given a verdict on
    the claim. The editorial desk sees it all.
    """
    evidence = selectors.evidence_list()
    if scope == VERDICTS_NONE:
        return evidence.none()
    if scope == VERDICTS_ALL:
        return evidence.annotate(judgement_visible=Value(True, output_field=BooleanField()))
    own_verdict = Exists(Verdict.objects.filter(claim=OuterRef("claim"), reviewer=user_id))
    return evidence.annotate(judgement_visible=ExpressionWrapper(
        Q(added_by=user_id) | Q(own_verdict), output_field=BooleanField()))


def evidence_visible_to_user(user):
    """Every piece of evidence the user may read, across claims, each with ``judgement_visible`` (blind review)."""
    return evidence_in_scope(verdict_scope(user), user.pk)


def evidence_visible_to(user, claim):
    """The evidence of one claim, oldest first, as ``evidence_visible_to_user`` shows it."""
    return evidence_visible_to_user(user).filter(claim=claim).order_by("created_at", "id")


def get_claim_review_for_user(user, pk) -> Claim:
    """The claim for the API's detail, with its verdicts and evidence as the user may see them (Http404 for
    someone who may not review, or no such claim)."""
    if not can_review(user):
        raise Http404("No such claim.")
    try:
        claim, verdicts, evidence = selectors.claim_detail_rows(pk)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise Http404("No such claim.") from None
    return claim_review_as_seen_by(user, claim, verdicts, evidence)


def claim_review_as_seen_by(user, claim: Claim, verdicts: list[Verdict], evidence: list[Evidence]) -> Claim:
    """The claim with its verdicts and evidence as the user may see them, and the counts of those that stand.

    The rule of ``verdicts_in_scope`` and ``evidence_in_scope``, applied to all
    the rows of one claim (every verdict and piece of evidence, hidden ones
    included, oldest first); the tests hold the two forms to the same answers.
    ``verdict_count`` counts the hidden verdicts too, so a reviewer knows others
    have rated the claim.
    """
    scope = verdict_scope(user)
    claim.verdict_count = sum(verdict.withdrawn_at is None for verdict in verdicts)
    claim.evidence_count = sum(piece.retracted_at is None for piece in evidence)
    if scope == VERDICTS_NONE:
        claim.visible_verdicts, claim.evidence_items = [], []
        return claim
    # A verdict of one's own, even withdrawn, opens the others' (the Exists of verdicts_in_scope).
    has_rated = scope == VERDICTS_ALL or any(verdict.reviewer_id == user.pk for verdict in verdicts)
    claim.visible_verdicts = verdicts if has_rated else []
    for piece in evidence:
        piece.judgement_visible = has_rated or piece.added_by_id == user.pk
    claim.evidence_items = evidence
    return claim


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
    """Evidence the user may read (every reviewer, blind review applied), or retract (whoever added it,
    and moderators)."""
    if not can_review(user):
        raise Http404("No such evidence.")
    evidence = evidence_visible_to_user(user)
    if write and not _has(user, RETRACT_ANY_EVIDENCE):
        evidence = evidence.filter(added_by=user)
    try:
        return evidence.get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("No such evidence.") from None


def can_retract_any(user) -> bool:
    """Moderators retract anyone's evidence (the admin's bulk action)."""
    return _has(user, RETRACT_ANY_EVIDENCE)


def can_withdraw_any(user) -> bool:
    """Admins withdraw anyone's verdict (the admin's bulk action)."""
    return _has(user, WITHDRAW_ANY_VERDICT)


def may_retract(user, evidence) -> bool:
    """Whoever added a piece of evidence, or a moderator (``delete_evidence``), may retract it."""
    return can_review(user) and (evidence.added_by_id == user.pk or _has(user, RETRACT_ANY_EVIDENCE))


def can_retract(user, evidence) -> bool:
    """``may_retract``, and it still stands (a retraction happens once)."""
    return not evidence.is_retracted and may_retract(user, evidence)


def may_withdraw(user, verdict) -> bool:
    """A reviewer withdraws their own verdict; admins (``withdraw_verdict``) anyone's."""
    return (can_review(user) and verdict.reviewer_id == user.pk) or _has(user, WITHDRAW_ANY_VERDICT)


# --- Editorial decisions: the claim's state, the permission, four eyes ---


def claim_actions(user, claim) -> frozenset[str]:
    """The actions on ``claim`` offered to ``user`` now (docs/workflow.md, the state table).

    The claim's status allows them (``Claim.next_actions``) and the user holds
    the permission each needs. Four eyes is checked apart
    (``decision_refusal``): a barred editor is shown why, not a missing button.
    """
    return frozenset(
        action for action in claim.next_actions
        if (can_review(user) if action in REVIEW_ACTIONS else may(user, action))
    )


def decision_refusal(user, claim, action) -> str | None:
    """Why ``user`` may not take the editorial decision ``action`` on ``claim`` now, or None if they may.

    Four eyes: nobody who rated a claim or gave evidence for it (a withdrawn
    verdict and retracted evidence count: they saw and judged) marks it ready,
    returns, approves or publishes it, or applies a published verdict to it;
    editors, admins and superusers alike. The refusal names who else could.
    """
    if not may(user, action):
        return ACTION_REFUSALS[action]
    if action not in FOUR_EYES:
        return None
    work = selectors.claim_work_by(claim, user)
    if work:
        return (f"You {work} this claim, so you cannot {_DECISION_WORDS[action]}: every decision needs a "
                f"second pair of eyes. {_who_else(claim, action)}")
    if action == PUBLISH and not selectors.claim_has_verdicts(claim):
        return "This claim has no reviewer's verdict that stands; it cannot be approved."
    return None


def _who_else(claim, action) -> str:
    names = [user.get_username() for user in selectors.users_with_permission(ACTION_PERMISSIONS[action])
             if user.pk not in selectors.claim_participant_ids(claim)]
    if not names:
        return "Nobody else holds that permission yet: an admin can give it to an editor who did not work on it."
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"Who can: {shown}."


def check_decision(user, claim, action) -> None:
    """PermissionDenied without the permission; FourEyes (a ValidationError) with the reason under four eyes."""
    check_may(user, action)
    refusal = decision_refusal(user, claim, action)
    if refusal:
        raise FourEyes(refusal)


class FourEyes(ValidationError):
    """Someone who worked on a claim tried to decide on it (``decision_refusal`` says who else may)."""


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
