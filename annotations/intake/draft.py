"""What intake hands the app: an article's text and metadata, not yet saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from annotations.importing import parse_article_text

from .identity import canonical_url, content_hash


@dataclass(frozen=True)
class ArticleDraft:
    """An article ready to be created.

    ``body`` is plain text, never markup, with paragraphs on their own lines
    (separated by blank lines when they come from a web page or a Word file), so
    the splitter's line rules see one paragraph, heading or caption per line.
    ``title`` comes separately; a body from a web page does not repeat it.
    """

    body: str
    title: str
    title_derived: bool = False
    author: str = ""
    site_name: str = ""
    published_on: dt.date | None = None
    url: str = ""  # canonical_url() form: the key for "have we imported this page before?"
    language: str = ""  # primary language subtag ("en", "fr"); "" when the page does not say
    description: str = ""

    @property
    def content_hash(self) -> str:
        return content_hash(self.body)


def draft_from_text(text: str, *, url: str = "") -> ArticleDraft:
    """A draft from plain text (a .txt/.md file, a paste, a text/plain page): the body stays verbatim."""
    parsed = parse_article_text(text)
    return ArticleDraft(
        body=parsed.body, title=parsed.title, title_derived=parsed.title_derived, site_name=parsed.source,
        published_on=parsed.published_on, url=canonical_url(url or parsed.url),
    )
