"""The same claim across articles in the review workspace: matches partial, decisions, reuse, drift."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from annotations import access, linking, selectors
from annotations.matching.diff import word_diff
from annotations.models import Claim, ClaimFingerprint, ClaimMatch, FactCheck


def _matches_context(request, claim, *, notice=None, error=None):
    members = selectors.claim_group_members(claim)
    articles = selectors.claim_group_articles(claim)
    factcheck = FactCheck.objects.filter(claim=claim).first()
    return {
        "claim": claim,
        "members": [(member, selectors.claim_link_between(claim, member)) for member in members[1:]],
        "other_article_count": len(articles) - 1,
        "suggestions": selectors.claim_suggestions(claim),
        "previous": selectors.claim_previous_factchecks(claim),
        "can_apply": access.can_apply_previous_verdict(request.user) and factcheck is None,
        "own_factcheck": factcheck,
        "linking_pending": linking_pending(claim),
        "notice": notice,
        "error": error,
    }


def linking_pending(claim) -> bool:
    """Not compared with other articles yet: linking runs after the split, behind waiting splits."""
    if claim.kind != Claim.Kind.CLAIM or claim.status == Claim.Status.DISMISSED:
        return False
    return not ClaimFingerprint.objects.filter(claim_id=claim.pk).exists()


def _render(request, claim, status=200, **extra):
    return render(request, "annotations/partials/_claim_matches.html",
                  _matches_context(request, claim, **extra), status=status)


@login_required
def claim_matches(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    return _render(request, claim)


@require_POST
@login_required
def claim_match_decide(request, pk, match_pk):
    claim = access.get_claim_for_user(request.user, pk)
    match = access.get_claim_match_for_user(request.user, match_pk)
    if claim.pk not in (match.claim_a_id, match.claim_b_id):
        raise Http404("No such match.")  # a forged pair: this match is not about this claim
    decision = request.POST.get("decision", "")
    try:
        linking.claim_match_decide(match=match, user=request.user, decision=decision)
    except ValidationError as exc:
        return _render(request, claim, status=400, error=" ".join(exc.messages))
    notice = "Confirmed: the claims are linked." if decision == ClaimMatch.Decision.CONFIRMED else (
        "Rejected: this pair will not be suggested again.")
    return _render(request, claim, notice=notice)


@require_POST
@login_required
def claim_apply_verdict(request, pk, factcheck_pk):
    # write=True: only editors get past this gate; everyone else sees 404.
    claim = access.get_claim_for_user(request.user, pk, write=True)
    source = access.get_published_factcheck_by_id(factcheck_pk)
    try:
        linking.factcheck_apply_previous(claim=claim, source=source, editor=request.user)
    except ValidationError as exc:
        return _render(request, claim, status=400, error=" ".join(exc.messages))
    claim.refresh_from_db()
    return _render(request, claim, notice=f"Applied the verdict “{source.rating.label}” of the earlier fact-check.")


@login_required
def claim_drift(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    linked = selectors.claim_group_members(claim)[1:]
    suggested = [other for _, other in selectors.claim_suggestions(claim, limit=3)]
    rows = [
        {"other": other, "diff": word_diff(claim.text, other.text), "linked": i < len(linked)}
        for i, other in enumerate(linked + suggested)
    ]
    return render(request, "annotations/claim_drift.html", {"claim": claim, "rows": rows})
