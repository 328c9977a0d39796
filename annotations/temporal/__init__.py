"""Dates in news text, resolved against the article's date, in pure Python (no Django imports).

The one entry point is :func:`find_dates`. It finds temporal expressions with
exact offsets (``text[t.start:t.end] == t.text``) and gives each a TIMEX3 type
(DATE, TIME, DURATION, SET) and value (``2025-09-03``, ``2025-09``, ``2025-W36``,
``2025-Q3``, ``199``, ``PRESENT_REF``, ``P2M`` ...), following TimeML. Relative
expressions are anchored on ``dct``, the document creation time (the article's
publication date), and anaphoric ones ("two months later", "the next day", "that
spring") on the last date the article mentioned before them. Without a DCT,
expressions that need it keep ``value=None``; explicit dates still resolve.
Expressions anchored on an event ("the 80th anniversary of ...") are found and
left unresolved.

The split job stores ``TEMPORAL_VERSION`` beside the resolved dates; changing it
makes the job recompute them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from .rules import DATE, DIGITS, DURATION, RULES, SET, TIME, TRIGGERS, Context

TEMPORAL_VERSION = "1.0"
TYPES = (DATE, TIME, DURATION, SET)

__all__ = ["TEMPORAL_VERSION", "TYPES", "Timex", "find_dates"]


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def find_dates(text: str, *, dct: dt.date | None = None) -> list[Timex]:
    """Temporal expressions in ``text``, in order, resolved against ``dct``.

    Where two candidate expressions overlap the longer wins ("Wednesday,
    September 3, 2025" over "Wednesday"), then the one that starts first.
    """
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    ctx = Context(text, dct)
    found = []
    for start, end, rule, match in _choose(_candidates(text)):
        result = rule(match, ctx)
        if result is None:
            continue
        if result.period is not None and result.value is not None and result.type in (DATE, TIME):
            ctx.ref = result.period
        found.append(Timex(start, end, text[start:end], result.type, result.value, result.mod))
    return _anchor_clock_times(text, found, dct)


# How far a match may reach before and after the trigger token it holds: the longest prefix is
# something like "approximately the first half of", the longest tail ", 2025 morning".
_BEFORE, _AFTER = 45, 30
_TOKEN = re.compile(r"[A-Za-z]+|\d+")


def _candidates(text: str):
    """Every rule's matches, searched only around that rule's trigger tokens.

    Most rules are searched in stretches of text around their triggers. The rules
    built on a unit word ("two years ago", "every week", "about a month") are only
    tried where a word starts shortly before the unit: their number-word
    alternations are the costly part of a scan, and those rules can start nowhere
    else.
    """
    near: dict[int, list[int]] = {}
    starts: list[int] = []
    at_words: dict[int, set[int]] = {}
    for token in _TOKEN.finditer(text):
        word = token.group()
        position = token.start()
        starts.append(position)
        rules = _RULES_FOR.get(DIGITS if word[0].isdigit() else word.lower())
        if not rules:
            continue
        # The words that start within reach before this one (at most the last eight).
        before = [p for p in starts[-8:] if p >= position - _BEFORE]
        for index in rules:
            if index in _WORD_START_RULES:
                at_words.setdefault(index, set()).update(before)
            else:
                near.setdefault(index, []).append(position)
    for index, positions in near.items():
        for start, end in _windows(positions, len(text)):
            yield from _matches(text, index, start, end)
    for index, positions in at_words.items():
        yield from _matches_at(text, index, sorted(positions))


def _matches_at(text: str, index: int, positions: list[int]):
    _name, pattern, resolve, accept = RULES[index]
    for position in positions:
        match = pattern.match(text, position)
        if match:
            yield from _accepted(text, index, resolve, accept, match)


def _windows(positions: list[int], length: int):
    start, end = None, None
    for position in positions:
        low, high = max(0, position - _BEFORE), min(length, position + _AFTER)
        if start is not None and low <= end:
            end = high
            continue
        if start is not None:
            yield start, end
        start, end = low, high
    if start is not None:
        yield start, end


def _matches(text: str, index: int, start: int = 0, end: int | None = None):
    _name, pattern, resolve, accept = RULES[index]
    for match in pattern.finditer(text, start, len(text) if end is None else end):
        yield from _accepted(text, index, resolve, accept, match)


def _accepted(text: str, index: int, resolve, accept, match: re.Match):
    m_start, m_end = match.span()
    # Trailing spaces may be swallowed by optional groups that matched nothing.
    while m_end > m_start and text[m_end - 1].isspace():
        m_end -= 1
    if m_end > m_start and (accept is None or accept(match, text)):
        yield m_start, m_end, index, resolve, match


def _candidates_full_scan(text: str):
    """Every rule over the whole text: what ``_candidates`` must equal (used by the tests)."""
    for index in range(len(RULES)):
        yield from _matches(text, index)


_WORD_START_RULES = frozenset(i for i, (name, *_rest) in enumerate(RULES)
                              if name in ("ago", "duration", "set", "past_n", "relative", "end_of", "plural"))
_RULES_FOR: dict[str, tuple[int, ...]] = {}
for _index, (_name, *_rest) in enumerate(RULES):
    for _word in TRIGGERS[_name]:
        _RULES_FOR[_word] = (*_RULES_FOR.get(_word, ()), _index)


def _choose(candidates) -> list:
    chosen, last_end = [], -1
    for start, end, _priority, resolve, match in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]), c[2])):
        if start >= last_end:
            chosen.append((start, end, resolve, match))
            last_end = end
        elif end > last_end and end - start > chosen[-1][1] - chosen[-1][0]:
            # A longer expression starting inside the previous one replaces it.
            chosen[-1] = (start, end, resolve, match)
            last_end = end
    return chosen


_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _anchor_clock_times(text: str, found: list[Timex], dct: dt.date | None) -> list[Timex]:
    """A clock time ("3 p.m.") takes the day of the nearest day in its sentence, else the DCT's."""
    out = []
    for i, timex in enumerate(found):
        if timex.type != TIME or not (timex.value or "").startswith("T"):
            out.append(timex)
            continue
        day = _nearest_day(text, found, i) or (dct.isoformat() if dct else None)
        out.append(Timex(timex.start, timex.end, timex.text, TIME, f"{day}{timex.value}" if day else None, timex.mod))
    return out


def _nearest_day(text: str, found: list[Timex], i: int) -> str | None:
    here = found[i]
    best, best_distance = None, None
    for other in found:
        if other is here or other.type not in (DATE, TIME) or not other.value:
            continue
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", other.value):
            continue
        lo, hi = sorted((other.end, here.start)) if other.end <= here.start else sorted((here.end, other.start))
        if _SENTENCE_END.search(text, lo, hi):
            continue
        distance = hi - lo
        if best_distance is None or distance < best_distance:
            best, best_distance = other.value[:10], distance
    return best

