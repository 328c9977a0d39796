"""Text -> candidate claims, in pure Python (no Django imports).

The one entry point is :func:`split_text`. Offsets are Python string indices
(code points) into the text exactly as given, so ``text[c.start:c.end] == c.text``
always holds and a candidate never crosses a line break.

The Celery job stores ``SPLITTER_VERSION`` with each article; changing the
version makes the job re-split articles (keeping claims that carry reviewer work).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

SPLITTER_VERSION = "0.1-lines"

KIND_CLAIM = "claim"
KIND_BOILERPLATE = "boilerplate"
CLAIM_TYPES = ("event", "quantity", "quote", "attribution", "causal", "opinion", "other")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    text: str
    kind: str = KIND_CLAIM
    checkworthiness: float = 0.5
    checkworthy: bool = True
    claim_type: str = "other"

    def as_dict(self) -> dict:
        return asdict(self)


# A full stop after one of these does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep pres st jr sr inc ltd co corp "
    "no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m".split()
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_BOILERPLATE_LINE = re.compile(
    r"^(join us|leave a reply|also read\b.*|\[end of article\]|original source:.*|source:.*|"
    r"your email address will not be published.*|advertisement|share this.*|\d{1,3})$",
    re.IGNORECASE,
)


def _lines(text: str):
    """Yield (start, end) of each non-blank line, trimmed of surrounding whitespace."""
    for match in re.finditer(r"[^\r\n]+", text):
        start, end = match.span()
        segment = match.group()
        stripped_left = len(segment) - len(segment.lstrip())
        stripped_right = len(segment) - len(segment.rstrip())
        if end - stripped_right > start + stripped_left:
            yield start + stripped_left, end - stripped_right


def _sentences(text: str, start: int, end: int):
    """Yield sentence spans inside text[start:end] (one line)."""
    line = text[start:end]
    cursor = 0
    for match in _SENTENCE_END.finditer(line):
        word = line[:match.start()].rsplit(None, 1)[-1] if line[:match.start()].strip() else ""
        if word.lower().rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word):
            continue
        yield start + cursor, start + match.end()
        cursor = match.end()
        while cursor < len(line) and line[cursor].isspace():
            cursor += 1
    if cursor < len(line):
        yield start + cursor, end


def split_text(text: str) -> list[Candidate]:
    """Split ``text`` into ordered candidates with exact offsets.

    Line-aware first (headlines, captions and page chrome sit on their own
    lines), then sentences within each line.
    """
    candidates = []
    for line_start, line_end in _lines(text):
        if _BOILERPLATE_LINE.match(text[line_start:line_end]):
            candidates.append(
                Candidate(line_start, line_end, text[line_start:line_end],
                          kind=KIND_BOILERPLATE, checkworthiness=0.0, checkworthy=False)
            )
            continue
        for start, end in _sentences(text, line_start, line_end):
            candidates.append(Candidate(start, end, text[start:end]))
    return candidates
