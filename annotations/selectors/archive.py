"""The whole record, one article at a time, for the archive (annotations/archive.py describes it).

Articles are read ARTICLE_CHUNK at a time, in id order, with a dozen queries per
chunk (one per table, each a range of article ids on an index); nothing holds
more than a chunk, so an export of any size runs in the same memory. Rows are
plain values (no model instances) turned into the records' dicts.

On PostgreSQL every query of an export reads one snapshot of the database (a
REPEATABLE READ, READ ONLY transaction, as pg_dump reads), so an export taken
while people work holds each verdict with its history and audit events, and
nothing written after it began. SQLite takes its write lock when a transaction
begins (settings), so there a snapshot would stop every writer for the length
of the export: it holds the articles there when it began, each chunk read as it
is then.

On PostgreSQL two threads, each on a connection of its own in the same
snapshot, read the next chunks' rows while the chunk before is joined into
lines (``_read_ahead``): the database writes rows as JSON while Python nests them.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.models import CharField, Exists, F, Func, OuterRef

from annotations import archive, webannotation
from annotations.archive import (
    HistoricalArticle,
    HistoricalClaim,
    HistoricalEvidence,
    HistoricalFactCheck,
    HistoricalVerdict,
)
from annotations.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimMatch,
    Evidence,
    FactCheck,
    Rating,
    RatingScale,
    Verdict,
)
from annotations.selectors import archive_sql

ARTICLE_CHUNK = 500
READ_AHEAD = 2  # chunks read meanwhile: the two cores' worth


class _Rows:
    """A table's rows as dicts of its archive columns, dates and times as ISO 8601 text in UTC.

    The database writes the dates as text: parsing a million timestamps into Python
    objects only to write them out again was half of an export's time.
    """

    def __init__(self, model):
        self.names = archive.columns(model)
        self.kinds = archive.column_kinds(model)

    def column(self, name: str):
        kind = self.kinds.get(name)
        if kind not in ("datetime", "date"):
            return name
        return Func(F(name), template=DATE_TEXT[connection.vendor == "postgresql"][kind], output_field=CharField())

    def of(self, queryset, order: str = "pk") -> Iterator[dict]:
        names = self.names
        for row in queryset.order_by(order).values_list(*(self.column(name) for name in names)):
            yield dict(zip(names, row, strict=True))


# (SQLite, PostgreSQL) → how each writes a stored date or time as ISO 8601. SQLite keeps Django's text
# ("2026-12-06 18:06:16.303796", UTC); PostgreSQL's session is in UTC too, and AT TIME ZONE makes sure.
DATE_TEXT = {
    # "|| ''": an expression, not the bare column, which Python's sqlite3 would turn back into a date.
    False: {"datetime": "replace(%(expressions)s, ' ', 'T') || 'Z'", "date": "%(expressions)s || ''"},
    True: {"datetime": """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
           "date": "to_char(%(expressions)s, 'YYYY-MM-DD')"},
}


ROWS = {name: _Rows(model) for name, model in archive.TABLES.items()}


