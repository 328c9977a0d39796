"""Celery tasks: thin wrappers that load ids and call one service.

Safe to run twice (the services are idempotent), which is what makes
``acks_late`` with ``reject_on_worker_lost`` safe: a task whose worker died
is delivered again rather than lost.
"""

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError

from annotations import linking, services

# Only errors that a later attempt can cure: a locked SQLite file, a dropped
# PostgreSQL connection. A bug retried is a bug repeated.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def article_split_task(article_id: int, content_hash: str) -> None:
    services.article_split(article_id=article_id, content_hash=content_hash)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def requeue_stalled_splits_task() -> None:
    services.article_requeue_stalled(queued_for=dt.timedelta(minutes=2), splitting_for=dt.timedelta(minutes=15))


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def article_link_task(article_id: int) -> None:
    linking.article_link(article_id=article_id)
