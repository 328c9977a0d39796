"""Restore an archive (annotations/archive.py) into an empty database: the other half of the full export.

Every row goes back with its id, its times and its history as exported, so an
export of the restored database equals the archive it came from. Rows are
written straight into their tables (services.bulk), a few thousand at a time,
all in one transaction: a restore that fails leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction

from annotations import archive
from annotations.models import Article, AuditEvent, Claim, Rating, RatingScale, Verdict
from annotations.services import facts
from annotations.services.bulk import key_checks_reuse_plans, rows_insert

# Rows held per table before they are written.
FLUSH_ROWS = 5000


class ArchiveInvalid(ValidationError):
    """The archive cannot be restored here; the message names the line and what is wrong."""


def archive_import(*, lines: Iterable[str | bytes]) -> dict[str, int]:
    """Restore the archive's lines into this (empty) database; the number of rows written per table.

    Raises ArchiveInvalid, and writes nothing, if the database holds articles,
    claims, verdicts, audit events or users, or if a line is not the archive's.
    The rating scales the migrations made are replaced by the archive's. Users
    come back without a usable password (the archive holds none): they set a
    new one. Linking is not part of the archive: run ``link_articles`` after.
    """
    lines = iter(lines)
    with transaction.atomic():
        _check_empty()
        _check_header(next(lines, None))
        writer = _Writer()
        for number, line in enumerate(lines, start=2):
            if line.strip():
                _restore(writer, number, line)
        writer.flush()
        _reset_sequences()
        _claim_dates_rebuild()
        key_checks_reuse_plans()
    return dict(writer.counts)


def _claim_dates_rebuild(batch: int = 2000) -> None:
    """The date ranges the claim lists filter on are derived from each claim's dates, which the archive carries."""
    claims = Claim.objects.exclude(dates=[]).only("id", "dates").order_by("pk")
    chunk = []
    for claim in claims.iterator(chunk_size=batch):
        chunk.append(claim)
        if len(chunk) == batch:
            facts.claim_dates_replace(chunk, fresh=True)
            chunk = []
    facts.claim_dates_replace(chunk, fresh=True)


def _check_empty() -> None:
    found = {name: model.objects.count() for name, model in (
        ("articles", Article), ("claims", Claim), ("verdicts", Verdict), ("audit events", AuditEvent),
        ("users", User))}
    held = ", ".join(f"{n} {name}" for name, n in found.items() if n)
    if held:
        raise ArchiveInvalid(f"The database is not empty ({held}): restore into a new database, "
                             "after `manage.py migrate`.")


def _check_header(line) -> None:
    try:
        header = json.loads(line) if line is not None else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != archive.FORMAT:
        raise ArchiveInvalid(f"Line 1 is not the header of a {archive.FORMAT} file.")
    if header.get("version") != archive.VERSION:
        raise ArchiveInvalid(f"This archive is version {header.get('version')}; this desk reads version "
                             f"{archive.VERSION}.")


def _restore(writer: _Writer, number: int, line) -> None:
    try:
        record = json.loads(line)
        kind = record.pop("type")
        RESTORE[kind](writer, record)
    except ArchiveInvalid as exc:
        raise ArchiveInvalid(f"Line {number}: {exc.message}") from None
    except KeyError as exc:
        raise ArchiveInvalid(f"Line {number}: a record without {exc}.") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise ArchiveInvalid(f"Line {number}: not an archive record ({type(exc).__name__}: {exc}).") from None


class _Writer:
    """Rows by table, written FLUSH_ROWS at a time; dates and times parsed back, JSON as its text."""

    def __init__(self):
        self.pending: dict[str, list[tuple]] = defaultdict(list)
        self.counts: Counter = Counter()
        self.columns = {name: archive.columns(model) for name, model in archive.TABLES.items()}
        self.columns["user"] = [*self.columns["user"], "password"]  # set by _user, never from the archive
        self.kinds = {name: archive.column_kinds(model) for name, model in archive.TABLES.items()}
        self.scales_replaced = False

    def add(self, table: str, row: dict) -> None:
        names = self.columns[table]
        if set(row) != set(names):
            raise ArchiveInvalid(_wrong_columns(table, set(names), set(row)))
        self.pending[table].append(tuple(_from_json(row[name], self.kinds[table].get(name)) for name in names))
        if len(self.pending[table]) >= FLUSH_ROWS:
            self._write(table)

    def flush(self) -> None:
        for table in list(self.pending):
            self._write(table)

    def _write(self, table: str) -> None:
        rows, self.pending[table] = self.pending[table], []
        self.counts[table] += rows_insert(archive.TABLES[table], self.columns[table], rows)


