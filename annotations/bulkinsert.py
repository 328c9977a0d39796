"""Inserting many new rows of one model without the ORM's cost per value.

Django's ``bulk_create`` (and simple-history's ``bulk_create_with_history`` on
top of it) sends every value of every row through the field machinery. For
the claims of a bulk import and their history rows that was half of the
split workers' time (docs/benchmarks.md). These rows hold only plain values
(text, numbers, booleans, foreign keys, timestamps), which the database
drivers take as they are, so one ``executemany`` per model does the same
work. Anything else is refused rather than guessed at.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from types import SimpleNamespace

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object

PLAIN_FIELDS = (
    models.CharField, models.TextField, models.IntegerField, models.FloatField, models.BooleanField,
    models.ForeignKey,
)


def row_maker(model):
    """Makes plain rows of ``model`` (its fields' defaults, then what is given) for ``insert_instances``.

    A model instance costs about 30 µs to build, which for the eight claims of
    a short article was more than inserting them.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    constant = {f.attname: f.get_default() for f in fields if not callable(f.default)}
    computed = [f for f in fields if callable(f.default)]

    def make(**values) -> SimpleNamespace:
        row = SimpleNamespace(**constant, **{f.attname: f.get_default() for f in computed})
        row.__dict__.update(values)
        setattr(row, model._meta.pk.attname, None)
        return row

    return make


def insert_instances(
    objs: list, *, key: tuple[str, ...], model=None, history_reason: str | None = None,
    history_user_id: int | None = None,
) -> None:
    """INSERT unsaved instances (or ``row_maker`` rows of ``model``) with an auto primary key; set their keys.

    ``key`` names fields whose values are unique together (a unique
    constraint), by which the new rows are found again. With
    ``history_reason``, a creation row ("+") goes into the model's
    simple-history table too, as ``bulk_create_with_history`` would write it.
    """
    if not objs:
        return
    model = model or type(objs[0])
    now = timezone.now()
    fields = _insert_fields(model)
    for obj in objs:
        for field in fields:
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                setattr(obj, field.attname, now)
    _execute(model, fields, ([getattr(obj, f.attname) for f in fields] for obj in objs))
    _set_primary_keys(model, objs, key)
    if history_reason is not None:
        insert_history(objs, model=model, reason=history_reason, date=now, user_id=history_user_id)


def insert_history(objs: list, *, reason: str | None, model=None, date=None, user_id: int | None = None,
                   history_type: str = "+") -> None:
    """simple-history's rows for saved instances, as ``bulk_history_create`` makes them (creation rows,
    unless ``history_type`` says "~", a change)."""
    history_model = (model or type(objs[0])).history.model
    tracked = {field.attname for field in history_model.tracked_fields}
    given = {
        "history_date": date or timezone.now(), "history_type": history_type, "history_change_reason": reason,
        "history_user_id": user_id,
    }
    fields = _insert_fields(history_model)
    unknown = [f.attname for f in fields if f.attname not in tracked and f.attname not in given]
    if unknown:
        raise ValueError(f"Cannot fill the history fields {unknown} of {history_model.__name__}.")
    _execute(history_model, fields, (
        [getattr(obj, f.attname) if f.attname in tracked else given[f.attname] for f in fields] for obj in objs
    ))


def save_with_history(instance, **save_kwargs) -> None:
    """``instance.save(**save_kwargs)`` and the history row simple-history's post_save would write
    for it, with the same user, type, reason, date and fields, in one INSERT.

    simple-history builds a historical model instance and saves it through the
    ORM for each row; for a verdict (its own row and its claim's) that was a
    tenth of the request (docs/benchmarks.md). Its pre/post_create_historical_record
    signals are not sent (nothing here listens to them); history turned off
    (SIMPLE_HISTORY_ENABLED, ``skip_history_when_saving``) is respected. A test
    holds the rows equal to simple-history's.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or hasattr(instance, "skip_history_when_saving"):
        instance.save(**save_kwargs)  # simple-history writes nothing for these; neither does this
        return
    created = instance._state.adding  # what post_save reports as "created" for a new or a loaded instance
    instance.skip_history_when_saving = True
    try:
        instance.save(**save_kwargs)
    finally:
        del instance.skip_history_when_saving
    user = _history_user(instance)
    insert_history(
        [instance], model=type(instance), reason=get_change_reason_from_object(instance),
        date=getattr(instance, "_history_date", None) or timezone.now(),
        user_id=user.pk if user is not None else None, history_type="+" if created else "~",
    )


def _history_user(instance):
    """simple-history's ``get_history_user`` with its default ``get_user``: the instance's
    ``_history_user``, else the signed-in user of the request its middleware holds."""
    try:
        return instance._history_user
    except AttributeError:
        pass
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


def _insert_fields(model) -> list[models.Field]:
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
    for field in fields:
        if not isinstance(field, (*PLAIN_FIELDS, models.DateField)):
            raise TypeError(f"{model.__name__}.{field.name} is a {type(field).__name__}; insert it with the ORM.")
    return fields


def _execute(model, fields: list[models.Field], rows: Iterable[list]) -> None:
    quote = connection.ops.quote_name
    # Dates and times are the drivers' business on PostgreSQL, strings on SQLite:
    # the field says which. A batch shares few distinct values, so each is
    # prepared once.
    prepared_dates: dict = {}
    date_columns = [i for i, f in enumerate(fields) if isinstance(f, models.DateField)]

    def prepared(row: list) -> list:
        for i in date_columns:
            value = row[i]
            if (i, value) not in prepared_dates:
                prepared_dates[i, value] = fields[i].get_db_prep_save(value, connection)
            row[i] = prepared_dates[i, value]
        return [v.value if isinstance(v, enum.Enum) else v for v in row]

    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    rows = list(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > 1:
            # COPY: PostgreSQL's bulk load, several times faster than an
            # executemany of INSERTs, whose parameters psycopg writes into each
            # statement one by one. (One row, a save's history row, is an INSERT:
            # no faster as a COPY, and an INSERT shows in the query log.)
            with connection.wrap_database_errors, cursor.cursor.copy(
                    f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            cursor.executemany(sql, [prepared(row) for row in rows])


def select_in(model, column: str, values, fields: tuple[str, ...]) -> list[tuple]:
    """``fields`` (attnames) of the rows whose ``column`` is one of ``values``.

    The ORM's ``__in`` prepares each of a thousand values on its own; here they
    go to the database as they are (an array on PostgreSQL, batches of
    placeholders on SQLite).
    """
    values = list(values)
    quote = connection.ops.quote_name
    selected = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    where = quote(model._meta.get_field(column).column)
    table = quote(model._meta.db_table)
    rows = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {selected} FROM {table} WHERE {where} = ANY(%s)", [values])
            return cursor.fetchall()
        for first in range(0, len(values), 900):  # under SQLite's oldest limit of 999 variables
            batch = values[first:first + 900]
            cursor.execute(f"SELECT {selected} FROM {table} WHERE {where} IN ({', '.join(['%s'] * len(batch))})",
                           batch)
            rows += cursor.fetchall()
    return rows


def _set_primary_keys(model, objs: list[models.Model], key: tuple[str, ...]) -> None:
    attnames = [model._meta.get_field(name).attname for name in key]
    by_key = {tuple(getattr(obj, a) for a in attnames): obj for obj in objs}
    found = select_in(model, attnames[0], {k[0] for k in by_key}, (model._meta.pk.attname, *attnames))
    pk_attname = model._meta.pk.attname
    for pk, *values in found:
        obj = by_key.get(tuple(values))
        if obj is not None:
            setattr(obj, pk_attname, pk)
            if isinstance(obj, models.Model):
                obj._state.adding = False
                obj._state.db = connection.alias
    missing = sum(getattr(obj, pk_attname) is None for obj in objs)
    if missing:
        raise RuntimeError(f"{missing} inserted {model.__name__} rows were not found again by {key}.")
