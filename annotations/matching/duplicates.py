"""Claims an article states twice, word for word or nearly: one group, one shared verdict.

A long article (a live blog, a transcript, a page that repeats its summary)
states some sentences more than once. A reviewer should rate such a sentence
once, so the product gives each group one verdict. Two claims of one article
are in a group when their texts are equal once case, whitespace, punctuation,
quote and dash styles are folded (``exact``), or when they are that close up to
``NEAR_EDITS`` characters (a typo, "honour" / "honor", "defence" / "defense")
and still state the same numbers, dates, names, negation and pronouns: "Twelve
died" / "Thirteen died" or "He said" / "She said" are different claims however
few characters part them.

Pure Python, deterministic. Offsets are code points into the article body, as
the splitter gives them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import text as features

NEAR_EDITS = 2
# Below this many characters (folded) a two-character change is too large a share of the sentence.
NEAR_MIN_CHARS = 30
# Words whose change turns a claim around or gives it to someone else, at any edit distance.
GUARDED = frozenset(
    "not no never nor without cannot t he she they we i you it his her hers their our my your him them us".split()
)
# Near duplicates are looked for among claims that share this many folded characters at one end:
# two edits at most cannot reach into both ends of a long sentence unless one is at each end.
_END = 10
# Punctuation, but not a point or comma between two digits.
_PUNCTUATION = re.compile(r"(?<!\d)[.,]|[.,](?!\d)|[^\w\s.,]|_")


@dataclass(frozen=True)
class DuplicateGroup:
    members: tuple[tuple[int, int], ...]  # (start, end) of each claim, in offset order
    exact: bool  # every member folds to the same text


def folded(text: str) -> str:
    """The text with case, whitespace, punctuation, quote and dash styles folded away. Numbers keep
    their inner point or comma ("5.25" is not "525")."""
    return " ".join(_PUNCTUATION.sub(" ", features.normalise(text).casefold()).split())


def duplicate_groups(body: str, spans: Sequence[tuple[int, int]]) -> list[DuplicateGroup]:
    """The groups of exact and near-exact duplicates among the claims ``spans`` of one article.

    Claims are taken in offset order; each joins the group of the earliest claim it duplicates
    (so every member is within NEAR_EDITS of that first one, never only of a neighbour), or starts
    its own. Only groups of two or more are returned, in the order of their first member.
    """
    ordered = sorted(set(spans))
    representatives: list[tuple[str, tuple[int, int]]] = []  # (folded text, first span) per group
    members: list[list[tuple[int, int]]] = []
    exact_index: dict[str, int] = {}
    by_start: dict[str, list[int]] = {}
    by_end: dict[str, list[int]] = {}
    for span in ordered:
        text = folded(body[span[0]:span[1]])
        group = exact_index.get(text)
        if group is None:
            group = _near_group(text, body[span[0]:span[1]], representatives, by_start, by_end, body)
        if group is None:
            group = len(members)
            members.append([])
            representatives.append((text, span))
            exact_index[text] = group
            by_start.setdefault(text[:_END], []).append(group)
            by_end.setdefault(text[-_END:], []).append(group)
        members[group].append(span)
    return [
        DuplicateGroup(members=tuple(found), exact=len({folded(body[s:e]) for s, e in found}) == 1)
        for found in members if len(found) > 1
    ]


def _near_group(text, raw, representatives, by_start, by_end, body) -> int | None:
    if len(text) < NEAR_MIN_CHARS:
        return None
    candidates = sorted(set(by_start.get(text[:_END], ())) | set(by_end.get(text[-_END:], ())))
    for group in candidates:
        other, (start, end) = representatives[group]
        if abs(len(other) - len(text)) <= NEAR_EDITS and _within_edits(text, other, NEAR_EDITS) and (
            _same_facts(raw, body[start:end])
        ):
            return group
    return None


def _same_facts(a: str, b: str) -> bool:
    words_a, words_b = folded(a).split(), folded(b).split()
    return (
        features.numbers(a) == features.numbers(b) and features.dates(a) == features.dates(b)
        and features.names(a) == features.names(b)
        and sorted(w for w in words_a if w in GUARDED) == sorted(w for w in words_b if w in GUARDED)
    )


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` at most ``limit``, on a band of the table only."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [i] + [limit + 1] * len(b)
        for j in range(low, high + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != b[j - 1]))
        if min(current[max(0, low - 1):high + 1]) > limit:
            return False
        previous = current
    return previous[len(b)] <= limit
