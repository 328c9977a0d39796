"""A saved news page, served locally, becomes its article's paragraphs and metadata; the page's furniture does not."""

import datetime as dt
import re
from urllib.parse import urljoin

import lxml.html
import pytest

from annotations.intake import ExtractionError, extract_html, extract_page, fetch
from annotations.intake.charset import decode_web_bytes
from annotations.splitting import split_text

from .conftest import PAGE_NAMES, PAGES_DIR, page_expectations


def fetched_draft(site, name):
    page = fetch(site.url(f"/pages/{name}"), site.config())
    return page, extract_page(page)


def page_text_nodes(name) -> list[str]:
    """Every piece of visible text in the saved page, as the browser would decode it."""
    expected = page_expectations(name)
    charset = expected["served_as"].partition("charset=")[2] or None
    tree = lxml.html.fromstring(decode_web_bytes((PAGES_DIR / f"{name}.html").read_bytes(), charset))
    nodes = []
    for element in tree.body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        for text in (element.text, element.tail):
            text = re.sub(r"\s+", " ", text or "").strip()
            if re.search(r"\w", text):
                nodes.append(text)
    return nodes


def test_there_are_three_saved_pages_with_their_expectations():
    assert PAGE_NAMES == ["harbor-gazette-measles", "journal-du-rhone-pollution", "riverside-courier-water-bills"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_body_is_exactly_the_article_paragraphs_separated_by_blank_lines(site, name):
    _, draft = fetched_draft(site, name)

    assert draft.body.split("\n\n") == page_expectations(name)["paragraphs"]
    assert "\n\n\n" not in draft.body and draft.body == draft.body.strip()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_menu_banner_share_newsletter_related_and_comment_line_is_dropped(site, name):
    _, draft = fetched_draft(site, name)
    paragraphs = draft.body.split("\n\n")

    for line in page_expectations(name)["dropped"]:
        assert line not in paragraphs
        if len(line.split()) >= 4:
            assert line not in draft.body


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_expectations_account_for_every_piece_of_text_on_the_page(name):
    """So "dropped" is the whole of the page's furniture, not a sample of it."""
    expected = page_expectations(name)
    kept = [expected["title"], *expected["paragraphs"]]

    unaccounted = [text for text in page_text_nodes(name)
                   if not any(text in line for line in kept + expected["dropped"])]

    assert unaccounted == []


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_metadata_comes_from_json_ld_opengraph_and_the_page(site, name):
    page, draft = fetched_draft(site, name)
    expected = page_expectations(name)

    assert (draft.title, draft.title_derived) == (expected["title"], False)
    assert draft.author == expected["author"]
    assert draft.site_name == expected["site_name"]
    assert draft.published_on == dt.date.fromisoformat(expected["published_on"])
    assert draft.language == expected["language"]
    assert draft.url == urljoin(page.url, expected["url"])


def test_the_headline_is_the_title_and_is_not_repeated_in_the_body(site):
    _, draft = fetched_draft(site, "riverside-courier-water-bills")

    assert draft.title == "Water bills to rise 21% as Riverside council blames treatment works"
    assert draft.title not in draft.body


def test_the_canonical_link_wins_over_an_og_url_with_tracking_parameters(site):
    _, draft = fetched_draft(site, "riverside-courier-water-bills")

    assert draft.url == "https://www.riversidecourier.example/news/2025/03/water-bills-to-rise-21-percent"


def test_a_relative_canonical_link_is_resolved_against_the_address_the_page_was_read_from(site):
    page, draft = fetched_draft(site, "harbor-gazette-measles")

    assert draft.url == f"http://{site.netloc}/health/2024/11/county-measles-vaccination-rate/"


def test_a_charset_declared_only_in_a_meta_tag_decodes_windows_1252_quotes(site):
    page, draft = fetched_draft(site, "harbor-gazette-measles")

    assert page.charset == "windows-1252"
    assert "The county’s rate was 94%" in draft.body
    assert "“That is not a hypothetical risk — we had two cases in March.”" in draft.body


def test_a_charset_declared_only_by_the_server_decodes_iso_8859_15(site):
    """€ and œ are bytes that windows-1252, the fallback, would read as ¤ and ½."""
    page, draft = fetched_draft(site, "journal-du-rhone-pollution")

    assert page.charset == "ISO-8859-15"
    assert "soit 2 400 € en moyenne par foyer" in draft.body
    assert "« remettre l'œuvre sur le métier »" in draft.body


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_markup_reaches_the_splitter_and_it_sees_one_paragraph_per_line(site, name):
    _, draft = fetched_draft(site, name)
    paragraphs = draft.body.split("\n\n")

    assert not re.search(r"<[a-zA-Z/!]|&[a-z]+;|&#\d+;", draft.body)
    candidates = split_text(draft.body)
    lines_with_candidates = {draft.body.count("\n", 0, c.start) for c in candidates}
    assert len(lines_with_candidates) == len(paragraphs)
    assert all(c.text in paragraphs[draft.body.count("\n", 0, c.start) // 2] for c in candidates)


def test_a_plain_text_page_keeps_its_text_verbatim_with_the_headline_as_title(site):
    page = fetch(site.url("/plain"), site.config())
    draft = extract_page(page)

    assert draft.body == page.body.decode("utf-8")
    assert (draft.title, draft.title_derived) == ("Ferry fares to rise in January", False)
    assert draft.url == site.url("/plain")


LISTS_AND_TABLES = """<html lang="en"><head><title>Budget claims checked | Test News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Budget claims checked</h1>
<p>The minister said the budget would grow by <b>4%</b> next year,
not what the <a href="/f">published figures</a> show.</p>
<p>The first line of the statement<br>and its second line, which continues the same paragraph.</p>
<h2>What the figures say</h2>
<ul><li>Spending rises by 2.1% in cash terms over the period.</li>
<li>Real-terms spending falls by 0.4% once inflation is counted.</li></ul>
<table><tr><th>Year</th><th>Spending</th></tr><tr><td>2024</td><td>£1,189bn</td></tr></table>
<p>Economists said the claim compared cash figures with last year's real-terms figures, which overstated it.</p>
</article></body></html>"""


def test_lists_tables_and_line_breaks_become_plain_lines_without_markdown():
    draft = extract_html(LISTS_AND_TABLES, url="https://news.example/budget")

    assert draft.body.split("\n\n") == [
        "The minister said the budget would grow by 4% next year, not what the published figures show.",
        "The first line of the statement\nand its second line, which continues the same paragraph.",
        "What the figures say",
        "Spending rises by 2.1% in cash terms over the period.",
        "Real-terms spending falls by 0.4% once inflation is counted.",
        "Year | Spending",
        "2024 | £1,189bn",
        "Economists said the claim compared cash figures with last year's real-terms figures, which overstated it.",
    ]
    assert (draft.title, draft.language, draft.url) == ("Budget claims checked", "en", "https://news.example/budget")


@pytest.mark.parametrize("html, message", [
    ("<html><body><div id='app'></div><script>render()</script></body></html>", "No article text was found"),
    ("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>", "only 2 words"),
    ("   ", "The page is empty or is not HTML."),
])
def test_a_page_without_an_article_is_refused_with_a_clear_message(html, message):
    with pytest.raises(ExtractionError, match=re.escape(message)):
        extract_html(html)


def test_a_page_without_a_title_gets_one_from_its_text_marked_as_derived():
    html = ("<html><body><article><p>Harbor County will close three libraries in March to save $1.2 million, "
            "the county board decided on Monday after a four-hour meeting.</p></article></body></html>")

    draft = extract_html(html)

    assert draft.title_derived is True
    assert draft.title == ("Harbor County will close three libraries in March to save $1.2 million, "
                           "the county board decided on Monday after a…")