@contextmanager
def one_snapshot():
    """Every query inside reads the database as it was at the first (PostgreSQL; see the module's doc).

    Gives the snapshot's name, which other connections may read in too (``_read_ahead``), or None.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Already in a transaction (a caller's, or a test's), which decided how it reads.
        yield None
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (name,) = cursor.fetchone()
        yield name


_SNAPSHOT_NAME = re.compile(r"[0-9A-F]+-[0-9A-F]+(?:-[0-9]+)?")


def _read_ahead(snapshot: str, spans, read) -> Iterator:
    """``read(first, last)`` of each span, in order; each next one read meanwhile, in the same snapshot, by a
    thread on a connection of its own, so PostgreSQL writes one chunk's rows while Python joins the last's."""
    if not _SNAPSHOT_NAME.fullmatch(snapshot):  # spelled out below: SET takes no parameters
        raise ValueError(f"not a snapshot name: {snapshot!r}")

    def in_snapshot(first, last):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                return read(first, last)
        finally:
            connection.close()  # this thread's own connection, which nothing else would close

    with ThreadPoolExecutor(max_workers=READ_AHEAD, thread_name_prefix="archive-read") as pool:
        ahead = deque()
        for span in spans:
            ahead.append(pool.submit(in_snapshot, *span))
            if len(ahead) > READ_AHEAD:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def archive_records(*, chunk: int = ARTICLE_CHUNK) -> Iterator[dict]:
    """Every record of the archive, in order: the header, groups, users, rating scales, articles, orphans."""
    with one_snapshot():
        yield from _head()
        for first, last in _article_spans(chunk):
            yield from _articles(first, last)
        yield from _orphans()


def archive_lines(*, chunk: int = ARTICLE_CHUNK) -> Iterator[str]:
    """The archive as the export writes it, line by line: each record encoded, or, where
    ``archive_sql`` is enabled, the article lines as PostgreSQL writes them."""
    if not archive_sql.enabled():
        yield from map(archive.encode, archive_records(chunk=chunk))
        return
    with one_snapshot() as snapshot:
        yield from map(archive.encode, _head())
        if snapshot is None:
            for first, last in _article_spans(chunk):
                yield from archive_sql.article_lines(first, last)
        else:
            # Chunks a quarter the size, so that with two read ahead the export holds no more in memory than
            # with one chunk read in turn (docs/benchmarks.md, "The full export").
            spans = _article_spans(max(1, chunk // 4))
            for rows in _read_ahead(snapshot, spans, archive_sql.article_rows):
                yield from archive_sql.lines_of(rows)
        yield from map(archive.encode, _orphans())


def web_annotation_lines(*, chunk: int = ARTICLE_CHUNK) -> Iterator[str]:
    """The claims to check (dismissed ones left out) and the verdicts that stand on them, as W3C Web
    Annotations (annotations/webannotation.py), a JSON line each: article by article in id order, each
    claim in text order followed by its verdicts. Three queries a chunk of articles."""
    with one_snapshot():
        yield from _web_annotation_lines(chunk)


def _web_annotation_lines(chunk: int) -> Iterator[str]:
    urls = webannotation.Urls()
    times = {name: ROWS["claim"].column(name) for name in ("created_at", "updated_at")}
    for first, last in _article_spans(chunk):
        bodies = dict(Article.objects.filter(pk__range=(first, last)).values_list("pk", "body"))
        claims = (
            Claim.objects.filter(article__gte=first, article__lte=last, kind=Claim.Kind.CLAIM)
            .exclude(status=Claim.Status.DISMISSED).order_by("article_id", "start", "end", "pk")
            .values("id", "article_id", "start", "end", "claim_type", "origin", "splitter_version",
                    created=times["created_at"], modified=times["updated_at"])
        )
        verdicts = defaultdict(list)
        for verdict in (Verdict.objects.standing().filter(claim__article__gte=first, claim__article__lte=last)
                        .order_by("created_at", "pk")
                        .values("id", "claim_id", "rationale", created=times["created_at"],
                                modified=times["updated_at"], reviewer_name=F("reviewer__username"),
                                rating_label=F("rating__label"))):
            verdicts[verdict["claim_id"]].append(verdict)
        for claim in claims:
            target = webannotation.claim_target(
                urls, claim_id=claim["id"], article_id=claim["article_id"], body=bodies[claim["article_id"]],
                start=claim["start"], end=claim["end"])
            yield archive.encode(webannotation.claim_annotation(claim, target))
            for verdict in verdicts[claim["id"]]:
                yield archive.encode(webannotation.verdict_annotation(urls, verdict, target))


def _head() -> Iterator[dict]:
    """The header, then what the articles' rows refer to by id: groups, users, rating scales."""
    yield {"type": "archive", "format": archive.FORMAT, "version": archive.VERSION}
    yield from _groups()
    for user in ROWS["user"].of(User.objects.all()):
        user["groups"] = sorted(Group.objects.filter(user__id=user["id"]).values_list("name", flat=True))
        yield {"type": "user", **user}
    ratings = defaultdict(list)
    for rating in ROWS["rating"].of(Rating.objects.all()):
        ratings[rating["scale_id"]].append(rating)
    for scale in ROWS["rating_scale"].of(RatingScale.objects.all()):
        yield {"type": "rating_scale", **scale, "ratings": ratings[scale["id"]]}


