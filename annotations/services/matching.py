"""The same claim across articles: link claims after a split, and people's decisions on suggested links.

The matcher itself is pure (annotations.matching); this module stores its
fingerprints and keys, finds candidates through the ClaimKey index (never by
comparing every pair), records ClaimMatch rows and keeps ClaimGroup
membership equal to the connected components of the linked matches.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from annotations import matching
from annotations.matching import index as match_index
from annotations.models import (
    Article,
    Claim,
    ClaimFingerprint,
    ClaimGroup,
    ClaimKey,
    ClaimKeyFrequency,
    ClaimMatch,
)
from annotations.services.common import audit

log = logging.getLogger(__name__)

# A reviewer reads suggestions; past the best five for one claim they are noise
# (sentences built alike with other numbers), so only the best are stored.
MAX_SUGGESTIONS_PER_CLAIM = 5
# How many of the articles a new one links to are checked against each other for
# reporting different occasions (see _between_linked_articles).
MAX_LINKED_ARTICLES = 8
SAME = ClaimMatch.Relation.SAME


@dataclass(frozen=True)
class LinkOutcome:
    claims: int = 0
    linked: int = 0
    suggested: int = 0
    skipped: bool = False


def article_link(*, article_id: int) -> LinkOutcome:
    """Compare a split article's claims with the claims of every other article. Idempotent.

    Re-running recomputes this article's fingerprints and keys and rescores its
    pairs; a pair a person decided on keeps the decision (a rejected pair is
    never suggested again).
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.split_state != Article.SplitState.DONE:
            log.info("linking of article %s skipped: missing or not split", article_id)
            return LinkOutcome(skipped=True)
        claims = list(article.claims.filter(kind=Claim.Kind.CLAIM).exclude(status=Claim.Status.DISMISSED))
        context = matching.article_context(article.body)
        # Through float16 and back, as stored: scores then do not depend on
        # which of the two articles was linked last.
        fps = {
            claim.pk: matching.fingerprint(
                claim.text, context=context, vector=_vector(_stored(matching.embedder().embed(claim.text)))
            )
            for claim in claims
        }
        keys = {pk: match_index.claim_keys(fp.vector, fp.terms, fp.numbers) for pk, fp in fps.items()}
        candidates = _candidates(keys, exclude_article=article.pk)
        _store_fingerprints(article, claims, fps, keys)
        pairs = [
            (claim_id, other_id, other_article, matching.score(fp, other_fp), other_fp)
            for claim_id, fp in fps.items()
            for other_id, other_fp, other_article in candidates.get(claim_id, [])
        ]
        # An article that disagrees with this one on a number or date in their most
        # alike statements reports another occasion: no automatic link with it at all.
        scored = [(article.pk, other_article, m) for _, _, other_article, m, _ in pairs]
        separated = matching.separate_events(scored + _between_linked_articles(pairs))[:len(pairs)]
        by_claim = defaultdict(list)
        for (claim_id, other_id, *_), match in zip(pairs, separated, strict=True):
            by_claim[claim_id].append((other_id, match))
        found = {}
        scored_pairs = {tuple(sorted((claim_id, other_id))) for claim_id, other_id, *_ in pairs}
        for claim_id in fps:
            scored = by_claim[claim_id]
            suggestions = sorted((m.score, other) for other, m in scored if m.relation == ClaimMatch.Relation.POSSIBLE)
            keep = {other for _, other in suggestions[-MAX_SUGGESTIONS_PER_CLAIM:]}
            for other_id, match in scored:
                if match.relation == ClaimMatch.Relation.SAME or other_id in keep:
                    found[tuple(sorted((claim_id, other_id)))] = match
        _drop_stale_matches(set(fps), found, scored_pairs)
        relations = _record_matches(found)
        linked = relations.count(ClaimMatch.Relation.SAME)
        suggested = relations.count(ClaimMatch.Relation.POSSIBLE)
        _regroup(set(fps))
    return LinkOutcome(claims=len(claims), linked=linked, suggested=suggested)


