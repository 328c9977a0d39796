"""Articles from a URL (fetched by a Celery job), an uploaded file, or a URL on the command line.

``annotations.intake`` does the fetching, extraction and file reading without
Django; this module turns its drafts into articles through
``services.articles.article_create``, so every way in shares its checks and its
duplicate rule (the same text, or the same canonical URL, leads to the article
imported before).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from annotations.intake import (
    ArticleDraft,
    ArticleFileError,
    ExtractionError,
    FetchConfig,
    FetchError,
    FetchRefused,
    address_problem,
    canonical_url,
    check_url,
    extract_page,
    fetch,
    read_article_file,
    user_agent_for,
)
from annotations.models import TITLE_MAX_LENGTH, Article, ArticleFetch, url_key_of
from annotations.services.articles import DuplicateArticle, article_create, article_known
from annotations.services.common import task_send

log = logging.getLogger(__name__)

URL_MAX_LENGTH = 2000


def fetch_config() -> FetchConfig:
    return FetchConfig(
        user_agent=user_agent_for(settings.SITE_URL),
        allowed_hosts=frozenset(settings.INTAKE_ALLOWED_HOSTS),
        connect_timeout=float(settings.INTAKE_CONNECT_TIMEOUT),
        total_timeout=float(settings.INTAKE_TIMEOUT),
        max_bytes=settings.INTAKE_MAX_BYTES,
        max_redirects=settings.INTAKE_MAX_REDIRECTS,
    )


def url_check(url: str) -> None:
    """Refuse, without touching the network, a URL no fetch would read; the fetch checks the rest.

    Here: the scheme, credentials, a missing host, and an address written in
    the URL itself (``http://127.0.0.1:6379/``). A host name is resolved only by
    the fetch, in the worker, which then refuses what it resolves to.
    """
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(f"The address has {len(url):,} characters; the limit is {URL_MAX_LENGTH:,}.")
    try:
        check_url(url)
    except FetchRefused as exc:
        raise ValidationError(str(exc)) from None
    parts = urlsplit(url)
    try:
        ip = ip_address(parts.hostname or "")
    except ValueError:
        return
    allowed = {entry.strip().lower() for entry in settings.INTAKE_ALLOWED_HOSTS}
    if parts.netloc.lower() in allowed or (parts.hostname or "") in allowed:
        return
    problem = address_problem(ip)
    if problem:
        raise ValidationError(f"Refused: {parts.hostname} is {problem}.")


def _draft_fields(draft: ArticleDraft) -> dict:
    """article_create's keyword arguments for a draft, cut to the columns' sizes."""
    return dict(
        body=draft.body, title=draft.title[:TITLE_MAX_LENGTH], title_derived=draft.title_derived,
        author=draft.author[:300], source=draft.site_name[:200], url=draft.url[:URL_MAX_LENGTH],
        published_on=draft.published_on, language=draft.language or "en",
    )


def _article_from_draft(draft: ArticleDraft, *, created_by) -> tuple[Article, bool]:
    """The article for a draft: created and queued for its split, or (True) the one imported before."""
    try:
        return article_create(**_draft_fields(draft), created_by=created_by), False
    except DuplicateArticle as exc:
        return exc.existing, True


def _known_url(url_key: str) -> Article | None:
    """The article a URL led to before: an article with that canonical URL, or a fetch of it that succeeded.

    The second covers a page whose own canonical link names another address
    (an AMP or mobile copy, a syndicated story): asked for again, it is not fetched again.
    """
    existing, _ = article_known(url_key=url_key)
    if existing is None:
        earlier = (ArticleFetch.objects.filter(url_key=url_key, state=ArticleFetch.State.DONE, article__isnull=False)
                   .select_related("article").defer("article__body").first())
        existing = earlier.article if earlier else None
    return existing


# --- A URL, fetched by the Celery job ---


def article_create_from_url(*, url: str, requested_by=None) -> ArticleFetch:
    """Ask for the article at ``url``: a fetch record whose Celery task is sent once this commits.

    A URL seen before (its canonical form) is not fetched again: the record
    comes back already done, pointing at that article (``duplicate``). A fetch
    of the same URL still under way is returned instead of a second one.
    Raises ValidationError for a URL no fetch would read (``url_check``).
    """
    url = url.strip()
    url_check(url)
    key = url_key_of(canonical_url(url))
    with transaction.atomic():
        existing = _known_url(key)
        if existing is not None:
            return ArticleFetch.objects.create(
                url=url, url_key=key, state=ArticleFetch.State.DONE, article=existing, duplicate=True,
                requested_by=requested_by, finished_at=timezone.now(),
            )
        pending = ArticleFetch.objects.filter(
            url_key=key, state__in=(ArticleFetch.State.QUEUED, ArticleFetch.State.FETCHING)
        ).first()
        if pending is not None:
            return pending
        fetch_row = ArticleFetch.objects.create(url=url, url_key=key, requested_by=requested_by)
        pk = fetch_row.pk
        transaction.on_commit(lambda: _send_fetch(pk))
    return fetch_row


def _send_fetch(fetch_id: int) -> None:
    error = task_send("article_fetch_task", fetch_id)
    if error is not None:
        # The sweep (article_fetch_requeue_stalled) sends it again once the broker is back.
        ArticleFetch.objects.filter(pk=fetch_id, state=ArticleFetch.State.QUEUED).update(
            error=f"Waiting for the task queue: {error}", updated_at=timezone.now())


@dataclass(frozen=True)
class FetchOutcome:
    retry_in: int | None = None  # seconds until the next attempt, when a passing failure is tried again


def _claim(fetch_id: int) -> ArticleFetch | None:
    """Mark the fetch as under way, unless it is finished or another run has it (a fresh FETCHING).

    A FETCHING row older than a whole fetch can take is taken over: its worker
    died and Celery delivered the task again.
    """
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.INTAKE_TIMEOUT + 60)
    claimed = ArticleFetch.objects.filter(
        Q(state=ArticleFetch.State.QUEUED) | Q(state=ArticleFetch.State.FETCHING, started_at__lt=stale), pk=fetch_id,
    ).update(state=ArticleFetch.State.FETCHING, started_at=now, updated_at=now, attempts=F("attempts") + 1)
    if not claimed:
        log.info("fetch %s skipped: missing, finished or under way", fetch_id)
        return None
    return ArticleFetch.objects.get(pk=fetch_id)


def article_fetch(*, fetch_id: int) -> FetchOutcome:
    """The Celery job: fetch the page, extract the article, create it (or find the one imported before).

    Idempotent: a finished fetch is left alone, and creating goes through the
    duplicate rule. A timeout, refused connection or 5xx is tried again
    (``retry_in``) up to INTAKE_FETCH_ATTEMPTS; refusals and other failures end
    the fetch with their message. Raises only transient database errors.
    """
    row = _claim(fetch_id)
    if row is None:
        return FetchOutcome()
    try:
        draft = extract_page(fetch(row.url, fetch_config()))
    except FetchError as exc:
        if exc.transient and row.attempts < settings.INTAKE_FETCH_ATTEMPTS:
            return _retry_later(row, str(exc))
        _fail(row.pk, str(exc))
        return FetchOutcome()
    except ExtractionError as exc:
        _fail(row.pk, str(exc))
        return FetchOutcome()
    except Exception as exc:  # an extraction bug must show on the page, not loop in retries
        log.exception("reading the page of fetch %s failed", fetch_id)
        _fail(row.pk, f"The page could not be read: {type(exc).__name__}: {exc}"[:2000])
        return FetchOutcome()
    _finish(row, draft)
    return FetchOutcome()


def _retry_later(row: ArticleFetch, message: str) -> FetchOutcome:
    wait = settings.INTAKE_RETRY_SECONDS * 2 ** (row.attempts - 1)
    ArticleFetch.objects.filter(pk=row.pk, state=ArticleFetch.State.FETCHING).update(
        state=ArticleFetch.State.QUEUED, updated_at=timezone.now(),
        error=f"{message} Trying again in {wait} s (attempt {row.attempts + 1} of {settings.INTAKE_FETCH_ATTEMPTS}).",
    )
    return FetchOutcome(retry_in=wait)


def _fail(fetch_id: int, message: str) -> None:
    now = timezone.now()
    ArticleFetch.objects.filter(pk=fetch_id).exclude(state=ArticleFetch.State.DONE).update(
        state=ArticleFetch.State.FAILED, error=message, finished_at=now, updated_at=now)


def _finish(row: ArticleFetch, draft: ArticleDraft) -> None:
    with transaction.atomic():
        # Locked first: a second run of the same fetch waits here, then finds it done.
        current = ArticleFetch.objects.select_for_update().get(pk=row.pk)
        if current.finished:
            return
        try:
            article, duplicate = _article_from_draft(draft, created_by=row.requested_by)
        except ValidationError as exc:
            _fail(row.pk, " ".join(exc.messages))
            return
        now = timezone.now()
        ArticleFetch.objects.filter(pk=row.pk).update(
            state=ArticleFetch.State.DONE, article=article, duplicate=duplicate, error="",
            finished_at=now, updated_at=now,
        )


def article_fetch_requeue_stalled(*, queued_for: dt.timedelta, fetching_for: dt.timedelta) -> int:
    """Send again the fetches that should have finished: a broker that was down, a worker that died."""
    now = timezone.now()
    # A fetch waiting for its next attempt is queued on purpose, for at most the longest back-off.
    backoff = dt.timedelta(seconds=settings.INTAKE_RETRY_SECONDS * 2 ** max(settings.INTAKE_FETCH_ATTEMPTS, 1))
    stalled = list(ArticleFetch.objects.filter(
        Q(state=ArticleFetch.State.QUEUED, updated_at__lt=now - queued_for - backoff)
        | Q(state=ArticleFetch.State.FETCHING, started_at__lt=now - fetching_for)
    ).values_list("pk", flat=True))
    for pk in stalled:
        _send_fetch(pk)
    return len(stalled)


# --- A file, and a URL fetched on the spot (import_articles) ---


def _file_message(name: str, exc: ArticleFileError) -> str:
    # decode_article_bytes words its advice for the command line; people here pick an encoding instead.
    text = str(exc).replace("pass --encoding (for example --encoding cp1252)",
                            "say which encoding it is in (for example cp1252)")
    return f"{name}: {text}."


def article_create_from_file(*, name: str, data: bytes, encoding: str | None = None, created_by=None) -> Article:
    """Create an article from an uploaded .txt, .md, .html, .htm or .docx file, and queue its split.

    HTML goes through the same extraction as a fetched page; text files keep
    their text verbatim. Raises ValidationError with the file's name and the
    reason, or DuplicateArticle for a text or canonical URL imported before.
    """
    try:
        draft = read_article_file(name, data, encoding=encoding or None, max_bytes=settings.INTAKE_MAX_BYTES)
    except ArticleFileError as exc:
        raise ValidationError(_file_message(name, exc)) from None
    return article_create(**_draft_fields(draft), created_by=created_by)


def article_import_url(*, url: str, created_by=None) -> Article:
    """Fetch the article at ``url`` now (not in Celery) and create it: ``import_articles URL``.

    Recorded as a finished fetch, so the app knows the address afterwards.
    Raises ValidationError with the refusal or failure, or DuplicateArticle.
    """
    url = url.strip()
    url_check(url)
    key = url_key_of(canonical_url(url))
    existing = _known_url(key)
    if existing is not None:
        raise DuplicateArticle(existing, same="url")
    started = timezone.now()
    try:
        draft = extract_page(fetch(url, fetch_config()))
    except (FetchError, ExtractionError) as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        article, duplicate = _article_from_draft(draft, created_by=created_by)
        ArticleFetch.objects.create(
            url=url, url_key=key, state=ArticleFetch.State.DONE, article=article, duplicate=duplicate, attempts=1,
            requested_by=created_by, started_at=started, finished_at=timezone.now(),
        )
    if duplicate:
        raise DuplicateArticle(article, same="url")
    return article
