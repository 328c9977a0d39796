"""A date mention's TIMEX3 value in the words a fact-checker reads: ``2025-09-03`` is "Wed 3 Sep 2025".

The stored values follow TimeML (``P2M``, ``XXXX-WXX-4``, ``PAST_REF``), which
scripts and the API keep; people see these words instead. The weekday is
written with a day because a reviewer checks "on Wednesday" against it.
A value this module does not know is returned as it is.
"""

from __future__ import annotations

import datetime as dt
import re

# Written out rather than taken from ``calendar``, whose names follow the process's locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REFERENCES = {
    "PRESENT_REF": "the time of the article",
    "PAST_REF": "some time before the article",
    "FUTURE_REF": "some time after the article",
}
_UNITS = {  # letter: (singular, plural), for a duration outside its T part and inside it
    "Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"), "WE": ("weekend", "weekends"),
    "D": ("day", "days"), "Q": ("quarter", "quarters"), "DE": ("decade", "decades"), "CE": ("century", "centuries"),
}
_TIMED_UNITS = {"H": ("hour", "hours"), "M": ("minute", "minutes"), "S": ("second", "seconds")}
# TimeML's mod, as the word a reporter would put before the value.
_MODS = {
    "START": "early", "MID": "mid", "END": "late", "APPROX": "about", "LESS_THAN": "less than",
    "MORE_THAN": "more than", "EQUAL_OR_LESS": "at most", "EQUAL_OR_MORE": "at least",
    "BEFORE": "before", "AFTER": "after", "ON_OR_BEFORE": "on or before", "ON_OR_AFTER": "on or after",
}
_ORDINAL_HALVES = {"1": "first", "2": "second"}
_ORDINAL_QUARTERS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(?:(\d{2}):(\d{2})|(MO|AF|EV|NI)))?")
_CLOCK = re.compile(r"T(\d{2}):(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_PART_OF_YEAR = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)")
_DURATION = re.compile(r"P(T?)(X|\d+(?:\.\d+)?)(WE|DE|CE|[YMWDQHS])")
_WEEKLY = re.compile(r"XXXX-WXX-([1-7])(?:T(MO|AF|EV|NI))?")
_YEARLY = re.compile(r"XXXX-(\d{2})")
_DAILY = re.compile(r"XXXX-XX-XXT(MO|AF|EV|NI)")


def timex_words(value: str | None, mod: str | None = None, type_: str | None = None) -> str:
    """``value`` in words ("" for none); ``type_`` "SET" reads a duration as "every …"."""
    if not value:
        return ""
    words = _words(value, every=type_ == "SET")
    prefix = _MODS.get(mod or "")
    if not prefix or words == value:
        return words
    if words.startswith("the "):  # "the early 1990s", not "early the 1990s"
        return f"the {prefix} {words[4:]}"
    return f"{prefix} {words}"


def _words(value: str, *, every: bool) -> str:
    if value in _REFERENCES:
        return _REFERENCES[value]
    if m := _DAY.fullmatch(value):
        day = _date(m[1], m[2], m[3])
        if day is None:
            return value
        written = _day(day)
        if m[4]:
            return f"{written}, {_clock(m[4], m[5])}"
        return f"{written}, {_PARTS_OF_DAY[m[6]]}" if m[6] else written
    if m := _CLOCK.fullmatch(value):
        return _clock(m[1], m[2])
    if m := _MONTH.fullmatch(value):
        month = int(m[2])
        return f"{_MONTHS[month - 1]} {m[1]}" if 1 <= month <= 12 else value
    if m := _WEEK.fullmatch(value):
        try:  # ISO weeks start on Monday; their weekends on its Saturday
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
        except ValueError:
            return value
        return f"the {'weekend' if m[3] else 'week'} of {_day(first)}"
    if m := _PART_OF_YEAR.fullmatch(value):
        year, part = m[1], m[2]
        if part in _SEASONS:
            return f"{_SEASONS[part]} {year}"
        if part[0] == "Q":
            return f"the {_ORDINAL_QUARTERS[part[1]]} quarter of {year}"
        return f"the {_ORDINAL_HALVES[part[1]]} half of {year}"
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):
        return f"the {value}00s"
    if m := _DURATION.fullmatch(value):
        return _duration(m[1] == "T", m[2], m[3], every=every)
    if m := _WEEKLY.fullmatch(value):
        day = _WEEKDAYS[int(m[1]) - 1]
        return f"every {day} {_PARTS_OF_DAY[m[2]]}" if m[2] else f"every {day}"
    if m := _YEARLY.fullmatch(value):
        month = int(m[1])
        return f"every {_MONTHS[month - 1]}" if 1 <= month <= 12 else value
    if m := _DAILY.fullmatch(value):
        return f"every {_PARTS_OF_DAY[m[1]]}"
    return value


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _day(day: dt.date) -> str:
    return f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def _clock(hours: str, minutes: str) -> str:
    return "midnight" if (hours, minutes) in (("24", "00"), ("00", "00")) else f"{hours}:{minutes}"


def _duration(timed: bool, count: str, letter: str, *, every: bool) -> str:
    units = (_TIMED_UNITS if timed else _UNITS).get(letter)
    if units is None:
        return f"P{'T' if timed else ''}{count}{letter}"
    singular, plural = units
    if count == "X":
        words = plural
    else:
        number = float(count)
        shown = str(int(number)) if number == int(number) else count
        words = f"{shown} {singular if number == 1 else plural}"
    if every:
        return f"every {singular}" if count in ("1", "X") else f"every {words}"
    return words