def _between_linked_articles(pairs) -> list:
    """The pairs between the other articles this one would be linked with, scored so that
    ``separate_events`` can see two of them report different occasions. Only claims already
    loaded as candidates, and only articles with an automatic link: a handful of scores."""
    links = Counter(other_article for _, _, other_article, match, _ in pairs if match.relation == SAME)
    if len(links) < 2:
        return []
    # A claim restated in many articles would make this quadratic: the articles with
    # the most links, and of them only the claims that match one of this article's.
    linked = {other_article for other_article, _ in links.most_common(MAX_LINKED_ARTICLES)}
    claims = {
        other_id: (other_article, fp)
        for _, other_id, other_article, match, fp in pairs if other_article in linked and match.relation
    }
    ordered = sorted(claims.items())
    return [
        (art_a, art_b, matching.score(fp_a, fp_b))
        for i, (_, (art_a, fp_a)) in enumerate(ordered)
        for _, (art_b, fp_b) in ordered[i + 1:]
        if art_a != art_b
    ]


def _candidates(keys: dict[int, list[int]], *, exclude_article: int) -> dict[int, list]:
    """Each claim's best candidates in other articles, with their stored fingerprints and articles: three queries."""
    all_keys = sorted({key for claim_keys in keys.values() for key in claim_keys})
    if not all_keys:
        return {}
    frequency = dict(ClaimKeyFrequency.objects.filter(key__in=all_keys).values_list("key", "claims"))
    rare = [key for key, n in frequency.items() if n <= match_index.MAX_POSTINGS]
    postings = defaultdict(list)
    for key, claim_id in _postings(rare):
        postings[key].append(claim_id)
    ranked = {pk: match_index.rank_candidates(claim_keys, postings, frequency) for pk, claim_keys in keys.items()}
    wanted = {other for others in ranked.values() for other in others}
    rows = _fingerprint_rows(sorted(wanted), exclude_article=exclude_article)
    contexts: dict[int, matching.Context] = {}
    stored = {}
    for claim_id, vector, features, text, article_id in rows:
        fp = matching.fingerprint_from_stored(text, _vector(vector), features, context=contexts.get(article_id))
        if fp.context is not None:
            contexts.setdefault(article_id, fp.context)
        stored[claim_id] = (fp, article_id)
    return {
        pk: [(other, *stored[other]) for other in others if other in stored] for pk, others in ranked.items()
    }


def _postings(keys: list[int]) -> list[tuple[int, int]]:
    """(key, claim id) for these keys."""
    if not keys:
        return []
    return list(ClaimKey.objects.filter(key__in=keys).values_list("key", "claim_id"))


def _fingerprint_rows(claim_ids: list[int], *, exclude_article: int):
    """(claim id, vector, features, text, article id) of these claims outside one article."""
    if not claim_ids:
        return []
    return list(
        ClaimFingerprint.objects.filter(claim_id__in=claim_ids).exclude(article_id=exclude_article)
        .values_list("claim_id", "vector", "features", "claim__text", "article_id")
    )


def _store_fingerprints(article, claims, fps, keys) -> None:
    # Keys and fingerprints are written together, so an article without
    # fingerprints (its first link) has nothing to replace.
    existing_groups = dict(ClaimFingerprint.objects.filter(article=article).values_list("claim_id", "group_id"))
    old_keys: Counter = Counter()
    if existing_groups:
        # By claim id, not through a join: "id IN (SELECT ... JOIN ...)" over the key table
        # planned as nested scans on a PostgreSQL table without statistics (a fresh test
        # database) and ran for minutes.
        keys_of_article = ClaimKey.objects.filter(claim_id__in=Claim.objects.filter(article=article).values("id"))
        old_keys = Counter(keys_of_article.values_list("key", flat=True))
        keys_of_article.delete()
        ClaimFingerprint.objects.filter(article=article).delete()
    ClaimFingerprint.objects.bulk_create([
        ClaimFingerprint(
            claim=claim, article=article, group_id=existing_groups.get(claim.pk),
            vector=_stored(fps[claim.pk].vector),
            features=matching.fingerprint_features(fps[claim.pk]), matcher_version=matching.MATCHER_VERSION,
        )
        for claim in claims
    ])
    _insert_keys([(key, pk) for pk, claim_keys in keys.items() for key in claim_keys])
    new_keys = Counter(key for claim_keys in keys.values() for key in claim_keys)
    new_keys.subtract(old_keys)
    key_frequency_add({key: n for key, n in new_keys.items() if n})


