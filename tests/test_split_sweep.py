"""The beat sweep: a split whose send failed goes out at the next sweep; a long queue is not flooded.

And the settings that bound every broker call and the redelivery of a lost task.
"""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.utils import timezone

from annotations import tasks
from annotations.models import Article
from annotations.services import articles

BODY = "Harbour News {i}\n\nThe harbour handled {i} million containers last year, the port authority said."
QUEUED_FOR = dt.timedelta(minutes=30)
SPLITTING_FOR = dt.timedelta(minutes=15)


class Sent(list):
    """The chunks that reached the broker; ``refuse = True`` makes it unreachable."""

    refuse = False


@pytest.fixture
def sent(monkeypatch):
    calls = Sent()

    def send(items):
        if calls.refuse:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        calls.append(items)

    monkeypatch.setattr(tasks.article_split_many_task, "delay", send)
    monkeypatch.setattr(tasks.article_split_task, "delay", lambda *pair: send([pair]))
    return calls


def _create(n, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = articles.article_create_many(items=[{"body": BODY.format(i=i)} for i in range(n)])
    return Article.objects.filter(pk__in=[a.pk for a in created]).order_by("pk")


def _sweep():
    return articles.article_requeue_stalled(queued_for=QUEUED_FOR, splitting_for=SPLITTING_FOR)


def _age(queryset, **ago):
    queryset.update(updated_at=timezone.now() - dt.timedelta(**ago))


def test_an_article_whose_send_failed_is_sent_at_the_next_sweep_however_young(
        db, sent, django_capture_on_commit_callbacks):
    sent.refuse = True
    created = _create(2, sent, django_capture_on_commit_callbacks)
    assert all(a.split_error.startswith(articles.UNSENT_NOTE) for a in created)

    sent.refuse = False
    count = _sweep()

    assert count == 2
    assert sorted(pair for chunk in sent for pair in chunk) == [(a.pk, a.content_hash) for a in created]
    assert {(a.split_state, a.split_error) for a in created.all()} == {(Article.SplitState.QUEUED, "")}


def test_a_sweep_while_the_broker_is_still_down_keeps_the_note_for_the_next_one(
        db, sent, django_capture_on_commit_callbacks):
    sent.refuse = True
    created = _create(1, sent, django_capture_on_commit_callbacks)

    assert _sweep() == 0
    assert created.get().split_error.startswith(articles.UNSENT_NOTE)

    sent.refuse = False
    assert _sweep() == 1


def test_articles_waiting_behind_a_bulk_import_are_not_sent_again_before_the_queued_age(
        db, sent, django_capture_on_commit_callbacks):
    created = _create(3, sent, django_capture_on_commit_callbacks)
    sent.clear()
    _age(created, minutes=29)

    assert _sweep() == 0
    assert sent == []


def test_an_article_queued_past_the_age_is_sent_once_and_its_clock_starts_over(
        db, sent, django_capture_on_commit_callbacks):
    created = _create(3, sent, django_capture_on_commit_callbacks)
    sent.clear()
    _age(created, minutes=31)

    assert _sweep() == 3
    assert _sweep() == 0, "the next sweep sent the same articles again"
    assert len([pair for chunk in sent for pair in chunk]) == 3


def test_a_split_a_lost_worker_left_is_sent_again_and_queued_and_a_running_one_is_left_alone(
        db, sent, django_capture_on_commit_callbacks):
    lost, running = _create(2, sent, django_capture_on_commit_callbacks)
    sent.clear()
    now = timezone.now()
    Article.objects.filter(pk=lost.pk).update(split_state=Article.SplitState.SPLITTING,
                                              split_started_at=now - dt.timedelta(minutes=16))
    Article.objects.filter(pk=running.pk).update(split_state=Article.SplitState.SPLITTING,
                                                 split_started_at=now - dt.timedelta(minutes=1))

    assert _sweep() == 1

    assert sent == [[(lost.pk, lost.content_hash)]]
    lost.refresh_from_db()
    running.refresh_from_db()
    assert lost.split_state == Article.SplitState.QUEUED
    assert running.split_state == Article.SplitState.SPLITTING
    assert _sweep() == 0


def test_a_batch_stops_trying_the_broker_at_its_first_failure(db, monkeypatch, django_capture_on_commit_callbacks):
    attempts = []

    def refuse(items):
        attempts.append(items)
        raise TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(tasks.article_split_many_task, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        created = articles.article_create_many(items=[{"body": BODY.format(i=i)} for i in range(40)])

    assert len(attempts) == 1, "each chunk waited for the broker timeout again"
    notes = set(Article.objects.filter(pk__in=[a.pk for a in created]).values_list("split_error", flat=True))
    assert notes == {f"{articles.UNSENT_NOTE}: Timeout reading from socket"}


def test_the_sweep_runs_every_ten_seconds_and_a_stale_one_expires():
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stalled-splits"]
    assert entry["schedule"] == settings.SPLIT_SWEEP_SECONDS == 10
    assert entry["options"] == {"expires": 10}


def test_every_broker_call_is_bounded_and_a_lost_task_comes_back_within_about_a_minute():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["socket_timeout"] == options["socket_connect_timeout"] == settings.BROKER_TIMEOUT_SECONDS == 1.0
    assert options["max_retries"] == 0 and settings.CELERY_TASK_PUBLISH_RETRY is False
    # kombu scans for lost tasks every interval × throttle seconds.
    scan = options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    assert options["visibility_timeout"] + scan == 65


def test_a_webhook_retry_waits_in_steps_shorter_than_the_visibility_timeout(monkeypatch):
    """Redis hands out again a message held past the timeout; a one-hour countdown would be delivered twice."""
    delivered, retried = [], []
    monkeypatch.setattr(tasks.webhooks, "webhook_deliver",
                        lambda delivery_id: delivered.append(delivery_id) or tasks.webhooks.DeliveryOutcome(
                            "pending", retry_in=3600))

    def retry(**kwargs):
        retried.append(kwargs)
        return RuntimeError("retry")

    monkeypatch.setattr(tasks.webhook_deliver_task, "retry", retry)
    with pytest.raises(RuntimeError):
        tasks.webhook_deliver_task.run(7)
    (first,) = retried
    assert delivered == [7]
    assert first["countdown"] == settings.TASK_VISIBILITY_TIMEOUT / 2 == 30
    due = first["args"][1]
    assert first["args"][0] == 7 and 3590 < due - time.time() <= 3600

    # The next step is not due yet: no attempt, only another step.
    with pytest.raises(RuntimeError):
        tasks.webhook_deliver_task.run(7, due)
    assert delivered == [7]
    assert retried[1] == {"args": (7, due), "countdown": 30}
