"""The same claim across articles: link claims after a split, and people's decisions on suggested links.

The matcher itself is pure (annotations.matching); this module stores its
fingerprints and keys, finds candidates through the ClaimKey index (never by
comparing every pair), records ClaimMatch rows and keeps ClaimGroup
membership equal to the connected components of the linked matches.

Linking takes a batch of articles at once (a split task's chunk, or one pasted
article). The fingerprints are worked out first, outside any transaction, so
two workers do that part side by side; then, holding the link lock, one
transaction finds the candidates of the whole batch in the index (the claims
already stored and the batch's own), scores them and writes. The lock makes
batches follow one another: a batch always sees the claims of the batches
linked before it, so no pair is missed because two batches were linked at the
same moment.

A batch is linked as the CLI links a set of files (``python -m
annotations.matching``): one index over the stored claims and the batch, a
key's frequency counted over both, each claim's best candidates ranked over
both, ``separate_events`` over every pair scored, each claim's best
suggestions kept (``suggest.stored_pairs``). Linking the seeds as one batch
gives the CLI's pairs (tests/matching/test_batch_linking.py).

A key held by more than ``MAX_POSTINGS`` claims is never read again (too
common to say anything), so once it is that common no more postings are
written for it: its count goes on in ``ClaimKeyFrequency``, and the index keeps
only the rare keys, most of a claim's keys at a newsroom's size. A claim's
exact wording is the exception (``matching.index.exact_key``): its first
postings stay, so the copies of a sentence reprinted by hundreds of outlets are
each linked to its first copies and join their group.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
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
from annotations.services.bulk import chunks, counts_add, key_checks_reuse_plans, rows_insert, rows_where
from annotations.services.common import audit

log = logging.getLogger(__name__)

# A reviewer reads suggestions; past the best five for one claim they are noise
# (sentences built alike with other numbers), so only the best are stored.
MAX_SUGGESTIONS_PER_CLAIM = 5
# How many of the articles a new one links to are checked against each other for
# reporting different occasions (see _between_linked_articles).
MAX_LINKED_ARTICLES = 8
SAME = ClaimMatch.Relation.SAME
# Any constant: PostgreSQL's advisory lock that makes link transactions follow one another.
LINK_LOCK_ID = 0x4C494E4B


@dataclass(frozen=True)
class LinkOutcome:
    articles: int = 0
    claims: int = 0
    linked: int = 0
    suggested: int = 0
    skipped: bool = False
    held_seconds: float = 0.0  # from taking the link lock to the commit


@dataclass
class _Claim:
    pk: int
    article_id: int
    text: str
    fp: matching.Fingerprint
    keys: list[int] = field(default_factory=list)
    features: str = ""  # the stored JSON, made before the lock is taken


def article_link(*, article_id: int) -> LinkOutcome:
    """Compare a split article's claims with the claims of every other article. Idempotent."""
    return articles_link(article_ids=[article_id])


def articles_link(*, article_ids) -> LinkOutcome:
    """Link a batch of split articles: their claims against every stored claim and each other. Idempotent.

    Re-running recomputes these articles' fingerprints and keys and rescores
    their pairs; a pair a person decided on keeps the decision (a rejected pair
    is never suggested again). Articles missing or not split are skipped.
    """
    ids = sorted(set(article_ids))
    prepared = _prepare(ids)
    with transaction.atomic():
        locked_at = _take_link_lock()
        # Locked like the split locks them: a re-split waits until this batch is written.
        ready = list(
            Article.objects.select_for_update().filter(pk__in=ids, split_state=Article.SplitState.DONE)
            .order_by("pk").values_list("pk", flat=True)
        )
        if not ready:
            log.info("linking of articles %s skipped: missing or not split", ids[:10])
            return LinkOutcome(skipped=True)
        claims = _current_claims(ready, prepared)
        relations = _link(ready, claims)
        key_checks_reuse_plans()
    return LinkOutcome(
        articles=len(ready), claims=len(claims), held_seconds=time.monotonic() - locked_at,
        linked=relations.count(SAME), suggested=relations.count(ClaimMatch.Relation.POSSIBLE),
    )


def _take_link_lock() -> float:
    # SQLite needs none: its transactions take the write lock at BEGIN (settings, IMMEDIATE).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINK_LOCK_ID])
    return time.monotonic()  # when it was taken


