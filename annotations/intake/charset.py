"""Bytes of a web page or file -> text, by the order browsers use.

A byte-order mark wins, then the charset the server or the page declares,
then UTF-8 if the bytes are valid UTF-8, then windows-1252, the encoding
browsers assume for an unlabelled Western page.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Browsers look for <meta charset> in the first 1024 bytes; both
# <meta charset="x"> and <meta http-equiv="Content-Type" content="...; charset=x"> match.
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:+-]{1,40})", re.IGNORECASE)
_PRESCAN_BYTES = 1024


def media_type_and_charset(content_type: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=ISO-8859-1"`` -> ``("text/html", "ISO-8859-1")``."""
    if not content_type:
        return "", None
    media_type, *params = content_type.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` near its start, if any."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def codec_for(label: str | None) -> str | None:
    """Python's codec for a charset label, or None if Python has none.

    Browsers read pages labelled ISO-8859-1 or US-ASCII as windows-1252, and
    servers that say so usually send windows-1252 quotes and dashes.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def bom_codec(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_web_bytes(data: bytes, declared: str | None = None, *, html: bool = True) -> str:
    """Decode a page the way a browser would: never fails, replaces what cannot be decoded."""
    codec = bom_codec(data) or codec_for(declared)
    if codec is None and html:
        codec = codec_for(meta_charset(data))
        # A <meta> readable as ASCII cannot be in UTF-16; browsers take it as UTF-8.
        if codec and codec.startswith("utf-16"):
            codec = "utf-8"
    if codec is None:
        codec = "utf-8" if is_utf8(data) else "cp1252"
    return data.decode(codec, errors="replace")
