"""Full-text search over claims, articles and published fact-checks, ranked, with the matches marked.

One query language on both databases, the one web search engines taught
everyone (PostgreSQL's ``websearch_to_tsquery``): words must all appear
(stemmed: "rises" finds "rise"), ``"a phrase"`` in quotes, ``or`` between
alternatives, ``-word`` to leave out; common words ("the", "is") are ignored.
A query may also be built from a text's words (``Terms``): ``any_words``
(any of them) or ``key_word_pairs`` (any two of its most telling words: the
"Checked before?" lookup of a claim among the published fact-checks).

PostgreSQL reads the stored ``search_document`` columns through their GIN
indexes and ranks with ``ts_rank``; SQLite reads the FTS5 tables of
``annotations.fulltext`` and ranks with ``bm25``. Where more than COUNT_CAP
rows match, the best of the COUNT_CAP newest are shown: ranking every claim
that holds a common word costs a read of each. Matches are marked by the
database (``ts_headline``, FTS5 ``highlight``) between control characters that
``marked`` turns into ``<mark>`` after escaping the text, so no markup in an
article ever reaches a page.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import DateField, Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from annotations.fulltext import FTS_COLUMNS, fts_table
from annotations.models import SEARCH_CONFIG, Article, Claim, FactCheck

KINDS = ("claims", "articles", "factchecks")
PER_PAGE = 20
MAX_PAGE = 50
# Counts stop here: counting every match of a common word in a million claims
# costs more than the page itself, and nobody reads past "1,000+".
COUNT_CAP = 1000
ANY_WORD_LIMIT = 24
KEY_WORDS = 8
_START, _STOP = "\x02", "\x03"

# PostgreSQL's English stop words (tsearch_data/english.stop): ignored by both databases.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
it its itself they them their theirs themselves what which who whom this that these those am is are was were be
been being have has had having do does did doing a an the and but if or because as until while of at by for with
about against between into through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some such no nor not only own
same so than too very s t can will just don should now
""".split())
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Letters and digits: an apostrophe or a hyphen splits a word, as both databases' parsers split it.
# A decimal number stays whole: PostgreSQL's parser keeps "4.1" as one word.
_WORD = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")


@dataclass(frozen=True)
class SearchFilters:
    status: str = ""  # a claim status (fact-checks are the published claims)
    rating: str = ""  # a rating slug: the published fact-check's final rating
    date_from: dt.date | None = None  # the article's publication date (else the day it was added); a fact-check's
    date_to: dt.date | None = None
    article: int | None = None
    reviewer: int | None = None  # someone with a verdict on the claim, among the verdicts the reader may see
    exclude_claim: int | None = None  # "Checked before?" leaves out the claim it asks about


@dataclass(frozen=True)
class Hit:
    item: Claim | Article | FactCheck
    snippet: SafeString  # the matched text, escaped, matches in <mark>
    extra: SafeString = field(default_factory=lambda: mark_safe(""))  # a second marked text (a fact-check's summary)


@dataclass(frozen=True)
class ResultPage:
    kind: str
    hits: list[Hit]
    count: int
    count_capped: bool  # ``count`` is COUNT_CAP and there are more: the best of the COUNT_CAP newest are shown
    page: int
    has_next: bool


@dataclass(frozen=True)
class Terms:
    """A query made from a text's words rather than typed: any of the groups, each group's words all present."""

    groups: tuple[tuple[str, ...], ...]


# --- The query language ---


def words(text: str) -> list[str]:
    """The words of a text that a search can use: lowercased, common words left out, in order, once each."""
    seen = []
    for word in _WORD.findall(text.lower()):
        if word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return seen


def any_words(text: str) -> Terms:
    """Any of the text's words (the first ANY_WORD_LIMIT of them)."""
    return Terms(tuple((word,) for word in words(text)[:ANY_WORD_LIMIT]))


def key_words(text: str) -> list[str]:
    """The text's most telling words, at most KEY_WORDS: numbers, then names, then the longest words."""
    names = {w.lower() for w in re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][^\W_]+", text.strip())}

    def weight(item):
        position, word = item
        return (any(ch.isdigit() for ch in word), word in names, len(word), -position)

    # A lone letter ("m" of "I'm") tells nothing; a lone digit may ("5 %").
    telling = [(i, w) for i, w in enumerate(words(text)) if len(w) > 1 or w.isdigit()]
    ranked = sorted(telling, key=weight, reverse=True)[:KEY_WORDS]
    return [word for _, word in sorted(ranked)]


