"""Who made each claim and when, as its article says: read with the split, kept on the claim.

The pure packages read the text: ``annotations.attribution`` (the claimant, its
kind, the mention it came from, the author's own statements),
``annotations.temporal`` (date mentions resolved against the article's
publication date, TIMEX3 values) and ``annotations.matching.suggest`` (whether
a claim is its article's headline, which the matches panel needs of every
claim it shows). This module turns their output into the claim's fact fields
(``models.FACT_FIELDS``) and the ``ClaimDate`` rows the date filters search.

Facts are the pipeline's suggestions, never a decision: they are recomputed on
every claim of the article, reviewer work or not, whenever the article is
split, its publication date or publisher changes (``article_update``), a
person corrects a span, or ``ATTRIBUTION_VERSION``/``TEMPORAL_VERSION`` change
(``articles_facts_refresh_stale``). They never change a status, a verdict or a
fact-check: the editor's claimant and claim date are prefilled from them and
stored on the ``FactCheck`` as the editor leaves them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.db import transaction

from annotations import selectors
from annotations.attribution import ATTRIBUTION_VERSION, attribute, claimant_key
from annotations.matching.suggest import headline_flags
from annotations.models import FACT_FIELDS, Article, Claim, ClaimDate
from annotations.temporal import TEMPORAL_VERSION, find_dates

# What the panel quotes of the mention the claimant came from: "Kim made the remarks during a…".
EXCERPT_WORDS = 4
EXCERPT_CHARS = Claim._meta.get_field("claimant_excerpt").max_length - 1
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # month 14: February of the next year


def article_facts(body: str, spans: Sequence[tuple[int, int]], *, published_on: dt.date | None,
                  publisher: str = "", headline_spans: Iterable[tuple[int, int]] | None = None) -> list[dict]:
    """The fact fields of each claim span of one article, in the order given; no database.

    ``headline_spans``: the spans among which the headline is looked for (the claims a reader is shown:
    dismissed ones left out); every span by default.
    """
    if not spans:
        return []
    attributions = attribute(body, list(spans), publisher=publisher)
    timexes = find_dates(body, dct=published_on)
    starts = [timex.start for timex in timexes]
    candidates = list(spans if headline_spans is None else headline_spans)
    headlines = dict(zip(candidates, headline_flags(body, candidates), strict=True))
    facts = []
    for (start, end), found in zip(spans, attributions, strict=True):
        first = bisect.bisect_left(starts, start)
        dates = [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod}
            for t in timexes[first:bisect.bisect_left(starts, end)] if t.end <= end
        ]
        evidence = [list(span) for span in found.evidence] or (
            [[found.evidence_start, found.evidence_end]] if found.evidence_start is not None else [])
        facts.append({
            "claimant": found.claimant[:300], "claimant_key": claimant_key(found.claimant)[:300],
            "claimant_kind": found.kind, "claimant_own": found.own, "claimant_via": found.via[:300],
            "claimant_evidence": evidence,
            "claimant_excerpt": _excerpt(body, evidence[0][0]) if evidence else "",
            "dates": dates, "dates_anchor": published_on, "is_headline": headlines.get((start, end), False),
            "attribution_version": ATTRIBUTION_VERSION, "temporal_version": TEMPORAL_VERSION,
        })
    return facts


def _excerpt(body: str, start: int) -> str:
    line = body[start:start + 4 * EXCERPT_CHARS].split("\n", 1)[0]
    words = line.split()
    text = " ".join(words[:EXCERPT_WORDS])
    if len(words) > EXCERPT_WORDS or len(text) > EXCERPT_CHARS:
        text = text[:EXCERPT_CHARS].rstrip(" ,;:") + "…"
    return text


def apply_facts(claim: Claim, facts: dict) -> bool:
    """Copy ``facts`` onto the claim; True if anything changed (the caller writes it)."""
    changed = any(getattr(claim, field) != facts[field] for field in FACT_FIELDS)
    for field in FACT_FIELDS:
        setattr(claim, field, facts[field])
    return changed


def date_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last calendar day of a TIMEX3 date value, or None for one that places nothing on the
    calendar (a duration, a set, "PRESENT_REF", an unresolved mention)."""
    if not value:
        return None
    try:
        return _date_range(value)
    except ValueError:  # a value out of the calendar ("2025-02-30" never comes, but a rule may change)
        return None


