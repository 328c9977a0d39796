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
- ``itemReviewed.author`` is a ``Person`` or an ``Organization`` as the
  editor recorded (``FactCheck.claimant_kind``); a claimant whose kind is not
  recorded is left out rather than given a type that may be wrong.
- ``itemReviewed.datePublished`` is the date the editor recorded for the
  claim, else the earliest publication date of an article it appears in.

``problems`` checks a ClaimReview against what Google's fact-check tools need
(errors: publishing is refused) and recommend (warnings), each with its fix;
``preview`` builds the ClaimReview a decision would publish, before it is saved.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify

from annotations import selectors
from annotations.models import Claim, FactCheck
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
        summary=factcheck.summary, claimant=factcheck.claimant, claimant_kind=factcheck.claimant_kind,
        claim_date=factcheck.claim_date, rating_label=rating.label,
        rating_value=rating.value, best_rating=rating.scale.best_value, worst_rating=rating.scale.worst_value,
        published_at=factcheck.published_at, first_published_at=factcheck.first_published_at,
        appearances=[Appearance(a.title, a.url, a.published_on) for a in selectors.factcheck_appearances(factcheck)],
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


def claim_date(item: PublishedItem) -> dt.date | None:
    """The date the editor recorded, else the earliest known appearance (the claim was made no later)."""
    dates = [article.published_on for article in item.appearances if article.published_on]
    return item.claim_date or (min(dates) if dates else None)


def item_reviewed(item: PublishedItem) -> dict:
    data = {"@type": "Claim"}
    if item.claimant and item.claimant_kind:
        data["author"] = {"@type": item.claimant_kind, "name": item.claimant}
    made_on = claim_date(item)
    if made_on:
        data["datePublished"] = made_on.isoformat()
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


# --- What a ClaimReview needs before it is published ---


@dataclass(frozen=True)
class Problem:
    """Something missing from a ClaimReview: where (its JSON-LD path), and what to do about it."""

    path: str
    fix: str
    required: bool


def problems(data: dict, *, claimant: str = "") -> list[Problem]:
    """What ``data`` (a ClaimReview) lacks: required by Google's fact-check tools (errors), or recommended.

    Required: ``url``, ``claimReviewed``, ``reviewRating.alternateName``, an
    ``itemReviewed.appearance`` with a ``url`` (where the claim was made, which
    Fact Check Explorer links to), and ``itemReviewed.datePublished`` (when).
    Recommended: who made the claim (``itemReviewed.author``, a person or an
    organisation), a ``ratingValue``, each appearance's URL and date, and the
    publisher's own URL. ``claimant``: a name the editor gave without its kind.
    """
    item, rating = data.get("itemReviewed", {}), data.get("reviewRating", {})
    appearances = item.get("appearance", [])
    found = []

    def need(path, fix, required=True):
        found.append(Problem(path, fix, required))

    if not data.get("claimReviewed"):
        need("claimReviewed", "The claim has no text.")
    if not rating.get("alternateName"):
        need("reviewRating.alternateName", "Choose the final rating.")
    if not any(a.get("url") for a in appearances):
        need("itemReviewed.appearance[].url",
             "No article the claim appears in has a URL: set the original article's URL in its details.")
    if not item.get("datePublished"):
        need("itemReviewed.datePublished", "The date the claim was made is unknown: set the article's publication "
             "date, or enter the date of the claim.")
    if claimant and "author" not in item:
        need("itemReviewed.author.@type", f"Say whether “{claimant}” is a person or an organisation.")
    elif "author" not in item:
        need("itemReviewed.author", "Who made the claim is not named: enter the claimant and whether it is a "
             "person or an organisation.", required=False)
    if rating.get("alternateName") and "ratingValue" not in rating:
        need("reviewRating.ratingValue", f"The rating “{rating['alternateName']}” has no place on the scale, so "
             "the ClaimReview carries its name only.", required=False)
    for article in appearances:
        if any(a.get("url") for a in appearances) and not article.get("url"):
            need("itemReviewed.appearance[].url", f"“{article.get('headline')}” has no URL; it is listed by its "
                 "headline only.", required=False)
        if not article.get("datePublished"):
            need("itemReviewed.appearance[].datePublished", f"“{article.get('headline')}” has no publication "
                 "date.", required=False)
    if "url" not in data.get("author", {}):
        need("author.url", "Set PUBLISHER_URL so the ClaimReview names your organisation's site.", required=False)
    return found


@dataclass(frozen=True)
class Preview:
    """The ClaimReview a decision would publish, and what it lacks."""

    data: dict
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def asks_for_article_details(self) -> bool:
        """Whether a fix lies in an article's details (its URL or date), so the panel links them."""
        return any(p.path.startswith(("itemReviewed.appearance", "itemReviewed.datePublished"))
                   for p in (*self.errors, *self.warnings))

    @property
    def claimant_kind(self) -> str:
        """The claimant's ``@type`` in words ("a person", "an organisation"), or ""."""
        author = self.data.get("itemReviewed", {}).get("author")
        return dict(FactCheck.ClaimantKind.choices).get(author["@type"], "").lower() if author else ""


def preview(claim: Claim, factcheck: FactCheck | None, *, rating, summary: str, claimant: str = "",
            claimant_kind: str = "", claim_date: dt.date | None = None) -> Preview:
    """The ClaimReview of ``claim`` with this decision (before anything is saved), and its problems.

    ``factcheck`` is the claim's stored one (its slug, first publication and
    the claims it covers), or None for a first decision.
    """
    articles = selectors.factcheck_appearances(factcheck) if factcheck else selectors.claim_appearances(claim)
    item = PublishedItem(
        slug=factcheck.slug if factcheck else (slugify(claim.text)[:80].strip("-") or "claim"),
        claim_text=claim.text, language=claim.article.language, summary=summary, claimant=claimant,
        claimant_kind=claimant_kind if claimant else "", claim_date=claim_date,
        rating_label=rating.label if rating else "", rating_value=rating.value if rating else None,
        best_rating=rating.scale.best_value if rating else 0, worst_rating=rating.scale.worst_value if rating else 0,
        published_at=None, first_published_at=factcheck.first_published_at if factcheck else None,
        appearances=[Appearance(a.title, a.url, a.published_on) for a in articles],
    )
    data = claimreview(item)
    found = problems(data, claimant=claimant)
    return Preview(data, [p for p in found if p.required], [p for p in found if not p.required])