def _insert_keys(rows: list[tuple[int, int]]) -> None:
    ClaimKey.objects.bulk_create([ClaimKey(key=key, claim_id=claim_id) for key, claim_id in rows], batch_size=1000)


def key_frequency_add(changes: dict[int, int]) -> None:
    """Add to the per-key claim counts in one statement per batch.

    The one statement here in SQL: an upsert with ``claims = claims +
    excluded.claims`` (SQLite and PostgreSQL both have it), so concurrent
    links of two articles add to the same row without losing either count.
    The ORM's ``bulk_create(update_conflicts=True)`` can only overwrite a
    count, not add to it.
    """
    table = connection.ops.quote_name(ClaimKeyFrequency._meta.db_table)
    items = sorted(changes.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            batch = items[start:start + 500]
            placeholders = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(
                f'INSERT INTO {table} ("key", "claims") VALUES {placeholders} '
                f'ON CONFLICT ("key") DO UPDATE SET "claims" = {table}."claims" + excluded."claims"',
                [value for pair in batch for value in pair],
            )


def _stored(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def _vector(raw) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.float16).astype(np.float32)


def _drop_stale_matches(claim_ids: set[int], found: dict, scored_pairs: set) -> None:
    """Undecided matches of these claims that the current matcher no longer makes.

    An automatic link not made again (another matcher version, edited text) goes
    whatever the reason; a suggestion goes only when this run scored the pair and
    found nothing, since a suggestion another article's link stored may lie past
    this claim's own best five. Decided pairs stay.
    """
    if not claim_ids:
        return
    rows = ClaimMatch.objects.filter(
        Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids), decision=ClaimMatch.Decision.PENDING
    ).values_list("pk", "claim_a_id", "claim_b_id", "relation")
    stale = [
        pk for pk, a, b, relation in rows
        if (a, b) not in found and (relation == ClaimMatch.Relation.SAME or (a, b) in scored_pairs)
    ]
    if stale:
        ClaimMatch.objects.filter(pk__in=stale).delete()


def articles_relink_stale(*, limit: int | None = None) -> int:
    """Relink the articles whose fingerprints a previous matcher version made; returns how many.

    Fingerprints carry ``matcher_version``; after a matcher change this brings
    stored fingerprints, keys, automatic links and groups up to date (decided
    pairs keep their decisions). Run it until it returns 0 (each article's
    link is its own transaction, so it can be stopped and resumed).
    """
    stale = (
        ClaimFingerprint.objects.exclude(matcher_version=matching.MATCHER_VERSION)
        .values_list("article_id", flat=True).distinct().order_by("article_id")
    )
    article_ids = list(stale[:limit] if limit else stale)
    for article_id in article_ids:
        article_link(article_id=article_id)
    return len(article_ids)


def _record_matches(found: dict[tuple[int, int], matching.Match]) -> list[str]:
    """Insert new pairs, rescore undecided ones, leave decided ones alone: two or three queries."""
    if not found:
        return []
    claim_ids = {a for a, _ in found}
    existing = {
        (m.claim_a_id, m.claim_b_id): m
        for m in ClaimMatch.objects.filter(claim_a_id__in=claim_ids, claim_b_id__in={b for _, b in found})
    }
    new, changed, relations = [], [], []
    for (a, b), match in found.items():
        row = existing.get((a, b))
        if row is None:
            new.append(ClaimMatch(claim_a_id=a, claim_b_id=b, score=match.score, relation=match.relation))
        elif row.decision:
            continue  # a person decided; the matcher does not overrule them
        elif (row.score, row.relation) != (match.score, match.relation):
            row.score, row.relation = match.score, match.relation
            changed.append(row)
        relations.append(match.relation)
    ClaimMatch.objects.bulk_create(new, batch_size=1000)
    ClaimMatch.objects.bulk_update(changed, ["score", "relation"], batch_size=1000)
    return relations


