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


def numbers(text: str) -> frozenset[str]:
    """Numbers and ordinals, digits or words, without years (those are dates)."""
    found = set()
    previous = ""
    for w in words(text):
        low, previous = w.lower(), previous
        if previous in MONTHS:  # "September 3" is a date, not a count
            previous = low
            continue
        previous = low
        if _NUMBER.match(low):
            value = re.sub(r"(st|nd|rd|th|s)$", "", low).replace(",", "")
            if not _is_year(value):
                found.add(_canonical_number(value))
        elif low in NUMBER_WORDS:
            found.add(str(NUMBER_WORDS[low]))
    return frozenset(found)


def dates(text: str) -> frozenset[str]:
    """Explicit dates: years, months, month-day. Weekdays and "this week" are too vague to contradict."""
    found = set()
    ws = [w.lower() for w in words(text)]
    for i, w in enumerate(ws):
        if w.isdigit() and _is_year(w):
            found.add(w)
        elif w in MONTHS:
            # "May" is also a verb; only a capitalised May next to a number or "in" counts.
            if w == "may" and not (i + 1 < len(ws) and ws[i + 1].isdigit()):
                continue
            found.add(f"m{MONTHS[w]}")
            if i + 1 < len(ws) and ws[i + 1].isdigit() and int(ws[i + 1]) <= 31:
                found.add(f"m{MONTHS[w]}d{int(ws[i + 1])}")
    return frozenset(found)


def weekdays(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words(text) if w.lower() in WEEKDAYS)


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
