"""Articles: create and import them, edit their details, send their splits (run by ``services.split``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from annotations.importing import decode_article_bytes, derive_title, find_headline, parse_article_text
from annotations.intake.identity import canonical_url
from annotations.models import (
    TITLE_MAX_LENGTH,
    Article,
    content_hash_of,
    url_key_of,
    validate_http_url,
)
from annotations.services import bulk, facts
from annotations.services.common import audit, task_send


class DuplicateArticle(ValidationError):
    """The same text, or the same page (canonical URL), was imported before; ``existing`` is that article."""

    def __init__(self, existing: Article, *, same: str = "text"):
        what = "This address" if same == "url" else "This text"
        super().__init__(f"{what} was already imported as article #{existing.pk} “{existing.title}”.")
        self.existing = existing
        self.same = same


def article_known(*, content_hash: str = "", url_key: str = "") -> tuple[Article | None, str]:
    """The article imported before with this text or this canonical URL, and which of the two matched."""
    if content_hash:
        found = Article.objects.filter(content_hash=content_hash).defer("body").first()
        if found:
            return found, "text"
    if url_key:
        found = Article.objects.filter(url_key=url_key).defer("body").first()
        if found:
            return found, "url"
    return None, ""


class ArticleBatchInvalid(ValidationError):
    """Some articles of a batch cannot be created; ``errors`` maps item index → message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(f"{len(errors)} of the articles cannot be created; nothing was created.")
        self.errors = errors


def article_validate(*, body: str, title: str = "", url: str = "") -> None:
    """Refuse input that must never become an article, with a message a person can act on."""
    if not body or not body.strip():
        raise ValidationError("The article text is empty.")
    if len(body) > settings.ARTICLE_MAX_CHARS:
        raise ValidationError(
            f"The article text has {len(body):,} characters; the limit is {settings.ARTICLE_MAX_CHARS:,}. "
            "Split it into several articles."
        )
    if "\x00" in body:
        raise ValidationError("The article text contains NUL characters; it looks like a binary file.")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(f"The title has {len(title)} characters; the limit is {TITLE_MAX_LENGTH}.")
    if url:
        validate_http_url(url)


def _article_new(
    *, body: str, title: str = "", title_derived: bool = False, source: str = "", url: str = "",
    published_on: dt.date | None = None, language: str = "en", author: str = "", created_by=None,
) -> Article:
    """An unsaved, validated article with its derived fields (title from the headline, content hash, URL key)."""
    article = Article(
        body=body, title=title.strip(), title_derived=title_derived, source=source.strip(), url=url.strip(),
        published_on=published_on, language=language or "en", author=author.strip(), created_by=created_by,
        split_state=Article.SplitState.QUEUED,
    )
    article_validate(body=article.body, title=article.title, url=article.url)
    if len(article.author) > 300:
        raise ValidationError(f"The author has {len(article.author)} characters; the limit is 300.")
    if not article.title:
        headline = find_headline(article.body)
        article.title = headline or derive_title(article.body)[:TITLE_MAX_LENGTH]
        article.title_derived = headline is None
    article.content_hash = content_hash_of(article.body)
    article.canonical_url = canonical_url(article.url) if article.url else ""
    article.url_key = url_key_of(article.canonical_url)
    return article


def article_create(
    *, body: str, title: str = "", source: str = "", url: str = "", published_on: dt.date | None = None,
    language: str = "en", author: str = "", created_by=None, title_derived: bool = False,
) -> Article:
    """Create an article and queue its split once the transaction commits.

    Without a title, the text's headline is used, or one derived from the lead.
    Raises ValidationError (DuplicateArticle for a text, or a canonical URL, seen before).
    """
    article = _article_new(
        body=body, title=title, title_derived=title_derived, source=source, url=url,
        published_on=published_on, language=language, author=author, created_by=created_by,
    )
    try:
        with transaction.atomic():
            existing, same = article_known(content_hash=article.content_hash, url_key=article.url_key)
            if existing:
                raise DuplicateArticle(existing, same=same)
            article._history_user = created_by
            article.save()
            pair = (article.pk, article.content_hash)
            transaction.on_commit(lambda: _send_split(*pair))
    except IntegrityError:
        # Another request stored the same text or page between the check and the insert.
        existing, same = article_known(content_hash=article.content_hash, url_key=article.url_key)
        if existing is None:
            raise
        raise DuplicateArticle(existing, same=same) from None
    return article