def _article_spans(chunk: int) -> Iterator[tuple[int, int]]:
    """(first, last) article ids of each chunk of ``chunk`` articles, in id order."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), chunk):
        yield ids[first], ids[min(first + chunk, len(ids)) - 1]


def _groups() -> Iterator[dict]:
    permissions = defaultdict(list)
    rows = Group.permissions.through.objects.order_by("permission__content_type__app_label", "permission__codename")
    for group_id, app_label, codename in rows.values_list(
            "group_id", "permission__content_type__app_label", "permission__codename"):
        permissions[group_id].append(f"{app_label}.{codename}")
    for group_id, name in Group.objects.order_by("pk").values_list("pk", "name"):
        yield {"type": "group", "id": group_id, "name": name, "permissions": permissions[group_id]}


def _by(rows, key: str) -> defaultdict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _articles(first: int, last: int) -> Iterator[dict]:
    """The article records with ids from ``first`` to ``last``."""
    span = {"article_id__gte": first, "article_id__lte": last}
    by_claim = {"claim__article_id__gte": first, "claim__article_id__lte": last}
    article_history = _by(ROWS["article_history"].of(
        HistoricalArticle.objects.filter(id__gte=first, id__lte=last), "history_id"), "id")
    claims = _by(ROWS["claim"].of(Claim.objects.filter(**span)), "article_id")
    claim_history = _by(ROWS["claim_history"].of(HistoricalClaim.objects.filter(**span), "history_id"), "article_id")
    per_claim = {
        name: _by(ROWS[name].of(model.objects.filter(**by_claim)), "claim_id")
        for name, model in (("verdict", Verdict), ("evidence", Evidence), ("factcheck", FactCheck))
    }
    histories = {
        name: _by(ROWS[f"{name}_history"].of(model.objects.filter(**by_claim), "history_id"), "claim_id")
        for name, model in (("verdict", HistoricalVerdict), ("evidence", HistoricalEvidence),
                            ("factcheck", HistoricalFactCheck))
    }
    audit = list(ROWS["audit"].of(AuditEvent.objects.filter(**span)))
    audit += ROWS["audit"].of(AuditEvent.objects.filter(article__isnull=True, **by_claim))
    audit.sort(key=lambda row: row["id"])
    audit_by_claim = _by([row for row in audit if row["claim_id"] is not None], "claim_id")
    audit_by_article = _by([row for row in audit if row["claim_id"] is None], "article_id")
    decisions = _by(ROWS["decision"].of(
        ClaimMatch.objects.filter(claim_a__article_id__gte=first, claim_a__article_id__lte=last).exclude(
            decision=ClaimMatch.Decision.PENDING)), "claim_a_id")
    for article in ROWS["article"].of(Article.objects.filter(id__gte=first, id__lte=last)):
        own, history = claims[article["id"]], _by(claim_history[article["id"]], "id")
        yield {
            "type": "article", **article,
            "history": article_history[article["id"]],
            "audit": audit_by_article[article["id"]],
            "claims": [_claim(claim, history, per_claim, histories, audit_by_claim, decisions) for claim in own],
            "deleted_claims": _deleted(history, set(history) - {claim["id"] for claim in own}),
        }


def _claim(claim, claim_history, per_claim, histories, audit_by_claim, decisions) -> dict:
    pk = claim["id"]
    record = {**claim, "history": claim_history.get(pk, [])}
    for name, plural in (("verdict", "verdicts"), ("evidence", "evidence"), ("factcheck", "factchecks")):
        rows = per_claim[name].get(pk, [])
        history = _by(histories[name][pk], "id") if pk in histories[name] else {}
        nested = [{**row, "history": history.get(row["id"], [])} for row in rows]
        if name == "factcheck":
            record["factcheck"] = nested[0] if nested else None
        else:
            record[plural] = nested
        gone = set(history) - {row["id"] for row in rows} if history else ()
        record[f"deleted_{plural}"] = _deleted(history, gone) if gone else []
    record["audit"] = audit_by_claim.get(pk, [])
    record["decisions"] = decisions.get(pk, [])
    return record


def _deleted(history_by_id, ids) -> list[dict]:
    """``[{"id": ..., "history": [...]}]`` for rows that no longer exist but whose history does."""
    return [{"id": pk, "history": history_by_id[pk]} for pk in sorted(ids)]


def _orphans() -> Iterator[dict]:
    """History and audit rows whose article (or claim) is gone, so no article record holds them."""
    tables = [
        ("article_history", HistoricalArticle.objects.filter(~Exists(Article.objects.filter(pk=OuterRef("id"))))),
        ("claim_history", HistoricalClaim.objects.filter(~Exists(Article.objects.filter(pk=OuterRef("article_id"))))),
        ("audit", AuditEvent.objects.filter(article__isnull=True, claim__isnull=True)),
    ]
    for name, model in (("verdict_history", HistoricalVerdict), ("evidence_history", HistoricalEvidence),
                        ("factcheck_history", HistoricalFactCheck)):
        tables.append((name, model.objects.filter(~Exists(Claim.objects.filter(pk=OuterRef("claim_id"))))))
    for name, queryset in tables:
        order = "history_id" if name.endswith("_history") else "pk"
        rows = list(ROWS[name].of(queryset, order))
        if rows:
            yield {"type": "orphans", "table": name, "rows": rows}
