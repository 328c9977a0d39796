"""The split service: idempotent, enqueued after commit, never loses reviewer work."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError

from annotations import splitting, tasks
from annotations.models import Article, Claim, Evidence, Rating, Verdict
from annotations.services import articles, split

BODY = (
    "Officials Confirm New Treaty\n\n"
    "The two governments signed the treaty on Monday. It takes effect in June.\n"
    "Also Read : Something else entirely\n"
    "The minister said the deal covers 12,000 tonnes of grain."
)


def test_creating_an_article_enqueues_its_split_only_after_commit(db, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.article_split_task, "delay", lambda *args: sent.append(args))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = articles.article_create(body=BODY)
        assert sent == [], "queued before the transaction committed"

    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [(article.pk, article.content_hash)]
    assert article.split_state == Article.SplitState.QUEUED


def test_the_split_task_stores_one_claim_per_candidate_with_exact_offsets(split_article):
    article = split_article(BODY)

    assert article.split_state == Article.SplitState.DONE
    assert article.splitter_version == splitting.SPLITTER_VERSION
    claims = list(article.claims.all())
    assert [(c.start, c.end) for c in claims] == [(c.start, c.end) for c in splitting.split_text(BODY)]
    for claim in claims:
        assert claim.text == BODY[claim.start:claim.end]
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_splitting_the_same_article_twice_creates_no_duplicates(split_article, reviewer_a):
    article = split_article(BODY)
    before = list(article.claims.values_list("pk", "start", "end"))

    again = split.article_split(article_id=article.pk, content_hash=article.content_hash)
    assert again.skipped

    articles.article_resplit(article=article, actor=reviewer_a)  # forced re-run of the whole split
    outcome = split.article_split(article_id=article.pk, content_hash=article.content_hash)
    assert (outcome.created, outcome.deleted) == (0, 0)
    assert list(article.claims.values_list("pk", "start", "end")) == before


def test_resplitting_keeps_a_claim_with_a_verdict_and_its_verdict(split_article, reviewer_a, monkeypatch):
    article = split_article(BODY)
    claim = article.claims.get(text__startswith="The minister said")
    rating = Rating.objects.get(slug="false")
    verdict = Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=rating, rationale="Figures differ.")
    other = article.claims.get(text__startswith="The two governments")
    Evidence.objects.create(claim=other, added_by=reviewer_a, url="https://example.org/a", title="Record",
                            stance=Evidence.Stance.SUPPORTS)

    # A new splitter that cuts the text differently: one candidate per line.
    def line_splitter(text):
        spans, offset = [], 0
        for line in text.split("\n"):
            if line.strip():
                spans.append(splitting.Candidate(offset, offset + len(line), line))
            offset += len(line) + 1
        return spans

    monkeypatch.setattr(splitting, "split_text", line_splitter)
    monkeypatch.setattr(splitting, "SPLITTER_VERSION", "test-lines")
    articles.article_resplit(article=article, actor=reviewer_a)
    split.article_split(article_id=article.pk, content_hash=article.content_hash)

    article.refresh_from_db()
    assert article.split_state == Article.SplitState.DONE
    claim.refresh_from_db()
    verdict.refresh_from_db()
    assert verdict.claim_id == claim.pk and verdict.rationale == "Figures differ."
    assert Claim.objects.filter(pk=other.pk).exists()
    spans = sorted(article.claims.values_list("start", "end"))
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2, "a new candidate was laid over a claim that carries reviewer work"


def test_a_splitter_crash_marks_the_article_failed_with_the_reason(split_article, monkeypatch):
    def broken(texts):
        raise RuntimeError("boom")

    monkeypatch.setattr(splitting, "split_texts", broken)
    article = split_article(BODY)

    assert article.split_state == Article.SplitState.FAILED
    assert article.split_error == "The splitter failed: RuntimeError: boom"
    assert article.claims.count() == 0


def test_a_failed_split_can_be_retried(split_article, monkeypatch, django_capture_on_commit_callbacks, reviewer_a):
    monkeypatch.setattr(splitting, "split_texts", lambda texts: 1 / 0)
    article = split_article(BODY)
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        articles.article_resplit(article=article, actor=reviewer_a)

    article.refresh_from_db()
    assert article.split_state == Article.SplitState.DONE
    assert article.split_error == ""
    assert article.claims.exists()


def test_a_split_for_other_content_is_ignored(split_article, reviewer_a):
    article = split_article(BODY)
    articles.article_resplit(article=article, actor=reviewer_a)

    outcome = split.article_split(article_id=article.pk, content_hash="0" * 64)

    assert outcome.skipped
    assert Article.objects.get(pk=article.pk).split_state == Article.SplitState.QUEUED


def test_a_missing_article_is_logged_not_raised(db, caplog):
    outcome = split.article_split(article_id=987654, content_hash="x")
    assert outcome.skipped
    assert "987654" in caplog.text


def test_the_split_task_retries_only_transient_errors_and_survives_a_lost_worker():
    task = tasks.article_split_task
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert set(task.autoretry_for) == {OperationalError, tasks.InterfaceError}
    assert Exception not in task.autoretry_for


def test_stalled_splits_are_sent_again(split_article, monkeypatch):
    import datetime as dt

    article = split_article(BODY)
    Article.objects.filter(pk=article.pk).update(
        split_state=Article.SplitState.QUEUED, updated_at=article.updated_at - dt.timedelta(hours=1)
    )
    sent = []
    monkeypatch.setattr(tasks.article_split_many_task, "delay", lambda items: sent.append(items))

    count = articles.article_requeue_stalled(queued_for=dt.timedelta(minutes=2), splitting_for=dt.timedelta(minutes=15))

    assert count == 1
    assert sent == [[(article.pk, article.content_hash)]]


def test_an_unreachable_broker_leaves_the_article_queued_with_a_note(db, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    def refuse(*args):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.article_split_task, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        article = articles.article_create(body=BODY)

    article.refresh_from_db()
    assert article.split_state == Article.SplitState.QUEUED
    assert article.split_error.startswith("Waiting for the task queue: Error 111")


def test_claim_text_must_equal_the_article_slice(split_article):
    article = split_article(BODY)
    claim = article.claims.first()

    claim.text = claim.text + " (edited)"
    with pytest.raises(ValidationError, match="must equal the article text"):
        claim.save()

    bad = Claim(article=article, start=5, end=len(BODY) + 10, text="x")
    with pytest.raises(ValidationError, match="outside the article"):
        bad.save()


def test_one_verdict_per_reviewer_per_claim(split_article, reviewer_a):
    claim = split_article(BODY).claims.first()
    rating = Rating.objects.get(slug="true")
    Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=rating)

    with pytest.raises(IntegrityError):
        Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=rating)
