"""The same claim across articles: groups, suggestions, previous fact-checks."""

from django.db.models import Q

from annotations.models import (
    Article,
    Claim,
    ClaimFingerprint,
    ClaimMatch,
    FactCheck,
)


def claim_group_members(claim: Claim) -> list[Claim]:
    """Every claim in ``claim``'s group, ``claim`` first, then by article; just ``[claim]`` if ungrouped."""
    group_id = ClaimFingerprint.objects.filter(claim_id=claim.pk).values_list("group_id", flat=True).first()
    if group_id is None:
        return [claim]
    others = (
        Claim.objects.filter(fingerprint__group_id=group_id).exclude(pk=claim.pk)
        .select_related("article").defer("article__body").order_by("article_id", "start")
    )
    return [claim, *others]


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


def claim_link_between(claim: Claim, other: Claim) -> ClaimMatch | None:
    a, b = sorted((claim.pk, other.pk))
    return ClaimMatch.objects.filter(claim_a_id=a, claim_b_id=b).first()


def claim_previous_factchecks(claim: Claim) -> list[FactCheck]:
    """Published fact-checks of the other claims in the group, newest first."""
    member_ids = [member.pk for member in claim_group_members(claim) if member.pk != claim.pk]
    if not member_ids:
        return []
    return list(
        FactCheck.objects.filter(claim_id__in=member_ids, published_at__isnull=False)
        .select_related("rating", "claim__article").defer("claim__article__body").order_by("-published_at")
    )


def claim_matches_of(claim: Claim):
    """Every scored pair that involves the claim, on either side."""
    return ClaimMatch.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))


def claim_is_linked(claim: Claim) -> bool:
    """Compared with other articles already (linking runs after the split, behind waiting splits)."""
    return ClaimFingerprint.objects.filter(claim_id=claim.pk).exists()
