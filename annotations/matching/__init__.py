"""Is this the same claim as that one? Pure Python and numpy, deterministic, no Django.

A claim is compared with another through a :class:`Fingerprint`: its static
MiniLM-distilled vector (paraphrase), its content words (lexical overlap), and
the facts a paraphrase must keep (numbers, dates, names). The article a claim
comes from is part of the fingerprint too: "Kim pledged support for Russia" in
an article about a Victory Day letter and in one about a meeting with Shoigu are
different events in the same words, and only the article tells them apart.

``score`` gives a value in [0, 1] and a relation: ``same`` (linked
automatically), ``possible`` (a suggestion a person confirms or rejects) or
``None``. The value is a small logistic regression over a dozen signals
(``pair_features``; fitted by train.py on the development parts of the labelled
set, data/README.md). A link needs more than a high value: alike wording, no
changed or one-sided figure, a shared speaker or name that is not all they
share, and (``separate_events``) two articles shown to report one occasion.
A pair that is suggested, not linked, is scored (1.4) by how often such a
suggestion is the same claim (``suggestion_score``): the review panel shows
only the best few above a threshold (suggest.py). docs/matching.md has the
measurements.
"""

from __future__ import annotations

import json
import math
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import text as features
from .embedding import embedder

MATCHER_VERSION = "1.4"
# On the pair model's probability. The suggestion bar is low, as it decides only what is
# stored: out of fold (train.py --check) it keeps 0.93-0.99 of the true pairs of each
# development part; what a reviewer is shown is decided on the suggestion score (suggest.py).
# Every link on those parts scores above SAME; what keeps links precise are the rules in
# ``score`` and ``separate_events``.
SAME = 0.9
POSSIBLE = 0.30
# 1.2's score before its rules (0.7 cosine + 0.3 Dice): a link needs at least this much alike
# wording, whatever else the model counts for the pair.
EMBEDDING_WEIGHT = 0.7
SAME_RESEMBLANCE = 0.62
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

MODEL_PATH = Path(__file__).resolve().parent / "model" / "pair_model.json"
SUGGESTION_MODEL_PATH = Path(__file__).resolve().parent / "model" / "suggestion_model.json"

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
    words: int = 0  # how many words: the pair model compares lengths
    headline: bool = False


@dataclass(frozen=True)
class Match:
    score: float
    relation: str | None
    reasons: tuple[str, ...] = field(default=())
    # Alike enough to be the same statement, yet a number or date differs: the
    # two articles report different occasions (see separate_events).
    event_conflict: bool = False
    # Alike enough to link and agreeing on a figure or date: the two articles report one occasion.
    confirms_occasion: bool = False
    # What the suggestion score is made of (1.4): the pair model's probability before any rule,
    # how many of the two are headlines, and whether they state a figure or date alike.
    probability: float = 0.0
    headlines: int = 0
    pins: bool = False


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
        words=features.word_count(claim_text),
        headline=features.is_headline(claim_text),
    )


def relation_for(value: float) -> str | None:
    if value >= SAME:
        return SAME_RELATION
    if value >= POSSIBLE:
        return POSSIBLE_RELATION
    return None


# What the pair model reads (see pair_features and train.py); the order of the weights in
# model/pair_model.json.
FEATURES = (
    "cosine", "dice", "numbers_differ", "number_one_side", "number_agrees", "dates_differ", "date_one_side",
    "date_agrees", "length_ratio", "headline", "article_names",
)
# Without the articles (a claim scored alone) the article feature takes a middling value: the
# share of names two tellings of one story have in common is about this.
NO_CONTEXT = 0.4


def resemblance(a: Fingerprint, b: Fingerprint) -> float:
    """How alike the wording is (1.2's score before its rules): what the occasion checks compare."""
    return EMBEDDING_WEIGHT * float(np.dot(a.vector, b.vector)) + (1 - EMBEDDING_WEIGHT) * _dice(a.terms, b.terms)


