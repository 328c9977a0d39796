"""Drift labels: "wording only" only when numbers, dates, names and attribution all agree."""

from pathlib import Path

import pytest

from annotations.matching import POSSIBLE_RELATION, SAME_RELATION
from annotations.matching.diff import DRIFT_KINDS, WORDING_ONLY, drift

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _label(a, b, **articles):
    return drift(a, b, relation=POSSIBLE_RELATION, **articles)


def test_a_paraphrase_that_keeps_every_figure_name_and_source_is_wording_only():
    result = _label("Governor Elena Marsh said further increases could not be ruled out in 2025.",
                    "Further increases in 2025 cannot be excluded, Marsh told reporters.")
    assert result.differs == ()
    assert result.wording_only and result.label == WORDING_ONLY


def test_numbers_in_words_or_rounded_agree_with_digits():
    assert _label("Twelve workers died in the fire.", "12 workers died in the fire.").wording_only
    assert _label("More than 300 farms were flooded.", "312 farms were flooded.").wording_only


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("The fire killed 12 workers.", "The fire killed 13 workers.", "numbers"),
    ("The treaty was signed in June 2024.", "The treaty was signed in March 2023.", "dates"),
    ("Kim met Putin in Beijing on Wednesday.", "Kim met Putin in Beijing on September 3, 2025.", "dates"),
    ("Governor Elena Marsh opened the bridge.", "Governor Tomas Berg opened the bridge.", "names"),
    ("The bridge in Altmark was closed.", "The bridge in Lindau was closed.", "names"),
    ("Moscow accuses the government in Kiev of glorifying nationalists.",
     "The government in Kiev glorifies nationalists.", "attribution"),
    ("Kim said the support was a fraternal duty.", "State media reported that the support was a fraternal duty.",
     "attribution"),
])
def test_one_kind_that_differs_is_named_and_the_pair_is_not_wording_only(a, b, kind):
    result = _label(a, b)
    assert result.differs == (kind,)
    assert not result.wording_only
    assert result.label == f"{kind} differ"


def test_every_kind_that_differs_is_named_in_a_fixed_order():
    result = _label("Governor Elena Marsh said 12 workers died on June 3, 2024.",
                    "Seven workers died on May 2, 2023 in Lindau.")
    assert result.differs == DRIFT_KINDS
    assert result.label == "numbers, dates, names, attribution differ"


def test_a_name_the_article_knows_counts_at_the_start_of_a_sentence_and_in_a_headline():
    body = "Kim Pledges Support for Russia\n\nNorth Korean leader Kim Jong-un pledged support for Russia in Beijing."
    retold = "Pyongyang's leader met Putin in Beijing, where Kim pledged support for Russia."
    headline, sentence = "Kim Pledges Support for Russia", "Kim pledges support for Russia."
    assert _label(headline, sentence, article_a=body, article_b=retold).differs == ()
    assert _label(headline, "Putin pledges support for Russia.", article_a=body, article_b=retold).differs == (
        "names",)
    # Without its article, a title-case headline names nobody: every capital is a capital.
    assert _label(headline, sentence).differs == ("names",)


def test_drift_is_refused_for_a_pair_that_is_neither_linked_nor_suggested():
    with pytest.raises(ValueError, match="linked or a suggested pair"):
        drift("The meeting underscored deepening ties.", "The summit raised concerns.", relation=None)
    assert drift("A", "A", relation=SAME_RELATION).wording_only


def test_drift_is_deterministic_and_symmetric_in_what_differs():
    a = "Governor Elena Marsh said 12 workers died on June 3, 2024."
    b = "Officials said 7 workers died in Lindau on June 3, 2024."
    seed = (SEEDS / "000_d4310d7f9539d477.txt").read_text(encoding="utf-8")
    first = drift(a, b, relation=POSSIBLE_RELATION, article_a=seed, article_b=seed)
    assert first == drift(a, b, relation=POSSIBLE_RELATION, article_a=seed, article_b=seed)
    assert first.differs == drift(b, a, relation=POSSIBLE_RELATION, article_a=seed, article_b=seed).differs
