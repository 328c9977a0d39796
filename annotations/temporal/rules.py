"""The expression patterns and how each one is anchored.

Each rule is a regular expression plus a function that turns a match into a
TIMEX3 type, value and modifier, given the article's date (the DCT), the last
date the article mentioned (for "two months later", "the next day", "that
spring") and the direction of the clause (past or future; see ``tense.py``).
Extents follow TimeML: prepositions stay outside ("on [Wednesday]"), determiners
and modifiers inside ("[the 1990s]", "[early next month]", "[two years ago]").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateutil.easter import easter

from . import lexicon as lx
from . import periods as pd
from .anchor import (
    DATE,
    DURATION,
    SET,
    TIME,
    Context,
    Found,
    day_found,
    day_number,
    duration_value,
    infer_year,
    month_number,
    safe_date,
    weekday_date,
)
from .tense import FUTURE, PAST

__all__ = ["DATE", "DURATION", "RULES", "SET", "TIME", "TRIGGERS", "Context", "Found"]


# ---------------------------------------------------------------- building blocks
def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_FULL_MONTHS = "January February March April May June July August September October November December".split()
_ABBR = "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split()
# Month names are matched case-sensitively: "may", "march" and "august" are common words.
MONTH_BARE = rf"(?-i:{_alt(_FULL_MONTHS)}|(?:{_alt(_ABBR)})\.)"
MONTH_ANY = rf"(?-i:{_alt(_FULL_MONTHS)}|(?:{_alt(_ABBR)})\.?|{_alt(m.upper() for m in _FULL_MONTHS)})"
_WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
WEEKDAY = rf"(?-i:{_alt(_WEEKDAY_NAMES)}|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat)\.)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[0-9]\d\d|20\d\d)"
NUM = rf"(?:\d+(?:\.\d+)?|(?:{_alt(lx.NUMBER_WORDS)})(?:-(?:{_alt(lx.NUMBER_WORDS)}))?|half\s+an?|a\s+dozen)"
VAGUE = _alt(lx.VAGUE_COUNTS)
UNIT = (r"(?:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|"
        r"century|centuries)")
PART = r"(?:morning|afternoon|evening|night)"
PREFIX = (r"(?:(?P<pmod>early|late|mid|the\s+(?:end|beginning|start|middle|close|turn)\s+of|"
          r"the\s+(?:first|second)\s+half\s+of)(?:-|\s+))")
_PMOD = {"early": "START", "late": "END", "mid": "MID", "end": "END", "beginning": "START", "start": "START",
         "middle": "MID", "close": "END", "turn": "START"}


def _prefix_mod(m: re.Match) -> tuple[str | None, int | None]:
    """(TIMEX3 mod, half of the year) for the prefix of ``m``."""
    prefix = (m.groupdict().get("pmod") or "").lower()
    if not prefix:
        return None, None
    if "half" in prefix:
        return None, 1 if "first" in prefix else 2
    key = prefix.split()[1] if prefix.startswith("the ") else prefix
    return _PMOD.get(key), None


def _with_prefix(period: pd.Period, m: re.Match) -> Found:
    mod, half = _prefix_mod(m)
    if half and period.granularity == pd.YEAR:
        period = pd.half(period.year(), half)
    return Found(DATE, period.value, mod, period)


# ---------------------------------------------------------------- rules
Rule = tuple[str, re.Pattern, Callable[[re.Match, Context], Found | None], Callable[[re.Match, str], bool] | None]
RULES: list[Rule] = []


def rule(name: str, pattern: str, accept: Callable[[re.Match, str], bool] | None = None):
    def register(fn):
        RULES.append((name, re.compile(pattern, re.IGNORECASE), fn, accept))
        return fn
    return register


@rule("iso", r"\b(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
             r"(?:T(?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d))?\b")
def _iso(m, ctx):
    date = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m["h"]:
        found = day_found(date, TIME)
        return Found(TIME, f"{date.isoformat()}T{m['h']}:{m['mi']}" if date else None, None, found.period)
    return day_found(date)


@rule("numeric", r"\b(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d{2})\b")
def _numeric(m, ctx):
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if y < 100:
        y += 2000 if y < 50 else 1900
    # American month/day order unless the first number cannot be a month.
    month, day = (a, b) if a <= 12 else (b, a)
    return day_found(safe_date(y, month, day))


_WD_LEAD = rf"(?:(?P<wd>{WEEKDAY}),?\s+)?"


@rule("month_day", rf"\b{_WD_LEAD}(?P<mon>{MONTH_ANY})\s+(?P<day>{DAYNUM})\b(?!:\d|\.\d|,\d)"
                   rf"(?:(?:,\s*|\s+)(?P<year>{YEAR4})\b)?(?:\s+(?P<part>{PART}))?")
def _month_day(m, ctx):
    month, day = month_number(m["mon"]), day_number(m["day"])
    year = int(m["year"]) if m["year"] else infer_year(ctx, m.start(), m.end(), month, day)
    part_word = m.groupdict().get("part")
    part = lx.PARTS_OF_DAY[part_word.lower()] if part_word else None
    return day_found(safe_date(year, month, day), TIME if part else DATE, part)


@rule("day_month", rf"\b{_WD_LEAD}(?:the\s+)?(?P<day>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH_ANY})\b"
                   rf"(?:,?\s+(?P<year>{YEAR4})\b)?")
def _day_month(m, ctx):
    return _month_day(m, ctx)


@rule("month_year", rf"\b{PREFIX}?(?P<mon>{MONTH_ANY})\s*(?:,\s*|\s+of\s+)?(?P<year>{YEAR4})\b(?!\s*(?:%|percent))")
def _month_year(m, ctx):
    return _with_prefix(pd.month(int(m["year"]), month_number(m["mon"])), m)


_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|of|through|during|between|and|or|to|before|after|on|for|"
    r"early|late|mid|last|next|this|that|each|every|around|throughout)|[,(–—-])\s*$",
    re.IGNORECASE,
)
_NAME_MONTHS = {"may", "april", "june", "august", "march"}


def _month_accept(m: re.Match, text: str) -> bool:
    # "May", "April", "June" and "August" are also names ("Theresa May", "April Ryan") and
    # "March" a noun: beside another capitalised word they count only after a preposition.
    if m["mon"].lower().rstrip(".") not in _NAME_MONTHS or m["det"] or m["pmod"]:
        return True
    if _PREP_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return True
    before = re.search(r"([A-Za-z]+)\W*$", text[max(0, m.start() - 30):m.start()])
    after = re.match(r"\s+([A-Za-z]+)", text[m.end():m.end() + 30])
    capitalised_before = before and before.group(1)[:1].isupper() and not _sentence_start(text, m.start())
    capitalised_after = after and after.group(1)[:1].isupper()
    return not (capitalised_before or capitalised_after)


def _sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` opens a sentence or a line (only spaces and quotes since a terminator)."""
    return bool(re.search(r"(?:^|[.!?\n]\s*)[\"'“‘(]*$", text[max(0, position - 5):position])) or position == 0


