"""An uploaded or imported file -> an ArticleDraft.

``.txt`` and ``.md`` are decoded as ``import_articles`` decodes them (a BOM,
else UTF-8 or the encoding given, binaries refused) and kept verbatim;
``.html``/``.htm`` go through the same extraction as a fetched page; ``.docx``
is read from its XML with lxml (see ``docx_text``).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import PureWindowsPath

from lxml import etree

from annotations.importing import ArticleFileError, decode_article_bytes

from .charset import bom_codec, decode_web_bytes, is_utf8
from .draft import ArticleDraft, draft_from_text
from .errors import ExtractionError, size_text
from .extract import extract_html

FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")
MAX_FILE_BYTES = 5_000_000
# A .docx is a ZIP archive: its text XML is limited once unpacked too, so a
# small upload cannot unpack to gigabytes.
MAX_DOCX_XML_BYTES = 50_000_000
# Share of control or undecodable characters above which decoded "text" is junk.
_MAX_JUNK_SHARE = 0.01

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Skipped inside a paragraph: formatting (whose w:tab are tab stops, not tabs), text
# boxes (their paragraphs are sidebars, and would be read twice) and the legacy
# copy Word keeps of drawings.
_DOCX_SKIP = frozenset({f"{_W}pPr", f"{_W}rPr", f"{_W}txbxContent", _MC_FALLBACK})


def read_article_file(name: str, data: bytes, *, encoding: str | None = None, fallback_encoding: str | None = None,
                      max_bytes: int = MAX_FILE_BYTES) -> ArticleDraft:
    """Read an article file by its name's suffix. Raises ArticleFileError with a message for a person.

    ``encoding`` is what the person says the file is in. ``fallback_encoding``
    (say ``"cp1252"``) is tried for a .txt/.md file that has no BOM and is not
    UTF-8; without it such a file is refused, as ``import_articles`` refuses it.
    """
    suffix = PureWindowsPath(name).suffix.lower()  # a browser may send C:\\Users\\...\\story.txt
    if suffix not in FILE_SUFFIXES:
        raise ArticleFileError(_unsupported(suffix))
    if len(data) > max_bytes:
        raise ArticleFileError(f"the file is {size_text(len(data))}; the limit is {size_text(max_bytes)}")
    if not data.strip():
        raise ArticleFileError("the file is empty")
    if suffix == ".docx":
        text, title = docx_text(data)
        draft = draft_from_text(text)
        return draft if title is None else _with_title(draft, title)
    if suffix in (".html", ".htm"):
        return _html_file(data, encoding)
    text = decode_text(data, encoding, fallback_encoding)
    _refuse_junk(text)
    return draft_from_text(text)


def decode_text(data: bytes, encoding: str | None = None, fallback_encoding: str | None = None) -> str:
    """``import_articles``' decoding, with an optional encoding to try when the bytes are not UTF-8."""
    if encoding is None and fallback_encoding and bom_codec(data) is None and not is_utf8(data):
        encoding = fallback_encoding
    return decode_article_bytes(data, encoding)


def _unsupported(suffix: str) -> str:
    if suffix == ".doc":
        return "old Word files (.doc) cannot be read; save it as .docx and upload that"
    what = f"{suffix} files" if suffix else "files without an extension"
    return f"{what} cannot be imported; use a .txt, .md, .html, .htm or .docx file"


def _refuse_junk(text: str) -> None:
    junk = sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f"))
    if junk > _MAX_JUNK_SHARE * len(text):
        raise ArticleFileError("the file looks binary (it is mostly not text)")


def _html_file(data: bytes, encoding: str | None) -> ArticleDraft:
    if b"\x00" in data and bom_codec(data) is None:
        raise ArticleFileError("the file looks binary (it contains NUL bytes), not HTML")
    text = decode_web_bytes(data, encoding)
    _refuse_junk(text)
    try:
        return extract_html(text)
    except ExtractionError as exc:
        raise ArticleFileError(str(exc)) from None


def _with_title(draft: ArticleDraft, title: str) -> ArticleDraft:
    return ArticleDraft(**{**draft.__dict__, "title": title, "title_derived": False})


def docx_text(data: bytes) -> tuple[str, str | None]:
    """A Word file's text, one paragraph per block separated by blank lines, and its Title-styled paragraph.

    Reads word/document.xml with lxml (already installed for trafilatura)
    rather than through python-docx: the same XML, one dependency fewer, and
    the unpacked size and the XML parser's settings under our control.
    Table cells are paragraphs like any other; text boxes, headers, footers,
    footnotes, comments and deleted revisions are left out.
    """
    root = _docx_xml(data)
    body = root.find(f"{_W}body")
    paragraphs, title = [], None
    for paragraph in (body.iter(f"{_W}p") if body is not None else ()):
        if any(ancestor.tag in _DOCX_SKIP for ancestor in paragraph.iterancestors()):
            continue
        text = "\n".join(" ".join(line.split()) for line in _docx_runs(paragraph).split("\n") if line.strip())
        if not text:
            continue
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if title is None and style is not None and style.get(f"{_W}val", "").lower() == "title":
            title = text
        paragraphs.append(text)
    if not paragraphs:
        raise ArticleFileError("the Word document has no text")
    return "\n\n".join(paragraphs), title


def _docx_xml(data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ArticleFileError("the file is not a Word document (a .docx is a ZIP archive; this is not one)") from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise ArticleFileError("the file is not a Word document (it has no word/document.xml)") from None
        too_big = ArticleFileError(f"the Word document's text is larger than {size_text(MAX_DOCX_XML_BYTES)} "
                                   "when unpacked")
        if info.file_size > MAX_DOCX_XML_BYTES:
            raise too_big
        try:
            with archive.open(info) as member:
                # Read one byte past the limit: the size in the ZIP directory may lie.
                xml = member.read(MAX_DOCX_XML_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ArticleFileError(f"the Word document is damaged ({exc})") from None
    if len(xml) > MAX_DOCX_XML_BYTES:
        raise too_big
    # No entities, no DTD, no network: the XML comes from whoever uploaded the file.
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        raise ArticleFileError("the Word document is damaged (its text cannot be read)") from None


def _docx_runs(element) -> str:
    parts = []
    for child in element:
        tag = child.tag
        if tag in _DOCX_SKIP:
            continue
        if tag == f"{_W}t":
            # Words around an (unresolved) entity reference are kept; the reference is not.
            parts.extend([child.text or "", *(node.tail or "" for node in child)])
        elif tag == f"{_W}tab":
            parts.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif isinstance(tag, str):
            parts.append(_docx_runs(child))
    return "".join(parts)
