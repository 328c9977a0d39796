"""Krippendorff's alpha, checked against the published example and its edge cases."""

import pytest

from annotations import agreement

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
# reliability data of section C: 4 observers, 12 units, values 1-5, gaps missing.
N = None
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
UNITS = list(zip(*OBSERVERS, strict=True))


@pytest.mark.parametrize(
    ("metric", "published"),
    [(agreement.nominal, 0.743), (agreement.ordinal, 0.815), (agreement.interval, 0.849)],
)
def test_alpha_matches_krippendorffs_published_values(metric, published):
    result = agreement.alpha(UNITS, metric=metric)
    assert round(result.alpha, 3) == published
    # Unit 12 has a single value and is not pairable.
    assert (result.pairable_units, result.pairable_values) == (11, 40)


def test_ordinal_is_the_default_metric():
    assert agreement.alpha(UNITS).alpha == agreement.alpha(UNITS, metric=agreement.ordinal).alpha


def test_one_rater_leaves_alpha_undefined():
    result = agreement.alpha([[3], [5], [1]])
    assert result.alpha is None
    assert result.label == "not enough ratings"


def test_no_units_at_all_leaves_alpha_undefined():
    assert agreement.alpha([]).alpha is None


def test_missing_values_do_not_make_a_unit_pairable():
    assert agreement.alpha([[3, None], [None, None, 2]]).pairable_units == 0


def test_raters_who_agree_on_everything_score_one():
    result = agreement.alpha([[4, 4], [2, 2, 2], [6, 6]])
    assert result.alpha == 1.0
    assert result.label == "1.00"


def test_all_raters_giving_one_value_everywhere_scores_one_not_a_division_by_zero():
    assert agreement.alpha([[5, 5], [5, 5]]).alpha == 1.0


def test_systematic_disagreement_is_below_zero():
    # Every unit split between the two ends of the scale: worse than chance.
    assert agreement.alpha([[1, 6], [6, 1], [1, 6]]).alpha < 0


def test_ordinal_counts_a_near_miss_as_less_disagreement_than_a_far_one():
    near = agreement.alpha([[1, 1], [2, 2], [3, 3], [5, 6], [6, 6]]).alpha
    far = agreement.alpha([[1, 1], [2, 2], [3, 3], [1, 6], [6, 6]]).alpha
    assert near > far


def test_a_single_claim_with_two_different_ratings_scores_zero():
    # One unit: the only variation there is lies within it, so no agreement beyond chance.
    assert agreement.alpha([[2, 5]]).alpha == 0.0