@rule("month", rf"\b(?:(?P<det>last|next|this|that|this\s+past|this\s+coming)\s+)?{PREFIX}?(?P<mon>{MONTH_BARE})"
               r"(?!\w|\s+\d|,\s*\d)(?:\s+(?P<yrel>this|last|next)\s+year\b)?", accept=_month_accept)
def _month(m, ctx):
    month, det = month_number(m["mon"]), (m["det"] or "").lower()
    if m["yrel"]:
        if ctx.dct is None:
            return Found(DATE, None, _prefix_mod(m)[0])
        year = ctx.dct.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0)
    elif det == "that" and ctx.ref is not None:
        year = ctx.ref.year()
    elif ctx.dct is None:
        return Found(DATE, None, _prefix_mod(m)[0])
    elif det in ("last", "this past"):
        year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif det in ("next", "this coming"):
        year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif det == "this":
        year = ctx.dct.year
    else:
        year = infer_year(ctx, m.start(), m.end(), month)
    return _with_prefix(pd.month(year, month), m)


def _year_accept(m: re.Match, text: str) -> bool:
    """A four-digit number is a year unless it counts something ("2000 troops", "$1500")."""
    before = text[max(0, m.start() - 12):m.start()].lower()
    if re.search(r"[$€£¥]\s*$|\b(?:about|some|nearly|almost|roughly|approximately|over|than|no\.|number)\s+$", before):
        return bool(m["pmod"])
    after = re.match(r"\s*([A-Za-z%]+)", text[m.end():m.end() + 20])
    if after:
        word = after.group(1)
        if word == "%" or word.lower() in _COUNT_NOUNS:
            return False
        if word.islower() and word.endswith("s") and word not in _NOT_PLURAL:
            return False
    return True


