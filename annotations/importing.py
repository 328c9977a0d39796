"""Reading article files: bytes -> text -> title and metadata. No ORM here.

The body is always the decoded text verbatim; everything found here (title,
source, URL, date) is read from it, never cut out of it, so claim offsets refer
to the original file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

from annotations.splitting.boilerplate import is_boilerplate

ARTICLE_SUFFIXES = (".txt", ".md")

_SOURCE_LINE = re.compile(r"^\s*(?:original\s+)?source\s*:\s*(?P<value>\S.{0,190}?)\s*$", re.IGNORECASE | re.MULTILINE)
_URL_LINE = re.compile(r"^\s*(?:url|link|canonical)\s*:\s*(?P<value>https?://\S+)\s*$", re.IGNORECASE | re.MULTILINE)
_DATE_LINE = re.compile(
    r"^\s*(?:published|date|posted)(?:\s+on)?\s*:\s*(?P<value>.{6,40}?)\s*$", re.IGNORECASE | re.MULTILINE
)
_HEADLINE_MAX_WORDS = 25
_HEADLINE_MAX_CHARS = 200
_DERIVED_TITLE_CHARS = 120


class ArticleFileError(ValueError):
    """A file that cannot become an article; the message says why, for a person."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    title_derived: bool
    body: str
    source: str = ""
    url: str = ""
    published_on: dt.date | None = None


def decode_article_bytes(data: bytes, encoding: str | None = None) -> str:
    """Decode a file's bytes, refusing binaries and undeclared non-UTF-8 text."""
    if not data.strip():
        raise ArticleFileError("the file is empty")
    if encoding is None:
        boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
        for bom, name in boms:
            if data.startswith(bom):
                encoding = name
                break
    if b"\x00" in data and encoding not in ("utf-16",):
        raise ArticleFileError("the file looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(
            f"the file is not valid {encoding or 'UTF-8'} (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "convert it to UTF-8 or pass --encoding (for example --encoding cp1252)"
        ) from None
    except LookupError:
        raise ArticleFileError(f"unknown encoding {encoding!r}") from None
    if not text.strip():
        raise ArticleFileError("the file has no text")
    return text


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(words) <= _HEADLINE_MAX_WORDS
        and len(line) <= _HEADLINE_MAX_CHARS
        and not line.endswith((".", ",", ";", ":"))
        and not _SOURCE_LINE.match(line)
    )


def find_headline(text: str) -> str | None:
    """The first line that reads as a headline, skipping page chrome above it.

    Stops at the first paragraph of prose: text that opens with its lead has
    no headline, and a later short line is more likely a caption.
    """
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip()
        # The splitter's own test for page furniture, so that the title and
        # the claims agree on what is chrome ("Home » Health", "Skip to main content").
        if not line or len(line.split()) < 3 or is_boilerplate(line):
            continue
        return line if _looks_like_headline(line) else None
    return None


def derive_title(text: str) -> str:
    """A title made from the lead paragraph, for texts without a headline."""
    lead = next((line.strip() for line in text.splitlines()
                 if len(line.split()) >= 3 and not is_boilerplate(line)), text.strip())
    first_sentence = re.split(r"(?<=[.!?])\s+", lead, maxsplit=1)[0]
    if len(first_sentence) <= _DERIVED_TITLE_CHARS:
        return first_sentence.rstrip(".")
    cut = first_sentence[:_DERIVED_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _parse_date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_article_text(text: str) -> ParsedArticle:
    headline = find_headline(text)
    source = _SOURCE_LINE.search(text)
    url = _URL_LINE.search(text)
    date = _DATE_LINE.search(text)
    return ParsedArticle(
        title=headline or derive_title(text),
        title_derived=headline is None,
        body=text,
        source=source.group("value") if source else "",
        url=url.group("value") if url else "",
        published_on=_parse_date(date.group("value")) if date else None,
    )
