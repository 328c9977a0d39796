"""Anchoring: turning a rule's match into a TIMEX3 value, from the DCT, the last date and the clause's direction.

``Context`` carries what a rule needs besides its match; ``Found`` is what it returns.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import lexicon as lx
from . import periods as pd
from .tense import FUTURE, PAST, direction

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"


@dataclass
class Context:
    text: str
    dct: dt.date | None
    # The last date the article mentioned: what "later", "the next day" and "that week" count from.
    ref: pd.Period | None = None
    _directions: dict = field(default_factory=dict)

    def direction(self, start: int, end: int) -> str | None:
        key = (start, end)
        if key not in self._directions:
            self._directions[key] = direction(self.text, start, end)
        return self._directions[key]


@dataclass(frozen=True, slots=True)
class Found:
    type: str
    value: str | None
    mod: str | None = None
    # The period the expression names, which later anaphora may count from.
    period: pd.Period | None = None


def infer_year(ctx: Context, start: int, end: int, month: int, day: int | None = None) -> int | None:
    """The year of a month (and day) named without one, from the DCT and the clause's direction."""
    if ctx.dct is None:
        return None
    d, way = ctx.dct, ctx.direction(start, end)
    if day is None:
        if way == PAST:
            return d.year if month <= d.month else d.year - 1
        if way == FUTURE:
            return d.year if month >= d.month else d.year + 1
        # No tense: the nearest such month, a year's half either way.
        return d.year - 1 if month - d.month > 6 else d.year + 1 if d.month - month > 6 else d.year
    near = [y for y in (d.year - 1, d.year, d.year + 1)
            if (date := safe_date(y, month, day)) and abs((date - d).days) <= 7]
    if near:
        # Within a week of the article either way, whatever the verb says ("threatening flights over
        # New Year's Eve" in a December 30 article is the next day).
        return near[0]
    # The verb moves a day to another year only when it lies well on the other side of the DCT: reports
    # in March still say "on Jan. 13" in the future tense of a plan made then.
    this = safe_date(d.year, month, day)
    if this is not None and way == PAST and (this - d).days > 60:
        return d.year - 1
    if this is not None and way == FUTURE and (d - this).days > 60:
        return d.year + 1
    if this is not None and way is not None:
        return d.year
    options = []
    for y in (d.year - 1, d.year, d.year + 1):
        try:
            options.append((abs((dt.date(y, month, day) - d).days), y))
        except ValueError:
            continue
    return min(options)[1] if options else None


def weekday_date(ctx: Context, start: int, end: int, weekday: int, det: str = "") -> dt.date | None:
    """The date of a weekday named without a date: this week's, or the nearest in the clause's direction."""
    if ctx.dct is None:
        return None
    d = ctx.dct
    back = (d.weekday() - weekday) % 7  # days since the last such day (0: today)
    ahead = (weekday - d.weekday()) % 7 or 7
    if det == "last":
        return d - dt.timedelta(days=back or 7)
    if det == "next":
        return d + dt.timedelta(days=ahead)
    if det in ("this", "this coming"):
        return d + dt.timedelta(days=(weekday - d.weekday()) % 7)
    if det == "this past":
        return d - dt.timedelta(days=back or 7)
    way = ctx.direction(start, end)
    if way == PAST or back == 0:
        return d - dt.timedelta(days=back)
    if way == FUTURE:
        return d + dt.timedelta(days=ahead)
    # No tense ("Thursday's closing price"): news mostly reports days gone by, so the past wins ties
    # and near-ties.
    return d - dt.timedelta(days=back) if back <= ahead + 1 else d + dt.timedelta(days=ahead)


def safe_date(y: int | None, m: int, d: int) -> dt.date | None:
    if y is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def day_found(date: dt.date | None, kind: str = DATE, part: str | None = None, mod: str | None = None) -> Found:
    if date is None:
        return Found(kind, None, mod)
    value = date.isoformat() + (f"T{part}" if part else "")
    return Found(kind, value, mod, pd.day(date))


def month_number(word: str) -> int:
    return lx.MONTHS[word.lower().rstrip(".")]


def day_number(word: str) -> int:
    return int(re.match(r"\d+", word).group())


def duration_value(n: float | None, unit_word: str, letter: str) -> str:
    timed = lx.UNITS[unit_word][1]
    if unit_word == "decade":
        n, letter = (n * 10 if n is not None else None), "Y"
    elif unit_word == "century":
        n, letter = (n * 100 if n is not None else None), "Y"
    elif unit_word == "fortnight":
        n, letter = (n * 2 if n is not None else None), "W"
    elif unit_word == "quarter":
        n, letter = (n * 3 if n is not None else None), "M"
    if n is not None and n != int(n):
        # "half an hour" is PT30M, "a year and a half" P18M.
        smaller = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "M")}.get(letter)
        if smaller and (n * smaller[0]) == int(n * smaller[0]):
            timed = timed or letter == "D"
            n, letter = n * smaller[0], smaller[1]
    count = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    return f"PT{count}{letter}" if timed else f"P{count}{letter}"