_COUNT_NOUNS = frozenset(
    "percent people men women children troops soldiers police officers workers jobs homes houses cases deaths "
    "votes tons tonnes miles km kilometres kilometers meters metres feet acres hectares units cars barrels "
    "euros dollars pounds yuan rubles roubles yen won pupils students patients residents dead".split()
)
_NOT_PLURAL = frozenset("as was is has its this his thus plus versus towards across less unless s".split())


@rule("year", rf"(?<![\d$€£.,/:]){PREFIX}?(?:fiscal\s+)?(?P<year>{YEAR4})(?![\d%]|,\d|\.\d|/\d|:\d|-\d\d-)",
      accept=_year_accept)
def _year(m, ctx):
    return _with_prefix(pd.year(int(m["year"])), m)


@rule("decade", r"\b(?:the\s+)?(?:(?P<dmod>early|late|mid)(?:-|\s+))?"
                r"(?:(?P<dec>(?:1[0-9]|20)\d0)|'(?P<short>\d0))'?s\b")
def _decade(m, ctx):
    first = int(m["dec"]) if m["dec"] else (1900 + int(m["short"]) if int(m["short"]) >= 30 else 2000 + int(m["short"]))
    mod = {"early": "START", "late": "END", "mid": "MID"}.get((m["dmod"] or "").lower())
    period = pd.decade(first)
    return Found(DATE, period.value, mod, period)


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                  "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                  "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


@rule("century", rf"\b(?:the\s+)?(?:(?P<dmod>early|late|mid)(?:-|\s+))?"
                 rf"(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{_alt(_ORDINAL_WORDS)})"
                 r"[-\s]+century\b")
def _century(m, ctx):
    word = m["n"].lower()
    n = _ORDINAL_WORDS.get(word) or int(re.match(r"\d+", word).group())
    period = pd.century((n - 1) * 100)
    mod = {"early": "START", "late": "END", "mid": "MID"}.get((m["dmod"] or "").lower())
    return Found(DATE, period.value, mod, period)


_YEAR_WORD = rf"(?P<year>{YEAR4})|(?P<yrel>this|last|next|the)\s+year"


def _year_of(m: re.Match, ctx: Context) -> int | None:
    if m["year"]:
        return int(m["year"])
    rel = (m["yrel"] or "").lower()
    if ctx.dct is None:
        return None
    return ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)


@rule("quarter", rf"\b(?:the\s+(?=\w+\s))?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[-\s]+quarter\b"
                 rf"(?:\s+(?:of\s+)?(?:{_YEAR_WORD}))?|\bQ(?P<q>[1-4])\s*(?P<qyear>{YEAR4})?\b")
def _quarter(m, ctx):
    number = int(m["q"]) if m["q"] else lx.ORDINALS[m["ord"].lower()]
    if m["qyear"]:
        year = int(m["qyear"])
    elif m["year"] or m["yrel"]:
        year = _year_of(m, ctx)
    elif ctx.dct is None:
        return Found(DATE, None)
    else:
        # A quarter named without a year: the latest one reported, or the coming one for the future.
        now = (ctx.dct.month - 1) // 3 + 1
        way = ctx.direction(m.start(), m.end())
        # Results are reported for quarters already over, so the latest one that had the number.
        if number <= now:
            year = ctx.dct.year
        else:
            year = ctx.dct.year if way == FUTURE else ctx.dct.year - 1
    if year is None:
        return Found(DATE, None)
    period = pd.quarter(year, number)
    return Found(DATE, period.value, None, period)


@rule("half", rf"\b(?:the\s+)?(?P<ord>first|second)\s+half\s+of\s+(?:{_YEAR_WORD})\b")
def _half(m, ctx):
    year = _year_of(m, ctx)
    if year is None:
        return Found(DATE, None)
    period = pd.half(year, 1 if m["ord"].lower() == "first" else 2)
    return Found(DATE, period.value, None, period)


