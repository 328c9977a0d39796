"""Which of a claim's suggestions a reviewer is shown, and which wait behind "N weaker suggestions".

A claim collects suggestions from both sides (its own linking and every later
article's), most of them wrong: about five per sentence on the labelled parts,
right one time in four. The panel shows at most ``MAX_SHOWN``, only those scored
at least ``SHOW_THRESHOLD`` (chosen on labelled pairs so that shown suggestions
are right at least four times in five: docs/matching.md), and a suggestion with
a headline on either side only when it is that claim's best match. A headline
summarises its whole article, so it resembles half the sentences of every other
telling, and every headline of a story told on another occasion ("Measles Cases
Rise in Ostvald" / "Ostvald Measles Outbreak: What We Know"; docs/matching.md
counts them on the labelled parts).
The rest is ``weaker``, best first, for a "N weaker suggestions" control.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import POSSIBLE_RELATION, SAME_RELATION, Match
from . import text as features

MAX_SHOWN = 3
# What the linker stores of a claim's suggestions (annotations.services.matching.MAX_SUGGESTIONS_PER_CLAIM):
# its best five, from whichever side linked last, so a claim may hold more.
STORED_PER_CLAIM = 5
# On the suggestion score (matcher 1.4): chosen by ``python -m annotations.matching.train --suggestions``
# on the labelled parts tune, seen, fresh, fresh2 and fresh3, out of fold (model/suggestion_model.json
# records it), as the lowest at which and above which shown suggestions were right 85 % of the time.
SHOW_THRESHOLD = 0.81
# A first line longer than this is a lede, not a headline (seed 001 opens with a 30-word sentence).
HEADLINE_MAX_WORDS = 20


@dataclass(frozen=True)
class Suggestion:
    """One match of the claim whose panel is drawn: the other claim, the score and relation as stored."""

    other: Hashable  # the other claim's id; ties in score are broken by it, so ids must be comparable
    score: float
    relation: str
    headline: bool = False  # the other claim is its article's headline


@dataclass(frozen=True)
class Panel:
    shown: tuple[Suggestion, ...]
    weaker: tuple[Suggestion, ...]  # every other suggestion, best first


def panel(matches: Iterable[Suggestion], *, headline: bool, threshold: float = SHOW_THRESHOLD,
          limit: int = MAX_SHOWN) -> Panel:
    """Split a claim's matches into the suggestions shown and the weaker ones.

    ``matches`` holds the claim's undecided suggestions and its links (relation
    ``same``, or a confirmed suggestion passed with relation ``same``): links are
    never in the result (the panel lists them as group members) but one may be
    the claim's best match, which a headline suggestion must be to be shown.
    ``headline``: the claim itself is its article's headline (:func:`is_headline`); a headline's
    panel shows its best match only.
    """
    ranked = sorted(matches, key=lambda m: (-m.score, m.other))
    best = ranked[0] if ranked else None
    shown, weaker = [], []
    for match in ranked:
        if match.relation == SAME_RELATION:
            continue
        if len(shown) < limit and match.score >= threshold and (not (headline or match.headline) or match is best):
            shown.append(match)
        else:
            weaker.append(match)
    return Panel(shown=tuple(shown), weaker=tuple(weaker))


def is_headline(text: str, *, first_line: bool = False) -> bool:
    """A headline: a line without closing punctuation or in title case, or the article's first line
    when it is short (a question or an exclamation is a headline there too)."""
    return features.is_headline(text) or (first_line and features.word_count(text) <= HEADLINE_MAX_WORDS)


def headline_flags(body: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each claim span ``(start, end)`` of an article, whether the claim is a headline.

    The first line is the first line of ``body`` that holds a claim, and a claim is on it only when
    it spans that whole line (not the first sentence of a first paragraph). Spans are code-point
    offsets into ``body``, as the splitter gives them.
    """
    first = min((start for start, _ in spans), default=None)
    line_start = body.rfind("\n", 0, first) + 1 if first is not None else 0
    line_end = body.find("\n", first) if first is not None else -1
    line_end = len(body) if line_end == -1 else line_end
    flags = []
    for start, end in spans:
        whole_line = start == first and not body[line_start:start].strip() and not body[end:line_end].strip()
        flags.append(is_headline(body[start:end], first_line=whole_line))
    return flags


def stored_pairs(matches: Mapping[tuple, Match], *, per_claim: int = STORED_PER_CLAIM) -> set:
    """The pairs the linker keeps of ``matches`` (``{(a, b): Match}``, every pair scored): every
    link, and each claim's ``per_claim`` best suggestions (of either claim of a pair)."""
    ranked: dict = {}
    for pair, match in matches.items():
        if match.relation == POSSIBLE_RELATION:
            for claim in pair:
                ranked.setdefault(claim, []).append((-match.score, pair))
    kept = {pair for pair, match in matches.items() if match.relation == SAME_RELATION}
    for suggestions in ranked.values():
        kept.update(pair for _, pair in sorted(suggestions)[:per_claim])
    return kept


def panels(matches: Mapping[tuple, Match], headlines: Mapping, *, threshold: float = SHOW_THRESHOLD
           ) -> dict[Hashable, Panel]:
    """Every claim's panel, from the pairs the linker would store of ``matches`` (the CLI and the
    evaluation: the product reads its stored pairs and calls :func:`panel` per claim).
    ``headlines``: claim -> whether it is its article's headline."""
    by_claim: dict = {}
    for a, b in stored_pairs(matches):
        match = matches[(a, b)]
        by_claim.setdefault(a, []).append(Suggestion(b, match.score, match.relation, headlines[b]))
        by_claim.setdefault(b, []).append(Suggestion(a, match.score, match.relation, headlines[a]))
    return {claim: panel(found, headline=headlines[claim], threshold=threshold) for claim, found in by_claim.items()}
