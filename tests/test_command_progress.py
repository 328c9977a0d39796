"""Management commands show their progress as a bar redrawn on one line of stderr, not a line per redraw."""

import io

import pytest
from django.core.management import call_command


def _lines_naming(err: str, name: str) -> list[str]:
    return [line for line in err.split("\n") if name in line]


@pytest.mark.parametrize(("command", "bar"), [("link_articles", "Linking"), ("refresh_claim_facts", "Reading claims")])
def test_a_commands_progress_bar_is_redrawn_in_place(split_article, seed_texts, command, bar):
    for text in list(seed_texts.values())[:3]:
        split_article(text)
    err = io.StringIO()

    call_command(command, stdout=io.StringIO(), stderr=err)

    [line] = _lines_naming(err.getvalue(), bar)
    assert line.count("\r") >= 2  # drawn at the start and redrawn at the end, over itself
    assert "3/3" in line


def test_import_articles_draws_one_line_per_bar(db, tmp_path, seed_texts):
    for name, text in list(seed_texts.items())[:2]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    err = io.StringIO()

    call_command("import_articles", str(tmp_path), stdout=io.StringIO(), stderr=err)

    [line] = _lines_naming(err.getvalue(), "Importing")
    assert "2/2" in line