def article_import(*, data: bytes, encoding: str | None = None, created_by=None, language: str = "en") -> Article:
    """Create an article from a file's bytes: decode, read title and metadata, create.

    Raises ArticleFileError (unreadable file), ValidationError or DuplicateArticle.
    """
    parsed = parse_article_text(decode_article_bytes(data, encoding))
    return article_create(
        body=parsed.body, title=parsed.title[:TITLE_MAX_LENGTH], title_derived=parsed.title_derived,
        source=parsed.source, url=parsed.url, published_on=parsed.published_on,
        language=language, created_by=created_by,
    )


def article_create_many(*, items: list[dict], created_by=None) -> list[Article]:
    """Create many articles in one transaction, all or none, and queue their splits after commit.

    Each item takes the keyword arguments of ``article_create``. Every item is
    validated first, duplicates within the batch and of existing articles
    included; any problem raises ArticleBatchInvalid and nothing is written.
    """
    articles, errors, first_seen, first_url = [], {}, {}, {}
    for index, item in enumerate(items):
        try:
            article = _article_new(**item, created_by=created_by)
        except ValidationError as exc:
            errors[index] = " ".join(exc.messages)
            continue
        if article.content_hash in first_seen:
            errors[index] = f"This text is the same as item {first_seen[article.content_hash]} of this request."
            continue
        if article.url_key and article.url_key in first_url:
            errors[index] = f"This address is the same as that of item {first_url[article.url_key]} of this request."
            continue
        first_seen[article.content_hash] = index
        if article.url_key:
            first_url[article.url_key] = index
        articles.append(article)
    for existing in Article.objects.filter(content_hash__in=first_seen).only("pk", "title", "content_hash"):
        errors[first_seen[existing.content_hash]] = DuplicateArticle(existing).messages[0]
    for existing in Article.objects.filter(url_key__in=first_url).only("pk", "title", "url_key"):
        errors.setdefault(first_url[existing.url_key], DuplicateArticle(existing, same="url").messages[0])
    if errors:
        raise ArticleBatchInvalid(dict(sorted(errors.items())))
    try:
        with transaction.atomic():
            created = bulk.objects_create_with_history(Article, articles, change_reason="created", user=created_by)
            # One callback for the whole batch: the splits are sent only once every row is committed.
            pairs = [(article.pk, article.content_hash) for article in created]
            transaction.on_commit(lambda: _send_splits(pairs))
            bulk.key_checks_reuse_plans()
    except IntegrityError:
        # Another request stored one of these texts between the check above and the insert.
        raise ValidationError("Another request created some of these articles at the same time; "
                              "nothing was created. Send the batch again to see which.") from None
    return created


ARTICLE_METADATA = ("title", "source", "url", "published_on", "language", "author")
# The article's details its claims' facts are read with (services.facts).
FACTS_DEPEND_ON = frozenset({"published_on", "source"})