def _prepare(article_ids: list[int]) -> dict[int, _Claim]:
    """The fingerprints and keys of the articles' claims as they are now, by claim id (no lock held)."""
    bodies = dict(
        Article.objects.filter(pk__in=article_ids, split_state=Article.SplitState.DONE).values_list("pk", "body")
    )
    return _fingerprinted(_claim_rows(list(bodies)), bodies)


def _claim_rows(article_ids: list[int]) -> list[tuple[int, int, str]]:
    """(claim id, article id, text) of the claims linking compares, by claim id (the CLI's order)."""
    return list(
        Claim.objects.filter(article_id__in=article_ids, kind=Claim.Kind.CLAIM)
        .exclude(status=Claim.Status.DISMISSED).order_by("pk").values_list("pk", "article_id", "text")
    )


def _fingerprinted(rows, bodies: dict[int, str]) -> dict[int, _Claim]:
    contexts = {article_id: matching.article_context(body) for article_id, body in bodies.items()}
    claims = {}
    for pk, article_id, text in rows:
        fp, keys = _text_fingerprint(text)
        fp = replace(fp, context=contexts[article_id])
        claims[pk] = _Claim(pk, article_id, text, fp, list(keys), json.dumps(matching.fingerprint_features(fp)))
    return claims


@lru_cache(maxsize=4096)
def _text_fingerprint(text: str) -> tuple[matching.Fingerprint, tuple[int, ...]]:
    """A claim's fingerprint without its article, and its keys: both depend on the text alone.

    Remembered: wire copy and page furniture repeat the same sentences from
    article to article, and the fingerprint is most of a new claim's cost.
    """
    # Through float16 and back, as stored: scores then do not depend on which
    # of two claims was linked last.
    fp = matching.fingerprint(text, vector=_vector(_stored(matching.embedder().embed(text))))
    return fp, tuple(match_index.claim_keys(fp.vector, fp.terms, fp.numbers, text))


def _current_claims(article_ids: list[int], prepared: dict[int, _Claim]) -> list[_Claim]:
    """The claims as they are under the lock: the prepared ones unless a correction or re-split changed them."""
    rows = _claim_rows(article_ids)
    missing = [row for row in rows if row[0] not in prepared or prepared[row[0]].text != row[2]]
    fresh = {}
    if missing:
        bodies = dict(Article.objects.filter(pk__in={row[1] for row in missing}).values_list("pk", "body"))
        fresh = _fingerprinted(missing, bodies)
    return [fresh.get(pk) or prepared[pk] for pk, _, _ in rows]


def _link(article_ids: list[int], claims: list[_Claim]) -> list[str]:
    """Everything after the fingerprints, inside the locked transaction; the relations recorded."""
    in_batch = {c.pk: c for c in claims}
    old_groups, old_keys = _forget_index(article_ids)
    new_keys = Counter(key for c in claims for key in c.keys)
    stored = _frequencies(set(new_keys) | set(old_keys))
    total = {key: stored.get(key, 0) - old_keys[key] + new_keys[key] for key in new_keys}
    rare = {key for key, n in total.items() if n <= match_index.MAX_POSTINGS}
    # A sentence's exact wording is read however often it was reprinted (matching.index): its first postings.
    reprinted = {key for key in total if key not in rare and match_index.is_exact_key(key)}
    postings = _postings(rare | reprinted)
    # Postings go on being written for a reprinted sentence only while it has too few, which a re-split
    # deleting its first copies can leave it with.
    written = rare | {key for key in reprinted if len(postings[key]) < match_index.EXACT_CANDIDATES}
    for c in claims:
        for key in c.keys:
            if key in rare or key in reprinted:
                postings[key].append(c.pk)
    for ids in postings.values():
        ids.sort()  # the CLI's index lists a key's claims in the order they were added
    ranked = {c.pk: match_index.rank_candidates(c.keys, postings, total) for c in claims}
    # The batch's own old postings are gone, so every stored candidate is another article's.
    others = _stored_fingerprints(sorted({pk for found in ranked.values() for pk in found} - set(in_batch)))
    claims_by_id = {**others, **in_batch}
    scored = _score(_candidate_pairs(claims, ranked, claims_by_id), claims_by_id, in_batch, others)
    found = _select(scored, in_batch)
    existing = _matches_of(set(in_batch))
    dropped = _drop_stale_matches(existing, found, {pair for pair, *_ in scored})
    relations = _record_matches(found, existing)
    _store_index(article_ids, claims, old_groups, written, new_keys - old_keys, old_keys - new_keys)
    # Groups change only around a link made, kept or dropped, and for claims that were in a group
    # (a restored archive brings confirmed pairs back before their claims are linked).
    links = [pair for pair, match in found.items() if match.relation == SAME]
    if not existing and not dropped and not any(old_groups.values()):
        # Articles linked for the first time only add links: their groups are unions, and the groups
        # they join (thousands of members for wire copy) need not be walked again.
        _regroup_added(links)
        return relations
    linked = {pk for pair in links for pk in pair}
    kept = {pk for pair, (_, _, relation, decision) in existing.items()
            if decision == ClaimMatch.Decision.CONFIRMED or (relation == SAME and not decision) for pk in pair}
    _regroup(linked | kept | dropped | {pk for pk, group in old_groups.items() if group is not None})
    return relations