def _season_accept(m: re.Match, text: str) -> bool:
    if m["season"].lower() != "fall":
        return True
    # "the fall of Saigon", "a fall in prices": a season only beside a date word.
    return bool(m["year"] or (m["det"] and m["det"].lower() not in ("the",)))


@rule("season", r"\b(?:(?P<det>this\s+past|this\s+coming|this|last|next|that|the\s+coming|the\s+past|the|early|late|"
                r"mid)(?:-|\s+))?(?P<season>spring|summer|autumn|fall|winter)\b"
                rf"(?:\s+(?:of\s+)?(?P<year>{YEAR4})\b)?", accept=_season_accept)
def _season(m, ctx):
    code, det = lx.SEASON_CODES[m["season"].lower()], (m["det"] or "").lower()
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(det)
    if m["year"]:
        period = pd.season(int(m["year"]), code)
        return Found(DATE, period.value, mod, period)
    if det == "that":
        if ctx.ref is None:
            return Found(DATE, None)
        return Found(DATE, f"{ctx.ref.year():04d}-{code}", None, pd.season(ctx.ref.year(), code))
    if ctx.dct is None:
        return Found(DATE, None, mod)
    current = pd.season_of(ctx.dct)
    this = pd.season(current.year() if code != "WI" or current.season == "WI" or ctx.dct.month >= 3
                     else current.year() - 1, code)
    # The same season name this year may lie ahead of or behind the DCT.
    ahead = this.start > current.start
    if det in ("last", "this past", "the past"):
        period = this.shift(-1) if ahead or this == current else this
    elif det in ("next", "this coming", "the coming"):
        period = this.shift(1) if not ahead else this
    elif det == "this":
        period = this
    else:
        way = ctx.direction(m.start(), m.end())
        if way == PAST and ahead:
            period = this.shift(-1)
        elif way == FUTURE and not ahead and this != current:
            period = this.shift(1)
        else:
            period = this
    return Found(DATE, period.value, mod, period)


_REL_DET = (r"this\s+past|this\s+coming|earlier\s+this|later\s+this|early\s+this|late\s+this|early\s+next|"
            r"late\s+next|early\s+last|late\s+last|earlier\s+that|later\s+that|the\s+same|the\s+previous|"
            r"the\s+following|the\s+next|the\s+coming|the\s+last|the\s+past|the\s+current|this|last|next|"
            r"that|current|previous|following|past|coming")
_UNIT_GRAN = {"day": pd.DAY, "week": pd.WEEK, "weekend": pd.WEEKEND, "month": pd.MONTH, "quarter": pd.QUARTER,
              "year": pd.YEAR, "decade": pd.DECADE, "century": pd.CENTURY}


@rule("relative", rf"\b(?P<det>{_REL_DET})\s+(?P<unit>day|week|weekend|month|quarter|year|decade|century|"
                  rf"{PART})\b")
def _relative(m, ctx):
    det = " ".join(m["det"].lower().split())
    unit_word = m["unit"].lower()
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get(det.split()[0])
    step = 0
    if det.endswith("last") or det.endswith("previous") or det.endswith("past"):
        step = -1
    elif det.endswith("next") or det.endswith("following") or det.endswith("coming"):
        step = 1
    if det in ("the past", "past") and unit_word not in lx.PARTS_OF_DAY:
        letter = lx.UNITS[unit_word][0]
        return Found(DURATION, duration_value(1, unit_word, letter), None)
    # "the next day", "that week", "the same month": counted from the last date the article gave.
    anaphoric = det.startswith("the ") and det not in ("the last", "the current", "the coming") or det.endswith("that")
    if anaphoric and ctx.ref is not None:
        base = ctx.ref.start
    elif anaphoric and det in ("the previous", "the following", "the same", "that", "earlier that", "later that"):
        return Found(DATE, None, mod)
    else:
        base = ctx.dct
    if base is None:
        return Found(DATE, None, mod)
    if unit_word in lx.PARTS_OF_DAY:
        date = base + dt.timedelta(days=step)
        if unit_word == "night" and det == "last" and not anaphoric:
            date = base - dt.timedelta(days=1)
        return day_found(date, TIME, lx.PARTS_OF_DAY[unit_word], mod)
    period = pd.moved(base, _UNIT_GRAN[unit_word], step)
    return Found(DATE, period.value, mod, period)


