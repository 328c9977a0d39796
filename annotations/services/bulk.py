"""Plain-SQL bulk reads and writes for the services that move thousands of rows at once
(linking a batch of articles, restoring an archive).

The ORM prepares every value of an ``__in`` list and every field of every
instance one by one; for a link batch's thousands of keys and rows that cost
more than the queries. These take and give plain tuples, values ready for the
column (JSON as text, bytes, times from ``now_for_db`` or ``datetime_for_db``).
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

# Ids per ORM query: well under SQLite's and PostgreSQL's limits on parameters.
QUERY_CHUNK = 5000
# SQLite's default limit on the parameters of one statement is 32,766 (999 before 3.32).
SQLITE_CHUNK = 900


def chunks(values: list, size: int = QUERY_CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _columns(model, fields: list[str]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(model._meta.get_field(name).column) for name in fields)


def rows_where(model, fields: list[str], field: str | tuple[str, ...], values):
    """The ``fields`` of ``model``'s rows whose ``field`` (or any of several) is one of ``values``
    (integers), as tuples.

    On PostgreSQL one array parameter (``= ANY``): psycopg parsed a query of thousands of
    placeholders anew for every chunk, which cost more than the query.
    """
    values = sorted(set(values))
    if not values:
        return
    quote = connection.ops.quote_name
    names = field if isinstance(field, tuple) else (field,)
    columns = [quote(model._meta.get_field(name).column) for name in names]
    select = f"SELECT {_columns(model, fields)} FROM {quote(model._meta.db_table)} WHERE "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(select + " OR ".join(f"{column} = ANY(%s::bigint[])" for column in columns),
                           [int_array(values)] * len(columns))
            yield from cursor.fetchall()
            return
        for chunk in chunks(values, SQLITE_CHUNK // len(columns)):
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(select + " OR ".join(f"{column} IN ({placeholders})" for column in columns),
                           chunk * len(columns))
            yield from cursor.fetchall()


def int_array(values) -> str:
    """A PostgreSQL array literal of integers, for a ``%s::bigint[]`` parameter: psycopg adapts a Python list
    one element at a time in Python, a string in one piece."""
    return "{" + ",".join(str(int(value)) for value in values) + "}"


def rows_insert(model, fields: list[str], rows) -> int:
    """Rows straight into the model's table: COPY on PostgreSQL, executemany on SQLite; how many."""
    rows = list(rows)
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, fields)
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


def now_for_db():
    return datetime_for_db(timezone.now())


def datetime_for_db(value):
    return connection.ops.adapt_datetimefield_value(value)