def _forget_index(article_ids: list[int]) -> tuple[dict[int, int | None], Counter]:
    """Remove these articles' postings; their claims' groups and the keys they held (for the counts)."""
    rows = list(rows_where(ClaimFingerprint, ["claim", "group", "vector", "features"], "article", article_ids))
    groups = {claim_id: group_id for claim_id, group_id, _, _ in rows}
    texts = dict(rows_where(Claim, ["id", "text"], "id", list(groups)))
    old_keys: Counter = Counter()
    for claim_id, _, vector, features in rows:
        # Recomputed from what is stored: the postings of a key too common to use are not kept.
        features = _json(features)
        old_keys.update(match_index.claim_keys(
            _vector(vector), features.get("terms", ()), features.get("numbers", ()), texts.get(claim_id, "")))
    for chunk in chunks(list(groups)):
        ClaimKey.objects.filter(claim_id__in=chunk).delete()
    return groups, old_keys


def _frequencies(keys) -> dict[int, int]:
    return dict(rows_where(ClaimKeyFrequency, ["key", "claims"], "key", keys))


def _postings(keys) -> defaultdict[int, list[int]]:
    """{key: [claim id, ...]} of the stored claims holding these keys."""
    postings = defaultdict(list)
    for key, claim_id in rows_where(ClaimKey, ["key", "claim"], "key", keys):
        postings[key].append(claim_id)
    return postings


def _json(value) -> dict:
    # PostgreSQL's driver reads jsonb as Python objects; SQLite gives the text.
    return json.loads(value) if isinstance(value, str) else value


def _candidate_pairs(claims: list[_Claim], ranked, claims_by_id) -> list[tuple[int, int]]:
    """Every (lower id, higher id) pair of claims of different articles that one of the batch's claims ranks
    among its best candidates, once, in the CLI's order."""
    seen, pairs = set(), []
    for c in claims:
        for other in sorted(ranked[c.pk]):
            pair = (min(c.pk, other), max(c.pk, other))
            if other in claims_by_id and claims_by_id[other].article_id != c.article_id and pair not in seen:
                seen.add(pair)
                pairs.append(pair)
    return pairs


def _stored_fingerprints(claim_ids: list[int]) -> dict[int, _Claim]:
    """The stored claims' fingerprints, one ``Context`` per article (comparing two articles' names is cached)."""
    contexts: dict[int, matching.Context] = {}
    texts = dict(rows_where(Claim, ["id", "text"], "id", claim_ids))
    found = {}
    for claim_id, vector, features, article_id in rows_where(
            ClaimFingerprint, ["claim", "vector", "features", "article"], "claim", claim_ids):
        fp = matching.fingerprint_from_stored(
            texts[claim_id], _vector(vector), _json(features), context=contexts.get(article_id))
        if fp.context is not None:
            contexts.setdefault(article_id, fp.context)
        found[claim_id] = _Claim(claim_id, article_id, texts[claim_id], fp)
    return found


def _score(pairs, claims, in_batch, others) -> list[tuple]:
    """``((a, b), match)`` for every pair, after ``separate_events`` over all of them: an article that
    disagrees with another on a number or date in their most alike statements reports another occasion."""
    score = _Scorer()
    plain = [(claims[a].article_id, claims[b].article_id, score(claims[a].fp, claims[b].fp)) for a, b in pairs]
    between = _between_linked_articles(pairs, plain, in_batch, others, score)
    separated = matching.separate_events(plain + between)[:len(plain)]
    return list(zip(pairs, separated, strict=True))