def key_word_pairs(text: str) -> Terms:
    """Any two of the text's key words: what a published fact-check of the same claim shares with it.

    Any single word would match most fact-checks; all of them, hardly any
    other telling of the claim. A text with fewer than three key words needs all of them.
    """
    chosen = key_words(text)
    if len(chosen) < 3:
        return Terms((tuple(chosen),) if chosen else ())
    return Terms(tuple(itertools.combinations(chosen, 2)))


@dataclass(frozen=True)
class _Parsed:
    groups: list[list[list[str]]]  # alternatives (or) of required terms; a term is a word or a phrase's words
    excluded: list[list[str]]


def _parse(text: str | Terms) -> _Parsed:
    if isinstance(text, Terms):
        return _Parsed([[[word] for word in group] for group in text.groups if group], [])
    groups, current, excluded = [], [], []
    for negated, phrase, bare in _TOKEN.findall(text):
        if bare and bare.lower() == "or":
            if current:
                groups.append(current)
                current = []
            continue
        if bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        term = [w for w in _WORD.findall((phrase or bare).lower()) if phrase or w not in STOP_WORDS]
        if term:
            (excluded if negated else current).append(term)
    if current:
        groups.append(current)
    return _Parsed(groups, excluded)


def _fts5_term(term: list[str]) -> str:
    # Each word a quoted FTS5 string: nothing a person types is read as FTS5 syntax.
    return '"' + " ".join(word.replace('"', '""') for word in term) + '"'


def fts5_query(text: str | Terms) -> str:
    """The websearch-style query as an FTS5 MATCH expression ("" when nothing searchable is left)."""
    parsed = _parse(text)
    if not parsed.groups:
        return ""
    alternatives = " OR ".join("(" + " AND ".join(_fts5_term(t) for t in group) + ")" for group in parsed.groups)
    if parsed.excluded:
        return f"({alternatives}) NOT ({' OR '.join(_fts5_term(t) for t in parsed.excluded)})"
    return alternatives


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_query(text: str | Terms) -> SearchQuery:
    """``websearch_to_tsquery`` for typed text; ``to_tsquery`` of ``(a & b) | (c & d)`` for Terms.

    One query string, not SearchQuery objects combined: Django copies a tree of
    28 combined queries at every step of building a query, which cost 200 ms
    a search. Only words (letters, digits, a decimal number) reach the string,
    so nothing in it is read as tsquery syntax.
    """
    if isinstance(text, str):
        return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    groups = [[word for word in group if _WORD.fullmatch(word)] for group in text.groups]
    raw = " | ".join("(" + " & ".join(group) + ")" for group in groups if group)
    return SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")


def _searchable(text: str | Terms) -> bool:
    return bool(_parse(text).groups)


# --- Matching (the API's ?q= uses these alone) ---


def _fts_ids(table: str, match: str) -> RawSQL:
    fts = fts_table(table)
    return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])


def claims_matching(claims: QuerySet, text: str | Terms) -> QuerySet:
    """The claims whose text matches ``text`` (the query language above); none for an empty query."""
    if not _searchable(text):
        return claims.none()
    if _is_postgres():
        return claims.filter(search_document=_pg_query(text))
    return claims.filter(pk__in=_fts_ids("annotations_claim", fts5_query(text)))


def articles_matching(articles: QuerySet, text: str | Terms) -> QuerySet:
    """Articles whose title, publisher or author match."""
    if not _searchable(text):
        return articles.none()
    if _is_postgres():
        return articles.filter(search_document=_pg_query(text))
    return articles.filter(pk__in=_fts_ids("annotations_article", fts5_query(text)))


def factchecks_matching(factchecks: QuerySet, text: str | Terms) -> QuerySet:
    """Fact-checks whose claim, summary or claimant match."""
    if not _searchable(text):
        return factchecks.none()
    if _is_postgres():
        query = _pg_query(text)
        # Both sides from an index, as one set of ids: the claim through the published claims' own
        # (partial) index, a fact-check being public only while its claim is published; an OR of the
        # two conditions would test the query against every published fact-check in turn.
        claims = Claim.objects.filter(status=Claim.Status.PUBLISHED, search_document=query).values("pk")
        ids = FactCheck.objects.filter(claim_id__in=claims).values("pk").union(
            FactCheck.objects.filter(search_document=query).values("pk"))
        return factchecks.filter(pk__in=ids)
    match = fts5_query(text)
    return factchecks.filter(
        Q(claim_id__in=_fts_ids("annotations_claim", match)) | Q(pk__in=_fts_ids("annotations_factcheck", match))
    )


# --- Filters ---


