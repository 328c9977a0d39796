"""Article files: .txt/.md verbatim, .html through extraction, .docx from its XML; clear refusals of the rest."""

import io
import zipfile

import pytest

from annotations.intake import ArticleFileError, extract_html, read_article_file
from annotations.intake import files as intake_files

from .conftest import PAGES_DIR, page_expectations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body_xml: str, *, doctype: str = "") -> bytes:
    """A Word file holding ``body_xml`` as its document body, as Word lays one out."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
                f'<w:document xmlns:w="{W}" '
                'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                f"<w:body>{body_xml}<w:sectPr/></w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def para(text: str, style: str | None = None) -> str:
    style_xml = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{style_xml}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def test_a_text_file_keeps_its_body_verbatim_with_headline_and_metadata_lines_read():
    text = ("Skip to main content\nCouncil Votes To Close Three Libraries\nPublished: 2025-03-04\n"
            "Source: harborgazette.example\nURL: https://harborgazette.example/libraries?utm_source=x\n\n"
            "The county board voted 4-1 on Monday to close three branch libraries.\n")

    draft = read_article_file("libraries.txt", text.encode("utf-8"))

    assert draft.body == text
    assert (draft.title, draft.title_derived) == ("Council Votes To Close Three Libraries", False)
    assert (str(draft.published_on), draft.site_name) == ("2025-03-04", "harborgazette.example")
    assert draft.url == "https://harborgazette.example/libraries"


def test_a_markdown_file_takes_its_heading_as_the_title():
    draft = read_article_file("notes.MD", b"# Ministers Agree On Budget\n\nThe deal was signed on Friday.\n")

    assert draft.title == "Ministers Agree On Budget"
    assert draft.body == "# Ministers Agree On Budget\n\nThe deal was signed on Friday.\n"


@pytest.mark.parametrize("name", ["riverside-courier-water-bills", "journal-du-rhone-pollution"])
def test_an_html_file_gets_the_same_extraction_as_a_fetched_page(name):
    data = (PAGES_DIR / f"{name}.html").read_bytes()
    expected = page_expectations(name)
    charset = expected["served_as"].partition("charset=")[2] or None

    draft = read_article_file(f"C:\\Users\\desk\\Downloads\\{name}.HTM", data, encoding=charset)

    assert draft == extract_html(data, charset=charset)
    assert draft.body.split("\n\n") == expected["paragraphs"]
    assert (draft.title, draft.author, draft.url) == (expected["title"], expected["author"], expected["url"])


def test_an_html_file_with_a_relative_canonical_link_has_no_url_to_resolve_it_against():
    draft = read_article_file("measles.html", (PAGES_DIR / "harbor-gazette-measles.html").read_bytes())

    assert draft.url == ""
    assert "The county’s rate was 94%" in draft.body  # windows-1252 from its <meta>


def test_a_word_file_gives_its_paragraphs_separated_by_blank_lines_and_its_title():
    body = (
        para("Harbor ferry fares to rise 12%", style="Title")
        + '<w:p><w:r><w:t>Fares will rise </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>by 12%</w:t></w:r>'
          '<w:r><w:t xml:space="preserve"> on January 1.</w:t></w:r></w:p>'
        + '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
          '<w:r><w:t>Adult</w:t></w:r><w:r><w:tab/><w:t>$4.50</w:t></w:r><w:r><w:br/><w:t>Child</w:t></w:r>'
          '<w:r><w:tab/><w:t>$2.25</w:t></w:r></w:p>'
        + '<w:p><w:del><w:r><w:delText>The rise was approved in secret.</w:delText></w:r></w:del>'
          '<w:ins><w:r><w:t>The port authority approved the rise on Tuesday.</w:t></w:r></w:ins></w:p>'
        + "<w:p/>"
        + '<w:tbl><w:tr><w:tc>' + para("Route") + '</w:tc><w:tc>' + para("Riders in 2024") + "</w:tc></w:tr>"
          '<w:tr><w:tc>' + para("Harbor-Island") + '</w:tc><w:tc>' + para("1.2 million") + "</w:tc></w:tr></w:tbl>"
        + '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
          + para("Pull quote: fares have doubled since 2015") +
          '</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>'
          + para("Pull quote: fares have doubled since 2015") +
          '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
          '<w:r><w:t>Commuters said the rise would cost them $300 a year.</w:t></w:r></w:p>'
    )

    draft = read_article_file("fares.docx", docx(body))

    assert draft.body.split("\n\n") == [
        "Harbor ferry fares to rise 12%",
        "Fares will rise by 12% on January 1.",
        "Adult $4.50\nChild $2.25",
        "The port authority approved the rise on Tuesday.",
        "Route", "Riders in 2024", "Harbor-Island", "1.2 million",
        "Commuters said the rise would cost them $300 a year.",
    ]
    assert (draft.title, draft.title_derived) == ("Harbor ferry fares to rise 12%", False)


def test_a_word_file_without_a_title_style_takes_its_headline():
    draft = read_article_file("x.docx", docx(para("Council Votes To Close Three Libraries")
                                             + para("The county board voted 4-1 on Monday.")))

    assert (draft.title, draft.title_derived) == ("Council Votes To Close Three Libraries", False)


def test_a_word_file_never_resolves_entities_from_its_xml():
    """An external entity would read a file of this server into the article (XXE)."""
    doctype = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    data = docx('<w:p><w:r><w:t>Before &secret; after, said the council on Monday.</w:t></w:r></w:p>',
                doctype=doctype)

    draft = read_article_file("xxe.docx", data)

    assert draft.body == "Before after, said the council on Monday."


def test_a_cp1252_text_file_is_refused_unless_a_fallback_or_its_encoding_is_given():
    data = "Café owners said prices rose by 10% – the most since 2008.".encode("cp1252")

    with pytest.raises(ArticleFileError, match="not valid UTF-8"):
        read_article_file("cafe.txt", data)
    assert read_article_file("cafe.txt", data, fallback_encoding="cp1252").body.startswith("Café owners")
    assert read_article_file("cafe.txt", data, encoding="cp1252").body.endswith("– the most since 2008.")


def test_a_fallback_does_not_override_a_bom_or_valid_utf8():
    utf16 = "Ärzte sagten, die Wartezeit sei gestiegen.".encode("utf-16")
    utf8 = "Ärzte sagten, die Wartezeit sei gestiegen.".encode()

    assert read_article_file("a.txt", utf16, fallback_encoding="cp1252").body.startswith("Ärzte")
    assert read_article_file("a.txt", utf8, fallback_encoding="cp1252").body.startswith("Ärzte")


@pytest.mark.parametrize("name, message", [
    ("report.pdf", ".pdf files cannot be imported; use a .txt, .md, .html, .htm or .docx file"),
    ("story.doc", "old Word files (.doc) cannot be read; save it as .docx and upload that"),
    ("README", "files without an extension cannot be imported; use a .txt, .md, .html, .htm or .docx file"),
])
def test_unsupported_file_types_are_refused_by_name(name, message):
    with pytest.raises(ArticleFileError) as refused:
        read_article_file(name, b"some bytes")

    assert str(refused.value) == message


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.docx"])
@pytest.mark.parametrize("data", [b"", b"  \n\t\n "])
def test_an_empty_file_is_refused(name, data):
    with pytest.raises(ArticleFileError) as refused:
        read_article_file(name, data)

    assert str(refused.value) == "the file is empty"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
JUNK_WITHOUT_NUL = bytes(range(1, 32)) * 40 + b"some words"


@pytest.mark.parametrize("name, data, message", [
    ("photo.txt", PNG, "the file looks binary (it contains NUL bytes), not text"),
    ("photo.html", PNG, "the file looks binary (it contains NUL bytes), not HTML"),
    ("junk.txt", JUNK_WITHOUT_NUL, "the file looks binary (it is mostly not text)"),
    ("junk.html", JUNK_WITHOUT_NUL, "the file looks binary (it is mostly not text)"),
    ("photo.docx", PNG, "the file is not a Word document (a .docx is a ZIP archive; this is not one)"),
])
def test_binary_junk_is_refused_whatever_it_is_called(name, data, message):
    with pytest.raises(ArticleFileError) as refused:
        read_article_file(name, data)

    assert str(refused.value) == message


def test_a_zip_that_is_not_a_word_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")

    with pytest.raises(ArticleFileError, match=r"^the file is not a Word document \(it has no word/document\.xml\)$"):
        read_article_file("story.docx", buffer.getvalue())


def test_a_word_file_whose_text_unpacks_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(intake_files, "MAX_DOCX_XML_BYTES", 10_000)
    data = docx(para("word " * 5000))  # about 25 KB of XML, under 1 KB compressed

    assert len(data) < 2_000
    with pytest.raises(ArticleFileError, match=r"^the Word document's text is larger than 10 KB when unpacked$"):
        read_article_file("bomb.docx", data)


def test_a_word_file_without_text_is_refused():
    with pytest.raises(ArticleFileError, match="^the Word document has no text$"):
        read_article_file("blank.docx", docx("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"))


def test_an_oversized_file_is_refused_with_its_size_and_the_limit():
    with pytest.raises(ArticleFileError) as refused:
        read_article_file("long.txt", b"a" * 6_200_000)

    assert str(refused.value) == "the file is 6.2 MB; the limit is 5 MB"
    with pytest.raises(ArticleFileError, match="^the file is 2 KB; the limit is 1 KB$"):
        read_article_file("long.txt", b"a" * 2000, max_bytes=1000)


def test_an_html_file_with_no_article_says_so():
    with pytest.raises(ArticleFileError, match="^No article text was found on the page"):
        read_article_file("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