def article_update(*, article: Article, actor, **changes) -> list[str]:
    """Change an article's metadata (title, publisher, URL, publication date, language), audited.

    The body never changes after creation: every claim offset points into it.
    Returns the names of the fields that changed.
    """
    unknown = sorted(set(changes) - set(ARTICLE_METADATA))
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(unknown)}.")
    for name in ("title", "source", "url", "language", "author"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    if "title" in changes and not changes["title"]:
        raise ValidationError({"title": "An article needs a title."})
    article_validate(body="-", title=changes.get("title", ""), url=changes.get("url", ""))
    with transaction.atomic():
        current = Article.objects.select_for_update().defer("body").get(pk=article.pk)
        changed = [name for name, value in changes.items() if getattr(current, name) != value]
        for name in changed:
            audit(actor=actor, action=f"article_{name}", article_id=current.pk,
                  from_state=str(getattr(current, name) or "")[:40], to_state=str(changes[name] or "")[:40],
                  comment=f"{name}: {getattr(current, name) or '—'} → {changes[name] or '—'}",
                  before={name: getattr(current, name)}, after={name: changes[name]})
            setattr(current, name, changes[name])
        derived = []
        if "url" in changed:
            derived = _url_identity(current)
        if changed:
            current._history_user = actor
            current.save(update_fields=[*changed, *derived, "updated_at"])
        if FACTS_DEPEND_ON & set(changed):
            # Dates are resolved against the publication date, and the author's own statements are
            # the publisher's: the claims' facts follow at once, under the same lock.
            facts.article_facts_refresh(article_id=current.pk)
    for name in [*changed, *derived]:
        setattr(article, name, getattr(current, name))
    return changed


def _url_identity(article: Article) -> list[str]:
    """Recompute the canonical URL and its key after the URL changed; refuse another article's page."""
    article.canonical_url = canonical_url(article.url) if article.url else ""
    article.url_key = url_key_of(article.canonical_url)
    if article.url_key:
        other = Article.objects.filter(url_key=article.url_key).exclude(pk=article.pk).only("pk", "title").first()
        if other:
            raise ValidationError({"url": f"This address is article #{other.pk} “{other.title}”'s already."})
    return ["canonical_url", "url_key"]


def article_resplit(*, article: Article, actor) -> None:
    """Queue a fresh split (after a failure, or to apply a new splitter); audited."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().only("pk", "split_state", "content_hash").get(pk=article.pk)
        from_state = locked.split_state
        Article.objects.filter(pk=article.pk).update(
            split_state=Article.SplitState.QUEUED, split_error="", updated_at=timezone.now()
        )
        audit(actor=actor, action="resplit", article_id=article.pk, from_state=from_state,
              to_state=Article.SplitState.QUEUED)
        pair = (locked.pk, locked.content_hash)
        transaction.on_commit(lambda: _send_split(*pair))


# A batch goes out as tasks of several articles: one broker round trip per
# chunk rather than per article. Chunks hold at most SPLIT_TASK_CHUNK articles,
# and a batch is spread over at least SPLIT_TASKS_PER_BATCH tasks when it has
# that many articles, so a small batch still reaches every worker.
SPLIT_TASK_CHUNK = 50
SPLIT_TASKS_PER_BATCH = 8


def split_chunk_size(count: int) -> int:
    return max(1, min(SPLIT_TASK_CHUNK, -(-count // SPLIT_TASKS_PER_BATCH)))


# The note on an article whose split could not be sent; the sweep looks for it.
UNSENT_NOTE = "Waiting for the task queue"


def _send_split(article_id: int, content_hash: str) -> None:
    _note_unsent([article_id], task_send("article_split_task", article_id, content_hash))


def _send_splits(pairs: list[tuple[int, str]]) -> list[int]:
    """Send the splits in chunks; the ids sent.

    After the first failure the rest are not tried: each try may cost the
    broker timeout, and a request must not wait that long once per chunk.
    """
    size = split_chunk_size(len(pairs))
    sent = []
    for first in range(0, len(pairs), size):
        chunk = pairs[first:first + size]
        error = task_send("article_split_many_task", chunk)
        if error is not None:
            _note_unsent([pk for pk, _ in pairs[first:]], error)
            break
        sent += [pk for pk, _ in chunk]
    return sent


def _note_unsent(article_ids: list[int], error: Exception | None) -> None:
    if error is not None:
        # The articles stay queued: the periodic sweep sends them again once
        # the broker is back, so no article is left without its split.
        Article.objects.filter(pk__in=article_ids, split_state=Article.SplitState.QUEUED).update(
            split_error=f"{UNSENT_NOTE}: {error}"
        )


def article_requeue_stalled(*, queued_for: dt.timedelta, splitting_for: dt.timedelta) -> int:
    """Send again the splits that should have started by now; how many were sent.

    Covers a broker that was unreachable when the article was saved (its note
    says so: sent again at once), a task the broker lost (still queued after
    ``queued_for``) and a worker lost mid-split (still splitting after
    ``splitting_for``). The split is idempotent, so a duplicate is harmless;
    each article sent restarts its clock, so a slow queue gets one more copy
    per ``queued_for`` rather than one per sweep.
    """
    now = timezone.now()
    queued, splitting = Article.SplitState.QUEUED, Article.SplitState.SPLITTING
    lost_split = Q(split_state=splitting, split_started_at__lt=now - splitting_for)
    stalled = list(Article.objects.filter(
        Q(split_state=queued, split_error__startswith=UNSENT_NOTE)
        | Q(split_state=queued, updated_at__lt=now - queued_for)
        | lost_split
    ).values_list("pk", "content_hash"))
    if not stalled:
        return 0
    sent = _send_splits(stalled)
    # Conditional on the state just read: a split a worker started meanwhile is left alone.
    Article.objects.filter(pk__in=sent, split_state=queued).update(split_error="", updated_at=now)
    Article.objects.filter(lost_split, pk__in=sent).update(split_state=queued, split_error="", updated_at=now)
    return len(sent)
