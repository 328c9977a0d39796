"""Words and punctuation with their offsets, and the masking of quoted text.

Tokens keep exact offsets into the article so that every evidence span can be
cut out of the text as given. Abbreviations with full stops ("U.S.", "Dr.")
are one token; a possessive ending ("Russia's", "Reyes's", "unions'") stays
on its word and is flagged.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(
    r"(?P<abbr>(?:[A-Za-z]\.){2,})"
    r"|(?P<word>[^\W\d_](?:[\w’'\-]*[^\W_])?(?:[’']s?)?\.?)"
    r"|(?P<num>\d+(?:[.,:]\d+)*%?(?:-[A-Za-z]+(?:-[A-Za-z]+)*)?)"
    r"|(?P<punct>[^\s\w])"
)
# A full stop that belongs to the word (an abbreviation), not the sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col capt sgt det insp supt st jr sr no inc corp ltd co "
    "messrs rev hon maj adm cmdr brig pres amb atty".split()
)
# "al-Qudra", "bin-Salman", "van-Dyke": a name that starts with a lower-case particle.
_PARTICLE_NAME = re.compile(r"^(?:al|el|ad|ash|as|az|ibn|bin|abu|van|von|de|da|di|du|le|la)-[A-Z]")
_QUOTE_MARK = re.compile('[“”"]')
_SINGLE_QUOTE = re.compile(r"(?<![\w’])‘[^‘\n]*?’(?![\w])")
_NOT_SPACE = re.compile(r"\S")
OPEN_QUOTES = "“‘«\""
CLOSE_QUOTES = "”’»\""


class Token:
    """A word, number or punctuation mark; its word properties are worked out when it is made (once for
    each distinct word: see ``_word_properties``)."""

    __slots__ = ("text", "start", "end", "kind", "bare", "lower", "possessive", "cap", "acronym")

    def __init__(self, text: str, start: int, end: int, kind: str) -> None:
        self.text, self.start, self.end, self.kind = text, start, end, kind
        # ``bare`` is the word without a possessive ending.
        self.bare, self.lower, self.possessive, self.cap, self.acronym = _word_properties(text, kind)

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {self.kind!r})"


@lru_cache(maxsize=1 << 14)
def _word_properties(text: str, kind: str) -> tuple[str, str, bool, bool, bool]:
    """(bare, lower, possessive, cap, acronym) of a token. Cached: they depend on the text alone, and
    most tokens of an article ("the", "said", its names) are words it has already seen."""
    if kind != "word":
        return text, text.lower(), False, False, False
    bare, possessive = text, False
    last = text[-1]
    if last in "s’'" and len(text) > 2:
        if text[-2] in "’'" and last == "s":
            bare, possessive = text[:-2], True
        elif last in "’'" and text[-2] == "s":
            bare, possessive = text[:-1], True
    cap = text[0].isupper() or ("-" in text and bool(_PARTICLE_NAME.match(text)))
    acronym = False
    if cap and len(bare) > 1 and (bare[1].isupper() or bare[1] == "."):
        letters = bare.replace(".", "")
        acronym = len(letters) >= 2 and letters.isupper() and letters.isalpha()
    return bare, bare.lower(), possessive, cap, acronym


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    tokens = []
    for match in _TOKEN.finditer(text, start, end):
        kind = match.lastgroup
        s, match_end = match.span()
        value = match.group()
        if kind == "word" and value[-1] in ".’'":
            word = _without_trailing_marks(value)
            if len(word) < len(value):  # a full stop or apostrophe to split off
                e = s + len(word)
                tokens.append(Token(word, s, e, "word"))
                tokens.append(Token(value[len(word):], e, match_end, "punct"))
                continue
        elif kind == "abbr":
            kind = "word"
        tokens.append(Token(value, s, match_end, kind))
    return tokens


def _without_trailing_marks(value: str) -> str:
    """A matched word without a sentence's full stop or a closing quotation mark."""
    if value.endswith(".") and value[:-1].lower() not in _ABBREVIATIONS and not _is_initial(value):
        value = value[:-1]
    if value.endswith(("’", "'")) and not value[:-1].endswith("s"):
        value = value[:-1]
    return value


def _is_initial(value: str) -> bool:
    return len(value) == 2 and value[0].isupper()


def quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations, the close exclusive of the closing mark.

    Curly double quotes pair up; straight double quotes alternate within a
    paragraph. A quotation still open at the end of its paragraph ends there
    (the news convention: the next paragraph reopens it).
    """
    spans = []
    for p_start, p_end in paragraphs:
        opened, closer = None, ""
        for match in _QUOTE_MARK.finditer(text, p_start, p_end):
            char, i = match.group(), match.start()
            if opened is None:
                if char != "”":
                    opened, closer = i, "”" if char == "“" else '"'
            elif char == closer:
                spans.append((opened, i + 1))
                opened = None
        if opened is not None:
            spans.append((opened, p_end))
        doubles = list(spans)
        # A ‘single’ quotation inside a double one is masked with it; only those outside count.
        spans += [q for q in _single_quotes(text, p_start, p_end)
                  if not any(s < q[1] and q[0] < e for s, e in doubles)]
    return sorted(spans)


def _single_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """‘…’ pairs: the opening mark at a word start, the closing one not followed by a letter (so the
    apostrophes of "Korea’s" and "don’t" never close a quotation)."""
    spans = []
    for match in _SINGLE_QUOTE.finditer(text, start, end):
        spans.append(match.span())
    return spans


def mask_quotes(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with everything inside quotation marks blanked out (offsets kept)."""
    if not spans:
        return text
    parts, last = [], 0
    for s, e in spans:
        inner_start, inner_end = s + 1, e - 1 if text[e - 1] in CLOSE_QUOTES else e
        parts.append(text[last:inner_start])
        parts.append(_NOT_SPACE.sub("_", text[inner_start:inner_end]))
        last = inner_end
    parts.append(text[last:])
    return "".join(parts)
