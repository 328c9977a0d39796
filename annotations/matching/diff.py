"""Word-level differences between two tellings of a claim, for the wording-drift view.

Besides the changed words, ``marks`` says which kinds of change a fact-checker
must look at: a number, a date, a named person, or the attribution (a claim
reported as someone's, "Moscow accuses", in one telling and stated as fact in
the other).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from . import text as features

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Diff:
    a: list[tuple[str, str]]  # (op, text): op is "equal", "delete" (only in a) or "insert" (only in b)
    b: list[tuple[str, str]]
    marks: list[str]


def word_diff(a: str, b: str) -> Diff:
    words_a, words_b = _TOKEN.findall(a), _TOKEN.findall(b)
    norm_a = [_fold(w) for w in words_a]
    norm_b = [_fold(w) for w in words_b]
    side_a, side_b = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=norm_a, b=norm_b, autojunk=False).get_opcodes():
        if op == "equal":
            side_a.append(("equal", " ".join(words_a[i1:i2])))
            side_b.append(("equal", " ".join(words_b[j1:j2])))
            continue
        if i2 > i1:
            side_a.append(("delete", " ".join(words_a[i1:i2])))
        if j2 > j1:
            side_b.append(("insert", " ".join(words_b[j1:j2])))
    return Diff(a=side_a, b=side_b, marks=marks(a, b))


def marks(a: str, b: str) -> list[str]:
    found = []
    if features.numbers(a) != features.numbers(b):
        found.append("number")
    if features.dates(a) != features.dates(b) or features.weekdays(a) != features.weekdays(b):
        found.append("date")
    if features.people(a) != features.people(b):
        found.append("person")
    if (features.attribution(a) is None) != (features.attribution(b) is None):
        found.append("attribution")
    return found


def _fold(word: str) -> str:
    return features.normalise(word).lower().strip(".,;:\"'()")
