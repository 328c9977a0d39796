"""A web page -> the article in it: plain text and metadata, never markup.

trafilatura finds the main text (it drops navigation, cookie banners, share
buttons, related links, newsletter boxes, comment forms and comments) and
reads title, author, site name and date from JSON-LD, OpenGraph and the page
(dates through htmldate, markup only: no guessing from the prose). The
canonical URL and the language are read here, because trafilatura prefers
``og:url`` over ``<link rel=canonical>``, skips a relative canonical link and
detects language only with an extra package.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin

from annotations.importing import derive_title, find_headline

from .charset import decode_web_bytes
from .draft import ArticleDraft, draft_from_text
from .errors import ExtractionError
from .fetch import FetchedPage
from .identity import canonical_url

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?=$|[-_])")
_SPACE = re.compile(r"\s+")
# Fewer words than this is a menu, a teaser or an error page, not an article.
_MIN_WORDS = 15
# The block elements of trafilatura's XML body; the containers hold other blocks.
_CONTAINER_TAGS = frozenset({"body", "list", "table", "quote", "div"})
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "code", "div"})


def extract_page(page: FetchedPage) -> ArticleDraft:
    """The article in a fetched page: HTML goes through extraction, plain text stays as it is."""
    if page.is_html:
        return extract_html(page.body, url=page.url, charset=page.charset)
    text = decode_web_bytes(page.body, page.charset, html=False)
    if not text.strip():
        raise ExtractionError(f"{page.url} is an empty text file.")
    return draft_from_text(text, url=page.url)


def extract_html(html: bytes | str, *, url: str = "", charset: str | None = None) -> ArticleDraft:
    """Extract the article from a page's HTML. ``url`` is where the page was read (resolves relative links)."""
    # Imported here: trafilatura and its date parsers take most of a second to
    # import, which every web and worker process would pay at start-up.
    import trafilatura

    if isinstance(html, bytes):
        html = decode_web_bytes(html, charset)
    tree = trafilatura.load_html(html) if html.strip() else None
    if tree is None:
        raise ExtractionError("The page is empty or is not HTML.")
    # Read before trafilatura, which prunes the tree it is given.
    page_canonical, language = _canonical_link(tree, url), _language(tree)
    document = trafilatura.bare_extraction(
        tree, url=url or None, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, include_formatting=False, deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    title = _clean(getattr(document, "title", None))
    paragraphs = _paragraphs(getattr(document, "body", None), title)
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    if words < _MIN_WORDS:
        found = f" (only {words} word{'s' if words > 1 else ''})" if words else ""
        raise ExtractionError(f"No article text was found on the page{found}: it may be a front page, "
                              "a page that needs JavaScript, or a page behind a login.")
    body = "\n\n".join(paragraphs)
    title_derived = not title
    if not title:
        title = find_headline(body) or derive_title(body)
    return ArticleDraft(
        body=body, title=title, title_derived=title_derived,
        author=_clean(document.author), site_name=_clean(document.sitename),
        published_on=_date(document.date), url=page_canonical or canonical_url(url),
        language=language, description=_clean(document.description),
    )


def _paragraphs(body, title: str) -> list[str]:
    """One paragraph per block of trafilatura's body, without the headline it sometimes repeats."""
    paragraphs = list(_blocks(body)) if body is not None else []
    while paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs.pop(0)
    return paragraphs


def _blocks(element) -> Iterator[str]:
    """Plain text of each paragraph, heading, list item, quote and table row, in order.

    trafilatura's own text output is Markdown-like ("- " before list items,
    "|---|" under table headers); the splitter must see only the words.
    """
    if element.tag == "row":
        cells = (_lines(_inline_text(cell)) for cell in element.iter("cell"))
        row = " | ".join(cell for cell in cells if cell)
        if row:
            yield row
        return
    children = [child for child in element if child.tag in _BLOCK_TAGS]
    if not children and element.tag not in _CONTAINER_TAGS:
        text = _lines(_inline_text(element))
        if text:
            yield text
        return
    # Words directly inside a container (an item's own words before its nested list) come first.
    own = _lines(_inline_text(element, skip=_BLOCK_TAGS))
    if own:
        yield own
    for child in children:
        yield from _blocks(child)


def _inline_text(element, skip=frozenset()) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in skip:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(text: str) -> str:
    """Whitespace collapsed within each line; a <br> stays a line break inside the paragraph."""
    return "\n".join(line for line in (_clean(line) for line in text.split("\n")) if line)


def _same_words(a: str, b: str) -> bool:
    def words(s: str) -> str:
        return _SPACE.sub(" ", s).strip(" .:").casefold()
    return words(a) == words(b)


def _clean(value: str | None) -> str:
    return _SPACE.sub(" ", value or "").strip()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _meta(tree, *keys: str) -> str:
    """The content of the first <meta> whose property, name or http-equiv is one of ``keys``."""
    for meta in tree.iter("meta"):
        for attribute in ("property", "name", "http-equiv"):
            if (meta.get(attribute) or "").strip().lower() in keys and (meta.get("content") or "").strip():
                return meta.get("content").strip()
    return ""


def _canonical_link(tree, page_url: str) -> str:
    """The page's own canonical URL: <link rel=canonical>, else og:url, resolved and normalised."""
    links = [link.get("href") or "" for link in tree.iter("link")
             if "canonical" in (link.get("rel") or "").lower().split()]
    for href in [*links, _meta(tree, "og:url")]:
        href = href.strip()
        if not href:
            continue
        # A relative link means nothing in a file with no address; a page's address resolves it.
        found = canonical_url(urljoin(page_url, href) if page_url else href)
        if found:
            return found
    return ""


def _language(tree) -> str:
    """The page's declared language, primary subtag only ("en-GB" -> "en")."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  _meta(tree, "og:locale"), _meta(tree, "content-language"), *_json_ld_languages(tree)]
    for value in candidates:
        match = _LANGUAGE.match((value or "").strip())
        if match:
            return match.group(0).lower()
    return ""


def _json_ld_languages(tree) -> list[str]:
    found = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("inLanguage"), str):
                    found.append(item["inLanguage"])
                stack.extend(value for value in item.values() if isinstance(value, (list, dict)))
    return found