def _date_range(value: str) -> tuple[dt.date, dt.date] | None:
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value):
        day = dt.date(*map(int, m.groups()))
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return _months(int(m[1]), int(m[2]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})", value):
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        first = monday + dt.timedelta(days=5) if m[3] else monday
        return first, monday + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return _months(int(m[1]), 3 * int(m[2]) - 2, 3 * int(m[2]))
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        return _months(int(m[1]), 6 * int(m[2]) - 5, 6 * int(m[2]))
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return _months(int(m[1]), *_SEASONS[m[2]])
    if m := re.fullmatch(r"(\d{3})", value):  # a decade: "199" is the 1990s
        return dt.date(int(m[1]) * 10, 1, 1), dt.date(int(m[1]) * 10 + 9, 12, 31)
    if m := re.fullmatch(r"(\d\d)", value):  # a century: "19" is 1900-1999
        return dt.date(int(m[1]) * 100, 1, 1), dt.date(int(m[1]) * 100 + 99, 12, 31)
    return None


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    following = dt.date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return dt.date(year, first, 1), following - dt.timedelta(days=1)


def date_rows(claim: Claim) -> list[ClaimDate]:
    """The ClaimDate rows of a saved claim: one per distinct calendar stretch its dates name."""
    days = {date_range(mention.get("value")) for mention in claim.dates}
    return [ClaimDate(claim_id=claim.pk, first_day=first, last_day=last) for first, last in sorted(days - {None})]


def claim_dates_replace(claims: Sequence[Claim], *, fresh: bool = False) -> None:
    """Write the ClaimDate rows of these saved claims (``fresh``: they have none yet), in two statements."""
    if not claims:
        return
    if not fresh:
        ClaimDate.objects.filter(claim_id__in=[claim.pk for claim in claims]).delete()
    ClaimDate.objects.bulk_create([row for claim in claims for row in date_rows(claim)], batch_size=1000)


def fact_spans(claims: Sequence[Claim]) -> tuple[list[Claim], list[tuple[int, int]]]:
    """The claims that get facts (page chrome gets none), and the spans a headline is looked for among."""
    kept = [claim for claim in claims if claim.kind == Claim.Kind.CLAIM]
    shown = [(claim.start, claim.end) for claim in kept if claim.status != Claim.Status.DISMISSED]
    return kept, shown


def claims_facts_compute(body: str, claims: Sequence[Claim], *, published_on, publisher: str) -> list[Claim]:
    """Set the facts of an article's claims in memory; the claims whose facts changed."""
    kept, shown = fact_spans(claims)
    facts = article_facts(body, [(claim.start, claim.end) for claim in kept], published_on=published_on,
                          publisher=publisher, headline_spans=shown)
    return [claim for claim, found in zip(kept, facts, strict=True) if apply_facts(claim, found)]


def article_facts_refresh(*, article_id: int) -> int:
    """Recompute the facts of every claim of one article and write those that changed; returns how many.

    For a publication date or publisher that changed, a corrected span, a new
    attribution or temporal version. Idempotent: a second run writes nothing.
    """
    with transaction.atomic():
        article = (Article.objects.select_for_update().only("pk", "body", "published_on", "source")
                   .filter(pk=article_id).first())
        if article is None:
            return 0
        claims = list(Claim.objects.filter(article_id=article_id).order_by("start", "end"))
        changed = claims_facts_compute(article.body, claims, published_on=article.published_on,
                                       publisher=article.source)
        if changed:
            Claim.objects.bulk_update(changed, FACT_FIELDS, batch_size=500)
            claim_dates_replace(changed)
    return len(changed)


def articles_facts_refresh_stale(*, limit: int | None = None) -> int:
    """Refresh the facts of the articles ``selectors.article_ids_with_stale_facts`` finds, one transaction
    each; returns how many.

    Run it until it returns 0 after deploying a new attribution or temporal
    version (``python manage.py refresh_claim_facts``); it can be stopped and resumed.
    """
    article_ids = selectors.article_ids_with_stale_facts()[:limit]
    for article_id in article_ids:
        article_facts_refresh(article_id=article_id)
    return len(article_ids)


def article_facts_refresh_on_commit(article_id: int) -> None:
    """``article_facts_refresh`` once the caller's transaction commits (a person corrected a span): the
    correction never waits on the article's lock, and the facts follow within the same request."""
    transaction.on_commit(lambda: article_facts_refresh(article_id=article_id))
