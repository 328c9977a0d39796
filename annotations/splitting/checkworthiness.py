"""Check-worthiness scores in [0, 1] (placeholder until the model lands)."""

from __future__ import annotations


def threshold() -> float:
    return 0.5


def score(sentences: list[str]) -> list[float]:
    return [0.5 for _ in sentences]
