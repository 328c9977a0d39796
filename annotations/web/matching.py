"""The same claim across articles in the review workspace: matches partial, decisions, reuse, drift."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_POST

from annotations import access, selectors
from annotations.matching.diff import DRIFT_KINDS, Diff, Drift, drift, word_diff
from annotations.models import Claim, ClaimMatch
from annotations.services import matching, publishing

# A sentence of wire copy can be in thousands of articles; the panel and the drift view list the first.
GROUP_MEMBERS_SHOWN = 25


def _matches_context(request, claim, *, notice=None, error=None):
    members = selectors.claim_group_members(claim, limit=GROUP_MEMBERS_SHOWN)
    other_claims, other_articles = selectors.claim_group_reach(claim)
    panel = selectors.claim_suggestion_panel(claim)
    links = selectors.claim_links_to(claim, members[1:])
    return {
        "claim": claim,
        "members": [(member, links.get(member.pk)) for member in members[1:]],
        "members_not_listed": other_claims - (len(members) - 1),
        "other_article_count": other_articles,
        # At most three, right four times in five; the rest behind "N weaker suggestions" (docs/matching.md).
        "suggestions": panel.shown,
        "weaker": panel.weaker,
        "suggestions_stale": panel.stale,
        "previous": selectors.claim_previous_factchecks(claim),
        # Applying one makes the claim an appearance of it ("covered"), for those who may, while its state allows.
        "can_apply": "cover" in access.claim_actions(request.user, claim),
        "apply_refusal": access.decision_refusal(request.user, claim, access.COVER),
        "linking_pending": linking_pending(claim),
        "notice": notice,
        "error": error,
    }


def linking_pending(claim) -> bool:
    """Not compared with other articles yet: linking runs after the split, behind waiting splits."""
    if claim.is_boilerplate or claim.is_dismissed:
        return False
    return not selectors.claim_is_linked(claim)


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
    match = access.get_claim_match_for_user(request.user, match_pk, claim=claim)
    decision = request.POST.get("decision", "")
    try:
        matching.claim_match_decide(match=match, actor=request.user, decision=decision)
    except ValidationError as exc:
        return _render(request, claim, status=400, error=" ".join(exc.messages))
    notice = "Confirmed: the claims are linked." if decision == ClaimMatch.Decision.CONFIRMED else (
        "Rejected: this pair will not be suggested again.")
    return _render(request, claim, notice=notice)


@require_POST
@login_required
def claim_apply_verdict(request, pk, factcheck_pk):
    """The claim becomes an appearance of a twin's published fact-check ("covered"), leaving every queue."""
    # Only those who may apply a verdict get past this gate; everyone else sees 404.
    claim = access.get_claim_for_user(request.user, pk, action=access.COVER)
    source = access.get_published_factcheck_by_id(factcheck_pk)
    try:
        publishing.claim_cover(claim=claim, source=source, actor=request.user)
    except ValidationError as exc:
        return _render(request, claim, status=400, error=" ".join(exc.messages))
    claim.refresh_from_db()
    notice = f"Applied the verdict “{source.rating.label}”: this claim is now covered by the earlier fact-check."
    response = _render(request, claim, notice=notice)
    # The claim's status, verdict form and editorial panel all changed: the page reloads to show them,
    # and says (and speaks) the outcome there.
    messages.success(request, notice)
    response["HX-Refresh"] = "true"
    return response


@dataclass(frozen=True)
class Telling:
    """One row of the drift view: another telling of the claim, what changed, and what it amounts to."""

    other: Claim
    linked: bool
    diff: Diff
    drift: Drift
    # Which kinds were judged on what the text says once read (resolved dates, resolved claimants).
    resolved: tuple[str, ...] = ()


def telling_drift(claim: Claim, other: Claim, *, relation: str) -> tuple[Drift, tuple[str, ...]]:
    """``diff.drift`` of two tellings, with dates and attribution judged on the claims' stored facts.

    Words alone would call "on Wednesday" (an article of 2025-09-04) and "on
    September 3, 2025" different dates, and "he said" and "Kim said" different
    sources; resolved, they agree. And "Kim said" against "Kim said, as state
    media reported" is an attribution difference words may miss. Where either
    claim has no facts yet (split before they existed) the words decide.
    """
    found = drift(claim.text, other.text, relation=relation, article_a=claim.article.body,
                  article_b=other.article.body)
    if not (claim.has_facts and other.has_facts):
        return found, ()
    differs = set(found.differs)
    for kind, agree in (("dates", claim.date_signature() == other.date_signature()),
                        ("attribution", claim.attribution_key() == other.attribution_key())):
        (differs.discard if agree else differs.add)(kind)
    return Drift(differs=tuple(kind for kind in DRIFT_KINDS if kind in differs)), ("dates", "attribution")


def drift_tellings(claim: Claim) -> list[Telling]:
    """The tellings the drift view compares: the claim's group (linked) and the suggestions its panel shows,
    never the weaker ones (two claims nobody matched are not "the same claim in other words")."""
    linked = [member.pk for member in selectors.claim_group_members(claim, limit=GROUP_MEMBERS_SHOWN)[1:]]
    shown = [other.pk for _, other in selectors.claim_suggestion_panel(claim).shown]
    others = selectors.claims_with_text([*linked, *shown])
    rows = []
    for pk, relation in [*((pk, ClaimMatch.Relation.SAME) for pk in linked),
                         *((pk, ClaimMatch.Relation.POSSIBLE) for pk in shown)]:
        if pk in others:
            other = others[pk]
            found, resolved = telling_drift(claim, other, relation=relation)
            rows.append(Telling(other=other, linked=relation == ClaimMatch.Relation.SAME,
                                diff=word_diff(claim.text, other.text), drift=found, resolved=resolved))
    return rows


@login_required
def claim_drift(request, pk):
    claim = access.get_claim_for_user(request.user, pk)
    return render(request, "annotations/claim_drift.html", {
        "claim": claim, "rows": drift_tellings(claim),
        "linked_not_listed": max(0, selectors.claim_group_reach(claim)[0] - GROUP_MEMBERS_SHOWN)})
