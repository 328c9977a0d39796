"""Reads of articles: lists with counts, the article page, split progress."""

from dataclasses import dataclass

from django.db.models import Count, Q

from annotations.attribution import ATTRIBUTION_VERSION
from annotations.matching import MATCHER_VERSION
from annotations.models import (
    Article,
    ArticleFetch,
    Claim,
    ClaimFingerprint,
    content_hash_of,
)
from annotations.temporal import TEMPORAL_VERSION


def article_get(pk) -> Article:
    return Article.objects.get(pk=pk)


def article_with_text(body: str) -> Article | None:
    """The article imported with exactly this text, if any (duplicates are refused)."""
    return Article.objects.filter(content_hash=content_hash_of(body)).defer("body").first()


def articles_pending_split() -> bool:
    """Whether any article is still queued or splitting (the home page refreshes while one is).

    A failed split is finished: it shows its reason and waits for a person, not for a refresh.
    """
    return Article.objects.filter(
        split_state__in=(Article.SplitState.QUEUED, Article.SplitState.SPLITTING)).exists()


def article_ids_split() -> list[int]:
    return list(Article.objects.filter(split_state=Article.SplitState.DONE).order_by("pk").values_list("pk", flat=True))


def article_ids_linked_by_old_matcher() -> list[int]:
    """Articles whose stored fingerprints another matcher version made."""
    return list(
        ClaimFingerprint.objects.exclude(matcher_version=MATCHER_VERSION)
        .values_list("article_id", flat=True).distinct().order_by("article_id")
    )


def article_ids_with_stale_facts() -> list[int]:
    """Articles with a claim whose facts (claimant, dates) an older reader made, or none (split before
    facts existed); page chrome gets none, so it never counts."""
    stale = Claim.objects.filter(kind=Claim.Kind.CLAIM).filter(
        ~Q(attribution_version=ATTRIBUTION_VERSION) | ~Q(temporal_version=TEMPORAL_VERSION))
    return list(stale.values_list("article_id", flat=True).distinct().order_by("article_id"))


@dataclass(frozen=True)
class SplitProgress:
    done: int
    failed: int
    claims: int
    errors: list[tuple[int, str]]


def split_progress(article_ids: list[int]) -> SplitProgress:
    """How far the split of these articles got: done, failed (with the reasons), claims made."""
    states = dict(
        Article.objects.filter(pk__in=article_ids).values("split_state").annotate(n=Count("pk"))
        .values_list("split_state", "n")
    )
    failed = list(Article.objects.filter(pk__in=article_ids, split_state=Article.SplitState.FAILED)
                  .values_list("pk", "split_error"))
    claims = Claim.objects.filter(
        article_id__in=article_ids, article__split_state=Article.SplitState.DONE, kind=Claim.Kind.CLAIM
    ).count()
    return SplitProgress(done=states.get(Article.SplitState.DONE, 0), failed=len(failed), claims=claims,
                         errors=failed)


def article_title_get(pk):
    """The article with this id, by its title only, or None (filters name the article they show)."""
    return Article.objects.only("pk", "title").filter(pk=pk).first()


def articles_split_list():
    """Split articles, by title only (pickers and filters)."""
    return Article.objects.filter(split_state=Article.SplitState.DONE).only("pk", "title")


def article_claims(article: Article):
    """The article's claims in reading order, with their assignees (the article page)."""
    return article.claims.select_related("assignee")


def article_list():
    return Article.objects.defer("body").annotate(
        claim_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM)),
        checkworthy_count=Count("claims", filter=Q(claims__kind=Claim.Kind.CLAIM, claims__checkworthy=True)),
    )


# The API's articles order; index ``article_created_id`` walks it.
ARTICLE_ORDER = ("-created_at", "-id")


def article_rows():
    """Articles without their bodies or counts, in the list's order: what a page is cut from.

    The counts come after, for the page's articles only (``article_counts_attach``):
    counted in the paged query, every page grouped all the claims of the archive
    (1.8 million at a newsroom's size) before cutting 100 articles out of it.
    """
    return Article.objects.defer("body").order_by(*ARTICLE_ORDER)


def article_counts_attach(articles: list[Article]) -> list[Article]:
    """Set ``claim_count`` and ``checkworthy_count`` (as ``article_list`` annotates them) on these articles.

    One query over the claims of these articles only, whatever the size of the archive.
    """
    counts = dict.fromkeys((article.pk for article in articles), (0, 0))
    rows = (
        Claim.objects.filter(article_id__in=list(counts), kind=Claim.Kind.CLAIM).order_by().values("article_id")
        .annotate(n=Count("pk"), checkworthy=Count("pk", filter=Q(checkworthy=True)))
        .values_list("article_id", "n", "checkworthy")
    )
    for article_id, n, checkworthy in rows:
        counts[article_id] = (n, checkworthy)
    for article in articles:
        article.claim_count, article.checkworthy_count = counts[article.pk]
    return articles


def article_segments(article: Article):
    """The body cut into (text, claim-or-None) pieces, in order, for highlighting.

    Overlapping claims (a person's span over a machine one) would nest; the
    later one is shown only from where the earlier ends.
    """
    pieces, cursor = [], 0
    # What the highlights and their names show, not each claim's facts and search document.
    shown = article.claims.only(
        "article_id", "start", "end", "kind", "status", "checkworthy", "checkworthiness", "claim_type")
    for claim in shown:
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


def article_detail_get(pk) -> Article:
    """One article with its claim counts, body and importer."""
    return article_list().defer(None).select_related("created_by").get(pk=pk)


def article_fetch_get(pk) -> ArticleFetch:
    """A fetch of a URL with the article it led to (its body left in the database)."""
    return ArticleFetch.objects.select_related("article").defer("article__body").get(pk=pk)
