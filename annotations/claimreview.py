"""schema.org ClaimReview JSON-LD from a FactCheck: pure dict building, no queries.

Feed it fact-checks from ``selectors.factcheck_published_list()`` (rating,
scale, claim and article joined), so building any number costs one query, or,
for an export of any size, the plain values of ``selectors.factcheck_published_items``.

Choices where schema.org and Google's guidance leave room:
- ``datePublished`` is when the fact-check was *first* published; a later
  republication (after a correction) shows as ``dateModified``.
- A rating off the ordinal scale (Unverifiable) has no ``ratingValue``; it
  then carries no ``bestRating``/``worstRating`` either, because bounds
  without a value would claim a position on the scale it does not have. Its
  ``alternateName`` (the label) says everything.
- The claimant's kind (person or organisation) is not recorded, so
  ``itemReviewed.author`` is a ``Person`` with that name, Google's example.
"""

import json
import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse

from annotations import selectors
from annotations.models import FactCheck
from annotations.selectors import Appearance, PublishedItem

CONTEXT = "https://schema.org"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def publisher() -> dict:
    organisation = {"@type": "Organization", "name": settings.PUBLISHER_NAME}
    if settings.PUBLISHER_URL:
        organisation["url"] = settings.PUBLISHER_URL
    return organisation


def published(factcheck: FactCheck) -> PublishedItem:
    """A fact-check loaded by ``selectors.factcheck_published_list`` (or any other way, at more queries)."""
    rating = factcheck.rating
    return PublishedItem(
        slug=factcheck.slug, claim_text=factcheck.claim.text, language=factcheck.claim.article.language,
        summary=factcheck.summary, claimant=factcheck.claimant, rating_label=rating.label,
        rating_value=rating.value, best_rating=rating.scale.best_value, worst_rating=rating.scale.worst_value,
        published_at=factcheck.published_at, first_published_at=factcheck.first_published_at,
        appearances=[Appearance(a.title, a.url, a.published_on)
                     for a in selectors.claim_appearances(factcheck.claim)],
    )


def review_rating(item: PublishedItem) -> dict:
    data = {"@type": "Rating", "alternateName": item.rating_label}
    if item.rating_value is not None:
        data["ratingValue"] = item.rating_value
        data["bestRating"] = item.best_rating
        data["worstRating"] = item.worst_rating
    return data


def appearance(article: Appearance) -> dict:
    data = {"@type": "Article", "headline": article.headline}
    # Pasted articles may have no URL; a headline alone still says where the claim appeared.
    if article.url:
        data["url"] = article.url
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    return data


def item_reviewed(item: PublishedItem) -> dict:
    data = {"@type": "Claim"}
    if item.claimant:
        data["author"] = {"@type": "Person", "name": item.claimant}
    dates = [article.published_on for article in item.appearances if article.published_on]
    if dates:
        # The claim was made no later than its earliest known appearance.
        data["datePublished"] = min(dates).isoformat()
    data["appearance"] = [appearance(article) for article in item.appearances]
    return data


def factcheck_url(slug: str) -> str:
    if not _PLAIN_SLUG.fullmatch(slug):
        return absolute_url(reverse("factcheck-public", args=[slug]))
    return absolute_url(_factcheck_path_template(get_script_prefix()).replace(_SLOT, slug))


@lru_cache(maxsize=8)
def _factcheck_path_template(script_prefix: str) -> str:
    # reverse() was a tenth of an export's time when called per item; a slug of
    # plain characters lands in its path as it is, so the path is reversed once
    # (per script prefix, which reverse() reads) with a stand-in.
    return reverse("factcheck-public", args=[_SLOT])


_SLOT = "slot-for-the-slug"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def claimreview(factcheck: FactCheck | PublishedItem) -> dict:
    """The ClaimReview JSON-LD of one fact-check (published now, or once for an unpublish event)."""
    item = factcheck if isinstance(factcheck, PublishedItem) else published(factcheck)
    first = item.first_published_at or item.published_at
    data = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": factcheck_url(item.slug),
        "claimReviewed": item.claim_text,
        "author": publisher(),
        "reviewRating": review_rating(item),
        "reviewBody": item.summary,
        "itemReviewed": item_reviewed(item),
        "inLanguage": item.language,
    }
    if first:
        data["datePublished"] = first.isoformat(timespec="seconds")
    if item.published_at and first and item.published_at != first:
        data["dateModified"] = item.published_at.isoformat(timespec="seconds")
    return data


# A "</script>" or "<!--" inside any text would end or confuse the script
# element; JSON allows these escapes anywhere in a string, so the data is unchanged.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(data: dict) -> str:
    """JSON safe to place between ``<script type="application/ld+json">`` tags."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
