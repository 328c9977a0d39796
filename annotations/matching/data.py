"""The labelled set of claim pairs (see data/README.md for how it was built).

Each labelled sentence carries the ids of the facts it states; two sentences
from different articles are the same claim when they share a fact id. Labels
are complete: every cross-article pair in a split is labelled, so precision
counts every false link, not only those on a hand-picked list of negatives.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "seeds"


@dataclass(frozen=True)
class Item:
    split: str
    article: str
    text: str
    facts: frozenset[str]
    context: str  # the whole article the sentence is from


def items() -> list[Item]:
    return _seed_items() + _story_items()


def pairs(split: str) -> list[tuple[Item, Item, bool]]:
    chosen = [item for item in items() if item.split == split]
    return [(a, b, bool(a.facts & b.facts)) for a, b in combinations(chosen, 2) if a.article != b.article]


def _seed_items() -> list[Item]:
    from annotations.splitting import split_text

    labels = {}
    with open(DATA_DIR / "seed_facts.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            labels[(row["file"], int(row["start"]))] = frozenset(row["facts"].split(","))
    result = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        for cand in split_text(body):
            key = (path.name[:3], cand.start)
            if cand.kind == "claim" and key in labels:
                result.append(Item("tune", f"seeds/{path.name}", cand.text, labels[key], body))
    return result


def _story_items() -> list[Item]:
    with open(DATA_DIR / "stories.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    bodies: dict[str, list[str]] = {}
    for row in rows:
        bodies.setdefault(row["article"], []).append(row["sentence"])
    texts = {article: sentences[0] + "\n\n" + " ".join(sentences[1:]) for article, sentences in bodies.items()}
    return [
        Item(row["split"], row["article"], row["sentence"], frozenset(row["facts"].split(",")), texts[row["article"]])
        for row in rows
    ]
