"""Bulk reads and writes for the services that move thousands of rows at once (importing and
splitting a batch of articles, linking them, restoring an archive): the project's one fast path
outside the ORM.

With ``settings.BULK_FAST_SQL`` on (the default) these run plain SQL: one array
parameter per read on PostgreSQL, COPY for inserts, an additive upsert for
counts. The ORM prepares every value of an ``__in`` list and every field of
every instance one by one; for a link batch's thousands of keys and rows that
cost more than the queries (docs/benchmarks.md, "Issue 20", has the measured
gain). Off, each function does the same through the ORM (``values_list``,
``bulk_create``, ``update``), with the same results
(tests/matching/test_bulk_paths.py links and restores on both paths).

Rows are plain tuples in the order of ``fields``: Python values (aware
datetimes, dates, bytes), except JSON columns, which take their JSON text
(linking encodes it before it takes the link lock). Reads give what the
database driver gives: a JSON column may come back as text or as an object.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from annotations.services.common import plans_reused_until_commit

# Ids per ORM query: well under SQLite's and PostgreSQL's limits on parameters.
QUERY_CHUNK = 5000
# SQLite's default limit on the parameters of one statement is 32,766 (999 before 3.32).
SQLITE_CHUNK = 900


def chunks(values: list, size: int = QUERY_CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _fast() -> bool:
    return settings.BULK_FAST_SQL


def key_checks_reuse_plans() -> None:
    """Let the foreign-key checks at this transaction's commit reuse their plans (PostgreSQL, fast path).

    Django makes every foreign key DEFERRABLE INITIALLY DEFERRED, so each row
    written is checked at commit by a trigger query per key: a link batch's few
    thousand match, key and fingerprint rows run that many. The connection plans
    every query for its values (``DB_PLAN_CACHE_MODE``, settings), and these
    too, where one plan does for every value: planning them was most of
    PostgreSQL's work for a link batch (docs/benchmarks.md, "Key checks on
    reused plans"). Called after a transaction's writes and before it commits, so
    that its own reads keep their plans; the setting ends with the transaction.
    """
    if _fast():
        plans_reused_until_commit()


def _columns(model, fields: list[str]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(model._meta.get_field(name).column) for name in fields)


def rows_where(model, fields: list[str], field: str | tuple[str, ...], values):
    """The ``fields`` of ``model``'s rows whose ``field`` (or any of several) is one of ``values``
    (integers), as tuples, in no particular order."""
    values = sorted(set(values))
    if not values:
        return
    names = field if isinstance(field, tuple) else (field,)
    if not _fast():
        attnames = [model._meta.get_field(name).attname for name in fields]
        for chunk in chunks(values):
            match = Q()
            for name in names:
                match |= Q(**{f"{model._meta.get_field(name).attname}__in": chunk})
            yield from model._base_manager.filter(match).order_by().values_list(*attnames)
        return
    quote = connection.ops.quote_name
    columns = [quote(model._meta.get_field(name).column) for name in names]
    select = f"SELECT {_columns(model, fields)} FROM {quote(model._meta.db_table)} WHERE "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter (= ANY): psycopg parsed a query of thousands of placeholders
            # anew for every chunk, which cost more than the query.
            cursor.execute(select + " OR ".join(f"{column} = ANY(%s::bigint[])" for column in columns),
                           [_int_array(values)] * len(columns))
            yield from cursor.fetchall()
            return
        for chunk in chunks(values, SQLITE_CHUNK // len(columns)):
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(select + " OR ".join(f"{column} IN ({placeholders})" for column in columns),
                           chunk * len(columns))
            yield from cursor.fetchall()


def _int_array(values) -> str:
    """A PostgreSQL array literal of integers, for a ``%s::bigint[]`` parameter: psycopg adapts a Python list
    one element at a time in Python, a string in one piece."""
    return "{" + ",".join(str(int(value)) for value in values) + "}"


def rows_insert(model, fields: list[str], rows) -> int:
    """Rows into the model's table, values as given (ids, times): how many."""
    rows = list(rows)
    if not rows:
        return 0
    if not _fast():
        return _orm_insert(model, fields, rows)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, fields)
    adapters = [_adapter(model._meta.get_field(name)) for name in fields]
    if any(adapters):
        rows = [tuple(adapt(value) if adapt and value is not None else value
                      for adapt, value in zip(adapters, row, strict=True)) for row in rows]
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)
    with connection.cursor() as cursor:
        for chunk in chunks(rows, 2000):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", chunk)
    return len(rows)


def objects_create(model, objects: list) -> list:
    """Save new ``objects`` of ``model`` as ``bulk_create`` does, giving each its id (by COPY on
    PostgreSQL with the fast path on: ``_copy_new``)."""
    if not objects:
        return objects
    if not _copies():
        return model._base_manager.bulk_create(objects, batch_size=500)
    with transaction.atomic(savepoint=False):
        _copy_new(model, objects)
    return objects


