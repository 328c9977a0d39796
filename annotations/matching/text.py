"""What a sentence says that a paraphrase must keep: numbers, dates, names, attribution.

Pure Python. These features do two jobs: they keep different events apart in
the matcher (two "rate rises" to different levels are not the same claim), and
they label the wording-drift view (where one telling changed a number or turned
"Moscow accuses" into a plain statement of fact).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves said says say
    stated told according who's it's its' their's""".split()
)
MONTHS = {
    m: i + 1 for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10, "twentieth": 20,
}
_ORDINALS = {w: v for w, v in NUMBER_WORDS.items() if w in (
    "first", "second", "third", "fourth", "fifth", "tenth", "twentieth")}
# Words that are capitalised for grammar, not because they name someone.
NOT_NAMES = frozenset(
    """the a an in on at as this that these those he she it they we i but and or if while during after before
    according moscow's mr mrs ms dr president leader governor secretary minister prime chief head state news
    agency official officials critics survivors police reports reported also meanwhile despite last next another
    both historians inspectors thirty twelve""".split()
) | frozenset(MONTHS) | frozenset(WEEKDAYS)
TITLES = frozenset(
    "president leader governor secretary minister chancellor senator mayor general spokesman spokeswoman "
    "spokesperson chairman chairwoman owner director commissioner judge mr mrs ms dr".split()
)
REPORTING_VERBS = frozenset("said says told stated accused accuses claimed claims insisted warned".split())
# "X said", "X accuses", "according to X": a claim reported, not asserted.
ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|saying|stated|states|told|tells|claimed|claims|claiming|alleged|alleges|alleging|"
    r"accused|accuses|accusing|reported|reports|reportedly|according to|maintains|maintained|insists|insisted|"
    r"denied|denies|describes|described|announced|announces|suggest|suggests|highlighted|note|notes|argued|"
    r"argues|warned|warns)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_](?:[\w’'.,-]*[^\W_])?", re.UNICODE)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?$")