def _wrong_columns(table: str, expected: set[str], found: set[str]) -> str:
    wrong = []
    if expected - found:
        wrong.append(f"without the columns {', '.join(sorted(expected - found))}")
    if found - expected:
        wrong.append(f"with unknown columns {', '.join(sorted(found - expected))}")
    return f"a row of {table} {' and '.join(wrong)}."


def _from_json(value, kind):
    if value is None or kind is None:
        return value
    if kind == "json":
        return json.dumps(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    return dt.date.fromisoformat(value)


def _group(writer: _Writer, record: dict) -> None:
    group, _ = Group.objects.get_or_create(name=record["name"])
    wanted = set(record["permissions"])
    found = {f"{app}.{codename}": pk for pk, app, codename in Permission.objects.values_list(
        "pk", "content_type__app_label", "codename")}
    if wanted - set(found):
        raise ArchiveInvalid(f"the group {record['name']!r} holds permissions this desk does not have: "
                             f"{sorted(wanted - set(found))}.")
    group.permissions.set([found[name] for name in wanted])
    writer.counts["group"] += 1


def _user(writer: _Writer, record: dict) -> None:
    groups = record.pop("groups")
    writer.add("user", {**record, "password": make_password(None)})
    writer.flush()  # the memberships below refer to the row
    names = dict(Group.objects.values_list("name", "pk"))
    unknown = sorted(set(groups) - set(names))
    if unknown:
        raise ArchiveInvalid(f"the user {record['username']!r} is in groups the archive does not list: {unknown}.")
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=record["id"], group_id=names[name]) for name in groups])


def _rating_scale(writer: _Writer, record: dict) -> None:
    if not writer.scales_replaced:
        # The migrations' default scale makes way for the archive's; nothing refers to it yet.
        Rating.objects.all().delete()
        RatingScale.objects.all().delete()
        writer.scales_replaced = True
    ratings = record.pop("ratings")
    writer.add("rating_scale", record)
    for rating in ratings:
        writer.add("rating", rating)


def _article(writer: _Writer, record: dict) -> None:
    history, audit, claims, deleted = (record.pop(key) for key in ("history", "audit", "claims", "deleted_claims"))
    writer.add("article", record)
    _rows(writer, "article_history", history)
    _rows(writer, "audit", audit)
    for claim in claims:
        _claim(writer, claim)
    for gone in deleted:
        _rows(writer, "claim_history", gone["history"])


def _claim(writer: _Writer, record: dict) -> None:
    nested = {key: record.pop(key) for key in (
        "history", "verdicts", "deleted_verdicts", "evidence", "deleted_evidence", "factcheck",
        "deleted_factchecks", "audit", "decisions")}
    writer.add("claim", record)
    _rows(writer, "claim_history", nested["history"])
    factchecks = [nested["factcheck"]] if nested["factcheck"] else []
    for table, rows, deleted in (("verdict", nested["verdicts"], nested["deleted_verdicts"]),
                                 ("evidence", nested["evidence"], nested["deleted_evidence"]),
                                 ("factcheck", factchecks, nested["deleted_factchecks"])):
        for row in rows:
            _rows(writer, f"{table}_history", row.pop("history"))
            writer.add(table, row)
        for gone in deleted:
            _rows(writer, f"{table}_history", gone["history"])
    _rows(writer, "audit", nested["audit"])
    _rows(writer, "decision", nested["decisions"])


def _orphans(writer: _Writer, record: dict) -> None:
    if record["table"] not in ("article_history", "claim_history", "verdict_history", "evidence_history",
                               "factcheck_history", "audit"):
        raise ArchiveInvalid(f"orphans of an unknown table {record['table']!r}.")
    _rows(writer, record["table"], record["rows"])


def _rows(writer: _Writer, table: str, rows) -> None:
    for row in rows:
        writer.add(table, row)


RESTORE = {"group": _group, "user": _user, "rating_scale": _rating_scale, "article": _article,
           "orphans": _orphans}


def _reset_sequences() -> None:
    """Ids were written as exported: the next row a person adds must come after them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(archive.TABLES.values()) + [Group])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
