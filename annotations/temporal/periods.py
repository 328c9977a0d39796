"""Calendar periods and their TIMEX3 values.

A :class:`Period` is a stretch of the calendar at one granularity (a day, an ISO
week, a month, a quarter, a season, a year, a decade, a century), kept as the
date it starts on. Relative expressions move a period by whole units and keep the
granularity of the unit ("two weeks ago" is a week, "a year later" a year), which
is the TimeML convention HeidelTime follows too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

DAY, WEEK, WEEKEND, MONTH, QUARTER, HALF, SEASON, YEAR, DECADE, CENTURY = (
    "day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century",
)
# Seasons as TIMEX3 spells them, with the month each starts in. Winter belongs to
# the year of its December, so January 2025 lies in 2024-WI.
SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_UNIT_STEP = {
    DAY: relativedelta(days=1),
    WEEK: relativedelta(weeks=1),
    WEEKEND: relativedelta(weeks=1),
    MONTH: relativedelta(months=1),
    QUARTER: relativedelta(months=3),
    HALF: relativedelta(months=6),
    SEASON: relativedelta(years=1),  # "last spring" is the spring a year before this one
    YEAR: relativedelta(years=1),
    DECADE: relativedelta(years=10),
    CENTURY: relativedelta(years=100),
}


@dataclass(frozen=True, slots=True)
class Period:
    granularity: str
    start: dt.date
    season: str | None = None

    @property
    def value(self) -> str:
        d = self.start
        match self.granularity:
            case "day":
                return d.isoformat()
            case "week":
                year, week, _ = d.isocalendar()
                return f"{year:04d}-W{week:02d}"
            case "weekend":
                year, week, _ = d.isocalendar()
                return f"{year:04d}-W{week:02d}-WE"
            case "month":
                return f"{d.year:04d}-{d.month:02d}"
            case "quarter":
                return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
            case "half":
                return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
            case "season":
                return f"{d.year:04d}-{self.season}"
            case "year":
                return f"{d.year:04d}"
            case "decade":
                return f"{d.year // 10:03d}"
            case _:
                return f"{d.year // 100:02d}"

    def shift(self, count: int) -> Period:
        """This period moved by ``count`` of its own units (negative: back)."""
        return Period(self.granularity, self.start + _UNIT_STEP[self.granularity] * count, self.season)

    def year(self) -> int:
        return self.start.year


def day(d: dt.date) -> Period:
    return Period(DAY, d)


def week(d: dt.date) -> Period:
    return Period(WEEK, d - dt.timedelta(days=d.weekday()))


def weekend(d: dt.date) -> Period:
    """The weekend of ``d``'s ISO week (its Saturday and Sunday)."""
    return Period(WEEKEND, d - dt.timedelta(days=d.weekday()) + dt.timedelta(days=5))


def month(year: int, number: int) -> Period:
    return Period(MONTH, dt.date(year, number, 1))


def quarter(year: int, number: int) -> Period:
    return Period(QUARTER, dt.date(year, 3 * (number - 1) + 1, 1))


def half(year: int, number: int) -> Period:
    return Period(HALF, dt.date(year, 6 * (number - 1) + 1, 1))


def season(year: int, code: str) -> Period:
    return Period(SEASON, dt.date(year, SEASONS[code], 1), code)


def season_of(d: dt.date) -> Period:
    """The season ``d`` falls in (meteorological seasons, as TimeML's guidelines use)."""
    if d.month in (1, 2):
        return season(d.year - 1, "WI")
    code = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA", 12: "WI"}[d.month]
    return season(d.year, code)


def year(number: int) -> Period:
    return Period(YEAR, dt.date(number, 1, 1))


def decade(first_year: int) -> Period:
    return Period(DECADE, dt.date(first_year - first_year % 10, 1, 1))


def century(first_year: int) -> Period:
    return Period(CENTURY, dt.date(max(first_year - first_year % 100, 1), 1, 1))


def containing(granularity: str, d: dt.date) -> Period:
    """The period of ``granularity`` that ``d`` falls in."""
    match granularity:
        case "day":
            return day(d)
        case "week":
            return week(d)
        case "weekend":
            return weekend(d)
        case "month":
            return month(d.year, d.month)
        case "quarter":
            return quarter(d.year, (d.month - 1) // 3 + 1)
        case "half":
            return half(d.year, (d.month - 1) // 6 + 1)
        case "season":
            return season_of(d)
        case "year":
            return year(d.year)
        case "decade":
            return decade(d.year)
        case _:
            return century(d.year)


def moved(anchor: dt.date, granularity: str, count: int) -> Period:
    """The ``granularity`` period ``count`` units away from the one holding ``anchor``."""
    return containing(granularity, anchor).shift(count)