@rule("end_of", rf"\b{PREFIX}the\s+(?P<unit>week|month|quarter|year|decade|century)\b")
def _end_of(m, ctx):
    if ctx.dct is None:
        return Found(DATE, None, _prefix_mod(m)[0])
    return _with_prefix(pd.containing(_UNIT_GRAN[m["unit"].lower()], ctx.dct), m)


@rule("weekend", r"\bthe\s+weekend\b")
def _weekend(m, ctx):
    if ctx.dct is None:
        return Found(DATE, None)
    this = pd.weekend(ctx.dct)
    way = ctx.direction(m.start(), m.end())
    if way == PAST and ctx.dct < this.start:
        this = this.shift(-1)
    elif way == FUTURE and ctx.dct > this.start + dt.timedelta(days=1):
        this = this.shift(1)
    return Found(DATE, this.value, None, this)




_APPROX = {"about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX", "some": "APPROX",
           "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
           "less than": "LESS_THAN", "fewer than": "LESS_THAN", "at least": "EQUAL_OR_MORE",
           "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "just over": "MORE_THAN",
           "just under": "LESS_THAN"}
_SET_BEFORE = re.compile(r"(?:million|billion|trillion|thousand|hundred|percent|%|\d|times|twice|once|a\s+head|"
                         r"dollars|euros|pounds|each)\s*$", re.IGNORECASE)


@rule("ago", rf"\b(?:(?P<approx>{_alt(_APPROX)})\s+)?(?:(?P<num>{NUM})|(?P<vague>{VAGUE}))[-\s]+(?P<unit>{UNIT})"
             r"(?:\s+and\s+a\s+half)?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|previously|back|"
             r"before(?=\s*[.,;]|$)|after(?=\s*[.,;]|$))\b")
def _ago(m, ctx):
    unit_word = lx.unit(m["unit"])
    way = m["dir"].lower()
    mod = _APPROX.get(" ".join((m["approx"] or "").lower().split()))
    if m["vague"]:
        if way in ("ago", "back", "previously"):
            return Found(DATE, "PAST_REF")
        return Found(DATE, "FUTURE_REF" if way in ("from now", "hence") else None)
    n = lx.number(m["num"])
    gran = _UNIT_GRAN.get(unit_word)
    if n is None or n != int(n) or gran is None:
        return Found(DATE, None)
    if way in ("ago", "back", "previously", "from now", "hence"):
        base, sign = ctx.dct, (1 if way in ("from now", "hence") else -1)
    else:
        base, sign = (ctx.ref.start if ctx.ref else None), (-1 if way in ("earlier", "before") else 1)
    if base is None:
        return Found(DATE, None)
    period = pd.moved(base, gran, sign * int(n))
    return Found(DATE, period.value, mod, period)


def _duration_accept(m: re.Match, text: str) -> bool:
    num = (m["num"] or "").lower()
    unit_word = lx.unit(m["unit"])
    # "a quarter of the budget", "one day he left": not lengths of time.
    if unit_word == "quarter" and num in ("a", "an", "one"):
        return False
    if unit_word in ("day",) and num == "one" and not m["approx"]:
        return False
    return not (unit_word == "weekend" and not num[:1].isdigit() and num not in ("two", "three", "four"))


@rule("duration", rf"\b(?:(?P<approx>{_alt(_APPROX)})\s+)?(?:the\s+(?=\w+\s+\w))?"
                  rf"(?:(?P<num>{NUM})|(?P<vague>{VAGUE}))[-\s]+"
                  rf"(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?:[-\s]+(?P<old>long))?(?![-\s]+old\b)"
                  rf"(?:,?\s+(?:and\s+)?(?P<num2>\d+|{_alt(lx.NUMBER_WORDS)})\s+(?P<unit2>minutes?|seconds?))?\b",
      accept=_duration_accept)
