"""A worker whose main process is killed mid-split: another worker finishes the split within the bound.

The bound is the broker's visibility timeout plus its scan for unacknowledged
tasks (settings: CELERY_VISIBILITY_TIMEOUT, CELERY_UNACKED_RESTORE_SECONDS),
then the split itself. The test runs with short ones (10 s and 1 s) to stay
fast; DRILL_VISIBILITY_TIMEOUT=60 DRILL_RESTORE_SECONDS=5 DRILL_TRIALS=5 runs
the production defaults (README, "Limits and recovery").
"""

import os
import re
import statistics
import time

import pytest

from annotations import splitting
from annotations.models import Article
from annotations.services import articles
from tests.integration.conftest import Worker

pytestmark = pytest.mark.integration

VISIBILITY_TIMEOUT = int(os.environ.get("DRILL_VISIBILITY_TIMEOUT", "10"))
RESTORE_SECONDS = int(os.environ.get("DRILL_RESTORE_SECONDS", "1"))
TRIALS = int(os.environ.get("DRILL_TRIALS", "1"))
# The split of the article below, a fresh worker's first task, with room for a slow CI machine.
SPLIT_ALLOWANCE = 20
BOUND = VISIBILITY_TIMEOUT + RESTORE_SECONDS + SPLIT_ALLOWANCE

PARAGRAPH = "Officials said on Monday that 12,000 troops crossed the border. " * 40


def wait_until(predicate, timeout=60, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def received(worker: Worker, task_id: str) -> bool:
    return task_id in worker.log_path.read_text()


def split_state(article) -> str:
    return Article.objects.values_list("split_state", flat=True).get(pk=article.pk)


def kill_the_worker_splitting(article, workers: list[Worker]) -> Worker:
    """Kill the main process of the worker that took the article's split, as soon as the split has started."""
    assert wait_until(lambda: split_state(article) == Article.SplitState.SPLITTING, interval=0.005), \
        "no worker started splitting"
    pattern = re.compile(r"article_split_task\[([0-9a-f-]+)\] received")
    owner = next(w for w in workers if pattern.search(w.log_path.read_text()))
    owner.kill_main()
    return owner


def drill(trial: int, tmp_path, broker) -> float:
    """One kill and recovery; the seconds from the kill to the finished split."""
    broker.flushall()
    env = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), "CELERY_UNACKED_RESTORE_SECONDS": str(RESTORE_SECONDS)}
    workers = [Worker(tmp_path / f"worker-{trial}-{name}.log", env=env) for name in "ab"]
    for worker in workers:
        worker.start()
    try:
        body = "\n\n".join(f"{i}. Trial {trial}. {PARAGRAPH}" for i in range(80))
        article = articles.article_create(body=body, title=f"A long article, trial {trial}")
        owner = kill_the_worker_splitting(article, workers)
        killed_at = time.monotonic()
        finished = wait_until(lambda: split_state(article) == Article.SplitState.DONE, timeout=BOUND + 30)
        recovery = time.monotonic() - killed_at
        task_id = re.search(r"article_split_task\[([0-9a-f-]+)\] received", owner.log_path.read_text())[1]
        survivor = next(w for w in workers if w is not owner)
        # Acknowledged before the worker stops, or the next trial would meet it again.
        wait_until(lambda: f"{task_id}] succeeded" in survivor.log_path.read_text(), timeout=30)
    finally:
        for worker in workers:
            worker.stop()

    assert finished, f"the split was never finished (trial {trial})"
    assert received(survivor, task_id), "the surviving worker never got the lost task"
    expected = {(c.start, c.end) for c in splitting.split_text(body)}
    assert sorted(article.claims.values_list("start", "end")) == sorted(expected), "claims lost or doubled"
    return recovery


def test_a_split_whose_worker_main_process_was_killed_is_finished_by_another_worker_within_the_bound(
        live_queue, tmp_path):
    recoveries = [drill(trial, tmp_path, live_queue) for trial in range(TRIALS)]

    print(f"\nworker killed: recovered in {[round(r, 1) for r in recoveries]} s, median "
          f"{statistics.median(recoveries):.1f} s (visibility {VISIBILITY_TIMEOUT} s + scan {RESTORE_SECONDS} s "
          "+ the split)")
    assert max(recoveries) < BOUND
