"""Articles in from the web and from files: a safe fetch, extraction, decoding. No Django here.

    page = fetch(url, FetchConfig(user_agent=user_agent_for(SITE_URL), allowed_hosts=...))
    draft = extract_page(page)                      # or read_article_file(name, data)
    draft.body, draft.title, draft.author, draft.site_name, draft.published_on, draft.url, draft.language

``draft.url`` (a ``canonical_url``) and ``draft.content_hash`` are what the
app compares to find an article it already has. Every failure is an
exception with a message for a person: ``FetchRefused``/``FetchFailed``
(both ``FetchError``), ``ExtractionError``, ``ArticleFileError``.
See docs/intake.md.
"""

from annotations.importing import ArticleFileError

from .addresses import address_problem
from .draft import ArticleDraft, draft_from_text
from .errors import ExtractionError, FetchError, FetchFailed, FetchRefused
from .extract import extract_html, extract_page
from .fetch import FetchConfig, FetchedPage, check_url, fetch, user_agent_for
from .files import FILE_SUFFIXES, read_article_file
from .identity import canonical_url, content_hash

__all__ = [
    "FILE_SUFFIXES",
    "ArticleDraft",
    "ArticleFileError",
    "ExtractionError",
    "FetchConfig",
    "FetchError",
    "FetchFailed",
    "FetchRefused",
    "FetchedPage",
    "address_problem",
    "canonical_url",
    "check_url",
    "content_hash",
    "draft_from_text",
    "extract_html",
    "extract_page",
    "fetch",
    "read_article_file",
    "user_agent_for",
]
