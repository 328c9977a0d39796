"""Line-aware sentence segmentation with exact offsets.

Lines first: headlines, captions and page chrome sit on their own lines, and
no candidate may cross a line break. Inside a line a single regular-expression
pass finds terminator clusters, and a few rules (abbreviations, initials,
ellipses, quotations followed by their attribution, numbered lists) decide
which of them end a sentence. This was chosen over pysbd, sentencex,
blingfire, syntok and Punkt by measurement; see docs/splitting.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Every character str.splitlines() treats as a line break.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")

# A run of terminators (a spaced ". . ." counts as one run), its closing
# quotes/brackets, then the whitespace that must follow a boundary.
_CLUSTER = re.compile(r"[.!?…](?: ?[.!?…])*[\"'”’»)\]]*(?=\s)")
_OPENERS = "\"'“‘«([¿¡"
CLOSERS = "\"'”’»)]"

# Never end a sentence: titles and other words that precede what they modify.
_PREPOSITIVE = frozenset(
    "mr mrs ms mx dr prof gen col lt sgt capt cmdr cpl adm maj brig gov sen rep rev hon "
    "st mt ft pres supt det insp messrs mme mlle sr sra fr pvt amb atty rt "
    "vs v fig figs sec art op vol ch pt no nos n° nr approx ca cf pp p ed eds".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# End a sentence only when a typical sentence opener follows.
_POSTPOSITIVE = frozenset("inc ltd co corp jr sr bros llc plc etc al ave blvd rd esq".split())
_OPENER_WORDS = frozenset(
    "a an the he she it they we i you his her its their our my this that these those there "
    "how what why when where who which but and or so yet if in on at as for from by with "
    "after before while meanwhile however also then still now mr mrs ms dr".split()
)
_MULTI_PERIOD = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?$")
_SPEECH_VERBS = (
    r"said|says|told|added|stated|asked|wrote|replied|declared|insisted|warned|noted|"
    r"explained|tweeted|posted|argued|claimed|continued|announced|responded|recalled|"
    r"cautioned|conceded|admitted|acknowledged|emphasized|emphasised|stressed|quipped"
)
# ”Kim said.” / ” said Kim.” / ”, the minister told reporters.” after a closing quote.
_ATTRIBUTION_AFTER = re.compile(
    rf"(?:(?:[A-Z][\w’'.-]*|the|a|an|of|[a-z]+’s)\s+){{1,5}}(?:{_SPEECH_VERBS})\b"
    rf"|(?:{_SPEECH_VERBS})\s+(?:[A-Z]|the\b|a\b)"
)
_LIST_MARKERS = (
    re.compile(r"(\d{1,3})\.\)(?=\s)"),
    re.compile(r"(\d{1,3})\)(?=\s)"),
    re.compile(r"(?:•\s?)?(\d{1,3})\.(?=\s)"),
    re.compile(r"⁃(\d{1,3})\.(?=\s)"),
    re.compile(r"([a-z])\.(?=\s)"),
)


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line, trimmed of surrounding whitespace."""
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, which must hold no line break."""
    end = len(text) if end is None else end
    line = text[start:end]
    starts = _sentence_starts(line)
    bounds = [*starts, len(line)]
    spans = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        while right > left and line[right - 1].isspace():
            right -= 1
        if right > left:
            spans.append((start + left, start + right))
    return spans


def split_sentences(text: str) -> list[str]:
    """Convenience for evaluation: the sentences of ``text``, line-aware."""
    return [text[s:e] for ls, le in line_spans(text) for s, e in sentence_spans(text, ls, le)]


def _sentence_starts(line: str) -> list[int]:
    starts = {0}
    list_marker_ends = set()
    for marker_start, marker_end in _list_items(line):
        starts.add(marker_start)
        list_marker_ends.add(marker_end)
    for match in _CLUSTER.finditer(line):
        if match.end() in list_marker_ends:
            continue
        boundary = _boundary_after(line, match)
        if boundary is not None:
            nxt = boundary
            while nxt < len(line) and line[nxt].isspace():
                nxt += 1
            if nxt < len(line):
                starts.add(nxt)
    return sorted(starts)


def _boundary_after(line: str, match: re.Match) -> int | None:
    """Where the sentence ends if this terminator cluster ends one, else None."""
    cluster = match.group().rstrip(CLOSERS)
    before = line[: match.start()]
    after = line[match.end():].lstrip()
    if not after or before.endswith("["):
        return None
    dots = cluster.count(".") + 3 * cluster.count("…")
    if dots >= 3 and not any(c in cluster for c in "!?"):
        return _ellipsis_boundary(line, match, cluster, dots, after)
    if not _opens_sentence(after):
        return None
    if match.group().endswith(tuple(CLOSERS[:4])) and _ATTRIBUTION_AFTER.match(after):
        return None
    if cluster[0] == "." and len(cluster) == 1 and not _period_ends(before, after):
        return None
    return match.end()


def _ellipsis_boundary(line, match, cluster, dots, after) -> int | None:
    # A three-dot ellipsis marks an omission, not an end; four dots are an
    # ellipsis plus a full stop. "word. . . . Next": the period on the word ends
    # the sentence and the spaced ellipsis opens the next one.
    if dots < 4 or not after[:1].isupper():
        return None
    attached = match.start() > 0 and not line[match.start() - 1].isspace()
    if attached and cluster.startswith(". "):
        return match.start() + 1
    return match.end()


def _opens_sentence(after: str) -> bool:
    first = after.lstrip(_OPENERS)[:1]
    return first.isupper() or first.isdigit() or (first == "" and after[:1] in _OPENERS)


def _period_ends(before: str, after: str) -> bool:
    """Decide a single full stop followed by a capital or digit."""
    word = before.rsplit(None, 1)[-1].lstrip(_OPENERS) if before.strip() else ""
    key = word.lower()
    next_word = re.match(r"[\w’'-]*", after.lstrip(_OPENERS)).group()
    starter = next_word.lower() in _OPENER_WORDS
    if key in _PREPOSITIVE:
        return False
    if key in _MONTHS:
        return not next_word[:1].isdigit()
    if key in _POSTPOSITIVE:
        return starter
    if len(word) == 1 and word.isalpha():
        return _single_letter_ends(word, before)
    if _MULTI_PERIOD.match(word):
        return starter
    return True


def _single_letter_ends(letter: str, before: str) -> bool:
    # "Jonas E. Smith" is an initial; "you and I. Did" ends a sentence.
    if letter != "I":
        return False
    previous = before.rstrip()[:-1].rsplit(None, 1)
    return bool(previous) and previous[-1][:1].islower()


def _list_items(line: str) -> list[tuple[int, int]]:
    """(start, end) of each list marker after the first, if the line is a list."""
    for pattern in _LIST_MARKERS:
        first = pattern.match(line)
        if not first:
            continue
        expected = _successor(first.group(1))
        items = []
        for match in pattern.finditer(line, first.end()):
            if match.group(1) != expected or not line[match.start() - 1].isspace():
                continue
            items.append(match.span())
            expected = _successor(expected)
        if items:
            return [(first.start(), first.end()), *items]
    return []


def _successor(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
