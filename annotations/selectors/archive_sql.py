"""The archive's article lines written by PostgreSQL: the one fast path of the full export.

``selectors.archive`` reads every row as Python values, makes dicts of them,
groups them and encodes each article's record: about 20 s of CPU for the
10,000 articles of the benchmark (588,000 rows, most of them history), where
the target is 2 s (docs/benchmarks.md, "Issue 20"). Here PostgreSQL writes
each row as JSON (``row_to_json``, times as the same ISO 8601 text), and Python
only groups the rows' texts by article and claim and joins them into the same
nesting. Switched by ``settings.ARCHIVE_SQL_JSON`` (on by default; only on
PostgreSQL).

The lines hold the same records as the standard path's, as JSON values, but
not byte for byte: PostgreSQL writes a JSON column with a space after each
colon and comma, and a float with no fraction as ``1`` where Python writes
``1.0``. Each path's own export, restored and exported again, is identical
byte for byte (tests/test_archive.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db import connection

from annotations import archive
from annotations.models import ClaimMatch


def enabled() -> bool:
    return settings.ARCHIVE_SQL_JSON and connection.vendor == "postgresql"


def _select(name: str) -> str:
    """``SELECT <the table's archive columns> FROM <table>``, dates and times written as the archive writes
    them (``selectors.archive.DATE_TEXT``)."""
    model = archive.TABLES[name]
    quote = connection.ops.quote_name
    kinds = archive.column_kinds(model)
    columns = []
    for attname in archive.columns(model):
        column = quote(model._meta.get_field(attname).column)
        kind = kinds.get(attname)
        if kind == "datetime":
            column = f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
        elif kind == "date":
            column = f"to_char({column}, 'YYYY-MM-DD')"
        columns.append(f"{column} AS {quote(attname)}")
    return f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)}"


def _rows(cursor, name: str, where: str, params: list, keys: tuple[str, ...], order: str) -> list[tuple]:
    """(key values..., the row as JSON text) of the table's rows that match ``where``, in ``order``."""
    quote = connection.ops.quote_name
    selected = ", ".join(f"r.{quote(key)}" for key in keys)
    cursor.execute(f"SELECT {selected}, row_to_json(r)::text FROM ({_select(name)} WHERE {where}) r "
                   f"ORDER BY r.{quote(order)}", params)
    return cursor.fetchall()


def _by(rows, key: int = 0) -> defaultdict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _list(texts) -> str:
    return "[" + ",".join(texts) + "]"


def _with(record: str, *fields: tuple[str, str]) -> str:
    """A JSON object's text with more fields (name, JSON text) at its end."""
    return record[:-1] + "".join(f',"{name}":{value}' for name, value in fields) + "}"


def _history(rows) -> str:
    return _list(row[-1] for row in rows)


def _deleted(history_by_id: dict, ids) -> str:
    """``[{"id": ..., "history": [...]}]`` for rows that no longer exist but whose history does."""
    return _list(f'{{"id":{pk},"history":{_history(history_by_id[pk])}}}' for pk in sorted(ids))


def article_lines(first: int, last: int) -> Iterator[str]:
    """The archive's lines of the articles with ids from ``first`` to ``last``, as ``selectors.archive`` makes
    them."""
    return lines_of(article_rows(first, last))


def article_rows(first: int, last: int) -> dict:
    """Every row the lines of the articles with ids from ``first`` to ``last`` hold, as JSON text, by table:
    the database's part of the work, which a thread of its own may do (``selectors.archive``)."""
    span = [first, last]
    with connection.cursor() as cursor:
        claims = _rows(cursor, "claim", "article_id BETWEEN %s AND %s", span, ("article_id", "id"), "id")
        # The rows hanging on these claims by the claims' ids, each an index lookup: a subquery of the
        # claims in the span was planned as a scan of every claim before the span's.
        ids = [[claim_id for _, claim_id, _ in claims]]
        return {
            "article_history": _rows(cursor, "article_history", "id BETWEEN %s AND %s", span, ("id",), "history_id"),
            "claims": claims,
            "claim_history": _rows(cursor, "claim_history", "article_id BETWEEN %s AND %s", span,
                                   ("article_id", "id"), "history_id"),
            **{name: _rows(cursor, name, "claim_id = ANY(%s)", ids, ("claim_id", "id"), "id")
               for name in ("verdict", "evidence", "factcheck")},
            **{f"{name}_history": _rows(cursor, f"{name}_history", "claim_id = ANY(%s)", ids, ("claim_id", "id"),
                                        "history_id")
               for name in ("verdict", "evidence", "factcheck")},
            "audit": _rows(cursor, "audit",
                           "article_id BETWEEN %s AND %s OR (article_id IS NULL AND claim_id = ANY(%s))",
                           span + ids, ("claim_id", "article_id"), "id"),
            "decisions": _rows(cursor, "decision", "claim_a_id = ANY(%s) AND decision <> %s",
                               [*ids, ClaimMatch.Decision.PENDING], ("claim_a_id",), "id"),
            "articles": _rows(cursor, "article", "id BETWEEN %s AND %s", span, ("id",), "id"),
        }


def lines_of(rows: dict) -> Iterator[str]:
    """The article lines of ``article_rows``: the rows' texts grouped by article and claim and nested."""
    article_history, claims = _by(rows["article_history"]), _by(rows["claims"])
    claim_history = _by(rows["claim_history"])
    per_claim = {name: _by(rows[name]) for name in ("verdict", "evidence", "factcheck")}
    histories = {name: _by(rows[f"{name}_history"]) for name in ("verdict", "evidence", "factcheck")}
    audit, decisions = rows["audit"], _by(rows["decisions"])
    audit_by_claim = _by(row for row in audit if row[0] is not None)
    audit_by_article = _by((row for row in audit if row[0] is None), 1)
    for article_id, record in rows["articles"]:
        own = claims[article_id]
        history = _by(claim_history[article_id], 1)
        lines = [_claim(claim_id, text, history, per_claim, histories, audit_by_claim, decisions)
                 for _, claim_id, text in own]
        yield '{"type":"article",' + _with(
            record[1:],
            ("history", _history(article_history[article_id])),
            ("audit", _history(audit_by_article[article_id])),
            ("claims", _list(lines)),
            ("deleted_claims", _deleted(history, set(history) - {claim_id for _, claim_id, _ in own})),
        ) + "\n"


def _claim(pk: int, record: str, claim_history, per_claim, histories, audit_by_claim, decisions) -> str:
    fields = [("history", _history(claim_history.get(pk, [])))]
    for name, plural in (("verdict", "verdicts"), ("evidence", "evidence"), ("factcheck", "factchecks")):
        rows = per_claim[name].get(pk, [])
        history = _by(histories[name][pk], 1) if pk in histories[name] else {}
        nested = [_with(text, ("history", _history(history.get(row_id, [])))) for _, row_id, text in rows]
        if name == "factcheck":
            fields.append(("factcheck", nested[0] if nested else "null"))
        else:
            fields.append((plural, _list(nested)))
        gone = set(history) - {row_id for _, row_id, _ in rows} if history else ()
        fields.append((f"deleted_{plural}", _deleted(history, gone) if gone else "[]"))
    fields.append(("audit", _history(audit_by_claim.get(pk, []))))
    fields.append(("decisions", _history(decisions.get(pk, []))))
    return _with(record, *fields)
