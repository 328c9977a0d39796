"""schema.org ClaimReview JSON-LD from a FactCheck: pure dict building, no queries.

Feed it fact-checks from ``selectors.factcheck_published_list()`` (rating,
scale, claim and article joined), so building any number costs one query.

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

from django.conf import settings

from annotations import selectors
from annotations.models import Article, FactCheck

CONTEXT = "https://schema.org"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def publisher() -> dict:
    organisation = {"@type": "Organization", "name": settings.PUBLISHER_NAME}
    if settings.PUBLISHER_URL:
        organisation["url"] = settings.PUBLISHER_URL
    return organisation


def review_rating(factcheck: FactCheck) -> dict:
    rating = factcheck.rating
    data = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        data["ratingValue"] = rating.value
        data["bestRating"] = rating.scale.best_value
        data["worstRating"] = rating.scale.worst_value
    return data


def appearance(article: Article) -> dict:
    data = {"@type": "Article", "headline": article.title}
    # Pasted articles may have no URL; a headline alone still says where the claim appeared.
    if article.url:
        data["url"] = article.url
    if article.published_on:
        data["datePublished"] = article.published_on.isoformat()
    return data


def item_reviewed(factcheck: FactCheck) -> dict:
    articles = selectors.claim_appearances(factcheck.claim)
    data = {"@type": "Claim"}
    if factcheck.claimant:
        data["author"] = {"@type": "Person", "name": factcheck.claimant}
    dates = [article.published_on for article in articles if article.published_on]
    if dates:
        # The claim was made no later than its earliest known appearance.
        data["datePublished"] = min(dates).isoformat()
    data["appearance"] = [appearance(article) for article in articles]
    return data


def claimreview(factcheck: FactCheck) -> dict:
    """The ClaimReview JSON-LD of one fact-check (published now, or once for an unpublish event)."""
    first = factcheck.first_published_at or factcheck.published_at
    data = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": absolute_url(factcheck.get_absolute_url()),
        "claimReviewed": factcheck.claim.text,
        "author": publisher(),
        "reviewRating": review_rating(factcheck),
        "reviewBody": factcheck.summary,
        "itemReviewed": item_reviewed(factcheck),
        "inLanguage": factcheck.claim.article.language,
    }
    if first:
        data["datePublished"] = first.isoformat(timespec="seconds")
    if factcheck.published_at and first and factcheck.published_at != first:
        data["dateModified"] = factcheck.published_at.isoformat(timespec="seconds")
    return data


# A "</script>" or "<!--" inside any text would end or confuse the script
# element; JSON allows these escapes anywhere in a string, so the data is unchanged.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(data: dict) -> str:
    """JSON safe to place between ``<script type="application/ld+json">`` tags."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