def _regroup(claim_ids: set[int]) -> None:
    """Make group membership the connected components of linked matches around ``claim_ids``."""
    seeds = set(claim_ids)
    groups = set(
        ClaimFingerprint.objects.filter(claim_id__in=seeds, group__isnull=False).values_list("group_id", flat=True)
    )
    seeds |= set(ClaimFingerprint.objects.filter(group_id__in=groups).values_list("claim_id", flat=True))
    edges, frontier, seen = defaultdict(set), set(seeds), set()
    while frontier:
        seen |= frontier
        rows = ClaimMatch.objects.filter(Q(claim_a_id__in=frontier) | Q(claim_b_id__in=frontier)).filter(
            Q(decision=ClaimMatch.Decision.CONFIRMED)
            | Q(relation=ClaimMatch.Relation.SAME, decision=ClaimMatch.Decision.PENDING)
        ).values_list("claim_a_id", "claim_b_id")
        for a, b in rows:
            edges[a].add(b)
            edges[b].add(a)
        frontier = {n for node in frontier for n in edges[node]} - seen
    current = dict(ClaimFingerprint.objects.filter(claim_id__in=seen).values_list("claim_id", "group_id"))
    done: set[int] = set()
    ungrouped = []
    for start in sorted(seen):
        if start in done:
            continue
        component, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node not in component:
                component.add(node)
                stack.extend(edges[node] - component)
        done |= component
        if len(component) < 2:
            ungrouped.extend(n for n in component if current.get(n))
            continue
        existing = sorted({current[n] for n in component if current.get(n)})
        group_id = existing[0] if existing else ClaimGroup.objects.create().pk
        # Only the members whose group changes: most of a relink's claims keep theirs.
        moved = [n for n in component if current.get(n) != group_id]
        if moved:
            ClaimFingerprint.objects.filter(claim_id__in=moved).update(group_id=group_id)
    # A claim alone in its component leaves its group; one statement for all of them (an
    # article's claims are mostly alone: one UPDATE each was most of a link's queries).
    if ungrouped:
        ClaimFingerprint.objects.filter(claim_id__in=ungrouped).update(group=None)
    ClaimGroup.objects.filter(pk__in=groups, members__isnull=True).delete()


def claim_match_decide(*, match: ClaimMatch, actor, decision: str) -> ClaimMatch:
    """A reviewer confirms or rejects a suggested (or automatic) link; the decision is kept for good."""
    if decision not in (ClaimMatch.Decision.CONFIRMED, ClaimMatch.Decision.REJECTED):
        raise ValidationError("Choose confirm or reject.")
    with transaction.atomic():
        locked = ClaimMatch.objects.select_for_update().get(pk=match.pk)
        before = locked.decision or "pending"
        locked.decision, locked.decided_by, locked.decided_at = decision, actor, timezone.now()
        locked.save(update_fields=["decision", "decided_by", "decided_at"])
        for claim_id, other_id in ((locked.claim_a_id, locked.claim_b_id), (locked.claim_b_id, locked.claim_a_id)):
            audit(actor=actor, action=f"match_{decision}", claim=Claim.objects.only("pk", "article_id").get(
                pk=claim_id), from_state=before, to_state=decision, comment=f"Same claim as #{other_id}?",
                before={"match": {"other": other_id, "decision": before}},
                after={"match": {"other": other_id, "decision": decision}})
        _regroup({locked.claim_a_id, locked.claim_b_id})
    return locked


def key_frequency_rebuild() -> int:
    """Recount ClaimKeyFrequency from ClaimKey; returns the number of keys.

    Claims deleted by a re-split take their keys with them (cascade) without
    lowering the counts; the counts only decide which keys are too common to
    use, so the nightly rebuild (``CELERY_BEAT_SCHEDULE``) is enough.
    """
    counts = ClaimKey.objects.values("key").annotate(n=Count("pk")).order_by().values_list("key", "n")
    with transaction.atomic():
        ClaimKeyFrequency.objects.all().delete()
        ClaimKeyFrequency.objects.bulk_create(
            (ClaimKeyFrequency(key=key, claims=n) for key, n in counts.iterator(chunk_size=5000)), batch_size=5000
        )
    return ClaimKeyFrequency.objects.count()
