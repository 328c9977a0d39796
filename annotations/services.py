"""Writes. Every change to articles and claims from views, commands, the API,
the admin and Celery goes through a function here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from annotations import bulkinsert, splitting, workflow
from annotations.importing import decode_article_bytes, derive_title, find_headline, parse_article_text
from annotations.models import (
    TITLE_MAX_LENGTH,
    Article,
    AuditEvent,
    Claim,
    Evidence,
    RationaleDraft,
    Verdict,
    content_hash_of,
    validate_http_url,
)

log = logging.getLogger(__name__)


class DuplicateArticle(ValidationError):
    """The same text was imported before; ``existing`` is that article."""

    def __init__(self, existing: Article):
        super().__init__(f"This text was already imported as article #{existing.pk} “{existing.title}”.")
        self.existing = existing


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


def article_create(
    *,
    body: str,
    title: str = "",
    source: str = "",
    url: str = "",
    published_on: dt.date | None = None,
    language: str = "en",
    created_by=None,
) -> Article:
    """Create an article and queue its split once the transaction commits.

    Without a title, the text's headline is used, or one derived from the lead.
    Raises ValidationError (DuplicateArticle for a text seen before).
    """
    article = Article(
        body=body, title=title.strip(), source=source.strip(), url=url.strip(),
        published_on=published_on, language=language or "en", created_by=created_by,
    )
    article_save_new(article=article)
    return article


def article_save_new(*, article: Article) -> None:
    """Validate, fill derived fields, save and queue the split of an unsaved article."""
    _article_prepare(article)
    with transaction.atomic():
        existing = Article.objects.filter(content_hash=article.content_hash).first()
        if existing:
            raise DuplicateArticle(existing)
        article.save()
        _enqueue_split_on_commit(article)


def article_resplit(*, article: Article, actor=None) -> None:
    """Queue a fresh split (after a failure, or to apply a new splitter); audited when a person asks."""
    with transaction.atomic():
        from_state = Article.objects.filter(pk=article.pk).values_list("split_state", flat=True).first() or ""
        Article.objects.filter(pk=article.pk).update(
            split_state=Article.SplitState.QUEUED, split_error="", updated_at=timezone.now()
        )
        if actor is not None:
            AuditEvent.objects.create(article_id=article.pk, actor=actor, action="resplit",
                                      from_state=from_state, to_state=Article.SplitState.QUEUED)
        _enqueue_split_on_commit(article)


def _enqueue_split_on_commit(article: Article) -> None:
    # After commit, so the worker never looks for a row it cannot see yet.
    transaction.on_commit(lambda: _send_split(article.pk, article.content_hash))


def _send_split(article_id: int, content_hash: str) -> None:
    from annotations.tasks import article_split_task

    try:
        article_split_task.delay(article_id, content_hash)
    except Exception as exc:  # kombu/redis raise many types for "broker unreachable"
        # The article stays queued: the periodic sweep sends it again once the
        # broker is back, so no article is left without its split.
        log.warning("could not queue split of article %s: %s", article_id, exc)
        Article.objects.filter(pk=article_id, split_state=Article.SplitState.QUEUED).update(
            split_error=f"Waiting for the task queue: {exc}"
        )


# A batch is sent as tasks of several articles: one broker round trip (about
# 1 ms, more under load) per chunk instead of per article, which was most of a
# bulk POST's time (docs/benchmarks.md). Chunks of at most SPLIT_TASK_CHUNK
# (a 1000-article POST is 20 sends), and at least SPLIT_TASKS_PER_BATCH tasks
# when there are that many articles, so a small batch still spreads over the
# workers instead of waiting on one.
SPLIT_TASK_CHUNK = 50
SPLIT_TASKS_PER_BATCH = 8


def split_chunk_size(count: int) -> int:
    return max(1, min(SPLIT_TASK_CHUNK, -(-count // SPLIT_TASKS_PER_BATCH)))


def _send_splits(pairs: list[tuple[int, str]]) -> None:
    from annotations.tasks import article_split_many_task

    size = split_chunk_size(len(pairs))
    for first in range(0, len(pairs), size):
        chunk = pairs[first:first + size]
        try:
            article_split_many_task.delay(chunk)
        except Exception as exc:  # as in _send_split: the sweep sends them again later
            log.warning("could not queue splits of articles %s…: %s", chunk[0][0], exc)
            Article.objects.filter(pk__in=[pk for pk, _ in chunk], split_state=Article.SplitState.QUEUED).update(
                split_error=f"Waiting for the task queue: {exc}"
            )


@dataclass(frozen=True)
class SplitOutcome:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0
    skipped: bool = False


def article_split(*, article_id: int, content_hash: str) -> SplitOutcome:
    """Split an article into candidate claims. Idempotent.

    Running it twice gives the same claims; claims that carry reviewer work
    (a verdict, evidence, a person's edit or status) are never deleted or
    changed. Raises only transient database errors (the task retries those);
    anything else marks the article failed with the reason.
    """
    return article_split_many(items=[(article_id, content_hash)])[0]


def article_split_many(*, items: list[tuple[int, str]]) -> list[SplitOutcome]:
    """``article_split`` for each (article id, content hash), one outcome each, in order.

    The splitter scores the sentences of every article in one call and the
    claims are written in one transaction: per article, both cost several
    times more one at a time (docs/benchmarks.md). A text the splitter fails
    on fails alone; the others are split.
    """
    expected = dict(items)
    outcomes = {pk: SplitOutcome(skipped=True) for pk in expected}
    bodies = _split_start(expected)
    candidates = _split_bodies(bodies)
    if candidates:
        with transaction.atomic():
            # Locked, then checked again: another run of the same task may have
            # finished these articles, or an editor queued a new split, meanwhile.
            rows = Article.objects.select_for_update().filter(pk__in=candidates).values_list(
                "pk", "split_state", "content_hash")
            ready = {pk: candidates[pk] for pk, state, content_hash in rows
                     if state == Article.SplitState.SPLITTING and content_hash == expected[pk]}
            outcomes.update(_reconcile_claims(bodies, ready))
            # update(), not save(): pipeline state is not a person's change, so it
            # stays out of the history.
            now = timezone.now()
            Article.objects.filter(pk__in=ready).update(
                split_state=Article.SplitState.DONE, splitter_version=splitting.SPLITTER_VERSION,
                split_finished_at=now, split_error="", updated_at=now,
            )
            linked = list(ready)
            if linked:
                transaction.on_commit(lambda: _send_links(linked))
    return [outcomes[pk] for pk, _ in items]


def _split_start(expected: dict[int, str]) -> dict[int, str]:
    """Mark the articles still to split as splitting; their bodies by id."""
    rows = (
        Article.objects.filter(pk__in=expected)
        .exclude(split_state=Article.SplitState.DONE, splitter_version=splitting.SPLITTER_VERSION)
        .values_list("pk", "content_hash", "body")
    )
    bodies = {pk: body for pk, content_hash, body in rows if expected[pk] == content_hash}
    for pk in expected.keys() - bodies.keys():
        log.info("split of article %s skipped: missing, changed or already done", pk)
    if bodies:
        Article.objects.filter(pk__in=bodies).update(
            split_state=Article.SplitState.SPLITTING, split_started_at=timezone.now(), split_error=""
        )
    return bodies


def _split_bodies(bodies: dict[int, str]) -> dict[int, list[splitting.Candidate]]:
    """The splitter's candidates by article id; an article it fails on is marked failed and left out."""
    if not bodies:
        return {}
    try:
        return dict(zip(bodies, splitting.split_texts(list(bodies.values())), strict=True))
    except Exception as exc:  # a splitter bug must show on the article, not loop in retries
        if len(bodies) > 1:
            # One by one, so that only the text the splitter fails on fails.
            return {pk: cands for one in bodies.items() for pk, cands in _split_bodies(dict([one])).items()}
        (article_id, _), = bodies.items()
        log.exception("splitter failed on article %s", article_id)
        _mark_split_failed(article_id, f"The splitter failed: {type(exc).__name__}: {exc}")
        return {}


# Linking costs about 50-65 ms an article (docs/benchmarks.md), twenty times a
# split. The link queue waits while splits wait, but a worker that took a link
# task finishes it before it looks again: a split chunk's 50 articles in one
# link task would hold it about 3 s while new splits queue behind it. Tasks of
# LINK_TASK_CHUNK articles bound that to about half a second.
LINK_TASK_CHUNK = 8


def _send_links(article_ids: list[int]) -> None:
    from annotations.tasks import article_link_many_task

    for first in range(0, len(article_ids), LINK_TASK_CHUNK):
        chunk = article_ids[first:first + LINK_TASK_CHUNK]
        try:
            article_link_many_task.delay(chunk)
        except Exception as exc:  # broker unreachable: the claims stay unlinked until the next split or relink
            log.warning("could not queue linking of articles %s: %s", chunk, exc)


def _mark_split_failed(article_id: int, reason: str) -> None:
    Article.objects.filter(pk=article_id).update(
        split_state=Article.SplitState.FAILED, split_error=reason[:2000], split_finished_at=timezone.now()
    )


def _claims_with_work(article_ids):
    has_verdict = Verdict.objects.filter(claim=OuterRef("pk"))
    has_evidence = Evidence.objects.filter(claim=OuterRef("pk"))
    return Claim.objects.filter(article_id__in=article_ids).annotate(
        has_verdict=Exists(has_verdict), has_evidence=Exists(has_evidence)
    )


def _is_protected(claim: Claim) -> bool:
    return (
        claim.has_verdict or claim.has_evidence or claim.origin == Claim.Origin.MANUAL
        or claim.status != Claim.Status.OPEN or claim.version > 1 or claim.assignee_id is not None
    )


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _reconcile_claims(bodies: dict[int, str], candidates: dict[int, list[splitting.Candidate]]) -> dict:
    """Bring each article's claims in line with its candidates, in three statements for all of them."""
    existing = defaultdict(list)
    if candidates:
        for claim in _claims_with_work(list(candidates)):
            existing[claim.article_id].append(claim)
    to_create, to_update, stale, outcomes = [], [], [], {}
    for article_id, article_candidates in candidates.items():
        created, updated, deleted, kept = _reconcile_article(
            article_id, bodies[article_id], existing[article_id], article_candidates)
        to_create += created
        to_update += updated
        stale += deleted
        outcomes[article_id] = SplitOutcome(
            created=len(created), updated=len(updated), deleted=len(deleted), kept=kept)
    if stale:
        Claim.objects.filter(pk__in=stale).delete()
    if to_update:
        Claim.objects.bulk_update(
            to_update, ["kind", "checkworthiness", "checkworthy", "claim_type", "splitter_version"]
        )
    if to_create:
        bulkinsert.insert_instances(to_create, model=Claim, key=("article", "start", "end"), history_reason="split")
    return outcomes


def _reconcile_article(article_id: int, body: str, existing: list[Claim], candidates: list[splitting.Candidate]):
    """(claims to create, claims to update, ids to delete, number kept) for one article."""
    protected = [c for c in existing if _is_protected(c)]
    protected_spans = [(c.start, c.end) for c in protected]
    replaceable = {(c.start, c.end): c for c in existing if not _is_protected(c)}

    to_create, to_update, wanted = [], [], set()
    for cand in candidates:
        span = (cand.start, cand.end)
        if span in replaceable:
            wanted.add(span)
            claim = replaceable[span]
            if _apply_candidate(claim, cand):
                to_update.append(claim)
        elif not _overlaps(span, protected_spans):
            claim = _new_claim(article_id=article_id, start=cand.start, end=cand.end, text=body[cand.start:cand.end])
            _apply_candidate(claim, cand)
            to_create.append(claim)
    stale = [c.pk for span, c in replaceable.items() if span not in wanted]
    return to_create, to_update, stale, len(protected)


_new_claim = bulkinsert.row_maker(Claim)
# Django builds a choices' .values list anew on every access.
_KINDS = frozenset(Claim.Kind.values)
_CLAIM_TYPES = frozenset(Claim.ClaimType.values)


def _apply_candidate(claim: Claim, cand: splitting.Candidate) -> bool:
    """Copy the splitter's judgement onto a claim; True if anything changed."""
    values = {
        "kind": cand.kind if cand.kind in _KINDS else Claim.Kind.CLAIM,
        "checkworthiness": min(1.0, max(0.0, float(cand.checkworthiness))),
        "checkworthy": bool(cand.checkworthy),
        "claim_type": cand.claim_type if cand.claim_type in _CLAIM_TYPES else Claim.ClaimType.OTHER,
        "splitter_version": splitting.SPLITTER_VERSION,
    }
    changed = any(getattr(claim, field) != value for field, value in values.items())
    for field, value in values.items():
        setattr(claim, field, value)
    return changed


def article_requeue_stalled(*, queued_for: dt.timedelta, splitting_for: dt.timedelta) -> int:
    """Send again the splits that should have finished by now.

    Covers a broker that was down when the article was saved and a worker
    whose task was lost; the split is idempotent, so a duplicate is harmless.
    """
    now = timezone.now()
    stalled = Article.objects.filter(
        Q(split_state=Article.SplitState.QUEUED, updated_at__lt=now - queued_for)
        | Q(split_state=Article.SplitState.SPLITTING, split_started_at__lt=now - splitting_for)
    ).values_list("pk", "content_hash")
    count = 0
    for article_id, content_hash in stalled:
        _send_split(article_id, content_hash)
        count += 1
    return count


def article_import(*, data: bytes, encoding: str | None = None, created_by=None, language: str = "en") -> Article:
    """Create an article from a file's bytes: decode, read title and metadata, create.

    Raises ArticleFileError (unreadable file), ValidationError or DuplicateArticle.
    """
    parsed = parse_article_text(decode_article_bytes(data, encoding))
    article = Article(
        body=parsed.body, title=parsed.title[:TITLE_MAX_LENGTH], title_derived=parsed.title_derived,
        source=parsed.source, url=parsed.url, published_on=parsed.published_on,
        language=language, created_by=created_by,
    )
    article_save_new(article=article)
    return article


# --- Bulk article creation, verdicts and evidence (REST API v1) ---


class ArticleBatchInvalid(ValidationError):
    """Some articles of a batch cannot be created; ``errors`` maps item index → message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(f"{len(errors)} of the articles cannot be created; nothing was created.")
        self.errors = errors


def article_create_many(*, items: list[dict], created_by=None) -> list[Article]:
    """Create many articles in one transaction, all or none, and queue their splits after commit.

    Each item takes the keyword arguments of ``article_create``. Every item is
    validated first, duplicates within the batch and of existing articles
    included; any problem raises ArticleBatchInvalid and nothing is written.
    """
    articles, errors, first_seen = [], {}, {}
    for index, item in enumerate(items):
        article = Article(
            body=item["body"], title=item.get("title", "").strip(), source=item.get("source", "").strip(),
            url=item.get("url", "").strip(), published_on=item.get("published_on"),
            language=item.get("language") or "en", created_by=created_by,
        )
        try:
            _article_prepare(article)
        except ValidationError as exc:
            errors[index] = " ".join(exc.messages)
            continue
        if article.content_hash in first_seen:
            errors[index] = f"This text is the same as item {first_seen[article.content_hash]} of this request."
            continue
        first_seen[article.content_hash] = index
        articles.append(article)
    for pk, title, content_hash in bulkinsert.select_in(Article, "content_hash", first_seen, ("id", "title",
                                                                                          "content_hash")):
        errors[first_seen[content_hash]] = DuplicateArticle(Article(pk=pk, title=title)).messages[0]
    if errors:
        raise ArticleBatchInvalid(dict(sorted(errors.items())))


    try:
        with transaction.atomic():
            bulkinsert.insert_instances(articles, key=("content_hash",), history_reason="created",
                                        history_user_id=getattr(created_by, "pk", None))
            created = articles
            # One callback for the whole batch: the splits are sent only once every row is committed.
            sent = [(article.pk, article.content_hash) for article in created]
            transaction.on_commit(lambda: _send_splits(sent))
    except IntegrityError:
        # Another request stored one of these texts between the check above and the insert.
        raise ValidationError("Another request created some of these articles at the same time; "
                              "nothing was created. Send the batch again to see which.") from None
    return created


def _article_prepare(article: Article) -> None:
    """Validate an unsaved article and fill its derived fields."""
    article_validate(body=article.body, title=article.title, url=article.url)
    if not article.title:
        headline = find_headline(article.body)
        article.title = headline or derive_title(article.body)[:TITLE_MAX_LENGTH]
        article.title_derived = headline is None
    article.content_hash = content_hash_of(article.body)
    article.split_state = Article.SplitState.QUEUED


class VerdictExists(ValidationError):
    """The reviewer already has a verdict on this claim; ``existing`` is it."""

    def __init__(self, existing: Verdict):
        super().__init__(
            f"You already have a verdict on this claim (verdict #{existing.pk}, version {existing.version}); "
            "change it instead of submitting a new one."
        )
        self.existing = existing


class VersionConflict(Exception):
    """The row changed since the client read it (optimistic locking); ``current`` is the stored row."""

    noun = "row"
    advice = "Reload it and apply your change again."

    def __init__(self, current, expected_version: int):
        super().__init__(
            f"This {self.noun} was changed since you read it: you sent version {expected_version}, "
            f"the current version is {current.version}. {self.advice}"
        )
        self.current = current


class VerdictVersionConflict(VersionConflict):
    noun = "verdict"


def verdict_validate(*, rating, rationale: str) -> None:
    """A verdict's rating comes from the default scale; most ratings need a written reason."""
    if not rating.scale.is_default:
        raise ValidationError({"rating": "Choose a rating from the default rating scale."})
    if rating.requires_rationale and not rationale.strip():
        raise ValidationError({"rationale": f"The rating “{rating.label}” needs a rationale."})


def verdict_submit(*, claim: Claim, reviewer, rating, rationale: str = "") -> Verdict:
    """Record a reviewer's first verdict on a claim.

    Raises ValidationError for a rating off the default scale or a missing
    rationale, and VerdictExists for a second verdict by the same reviewer.
    """

    verdict_validate(rating=rating, rationale=rationale)
    verdict = Verdict(claim=claim, reviewer=reviewer, rating=rating, rationale=rationale.strip())
    try:
        # The unique constraint (one verdict per reviewer and claim) is the
        # duplicate check: no read before the insert, and fewer statements
        # while the claim (on SQLite, the whole database) is locked. The
        # transaction is rolled back (a savepoint inside a caller's), so the
        # caller's transaction stays usable and nothing is left half-written.
        with transaction.atomic():
            # The claim is locked first, so two verdicts arriving together are
            # counted one after the other when the claim's status is recomputed.
            locked = workflow.claim_lock(claim)
            bulkinsert.save_with_history(verdict)  # verdict.save(), its history row in one INSERT
            workflow.claim_follow_verdicts(claim=locked, actor=reviewer)
    except IntegrityError:
        existing = Verdict.objects.filter(claim=claim, reviewer=reviewer).first()
        if existing is None:  # some other constraint: not ours to explain
            raise
        raise VerdictExists(existing) from None
    claim.status, claim.version = locked.status, locked.version
    return verdict


def verdict_update(*, verdict: Verdict, expected_version: int, rating=None, rationale: str | None = None) -> Verdict:
    """Change a verdict if nobody changed it since the client read ``expected_version``.

    Optimistic concurrency: the row is locked, its version compared and bumped
    in one transaction; on a mismatch nothing is written and
    VerdictVersionConflict carries the stored verdict. Returns the saved verdict.
    """
    with transaction.atomic():
        # Claim first, then verdict: the same order as verdict_submit, so the
        # two never deadlock, and the status is recomputed under the lock.
        claim = workflow.claim_lock(Claim(pk=verdict.claim_id))
        # The lock makes compare-and-bump one step on PostgreSQL; SQLite gets
        # the same from its IMMEDIATE transactions (one writer at a time).
        current = Verdict.objects.select_for_update().select_related("rating__scale").get(pk=verdict.pk)
        if current.version != expected_version:
            raise VerdictVersionConflict(current, expected_version)
        new_rating = rating if rating is not None else current.rating
        new_rationale = rationale.strip() if rationale is not None else current.rationale
        verdict_validate(rating=new_rating, rationale=new_rationale)
        rating_changed = new_rating.pk != current.rating_id
        current.rating, current.rationale, current.version = new_rating, new_rationale, current.version + 1
        current.save(update_fields=["rating", "rationale", "version", "updated_at"])
        if rating_changed:  # a reworded rationale never moves the claim
            workflow.claim_follow_verdicts(claim=claim, actor=current.reviewer)
    return current


def evidence_add(
    *, claim: Claim, added_by, url: str, title: str, stance: str,
    excerpt: str = "", source_type: str = Evidence.SourceType.OTHER, note: str = "",
) -> Evidence:
    """Attach a source to a claim. Raises ValidationError for a non-http(s) URL, a blank title or stance."""
    evidence = Evidence(
        claim=claim, added_by=added_by, url=url.strip(), title=title.strip(), stance=stance,
        excerpt=excerpt, source_type=source_type, note=note,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


def evidence_delete(*, evidence: Evidence) -> None:
    """Remove a piece of evidence (the history keeps a record of it)."""
    evidence.delete()


# --- Correcting the split (review workspace) ---


class ClaimVersionConflict(VersionConflict):
    noun = "claim"
    advice = "Reload the page and apply your change again."


def _trimmed_span(body: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace; ValidationError if nothing is left or it is outside."""
    if not (0 <= start < end <= len(body)):
        raise ValidationError(f"The span {start}–{end} is outside the article (0–{len(body)}).")
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("The selection holds no text.")
    return start, end


def _check_no_overlap(article: Article, start: int, end: int, *, ignore=()) -> None:
    clash = (
        article.claims.filter(start__lt=end, end__gt=start)
        .exclude(pk__in=ignore).exclude(status=Claim.Status.DISMISSED).first()
    )
    if clash:
        raise ValidationError(f"The span overlaps another claim (#{clash.pk}: “{clash.text[:60]}”).")


def _locked_claim(claim: Claim, expected_version: int) -> Claim:
    current = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    if current.version != expected_version:
        raise ClaimVersionConflict(current, expected_version)
    return current


def claim_update_span(*, claim: Claim, start: int, end: int, expected_version: int) -> Claim:
    """Move a claim's start or end. Offsets stay exact; the history records the old span.

    Refused once the claim has verdicts or is past review, as splitting and merging are.
    """
    with transaction.atomic():
        current = _locked_claim(claim, expected_version)
        _refuse_if_reviewed(current, "moving")
        body = current.article.body
        start, end = _trimmed_span(body, start, end)
        _check_no_overlap(current.article, start, end, ignore=[current.pk])
        current.start, current.end, current.text = start, end, body[start:end]
        current.version += 1
        current.save(update_fields=["start", "end", "text", "version", "updated_at"])
    return current


def claim_add(*, article: Article, start: int, end: int) -> Claim:
    """A claim the splitter missed, marked as added by a person."""
    with transaction.atomic():
        start, end = _trimmed_span(article.body, start, end)
        _check_no_overlap(article, start, end)
        claim = Claim(article=article, start=start, end=end, text=article.body[start:end],
                      origin=Claim.Origin.MANUAL, kind=Claim.Kind.CLAIM, checkworthy=True, checkworthiness=1.0)
        claim.save()
    return claim


def claim_dismiss(*, claim: Claim, reason: str, expected_version: int, actor=None) -> Claim:
    """Mark a candidate as not a claim, with the reason; it leaves every queue.

    A published fact-check is never dismissed from under its readers: it must
    be unpublished first. The audit trail records who dismissed it and why.
    """
    if not reason.strip():
        raise ValidationError("Say why this is not a claim.")
    with transaction.atomic():
        current = _locked_claim(claim, expected_version)
        if current.status == Claim.Status.PUBLISHED:
            raise ValidationError("This claim's fact-check is published; unpublish it before dismissing the claim.")
        AuditEvent.objects.create(claim=current, article_id=current.article_id, actor=actor, action="dismiss",
                                  from_state=current.status, to_state=Claim.Status.DISMISSED, comment=reason.strip())
        current.status, current.dismissed_reason = Claim.Status.DISMISSED, reason.strip()
        current.version += 1
        current.save(update_fields=["status", "dismissed_reason", "version", "updated_at"])
    return current


def _refuse_if_reviewed(claim: Claim, doing: str) -> None:
    """Moving, splitting or merging a claim that already has verdicts would leave them rating other text."""
    verdicts = claim.verdicts.count()
    if verdicts:
        raise ValidationError(
            f"Claim #{claim.pk} already has {verdicts} verdict{'s' if verdicts != 1 else ''}; {doing} it would "
            "leave them rating text nobody reviewed. Dismiss it and add new claims instead."
        )
    if claim.status not in (Claim.Status.OPEN, Claim.Status.IN_REVIEW):
        status = claim.get_status_display().lower()
        raise ValidationError(f"Claim #{claim.pk} is {status}; {doing} it now would undo its review.")


def claim_split(*, claim: Claim, at: int, expected_version: int, actor=None) -> tuple[Claim, Claim]:
    """Cut a claim in two at offset ``at`` (an index into the article body).

    The claim keeps ``[start, at)`` and its id, assignee and evidence; a new
    claim, marked as a person's, gets ``[at, end)``. Both halves are trimmed
    of surrounding whitespace and must keep some text. Refused for a stale
    version and for a claim that already carries verdicts.
    """
    with transaction.atomic():
        current = _locked_claim(claim, expected_version)
        if current.status == Claim.Status.DISMISSED:
            raise ValidationError("This claim is dismissed; restore it before splitting it.")
        if not (current.start < at < current.end):
            raise ValidationError(
                f"Split inside the claim: the offset {at} is not between {current.start} and {current.end}."
            )
        _refuse_if_reviewed(current, "splitting")
        body = current.article.body
        try:
            first = _trimmed_span(body, current.start, at)
            second = _trimmed_span(body, at, current.end)
        except ValidationError:
            raise ValidationError("Both parts of a split need some text; move the split point.") from None
        if current.article.claims.filter(start=second[0], end=second[1]).exists():
            raise ValidationError("A dismissed claim already covers exactly the second part; restore that one.")
        old_span = f"{current.start}–{current.end}"
        current.start, current.end, current.text = first[0], first[1], body[first[0]:first[1]]
        current.version += 1
        current.save(update_fields=["start", "end", "text", "version", "updated_at"])
        new = Claim.objects.create(
            article=current.article, start=second[0], end=second[1], text=body[second[0]:second[1]],
            kind=current.kind, claim_type=current.claim_type, checkworthiness=current.checkworthiness,
            checkworthy=current.checkworthy, origin=Claim.Origin.MANUAL, assignee=current.assignee,
            splitter_version=current.splitter_version,
        )
        AuditEvent.objects.create(
            claim=current, article=current.article, actor=actor, action="claim_split", from_state=old_span,
            to_state=f"{current.start}–{current.end} + #{new.pk} {new.start}–{new.end}",
        )
    return current, new


def claim_neighbour(claim: Claim):
    """The next claim in the text that is not dismissed, or None: what "merge with the next" joins."""
    return (
        claim.article.claims.filter(start__gte=claim.end).exclude(status=Claim.Status.DISMISSED)
        .order_by("start", "end").first()
    )


def claim_merge(*, claim: Claim, expected_version: int, neighbour_id: int, neighbour_version: int, actor=None) -> Claim:
    """Join a claim with the next one in the text; the span runs from the first start to the second end.

    The first claim keeps its id and absorbs the second's evidence; the second
    is deleted (its history keeps it). Both versions are checked. Refused when
    ``neighbour_id`` is no longer the next claim, and for claims with verdicts.
    """
    with transaction.atomic():
        current = _locked_claim(claim, expected_version)
        if current.status == Claim.Status.DISMISSED:
            raise ValidationError("This claim is dismissed; restore it before merging it.")
        expected_next = claim_neighbour(current)
        if expected_next is None or expected_next.pk != neighbour_id:
            raise ValidationError("The claims around this one changed since you opened it; reload the page.")
        following = _locked_claim(expected_next, neighbour_version)
        for each in (current, following):
            _refuse_if_reviewed(each, "merging")
        if following.audit_events.exists() or hasattr(following, "factcheck"):
            raise ValidationError(f"Claim #{following.pk} has an editorial record; it cannot be merged away.")
        # Claims never overlap, so this only guards against rows written around this service.
        _check_no_overlap(current.article, current.start, following.end, ignore=[current.pk, following.pk])
        body = current.article.body
        old_span = f"{current.start}–{current.end} + #{following.pk} {following.start}–{following.end}"
        for item in following.evidence.all():  # one save each, so the evidence history records the move
            item.claim = current
            item.save(update_fields=["claim", "updated_at"])
        absorbed_id = following.pk
        following.delete()
        current.end, current.text = following.end, body[current.start:following.end]
        current.checkworthiness = max(current.checkworthiness, following.checkworthiness)
        current.checkworthy = current.checkworthy or following.checkworthy
        current.version += 1
        current.save(update_fields=["end", "text", "checkworthiness", "checkworthy", "version", "updated_at"])
        AuditEvent.objects.create(
            claim=current, article=current.article, actor=actor, action="claim_merge", from_state=old_span,
            to_state=f"{current.start}–{current.end}", comment=f"absorbed claim #{absorbed_id}",
        )
    return current


# --- Rationale drafts (autosaved while a reviewer types) ---


def rationale_draft_save(*, claim: Claim, author, text: str) -> RationaleDraft | None:
    """Keep the reviewer's unsubmitted rationale; an empty text, or the text just submitted, drops the draft."""
    own = Verdict.objects.filter(claim=claim, reviewer=author).values_list("rationale", flat=True).first()
    # A draft request that lands after the verdict it belongs to was saved must not resurrect it.
    if not text.strip() or (own is not None and own == text.strip()):
        rationale_draft_clear(claim=claim, author=author)
        return None
    draft, _created = RationaleDraft.objects.update_or_create(claim=claim, author=author, defaults={"text": text})
    return draft


def rationale_draft_clear(*, claim: Claim, author) -> None:
    RationaleDraft.objects.filter(claim=claim, author=author).delete()
