"""A new verdict's rows written in one statement on PostgreSQL: the project's fast path for verdicts.

A verdict POST is the API's commonest write, and what it must write is
fixed by the audit trail: the verdict and its history row, the claim's new
status with its history row (or only its review facts), the pairing of the
claim's other verdicts when it changes, and the audit event. Through the ORM
that is five to six statements, each compiled in Python and sent on its own
round trip: a third of the request's time in a profile. Here they are one statement of
data-modifying CTEs (docs/benchmarks.md, "A verdict in one statement", has
the measured gain).

Nothing is decided here. Before the write, this module reads what the
decision needs, as the ORM would read it (``claim_locked``, ``standing``,
with the transaction's plans reused: ``plans_reused``); ``services.review``
works out the status, the facts, the pairing and the audit record with the
same code on either path, and hands this module the unsaved objects.
Their values go out as Django itself would send them (each field's
``pre_save`` and ``get_db_prep_save``), and history rows carry what
simple-history's own signal would write. No model signal is sent for these
rows: the app listens to none, and a receiver added for Verdict, Claim or
AuditEvent saves needs this path turned off or taught.
``settings.VERDICT_FAST_SQL = False``, and SQLite, take the ORM path;
``tests/test_verdict_paths.py`` holds the two paths to the same rows for
every way a verdict can move a claim.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from annotations.models import AuditEvent, Claim, Rating, Verdict
from annotations.services.common import plans_reused_until_commit
from annotations.sqlrows import instance_from_row

HISTORY_EXTRAS = ("history_date", "history_change_reason", "history_type", "history_user")


def in_use() -> bool:
    return settings.VERDICT_FAST_SQL and connection.vendor == "postgresql"


def plans_reused() -> None:
    """Let PostgreSQL reuse its plans of the statements a verdict runs, for the rest of this transaction.

    The connection plans every statement for its values (``DB_PLAN_CACHE_MODE``,
    settings) because some reads need it; a verdict's statements (the claim
    locked by its key, its standing verdicts, the write) plan the same for any
    values, and planning them afresh was PostgreSQL's largest cost per verdict
    after the write itself (docs/benchmarks.md, "A verdict's plans reused").
    """
    plans_reused_until_commit()


def claim_locked(pk: int) -> Claim:
    """The claim's row, locked until the transaction ends (``services.common.claim_for_update``'s read, the
    claim alone locked); Claim.DoesNotExist when there is none."""
    with connection.cursor() as cursor:
        cursor.execute(_claim_locked_statement(), [pk])
        row = cursor.fetchone()
    if row is None:
        raise Claim.DoesNotExist("No claim with this id.")
    return instance_from_row(Claim, Claim._meta.concrete_fields, row)


def standing(claim_id: int) -> list[tuple]:
    """(rating id, given at, rating value) of the claim's verdicts that stand, as ``services.review._standing``
    reads them (in the verdicts' default order)."""
    with connection.cursor() as cursor:
        cursor.execute(_standing_statement(), [claim_id])
        return cursor.fetchall()


@cache
def _claim_locked_statement() -> str:
    columns = ", ".join(_q(field.column) for field in Claim._meta.concrete_fields)
    return (f"SELECT {columns} FROM {_q(Claim._meta.db_table)} "
            f"WHERE {_q(Claim._meta.pk.column)} = %s FOR UPDATE")


@cache
def _standing_statement() -> str:
    def col(model, name):
        return _q(model._meta.get_field(name).column)

    order = ", ".join(f"v.{col(Verdict, name.lstrip('-'))}{' DESC' if name.startswith('-') else ''}"
                      for name in Verdict._meta.ordering)
    return (f"SELECT v.{col(Verdict, 'rating')}, v.{col(Verdict, 'created_at')}, r.{col(Rating, 'value')} "
            f"FROM {_q(Verdict._meta.db_table)} v JOIN {_q(Rating._meta.db_table)} r "
            f"ON r.{_q(Rating._meta.pk.column)} = v.{col(Verdict, 'rating')} "
            f"WHERE v.{col(Verdict, 'claim')} = %s AND v.{col(Verdict, 'withdrawn_at')} IS NULL ORDER BY {order}")


def verdict_stamp(verdict: Verdict) -> None:
    """Give a new verdict the times its save would give it (``auto_now_add``/``auto_now``)."""
    for field in Verdict._meta.concrete_fields:
        field.pre_save(verdict, add=True)


def verdict_write(*, verdict: Verdict, claim: Claim, claim_saved: list[str], claim_updated: list[str],
                  others_pairing: int | None, event: AuditEvent) -> None:
    """Insert ``verdict`` (stamped) with its history row and ``event``, and update ``claim``, in one statement.

    ``claim_saved``: fields written as ``claim.save(update_fields=...)`` writes
    them (``updated_at`` stamped, a "~" history row by ``claim._history_user``);
    ``claim_updated``: fields written as ``update()`` writes them (no history).
    ``others_pairing``: the pairing every other verdict of the claim takes, when
    it changed. ``event.after["verdict"]["id"]`` is filled in with the new
    verdict's id, which is also set on ``verdict``.
    """
    assert not (claim_saved and claim_updated), "a claim is saved or updated, not both"
    history = _history_enabled()
    params = _values(verdict, _verdict_fields())
    if history:
        params += _history_values(verdict, "+", verdict._history_user, with_pk=False)
    if claim_saved or claim_updated:
        if "updated_at" in claim_saved:
            Claim._meta.get_field("updated_at").pre_save(claim, add=False)
        params += _values(claim, [Claim._meta.get_field(name) for name in claim_saved or claim_updated])
        params.append(claim.pk)
        if claim_saved and history:
            params += _history_values(claim, "~", claim._history_user, with_pk=True)
    if others_pairing is not None:
        params += [others_pairing, claim.pk, others_pairing]
    params += _event_values(event)
    sql = _statement(history, tuple(claim_saved), tuple(claim_updated), others_pairing is not None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        verdict.pk = cursor.fetchone()[0]
    verdict._state.adding, verdict._state.db = False, connection.alias
    event.after["verdict"]["id"] = verdict.pk


@cache
def _statement(history: bool, claim_saved: tuple, claim_updated: tuple, others_pairing: bool) -> str:
    """The statement's text for one shape of write (a handful of shapes, so each is built once and, being the
    same text, prepared once per connection); its parameters are in ``verdict_write``'s order."""
    verdict_table, claim_table = _q(Verdict._meta.db_table), _q(Claim._meta.db_table)
    ctes = [f"new_verdict AS ({_insert(Verdict, _verdict_fields())} RETURNING {_q(Verdict._meta.pk.column)})"]
    if history:
        ctes.append(f"verdict_history AS ({_history_insert(Verdict, id_from='new_verdict')})")
    if claim_saved or claim_updated:
        changed = [Claim._meta.get_field(name) for name in claim_saved or claim_updated]
        ctes.append(f"claim_update AS (UPDATE {claim_table} SET " + ", ".join(f"{_q(f.column)} = %s" for f in changed)
                    + f" WHERE {_q(Claim._meta.pk.column)} = %s)")
        if claim_saved and history:
            ctes.append(f"claim_history AS ({_history_insert(Claim)})")
    if others_pairing:
        ctes.append(f"pairing AS (UPDATE {verdict_table} SET pairing = %s WHERE claim_id = %s AND pairing <> %s)")
    ctes.append(f"audit AS ({_event_insert()} FROM new_verdict)")
    return "WITH " + ", ".join(ctes) + " SELECT * FROM new_verdict"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _verdict_fields() -> list:
    return [f for f in Verdict._meta.concrete_fields if not f.primary_key]


def _insert(model, fields) -> str:
    return (f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(_q(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})")


def _values(obj, fields) -> list:
    return [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]


def _history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


@cache
def history_fields(model) -> tuple[list, list]:
    """The history model's columns as simple-history fills them: (tracked, the four it adds).

    Raises if the history model has any other column, so that a change to
    simple-history or to the model stops this path instead of leaving a column
    unwritten.
    """
    history = get_history_manager_for_model(model).model
    tracked = [history._meta.get_field(f.name) for f in history.tracked_fields]
    extras = [history._meta.get_field(name) for name in HISTORY_EXTRAS]
    written = {f.name for f in tracked + extras}
    unknown = [f.name for f in history._meta.concrete_fields if not f.primary_key and f.name not in written]
    if unknown:
        raise RuntimeError(f"{history.__name__} has columns the verdict fast path does not write: {unknown}")
    return tracked, extras


def _history_columns(model, with_pk: bool) -> list:
    tracked, extras = history_fields(model)
    pk = model._meta.pk.attname
    return [f for f in tracked if with_pk or f.attname != pk] + extras


def _history_insert(model, id_from: str | None = None) -> str:
    """The history row of a ``model`` object as simple-history's post_save writes it; ``id_from``: the CTE
    whose ``id`` is the object's, for an object inserted by the same statement."""
    table = _q(get_history_manager_for_model(model).model._meta.db_table)
    columns = _history_columns(model, with_pk=not id_from)
    names = ", ".join(_q(f.column) for f in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    if id_from:
        return f"INSERT INTO {table} ({_q(model._meta.pk.column)}, {names}) SELECT id, {placeholders} FROM {id_from}"
    return f"INSERT INTO {table} ({names}) VALUES ({placeholders})"


def _history_values(obj, history_type: str, user, *, with_pk: bool) -> list:
    tracked = _history_columns(type(obj), with_pk)[:-len(HISTORY_EXTRAS)]
    values = [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in tracked]
    return values + [timezone.now(), None, history_type, user.pk if user is not None else None]


def _event_fields() -> list:
    return [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


def _event_insert() -> str:
    columns, selects = [], []
    for f in _event_fields():
        columns.append(_q(f.column))
        # The verdict's id goes into the audit record as the database gives it.
        selects.append("jsonb_set(%s::jsonb, '{verdict,id}', to_jsonb(new_verdict.id))" if f.name == "after"
                       else "%s")
    return f"INSERT INTO {_q(AuditEvent._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(selects)}"


def _event_values(event: AuditEvent) -> list:
    fields = _event_fields()
    for f in fields:
        f.pre_save(event, add=True)
    return _values(event, fields)
