"""What the services share: the claim's row lock, version conflicts, the audit record, enqueueing tasks."""

from __future__ import annotations

import logging

from celery import current_app
from django.db import connection, transaction

from annotations.models import AuditEvent, Claim

log = logging.getLogger(__name__)


class VersionConflict(Exception):
    """The row changed since the client read it (optimistic locking); ``current`` is the stored row."""

    noun = "row"
    advice = "Reload it and apply your change again."

    def __init__(self, current, expected_version: int):
        super().__init__(
            f"This {self.noun} was changed since you read it: you sent version {expected_version}, "
            f"the current version is {current.version}. {self.advice}"
        )
        self.current = current
        self.expected_version = expected_version


class ClaimVersionConflict(VersionConflict):
    noun = "claim"
    advice = "Reload the page and apply your change again."


def claim_for_update(pk: int, *, expected_version: int | None = None) -> Claim:
    """The claim's row, locked until the transaction ends; ClaimVersionConflict on a stale version.

    Only the claim row is locked (``of=("self",)``), never its article: two
    reviewers rating two claims of one article must not wait on each other.
    The article is loaded lazily by whoever needs its body.
    """
    current = Claim.objects.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise ClaimVersionConflict(current, expected_version)
    return current


def audit(
    *, actor, action: str, claim: Claim | None = None, article_id: int | None = None,
    from_state: str = "", to_state: str = "", comment: str = "", before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """One append-only audit event: who (None only for the system's own jobs), what, before and after.

    ``from_state``/``to_state`` are the short labels people read in the trail;
    ``before``/``after`` hold every value the change touched (docs/workflow.md,
    "The audit trail"), so a claim's story can be rebuilt from events alone.
    """
    event = audit_event_new(actor=actor, action=action, claim=claim, article_id=article_id, from_state=from_state,
                            to_state=to_state, comment=comment, before=before, after=after)
    event.save(force_insert=True)
    return event


def audit_event_new(
    *, actor, action: str, claim: Claim | None = None, article_id: int | None = None,
    from_state: str = "", to_state: str = "", comment: str = "", before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """The event ``audit`` saves, unsaved (for a writer that saves it with other rows in one statement)."""
    return AuditEvent(
        claim=claim, article_id=article_id if article_id is not None else getattr(claim, "article_id", None),
        actor=actor, action=action, from_state=str(from_state)[:40], to_state=str(to_state)[:40],
        comment=comment, before=before or {}, after=after or {},
    )


def username(user) -> str | None:
    """How a person appears in an audit record: their username, or None for nobody."""
    return user.get_username() if user is not None else None


def task_send(task_name: str, *args) -> Exception | None:
    """Send ``annotations.tasks.<task_name>`` now; the error instead of raising when the broker is unreachable.

    One attempt, bounded by ``BROKER_TIMEOUT_SECONDS`` (settings: socket and
    connect timeouts on the broker transport, no retries), because it runs
    inside web requests: a broker that accepts connections and never answers
    costs the request about a second, and the caller records what was not sent.

    Tasks are looked up by name in Celery's registry (``annotations.apps``
    imports the tasks module at start-up), so no service imports ``tasks``
    and ``tasks`` imports services without a cycle.
    """
    try:
        current_app.tasks[f"annotations.tasks.{task_name}"].delay(*args)
    except Exception as exc:  # kombu/redis raise many types for "broker unreachable"
        log.warning("could not queue %s%s: %s", task_name, args[:1], exc)
        return exc
    return None


def task_send_on_commit(task_name: str, *args) -> None:
    """``task_send`` once the current transaction commits, so the worker never looks for a row it cannot see."""
    transaction.on_commit(lambda: task_send(task_name, *args))


def plans_reused_until_commit() -> None:
    """Let PostgreSQL reuse its plans for the rest of this transaction; the setting ends with it.

    The connection plans every statement for its values (``DB_PLAN_CACHE_MODE``,
    settings) because some reads need it; statements that plan the same for any
    values need not pay for that (``verdict_sql.plans_reused``,
    ``bulk.key_checks_reuse_plans``).
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = auto")
