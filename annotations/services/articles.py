"""Articles: create and import them, split them into claims (the Celery job), split again, sweep stalls."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from annotations import splitting
from annotations.importing import decode_article_bytes, derive_title, find_headline, parse_article_text
from annotations.intake.identity import canonical_url
from annotations.matching.duplicates import duplicate_groups
from annotations.models import (
    FACT_FIELDS,
    TITLE_MAX_LENGTH,
    Article,
    AuditEvent,
    Claim,
    Evidence,
    Verdict,
    content_hash_of,
    url_key_of,
    validate_http_url,
)
from annotations.services import facts
from annotations.services.common import audit, task_send

log = logging.getLogger(__name__)


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
            created = bulk_create_with_history(
                articles, Article, batch_size=500, default_user=created_by, default_change_reason="created"
            )
            # One callback for the whole batch: the splits are sent only once every row is committed.
            pairs = [(article.pk, article.content_hash) for article in created]
            transaction.on_commit(lambda: _send_splits(pairs))
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


# --- The split job ---


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
    claims are written in one transaction; a text the splitter fails on fails
    alone, the others are split.
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
                "pk", "split_state", "content_hash", "published_on", "source")
            ready, details = {}, {}
            for pk, state, content_hash, published_on, source in rows:
                if state == Article.SplitState.SPLITTING and content_hash == expected[pk]:
                    ready[pk], details[pk] = candidates[pk], (published_on, source)
            outcomes.update(_reconcile_claims(bodies, ready, details))
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
        Article.objects.filter(pk=article_id).update(
            split_state=Article.SplitState.FAILED, split_finished_at=timezone.now(),
            split_error=f"The splitter failed: {type(exc).__name__}: {exc}"[:2000],
        )
        return {}


# A split chunk's articles are linked in batches (services.matching.articles_link): the
# candidates of a batch in one pass over the index. One article alone (pasted, or split
# again) goes to the link lane ahead of every bulk task (tasks.BULK_LINK_PRIORITY). A
# worker finishes a task before it looks at the queues again, so a pasted article waits
# for the bulk task in hand: 25 articles, about a second when a batch meets many
# sentences it has seen before (docs/benchmarks.md, "Linking at the pace of splitting").
LINK_TASK_CHUNK = 25


def _send_links(article_ids: list[int]) -> None:
    # Unsent links are not lost for good: the next split or `link_articles` links them.
    if len(article_ids) == 1:
        task_send("article_link_task", article_ids[0])
        return
    for first in range(0, len(article_ids), LINK_TASK_CHUNK):
        task_send("article_link_many_task", article_ids[first:first + LINK_TASK_CHUNK])


def _claims_with_work(article_ids):
    return Claim.objects.filter(article_id__in=article_ids).annotate(
        has_verdict=Exists(Verdict.objects.filter(claim=OuterRef("pk"))),
        has_evidence=Exists(Evidence.objects.filter(claim=OuterRef("pk"))),
        has_audit=Exists(AuditEvent.objects.filter(claim=OuterRef("pk"))),
    )


def _is_protected(claim: Claim) -> bool:
    # A duplicate is a status the split gives, not a person: unworked, it is replaced like an open claim.
    return (
        claim.has_verdict or claim.has_evidence or claim.has_audit or claim.origin == Claim.Origin.MANUAL
        or claim.status not in (Claim.Status.OPEN, Claim.Status.DUPLICATE) or claim.version > 1
        or claim.assignee_id is not None
    )


def _groupable(claim: Claim) -> bool:
    """The split may make it a duplicate of another claim, or take it out of a group: nobody reviewed
    this text on its own (a member carries no verdict or evidence; an assignment is not a review)."""
    if claim.pk is None:
        return True
    if claim.has_verdict or claim.has_evidence:
        return False
    return claim.status == Claim.Status.DUPLICATE or not _is_protected(claim)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


SPLIT_FIELDS = ["kind", "checkworthiness", "checkworthy", "claim_type", "splitter_version"]
GROUP_FIELDS = ["status", "duplicate_of"]


@dataclass
class _ArticleChanges:
    """What the split changes in one article's claims (``_reconcile_article``), before it is written."""

    created: list[Claim]
    updated: list[Claim]  # the splitter's judgement changed
    unchanged: list[Claim]  # kept as they are: the same candidate, or reviewer work (protected)
    stale: list[int]
    protected: int
    facts_changed: list[Claim] = field(default_factory=list)
    regrouped: list[tuple[Claim, Claim | None, dict]] = field(default_factory=list)  # (claim, lead, before)

    @property
    def claims(self) -> list[Claim]:
        return sorted([*self.created, *self.updated, *self.unchanged], key=lambda c: (c.start, c.end))


