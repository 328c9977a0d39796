"""The command line, the scorer and the labelled news set, as a fresh clone runs them."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from annotations.temporal import find_dates
from annotations.temporal.corpus import news_set, parse_marked, timeml_dir
from annotations.temporal.evaluate import score

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def run(*args):
    return subprocess.run([sys.executable, "-m", "annotations.temporal", *args], capture_output=True, text=True,
                          check=False)


def test_cli_prints_one_json_object_per_expression_with_the_published_keys(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Kim met Putin in Beijing on Wednesday, two months after the talks.\n", encoding="utf-8")
    result = run(str(article), "--date", "2025-09-04")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [
        {"file": str(article), "start": 28, "end": 37, "text": "Wednesday", "value": "2025-09-03", "type": "DATE"},
        {"file": str(article), "start": 39, "end": 49, "text": "two months", "value": "P2M", "type": "DURATION"},
    ]


def test_cli_without_a_date_leaves_relative_values_null(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("It happened yesterday, on 3 September 2025.", encoding="utf-8")
    rows = [json.loads(line) for line in run(str(article)).stdout.splitlines()]
    assert [(r["text"], r["value"]) for r in rows] == [("yesterday", None), ("3 September 2025", "2025-09-03")]


def test_cli_reports_bad_files_and_bad_dates_and_keeps_going(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Sales fell in 2024.", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01")
    result = run(str(tmp_path / "missing.txt"), str(binary), str(good), "--date", "2025-09-04")
    assert result.returncode == 1
    assert "missing.txt: No such file or directory" in result.stderr
    assert "binary.txt: binary file (contains NUL bytes)" in result.stderr
    assert [json.loads(line)["value"] for line in result.stdout.splitlines()] == ["2024"]
    bad_date = run(str(good), "--date", "04/09/2025")
    assert bad_date.returncode == 2 and "not a date in YYYY-MM-DD form" in bad_date.stderr


def test_seed_tellings_of_the_beijing_meeting_resolve_to_the_same_day():
    # The seeds carry no dates; with a publication date of Thursday 2025-09-04 the "Wednesday" of one
    # telling and the "September 3, 2025" of another are the same day.
    by_seed = {path.name[:3]: find_dates(path.read_text(encoding="utf-8"), dct=dt.date(2025, 9, 4))
               for path in SEEDS}
    assert ("Wednesday", "2025-09-03") in [(t.text, t.value) for t in by_seed["001"]]
    assert ("September 3, 2025", "2025-09-03") in [(t.text, t.value) for t in by_seed["002"]]


def test_marked_text_keeps_exact_offsets_of_the_gold_expressions():
    doc, = parse_marked("# doc: x dct=2025-09-04\n"
                        "The vote was [[Wednesday|DATE|2025-09-03]], not [[today|DATE|2025-09-04]].\n")
    assert doc.text == "The vote was Wednesday, not today."
    assert [(g.start, g.end, g.text, g.value) for g in doc.gold] == [(13, 22, "Wednesday", "2025-09-03"),
                                                                    (28, 33, "today", "2025-09-04")]


def test_timeml_files_give_the_text_inside_TEXT_the_dct_and_the_timex3s(tmp_path):
    (tmp_path / "a.tml").write_text(
        '<?xml version="1.0" ?><TimeML><DOCID>a</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" '
        'functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT><TEXT>\nThe flu <EVENT eid="e1">season'
        '</EVENT> started <TIMEX3 tid="t1" type="DURATION" value="P1M">a month</TIMEX3> early &amp; ended '
        '<TIMEX3 tid="t2" type="DATE" value="2013-03-22">Friday</TIMEX3>.\n</TEXT></TimeML>', encoding="utf-8")
    doc, = timeml_dir(tmp_path)
    assert str(doc.dct) == "2013-03-22"
    assert doc.text == "\nThe flu season started a month early & ended Friday.\n"
    assert [(doc.text[g.start:g.end], g.type, g.value) for g in doc.gold] == [
        ("a month", "DURATION", "P1M"), ("Friday", "DATE", "2013-03-22")]
    result = score([doc])
    assert result["strict"] == (1.0, 1.0, 1.0) and result["value_accuracy"] == 1.0


def test_scorer_separates_strict_from_relaxed_matches_and_weights_values_by_relaxed_f1():
    doc, = parse_marked("# doc: x dct=2025-09-04\nIt rained [[this week|DATE|2025-W36]] and [[in 1990|DATE|1990]].\n")
    result = score([doc])
    # "in 1990" is labelled with its preposition here, so the tagger's "1990" only overlaps it.
    assert result["counts"]["strict"] == 1 and result["counts"]["relaxed"] == 2
    assert result["relaxed"][2] == 1.0 and result["strict"][2] == 0.5
    assert result["value_f1"] == 1.0


def test_the_news_set_parts_are_apart_and_labelled():
    dev, heldout = news_set("dev"), news_set("heldout")
    assert (len(dev), sum(len(d.gold) for d in dev)) == (10, 100)
    assert (len(heldout), sum(len(d.gold) for d in heldout)) == (10, 81)
    assert not {d.name for d in dev} & {d.name for d in heldout}
    assert all(d.text[g.start:g.end] == g.text for d in dev + heldout for g in d.gold)


def test_evaluation_command_prints_the_tempeval_measures():
    result = subprocess.run([sys.executable, "-m", "annotations.temporal.evaluate", "--part", "dev", "--no-speed"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("news dev: 100 gold")
    for measure in ("strict", "relaxed", "value", "type"):
        assert f"  {measure}" in result.stdout
