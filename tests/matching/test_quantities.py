"""Numbers, durations and dates as a paraphrase restates them: words, digits, rounding."""

import pytest

from annotations.matching import fingerprint, score
from annotations.matching.text import dates, numbers, quantities_agree


def _agree(a: str, b: str) -> bool:
    left, right = numbers(a), numbers(b)
    return bool(left) and bool(right) and all(any(quantities_agree(x, y) for y in right) for x in left) and all(
        any(quantities_agree(y, x) for x in left) for y in right)


@pytest.mark.parametrize(("a", "b"), [
    ("three thousand people fled", "3,000 people fled"),
    ("Half a dozen aircraft", "Six aircraft"),
    ("a quarter of a million patients", "250,000 patients"),
    ("twelve hundred jobs", "1,200 jobs"),
    ("Twenty-three people were killed", "23 people were killed"),
    ("a fee of €62m", "a fee of 62 million euros"),
    ("revenue of 2.3bn euros", "revenue of 2.3 billion euros"),
    ("rose 84%", "rose 84 percent"),
    ("closed for a decade", "closed for ten years"),
    ("a year and a half", "18 months"),
    ("the six-year sentence", "jailed for 6 years"),
    ("more than three hundred farms", "312 farms"),
    ("almost a week of rain", "six days of rain"),
])
def test_a_restated_figure_agrees_with_the_original(a, b):
    assert _agree(a, b), (numbers(a), numbers(b))


@pytest.mark.parametrize(("a", "b"), [
    ("rate rose to 5.25 percent", "rate rose to 4.75 percent"),
    ("312 farms", "320 farms"),
    ("about 800 residents", "about 3,000 residents"),
    ("closed for a week", "closed for two weeks"),
    ("killing 23", "killing 23 days"),
])
def test_a_changed_figure_does_not_agree(a, b):
    assert not _agree(a, b), (numbers(a), numbers(b))


def test_thousands_with_a_comma_are_counts_not_years():
    assert numbers("1,200 homes and 2,500 soldiers") == {"1200", "2500"}
    assert dates("1,200 homes") == frozenset()
    assert dates("in 2019") == {"2019"} and numbers("in 2019") == frozenset()


def test_a_rate_or_a_relative_date_is_not_a_duration():
    assert numbers("prices rose 2 percent a year") == {"2"}
    assert numbers("from 150 million a year earlier") == {"150000000"}
    assert numbers("two years ago") == frozenset()


def test_day_before_month_is_the_same_date_as_month_before_day():
    assert dates("on 4 November") == dates("on November 4") == {"m11", "m11d4"}


def test_numbers_in_words_do_not_push_a_paraphrase_apart():
    a = fingerprint("About 3,000 residents were ordered to leave their homes near Castello.")
    b = fingerprint("Some three thousand people fled villages around Castello.")
    assert "numbers differ" not in score(a, b).reasons


def test_a_figure_in_digits_and_in_words_share_one_candidate_key():
    from annotations.matching.index import claim_keys

    digits = fingerprint("The death toll stands at 23.")
    spelled = fingerprint("Twenty-three people were killed when the quake hit.")
    assert set(claim_keys(digits.vector, digits.terms, digits.numbers)[24:]) & set(
        claim_keys(spelled.vector, spelled.terms, spelled.numbers)[24:])
