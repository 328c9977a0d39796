"""Is this the same claim as that one? Pure Python and numpy, deterministic, no Django.

A claim is compared with another through a :class:`Fingerprint`: its static
MiniLM-distilled vector (paraphrase), its content words (lexical overlap), and
the facts a paraphrase must keep (numbers, dates, names). The article a claim
comes from is part of the fingerprint too: "Kim pledged support for Russia" in
an article about a Victory Day letter and in one about a meeting with Shoigu are
different events in the same words, and only the article tells them apart.

``score`` gives a value in [0, 1] and a relation: ``same`` (linked
automatically), ``possible`` (a suggestion a person confirms or rejects) or
``None``. The weights and thresholds were chosen on the tuning part of the
labelled set (data/README.md); docs/matching.md has the measurements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from . import text as features
from .embedding import embedder

MATCHER_VERSION = "1.2"
SAME = 0.62
POSSIBLE = 0.40
EMBEDDING_WEIGHT = 0.7
CONFLICT_PENALTY = 0.25
# Two long articles whose names overlap less than this report different events
# (a Victory Day letter, a meeting with Shoigu): the same words in them may
# still be one fact, but a person decides, so the pair is at most "possible".
# Short texts name too few people and places for the overlap to mean anything.
CONTEXT_MIN = 0.5
CONTEXT_MIN_NAMES = 12
VERBATIM = 0.97
# A number or date stated on one side only is an omission or a different
# occasion ("67, up from 59" vs "59"; "closed on Monday" vs "closed in August
# 2022"): a person decides unless the rest is near-identical.
NEAR_IDENTICAL_COSINE = 0.95
NEAR_IDENTICAL_DICE = 0.85
# The same speaker on two subjects: once the speaker, the title and the
# reporting verb are removed, what is said must still read alike to be linked.
# (Tuning pairs: a paraphrased quote of one speaker keeps 0.52-0.80; two
# statements of one minister on two subjects 0.24-0.47.)
REMAINDER_MIN = 0.50
# Two articles report different occasions of the same kind of event when their
# most alike statements disagree on a number or date ("Fire kills 12 at textile
# factory" / "Fire kills 7 at textile factory"): then every pair between them,
# a word-for-word sentence included, is at most "possible". Unlike CONTEXT_MIN
# this needs no long article. (Tuning pairs: tellings of one story disagree at
# most at 0.73 with one conflict and 0.60 with both; a twin story's parallel
# statement 0.78-0.96.)
EVENT_CONFLICT_ONE = 0.78
EVENT_CONFLICT_BOTH = 0.62

SAME_RELATION = "same"
POSSIBLE_RELATION = "possible"


@dataclass(frozen=True)
class Context:
    """The article around a claim: the names it mentions."""

    names: frozenset[str]


@dataclass(frozen=True)
class Fingerprint:
    text: str
    vector: np.ndarray
    terms: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[str]
    names: frozenset[str]
    people: frozenset[str]
    context: Context | None = None
    speakers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    score: float
    relation: str | None
    reasons: tuple[str, ...] = field(default=())
    # Alike enough to be the same statement, yet a number or date differs: the
    # two articles report different occasions (see separate_events).
    event_conflict: bool = False


def article_context(body: str) -> Context:
    return Context(names=features.names_in_article(body))


def fingerprint(claim_text: str, *, context: Context | None = None, vector: np.ndarray | None = None) -> Fingerprint:
    """Everything ``score`` needs about one claim; ``vector`` may come from storage."""
    return Fingerprint(
        text=claim_text,
        vector=embedder().embed(claim_text) if vector is None else vector,
        terms=features.content_terms(claim_text),
        numbers=features.numbers(claim_text),
        dates=features.dates(claim_text),
        names=features.names(claim_text),
        people=features.people(claim_text),
        context=context,
        speakers=features.speakers(claim_text),
    )


def relation_for(value: float) -> str | None:
    if value >= SAME:
        return SAME_RELATION
    if value >= POSSIBLE:
        return POSSIBLE_RELATION
    return None


def score(a: Fingerprint, b: Fingerprint) -> Match:
    """How likely ``a`` and ``b`` state the same claim, with the reasons that lowered it."""
    similarity = float(np.dot(a.vector, b.vector))
    overlap = _dice(a.terms, b.terms)
    value = EMBEDDING_WEIGHT * similarity + (1 - EMBEDDING_WEIGHT) * overlap
    reasons = []
    a_numbers, b_numbers = _unmatched_quantities(a.numbers, b.numbers), _unmatched_quantities(b.numbers, a.numbers)
    numbers_differ, dates_differ = bool(a_numbers and b_numbers), _contradict(a.dates, b.dates)
    event_conflict = (numbers_differ or dates_differ) and value >= EVENT_CONFLICT_ONE or (
        numbers_differ and dates_differ and value >= EVENT_CONFLICT_BOTH
    )
    # A different number or date is a different claim however alike the words:
    # never linked, at most suggested.
    if numbers_differ:
        value -= CONFLICT_PENALTY
        reasons.append("numbers differ")
    if dates_differ:
        value -= CONFLICT_PENALTY
        reasons.append("dates differ")
    near_identical = similarity >= NEAR_IDENTICAL_COSINE and overlap >= NEAR_IDENTICAL_DICE
    if not near_identical and bool(a_numbers) != bool(b_numbers):
        reasons.append("a number on one side only")
    if not near_identical and _one_sided(a.dates, b.dates):
        reasons.append("a date on one side only")
    # Last and only while nothing else caps the pair: it embeds two remainders.
    if value >= SAME and not reasons and a.speakers & b.speakers and not _same_subject(a, b):
        reasons.append("same speaker, different subject")
    if a.context is not None and b.context is not None and not same_event(a.context, b.context):
        reasons.append("articles report different events")
    verbatim = similarity >= VERBATIM and overlap >= VERBATIM
    if reasons == ["articles report different events"] and verbatim:
        reasons = []  # the same sentence reprinted (wire copy) is the same claim wherever it appears
    if reasons:
        value = min(value, SAME - 0.01)
    value = min(1.0, max(0.0, value))
    return Match(score=round(value, 4), relation=relation_for(value), reasons=tuple(reasons),
                 event_conflict=event_conflict)


DIFFERENT_EVENTS = "articles disagree on a number or date"


def separate_events(scored):
    """Cap every pair between two articles that report different occasions; ``scored`` holds
    ``(article_a, article_b, match)`` for every pair scored (all of them, not only matches).

    Returns the matches in the same order. One pair alone cannot see this: "President X
    declared a state of emergency" is word for word in two quake reports years apart, and
    only the parallel "magnitude 6.1 ... killing 23" / "magnitude 5.4 ... killing 4" tells.
    Two articles differ when their most alike statements disagree (``event_conflict``).
    And an article reports one occasion: when it would be linked with two articles that
    differ from each other, it keeps its links only with the one it shares more links with
    (with neither on a tie), so a retelling without the telling number or date cannot join
    two occasions into one group.
    """
    scored = list(scored)
    different = {frozenset((a, b)) for a, b, match in scored if match.event_conflict}
    support: dict[frozenset, int] = {}
    for a, b, match in scored:
        if match.relation == SAME_RELATION and frozenset((a, b)) not in different:
            support[frozenset((a, b))] = support.get(frozenset((a, b)), 0) + 1
    linked: dict = {}
    for pair in support:
        a, b = tuple(pair)
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    weaker = set()
    for article, others in linked.items():
        for pair in different:
            if len(pair) == 2 and pair <= others:
                y, z = sorted(pair, key=str)
                sy, sz = support[frozenset((article, y))], support[frozenset((article, z))]
                if sy <= sz:
                    weaker.add(frozenset((article, y)))
                if sz <= sy:
                    weaker.add(frozenset((article, z)))
    return [
        _capped(match, DIFFERENT_EVENTS) if frozenset((a, b)) in different | weaker else match
        for a, b, match in scored
    ]


def _capped(match: Match, reason: str) -> Match:
    if match.score < SAME:
        return match if reason in match.reasons else Match(
            match.score, match.relation, match.reasons + (reason,), match.event_conflict)
    value = SAME - 0.01
    return Match(round(value, 4), relation_for(value), match.reasons + (reason,), match.event_conflict)


def same_event(a: Context, b: Context) -> bool:
    """False when two articles are long enough to compare and name mostly different people and places."""
    if min(len(a.names), len(b.names)) < CONTEXT_MIN_NAMES:
        return True
    return len(a.names & b.names) / len(a.names | b.names) >= CONTEXT_MIN


def _dice(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _one_sided(a: frozenset, b: frozenset) -> bool:
    """One side states something the other does not, and not the other way round."""
    return bool(a - b) != bool(b - a)


def _same_subject(a: Fingerprint, b: Fingerprint) -> bool:
    # Each side may name the speaker more fully ("Transport Minister Hana Vogel" vs "Vogel"):
    # drop every speaker word of both.
    speakers = a.speakers | b.speakers
    return float(np.dot(_remainder_vector(a.text, speakers), _remainder_vector(b.text, speakers))) >= REMAINDER_MIN


@lru_cache(maxsize=4096)
def _remainder_vector(text: str, speakers: frozenset[str]) -> np.ndarray:
    return embedder().embed(features.remainder(text, speakers))


def _unmatched_quantities(a: frozenset, b: frozenset) -> frozenset:
    """The quantities of ``a`` that no quantity of ``b`` agrees with ("more than 300" agrees with 312)."""
    return frozenset(x for x in a - b if not any(features.quantities_agree(x, y) for y in b))


def _contradict(a: frozenset, b: frozenset) -> bool:
    """Each side states something the other does not: a change, not an omission."""
    return bool(a - b) and bool(b - a)


def fingerprint_features(fp: Fingerprint) -> dict:
    """The JSON-safe part of a fingerprint, for storage beside its vector."""
    return {
        "terms": sorted(fp.terms), "numbers": sorted(fp.numbers), "dates": sorted(fp.dates),
        "names": sorted(fp.names), "people": sorted(fp.people), "speakers": sorted(fp.speakers),
        "context_names": sorted(fp.context.names) if fp.context is not None else None,
    }


def fingerprint_from_stored(claim_text: str, vector: np.ndarray, stored: dict) -> Fingerprint:
    context_names = stored.get("context_names")
    return Fingerprint(
        text=claim_text, vector=vector, terms=frozenset(stored.get("terms", ())),
        numbers=frozenset(stored.get("numbers", ())), dates=frozenset(stored.get("dates", ())),
        names=frozenset(stored.get("names", ())), people=frozenset(stored.get("people", ())),
        context=None if context_names is None else Context(names=frozenset(context_names)),
        speakers=frozenset(stored.get("speakers", ())),
    )
