"""A bulk import's linking in turns of the link lock, so that a pasted article never waits long for it.

Link transactions follow one another under one lock (services.matching), and a
pasted article's link task, taken before any bulk task, waits for the batch
holding it. So a bulk task links as many of its articles as fit in one turn of
``LINK_TURN_SECONDS`` and sends the rest back to the queue (docs/benchmarks.md,
"The link lock in turns").
"""

from __future__ import annotations

from django.conf import settings

from annotations.services.common import task_send
from annotations.services.matching import LinkOutcome, articles_link

# What one article of a bulk batch held the link lock for, in this process's last turn (None: no
# turn yet). A batch's cost per article swings tenfold: the first copies of a story reprinted by
# many outlets each meet every earlier copy, later ones a few.
_lock_seconds_per_article: float | None = None
# A process's first turn, before it has measured one.
FIRST_TURN_ARTICLES = 5


def articles_link_in_turns(*, article_ids) -> LinkOutcome:
    """Link a bulk batch's first articles in one hold of the link lock of about ``LINK_TURN_SECONDS``,
    and queue the rest as a new bulk task. Idempotent.

    A pasted article's link task is taken before any bulk task, but it waits
    for the lock until the batch holding it commits, so a bulk batch never
    holds it much longer than a turn. How many articles fit in a turn is
    guessed from this process's last turn. The rest goes back to the queue
    rather than waiting here, so the worker process is free for a pasted
    article's split and link in between; when the broker cannot be reached,
    the rest is linked here, a turn at a time. ``LINK_TURN_SECONDS = 0``
    links the whole batch in one turn.
    """
    global _lock_seconds_per_article
    ids = sorted(set(article_ids))
    if settings.LINK_TURN_SECONDS <= 0:
        return articles_link(article_ids=ids)
    linked, queue_the_rest = [], True
    while ids:
        take = articles_per_turn(settings.LINK_TURN_SECONDS, _lock_seconds_per_article, len(ids))
        outcome = articles_link(article_ids=ids[:take])
        linked.append(outcome)
        if outcome.articles:
            _lock_seconds_per_article = outcome.held_seconds / outcome.articles
        ids = ids[take:]
        if ids and queue_the_rest:
            if task_send("article_link_many_task", ids) is None:
                break
            queue_the_rest = False  # the broker is down: no second wait for it per turn
    return LinkOutcome(
        articles=sum(o.articles for o in linked), claims=sum(o.claims for o in linked),
        linked=sum(o.linked for o in linked), suggested=sum(o.suggested for o in linked),
        skipped=all(o.skipped for o in linked), held_seconds=sum(o.held_seconds for o in linked),
    )


def articles_per_turn(seconds: float, seconds_per_article: float | None, waiting: int) -> int:
    """How many of ``waiting`` articles to link in a turn of about ``seconds``: at least one."""
    if seconds_per_article is None:
        return min(waiting, FIRST_TURN_ARTICLES)
    fit = int(seconds / seconds_per_article) if seconds_per_article > 0 else waiting
    # A rest smaller than half a turn is linked with this one: a turn of its own would cost more.
    return waiting if waiting <= fit * 1.5 else max(1, fit)
