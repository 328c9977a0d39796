"""The split job: an article's claims brought in line with the splitter's candidates (Celery runs it).

Idempotent: a second run gives the same claims, and claims that carry reviewer
work (a verdict, evidence, a person's edit or status) are never deleted or
changed. Sending splits, and importing the articles, is ``services.articles``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from annotations import splitting
from annotations.matching.duplicates import duplicate_groups
from annotations.models import (
    FACT_FIELDS,
    Article,
    AuditEvent,
    Claim,
    Evidence,
    Verdict,
)
from annotations.services import bulk, facts
from annotations.services.common import task_send

log = logging.getLogger(__name__)

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
            bulk.key_checks_reuse_plans()
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
# again) goes to the link lane ahead of every bulk task (tasks.BULK_LINK_PRIORITY) and
# then waits for the link lock only as long as the bulk batch holding it takes its turn
# (services.link_turns, settings.LINK_TURN_SECONDS).
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
            bulk.objects_create_with_history(Claim, batch, change_reason="split")
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
    bulk.objects_create(AuditEvent, events)


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


# Django builds a Choices class's ``values`` list afresh on each access; this runs once per claim.
_KINDS, _CLAIM_TYPES = frozenset(Claim.Kind.values), frozenset(Claim.ClaimType.values)


def _apply_candidate(claim: Claim, cand: splitting.Candidate) -> bool:
    """Copy the splitter's judgement onto a claim; True if anything changed."""
    values = {
        "kind": cand.kind if cand.kind in _KINDS else Claim.Kind.CLAIM,
        "checkworthiness": min(1.0, max(0.0, float(cand.checkworthiness))),
        "checkworthy": bool(cand.checkworthy),
        "claim_type": cand.claim_type if cand.claim_type in _CLAIM_TYPES else Claim.ClaimType.OTHER,
        "splitter_version": splitting.SPLITTER_VERSION,
    }
    changed = any(getattr(claim, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(claim, name, value)
    return changed