@lru_cache(maxsize=50_000)
def normalise(text: str) -> str:
    """Fold the typographic variants tellings differ in (curly quotes, dashes, accents) to one form."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": " - ", "–": "-"}))
    return text


def words(text: str) -> list[str]:
    """Words with their case, numbers kept whole ("10,000", "5.25")."""
    return [w.rstrip(".,") for w in _WORD.findall(normalise(text))]


def stem(word: str) -> str:
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(w) > len(suffix) + 3 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w


def content_terms(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text) if w.lower() not in STOPWORDS and len(w) > 1 or w.isdigit())


# Scale words multiply what comes before them ("three thousand", "1.4 million", "twelve hundred").
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Durations in days, so that "a decade" meets "ten years" and "18 months" meets "a year and a half".
DURATION_DAYS = {
    "day": 1, "week": 7, "fortnight": 14, "month": 30.4375, "year": 365.25, "decade": 3652.5, "century": 36525,
}
# A unit after "a"/"an" is a duration only after these words ("for a week", "within a month");
# otherwise it is a rate or a relative date ("2 percent a year", "a year earlier").
_DURATION_LEAD = frozenset(
    "for within after over almost nearly about around than lasted lasting last lasts take takes took half".split()
)
_RELATIVE_AFTER = frozenset("ago earlier later before".split())
# A figure after these words is approximate: "more than three hundred" can be 312, "almost a week" six days.
HEDGES = frozenset(
    "about around some roughly approximately nearly almost over than least to under upwards estimated".split()
)
_HEDGE_PAIRS = frozenset({("more", "than"), ("at", "least"), ("up", "to"), ("close", "to"), ("less", "than"),
                          ("fewer", "than"), ("just", "over"), ("just", "under")})
_SINGLE_HEDGES = HEDGES - {"than", "least", "to"}
_UNITS_WORDS = {w: v for w, v in NUMBER_WORDS.items() if v < 100 and w not in _ORDINALS}
_CURRENCY_SHORTHAND = re.compile(r"([€$£]\s?\d[\d.,]*)\s?(m|bn|k)\b", re.IGNORECASE)
_BILLION_SHORTHAND = re.compile(r"(?<=\d)bn\b", re.IGNORECASE)


def numbers(text: str) -> frozenset[str]:
    """The quantities a paraphrase must keep, each as a canonical string.

    Digits or words, across several words ("three thousand" = "3,000", "half a dozen" = 6,
    "a quarter of a million" = 250,000, "twelve hundred", "€45m", "2.3bn"). Years and
    day-of-month numbers are dates, not quantities. A duration is in days with a ``d``
    prefix ("a decade" = "ten years" = ``d3652.5``); an approximate figure ("about",
    "more than", "almost") carries a ``~`` prefix: see :func:`quantities_agree`.
    """
    return frozenset(_format(value, duration, hedged) for value, duration, hedged in _quantities(text))


def quantities_agree(a: str, b: str) -> bool:
    """Two canonical quantities state the same figure: equal, or near when one is approximate.

    Rounding is what a paraphrase does to a figure ("more than 300 farms" for 312, "almost
    a week" for six days); an exact figure against another exact figure must be equal.
    """
    value_a, duration_a, hedged_a = parse_quantity(a)
    value_b, duration_b, hedged_b = parse_quantity(b)
    if duration_a != duration_b:
        return False
    if value_a == value_b:
        return True
    # Units convert with rounding (18 months vs a year and a half): a small tolerance.
    tolerance = 0.15 if hedged_a or hedged_b else (0.02 if duration_a else 0.0)
    return abs(value_a - value_b) <= tolerance * max(abs(value_a), abs(value_b))


def _format(value: float, duration: bool, hedged: bool) -> str:
    number = str(int(value)) if float(value).is_integer() else f"{value:.6g}"
    return ("~" if hedged else "") + ("d" if duration else "") + number


@lru_cache(maxsize=50_000)
def parse_quantity(text: str) -> tuple[float, bool, bool]:
    hedged = text.startswith("~")
    text = text.removeprefix("~")
    duration = text.startswith("d")
    try:
        return float(text.removeprefix("d")), duration, hedged
    except ValueError:
        return float("nan"), duration, hedged


def _quantity_tokens(text: str) -> list[str]:
    text = _CURRENCY_SHORTHAND.sub(lambda m: m.group(1) + {"m": " million", "bn": " billion", "k": " thousand"}[
        m.group(2).lower()], normalise(text))
    text = _BILLION_SHORTHAND.sub(" billion", text).replace("%", " percent")
    tokens = []
    for w in words(text):
        # "Twenty-three", "six-year", "6.1-magnitude", "July-to-September": the parts count alone.
        tokens.extend(part for part in w.lower().split("-") if part)
    return tokens


def _number_value(token: str) -> float | None:
    if _NUMBER.match(token):
        plain = re.sub(r"(st|nd|rd|th|s)$", "", token).replace(",", "")
        try:
            return float(plain)
        except ValueError:
            return None
    return None


def _quantities(text: str) -> list[tuple[float, bool, bool]]:
    ws = _quantity_tokens(text)
    found = []
    i = 0
    while i < len(ws):
        start = i
        value, i = _read_number(ws, i)
        if value is None:
            i += 1
            continue
        previous = ws[start - 1] if start else ""
        following = ws[i] if i < len(ws) else ""
        raw = ws[start]
        # "September 3", "3 March", a year: dates, not counts.
        if previous in MONTHS or following in MONTHS and value <= 31 or (
            i == start + 1 and raw.isdigit() and _is_year(raw)
        ):
            continue
        if raw in ("a", "an") and following.rstrip("s") in DURATION_DAYS:
            lead = ws[start - 1] if start else ""
            if following.rstrip("s") not in ("decade", "fortnight", "century") and lead not in _DURATION_LEAD and (
                ws[i + 1:i + 4] != ["and", "a", "half"]
            ):
                i += 1
                continue
        if raw == "one" and following == "of":  # "one of the largest": not a count
            continue
        hedged = previous in _SINGLE_HEDGES or (start >= 2 and (ws[start - 2], previous) in _HEDGE_PAIRS)
        unit = following.rstrip("s") if following not in ("is", "was", "has", "as") else ""
        if unit in DURATION_DAYS and previous == "over":  # "a pay rise over two years": a period, not "more than"
            hedged = start >= 2 and ws[start - 2] == "just"
        if unit in DURATION_DAYS and (i + 1 >= len(ws) or ws[i + 1] not in _RELATIVE_AFTER):
            if i + 1 < len(ws) and ws[i + 1] == "old":  # "24-year-old": an age, said as "Salas, 24"
                found.append((value, False, hedged))
                i += 2
                continue
            days = value * DURATION_DAYS[unit]
            i += 1
            # "a year and a half", "two and a half years" (the latter already read as 2.5)
            if ws[i:i + 3] == ["and", "a", "half"]:
                days += DURATION_DAYS[unit] / 2
                i += 3
            found.append((days, True, hedged))
            continue
        if unit in DURATION_DAYS:  # "two years ago": a relative date, not a figure to keep
            i += 2
            continue
        found.append((value, False, hedged))
    return found


def _read_number(ws: list[str], i: int) -> tuple[float | None, int]:
    """The number that starts at ``ws[i]`` and the index after it, or (None, i)."""
    multiplier = 1.0
    j = i
    # "half a dozen", "a quarter of a million", "three quarters of a million"
    if ws[j] == "a" and j + 1 < len(ws) and ws[j + 1] in ("half", "quarter"):
        j += 1
    if ws[j] in ("half", "quarter") and ws[j + 1:j + 2] and (
        ws[j + 1] == "a" or ws[j + 1:j + 3] == ["of", "a"]
    ):
        k = j + (2 if ws[j + 1] == "a" else 3)
        if k < len(ws) and (ws[k] in SCALES or ws[k] == "dozen"):
            multiplier = 0.5 if ws[j] == "half" else 0.25
            j = k - 1
            ws = ws[:j] + ["a"] + ws[j + 1:]
        else:
            return None, i
    token = ws[j]
    if token in _ORDINALS:
        return float(_ORDINALS[token]), j + 1
    total, current, seen = 0.0, 0.0, False
    digits = _number_value(token)
    if digits is not None:
        current, seen, j = digits, True, j + 1
    elif token in ("a", "an") and j + 1 < len(ws) and (
        ws[j + 1] in SCALES or ws[j + 1] == "dozen" or ws[j + 1].rstrip("s") in DURATION_DAYS
    ):
        current, seen, j = 1.0, True, j + 1
    while j < len(ws):
        w = ws[j]
        if w in _UNITS_WORDS and (not seen or current % 100 == 0 or current >= 20 and current % 10 == 0
                                  and _UNITS_WORDS[w] < 10):
            if digits is not None:
                break
            current += _UNITS_WORDS[w]
        elif w == "dozen" and seen:
            current *= 12
        elif w == "hundred" and seen:
            current *= 100
        elif w in SCALES and seen:
            total += current * SCALES[w]
            current = 0.0
        elif w == "and" and seen and digits is None and j + 1 < len(ws) and ws[j + 1] in _UNITS_WORDS:
            pass
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None, i
    return (total + current) * multiplier, j


def dates(text: str) -> frozenset[str]:
    """Explicit dates: years, months, month-day. Weekdays and "this week" are too vague to contradict."""
    found = set()
    ws = _quantity_tokens(text)  # "July-to-September" names two months
    for i, w in enumerate(ws):
        if w.isdigit() and _is_year(w):
            found.add(w)
        elif w in MONTHS:
            before = ws[i - 1] if i else ""
            after = ws[i + 1] if i + 1 < len(ws) else ""
            # "May" is also a verb; only May next to a number counts.
            if w == "may" and not (after.isdigit() or before.isdigit()):
                continue
            found.add(f"m{MONTHS[w]}")
            # "September 3" and "3 September"
            day = after if after.isdigit() and int(after) <= 31 else before if before.isdigit() and 0 < int(
                before) <= 31 else None
            if day is not None:
                found.add(f"m{MONTHS[w]}d{int(day)}")
    return frozenset(found)


def weekdays(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words(text) if w.lower() in WEEKDAYS)


@lru_cache(maxsize=50_000)
def word_count(text: str) -> int:
    return len(words(text))


@lru_cache(maxsize=50_000)
def is_headline(text: str) -> bool:
    """A headline: no closing full stop ("Veltrix must compensate farmers, court rules") or title case."""
    stripped = normalise(text).rstrip().rstrip('"\'')
    if stripped and stripped[-1] not in ".!?":
        return True
    ws = words(text)
    return len(ws) > 3 and sum(1 for w in ws if w[:1].isupper()) >= 0.6 * len(ws)


def names(text: str) -> frozenset[str]:
    """Capitalised words that are not the first of the sentence: people, places, bodies.

    In a title-case headline every word is capitalised, so a headline gives only
    the words that are capitalised mid-word or follow a title.
    """
    ws = words(text)
    capitalised = [w for w in ws if w[:1].isupper()]
    title_case = len(ws) > 3 and len(capitalised) >= 0.6 * len(ws)
    found = set()
    for i, w in enumerate(ws):
        if not w[:1].isupper() or w.lower() in NOT_NAMES or w.lower() in STOPWORDS or _NUMBER.match(w):
            continue
        if i == 0 and not (len(ws) > 1 and ws[1][:1].isupper()):
            continue
        if title_case and not (i > 0 and ws[i - 1].lower() in TITLES):
            continue
        found.add(w.lower().replace("-", " ").split()[0] if "-" in w else w.lower().removesuffix("'s"))
    return frozenset(found)


def people(text: str) -> frozenset[str]:
    """Named people: capitalised words after a title ("Governor Elena Marsh") or a full name
    before a reporting verb ("Rafael Quinn said"). Capitalised pairs alone are not enough:
    "Nazi Germany" and "Soviet Union" are not people."""
    ws = words(text)
    found = set()
    for i, w in enumerate(ws):
        if w.lower() not in TITLES:
            continue
        for name in ws[i + 1:i + 4]:
            if not name[:1].isupper() or name.lower() in NOT_NAMES:
                break
            found.add(name.lower().removesuffix("'s"))
    # A full name before the verb: "Rafael Quinn said". One word ("Moscow accuses") is as
    # often a capital or an institution as a person.
    for i, w in enumerate(ws[2:], 2):
        first, last = ws[i - 2], ws[i - 1]
        if w.lower() in REPORTING_VERBS and first[:1].isupper() and last[:1].isupper() and (
            first.lower() not in NOT_NAMES and last.lower() not in NOT_NAMES
        ):
            found.update((first.lower(), last.lower()))
    return frozenset(found)


def speakers(text: str) -> frozenset[str]:
    """Who the sentence quotes: named people, and the subject of a reporting verb near the start
    ("Fire officials said ...") or the words after "according to". Lower-cased words."""
    ws = words(text)
    found = set(people(text))
    lowered = [w.lower() for w in ws]
    for i, w in enumerate(lowered[:6]):
        if w in REPORTING_VERBS:
            found.update(x for x in lowered[:i] if x not in STOPWORDS)
            break
    if "according" in lowered:
        i = lowered.index("according")
        if i + 1 < len(lowered) and lowered[i + 1] == "to":
            found.update(x for x in lowered[i + 2:] if x not in STOPWORDS)
    # '..., Governor Elena Marsh told reporters.': a capitalised name right before a closing verb.
    for i, w in enumerate(lowered[1:], 1):
        if w in REPORTING_VERBS and ws[i - 1][:1].isupper() and i >= len(ws) - 3:
            found.add(lowered[i - 1].removesuffix("'s"))
    return frozenset(w.removesuffix("'s") for w in found if w not in TITLES)


def remainder(text: str, drop: frozenset[str]) -> str:
    """The sentence without the words in ``drop``, titles and reporting verbs: what is said, not who says it."""
    ws = words(text)
    # "... told reporters." / "told parliament.": the audience, not the subject.
    if len(ws) >= 2 and ws[-2].lower() in ("told", "tells"):
        ws = ws[:-1]
    kept = [
        w for w in ws
        if w.lower().removesuffix("'s") not in drop and w.lower() not in TITLES and not ATTRIBUTION.fullmatch(w)
    ]
    return " ".join(kept)


def attribution(text: str) -> str | None:
    """The reporting verb that makes the sentence someone's claim, or None if it is stated as fact."""
    match = ATTRIBUTION.search(normalise(text))
    if match:
        return match.group(0).lower()
    if '"' in normalise(text):
        return "quoted"
    return None


def _is_year(value: str) -> bool:
    return value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100


def _canonical_number(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() else repr(number)


def names_in_article(body: str) -> frozenset[str]:
    found = set()
    for line in body.splitlines():
        found |= names(line)
    return frozenset(found)
