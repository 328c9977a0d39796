"""The API's and the CLI's promises: exact evidence offsets, the author's own statements, stable output."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.attribution import KINDS, attribute, data
from annotations.splitting import split_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CLI_KEYS = {"file", "start", "end", "claimant", "kind", "evidence_start", "evidence_end"}

ARTICLE = (
    "Port strike halts container traffic\n\n"
    "Container traffic at the country's two largest ports came to a standstill on Monday.\n\n"
    "Union leader Kofi Asante said the employers' offer was \u201can insult\u201d.\n\n"
    "\u201cOur members keep this economy moving,\u201d he told a rally. \u201cThey will not be replaced.\u201d\n\n"
    "More than 60 ships were waiting outside the two ports, according to Nautilytics.\n"
)


def claims_of(text):
    return [(c.start, c.end) for c in split_text(text) if c.kind == "claim"]


def test_each_claim_gets_one_attribution_in_order_with_a_known_kind():
    spans = claims_of(ARTICLE)
    found = attribute(ARTICLE, spans, publisher="Financial Ledger")
    assert [(a.start, a.end) for a in found] == spans
    assert {a.kind for a in found} <= set(KINDS)


def test_evidence_offsets_cut_the_claimant_mention_out_of_the_text():
    found = attribute(ARTICLE, claims_of(ARTICLE))
    mentions = {ARTICLE[a.evidence_start:a.evidence_end] for a in found if not a.own}
    assert mentions == {"Union leader Kofi Asante", "he", "Nautilytics"}
    for a in found:
        if not a.own:
            assert a.evidence[0] == (a.evidence_start, a.evidence_end)
            assert a.claimant in ARTICLE[a.evidence[-1][0]:a.evidence[-1][1]]  # the last span names it in full


def test_a_pronoun_carries_the_span_of_the_full_name_it_was_resolved_to():
    found = attribute(ARTICLE, claims_of(ARTICLE))
    rally = next(a for a in found if ARTICLE[a.start:a.end].startswith("\u201cOur members"))
    (pronoun, full) = rally.evidence
    assert ARTICLE[pronoun[0]:pronoun[1]] == "he"
    assert ARTICLE[full[0]:full[1]] == "Kofi Asante"


def test_the_authors_own_statement_is_the_publishers_or_unknown_without_one():
    sentence = "Container traffic at the country's two largest ports came to a standstill on Monday."
    span = (ARTICLE.index(sentence), ARTICLE.index(sentence) + len(sentence))
    (with_publisher,) = attribute(ARTICLE, [span], publisher="Financial Ledger")
    (without,) = attribute(ARTICLE, [span])
    assert (with_publisher.own, with_publisher.claimant, with_publisher.kind) == (True, "Financial Ledger",
                                                                                 "organization")
    assert (with_publisher.evidence_start, with_publisher.evidence_end) == (None, None)
    assert (without.own, without.claimant, without.kind) == (True, "", "unknown")


def test_no_claims_need_no_reading():
    assert attribute(ARTICLE, []) == []


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_attribution_is_deterministic(path):
    text = path.read_text(encoding="utf-8")
    spans = claims_of(text)
    assert attribute(text, spans) == attribute(text, spans)
    assert [a.as_dict() for a in attribute(text, spans)] == [a.as_dict() for a in attribute(text, list(spans))]


def test_cli_writes_one_json_object_per_claim_with_the_promised_keys(tmp_path):
    article = tmp_path / "strike.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "annotations.attribution", str(article), "--publisher",
                          "Financial Ledger"], capture_output=True, text=True, cwd=ROOT, check=True)
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(r["start"], r["end"]) for r in rows] == claims_of(ARTICLE)
    for row in rows:
        assert CLI_KEYS <= row.keys()
        assert row["file"] == str(article)
    asante = next(r for r in rows if "Kofi Asante said" in ARTICLE[r["start"]:r["end"]])
    assert (asante["claimant"], asante["kind"], asante["own"]) == ("Kofi Asante", "person", False)
    own = rows[0]
    assert (own["claimant"], own["kind"], own["evidence_start"]) == ("Financial Ledger", "organization", None)


def test_cli_reports_an_unreadable_file_and_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Police said the road had reopened.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "annotations.attribution", str(tmp_path / "missing.txt"),
                          str(good)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "missing.txt" in run.stderr
    assert [json.loads(line)["claimant"] for line in run.stdout.splitlines()] == ["Police"]


@pytest.mark.parametrize("part", data.PARTS)
def test_every_labelled_sentence_is_a_claim_of_the_splitter(part):
    """The evaluation scores exactly the claims the CLI would attribute."""
    for story in data.stories(part):
        assert [(c.start, c.end) for c in story.claims] == claims_of(story.text), story.id


def test_the_labelled_set_holds_300_claims_with_100_held_out_in_other_stories():
    tune, heldout = data.stories("tune"), data.stories("heldout")
    assert sum(len(s.claims) for s in tune) + sum(len(s.claims) for s in heldout) >= 300
    assert sum(len(s.claims) for s in heldout) >= 100
    assert not {s.id for s in tune} & {s.id for s in heldout}


def test_odd_mixtures_of_quotation_marks_brackets_and_names_never_break_it():
    """Scraped text is messy: unpaired and mixed quotation marks, stray brackets, fragments."""
    import random

    words = ["Kim", "said", ",", ".", "\u201c", "\u201d", '"', "\u2018", "\u2019", "the", "(", ")", "KCNA",
             "according", "to", "he", "they", "Ministry", "of", "Health", "U.S.", "officials", "say", ":", "\n",
             "led", "by", "Dr.", "and", "spokesperson", "for", "reported", "as", "was", "quoted", "saying",
             "D-Mich.", "al-Qudra", "\u2014", "2019,", "Both", "two", "leaders", "who", "While", "not"]
    rng = random.Random(7)
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 50)))
        for found in attribute(text, claims_of(text)):
            assert found.kind in KINDS
            if found.evidence_start is not None:
                assert 0 <= found.evidence_start < found.evidence_end <= len(text)


def test_claimant_keys_match_across_tellings_that_spell_a_name_differently():
    from annotations.attribution import claimant_key

    assert claimant_key("Kim Jong-un") == claimant_key("Kim Jong Un")
    assert claimant_key("the North\u2019s state media") == claimant_key("North's state media")
    assert claimant_key("KCNA") != claimant_key("Kim Jong Un")


def test_attribution_imports_neither_django_nor_numpy():
    """It runs beside the splitter in any process: pure Python, nothing heavy loaded to attribute."""
    code = ("import sys; from annotations.attribution import attribute; "
            "attribute('Kim said so.', [(0, 12)]); "
            "print(sorted(m for m in ('django', 'numpy', 'torch') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.strip() == "[]"
