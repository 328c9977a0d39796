"""Page bytes are decoded as a browser decodes them."""

import pytest

from annotations.intake.charset import decode_web_bytes, media_type_and_charset, meta_charset

QUOTED = "“Ninety-five per cent” — café".encode("cp1252")


@pytest.mark.parametrize("content_type, expected", [
    ("text/html; charset=ISO-8859-1", ("text/html", "ISO-8859-1")),
    ('TEXT/HTML;Charset="utf-8"', ("text/html", "utf-8")),
    ("text/plain", ("text/plain", None)),
    ("", ("", None)),
    (None, ("", None)),
])
def test_the_content_type_header_gives_media_type_and_charset(content_type, expected):
    assert media_type_and_charset(content_type) == expected


@pytest.mark.parametrize("head, charset", [
    (b'<meta charset="windows-1252">', "windows-1252"),
    (b"<META CHARSET=iso-8859-15>", "iso-8859-15"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "Shift_JIS"),
    (b"<meta name=viewport content=width=device-width>", None),
])
def test_a_meta_charset_is_found_near_the_start(head, charset):
    assert meta_charset(b"<html><head>" + head + b"</head>") == charset


def test_a_meta_charset_past_the_first_kilobyte_is_not_looked_for():
    assert meta_charset(b"<!--" + b"x" * 1100 + b'--><meta charset="windows-1252">') is None


def test_a_bom_wins_over_a_declared_charset():
    assert decode_web_bytes("\ufeffÄrzte".encode("utf-8"), "windows-1252") == "Ärzte"


def test_a_page_labelled_latin_1_is_read_as_windows_1252_like_browsers_do():
    assert decode_web_bytes(QUOTED, "ISO-8859-1") == "“Ninety-five per cent” — café"


def test_unlabelled_bytes_are_utf8_when_valid_and_windows_1252_otherwise():
    assert decode_web_bytes("“café”".encode()) == "“café”"
    assert decode_web_bytes(QUOTED) == "“Ninety-five per cent” — café"


def test_an_unknown_declared_charset_falls_back_to_the_meta_then_the_bytes():
    page = b'<meta charset="windows-1252"><p>' + QUOTED
    assert decode_web_bytes(page, "x-no-such-charset").endswith("“Ninety-five per cent” — café")


def test_a_meta_claiming_utf16_is_read_as_utf8():
    assert decode_web_bytes('<meta charset="utf-16"><p>café'.encode()).endswith("café")


def test_bytes_invalid_in_the_declared_charset_are_replaced_not_fatal():
    assert decode_web_bytes(b"caf\xe9 ok", "utf-8") == "caf\ufffd ok"
