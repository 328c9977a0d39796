"""Reads shared by views, the API and the admin."""

from django.db.models import Count, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from annotations.models import Article, Claim, ClaimFingerprint, ClaimMatch, Evidence, FactCheck, Verdict


def article_list():
    return Article.objects.defer("body").annotate(
        claim_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM)),
        checkworthy_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM, claims__checkworthy=True)),
    )


def article_segments(article: Article):
    """The body cut into (text, claim-or-None) pieces, in order, for highlighting.

    Overlapping claims (a person's span over a machine one) would nest; the
    later one is shown only from where the earlier ends.
    """
    pieces, cursor = [], 0
    for claim in article.claims.all():
        if claim.end <= cursor:
            continue
        start = max(claim.start, cursor)
        if start > cursor:
            pieces.append((article.body[cursor:start], None))
        pieces.append((article.body[start:claim.end], claim))
        cursor = claim.end
    if cursor < len(article.body):
        pieces.append((article.body[cursor:], None))
    return pieces


# --- REST API v1 reads ---


def _count_of(model, **filters):
    """A correlated COUNT subquery: counts on two relations without multiplying joined rows."""
    rows = model.objects.filter(claim=OuterRef("pk"), **filters).order_by().values("claim")
    return Subquery(rows.annotate(n=Func("pk", function="COUNT")).values("n"), output_field=IntegerField())


def claim_list():
    """Claims with their verdict and evidence counts, in a constant number of queries per page."""
    return Claim.objects.annotate(
        verdict_count=Coalesce(_count_of(Verdict), 0),
        evidence_count=Coalesce(_count_of(Evidence), 0),
    )


def verdict_list(verdicts):
    """Verdicts ready to serialize: reviewer and rating joined, never one query per row."""
    return verdicts.select_related("reviewer", "rating")


def evidence_list():
    """Evidence ready to serialize, with who added it."""
    return Evidence.objects.select_related("added_by")


# --- Review queue ---

QUEUE_ORDER = ("-checkworthiness", "article_id", "start", "pk")
QUEUE_STATUSES = (Claim.Status.OPEN, Claim.Status.IN_REVIEW, Claim.Status.DISAGREEMENT, Claim.Status.RETURNED)


def review_queue_for(user, *, article=None, status=None, claim_type=None):
    """The claims waiting for this reviewer, most check-worthy first.

    Boilerplate, dismissed and published claims are not work; a claim the
    reviewer already gave a verdict on has left their queue.
    """
    claims = (
        Claim.objects.filter(kind=Claim.Kind.CLAIM, status__in=QUEUE_STATUSES)
        .exclude(verdicts__reviewer=user)
        .select_related("article")
        .defer("article__body")
        .order_by(*QUEUE_ORDER)
    )
    if article:
        claims = claims.filter(article_id=article)
    if status:
        claims = claims.filter(status=status)
    if claim_type:
        claims = claims.filter(claim_type=claim_type)
    return claims


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


# --- The same claim across articles ---


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
