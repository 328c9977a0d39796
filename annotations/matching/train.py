"""Fit the pair model (model/pair_model.json) on the development parts of the labelled set.

    python -m annotations.matching.train [--check]

A logistic regression over ``FEATURES`` (numpy, deterministic), fitted on every
cross-article pair of the parts listed in ``TRAIN_PARTS``: never on a held-out
part. Positives are about 1 % of the pairs, so each class weighs the same in the
loss. ``--check`` first prints a cross-validation by story: every pair is scored
by a model fitted without the stories of both its claims (a story together with
its twin), against 1.2's hand-weighted score (before its caps), as the false suggestions a reviewer
must reject before nine in ten true pairs are found, per part.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from itertools import combinations

import numpy as np

from . import FEATURES, MODEL_PATH, article_context, fingerprint, pair_features, resemblance
from . import data as labelled

TRAIN_PARTS = ("tune", "seen", "fresh", "fresh2")
L2 = 1.0
STEPS = 3000
RATE = 0.5


def _family(item, stories: dict[str, str]) -> str:
    # A story and its twin ("quake" / "quake_2019") share a family: held out together.
    return stories.get(item.article, "seeds").split("_")[0]


def pair_table():
    """Features, labels, 1.2's score, part and the two claims' story families for every pair."""
    with open(labelled.DATA_DIR / "stories.tsv", encoding="utf-8", newline="") as f:
        stories = {row["article"]: row["split"] + ":" + row["story"] for row in csv.DictReader(f, delimiter="\t")}
    rows, labels, old, parts, families = [], [], [], [], []
    for part in TRAIN_PARTS:
        items = [item for item in labelled.items() if item.split == part]
        contexts: dict = {}
        fps = [fingerprint(item.text, context=contexts.setdefault(item.context, article_context(item.context)))
               for item in items]
        for i, j in combinations(range(len(items)), 2):
            if items[i].article == items[j].article:
                continue
            rows.append(pair_features(fps[i], fps[j]))
            labels.append(bool(items[i].facts & items[j].facts))
            # 1.2's score before its caps: the resemblance less 0.25 per changed number or date.
            old.append(resemblance(fps[i], fps[j]) - 0.25 * (rows[-1][2] + rows[-1][5]))
            parts.append(part)
            families.append(tuple(sorted((part + _family(items[i], stories), part + _family(items[j], stories)))))
    return np.array(rows), np.array(labels, dtype=float), np.array(old), np.array(parts), families


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Class-balanced, L2-regularised logistic regression by gradient descent on standardised features."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    weights, bias = np.zeros(z.shape[1]), 0.0
    positives = max(y.sum(), 1.0)
    sample = np.where(y == 1, (len(y) - positives) / positives, 1.0)
    sample /= sample.mean()
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ weights + bias)))
        gradient = (p - y) * sample
        weights -= RATE * (z.T @ gradient / len(y) + L2 * weights / len(y))
        bias -= RATE * gradient.mean()
    # Back to the raw features, so scoring needs no scaling step.
    return weights / scale, float(bias - (mean / scale) @ weights)


def false_suggestions_for_recall(scores: np.ndarray, labels: np.ndarray, recall: float = 0.9) -> int:
    order = np.argsort(-scores, kind="stable")
    found = np.cumsum(labels[order])
    reach = int(np.searchsorted(found, recall * labels.sum()))
    return int(reach + 1 - found[reach])


def cross_validate(x, y, old, parts, families) -> None:
    out_of_fold = np.zeros(len(y))
    pair_families = np.array([f"{a}|{b}" for a, b in families])
    first = np.array([a for a, _ in families])
    second = np.array([b for _, b in families])
    for key in sorted(set(pair_families)):
        held = key.split("|")
        test = pair_families == key
        train = ~(np.isin(first, held) | np.isin(second, held))
        weights, bias = fit(x[train], y[train])
        out_of_fold[test] = 1.0 / (1.0 + np.exp(-(x[test] @ weights + bias)))
    for part in TRAIN_PARTS:
        chosen = parts == part
        print(json.dumps({
            "part": part, "false_suggestions_for_recall_0.90": {
                "pair_model_cross_validated": false_suggestions_for_recall(out_of_fold[chosen], y[chosen]),
                "matcher_1.2_score": false_suggestions_for_recall(old[chosen], y[chosen]),
            }}))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotations.matching.train", description=__doc__)
    parser.add_argument("--check", action="store_true", help="cross-validate by story before fitting")
    args = parser.parse_args(argv)
    x, y, old, parts, families = pair_table()
    if args.check:
        cross_validate(x, y, old, parts, families)
    weights, bias = fit(x, y)
    MODEL_PATH.write_text(json.dumps({
        "features": list(FEATURES), "weights": [round(float(w), 6) for w in weights], "bias": round(bias, 6),
        "trained_on": list(TRAIN_PARTS), "pairs": len(y), "positives": int(y.sum()),
    }, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(dict(zip(FEATURES, (round(float(w), 3) for w in weights), strict=True)) | {"bias": bias}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