def _duration(m, ctx):
    unit_word = lx.unit(m["unit"])
    letter = lx.UNITS[unit_word][0]
    n = None if m["vague"] else lx.number(m["num"])
    if m["num"] and n is None:
        return None
    if m["half"] and n is not None:
        n += 0.5
    if (m["num"] or "").lower() in ("a", "an") and not m["approx"] and _SET_BEFORE.search(
            ctx.text, max(0, m.start() - 20), m.start()):
        return Found(SET, duration_value(1, unit_word, letter))
    value = duration_value(n, unit_word, letter)
    if m["num2"] and value.startswith("PT"):
        second = lx.number(m["num2"])
        if second is not None:
            value += f"{int(second)}{'M' if m['unit2'].lower().startswith('minute') else 'S'}"
    mod = _APPROX.get(" ".join((m["approx"] or "").lower().split()))
    return Found(DURATION, value, mod)




@rule("plural", r"(?<=\bfor\s)(?P<unit>hours|days|weeks|months|years|decades|centuries)\b"
                r"(?!\s+(?:of|to|ago|later|before|after))")
def _plural(m, ctx):
    unit_word = lx.unit(m["unit"])
    return Found(DURATION, duration_value(None, unit_word, lx.UNITS[unit_word][0]))


@rule("past_n", rf"\b(?:(?P<approx>{_alt(_APPROX)})\s+)?the\s+(?P<det>past|last|next|coming|previous|following|first|"
                rf"final)\s+(?:(?P<num>{NUM})|(?P<vague>{VAGUE}))\s+(?P<unit>{UNIT})\b")
def _past_n(m, ctx):
    unit_word = lx.unit(m["unit"])
    n = None if m["vague"] else lx.number(m["num"])
    return Found(DURATION, duration_value(n, unit_word, lx.UNITS[unit_word][0]),
                 _APPROX.get(" ".join((m["approx"] or "").lower().split())))


@rule("set", rf"\b(?P<q>every|each|per)\s+(?:(?P<num>{NUM})\s+)?"
             rf"(?:(?P<unit>{UNIT})|(?P<wd>{WEEKDAY})|(?P<part>{PART})|(?P<mon>{MONTH_BARE}))\b"
             r"|\b(?P<adv>annually|yearly|daily|weekly|monthly|hourly|biannually|nightly)\b"
             rf"|\b(?P<times>once|twice|\d+\s+times|{_alt(lx.NUMBER_WORDS)}\s+times)\s+(?:a|per|each)\s+(?P<unit3>{UNIT})\b")
def _set(m, ctx):
    if m["adv"]:
        value = {"annually": "P1Y", "yearly": "P1Y", "daily": "P1D", "weekly": "P1W", "monthly": "P1M",
                 "hourly": "PT1H", "quarterly": "P3M", "biannually": "P6M", "nightly": "P1D"}[m["adv"].lower()]
        return Found(SET, value)
    if m["wd"]:
        return Found(SET, f"XXXX-WXX-{lx.WEEKDAYS[m['wd'].lower().rstrip('.')] + 1}")
    if m["mon"]:
        return Found(SET, f"XXXX-{month_number(m['mon']):02d}")
    if m["part"]:
        return Found(SET, f"XXXX-XX-XXT{lx.PARTS_OF_DAY[m['part'].lower()]}")
    unit_word = lx.unit(m["unit"] or m["unit3"])
    n = lx.number(m["num"]) if m["num"] else 1
    return Found(SET, duration_value(n, unit_word, lx.UNITS[unit_word][0]))


@rule("deictic", r"\b(?:(?P<dmod>earlier|later|early|late|mid-afternoon)\s+)?"
                 r"(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|"
                 rf"tonight)\b(?!['’]s)(?:\s+(?P<part>{PART}))?|\b(?P<word2>yesterday|today|tomorrow|tonight)(?=['’]s)")
def _deictic(m, ctx):
    word = " ".join((m["word"] or m["word2"]).lower().split())
    if ctx.dct is None:
        return Found(TIME if m["part"] or word == "tonight" else DATE, None)
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "the day before yesterday": -2,
             "the day after tomorrow": 2}[word]
    date = ctx.dct + dt.timedelta(days=shift)
    mod = {"earlier": "START", "early": "START", "later": "END", "late": "END"}.get((m["dmod"] or "").lower())
    if word == "tonight":
        return day_found(date, TIME, "NI", mod)
    if m["part"]:
        return day_found(date, TIME, lx.PARTS_OF_DAY[m["part"].lower()], mod)
    return day_found(date, mod=mod)