class _Scorer:
    """``matching.score`` for one batch, remembering the pairs it scored: a sentence repeated
    in many articles (wire copy) is scored once against each other one. A fingerprint is
    known by everything ``score`` reads of it, worked out once per fingerprint object."""

    def __init__(self):
        self.scores: dict[tuple[int, int], matching.Match] = {}
        self.tokens: dict[tuple, int] = {}
        self.token_of: dict[int, tuple[int, matching.Fingerprint]] = {}

    def _token(self, fp: matching.Fingerprint) -> int:
        known = self.token_of.get(id(fp))
        if known is None:
            content = (fp.text, fp.context, fp.vector.tobytes(), fp.terms, fp.numbers, fp.dates, fp.names,
                       fp.people, fp.speakers, fp.words, fp.headline)
            # The fingerprint is kept beside its id, so the id is never reused while this scorer lives.
            known = self.token_of[id(fp)] = (self.tokens.setdefault(content, len(self.tokens)), fp)
        return known[0]

    def __call__(self, a: matching.Fingerprint, b: matching.Fingerprint) -> matching.Match:
        key = (self._token(a), self._token(b))
        if key not in self.scores:
            self.scores[key] = matching.score(a, b)
        return self.scores[key]


def _between_linked_articles(pairs, plain, in_batch, others, score) -> list:
    """The pairs between the stored articles a batch article would be linked with, scored so that
    ``separate_events`` can see two of them report different occasions. Only claims already
    loaded as candidates, and only articles with an automatic link: a handful of scores."""
    links: dict[int, Counter] = defaultdict(Counter)
    matched: dict[int, dict[int, _Claim]] = defaultdict(dict)
    for (a, b), (_, _, match) in zip(pairs, plain, strict=True):
        for mine, other in ((a, b), (b, a)):
            if mine in in_batch and other in others:
                if match.relation == SAME:
                    links[in_batch[mine].article_id][others[other].article_id] += 1
                if match.relation:
                    matched[in_batch[mine].article_id][other] = others[other]
    between, seen = [], set()
    for article_id, counts in links.items():
        if len(counts) < 2:
            continue
        # A claim restated in many articles would make this quadratic: the articles with
        # the most links, and of them only the claims that match one of this article's.
        linked = {other_article for other_article, _ in counts.most_common(MAX_LINKED_ARTICLES)}
        ordered = sorted((pk, c) for pk, c in matched[article_id].items() if c.article_id in linked)
        for i, (pk_a, a) in enumerate(ordered):
            for pk_b, b in ordered[i + 1:]:
                if a.article_id != b.article_id and (pk_a, pk_b) not in seen:
                    seen.add((pk_a, pk_b))
                    between.append((a.article_id, b.article_id, score(a.fp, b.fp)))
    return between


def _select(scored, in_batch) -> dict[tuple[int, int], matching.Match]:
    """What is stored of the scored pairs: every link, and each batch claim's best suggestions.

    ``suggest.stored_pairs`` when every claim is in the batch (the CLI's pairs). A stored
    claim's best were chosen when it was linked: ranked again at every later link it would
    keep five more each time.
    """
    matches = {pair: match for pair, match in scored if match.relation}
    ranked = defaultdict(list)
    for pair, match in matches.items():
        if match.relation == ClaimMatch.Relation.POSSIBLE:
            for claim_id in pair:
                if claim_id in in_batch:
                    ranked[claim_id].append((-match.score, pair))
    kept = {pair for pair, match in matches.items() if match.relation == SAME}
    for suggestions in ranked.values():
        kept.update(pair for _, pair in sorted(suggestions)[:MAX_SUGGESTIONS_PER_CLAIM])
    return {pair: matches[pair] for pair in sorted(kept)}