def _article_day(prefix: str = ""):
    return Coalesce(F(f"{prefix}published_on"), TruncDate(f"{prefix}created_at"), output_field=DateField())


def _with_verdict_by(reviewer: int, visible_verdicts, claim_ref: str = "pk") -> Exists:
    return Exists(visible_verdicts.filter(claim=OuterRef(claim_ref), reviewer_id=reviewer))


def _filtered_claims(filters: SearchFilters, visible_verdicts) -> QuerySet:
    claims = Claim.objects.filter(kind=Claim.Kind.CLAIM)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if filters.rating:
        claims = claims.filter(factcheck__published_at__isnull=False, factcheck__rating__slug=filters.rating)
    if filters.article:
        claims = claims.filter(article_id=filters.article)
    if filters.reviewer:
        claims = claims.filter(_with_verdict_by(filters.reviewer, visible_verdicts))
    if filters.date_from or filters.date_to:
        claims = claims.annotate(article_day=_article_day("article__"))
        if filters.date_from:
            claims = claims.filter(article_day__gte=filters.date_from)
        if filters.date_to:
            claims = claims.filter(article_day__lte=filters.date_to)
    if filters.exclude_claim:
        claims = claims.exclude(pk=filters.exclude_claim)
    return claims


def _filtered_articles(filters: SearchFilters, visible_verdicts) -> QuerySet:
    articles = Article.objects.defer("body")
    if filters.article:
        articles = articles.filter(pk=filters.article)
    if filters.date_from or filters.date_to:
        articles = articles.annotate(article_day=_article_day())
        if filters.date_from:
            articles = articles.filter(article_day__gte=filters.date_from)
        if filters.date_to:
            articles = articles.filter(article_day__lte=filters.date_to)
    if filters.status or filters.rating or filters.reviewer:
        # An article qualifies through a claim of its own that does.
        claims = _filtered_claims(SearchFilters(status=filters.status, rating=filters.rating,
                                                reviewer=filters.reviewer), visible_verdicts)
        articles = articles.filter(Exists(claims.filter(article=OuterRef("pk"))))
    return articles


def _filtered_factchecks(filters: SearchFilters, visible_verdicts) -> QuerySet:
    factchecks = FactCheck.objects.filter(published_at__isnull=False).select_related(
        "rating", "claim__article").defer("claim__article__body")
    if filters.status:
        factchecks = factchecks.filter(claim__status=filters.status)
    if filters.rating:
        factchecks = factchecks.filter(rating__slug=filters.rating)
    if filters.article:
        factchecks = factchecks.filter(claim__article_id=filters.article)
    if filters.reviewer:
        factchecks = factchecks.filter(_with_verdict_by(filters.reviewer, visible_verdicts, "claim_id"))
    if filters.date_from:
        factchecks = factchecks.filter(published_at__date__gte=filters.date_from)
    if filters.date_to:
        factchecks = factchecks.filter(published_at__date__lte=filters.date_to)
    if filters.exclude_claim:
        factchecks = factchecks.exclude(claim_id=filters.exclude_claim)
    return factchecks


# --- Ranking ---


def _bm25(table: str, match: str, *weights: float, outer: str | None = None) -> RawSQL:
    """FTS5's bm25 of the row (lower is better; NULL when it does not match)."""
    fts = fts_table(table)
    arguments = ", ".join([fts, *(str(w) for w in weights)])
    return RawSQL(
        f"(SELECT bm25({arguments}) FROM {fts} WHERE {fts} MATCH %s AND rowid = {outer or table + '.id'})",
        [match], output_field=FloatField(),
    )


def _ranked(kind: str, rows: QuerySet, text: str | Terms) -> QuerySet:
    """The matching rows, best first (then newest), for one kind."""
    if _is_postgres():
        query = _pg_query(text)
        if kind == "factchecks":
            rank = SearchRank(F("claim__search_document"), query) + SearchRank(F("search_document"), query)
        else:
            rank = SearchRank(F("search_document"), query)
        return rows.annotate(rank=rank).order_by("-rank", "-pk")
    match = fts5_query(text)
    if kind == "claims":
        rank = _bm25("annotations_claim", match)
    elif kind == "articles":
        rank = _bm25("annotations_article", match, 10.0, 4.0, 4.0)
    else:
        rank = Coalesce(_bm25("annotations_claim", match, outer="annotations_factcheck.claim_id"), 0.0) + Coalesce(
            _bm25("annotations_factcheck", match), 0.0)
    return rows.annotate(rank=rank).order_by("rank", "-pk")


# --- Marking the matches ---


