"""A bulk create sends its splits in chunks: few broker round trips, every article still split once."""

from annotations import splitting, tasks
from annotations.models import Article
from annotations.services import articles, split
from tests.scores import assert_same_as_seen

BODY = "Harbour News {i}\n\nThe harbour handled {i} million containers last year, the port authority said."


def _items(n):
    return [{"body": BODY.format(i=i)} for i in range(n)]


def test_a_batch_of_45_is_spread_over_8_tasks_after_commit(db, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasks.article_split_many_task, "delay", lambda items: sent.append(items))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = articles.article_create_many(items=_items(45))
        assert sent == [], "queued before the transaction committed"
    for callback in callbacks:
        callback()

    assert [len(chunk) for chunk in sent] == [6, 6, 6, 6, 6, 6, 6, 3]
    assert [pair for chunk in sent for pair in chunk] == [(a.pk, a.content_hash) for a in created]


def test_large_batches_go_in_chunks_of_50_and_small_ones_one_article_per_task():
    assert [articles.split_chunk_size(n) for n in (1, 5, 8, 9, 45, 400, 1000)] == [1, 1, 1, 2, 6, 50, 50]


def test_every_article_of_a_batch_is_split_by_the_chunk_task(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = articles.article_create_many(items=_items(23))

    states = set(Article.objects.filter(pk__in=[a.pk for a in created]).values_list("split_state", flat=True))
    assert states == {Article.SplitState.DONE}
    assert all(article.claims.exists() for article in Article.objects.filter(pk__in=[a.pk for a in created]))


def test_running_a_chunk_twice_changes_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = articles.article_create_many(items=_items(3))
    claims_before = sorted(Article.objects.get(pk=created[0].pk).claims.values_list("pk", "start", "end"))

    tasks.article_split_many_task([(a.pk, a.content_hash) for a in created])

    assert sorted(Article.objects.get(pk=created[0].pk).claims.values_list("pk", "start", "end")) == claims_before


def test_an_unreachable_broker_leaves_the_chunk_queued_with_a_note(db, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    def refuse(items):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.article_split_many_task, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        created = articles.article_create_many(items=_items(2))

    for article in Article.objects.filter(pk__in=[a.pk for a in created]):
        assert article.split_state == Article.SplitState.QUEUED
        assert article.split_error.startswith("Waiting for the task queue: Error 111")


def test_the_chunk_task_retries_only_transient_errors_and_survives_a_lost_worker():
    task = tasks.article_split_many_task
    assert task.acks_late is True and task.reject_on_worker_lost is True
    assert set(task.autoretry_for) == set(tasks.TRANSIENT_ERRORS)


def test_a_chunk_gives_each_article_the_claims_it_would_get_alone(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = articles.article_create_many(items=_items(5))

    for article in created:
        stored = sorted(article.claims.values_list("start", "end", "kind", "claim_type", "checkworthiness"))
        alone = sorted((c.start, c.end, c.kind, c.claim_type, c.checkworthiness)
                       for c in splitting.split_text(article.body))
        assert [row[:4] for row in stored] == [row[:4] for row in alone]
        # The scores as reviewers see them: a batch may move the last float bit (tests/scores.py).
        assert_same_as_seen([row[4] for row in stored], [row[4] for row in alone])


def test_a_text_the_splitter_fails_on_fails_alone_and_the_rest_of_its_chunk_is_split(db, monkeypatch,
                                                                                   django_capture_on_commit_callbacks):
    real = splitting.split_texts

    def fails_on_item_1(texts):
        if any("harbour handled 1 million" in text for text in texts):
            raise ValueError("cannot read item 1")
        return real(texts)

    monkeypatch.setattr(splitting, "split_texts", fails_on_item_1)
    with django_capture_on_commit_callbacks(execute=True):
        created = articles.article_create_many(items=_items(3))

    states = {a.pk: (a.split_state, a.split_error) for a in Article.objects.filter(pk__in=[a.pk for a in created])}
    assert states[created[1].pk] == (Article.SplitState.FAILED, "The splitter failed: ValueError: cannot read item 1")
    assert states[created[0].pk] == states[created[2].pk] == (Article.SplitState.DONE, "")
    assert not created[1].claims.exists()
    assert created[0].claims.exists() and created[2].claims.exists()


def test_a_chunk_skips_what_is_done_missing_or_changed_and_splits_the_rest(db, django_capture_on_commit_callbacks,
                                                                           monkeypatch):
    monkeypatch.setattr(tasks.article_split_many_task, "delay", lambda items: None)
    with django_capture_on_commit_callbacks(execute=True):
        done, fresh, other = articles.article_create_many(items=_items(3))
    split.article_split(article_id=done.pk, content_hash=done.content_hash)

    outcomes = split.article_split_many(items=[
        (done.pk, done.content_hash), (987654, "x"), (other.pk, "0" * 64), (fresh.pk, fresh.content_hash),
    ])

    assert [o.skipped for o in outcomes] == [True, True, True, False]
    assert outcomes[3].created == fresh.claims.count() > 0
    assert Article.objects.get(pk=other.pk).split_state == Article.SplitState.QUEUED