def pair_features(a: Fingerprint, b: Fingerprint) -> tuple[float, ...]:
    """The signals the pair model weighs, in ``FEATURES`` order. Plain floats: a link scores
    hundreds of pairs, and numpy's per-call overhead on eleven values is most of the cost."""
    similarity = float(np.dot(a.vector, b.vector))
    a_numbers = _unmatched_quantities(a.numbers, b.numbers) if a.numbers else a.numbers
    b_numbers = _unmatched_quantities(b.numbers, a.numbers) if b.numbers else b.numbers
    a_dates, b_dates = a.dates - b.dates, b.dates - a.dates
    return (
        similarity,
        _dice(a.terms, b.terms),
        float(bool(a_numbers) and bool(b_numbers)),
        float(bool(a_numbers) != bool(b_numbers)),
        float(len(a.numbers) > len(a_numbers)),
        float(bool(a_dates) and bool(b_dates)),
        float(bool(a_dates) != bool(b_dates)),
        float(bool(a.dates & b.dates)),
        min(a.words, b.words) / max(a.words, b.words, 1),
        float(a.headline or b.headline),
        NO_CONTEXT if a.context is None or b.context is None else _context_overlap(a.context, b.context),
    )


@lru_cache(maxsize=1)
def pair_model() -> tuple[tuple[float, ...], float]:
    """Logistic-regression weights over ``FEATURES``, fitted by train.py on the development parts."""
    stored = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(stored["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH.name} was trained on other features: run python -m annotations.matching.train")
    return tuple(float(w) for w in stored["weights"]), float(stored["bias"])


def probability(values) -> float:
    weights, bias = pair_model()
    z = bias + sum(w * v for w, v in zip(weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def score(a: Fingerprint, b: Fingerprint) -> Match:
    """How likely ``a`` and ``b`` state the same claim, with the reasons that keep it from a link."""
    values = pair_features(a, b)
    similarity, overlap = values[0], values[1]
    value = probability(values)
    raw = EMBEDDING_WEIGHT * similarity + (1 - EMBEDDING_WEIGHT) * overlap
    numbers_differ, number_one_side, dates_differ, date_one_side = (bool(values[i]) for i in (2, 3, 5, 6))
    event_conflict = (numbers_differ or dates_differ) and raw >= EVENT_CONFLICT_ONE or (
        numbers_differ and dates_differ and raw >= EVENT_CONFLICT_BOTH
    )
    reasons = []
    # A different number or date is a different claim however alike the words:
    # never linked, at most suggested.
    if numbers_differ:
        reasons.append("numbers differ")
    if dates_differ:
        reasons.append("dates differ")
    near_identical = similarity >= NEAR_IDENTICAL_COSINE and overlap >= NEAR_IDENTICAL_DICE
    if not near_identical and number_one_side:
        reasons.append("a number on one side only")
    if not near_identical and date_one_side:
        reasons.append("a date on one side only")
    if a.context is not None and b.context is not None and not same_event(a.context, b.context):
        reasons.append("articles report different events")
    verbatim = similarity >= VERBATIM and overlap >= VERBATIM
    if reasons == ["articles report different events"] and verbatim:
        reasons = []  # the same sentence reprinted (wire copy) is the same claim wherever it appears
    # The model adds evidence up linearly: agreeing figures and a headline can lift two unlike
    # sentences. A link also needs the wording itself to be alike.
    if value >= SAME and raw < SAME_RESEMBLANCE and not reasons:
        reasons.append("wording not alike enough to link")
    # Last and only while nothing else caps the pair: it embeds two remainders. Two statements
    # of one speaker, or about one company, read alike through the names alone ("Brenna Health
    # said it would not pay." / "Brenna Health Hit by Cyberattack"): what is left must be alike.
    if value >= SAME and not reasons:
        shared_speakers = bool(a.speakers & b.speakers)
        if (shared_speakers or a.names or b.names) and _remainder_similarity(a, b) < REMAINDER_MIN:
            reasons.append("same speaker, different subject" if shared_speakers else "alike only in the names")
    headlines = a.headline + b.headline
    if value < POSSIBLE:
        return Match(round(value, 4), None, tuple(reasons), event_conflict, probability=value, headlines=headlines)
    pins = _pins_occasion(a, b)
    if reasons or value < SAME:
        suggested = suggestion_score(_signals(value, reasons, headlines, pins, articles_linked=False))
        return Match(round(suggested, 4), relation_for(suggested), tuple(reasons), event_conflict,
                     probability=value, headlines=headlines, pins=pins)
    # Two articles are linked only when one of their pairs pins down the occasion: a figure or
    # a date both state alike, in a pair alike enough to be linked on its own (separate_events).
    return Match(round(value, 4), SAME_RELATION, (), event_conflict, confirms_occasion=pins, probability=value,
                 headlines=headlines, pins=pins)


DIFFERENT_EVENTS = "articles disagree on a number or date"
UNCONFIRMED = "no statement of the two articles pins down one occasion"


def separate_events(scored):
    """Cap every pair between two articles that report different occasions; ``scored`` holds
    ``(article_a, article_b, match)`` for every pair scored (all of them, not only matches).

    Returns the matches in the same order. One pair alone cannot see this: "President X
    declared a state of emergency" is word for word in two quake reports years apart, and
    only the parallel "magnitude 6.1 ... killing 23" / "magnitude 5.4 ... killing 4" tells.
    Two articles differ when their most alike statements disagree (``event_conflict``).
    Two articles are only linked when they are shown to report one occasion: a pair between
    them alike enough to be linked states a figure or date the same way (``confirms_occasion``);
    "The fee is a club record." in two transfer reports is otherwise a suggestion.
    And an article reports one occasion: when it would be linked with two articles that
    differ from each other, it keeps its links only with the one it shares more links with
    (with neither on a tie), so a retelling without the telling number or date cannot join
    two occasions into one group.
    """
    scored = list(scored)
    different = {frozenset((a, b)) for a, b, match in scored if match.event_conflict}
    confirmed = {frozenset((a, b)) for a, b, match in scored if match.confirms_occasion} - different
    support: dict[frozenset, int] = {}
    for a, b, match in scored:
        if match.relation == SAME_RELATION and frozenset((a, b)) in confirmed:
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
    capped = different | weaker
    # Wire copy makes many pairs share one Match object (the linking scores a pair of texts once), so
    # each object is capped or made a suggestion once; the objects stay alive in the lists, so their
    # ids are not reused meanwhile.
    redone: dict[tuple[int, str], Match] = {}

    def once(change, match: Match, reason: str) -> Match:
        key = (id(match), reason)
        if key not in redone:
            redone[key] = change(match, reason)
        return redone[key]

    result = [
        once(_capped, match, DIFFERENT_EVENTS) if frozenset((a, b)) in capped
        else once(_capped, match, UNCONFIRMED)
        if match.relation == SAME_RELATION and frozenset((a, b)) not in confirmed
        else match
        for a, b, match in scored
    ]
    # A suggestion between two articles that share a link is between two tellings of one occasion.
    linked_articles = {frozenset((a, b)) for (a, b, _), match in zip(scored, result, strict=True)
                       if match.relation == SAME_RELATION}
    return [
        once(_suggested_between_linked, match, "")
        if match.relation == POSSIBLE_RELATION and frozenset((a, b)) in linked_articles else match
        for (a, b, _), match in zip(scored, result, strict=True)
    ]


def _suggested_between_linked(match: Match, _reason: str) -> Match:
    return _suggested(match, articles_linked=True)


def _capped(match: Match, reason: str) -> Match:
    if reason in match.reasons:
        return match
    if match.relation is None:
        return replace(match, reasons=match.reasons + (reason,))
    return _suggested(replace(match, reasons=match.reasons + (reason,), confirms_occasion=False))


def _suggested(match: Match, *, articles_linked: bool = False) -> Match:
    """``match`` as a suggestion (or nothing, below POSSIBLE), scored by ``suggestion_score``."""
    if match.probability < POSSIBLE:
        return replace(match, score=round(match.probability, 4), relation=None)
    value = suggestion_score(suggestion_signals(match, articles_linked=articles_linked))
    return replace(match, score=round(value, 4), relation=relation_for(value))


# What the suggestion model reads (model/suggestion_model.json, fitted by train.py --suggestions).
SUGGESTION_FEATURES = (
    "probability_logit", "different_occasion", "articles_linked", "unconfirmed", "numbers_differ",
    "number_one_side", "date_differs_or_one_side", "wording_not_alike", "speaker_or_names", "headline_one_side",
    "headline_both", "pins_occasion", "occasion_shown", "probability_logit_if_occasion_shown",
)


def suggestion_signals(match: Match, *, articles_linked: bool = False) -> tuple[float, ...]:
    """The signals of a suggestion, in ``SUGGESTION_FEATURES`` order: the pair model's probability
    (as a log-odds, clipped), what kept the pair from a link, and what the articles say.

    The occasion is shown when the two state a figure or date alike or their articles share a
    link. Without it, alike wording is the trap (the same boilerplate about another signing, another
    outbreak): the probability counts a second time only when the occasion is shown."""
    return _signals(match.probability, match.reasons, match.headlines, match.pins, articles_linked=articles_linked)


def _signals(probability: float, reasons, headlines: int, pins: bool, *, articles_linked: bool) -> tuple[float, ...]:
    p = min(max(probability, 1e-4), 1 - 1e-4)
    logit = math.log(p / (1 - p))
    shown = pins or articles_linked
    reasons = set(reasons)
    return (
        logit,
        float(bool(reasons & {"articles report different events", DIFFERENT_EVENTS})),
        float(articles_linked),
        float(UNCONFIRMED in reasons),
        float("numbers differ" in reasons),
        float("a number on one side only" in reasons),
        float(bool(reasons & {"dates differ", "a date on one side only"})),
        float("wording not alike enough to link" in reasons),
        float(bool(reasons & {"same speaker, different subject", "alike only in the names"})),
        float(headlines == 1),
        float(headlines == 2),
        float(pins),
        float(shown),
        logit if shown else 0.0,
    )


@lru_cache(maxsize=1)
def suggestion_model() -> tuple[tuple[float, ...], float]:
    """Logistic-regression weights over ``SUGGESTION_FEATURES``, fitted by train.py --suggestions."""
    stored = json.loads(SUGGESTION_MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(stored["features"]) != SUGGESTION_FEATURES:
        raise ValueError(f"{SUGGESTION_MODEL_PATH.name} was trained on other features: "
                         "run python -m annotations.matching.train --suggestions")
    return tuple(float(w) for w in stored["weights"]), float(stored["bias"])


def suggestion_probability(signals) -> float:
    """How often a suggestion with these signals is the same claim (calibrated on the labelled parts)."""
    weights, bias = suggestion_model()
    z = bias + sum(w * v for w, v in zip(weights, signals, strict=True))
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def suggestion_score(signals) -> float:
    """The score of a pair that is not linked (1.4): the suggestion model's probability that it is
    the same claim, placed in [POSSIBLE, SAME): a reviewer sees it, and the panel's threshold
    (suggest.SHOW_THRESHOLD) is a bar on it. 1.3 squeezed the pair model's probability, which is
    near 1 for every pair a rule caps, so a claim's best suggestions were ties near 0.89."""
    return POSSIBLE + suggestion_probability(signals) * (SAME - 0.01 - POSSIBLE)


def same_event(a: Context, b: Context) -> bool:
    """False when two articles are long enough to compare and name mostly different people and places."""
    if min(len(a.names), len(b.names)) < CONTEXT_MIN_NAMES:
        return True
    return _context_overlap(a, b) >= CONTEXT_MIN


@lru_cache(maxsize=4096)
def _context_overlap(a: Context, b: Context) -> float:
    # Every pair between two articles asks the same question.
    return _jaccard(a.names, b.names)


def _dice(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _pins_occasion(a: Fingerprint, b: Fingerprint) -> bool:
    """Both state a count, an amount, a year or a day of a month alike. Not a duration ("a
    four-year contract", "suspended for a week" recur from one occasion to the next) nor a bare
    month."""
    for quantity in a.numbers:
        if features.parse_quantity(quantity)[1]:
            continue
        if any(features.quantities_agree(quantity, other) for other in b.numbers):
            return True
    return any(not date.startswith("m") or "d" in date for date in a.dates & b.dates)


def _remainder_similarity(a: Fingerprint, b: Fingerprint) -> float:
    # Each side may name the speaker more fully ("Transport Minister Hana Vogel" vs "Vogel"):
    # drop every speaker word of both; and every name of either (a headline's names are not
    # recognised as names: "Brenna Health Hit by Cyberattack").
    drop = (a.speakers | b.speakers if a.speakers & b.speakers else frozenset()) | a.names | b.names
    return float(np.dot(_remainder_vector(a.text, drop), _remainder_vector(b.text, drop)))


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@lru_cache(maxsize=4096)
def _remainder_vector(text: str, speakers: frozenset[str]) -> np.ndarray:
    return embedder().embed(features.remainder(text, speakers))


def _unmatched_quantities(a: frozenset, b: frozenset) -> frozenset:
    """The quantities of ``a`` that no quantity of ``b`` agrees with ("more than 300" agrees with 312)."""
    return frozenset(x for x in a - b if not any(features.quantities_agree(x, y) for y in b))


def _contradict(a: frozenset, b: frozenset) -> bool:
    """Each side states something the other does not: a change, not an omission."""
    return bool(a - b) and bool(b - a)


@contextmanager
def overridden(**values):
    """Set module constants (``SAME=0.8``) for a measurement, and put them back: the evaluation's
    "what if the link threshold were lower" runs the very code that links."""
    module = sys.modules[__name__]
    saved = {name: getattr(module, name) for name in values}
    try:
        for name, value in values.items():
            setattr(module, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def fingerprint_features(fp: Fingerprint) -> dict:
    """The JSON-safe part of a fingerprint, for storage beside its vector."""
    return {
        "terms": sorted(fp.terms), "numbers": sorted(fp.numbers), "dates": sorted(fp.dates),
        "names": sorted(fp.names), "people": sorted(fp.people), "speakers": sorted(fp.speakers),
        "context_names": sorted(fp.context.names) if fp.context is not None else None,
        "words": fp.words, "headline": fp.headline,
    }


def fingerprint_from_stored(claim_text: str, vector: np.ndarray, stored: dict, context: Context | None = None
                            ) -> Fingerprint:
    """``context``: the article's, when the caller already made it for another claim of the article
    (one object per article makes comparing two articles' names a cache hit)."""
    context_names = stored.get("context_names")
    if context is None and context_names is not None:
        context = Context(names=frozenset(context_names))
    return Fingerprint(
        text=claim_text, vector=vector, terms=frozenset(stored.get("terms", ())),
        numbers=frozenset(stored.get("numbers", ())), dates=frozenset(stored.get("dates", ())),
        names=frozenset(stored.get("names", ())), people=frozenset(stored.get("people", ())),
        context=context,
        speakers=frozenset(stored.get("speakers", ())),
        # Stored before 1.3 without them: counted again from the text.
        words=stored["words"] if "words" in stored else features.word_count(claim_text),
        headline=stored["headline"] if "headline" in stored else features.is_headline(claim_text),
    )