def marked(text: str) -> SafeString:
    """Text with matches between the start and stop markers → escaped HTML with <mark> around matches."""
    out, open_mark = [], False
    for piece in re.split(f"([{_START}{_STOP}])", text):
        if piece == _START and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif piece == _STOP and open_mark:
            out.append("</mark>")
            open_mark = False
        elif piece not in (_START, _STOP):
            out.append(escape(piece))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # every piece of text was escaped above


def _headlines(model, ids: list[int], column: str, text: str | Terms, *, whole: bool) -> dict[int, str]:
    """{id: the column's text with the matches between markers} for the rows that match."""
    if not ids:
        return {}
    if _is_postgres():
        options = {"highlight_all": True} if whole else {"max_words": 40, "min_words": 15, "max_fragments": 2}
        headline = SearchHeadline(column, _pg_query(text), config=SEARCH_CONFIG, start_sel=_START, stop_sel=_STOP,
                                  fragment_delimiter=" … ", **options)
        return dict(model.objects.filter(pk__in=ids).annotate(h=headline).values_list("pk", "h"))
    table = model._meta.db_table
    fts = fts_table(table)
    position = FTS_COLUMNS[table].index(column)
    function = (f"highlight({fts}, {position}, char(2), char(3))" if whole
                else f"snippet({fts}, {position}, char(2), char(3), ' … ', 40)")
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {function} FROM {fts} WHERE {fts} MATCH %s AND rowid IN ({placeholders})",
            [fts5_query(text), *ids],
        )
        return dict(cursor.fetchall())


def _hits(kind: str, rows: list, text: str | Terms) -> list[Hit]:
    if kind == "claims":
        marks = _headlines(Claim, [c.pk for c in rows], "text", text, whole=True)
        return [Hit(c, marked(marks.get(c.pk) or c.text)) for c in rows]
    if kind == "articles":
        marks = _headlines(Article, [a.pk for a in rows], "title", text, whole=True)
        return [Hit(a, marked(marks.get(a.pk) or a.title)) for a in rows]
    claim_marks = _headlines(Claim, [f.claim_id for f in rows], "text", text, whole=True)
    summary_marks = _headlines(FactCheck, [f.pk for f in rows], "summary", text, whole=False)
    return [Hit(f, marked(claim_marks.get(f.claim_id) or f.claim.text),
                marked(summary_marks.get(f.pk) or f.summary)) for f in rows]


# --- The search page ---

_FILTERED = {"claims": _filtered_claims, "articles": _filtered_articles, "factchecks": _filtered_factchecks}
_MATCHING = {"claims": claims_matching, "articles": articles_matching, "factchecks": factchecks_matching}


def _matches(kind: str, text: str | Terms, filters: SearchFilters, visible_verdicts) -> QuerySet:
    return _MATCHING[kind](_FILTERED[kind](filters, visible_verdicts), text)


def search_count(kind: str, text: str | Terms, filters: SearchFilters, visible_verdicts) -> tuple[int, bool]:
    """How many rows of ``kind`` match, up to COUNT_CAP, and whether there are more."""
    found = _matches(kind, text, filters, visible_verdicts).order_by().values("pk")[:COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP


def search_results(kind: str, text: str | Terms, filters: SearchFilters, visible_verdicts, *, page: int = 1,
                   per_page: int = PER_PAGE) -> ResultPage:
    """One page of the best matches of ``kind`` ("claims", "articles", "factchecks") for ``text``.

    ``visible_verdicts`` is what the reader may see (``access.verdicts_visible_to_user``): the
    reviewer filter looks only there. Past COUNT_CAP matches, the best of the COUNT_CAP newest
    (``count_capped``). Pages stop at MAX_PAGE.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}.")
    page = min(max(page, 1), MAX_PAGE)
    count, capped = search_count(kind, text, filters, visible_verdicts)
    if not count:
        return ResultPage(kind, [], 0, False, page, False)
    matches = _matches(kind, text, filters, visible_verdicts)
    if capped:
        newest = matches.order_by("-pk").values("pk")[:COUNT_CAP]
        matches = _FILTERED[kind](SearchFilters(), visible_verdicts).filter(pk__in=Subquery(newest))
    rows = _ranked(kind, matches, text)
    if kind == "claims":
        rows = rows.select_related("article").defer("article__body")
    offset = (page - 1) * per_page
    found = list(rows[offset:offset + per_page + 1])
    has_next = len(found) > per_page and page < MAX_PAGE
    return ResultPage(kind, _hits(kind, found[:per_page], text), count, capped, page, has_next)
