"""A bulk import's linking takes the link lock in turns, so that a pasted article never waits long for it.

A bulk task links as many of its articles as this process's last turn says
fit in ``LINK_TURN_SECONDS`` and sends the rest back to the queue as a new
bulk task; what ends up linked is what the same articles linked one batch
after another would give.
"""

from pathlib import Path

import pytest

from annotations.models import ClaimFingerprint, ClaimKey, ClaimKeyFrequency, ClaimMatch
from annotations.services import link_turns, split
from annotations.services import matching as matching_services
from tests.matching.test_batch_linking import SEED_PATHS, _cli_stored_pairs, _groups, _links, _stored_by_span


@pytest.fixture
def unlinked_seeds(split_article, monkeypatch):
    monkeypatch.setattr(split, "_send_links", lambda article_ids: None)
    return [split_article(Path(path).read_text(encoding="utf-8")) for path in SEED_PATHS]


@pytest.fixture
def sent(monkeypatch):
    """The tasks the linking sends, instead of a broker."""
    messages = []
    monkeypatch.setattr(link_turns, "task_send", lambda name, *args: messages.append((name, *args)))
    return messages


def _linked_articles():
    return set(ClaimFingerprint.objects.values_list("article_id", flat=True))


def test_a_turn_fits_as_many_articles_as_the_last_turn_took_per_article():
    per_turn = link_turns.articles_per_turn
    assert per_turn(0.4, None, 25) == link_turns.FIRST_TURN_ARTICLES == 5  # nothing measured yet
    assert per_turn(0.4, 0.1, 25) == 4
    assert per_turn(0.4, 0.016, 25) == 25  # never more than the batch
    assert per_turn(0.4, 0.1, 3) == 3
    assert per_turn(0.4, 2.0, 25) == 1  # one dear article is still a turn
    assert per_turn(0.4, 0.0, 25) == 25


def test_a_bulk_batch_links_one_turn_and_queues_the_rest_as_a_new_bulk_task(unlinked_seeds, sent, settings,
                                                                             monkeypatch):
    settings.LINK_TURN_SECONDS = 0.4
    monkeypatch.setattr(link_turns, "_lock_seconds_per_article", 0.2)
    ids = sorted(article.pk for article in unlinked_seeds)

    outcome = link_turns.articles_link_in_turns(article_ids=ids[::-1])

    assert outcome.articles == 2 and outcome.held_seconds > 0
    assert _linked_articles() == set(ids[:2])
    assert sent == [("article_link_many_task", ids[2:])]
    # The turn measured what an article held the lock for, and the next turn is sized by it.
    assert link_turns._lock_seconds_per_article == pytest.approx(outcome.held_seconds / 2)


def test_linked_in_turns_the_seeds_end_with_the_same_links_and_groups_as_one_batch(unlinked_seeds, sent, settings,
                                                                                   monkeypatch):
    settings.LINK_TURN_SECONDS = 0.4
    monkeypatch.setattr(link_turns, "_lock_seconds_per_article", 0.4)  # one article a turn
    monkeypatch.setattr(link_turns, "articles_per_turn", lambda seconds, per_article, waiting: 1)
    ids = [article.pk for article in unlinked_seeds]

    link_turns.articles_link_in_turns(article_ids=ids)
    turns = 1
    while sent:
        _, rest = sent.pop()
        link_turns.articles_link_in_turns(article_ids=rest)
        turns += 1

    assert turns == 5
    assert _linked_articles() == set(ids)
    assert _links(_stored_by_span(unlinked_seeds)) == _links(_cli_stored_pairs())
    in_turns = _groups()
    for model in (ClaimMatch, ClaimFingerprint, ClaimKey, ClaimKeyFrequency):
        model.objects.all().delete()
    matching_services.articles_link(article_ids=ids)
    assert in_turns == _groups()


def test_when_the_broker_cannot_take_the_rest_the_batch_is_linked_here_in_turns(unlinked_seeds, settings,
                                                                               monkeypatch):
    settings.LINK_TURN_SECONDS = 0.4
    monkeypatch.setattr(link_turns, "articles_per_turn", lambda seconds, per_article, waiting: 2)
    attempts = []

    def broker_down(name, *args):
        attempts.append(args)
        return ConnectionError("broker unreachable")

    monkeypatch.setattr(link_turns, "task_send", broker_down)
    ids = [article.pk for article in unlinked_seeds]

    outcome = link_turns.articles_link_in_turns(article_ids=ids)

    assert outcome.articles == 5 and _linked_articles() == set(ids)
    assert len(attempts) == 1  # one wait for the broker, not one per turn


def test_link_turn_seconds_zero_links_the_whole_batch_in_one_turn(unlinked_seeds, sent, settings, monkeypatch):
    settings.LINK_TURN_SECONDS = 0
    monkeypatch.setattr(link_turns, "_lock_seconds_per_article", 10.0)
    ids = [article.pk for article in unlinked_seeds]

    assert link_turns.articles_link_in_turns(article_ids=ids).articles == 5
    assert _linked_articles() == set(ids) and sent == []


def test_a_batch_of_articles_none_of_them_split_is_skipped_and_measures_nothing(db, sent, settings, monkeypatch):
    settings.LINK_TURN_SECONDS = 0.4
    monkeypatch.setattr(link_turns, "_lock_seconds_per_article", None)

    outcome = link_turns.articles_link_in_turns(article_ids=[987654])

    assert outcome.skipped and outcome.articles == 0
    assert link_turns._lock_seconds_per_article is None and sent == []
