"""Krippendorff's alpha: how far reviewers agree beyond chance. Pure Python, no Django.

Input is a list of *units* (claims), each the list of values the raters gave
it (one value per rater; raters who did not rate a unit are simply absent).
Only units with two or more values are *pairable*; the others say nothing
about agreement and are left out, as Krippendorff prescribes.

The computation follows Krippendorff, "Computing Krippendorff's Alpha-
Reliability" (2011): build the coincidence matrix o_ck from every ordered pair
of values within a unit (each pair weighted 1 / (m_u - 1)), take the marginals
n_c and n = sum n_c, then

    alpha = 1 - (n - 1) * sum_ck o_ck d2(c, k) / sum_ck n_c n_k d2(c, k)

with the ordinal metric d2(c, k) = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 over
the values in their order. Nominal and interval metrics are here too, so the
published examples can check the shared machinery.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Metric = Callable[[float, float, dict], float]


@dataclass(frozen=True)
class Agreement:
    """The result: ``alpha`` is None when it is undefined (no pairable values)."""

    alpha: float | None
    pairable_units: int
    pairable_values: int

    @property
    def label(self) -> str:
        if self.alpha is None:
            return "not enough ratings"
        return f"{self.alpha:.2f}"


def nominal(c, k, _marginals) -> float:
    return 0.0 if c == k else 1.0


def interval(c, k, _marginals) -> float:
    return float(c - k) ** 2


def ordinal(c, k, marginals) -> float:
    if c == k:
        return 0.0
    low, high = (c, k) if c < k else (k, c)
    between = sum(n for value, n in marginals.items() if low <= value <= high)
    return (between - (marginals[low] + marginals[high]) / 2) ** 2


def alpha(units: Iterable[Sequence], *, metric: Metric = ordinal) -> Agreement:
    """Krippendorff's alpha over ``units`` (lists of comparable values; None entries are ignored).

    Undefined (``alpha=None``) when no unit has two values. When every pairable
    value is the same there is no disagreement to expect either (0 / 0); we
    report 1.0 then, since the reviewers agreed on everything they could
    agree on, and say so in the docs rather than show "undefined" to editors.
    """
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [unit for unit in pairable if len(unit) >= 2]
    coincidences: Counter = Counter()
    for unit in pairable:
        weight = 1.0 / (len(unit) - 1)
        for i, c in enumerate(unit):
            for j, k in enumerate(unit):
                if i != j:
                    coincidences[(c, k)] += weight
    return alpha_from_coincidences(
        coincidences, pairable_units=len(pairable), pairable_values=sum(len(unit) for unit in pairable),
        metric=metric,
    )


def alpha_from_coincidences(
    coincidences: Mapping[tuple, float], *, pairable_units: int, pairable_values: int, metric: Metric = ordinal
) -> Agreement:
    """Krippendorff's alpha from a coincidence matrix already built, ``{(c, k): o_ck}``.

    For callers that count the pairs of values where the data is (the
    dashboard sums them with GROUP BY in SQL) instead of listing every unit.
    """
    marginals: Counter = Counter()
    for (c, _k), count in coincidences.items():
        marginals[c] += count
    n = sum(marginals.values())
    if not pairable_units:
        return Agreement(alpha=None, pairable_units=0, pairable_values=0)
    observed = sum(count * metric(c, k, marginals) for (c, k), count in coincidences.items())
    expected = sum(
        marginals[c] * marginals[k] * metric(c, k, marginals) for c in marginals for k in marginals
    )
    if expected == 0:
        return Agreement(alpha=1.0, pairable_units=pairable_units, pairable_values=pairable_values)
    return Agreement(
        alpha=1.0 - (n - 1) * observed / expected, pairable_units=pairable_units, pairable_values=pairable_values
    )
