"""What import_articles and load_seeds share: import files with progress, then wait for the splits."""

import re
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from tqdm import tqdm

from annotations import selectors
from annotations.importing import ARTICLE_SUFFIXES, ArticleFileError
from annotations.management.progress import ProgressStream
from annotations.services import articles as article_services
from annotations.services import intake

_URL = re.compile(r"^https?://", re.IGNORECASE)


def is_url(raw: str) -> bool:
    return bool(_URL.match(raw))


def expand_paths(paths):
    """Files named, and the article files inside folders named, in a stable order."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()))
        else:
            files.append(path)
    return files


def import_files(command, files, *, encoding=None, created_by=None, language="en"):
    """Import each file; print one line per problem and a summary. Returns the articles touched."""
    created, present, failures, articles = 0, 0, [], []
    for path in tqdm(files, desc="Importing", unit="file", file=ProgressStream(command.stderr), disable=not files):
        try:
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                raise ArticleFileError(f"not a {' or '.join(ARTICLE_SUFFIXES)} file")
            data = path.read_bytes()
            article = article_services.article_import(
                data=data, encoding=encoding, created_by=created_by, language=language)
            created += 1
            articles.append(article)
        except article_services.DuplicateArticle as exc:
            present += 1
            articles.append(exc.existing)
            command.stdout.write(f"{path}: already imported as article #{exc.existing.pk}, skipped")
        except FileNotFoundError:
            failures.append(f"{path}: no such file")
        except IsADirectoryError:
            failures.append(f"{path}: is a directory")
        except (ArticleFileError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            failures.append(f"{path}: {message}")
    for failure in failures:
        command.stderr.write(failure)
    command.stdout.write(
        command.style.SUCCESS(f"{created} imported, {present} already present, {len(failures)} failed.")
    )
    return articles, failures


def import_urls(command, urls, *, created_by=None):
    """Fetch each URL now and import its article; one line per page. Returns (articles touched, failures)."""
    created, present, failures, articles = 0, 0, [], []
    for url in urls:
        try:
            articles.append(intake.article_import_url(url=url, created_by=created_by))
            created += 1
            command.stdout.write(f"{url}: imported as article #{articles[-1].pk} “{articles[-1].title}”")
        except article_services.DuplicateArticle as exc:
            present += 1
            articles.append(exc.existing)
            command.stdout.write(f"{url}: already imported as article #{exc.existing.pk}, skipped")
        except ValidationError as exc:
            failures.append(f"{url}: {'; '.join(exc.messages)}")
    for failure in failures:
        command.stderr.write(failure)
    command.stdout.write(
        command.style.SUCCESS(f"{created} fetched, {present} already present, {len(failures)} failed.")
    )
    return articles, failures


def wait_for_splits(command, articles, *, timeout):
    """Show a progress bar until every article is split (or failed), or the timeout."""
    ids = [a.pk for a in articles]
    deadline = time.monotonic() + timeout
    with tqdm(total=len(ids), desc="Splitting", unit="article", file=ProgressStream(command.stderr)) as bar:
        while True:
            progress = selectors.split_progress(ids)
            finished = progress.done + progress.failed
            if finished > bar.n:
                bar.update(finished - bar.n)
            if finished == len(ids):
                break
            if time.monotonic() > deadline:
                raise CommandError(
                    f"{len(ids) - finished} article(s) not split after {timeout}s: is the Celery worker running?"
                )
            time.sleep(0.2)
    for article_id, error in progress.errors:
        command.stderr.write(f"article #{article_id} failed to split: {error}")
    command.stdout.write(command.style.SUCCESS(
        f"{progress.done} split, {progress.failed} failed, {progress.claims} claims."))