def objects_create_with_history(model, objects: list, *, change_reason: str, user=None) -> list:
    """Save new ``objects`` of ``model`` and a "+" history row for each, as simple-history's
    ``bulk_create_with_history`` does, and give each its id.

    On PostgreSQL with the fast path on, both tables are written by COPY
    (``_copy_new``): building a split's thousands of claims through
    ``bulk_create`` prepared each of their 35 values in Python twice (the row,
    then its history row), a third of a split task (docs/benchmarks.md, "Issue
    20"). Elsewhere, or off, it is ``bulk_create_with_history`` itself.
    """
    if not objects:
        return objects
    if not _copies():
        return bulk_create_with_history(objects, model, batch_size=500, default_user=user,
                                        default_change_reason=change_reason)
    with transaction.atomic(savepoint=False):
        _copy_new(model, objects)
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            _history_insert(get_history_manager_for_model(model).model, objects, change_reason, user)
    return objects


def _copies() -> bool:
    return _fast() and connection.vendor == "postgresql"


def _copy_new(model, objects: list) -> None:
    """The objects' rows by COPY, their ids drawn from the table's sequence first (COPY returns none)."""
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.generated]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [opts.db_table, opts.pk.column, len(objects)])
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objects, ids, strict=True):
        for f in fields:
            f.pre_save(obj, add=True)  # auto_now(_add) times, as bulk_create sets them
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    rows_insert(model, [f.name for f in fields], _values(objects, fields))


def _values(objects: list, fields: list) -> list[tuple]:
    """Each object's column values as ``rows_insert`` takes them: JSON columns as JSON text."""
    encoders = [(lambda value, f=f: json.dumps(value, cls=f.encoder)) if f.get_internal_type() == "JSONField"
                else None for f in fields]
    names = [f.attname for f in fields]
    return [tuple(encode(value) if encode and value is not None else value
                  for encode, value in zip(encoders, (getattr(obj, name) for name in names), strict=True))
            for obj in objects]


def _history_insert(history, objects: list, change_reason: str, user) -> None:
    tracked = history.tracked_fields
    user = user or history.get_default_history_user(objects[0])
    now = timezone.now()
    extra = {"history_date": now, "history_change_reason": change_reason, "history_type": "+",
             "history_user": user.pk if user is not None else None}
    rows = [row + tuple(extra.values()) for row in _values(objects, tracked)]
    rows_insert(history, [f.name for f in tracked] + list(extra), rows)


def _adapter(field):
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return None


def _orm_insert(model, fields: list[str], rows: list[tuple]) -> int:
    model_fields = [model._meta.get_field(name) for name in fields]
    is_json = [field.get_internal_type() == "JSONField" for field in model_fields]
    objects = [model(**{field.attname: json.loads(value) if json_text and value is not None else value
                        for field, json_text, value in zip(model_fields, is_json, row, strict=True)})
               for row in rows]
    # bulk_create stamps auto_now(_add) times over the given ones; bulk_update puts them back.
    stamped = [field for field in model_fields if getattr(field, "auto_now", False)
               or getattr(field, "auto_now_add", False)]
    given = [[getattr(obj, field.attname) for field in stamped] for obj in objects]
    model._base_manager.bulk_create(objects, batch_size=1000)
    if stamped:
        for obj, values in zip(objects, given, strict=True):
            for field, value in zip(stamped, values, strict=True):
                setattr(obj, field.attname, value)
        model._base_manager.bulk_update(objects, [field.name for field in stamped], batch_size=1000)
    return len(objects)


def counts_add(model, key_field: str, count_field: str, changes: dict[int, int]) -> None:
    """Add ``changes`` ({key: n}) to the counts of ``model``'s rows, a row made for a new key.

    Two workers adding to the same key both count: the fast path is one upsert
    with ``count = count + excluded.count`` (SQLite and PostgreSQL both have it),
    the ORM path makes the missing rows and then adds with ``F()``.
    """
    items = sorted((key, n) for key, n in changes.items() if n)
    if not items:
        return
    if not _fast():
        _orm_counts_add(model, key_field, count_field, items)
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key, count = quote(model._meta.get_field(key_field).column), quote(model._meta.get_field(count_field).column)
    upsert = f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys, counts = zip(*items, strict=True)
            cursor.execute(f"INSERT INTO {table} ({key}, {count}) SELECT * FROM unnest(%s::bigint[], %s::int[]) "
                           f"{upsert}", [_int_array(keys), _int_array(counts)])
            return
        for batch in chunks(items, 500):
            placeholders = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(f"INSERT INTO {table} ({key}, {count}) VALUES {placeholders} {upsert}",
                           [value for pair in batch for value in pair])


def _orm_counts_add(model, key_field: str, count_field: str, items: list[tuple[int, int]]) -> None:
    manager = model._base_manager
    manager.bulk_create([model(**{key_field: key, count_field: 0}) for key, _ in items], batch_size=1000,
                        ignore_conflicts=True)
    # One UPDATE per distinct change: most keys of a batch change by the same one or two amounts.
    by_change = defaultdict(list)
    for key, n in items:
        by_change[n].append(key)
    for n, keys in sorted(by_change.items()):
        for chunk in chunks(keys):
            manager.filter(**{f"{key_field}__in": chunk}).update(**{count_field: F(count_field) + n})
