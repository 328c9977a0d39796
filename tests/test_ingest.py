"""Importing article files: titles, metadata, and clear refusals of bad input."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from annotations.importing import ArticleFileError, decode_article_bytes, parse_article_text
from annotations.models import Article, Claim
from annotations.services import articles


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_title_is_the_first_headline_line_skipping_page_chrome(seed_texts):
    parsed = parse_article_text(seed_texts["003_e61bda8cfd107c65.txt"])

    assert parsed.title == "North Korean Leader Kim Jong Un Expresses Support for Russia on Victory Day"
    assert parsed.title_derived is False


def test_the_title_skips_the_same_page_furniture_the_splitter_drops():
    text = ("Skip to main content\nHome » Health » Vaccine study\nPublished 3 hours ago\n"
            "WHO says measles cases up 79% worldwide\nMeasles cases rose 79% last year, the WHO said.\n")
    parsed = parse_article_text(text)
    assert (parsed.title, parsed.title_derived) == ("WHO says measles cases up 79% worldwide", False)


def test_a_text_that_starts_with_its_lead_gets_a_derived_title_marked_as_such(seed_texts):
    for name in ("001_c3850ad936affd85.txt", "002_79e60d9cf25f061a.txt"):
        parsed = parse_article_text(seed_texts[name])
        assert parsed.title_derived is True
        assert seed_texts[name].startswith(parsed.title.rstrip("…"))
        assert len(parsed.title) <= 121


def test_a_source_credit_line_fills_the_source_field(seed_texts):
    parsed = parse_article_text(seed_texts["004_eee3009524595d1e.txt"])
    assert parsed.source == "abcnews.go.com"


def test_metadata_lines_are_read_but_the_body_stays_verbatim():
    text = "Headline About A Thing Here\nPublished: 2025-09-03\nURL: https://example.org/story\n\nBody text here."
    parsed = parse_article_text(text)

    assert parsed.url == "https://example.org/story"
    assert str(parsed.published_on) == "2025-09-03"
    assert parsed.body == text


def test_a_markdown_heading_is_a_headline():
    parsed = parse_article_text("# Ministers Agree On Budget\n\nThe deal was signed.")
    assert parsed.title == "Ministers Agree On Budget"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        ("Caf\u00e9 owners said prices rose.".encode("cp1252"), "not valid UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ArticleFileError, match=message):
        decode_article_bytes(data)


def test_a_declared_legacy_encoding_is_decoded():
    assert decode_article_bytes("Café owners said.".encode("cp1252"), "cp1252") == "Café owners said."


def test_a_utf8_bom_is_dropped_and_utf16_with_bom_is_read():
    assert decode_article_bytes(b"\xef\xbb\xbfHello world said.") == "Hello world said."
    assert decode_article_bytes("Ärzte sagten.".encode("utf-16")) == "Ärzte sagten."


def test_import_articles_imports_a_folder_with_progress_and_a_summary(db, tmp_path, seed_texts):
    for name, text in seed_texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    out, err = run_command("import_articles", str(tmp_path))

    assert "5 imported, 0 already present, 0 failed." in out
    assert "Importing" in err  # the progress bar
    assert Article.objects.count() == 5
    assert Article.objects.get(title__startswith="North Korea’s Kim Declares").source == "abcnews.go.com"


def test_importing_the_same_file_twice_says_so_and_creates_nothing(db, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Ministers Agree On Budget\n\nThe deal was signed on Monday.", encoding="utf-8")
    run_command("import_articles", str(path))

    out, _ = run_command("import_articles", str(path))

    article = Article.objects.get()
    assert f"already imported as article #{article.pk}, skipped" in out
    assert "0 imported, 1 already present, 0 failed." in out


def test_bad_files_fail_the_command_without_stopping_good_ones_or_leaving_rows(db, tmp_path, settings):
    settings.ARTICLE_MAX_CHARS = 1_000_000
    (tmp_path / "a_good.txt").write_text("Ministers Agree On Budget\n\nThe deal was signed.", encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "d_latin1.txt").write_bytes("Caf\u00e9 prices rose.".encode("latin-1"))
    (tmp_path / "e_huge.txt").write_text("Officials said prices rose. " * 180_000, encoding="utf-8")  # ~5 MB

    with pytest.raises(CommandError, match="4 file"):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
        finally:
            errors = err.getvalue()

    assert "b_empty.txt: the file is empty" in errors
    assert "c_binary.txt: the file looks binary" in errors
    assert "d_latin1.txt: the file is not valid UTF-8" in errors
    assert "e_huge.txt: The article text has 5,040,000 characters; the limit is 1,000,000." in errors
    assert list(Article.objects.values_list("title", flat=True)) == ["Ministers Agree On Budget"]
    assert not Claim.objects.exclude(article__title="Ministers Agree On Budget").exists()


def test_a_missing_path_and_a_wrong_suffix_are_reported(db, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "nope.txt"), str(tmp_path / "notes.pdf"),
                     stdout=io.StringIO(), stderr=err)
    assert "nope.txt: no such file" in err.getvalue()
    assert "notes.pdf: not a .txt or .md file" in err.getvalue()


def test_load_seeds_is_idempotent(db):
    out, _ = run_command("load_seeds")
    assert "5 imported, 0 already present, 0 failed." in out

    out, _ = run_command("load_seeds")
    assert "0 imported, 5 already present, 0 failed." in out
    assert Article.objects.count() == 5


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"body": ""}, "The article text is empty."),
        ({"body": " \n\t "}, "The article text is empty."),
        ({"body": "Text.", "title": "T" * 301}, "The title has 301 characters; the limit is 300."),
        ({"body": "Text.", "url": "javascript:alert(1)"}, "Enter an http:// or https:// URL."),
        ({"body": "Text.", "url": "ftp://example.org/a"}, "Enter an http:// or https:// URL."),
    ],
)
def test_article_create_refuses_bad_input_and_writes_nothing(db, fields, message):
    with pytest.raises(ValidationError) as exc:
        articles.article_create(**fields)
    assert exc.value.messages == [message]
    assert Article.objects.count() == 0


def test_script_tags_in_an_article_are_stored_verbatim(split_article):
    body = "Headline With <script>alert(1)</script> Inside\n\nHe said <img src=x onerror=alert(1)> was there."
    article = split_article(body)
    assert article.body == body
    for claim in article.claims.all():
        assert claim.text == body[claim.start:claim.end]
