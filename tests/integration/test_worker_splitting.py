"""Splitting through a real Redis broker and a real Celery worker."""

import time

import pytest
from django.core.management import call_command

from annotations import splitting
from annotations.models import Article, Claim
from annotations.services import articles

pytestmark = pytest.mark.integration


def wait_until(predicate, timeout=60, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def test_the_five_seeds_are_split_by_the_worker_with_exact_offsets(celery_worker_process):
    call_command("load_seeds", "--wait", "--timeout", "90")

    articles = list(Article.objects.all())
    assert len(articles) == 5
    assert {a.split_state for a in articles} == {Article.SplitState.DONE}
    assert {a.splitter_version for a in articles} == {splitting.SPLITTER_VERSION}
    for article in articles:
        claims = list(article.claims.all())
        assert claims, f"article {article.title!r} has no claims"
        for claim in claims:
            assert claim.text == article.body[claim.start:claim.end]
            assert "\n" not in claim.text and "\r" not in claim.text, "a claim spans two lines of the source"


def test_loading_the_seeds_twice_creates_nothing_new(celery_worker_process):
    call_command("load_seeds", "--wait")
    counts = (Article.objects.count(), Claim.objects.count())

    call_command("load_seeds", "--wait")

    assert (Article.objects.count(), Claim.objects.count()) == counts


def test_a_worker_killed_mid_split_is_replaced_and_the_article_ends_done_once(celery_worker_process):
    # Long enough that the worker is surely still splitting when it is killed.
    paragraph = "Officials said on Monday that 12,000 troops crossed the border. " * 40
    body = "\n\n".join(f"{i}. {paragraph}" for i in range(80))
    article = articles.article_create(body=body, title="A long article")

    assert wait_until(lambda: Article.objects.get(pk=article.pk).split_state == Article.SplitState.SPLITTING,
                      interval=0.005), "the worker never started splitting"
    celery_worker_process.kill()
    article.refresh_from_db()
    assert article.split_state == Article.SplitState.SPLITTING
    assert article.claims.count() == 0, "the interrupted transaction left claims behind"

    celery_worker_process.start()

    assert wait_until(lambda: Article.objects.get(pk=article.pk).split_state == Article.SplitState.DONE, timeout=90)
    expected = {(c.start, c.end) for c in splitting.split_text(body)}
    stored = list(article.claims.values_list("start", "end"))
    assert len(stored) == len(expected)
    assert set(stored) == expected


def test_a_worker_takes_every_waiting_split_before_any_linking(live_queue, tmp_path):
    from annotations import tasks
    from tests.integration.conftest import Worker

    # Linking queued first, splits after it, while no worker runs: a bulk import
    # behind a backlog of linking.
    for _ in range(3):
        tasks.article_link_many_task.delay([987654])
    created = [articles.article_create(body=f"Harbour report {i}\n\nThe port handled {i} million containers.")
               for i in range(4)]
    worker = Worker(tmp_path / "worker.log")
    worker.start()
    try:
        assert wait_until(lambda: Article.objects.filter(
            pk__in=[a.pk for a in created], split_state=Article.SplitState.DONE).count() == 4, timeout=60)
        assert wait_until(lambda: worker.log_path.read_text().count("article_link_many_task[") >= 3 * 2)
    finally:
        worker.stop()

    received = [line.split("annotations.tasks.")[1].split("[")[0]
                for line in worker.log_path.read_text().splitlines() if " received" in line]
    first_link = received.index("article_link_many_task")
    assert received.count("article_split_task") == 4
    assert all(name == "article_link_many_task" for name in received[first_link:]), received