def _store_index(article_ids, claims: list[_Claim], groups, posted: set[int], added: Counter,
                 removed: Counter) -> None:
    """Fingerprints (keeping each claim's group), the postings of the ``posted`` keys, and the key counts."""
    ClaimFingerprint.objects.filter(article_id__in=article_ids).delete()
    rows_insert(ClaimFingerprint, ["claim", "article", "group", "vector", "features", "matcher_version"], [
        (c.pk, c.article_id, groups.get(c.pk), _stored(c.fp.vector), c.features, matching.MATCHER_VERSION)
        for c in claims
    ])
    rows_insert(ClaimKey, ["key", "claim"], [(key, c.pk) for c in claims for key in c.keys if key in posted])
    changes = Counter(added)
    changes.subtract(removed)
    key_frequency_add({key: n for key, n in changes.items() if n})


def key_frequency_add(changes: dict[int, int]) -> None:
    """Add to the per-key claim counts, one statement per batch; concurrent links both count.

    The ORM's ``bulk_create(update_conflicts=True)`` can only overwrite a
    count, not add to it: services.bulk adds.
    """
    counts_add(ClaimKeyFrequency, "key", "claims", changes)


def _stored(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def _vector(raw) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.float16).astype(np.float32)


def _matches_of(claim_ids: set[int]) -> dict[tuple[int, int], tuple]:
    """Every stored match of these claims, either side: ``{(a, b): (pk, score, relation, decision)}``."""
    rows = rows_where(ClaimMatch, ["claim_a", "claim_b", "id", "score", "relation", "decision"],
                      ("claim_a", "claim_b"), claim_ids)
    return {(a, b): rest for a, b, *rest in rows}


def _drop_stale_matches(existing: dict, found: dict, scored_pairs: set) -> set[int]:
    """Undecided stored matches (of the batch's claims) that the current matcher no longer makes;
    the claims of the links dropped.

    An automatic link not made again (another matcher version, edited text) goes
    whatever the reason; a suggestion goes only when this run scored the pair and
    found nothing, since a suggestion another article's link stored may lie past
    this claim's own best five. Decided pairs stay.
    """
    stale, unlinked = [], set()
    for pair, (pk, _, relation, decision) in existing.items():
        if decision == ClaimMatch.Decision.PENDING and pair not in found and (
                relation == SAME or pair in scored_pairs):
            stale.append(pk)
            if relation == SAME:
                unlinked.update(pair)
    for chunk in chunks(sorted(stale)):
        ClaimMatch.objects.filter(pk__in=chunk).delete()
    return unlinked


def articles_relink_stale(*, limit: int | None = None, batch: int = 50) -> int:
    """Relink the articles whose fingerprints a previous matcher version made; returns how many.

    Fingerprints carry ``matcher_version``; after a matcher change this brings
    stored fingerprints, keys, automatic links and groups up to date (decided
    pairs keep their decisions). Run it until it returns 0 (each batch is its
    own transaction, so it can be stopped and resumed).
    """
    stale = (
        ClaimFingerprint.objects.exclude(matcher_version=matching.MATCHER_VERSION)
        .values_list("article_id", flat=True).distinct().order_by("article_id")
    )
    article_ids = list(stale[:limit] if limit else stale)
    for chunk in chunks(article_ids, batch):
        articles_link(article_ids=chunk)
    return len(article_ids)


def _record_matches(found: dict[tuple[int, int], matching.Match], existing: dict) -> list[str]:
    """Insert new pairs, rescore undecided ones, leave decided ones alone."""
    new, changed, relations = [], [], []
    for (a, b), match in found.items():
        row = existing.get((a, b))
        if row is None:
            new.append((a, b, match.score, match.relation, ClaimMatch.Decision.PENDING.value))
        elif row[3]:
            continue  # a person decided; the matcher does not overrule them
        elif (row[1], row[2]) != (match.score, match.relation):
            changed.append(ClaimMatch(pk=row[0], score=match.score, relation=match.relation))
        relations.append(match.relation)
    now = timezone.now()
    rows_insert(ClaimMatch, ["claim_a", "claim_b", "score", "relation", "decision", "created_at"],
                [(*row, now) for row in new])
    ClaimMatch.objects.bulk_update(changed, ["score", "relation"], batch_size=1000)
    return relations


