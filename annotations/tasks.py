"""Celery tasks: thin wrappers that take ids and call one service.

Safe to run twice (the services are idempotent), which is what makes
``acks_late`` with ``reject_on_worker_lost`` safe: a task whose worker died
is delivered again rather than lost. Services send these by name
(``services.common.task_send``), so this module is the only one importing both.
"""

import datetime as dt
import time

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from annotations.services import articles, intake, link_turns, matching, split, webhooks

# Only errors that a later attempt can cure: a locked SQLite file, a dropped
# PostgreSQL connection. A bug retried is a bug repeated.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
RETRY_TRANSIENT = dict(
    acks_late=True, reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=2, retry_backoff_max=60, max_retries=8,
)
# Redis hands out the messages of priority 0 of every queue before any of a lower priority
# (higher number), and within a priority the "celery" queue before "link" (settings). A
# bulk import's tasks go lower, so one pasted article is split and linked at once, not
# after a backlog: [one article's split, one article's link, a batch's splits, a batch's links].
BULK_SPLIT_PRIORITY = 6
BULK_LINK_PRIORITY = 9


@shared_task(**RETRY_TRANSIENT)
def article_split_task(article_id: int, content_hash: str) -> None:
    split.article_split(article_id=article_id, content_hash=content_hash)


@shared_task(**RETRY_TRANSIENT, priority=BULK_SPLIT_PRIORITY)
def article_split_many_task(items: list[tuple[int, str]]) -> None:
    """Split each (article id, content hash) of a batch; a rerun skips the articles already done."""
    split.article_split_many(items=[(article_id, content_hash) for article_id, content_hash in items])


@shared_task(acks_late=True, reject_on_worker_lost=True)
def requeue_stalled_splits_task() -> None:
    articles.article_requeue_stalled(
        queued_for=dt.timedelta(seconds=settings.SPLIT_REQUEUE_QUEUED_SECONDS),
        splitting_for=dt.timedelta(seconds=settings.SPLIT_REQUEUE_SPLITTING_SECONDS),
    )


def countdown_step() -> float:
    """The longest countdown one message may wait: half the broker's visibility timeout.

    A worker holds a message with a countdown unacknowledged until it runs, and
    Redis hands out again every message left unacknowledged for the visibility
    timeout (settings): a longer countdown would run twice, and each copy would
    schedule its own retry.
    """
    return settings.TASK_VISIBILITY_TIMEOUT / 2


# Network failures are retried by the service's own count (INTAKE_FETCH_ATTEMPTS), as with
# webhooks; Celery retries only the database's passing errors.
@shared_task(bind=True, **RETRY_TRANSIENT)
def article_fetch_task(self, fetch_id: int) -> None:
    """Fetch a URL and make (or find) its article; a rerun of a finished fetch does nothing."""
    outcome = intake.article_fetch(fetch_id=fetch_id)
    if outcome.retry_in is not None:
        # Never past countdown_step(): a longer wait would be handed out twice (see there).
        raise self.retry(countdown=min(outcome.retry_in, countdown_step()))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def requeue_stalled_fetches_task() -> None:
    intake.article_fetch_requeue_stalled(
        queued_for=dt.timedelta(seconds=settings.SPLIT_REQUEUE_QUEUED_SECONDS),
        fetching_for=dt.timedelta(seconds=settings.SPLIT_REQUEUE_SPLITTING_SECONDS),
    )


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def webhook_deliver_task(self, delivery_id: int, not_before: float | None = None) -> None:
    """One attempt; the service records it and says when to retry (it counts attempts, not Celery).

    A wait longer than ``countdown_step()`` is taken in steps, each a new
    message carrying the time the attempt is due (``not_before``, Unix seconds).
    Eager mode (tests, debugging) ignores countdowns, so there the attempt comes
    at once, as Celery's own retries do.
    """
    wait = (not_before or 0) - time.time()
    if wait <= 0 or self.request.is_eager:
        outcome = webhooks.webhook_deliver(delivery_id=delivery_id)
        if outcome.retry_in is None:
            return
        wait, not_before = outcome.retry_in, time.time() + outcome.retry_in
    raise self.retry(args=(delivery_id, not_before), countdown=min(wait, countdown_step()))


# On the "link" queue, which workers take from only when no split of the same priority
# waits (settings): a claim is worth reviewing as soon as it is split, and its twins
# in other articles can follow a little later.
@shared_task(**RETRY_TRANSIENT, queue="link", priority=BULK_LINK_PRIORITY)
def article_link_many_task(article_ids: list[int]) -> None:
    """Link a bulk batch's articles a turn of the link lock at a time; idempotent, so a retry may relink."""
    link_turns.articles_link_in_turns(article_ids=article_ids)


@shared_task(**RETRY_TRANSIENT, queue="link")
def article_link_task(article_id: int) -> None:
    """Link one article, ahead of any bulk work (priority 0): the lane for a pasted article."""
    matching.article_link(article_id=article_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, queue="link")
def key_frequency_rebuild_task() -> None:
    matching.key_frequency_rebuild()