@rule("reference", r"\b(?P<present>now|currently|nowadays|at\s+present|the\s+present\s+day)\b"
                   r"|\b(?P<past>recently|lately|(?:the\s+)?recent\s+(?:years|months|weeks|days|decades)|the\s+past(?!\s+\w+\s+(?:years?|months?|weeks?|days?)))\b"
                   r"|\b(?P<future>the\s+future|the\s+coming\s+(?:years|months|weeks|days|decades))\b")
def _reference(m, ctx):
    if m["present"]:
        return Found(DATE, "PRESENT_REF")
    return Found(DATE, "PAST_REF" if m["past"] else "FUTURE_REF")


@rule("weekday", rf"\b(?:(?P<det>last|next|this\s+coming|this\s+past|this|earlier|later|early|late|that)\s+)?"
                 rf"(?P<wd>{WEEKDAY})(?P<plural>s)?(?![\w])(?:\s+(?P<part>{PART})(?P<plural2>s)?)?")
def _weekday_rule(m, ctx):
    det = " ".join((m["det"] or "").lower().split())
    weekday = lx.WEEKDAYS[m["wd"].lower().rstrip(".")]
    part = lx.PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    mod = {"early": "START", "late": "END", "earlier": "START", "later": "END"}.get(det)
    if m["plural"] or m["plural2"]:
        return Found(SET, f"XXXX-WXX-{weekday + 1}" + (f"T{part}" if part else ""))
    if det == "that":
        if ctx.ref is None or ctx.ref.granularity not in (pd.DAY, pd.WEEK):
            return Found(TIME if part else DATE, None)
        monday = ctx.ref.start - dt.timedelta(days=ctx.ref.start.weekday())
        return day_found(monday + dt.timedelta(days=weekday), TIME if part else DATE, part)
    relative_to = det if det not in ("early", "late", "earlier", "later") else ""
    date = weekday_date(ctx, m.start(), m.end(), weekday, relative_to)
    return day_found(date, TIME if part else DATE, part, mod)


def _holiday_date(name: str, year: int) -> dt.date:
    name = " ".join(name.lower().replace("’", "'").split())
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
             "valentine's day": (2, 14), "independence day": (7, 4), "boxing day": (12, 26),
             "victory day": (5, 9)}
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name.startswith("easter"):
        return easter(year)
    if name.startswith("thanksgiving") or name == "black friday":
        first = dt.date(year, 11, 1)
        thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        return thursday + dt.timedelta(days=1 if name == "black friday" else 0)
    if name == "labor day":
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7)
    last = dt.date(year, 5, 31)  # Memorial Day: the last Monday of May
    return last - dt.timedelta(days=last.weekday())


@rule("holiday", r"\b(?:(?P<det>this|last|next)\s+)?"
                 r"(?P<name>(?-i:Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s\s+(?:Eve|Day)|"
                 r"Halloween|Valentine['’]s\s+Day|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|Black\s+Friday|"
                 rf"Independence\s+Day|Labor\s+Day|Memorial\s+Day|Boxing\s+Day|Victory\s+Day))(?:\s+(?P<year>{YEAR4}))?\b")
def _holiday(m, ctx):
    if m["year"]:
        return day_found(_holiday_date(m["name"], int(m["year"])))
    if ctx.dct is None:
        return Found(DATE, None)
    det = (m["det"] or "").lower()
    for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        if not det and abs((_holiday_date(m["name"], year) - ctx.dct).days) <= 7:
            return day_found(_holiday_date(m["name"], year))
    this = _holiday_date(m["name"], ctx.dct.year)
    way = {"last": PAST, "next": FUTURE}.get(det) or ctx.direction(m.start(), m.end())
    if way == PAST and this > ctx.dct:
        this = _holiday_date(m["name"], ctx.dct.year - 1)
    elif way == FUTURE and this < ctx.dct:
        this = _holiday_date(m["name"], ctx.dct.year + 1)
    elif way is None and (this - ctx.dct).days < -182:
        this = _holiday_date(m["name"], ctx.dct.year + 1)
    return day_found(this)


@rule("anniversary", r"\b(?:the\s+)?(?:\d+(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?(?:th|st|nd|rd))\s+anniversary\b")
def _anniversary(m, ctx):
    # Anchored on an event, not on the calendar: found, left unresolved.
    return Found(DATE, None)


