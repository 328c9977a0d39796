"""Word-level differences between two tellings of a claim, for the wording-drift view.

Besides the changed words, ``marks`` says which kinds of change a fact-checker
must look at: a number, a date, a named person, or the attribution (a claim
reported as someone's, "Moscow accuses", in one telling and stated as fact in
the other). ``drift`` gives the pair its label: "wording only" when numbers,
dates, names and attribution all agree, else the kinds that differ; it is only
asked of a linked or a suggested pair, so that two unrelated claims that share
no number, date or name are never called the same claim in other words.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from . import POSSIBLE_RELATION, SAME_RELATION
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


DRIFT_KINDS = ("numbers", "dates", "names", "attribution")
WORDING_ONLY = "wording only"
# "Korea" / "Korean", "Russia" / "Russian", "Ukraine" / "Ukrainian": a country and its adjective.
_DEMONYM_PREFIX = 5


@dataclass(frozen=True)
class Drift:
    differs: tuple[str, ...]  # the kinds of DRIFT_KINDS that differ, in that order

    @property
    def wording_only(self) -> bool:
        return not self.differs

    @property
    def label(self) -> str:
        return WORDING_ONLY if not self.differs else ", ".join(self.differs) + " differ"


def drift(a: str, b: str, *, relation: str | None, article_a: str | None = None,
          article_b: str | None = None) -> Drift:
    """What changed between two tellings of a claim beyond the wording.

    ``relation`` is the pair's (``same`` for a link or a confirmed suggestion, ``possible`` for a
    suggestion the panel shows): any other pair is refused, since four agreeing kinds say nothing
    about two claims that were never matched. ``article_a``/``article_b`` are the articles' texts:
    a word the article capitalises inside a sentence is a name at the start of one too ("Kim said")
    and in a title-case headline, where capitals mark nothing.
    """
    if relation not in (SAME_RELATION, POSSIBLE_RELATION):
        raise ValueError("drift is only computed for a linked or a suggested pair")
    differs = []
    if not _quantities_agree(features.numbers(a), features.numbers(b)):
        differs.append("numbers")
    if features.dates(a) != features.dates(b) or features.weekdays(a) != features.weekdays(b):
        differs.append("dates")
    if not _names_agree(a, _names(a, article_a), b, _names(b, article_b)):
        differs.append("names")
    if not _attribution_agrees(a, b):
        differs.append("attribution")
    return Drift(differs=tuple(differs))


def _quantities_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Every figure of each side is stated by the other ("more than 300" and 312 agree)."""
    return all(any(features.quantities_agree(x, y) for y in b) for x in a) and all(
        any(features.quantities_agree(y, x) for x in a) for y in b)


def _names(text: str, article: str | None) -> frozenset[str]:
    found = set(features.names(text))
    if article is not None:
        known = _article_names(article)
        found.update(w.lower().removesuffix("'s") for w in features.words(text)
                     if w[:1].isupper() and w.lower().removesuffix("'s") in known)
    parts = set()
    for name in found:
        parts.update(part for part in re.split(r"[-\s]+", name) if part)
    return frozenset(parts)


_MID_SENTENCE_CAPITAL = re.compile(r"(?<![.!?\"“”‘'\n])(?<![.!?\"“”‘']\s)(?<!^)\b([A-Z][\w'’-]*)", re.MULTILINE)


@lru_cache(maxsize=256)
def _article_names(body: str) -> frozenset[str]:
    """Words the article capitalises inside a sentence, outside title-case lines (headlines)."""
    found = set()
    for line in body.splitlines():
        words = features.words(line)
        if len(words) > 3 and sum(w[:1].isupper() for w in words) >= 0.6 * len(words):
            continue
        for match in _MID_SENTENCE_CAPITAL.finditer(features.normalise(line)):
            word = match.group(1).lower().replace("’", "'").removesuffix("'s")
            if word not in features.NOT_NAMES and word not in features.STOPWORDS:
                found.add(word)
    return frozenset(found)


def _names_agree(text_a: str, a: frozenset[str], text_b: str, b: frozenset[str]) -> bool:
    """Every name of each side is named by the other, but for a first name before a name both
    give ("Governor Elena Marsh said" / "Marsh told reporters")."""
    return _named_by(text_a, a, b) and _named_by(text_b, b, a)


def _named_by(text: str, names: frozenset[str], other: frozenset[str]) -> bool:
    missing = {x for x in names if not any(_same_name(x, y) for y in other)}
    if not missing:
        return True
    words = [part.lower().removesuffix("'s") for w in features.words(text) for part in re.split(r"-", w) if part]
    shared = names - missing
    return all(any(w == x and _leads_to_shared(words, i + 1, shared, missing) for i, w in enumerate(words))
               for x in missing)


def _leads_to_shared(words: list[str], i: int, shared: set, missing: set) -> bool:
    """From ``words[i]`` on, the run of names ends in one both sides give ("Elena Marsh", "Ola B. Berg")."""
    while i < len(words) and words[i] in missing:
        i += 1
    return i < len(words) and words[i] in shared


def _same_name(x: str, y: str) -> bool:
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    common = 0
    for p, q in zip(shorter, longer, strict=False):
        if p != q:
            break
        common += 1
    return common >= _DEMONYM_PREFIX and common >= len(shorter) - 1


def _attribution_agrees(a: str, b: str) -> bool:
    """Both stated as fact, or both reported and, where both name a source, one source in common."""
    said_a, said_b = features.attribution(a) is not None, features.attribution(b) is not None
    if said_a != said_b:
        return False
    if not said_a:
        return True
    source_a, source_b = _source(a), _source(b)
    if bool(source_a) != bool(source_b):
        return False
    return not source_a or bool(source_a & source_b)


def _source(text: str) -> frozenset[str]:
    """Who the claim is attributed to: the words after "according to", else the speaker before the
    reporting verb ("Moscow accuses", "The North's state media reported") or after it ("said Kim")."""
    normal = features.normalise(text)
    match = features.ATTRIBUTION.search(normal)
    if match is None:
        return frozenset()
    if match.group(0).lower() == "according to":
        words = _clause(normal[match.end():], forward=True)
    else:
        words = _clause(normal[:match.start()], forward=False) or _clause(normal[match.end():], forward=True)
    return frozenset(w.lower().removesuffix("'s") for w in words
                     if w.lower() not in features.STOPWORDS and w.lower() not in features.TITLES)


def _clause(text: str, *, forward: bool) -> list[str]:
    """Up to five words next to the verb, within its clause (up to a comma, a quote or a full stop)."""
    parts = re.split(r"[,;:\"“”.!?]", text)
    clause = parts[0] if forward else parts[-1]
    words = features.words(clause)
    return words[:5] if forward else words[-5:]
