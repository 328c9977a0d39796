"""Which suggestions a reviewer is shown: at most three, above the threshold, headlines only as a best match."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.matching import POSSIBLE_RELATION, SAME_RELATION
from annotations.matching.suggest import (
    MAX_SHOWN,
    SHOW_THRESHOLD,
    Suggestion,
    headline_flags,
    is_headline,
    panel,
    panels,
)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def _suggestion(other, score, *, headline=False, relation=POSSIBLE_RELATION):
    return Suggestion(other=other, score=score, relation=relation, headline=headline)


def test_a_panel_shows_at_most_three_suggestions_best_first_and_keeps_the_rest_as_weaker():
    found = [_suggestion(n, 0.82 + n / 100) for n in range(6)]
    result = panel(found, headline=False)
    assert [s.other for s in result.shown] == [5, 4, 3]
    assert [s.other for s in result.weaker] == [2, 1, 0]
    assert MAX_SHOWN == 3


def test_a_suggestion_below_the_threshold_is_only_among_the_weaker_ones():
    above = _suggestion(1, SHOW_THRESHOLD)
    below = _suggestion(2, round(SHOW_THRESHOLD - 0.0001, 4))
    result = panel([below, above], headline=False)
    assert result.shown == (above,)
    assert result.weaker == (below,)


def test_the_threshold_is_the_one_the_suggestion_model_records():
    from annotations.matching import SUGGESTION_MODEL_PATH

    stored = json.loads(SUGGESTION_MODEL_PATH.read_text(encoding="utf-8"))
    assert stored["show_threshold"] == SHOW_THRESHOLD
    counts = stored["out_of_fold_at_threshold"]
    assert counts["right"] >= 0.85 * counts["rows"]  # the rule it was chosen by (train.py)


def test_another_articles_headline_is_shown_against_a_body_sentence_only_as_its_best_match():
    headline = _suggestion("headline", 0.88, headline=True)
    body = _suggestion("body", 0.86)
    assert panel([headline, body], headline=False).shown == (headline, body)
    better_body = _suggestion("body", 0.89 - 0.0001)
    result = panel([headline, better_body], headline=False)
    assert result.shown == (better_body,)
    assert result.weaker == (headline,)


def test_a_headline_is_never_shown_when_the_claim_is_linked_to_a_better_match():
    link = _suggestion("linked", 0.97, relation=SAME_RELATION)
    headline = _suggestion("headline", 0.88, headline=True)
    result = panel([link, headline], headline=False)
    assert result.shown == ()
    assert result.weaker == (headline,)


def test_a_headlines_panel_shows_its_best_match_only():
    found = [_suggestion("body-1", 0.88), _suggestion("body-2", 0.87), _suggestion("headline", 0.86, headline=True)]
    result = panel(found, headline=True)
    assert [s.other for s in result.shown] == ["body-1"]
    assert [s.other for s in result.weaker] == ["body-2", "headline"]


def test_links_are_never_in_the_panel_and_ties_are_broken_by_the_other_claim():
    found = [_suggestion(7, 0.85), _suggestion(3, 0.85), _suggestion(9, 0.95, relation=SAME_RELATION)]
    result = panel(found, headline=False)
    assert [s.other for s in result.shown] == [3, 7]
    assert result.weaker == ()


def test_the_panel_does_not_depend_on_the_order_of_the_matches():
    found = [_suggestion(n, score, headline=n % 3 == 0) for n, score in enumerate((0.83, 0.86, 0.86, 0.5, 0.88))]
    assert panel(found, headline=False) == panel(list(reversed(found)), headline=False)


def test_a_headline_is_a_line_without_closing_punctuation_title_case_or_a_short_first_line():
    assert is_headline("Hosepipe ban for two million Kelmar customers")
    assert is_headline("Kelmar Imposes Hosepipe Ban as Reservoirs Fall to 38 Percent")
    assert is_headline("Why has Kelmar run short of water?", first_line=True)
    assert not is_headline("Why has Kelmar run short of water?")
    assert not is_headline("Households that break the ban face fines of up to 1,000 euros.", first_line=False)


def test_headline_flags_take_the_first_line_only_when_a_claim_spans_all_of_it():
    body = "Is the ban here to stay?\n\nKelmar Water banned hosepipes on Monday. Fines reach 1,000 euros."
    spans = [(0, 24), (26, 66), (67, 93)]
    assert [body[s:e] for s, e in spans] == [
        "Is the ban here to stay?", "Kelmar Water banned hosepipes on Monday.", "Fines reach 1,000 euros."]
    assert headline_flags(body, spans) == [True, False, False]
    paragraph = "Kelmar Water banned hosepipes on Monday. Fines reach 1,000 euros."
    assert headline_flags(paragraph, [(0, 40), (41, 65)]) == [False, False]


def test_a_thirty_word_first_line_is_a_lede_not_a_headline():
    body = (SEEDS / "001_c3850ad936affd85.txt").read_text(encoding="utf-8")
    first = body.index("\n")
    assert body[:first].endswith(".") and len(body[:first].split()) > 20
    assert headline_flags(body, [(0, first)]) == [False]


def test_on_the_seeds_no_panel_shows_more_than_three_and_none_below_the_threshold():
    from annotations.matching.__main__ import scored_files

    claims, headlines, matches = scored_files([str(p) for p in sorted(SEEDS.glob("*.txt"))])
    found = panels(matches, dict(enumerate(headlines)))
    assert found and all(len(p.shown) <= MAX_SHOWN for p in found.values())
    assert all(s.score >= SHOW_THRESHOLD for p in found.values() for s in p.shown)
    # The troop-number claim of the issue: five weak suggestions, most of them other articles' headlines.
    troops = next(i for i, c in enumerate(claims) if c[3].text.startswith("The exact number of North Korean troops"))
    assert found[troops].shown == ()
    assert len(found[troops].weaker) >= 5


@pytest.mark.parametrize("flag", [[], ["--shown"]])
def test_the_cli_with_shown_prints_the_links_and_a_subset_of_the_suggestions(flag):
    files = [str(SEEDS / "000_d4310d7f9539d477.txt"), str(SEEDS / "001_c3850ad936affd85.txt")]
    every = subprocess.run([sys.executable, "-m", "annotations.matching", *files], capture_output=True, text=True,
                           check=True, cwd=ROOT).stdout.splitlines()
    chosen = subprocess.run([sys.executable, "-m", "annotations.matching", *flag, *files], capture_output=True,
                            text=True, check=True, cwd=ROOT).stdout.splitlines()
    assert set(chosen) <= set(every)
    links = {line for line in every if json.loads(line)["relation"] == SAME_RELATION}
    assert links and links <= set(chosen)
    if flag:
        assert len(chosen) < len(every)
        assert all(json.loads(line)["score"] >= SHOW_THRESHOLD for line in set(chosen) - links)
