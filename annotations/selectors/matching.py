"""The same claim across articles: groups, suggestions, previous fact-checks."""

from dataclasses import dataclass

from django.db.models import Count, Q

from annotations import matching
from annotations.matching import suggest
from annotations.models import (
    Article,
    Claim,
    ClaimFingerprint,
    ClaimMatch,
    FactCheck,
)


def _group_id(claim: Claim) -> int | None:
    return ClaimFingerprint.objects.filter(claim_id=claim.pk).values_list("group_id", flat=True).first()


def claim_group_members(claim: Claim, *, limit: int | None = None) -> list[Claim]:
    """Every claim in ``claim``'s group (the first ``limit`` of the others), ``claim`` first, then by article;
    just ``[claim]`` if ungrouped. A wire story's sentence can be in a group of thousands."""
    group_id = _group_id(claim)
    if group_id is None:
        return [claim]
    others = (
        Claim.objects.filter(fingerprint__group_id=group_id).exclude(pk=claim.pk)
        .select_related("article").defer("article__body").order_by("article_id", "start")
    )
    return [claim, *(others if limit is None else others[:limit])]


def claim_group_reach(claim: Claim) -> tuple[int, int]:
    """(other claims, other articles) in ``claim``'s group; (0, 0) if ungrouped."""
    group_id = _group_id(claim)
    if group_id is None:
        return 0, 0
    reach = Claim.objects.filter(fingerprint__group_id=group_id).exclude(pk=claim.pk).aggregate(
        claims=Count("pk"), articles=Count("article_id", distinct=True, filter=~Q(article_id=claim.article_id)))
    return reach["claims"], reach["articles"]


def claims_grouped_together(claim: Claim, other_id: int) -> bool:
    """Whether the claim ``other_id`` is in ``claim``'s group."""
    group_id = _group_id(claim)
    return group_id is not None and ClaimFingerprint.objects.filter(claim_id=other_id, group_id=group_id).exists()


def claim_group_articles(claim: Claim) -> list[Article]:
    """The articles of every claim in the group, the claim's own first, each once (ClaimReview appearance)."""
    articles, seen = [], set()
    for member in claim_group_members(claim):
        if member.article_id not in seen:
            seen.add(member.article_id)
            articles.append(member.article)
    return articles


def claim_suggestions(claim: Claim, *, limit: int = 5) -> list[tuple[ClaimMatch, Claim]]:
    """The best undecided "possible" matches of ``claim``, each with the other claim.

    Suggestions come from both sides (this claim's link and later articles'
    links), so a claim can collect many; a reviewer is shown the best few.
    """
    matches = list(
        ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        .filter(relation=ClaimMatch.Relation.POSSIBLE, decision=ClaimMatch.Decision.PENDING)
        .order_by("-score", "pk")[:limit]
    )
    others = Claim.objects.select_related("article").defer("article__body").in_bulk(
        [m.other(claim.pk) for m in matches]
    )
    return [(m, others[m.other(claim.pk)]) for m in matches if m.other(claim.pk) in others]


@dataclass(frozen=True)
class SuggestionPanel:
    """What the matches panel lists of a claim's suggestions (``matching.suggest.panel``)."""

    shown: list[tuple[ClaimMatch, Claim]]  # at most three, right at least four times in five
    weaker: list[tuple[ClaimMatch, Claim]]  # the rest, best first, behind "N weaker suggestions"
    stale: bool = False  # scored by an older matcher: nothing is shown until the article is linked again


def claim_suggestion_panel(claim: Claim) -> SuggestionPanel:
    """The claim's undecided suggestions, split into those shown and the weaker ones.

    Its links take part (one may be its best match, which a headline's
    suggestion must be) but are listed as group members, not here. A claim
    whose fingerprint an older matcher made has scores the threshold means
    nothing on (1.3 put most suggestions at 0.85-0.89): all of them wait,
    weaker, until ``link_articles --stale`` relinks its article.
    """
    matches = [m for m in claim_matches_of(claim) if m.decision != ClaimMatch.Decision.REJECTED]
    # Links are never listed here, so only the suggestions' claims are read: the first copy of a
    # much-reprinted sentence is linked to thousands.
    others = Claim.objects.select_related("article").defer("article__body").in_bulk(
        [m.other(claim.pk) for m in matches if not m.is_linked])
    by_other = {m.other(claim.pk): m for m in matches if m.other(claim.pk) in others}
    found = [
        suggest.Suggestion(other=m.other(claim.pk), score=m.score, headline=False, relation=ClaimMatch.Relation.SAME)
        for m in matches if m.is_linked
    ] + [
        suggest.Suggestion(other=other_id, score=m.score, headline=others[other_id].is_headline,
                           relation=ClaimMatch.Relation.POSSIBLE)
        for other_id, m in by_other.items()
    ]
    version = ClaimFingerprint.objects.filter(claim_id=claim.pk).values_list("matcher_version", flat=True).first()
    stale = version is not None and version != matching.MATCHER_VERSION
    panel = suggest.panel(found, headline=claim.is_headline, limit=0 if stale else suggest.MAX_SHOWN)
    return SuggestionPanel(
        shown=[(by_other[s.other], others[s.other]) for s in panel.shown],
        weaker=[(by_other[s.other], others[s.other]) for s in panel.weaker], stale=stale,
    )


def claims_with_text(claim_ids) -> dict[int, Claim]:
    """Claims by id with their articles, bodies included (the drift view names what each article names)."""
    return Claim.objects.select_related("article").in_bulk(list(claim_ids))


def claim_links_to(claim: Claim, others) -> dict[int, ClaimMatch]:
    """The scored pair (if any) between ``claim`` and each of ``others``, by the other claim's id."""
    ids = [other.pk for other in others]
    pairs = ClaimMatch.objects.filter(Q(claim_a_id=claim.pk, claim_b_id__in=ids) | Q(claim_b_id=claim.pk,
                                                                                       claim_a_id__in=ids))
    return {match.other(claim.pk): match for match in pairs}


def claim_previous_factchecks(claim: Claim) -> list[FactCheck]:
    """Published fact-checks of the other claims in the group, newest first."""
    group_id = _group_id(claim)
    if group_id is None:
        return []
    return list(
        FactCheck.objects.filter(claim__fingerprint__group_id=group_id, published_at__isnull=False)
        .exclude(claim_id=claim.pk)
        .select_related("rating", "claim__article").defer("claim__article__body").order_by("-published_at")
    )


def claim_matches_of(claim: Claim):
    """Every scored pair that involves the claim, on either side."""
    return ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))


def claim_is_linked(claim: Claim) -> bool:
    """Compared with other articles already (linking runs after the split, behind waiting splits)."""
    return ClaimFingerprint.objects.filter(claim_id=claim.pk).exists()