def _reconcile_claims(bodies: dict[int, str], candidates: dict[int, list[splitting.Candidate]],
                      details: dict[int, tuple]) -> dict:
    """Bring each article's claims in line with its candidates, their facts and duplicate groups with them.

    A few statements for all the articles: delete, update, create (leads first,
    then the duplicates that point at them), regroup, the date rows, the audit.
    """
    existing = defaultdict(list)
    for claim in _claims_with_work(list(candidates)):
        existing[claim.article_id].append(claim)
    changes, outcomes = {}, {}
    for article_id, article_candidates in candidates.items():
        found = _reconcile_article(article_id, bodies[article_id], existing[article_id], article_candidates)
        published_on, source = details[article_id]
        found.facts_changed = facts.claims_facts_compute(
            bodies[article_id], found.claims, published_on=published_on, publisher=source)
        found.regrouped = _duplicates(bodies[article_id], found.claims)
        changes[article_id] = found
        outcomes[article_id] = SplitOutcome(created=len(found.created), updated=len(found.updated),
                                            deleted=len(found.stale), kept=found.protected)
    _write(list(changes.values()))
    return outcomes


def _write(changes: list[_ArticleChanges]) -> None:
    stale = [pk for change in changes for pk in change.stale]
    if stale:
        Claim.objects.filter(pk__in=stale).delete()
    updated = [claim for change in changes for claim in change.updated]
    if updated:
        Claim.objects.bulk_update(updated, [*SPLIT_FIELDS, *FACT_FIELDS], batch_size=500)
    updated_ids = {claim.pk for claim in updated}
    facts_only = [claim for change in changes for claim in change.facts_changed
                  if claim.pk is not None and claim.pk not in updated_ids]
    if facts_only:
        Claim.objects.bulk_update(facts_only, FACT_FIELDS, batch_size=500)
    created = [claim for change in changes for claim in change.created]
    # Leads before the duplicates that point at them, so that every reference is to a saved row.
    members = {id(claim) for change in changes for claim, lead, _ in change.regrouped if lead is not None}
    for batch in ([c for c in created if id(c) not in members], [c for c in created if id(c) in members]):
        for claim in batch:
            claim.duplicate_of_id = claim.duplicate_of.pk if claim.duplicate_of else None
        if batch:
            bulk_create_with_history(batch, Claim, batch_size=500, default_change_reason="split")
    regrouped = [claim for change in changes for claim, _, before in change.regrouped if before]
    for claim in regrouped:
        claim.duplicate_of_id = claim.duplicate_of.pk if claim.duplicate_of else None
    if regrouped:
        Claim.objects.bulk_update(regrouped, GROUP_FIELDS, batch_size=500)
    facts.claim_dates_replace(created, fresh=True)
    facts.claim_dates_replace(updated + facts_only)
    _audit_splits(changes)


def _audit_splits(changes: list[_ArticleChanges]) -> None:
    """One audit event per article split, on the article: the claims it made, as they were made, and the
    existing claims it put into a duplicate group or took out of one.

    Never on a claim: a claim's own events mark it as worked on, which a later
    split must not mistake for reviewer work. With it a claim's story starts at
    its creation (docs/workflow.md, "The audit trail"). The unworked claims a
    re-split replaces are in the claims' history (simple-history), not here.
    """
    events = []
    for change in changes:
        made = [{"id": claim.pk, **claim.creation_record()} for claim in change.created]
        moved = [(claim, before) for claim, _, before in change.regrouped if before]
        if not made and not moved:
            continue
        article_id = (change.created or [claim for claim, _ in moved])[0].article_id
        before, after = {}, {"claims": made}
        if moved:
            before["grouped"] = [{"id": claim.pk, **old} for claim, old in moved]
            after["grouped"] = [{"id": claim.pk, **_group_record(claim)} for claim, _ in moved]
        events.append(AuditEvent(article_id=article_id, action="split", to_state=f"{len(made)} claims",
                                 before=before, after=after))
    AuditEvent.objects.bulk_create(events)