def _regroup_added(links: list[tuple[int, int]]) -> None:
    """Group membership after ``links`` were added and nothing was removed: what ``_regroup`` makes of them.

    Each set of claims the new links connect takes the lowest group any of
    them is in (a new group if none is), and the other groups among them merge
    into it, all their members with them.
    """
    parent: dict = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    claims = sorted({pk for pair in links for pk in pair})
    current = dict(rows_where(ClaimFingerprint, ["claim", "group"], "claim", claims))
    for a, b in links:
        parent[root(a)] = root(b)
    # Claims of one group are connected already: two new links into one group make one component.
    for pk in claims:
        if current.get(pk):
            parent[root(pk)] = root(("group", current[pk]))
    components: dict = defaultdict(list)
    for pk in claims:
        components[root(pk)].append(pk)
    for members in components.values():
        existing = sorted({current[n] for n in members if current.get(n)})
        group_id = existing[0] if existing else ClaimGroup.objects.create().pk
        moved = sorted(n for n in members if current.get(n) != group_id)
        for chunk in chunks(moved):
            ClaimFingerprint.objects.filter(claim_id__in=chunk).update(group_id=group_id)
        if existing[1:]:
            ClaimFingerprint.objects.filter(group_id__in=existing[1:]).update(group_id=group_id)
            ClaimGroup.objects.filter(pk__in=existing[1:], members__isnull=True).delete()


def _regroup(claim_ids: set[int]) -> None:
    """Make group membership the connected components of linked matches around ``claim_ids``."""
    seeds = set(claim_ids)
    groups = set()
    for chunk in chunks(sorted(seeds)):
        groups |= set(ClaimFingerprint.objects.filter(claim_id__in=chunk, group__isnull=False)
                      .values_list("group_id", flat=True))
    for chunk in chunks(sorted(groups)):
        seeds |= set(ClaimFingerprint.objects.filter(group_id__in=chunk).values_list("claim_id", flat=True))
    edges, frontier, seen = defaultdict(set), set(seeds), set()
    linked = Q(decision=ClaimMatch.Decision.CONFIRMED) | Q(relation=SAME, decision=ClaimMatch.Decision.PENDING)
    while frontier:
        seen |= frontier
        for chunk in chunks(sorted(frontier)):
            rows = ClaimMatch.objects.filter(Q(claim_a_id__in=chunk) | Q(claim_b_id__in=chunk)).filter(
                linked).values_list("claim_a_id", "claim_b_id")
            for a, b in rows:
                edges[a].add(b)
                edges[b].add(a)
        frontier = {n for node in frontier for n in edges[node]} - seen
    current = {}
    for chunk in chunks(sorted(seen)):
        current.update(ClaimFingerprint.objects.filter(claim_id__in=chunk).values_list("claim_id", "group_id"))
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
        for chunk in chunks(moved):
            ClaimFingerprint.objects.filter(claim_id__in=chunk).update(group_id=group_id)
    # A claim alone in its component leaves its group; one statement for all of them (an
    # article's claims are mostly alone: one UPDATE each was most of a link's queries).
    for chunk in chunks(ungrouped):
        ClaimFingerprint.objects.filter(claim_id__in=chunk).update(group=None)
    for chunk in chunks(sorted(groups)):
        ClaimGroup.objects.filter(pk__in=chunk, members__isnull=True).delete()


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
    """Recount the keys still rare enough to use from their postings; returns how many keys are counted.

    Claims deleted by a re-split take their postings with them (cascade)
    without lowering the counts; the counts only decide which keys are too
    common to use, so the nightly rebuild (``CELERY_BEAT_SCHEDULE``) is enough.
    A key once counted past ``MAX_POSTINGS`` keeps its count: its postings
    stopped being written then, so they cannot recount it. Its old postings,
    never read again, are deleted here, except an exact wording's: its first
    copies are what later copies are linked to.
    """
    postings = ClaimKey.objects.filter(key=OuterRef("key")).order_by().values("key").annotate(n=Count("pk"))
    with transaction.atomic():
        _take_link_lock()
        rare = ClaimKeyFrequency.objects.filter(claims__lte=match_index.MAX_POSTINGS)
        rare.update(claims=Coalesce(Subquery(postings.values("n")), Value(0)))
        ClaimKeyFrequency.objects.filter(claims=0).delete()
        common = ClaimKeyFrequency.objects.filter(
            claims__gt=match_index.MAX_POSTINGS, key__lt=match_index.EXACT_KEY_BASE).values("key")
        ClaimKey.objects.filter(key__in=Subquery(common)).delete()
    return ClaimKeyFrequency.objects.count()
