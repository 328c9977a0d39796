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

from . import words

# Every character str.splitlines() treats as a line break.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")

# A run of terminators (a spaced ". . ." counts as one run), its closing
# quotes/brackets, then the whitespace that must follow a boundary.
_CLUSTER = re.compile(r"[.!?…](?: ?[.!?…])*[\"'”’»)\]]*(?=\s)")
_OPENERS = "\"'“‘«([¿¡"
CLOSERS = "\"'”’»)]"
_QUOTES = tuple("\"'”’»")

_MULTI_PERIOD = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?$")
_POSSESSIVE = re.compile(r"[’']s?$")
# The speaker of an attribution after a closing quote: a pronoun, a determiner
# and a few words that are no verb ("The foreign minister"), or a capitalised
# run ("Gov. Mark Delaney"); then the verb.
_SPEAKER = (
    r"(?:He|She|They|We|I|It"
    r"|(?:The|A|An|His|Her|Their|Its|Our|One|Another)(?:\s+(?!(?:is|are|was|were|has|had|have|will|would)\b)"
    r"(?![\w’'.-]*ed\b)[\w’'.-]+){1,4}?"
    r"|[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*){0,4})"
)
_ATTRIBUTION = re.compile(
    rf"{_SPEAKER}\s+(?:(?:later|then|also)\s+)?(?P<verb>{'|'.join(words.SPEECH_VERBS)})\b")
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
    current = 0
    for match in _CLUSTER.finditer(line):
        if match.end() in list_marker_ends:
            continue
        boundary = _boundary_after(line, match, current)
        if boundary is not None:
            nxt = boundary
            while nxt < len(line) and line[nxt].isspace():
                nxt += 1
            if nxt < len(line):
                starts.add(nxt)
                current = nxt
    return sorted(starts)


def _boundary_after(line: str, match: re.Match, sentence_start: int) -> int | None:
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
    if match.group().endswith(_QUOTES):
        # Terminators inside a closing quote end the quoted sentence, an
        # abbreviation's full stop included; only an attribution continues it.
        return None if _attribution(after, cluster) else match.end()
    if cluster[0] == "." and len(cluster) == 1 and not _period_ends(before, after, sentence_start):
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


def _period_ends(before: str, after: str, sentence_start: int) -> bool:
    """Decide a single full stop followed by a capital or digit."""
    word = before.rsplit(None, 1)[-1].lstrip(_OPENERS) if before.strip() else ""
    key = word.lower()
    next_word = re.match(r"[\w’'-]*", after.lstrip(_OPENERS)).group()
    starter = next_word.lower() in words.OPENER_WORDS
    if key == "st":
        # "St. Louis", "St. Paul wrote"; only a pronoun or article ends "Grand St."
        return next_word.lower() in words.ARTICLES_AND_PRONOUNS
    if key in words.PREPOSITIVE:
        return False
    if key in words.MONTHS:
        return not next_word[:1].isdigit()
    if key == "etc":
        return True
    if key in words.POSTPOSITIVE or key in words.DOTTED_FINAL:
        if _introductory(before[sentence_start:]):
            return False
        return starter or (not _title_before(before) and _starts_clause(after))
    if len(word) == 1 and word.isalpha():
        return _single_letter_ends(word, before)
    if _MULTI_PERIOD.match(word):
        return starter
    return True


def _introductory(sentence: str) -> bool:
    # "At 5 a.m. Mr. Smith went", "The U.S. China policy": a phrase of time or
    # place, or two words, has not reached its verb yet, so is no sentence.
    tokens = sentence.split()
    return len(tokens) <= 2 or (len(tokens) <= 4 and tokens[0].lower() in words.INTRODUCTORY)


def _title_before(before: str) -> bool:
    # "Ambassador to the U.N. Mike Waltz said": the name after the abbreviation
    # belongs to a title just before it.
    return any(token[:1].isupper() and token.lower() in words.PERSON_TITLES for token in before.split()[-4:-1])


def _starts_clause(after: str) -> bool:
    """Whether the words after a sentence-final abbreviation open a sentence of their own.

    They do when a capitalised run that is no title or institution ("Russia",
    "European", "Ford") is followed by its verb, at most two words on ("Russia
    called", "European regulators are"), or is a possessive ("Ukraine's foreign
    minister"); "U.S. President Trump said" and "the U.S. Senate voted" are one
    noun phrase.
    """
    tokens = after.split(None, 8)[:8]
    run = 0
    while run < len(tokens) and tokens[run][:1].isupper() and tokens[run][-1] not in ",;:":
        run += 1
    if not run or any(part in words.NOUN_PHRASE_HEADS for token in tokens[:run]
                      for part in _POSSESSIVE.sub("", token.rstrip(".")).lower().split("-")):
        return False
    if tokens[run - 1].endswith(("’s", "'s")):
        return True
    for token in tokens[run:run + 3]:
        verb = token.rstrip(".,;:").lower()
        if verb in words.FINITE_VERBS or (verb.endswith("ed") and len(verb) > 4):
            return True
        if not verb.isalpha() or verb != token:
            return False
    return False


def _attribution(after: str, terminators: str) -> bool:
    """Whether what follows a closing quote is its attribution ("Kovacs said.").

    After "?" or "!" a manner verb ("shouted", "asked") may take anything after
    it; otherwise the verb may be followed only by when, where or to whom, up to
    a full stop or a comma, else it reports a new clause ("Kim said the talks
    had failed."). A comma and a new quoted sentence ("He stated, “I express")
    start a sentence either way.
    """
    match = _ATTRIBUTION.match(after)
    if not match:
        return False
    rest = after[match.end():]
    tail = re.match(r"[^.,;:!?“”\"«»]*", rest).group()
    stop = rest[len(tail):len(tail) + 1]
    if stop in (",", ":") and _opens_quoted_sentence(rest[len(tail) + 1:]):
        return False
    if match.group("verb") in words.MANNER_VERBS and terminators[-1] in "?!":
        return True
    tokens = tail.split()
    return len(tokens) <= 12 and all(
        t[:1].isupper() or t[:1].isdigit() or t.lower() in words.ATTRIBUTION_TAIL for t in tokens)


def _opens_quoted_sentence(text: str) -> bool:
    text = text.lstrip()
    return text[:1] in "\"“‘'«" and text[1:2].isupper()


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
