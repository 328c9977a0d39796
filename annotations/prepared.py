"""Fixed-shape reads compiled to SQL once, then run with new parameters.

Django builds and compiles a query's SQL anew every time it runs. For the
API's hottest requests (a claim's detail, a page of the claims list, the
token lookup) that was about half of their CPU time, for queries whose shape
never changes, only their parameters (docs/benchmarks.md, fourth pass).

A ``PreparedQuery`` builds its ``values()`` queryset once with a marker in
place of each parameter, lets Django compile it for the connection at hand,
and remembers the SQL and where each marker went among the parameters. Each
run puts the real values there, executes the same SQL and converts the rows
with Django's own converters for those columns, so the result is what
``list(queryset)`` gives: the SQL is Django's, for each database, never
written by hand. ``tests/test_prepared.py`` holds every prepared query of
the app equal to its queryset, on SQLite and PostgreSQL.

Only what a marker can stand for is accepted: whole parameters (an id, a
key), passed to the database as they are, never folded into the SQL text.
A query whose markers do not all come out as parameters is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import ValuesIterable
from django.db.transaction import TransactionManagementError

# Values no id or key of the application takes, so a marker is never mistaken
# for a constant of the query; the int one within a 32-bit column's range,
# which Django checks (a value outside it would make the query match nothing).
_INT_MARKER = -2_034_567_891
_STR_MARKER = "\x1fprepared-parameter-{}\x1f"
_INT64 = range(-(2**63), 2**63)


class OutOfRange(ValueError):
    """An int no column can hold (beyond 64 bits): for the ORM, a lookup of it finds no row."""


class PreparedQuery:
    """``build(*parameters)`` → a ``.values()`` queryset of a fixed shape; ``rows(*values)`` runs it.

    ``kinds`` says what each parameter is (``int``, ``float`` or ``str``; one
    may appear several times in the query); values are coerced as the ORM
    would (``int("7")``), and a value that cannot be is a ValueError or
    TypeError as from the ORM. An int beyond 64 bits is a ValueError too (no
    column holds one; the ORM finds no row for it). With ``paged=True`` the
    query must not be sliced; ``rows(..., limit=, offset=)`` pages it
    (``LIMIT %s OFFSET %s``, the same on SQLite and PostgreSQL).
    """

    def __init__(self, build: Callable, *kinds: type, paged: bool = False):
        unknown = [kind for kind in kinds if kind not in (int, float, str)]
        if unknown:
            raise TypeError(f"Parameters can be int, float or str, not {unknown}.")
        self.build, self.kinds, self.paged = build, kinds, paged
        # Per thread, as Django's connections are: the compiler keeps its connection.
        self._local = threading.local()

    def markers(self) -> list:
        return [
            _INT_MARKER - i if kind is int else _INT_MARKER - i - 0.5 if kind is float else _STR_MARKER.format(i)
            for i, kind in enumerate(self.kinds)
        ]

    def queryset(self, *values):
        """The queryset itself, for the given values (what ``rows`` is held equal to)."""
        return self.build(*values)

    def rows(self, *values, limit: int | None = None, offset: int = 0, using: str = DEFAULT_DB_ALIAS) -> list[dict]:
        if len(values) != len(self.kinds):
            raise TypeError(f"Expected {len(self.kinds)} parameters, got {len(values)}.")
        if (limit is not None) != self.paged:
            raise TypeError("limit is required for a paged query, and only for one.")
        values = [kind(value) for kind, value in zip(self.kinds, values, strict=True)]
        for value in values:
            if type(value) is int and value not in _INT64:
                raise OutOfRange(f"{value} is out of range.")
        connection = connections[using]
        compiled = self._compiled(connection, using)
        if compiled.sql is None:  # the query can match nothing, whatever the values
            return []
        if compiled.locking and connection.features.has_select_for_update and connection.get_autocommit():
            # What Django checks when it compiles a locking query, which here is only the first time.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = values[index]
        if self.paged:
            params += [int(limit), int(offset)]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        # As ValuesIterable: the named columns, converted by the compiler that wrote the SQL
        # (a row may carry more columns than names, e.g. for DISTINCT ordering; they are dropped).
        rows = compiled.compiler.results_iter(results=[fetched])
        return [dict(zip(compiled.names, row, strict=False)) for row in rows]

    def one(self, *values, using: str = DEFAULT_DB_ALIAS) -> dict:
        """The one row of a lookup by key, or the model's DoesNotExist as ``QuerySet.get`` raises it.

        A key beyond 64 bits is no row, as the ORM judges it.
        """
        try:
            rows = self.rows(*values, using=using)
        except OutOfRange:
            rows = []
        if len(rows) != 1:
            model = self._compiled(connections[using], using).compiler.query.model
            if not rows:
                raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
            raise model.MultipleObjectsReturned(f"get() returned more than one {model._meta.object_name}.")
        return rows[0]

    def _compiled(self, connection, using) -> _Compiled:
        cache = self._local.__dict__.setdefault("compiled", {})
        compiled = cache.get(using)
        if compiled is None or compiled.compiler.connection is not connection:
            compiled = cache[using] = self._compile(connection, using)
        return compiled

    def _compile(self, connection, using) -> _Compiled:
        markers = self.markers()
        queryset = self.build(*markers)
        query = queryset.query
        if queryset._iterable_class is not ValuesIterable:
            raise TypeError("A prepared query is a .values() queryset.")
        if self.paged and (query.is_sliced or query.select_for_update):
            raise TypeError("A paged prepared query is neither sliced nor locking.")
        compiler = query.get_compiler(using=using, connection=connection)
        names = list(query.selected) if query.selected else [
            *query.extra_select, *query.values_select, *query.annotation_select,
        ]
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if not query.is_empty():  # a marker Django judged out of range: it would always be empty
                raise ValueError("This query cannot be prepared: a parameter made it match nothing.") from None
            return _Compiled(None, (), (), names, compiler, False)  # .none(): nothing, whatever the values
        slots = []
        for position, param in enumerate(params):
            for index, marker in enumerate(markers):
                if type(param) is type(marker) and param == marker:
                    slots.append((position, index))
        missing = set(range(len(markers))) - {index for _, index in slots}
        if missing:
            raise ValueError(f"Parameters {sorted(missing)} did not come out as SQL parameters.")
        if self.paged:
            sql += " LIMIT %s OFFSET %s"
        return _Compiled(sql, tuple(params), tuple(slots), names, compiler, bool(query.select_for_update))


class _Compiled:
    __slots__ = ("sql", "params", "slots", "names", "compiler", "locking")

    def __init__(self, sql, params, slots, names, compiler, locking):
        self.sql, self.params, self.slots, self.names, self.compiler = sql, params, slots, names, compiler
        self.locking = locking


def concrete_names(model, prefix: str = "") -> list[str]:
    """Every concrete field of ``model`` by the name ``values()`` reads it (``prefix`` for a related one)."""
    return [prefix + field.attname for field in model._meta.concrete_fields]


def instance(model, row: dict, prefix: str = "", using: str = DEFAULT_DB_ALIAS):
    """The model instance the ORM would build from the row's ``concrete_names(model, prefix)`` columns."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(using, names, [row[prefix + name] for name in names])
