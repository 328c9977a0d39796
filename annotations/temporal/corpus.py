"""Readers for labelled temporal expressions: the project's news set and TimeML files.

Both give :class:`Document` objects: the clean text, its creation date and the
gold expressions with offsets into that text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NEWS_PARTS = {"dev": DATA_DIR / "news_dates_dev.txt", "heldout": DATA_DIR / "news_dates_heldout.txt"}


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class Document:
    name: str
    dct: dt.date | None
    text: str
    gold: list[Gold] = field(default_factory=list)


_HEADER = re.compile(r"^# doc: (?P<name>\S+) dct=(?P<dct>\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)
_MARK = re.compile(r"\[\[(?P<text>[^|\]]+)\|(?P<type>DATE|TIME|DURATION|SET)\|(?P<value>[^\]]*)\]\]")


def news_set(part: str) -> list[Document]:
    """The hand-labelled news articles of one part ("dev" or "heldout"); see data/news_dates.md."""
    return parse_marked(NEWS_PARTS[part].read_text(encoding="utf-8"))


def parse_marked(source: str) -> list[Document]:
    headers = list(_HEADER.finditer(source))
    docs = []
    for i, header in enumerate(headers):
        body_end = headers[i + 1].start() if i + 1 < len(headers) else len(source)
        body = source[header.end():body_end].strip("\n")
        docs.append(_strip_marks(header["name"], dt.date.fromisoformat(header["dct"]), body))
    return docs


def _strip_marks(name: str, dct: dt.date, body: str) -> Document:
    text, gold, pos = [], [], 0
    length = 0
    for mark in _MARK.finditer(body):
        chunk = body[pos:mark.start()]
        text.append(chunk)
        length += len(chunk)
        gold.append(Gold(length, length + len(mark["text"]), mark["text"], mark["type"], mark["value"]))
        text.append(mark["text"])
        length += len(mark["text"])
        pos = mark.end()
    text.append(body[pos:])
    return Document(name, dct, "".join(text), gold)


_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def timeml_file(path: Path) -> Document:
    """One TimeML (.tml) file: the text inside <TEXT>, its TIMEX3s, and the DCT's value."""
    source = path.read_text(encoding="utf-8")
    dct = None
    dct_block = re.search(r"<DCT>(.*?)</DCT>", source, re.DOTALL)
    if dct_block:
        value = dict(_ATTR.findall(dct_block.group(1))).get("value", "")
        if re.match(r"\d{4}-\d{2}-\d{2}", value):
            dct = dt.date.fromisoformat(value[:10])
    body = re.search(r"<TEXT>(.*?)</TEXT>", source, re.DOTALL)
    return _strip_tags(path.stem, dct, body.group(1) if body else "")


def _strip_tags(name: str, dct: dt.date | None, body: str) -> Document:
    out, gold, length, pos, open_timex = [], [], 0, 0, None
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[pos:tag.start()])
        out.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name_ = tag.group(1), tag.group(2).upper()
        if name_ != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            surface = "".join(out)[start:length]
            gold.append(Gold(start, length, surface, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return Document(name, dct, "".join(out), gold)


def timeml_dir(path: Path) -> list[Document]:
    """Every .tml file under ``path`` (or ``path`` itself when it is a file), sorted by name."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    return [timeml_file(f) for f in files]
