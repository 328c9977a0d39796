"""Linking through a real Redis broker and a real Celery worker: a pasted article does not wait
behind a bulk import's linking."""

import pytest

from annotations.models import Article, Claim, ClaimFingerprint
from annotations.services import articles
from tests.integration.conftest import Worker
from tests.integration.test_worker_splitting import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def linking_worker(live_queue, tmp_path):
    """A worker whose broker waits a minute before handing an unacknowledged task out again.

    A link task of 25 articles takes several seconds on a loaded machine: with the 3 s of the
    recovery drills, Redis gave each running task to the other process again and again, and the
    backlog was relinked over and over instead of drained.
    """
    worker = Worker(tmp_path / "worker.log", env={"CELERY_VISIBILITY_TIMEOUT": "60"})
    worker.start()
    yield worker
    worker.stop()


def _linked(article_ids) -> set[int]:
    return set(ClaimFingerprint.objects.filter(article_id__in=article_ids).values_list("article_id", flat=True))


def test_a_pasted_article_is_linked_ahead_of_a_bulk_backlog(linking_worker, seed_texts):
    seeds = list(seed_texts.values())
    # Enough link tasks (25 articles each) that a quiet machine is still draining them when the
    # paste arrives: with 200, a fast worker had linked the whole import before it.
    bulk = articles.article_create_many(items=[
        {"body": f"{seeds[i % len(seeds)]}\nCopy {i}."} for i in range(600)
    ])
    bulk_ids = [article.pk for article in bulk]
    # Every split done and the first link batch written: the rest of the linking waits in the queue.
    assert wait_until(lambda: Article.objects.filter(
        pk__in=bulk_ids, split_state=Article.SplitState.DONE).count() == len(bulk_ids) and _linked(bulk_ids),
        timeout=120, interval=0.02), "the bulk import was never split and linked"

    pasted = articles.article_create(body=seeds[0] + "\nPasted while the import was being linked.")
    assert wait_until(lambda: _linked([pasted.pk]), timeout=60, interval=0.02)
    waiting = len(bulk_ids) - len(_linked(bulk_ids))

    pasted.refresh_from_db()
    assert pasted.split_state == Article.SplitState.DONE
    assert waiting > 0, "the bulk import was linked before the pasted article: the lane was not used"
    claims = set(Claim.objects.filter(article=pasted, kind=Claim.Kind.CLAIM).values_list("pk", flat=True))
    assert set(ClaimFingerprint.objects.filter(article=pasted).values_list("claim_id", flat=True)) == claims
    assert wait_until(lambda: len(_linked(bulk_ids)) == len(bulk_ids), timeout=180)