def _clock_accept(m: re.Match, text: str) -> bool:
    if m["ap"] or m["word"] or m["tz"]:
        return True
    return bool(re.search(r"\b(?:at|from|until|till|by|before|after|around)\s+$", text[max(0, m.start() - 8):m.start()],
                          re.IGNORECASE))


@rule("clock", r"\b(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)"
               r"|(?P<h24>[01]?\d|2[0-3])[:.h](?P<m24>[0-5]\d)\b(?:\s*(?P<tz>GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|ET|PT))?"
               r"|(?P<word>noon|midday|midnight))(?:\s+(?P<tz2>GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|ET|PT|local\s+time))?"
               rf"(?:,?\s+(?:(?P<cwd>{WEEKDAY})(?![\w])|(?P<mon>{MONTH_ANY})\s+(?P<day>{DAYNUM})\b(?!:\d)))?",
      accept=_clock_accept)
def _clock(m, ctx):
    if m["word"]:
        hh, mm = (24, 0) if m["word"].lower() == "midnight" else (12, 0)
    elif m["h24"]:
        hh, mm = int(m["h24"]), int(m["m24"])
    else:
        hh, mm = int(m["h"]) % 12, int(m["mi"] or 0)
        if m["ap"].lower().startswith("p"):
            hh += 12
    clock = f"T{hh:02d}:{mm:02d}"
    if m["cwd"] or m["mon"]:
        if m["cwd"]:
            date = weekday_date(ctx, m.start(), m.end(), lx.WEEKDAYS[m["cwd"].lower().rstrip(".")])
        else:
            month, day = month_number(m["mon"]), day_number(m["day"])
            date = safe_date(infer_year(ctx, m.start(), m.end(), month, day), month, day)
        return Found(TIME, f"{date.isoformat()}{clock}" if date else None, None, pd.day(date) if date else None)
    # The day is filled in after every date in the sentence is known (see ``_anchor_clock_times``).
    return Found(TIME, clock)


# ---------------------------------------------------------------- triggers
# Every match of a rule holds at least one of its trigger tokens ("#": a token with a digit), so
# the tagger runs each rule only near its triggers instead of over the whole text (see
# ``find_dates``); a test checks that this finds what a full scan finds.
DIGITS = "#"
_MONTH_WORDS = frozenset(lx.MONTHS)
_WEEKDAY_WORDS = frozenset(lx.WEEKDAYS) | {w + "s" for w in lx.WEEKDAYS}
_UNIT_WORDS = frozenset({*lx.UNITS, *(u + "s" for u in lx.UNITS), *lx.UNIT_PLURALS})
_PART_WORDS = frozenset({*lx.PARTS_OF_DAY, "nights"})
_SEASON_WORDS = frozenset(lx.SEASON_CODES)
TRIGGERS = {
    "iso": {DIGITS}, "numeric": {DIGITS}, "month_day": _MONTH_WORDS, "day_month": _MONTH_WORDS,
    "month_year": _MONTH_WORDS, "month": _MONTH_WORDS, "year": {DIGITS}, "decade": {DIGITS},
    "century": {"century", "centuries"}, "quarter": {"quarter", "quarters", "q"}, "half": {"half"},
    "season": _SEASON_WORDS, "relative": _UNIT_WORDS | _PART_WORDS, "end_of": _UNIT_WORDS, "weekend": {"weekend"},
    "ago": _UNIT_WORDS, "duration": _UNIT_WORDS, "plural": _UNIT_WORDS, "past_n": _UNIT_WORDS,
    "set": _UNIT_WORDS | _WEEKDAY_WORDS | _PART_WORDS | _MONTH_WORDS | {
        "annually", "yearly", "daily", "weekly", "monthly", "hourly", "biannually", "nightly"},
    "deictic": {"yesterday", "today", "tomorrow", "tonight"},
    "reference": {"now", "currently", "nowadays", "present", "recently", "lately", "recent", "future", "past",
                  "coming"},
    "weekday": _WEEKDAY_WORDS,
    "holiday": {"christmas", "year", "halloween", "valentine", "thanksgiving", "easter", "friday", "independence",
                "labor", "memorial", "boxing", "victory"},
    "anniversary": {"anniversary"}, "clock": {DIGITS, "noon", "midday", "midnight"},
}
assert set(TRIGGERS) == {name for name, *_ in RULES}