def _group_record(claim: Claim) -> dict:
    return {"status": claim.status, "duplicate_of": claim.duplicate_of_id}


def _reconcile_article(article_id: int, body: str, existing: list[Claim],
                       candidates: list[splitting.Candidate]) -> _ArticleChanges:
    """The claims to create, to update, to keep and to delete for one article."""
    protected = [c for c in existing if _is_protected(c)]
    protected_spans = [(c.start, c.end) for c in protected]
    replaceable = {(c.start, c.end): c for c in existing if not _is_protected(c)}

    to_create, to_update, unchanged, wanted = [], [], list(protected), set()
    for cand in candidates:
        span = (cand.start, cand.end)
        if span in replaceable:
            wanted.add(span)
            claim = replaceable[span]
            (to_update if _apply_candidate(claim, cand) else unchanged).append(claim)
        elif not _overlaps(span, protected_spans):
            claim = Claim(article_id=article_id, start=cand.start, end=cand.end, text=body[cand.start:cand.end])
            _apply_candidate(claim, cand)
            to_create.append(claim)
    stale = [c.pk for span, c in replaceable.items() if span not in wanted]
    return _ArticleChanges(created=to_create, updated=to_update, unchanged=unchanged, stale=stale,
                           protected=len(protected))


def _duplicates(body: str, claims: list[Claim]) -> list[tuple[Claim, Claim | None, dict]]:
    """Group the sentences the article states again (``matching.duplicates``): one verdict for each group.

    Sets, in memory, the status and lead of every claim the split may group
    (``_groupable``): a duplicate points at its group's lead, the first claim
    someone reviewed on its own, else the first in the text; a lead or a claim
    in no group is open. Returns (claim, lead or None, its grouping before if
    it changed, else {}) for each of them.
    """
    eligible = [c for c in claims if c.kind == Claim.Kind.CLAIM and c.status != Claim.Status.DISMISSED]
    by_span = {(c.start, c.end): c for c in eligible}
    lead_of: dict[int, Claim] = {}
    for group in duplicate_groups(body, list(by_span)):
        members = [by_span[span] for span in group.members]
        lead = next((c for c in members if not _groupable(c)), members[0])
        for member in members:
            if member is not lead and _groupable(member):
                lead_of[id(member)] = lead
    found = []
    for claim in eligible:
        if not _groupable(claim):
            continue
        before = _group_record(claim)
        lead = lead_of.get(id(claim))
        if lead is not None:
            claim.status, claim.duplicate_of = Claim.Status.DUPLICATE, lead
        elif claim.status == Claim.Status.DUPLICATE or claim.duplicate_of_id is not None:
            claim.status, claim.duplicate_of = Claim.Status.OPEN, None
        moved = claim.pk is not None and (
            before["status"] != claim.status or before["duplicate_of"] != (lead.pk if lead else None)
            or (lead is not None and lead.pk is None))
        found.append((claim, lead, before if moved else {}))
    return found


def _apply_candidate(claim: Claim, cand: splitting.Candidate) -> bool:
    """Copy the splitter's judgement onto a claim; True if anything changed."""
    values = {
        "kind": cand.kind if cand.kind in Claim.Kind.values else Claim.Kind.CLAIM,
        "checkworthiness": min(1.0, max(0.0, float(cand.checkworthiness))),
        "checkworthy": bool(cand.checkworthy),
        "claim_type": cand.claim_type if cand.claim_type in Claim.ClaimType.values else Claim.ClaimType.OTHER,
        "splitter_version": splitting.SPLITTER_VERSION,
    }
    changed = any(getattr(claim, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(claim, name, value)
    return changed
