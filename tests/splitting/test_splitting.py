"""The splitter, specified by the messes real articles contain."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.splitting import SPLITTER_VERSION, split_text
from annotations.splitting.boilerplate import is_boilerplate, source_credit
from annotations.splitting.claim_types import claim_type
from annotations.splitting.segment import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def kinds(text):
    return {c.text: c for c in split_text(text)}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_offsets_are_exact_and_no_candidate_crosses_a_line(path):
    text = path.read_text(encoding="utf-8")
    candidates = split_text(text)
    assert candidates
    assert [c.start for c in candidates] == sorted(c.start for c in candidates)
    for c in candidates:
        assert text[c.start:c.end] == c.text
        assert "\n" not in c.text and c.text == c.text.strip()
        assert 0.0 <= c.checkworthiness <= 1.0


def test_output_is_deterministic():
    text = SEEDS[4].read_text(encoding="utf-8")
    assert split_text(text) == split_text(text)
    assert SPLITTER_VERSION


@pytest.mark.parametrize("line", [
    "Join Us", "0", "Also Read : Russia may supply more S-400 missile systems to India: Report",
    "[End of article]", "Original Source: abcnews.go.com", "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Symbolic representation of North Korea and Russia cooperation with flags and military symbols.",
])
def test_seed_page_chrome_is_boilerplate_and_never_checkworthy(line):
    candidate, = split_text(f"A headline\n\n{line}\n")[1:]
    assert (candidate.kind, candidate.checkworthy, candidate.checkworthiness) == ("boilerplate", False, 0.0)


@pytest.mark.parametrize("line", [
    "Share this article", "Read more: Floods kill 12 in Spain", "Photo: Reuters", "Advertisement",
    "Related Articles", "By Jane Smith | Reuters", "Friday, July 21, 2017", "Sign up for our daily newsletter",
    "© 2024 Example Media. All rights reserved.", "(Reporting by Tom Balmforth; Editing by Alex Richardson)",
    "File photo of the Kremlin in Moscow.", "Tags: Russia, Ukraine", "-30-", "12 Comments",
    "Soldiers march past the podium in Pyongyang. (AP Photo/Jon Chol Jin)",
    "Rescuers search the rubble in Antakya (Photo: Reuters) .", "Copyright 2025 The Daily Example",
    "Troops stand guard in Kursk, Russia, March 3, 2025. (AP)",
    "Follow Reuters on Facebook for the latest updates", "(With reporting from AFP)",
])
def test_chrome_from_other_sites_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Kim Jong-un Pledges North Korean Support for Russia in Joint Fight Against Neo-Nazism",
    "The treaty was signed in June 2024.", "Photographers were barred from the court on Monday.",
    "By Monday, troops had withdrawn from the town.",
    "The copyright law was amended after 14 publishers sued (the photo agencies joined later).",
    "A photo of the minister at the talks was published by state media on Friday.",
])
def test_headlines_and_article_sentences_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_source_credit_feeds_the_source_field():
    assert source_credit("Body.\n\nOriginal Source: abcnews.go.com\n") == "abcnews.go.com"


def test_quotation_followed_by_attribution_stays_one_candidate():
    text = ("“As I mentioned during our previous meeting, if there is any way we can help Russia, "
            "we will certainly do so and consider it our fraternal duty,” Kim said in response.")
    assert split_sentences(text) == [text]
    text = "“We will win.” Kim said in response. Then he left."
    assert split_sentences(text) == ["“We will win.” Kim said in response.", "Then he left."]


@pytest.mark.parametrize("text", [
    "U.S., South Korean, and Ukrainian intelligence sources suggest that North Korea sent between "
    "10,000 to 12,000 troops to Russia last fall.",
    "The U.S. Government said Gen. Smith arrived on Jan. 5 with S-400 systems.",
    "Debris came from a North Korean Hwasong-11 series ballistic missile.",
    "She has $100.00 in her bag.",
])
def test_abbreviations_model_names_and_numbers_do_not_split(text):
    assert split_sentences(text) == [text]


def test_sentence_boundaries_after_abbreviations_are_kept():
    assert split_sentences("I live in the U.S. How about you?") == ["I live in the U.S.", "How about you?"]


@pytest.mark.parametrize("sentence, expected", [
    ("“We will certainly do so and consider it our duty,” Kim said.", "quote"),
    ("State news agency KCNA reported the message on Thursday.", "attribution"),
    ("The message reflects the alignment of North Korea with Russia.", "opinion"),
    ("The fire destroyed 2,000 shelters.", "quantity"),
    ("The derailment happened because a wheel bearing overheated.", "causal"),
    ("In June 2024, Moscow and Pyongyang signed a treaty.", "event"),
    ("Victory Day comes once a year", "other"),
])
def test_claim_types(sentence, expected):
    assert claim_type(sentence) == expected


def test_reported_speech_is_checkworthy_and_commentary_is_not():
    found = kinds(SEEDS[3].read_text(encoding="utf-8"))
    assert found["State news agency KCNA reported the message on Thursday."].checkworthy
    reflects = next(c for t, c in found.items() if t.startswith("The message reflects"))
    assert not reflects.checkworthy


def test_cli_prints_one_json_object_per_segment(tmp_path):
    result = subprocess.run([sys.executable, "-m", "annotations.splitting", str(SEEDS[4])],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(rows[0]) == {"file", "start", "end", "text", "kind", "checkworthiness", "checkworthy",
                            "claim_type"}
    assert any(r["kind"] == "boilerplate" for r in rows)


def test_cli_reports_bad_files_and_keeps_going(tmp_path):
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\xff")
    latin = tmp_path / "l.txt"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    good = tmp_path / "g.txt"
    good.write_text("One claim here.", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "annotations.splitting", str(tmp_path / "missing.txt"),
                             str(binary), str(latin), str(good)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.count("error:") == 3
    assert json.loads(result.stdout)["text"] == "One claim here."
