"""Published fact-checks: ClaimReview material for pages, the API, exports and webhooks."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from django.db.models import Prefetch

from annotations.models import (
    Article,
    Claim,
    ClaimFingerprint,
    Evidence,
    FactCheck,
    WebhookEndpoint,
)
from annotations.selectors.matching import claim_group_articles


def webhook_endpoint_list():
    return WebhookEndpoint.objects.filter(active=True)


def factcheck_for_claimreview(pk) -> FactCheck:
    """One fact-check with what its ClaimReview needs joined (webhook payloads)."""
    return (
        FactCheck.objects.select_related("rating__scale", "claim__article")
        .defer("claim__article__body").get(pk=pk)
    )


PUBLISHED_ORDER = ("published_at", "id")


def claim_appearances(claim: Claim) -> list[Article]:
    """Every article in which the claim appears: its own first, then the other
    articles of its group (the same claim linked or confirmed across articles).

    With ``factcheck_published_list``'s joins and prefetch this costs no query;
    on a claim loaded any other way it falls back to ``claim_group_articles``.
    """
    if not Claim.fingerprint.is_cached(claim):
        return claim_group_articles(claim)
    try:
        fingerprint = claim.fingerprint
    except ClaimFingerprint.DoesNotExist:
        return [claim.article]
    if fingerprint.group_id is None:
        return [claim.article]
    articles, seen = [claim.article], {claim.article_id}
    for member in fingerprint.group.members.all():
        if member.article_id not in seen:
            seen.add(member.article_id)
            articles.append(member.article)
    return articles


def factcheck_published():
    """Published fact-checks, in the feed's keyset order."""
    return FactCheck.objects.filter(published_at__isnull=False).order_by(*PUBLISHED_ORDER)


_APPEARANCE_ARTICLE_FIELDS = ("article__id", "article__title", "article__url", "article__published_on",
                               "article__source", "article__language")


def factcheck_published_list():
    """Published fact-checks with everything ClaimReview needs, in two queries however many: the fact-checks,
    and the claims each covers (more appearances; the groups' members come only when there are groups).

    Article bodies stay in the database: a body can be megabytes and
    ClaimReview never shows it.
    """
    return (
        factcheck_published()
        .select_related("rating__scale", "claim__article", "claim__fingerprint__group")
        .defer("claim__article__body", "claim__fingerprint__vector", "claim__fingerprint__features")
        .prefetch_related(
            Prefetch(
                "claim__fingerprint__group__members",
                queryset=ClaimFingerprint.objects.select_related("article").only(
                    "claim_id", "group_id", *_APPEARANCE_ARTICLE_FIELDS).order_by("article_id", "claim_id"),
            ),
            Prefetch(
                "covered_claims",
                queryset=Claim.objects.select_related("article").only(
                    "id", "covered_by_id", "article_id", *_APPEARANCE_ARTICLE_FIELDS).order_by("article_id", "id"),
            ),
        )
    )


def claims_covered_by(factcheck: FactCheck):
    """The twin claims an editor made appearances of this fact-check, with their articles."""
    return Claim.objects.filter(covered_by=factcheck).select_related("article").defer("article__body").order_by("pk")


def factcheck_appearances(factcheck: FactCheck) -> list[Article]:
    """Every article the fact-checked claim appears in: ``claim_appearances``, then the articles of the
    claims it covers (twins an editor applied it to), each article once."""
    articles = claim_appearances(factcheck.claim)
    seen = {article.pk for article in articles}
    for covered in factcheck.covered_claims.all():
        if covered.article_id not in seen:
            seen.add(covered.article_id)
            articles.append(covered.article)
    return articles


@dataclass(frozen=True, slots=True)
class Appearance:
    headline: str
    url: str
    published_on: dt.date | None


@dataclass(frozen=True, slots=True)
class PublishedItem:
    """The plain values one ClaimReview is made of, however they were read."""

    slug: str
    claim_text: str
    language: str
    summary: str
    claimant: str
    claimant_kind: str
    claim_date: dt.date | None
    rating_label: str
    rating_value: int | None
    best_rating: int
    worst_rating: int
    published_at: dt.datetime | None
    first_published_at: dt.datetime | None
    appearances: list[Appearance]


_ITEM_FIELDS = (
    "slug", "claim__text", "claim__article__language", "summary", "claimant", "claimant_kind", "claim_date",
    "rating__label", "rating__value", "rating__scale__best_value", "rating__scale__worst_value", "published_at",
    "first_published_at", "id", "claim__article_id", "claim__article__title", "claim__article__url",
    "claim__article__published_on", "claim__fingerprint__group_id",
)


def factcheck_published_items(factchecks, *, chunk_size: int = 1000) -> Iterator[PublishedItem]:
    """``factcheck_published()`` (filtered as you like) as plain values, for exports of any size.

    Rows come chunk_size at a time (a server-side cursor on PostgreSQL), with
    two more queries per chunk, for the articles of the claims' groups and of
    the claims each fact-check covers; nothing holds the whole set. Building
    model instances was most of an export's time. Appearances are those of
    ``factcheck_appearances``: the claim's own article, the other articles of
    its group, then those of the claims it covers.
    """
    rows = factchecks.values_list(*_ITEM_FIELDS).iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        members = _group_articles({row[-1] for row in chunk if row[-1] is not None})
        covered = _covered_articles([row[-6] for row in chunk])
        for (*values, factcheck_id, article_id, title, url, published_on, group_id) in chunk:
            appearances, seen = [Appearance(title, url, published_on)], {article_id}
            for member_article_id, appearance in (*members.get(group_id, ()), *covered.get(factcheck_id, ())):
                if member_article_id not in seen:
                    seen.add(member_article_id)
                    appearances.append(appearance)
            yield PublishedItem(*values, appearances=appearances)


def _covered_articles(factcheck_ids: list[int]) -> dict[int, list[tuple[int, Appearance]]]:
    covered = defaultdict(list)
    rows = (
        Claim.objects.filter(covered_by_id__in=factcheck_ids).order_by("article_id", "id")
        .values_list("covered_by_id", "article_id", "article__title", "article__url", "article__published_on")
    )
    for factcheck_id, article_id, title, url, published_on in rows:
        covered[factcheck_id].append((article_id, Appearance(title, url, published_on)))
    return covered


def _group_articles(group_ids: set[int]) -> dict[int, list[tuple[int, Appearance]]]:
    members = defaultdict(list)
    rows = (
        ClaimFingerprint.objects.filter(group_id__in=group_ids).order_by("article_id", "claim_id")
        .values_list("group_id", "article_id", "article__title", "article__url", "article__published_on")
    )
    for group_id, article_id, title, url, published_on in rows:
        members[group_id].append((article_id, Appearance(title, url, published_on)))
    return members


def factcheck_public_get(slug: str) -> FactCheck:
    """A published fact-check with its evidence (retracted pieces left out), for its public page;
    ``DoesNotExist`` otherwise."""
    evidence = Prefetch("claim__evidence", queryset=Evidence.objects.standing().order_by("created_at", "id"))
    return factcheck_published_list().prefetch_related(evidence).get(slug=slug)
