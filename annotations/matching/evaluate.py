"""Precision and recall of the matcher on the labelled pairs.

    python -m annotations.matching.evaluate [--split PART ...] [--alternatives] [--errors] [--seeds]
                                            [--link-thresholds]

Every cross-article pair of each split is scored the way the CLI and the
linking service score them: a pair counts as predicted only when the LSH index
makes it a candidate. ``tune`` is what the weights and thresholds were chosen
on; ``seen`` was the first held-out set, looked at when the rules of matcher
1.1 were written, so it is no longer held out; ``fresh`` was written before
those rules and scored once, after them (and then used like ``seen`` for matcher 1.2);
``fresh2`` was written before matcher 1.2's article-level rule and scored
once after it. Matcher 1.3's pair model is fitted on all four (train.py), so
none of them is held out any more. ``fresh3`` was written before any change
for matcher 1.3 and is left out of the default run: it was scored once, with
``--split fresh3``, after the last change to 1.3. ``fresh4`` was written before
the review panel's suggestion model and threshold (matcher 1.4, fitted and
chosen on the five other parts) and is left out too: scored once, with
``--split fresh4``, after that choice.

Each part's line also gives the review panels drawn from the pairs the linker
stores: ``best_5`` is the panel matcher 1.3 had (a claim's five best
suggestions), ``shown`` is suggest.panel's. A panel row is one suggestion in
one claim's panel.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from . import POSSIBLE_RELATION, SAME_RELATION, article_context, fingerprint, score, separate_events, suggest
from . import data as labelled
from .index import Index, claim_keys

SPLITS = ("tune", "seen", "fresh", "fresh2")
# The linker stores this many suggestions per claim (annotations.services.matching, which needs Django).
MAX_SUGGESTIONS_PER_CLAIM = suggest.STORED_PER_CLAIM
# Scored by name only, so a plain run cannot look at them by accident: fresh3 was held out for
# matcher 1.3, fresh4 for the suggestion policy and link threshold of issue 19 (data/README.md).
HELD_OUT = ("fresh3", "fresh4")


def fingerprints(items):
    contexts = {}
    result = []
    for item in items:
        if item.context not in contexts:
            contexts[item.context] = article_context(item.context)
        result.append(fingerprint(item.text, context=contexts[item.context]))
    return result


def split_matches(split: str):
    """The items of ``split``, their fingerprints and the candidate pairs scored as the CLI scores
    them: ``{(i, j): Match}`` for i < j, items of different articles only."""
    items = [item for item in labelled.items() if item.split == split]
    fps = fingerprints(items)
    index = Index()
    keys = [claim_keys(fp.vector, fp.terms, fp.numbers, fp.text) for fp in fps]
    for i, item_keys in enumerate(keys):
        index.add(i, item_keys)
    candidate_pairs = [
        (i, j) for i in range(len(items)) for j in index.candidates(keys[i])
        if i < j and items[i].article != items[j].article
    ]
    matches = dict(zip(candidate_pairs, separate_events(
        (items[i].article, items[j].article, score(fps[i], fps[j])) for i, j in candidate_pairs
    ), strict=True))
    return items, fps, matches


def evaluate_split(split: str, errors: bool = False) -> dict:
    items, fps, matches = split_matches(split)
    counts = {"pairs": 0, "positives": 0, "same": 0, "same_correct": 0, "found": 0, "candidate_hits": 0,
              "candidates": 0, "possible": 0, "found_shown": 0}
    shown = _best_suggestions(matches)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i].article == items[j].article:
                continue
            label = bool(items[i].facts & items[j].facts)
            counts["found_shown"] += label and (i, j) in shown
            is_candidate = (i, j) in matches
            relation = matches[(i, j)].relation if is_candidate else None
            counts["pairs"] += 1
            counts["positives"] += label
            counts["candidates"] += is_candidate
            counts["candidate_hits"] += label and is_candidate
            counts["same"] += relation == SAME_RELATION
            counts["same_correct"] += label and relation == SAME_RELATION
            counts["possible"] += relation == POSSIBLE_RELATION
            counts["found"] += label and relation is not None
            if errors and (relation == SAME_RELATION) != label and (label and relation is None or not label):
                match = matches.get((i, j)) or score(fps[i], fps[j])
                print(f"{'MISSED' if label else 'FALSE'} {match.score:.3f} {match.reasons} | "
                      f"{items[i].text[:70]} | {items[j].text[:70]}", file=sys.stderr)
    positives = max(counts["positives"], 1)
    return {
        "split": split,
        "pairs": counts["pairs"],
        "positive_pairs": counts["positives"],
        "predicted_same": counts["same"],
        "predicted_possible": counts["possible"],
        "precision_same": round(counts["same_correct"] / counts["same"], 4) if counts["same"] else None,
        "recall_same": round(counts["same_correct"] / positives, 4),
        "recall_same_or_possible": round(counts["found"] / positives, 4),
        # As the linker stores them: links, and each claim's best suggestions only.
        "recall_same_or_best_5_possible": round(counts["found_shown"] / positives, 4),
        "candidate_recall": round(counts["candidate_hits"] / positives, 4),
        "candidates_per_claim": round(2 * counts["candidates"] / max(len(items), 1), 1),
        **panel_figures(items, matches),
    }


def item_headlines(items) -> list[bool]:
    """Whether each labelled sentence is its article's headline, as the product decides it
    (``suggest.headline_flags`` over the sentence's span in its article)."""
    spans: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        spans.setdefault(item.context, []).append(n)
    flags = [False] * len(items)
    for body, members in spans.items():
        found = [body.find(items[n].text) for n in members]
        for n, flag in zip(members, suggest.headline_flags(
                body, [(start, start + len(items[n].text)) for n, start in zip(members, found, strict=True)]),
                strict=True):
            flags[n] = flag
    return flags


def panels(matches: dict, headlines: list[bool], *, policy: str = "shown", threshold: float | None = None
           ) -> dict[int, tuple]:
    """The suggestions each claim's review panel shows, from the pairs the linker stores.
    ``policy``: ``shown`` is ``suggest.panel``; ``best-5`` is the panel of matcher 1.3 (the five
    best undecided suggestions by score, no threshold, no headline rule)."""
    if policy == "shown":
        chosen = suggest.SHOW_THRESHOLD if threshold is None else threshold
        return {claim: found.shown for claim, found in suggest.panels(
            matches, dict(enumerate(headlines)), threshold=chosen).items()}
    by_claim: dict[int, list] = {}
    for i, j in _best_suggestions(matches):
        match = matches[(i, j)]
        if match.relation == POSSIBLE_RELATION:
            by_claim.setdefault(i, []).append(suggest.Suggestion(j, match.score, match.relation))
            by_claim.setdefault(j, []).append(suggest.Suggestion(i, match.score, match.relation))
    return {claim: tuple(sorted(found, key=lambda c: (-c.score, c.other))[:MAX_SUGGESTIONS_PER_CLAIM])
            for claim, found in by_claim.items()}


def panel_counts(items, matches: dict, shown: dict[int, tuple]) -> dict:
    """Panel rows (a suggestion in one claim's panel) and how many are right; true pairs found as a
    link or as a suggestion shown in the panel of either claim."""
    positives = {
        (i, j) for i in range(len(items)) for j in range(i + 1, len(items))
        if items[i].article != items[j].article and items[i].facts & items[j].facts
    }
    links = {pair for pair, match in matches.items() if match.relation == SAME_RELATION}
    rows = right = 0
    pairs = set()
    for claim, suggestions in shown.items():
        for suggestion in suggestions:
            pair = (min(claim, suggestion.other), max(claim, suggestion.other))
            rows += 1
            right += pair in positives
            pairs.add(pair)
    return {"rows": rows, "right": right, "found": len((links | pairs) & positives), "positives": len(positives),
            "pairs": len(pairs), "pairs_right": len(pairs & positives),
            "largest_panel": max((len(s) for s in shown.values()), default=0)}


def panel_figures(items, matches: dict) -> dict:
    headlines = item_headlines(items)
    result = {}
    for name, policy in (("best_5", "best-5"), ("shown", "shown")):
        counts = panel_counts(items, matches, panels(matches, headlines, policy=policy))
        result |= {
            f"{name}_panel_rows": counts["rows"],
            f"precision_{name}": round(counts["right"] / counts["rows"], 4) if counts["rows"] else None,
            f"{name}_pairs": counts["pairs"],
            # true pairs shown in the panel of either claim, links left out
            f"recall_{name}": round(counts["pairs_right"] / max(counts["positives"], 1), 4),
            f"recall_same_or_{name}": round(counts["found"] / max(counts["positives"], 1), 4),
            f"largest_{name}_panel": counts["largest_panel"],
        }
    return result


def _best_suggestions(matches: dict) -> set:
    """The pairs the linker stores: every link, and the best MAX_SUGGESTIONS_PER_CLAIM
    suggestions of each claim (of either claim of a pair, whichever was linked last)."""
    return suggest.stored_pairs(matches, per_claim=MAX_SUGGESTIONS_PER_CLAIM)


def link_thresholds(splits) -> list[dict]:
    """Could the link threshold come down? Links, and how many are right, with SAME lowered (every
    rule unchanged), and, of the pairs whose probability reaches SAME but a rule keeps from a link,
    how many each set of rules holds back and how many of those are the same claim."""
    from collections import Counter

    from . import SAME, overridden

    rows = []
    for threshold in (0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5):
        with overridden(SAME=threshold):
            counts = Counter()
            for split in splits:
                items, _, matches = split_matches(split)
                for (i, j), match in matches.items():
                    if match.relation == SAME_RELATION:
                        counts["links"] += 1
                        counts["right"] += bool(items[i].facts & items[j].facts)
        rows.append({"link_threshold": threshold, "links": counts["links"], "right": counts["right"]})
    held = Counter()
    for split in splits:
        items, fps, matches = split_matches(split)
        for (i, j), match in matches.items():
            if match.relation == POSSIBLE_RELATION and match.probability >= SAME:
                key = ", ".join(sorted(match.reasons))
                held[(key, "pairs")] += 1
                held[(key, "right")] += bool(items[i].facts & items[j].facts)
    for key in sorted({k for k, _ in held}, key=lambda k: -held[(k, "pairs")]):
        rows.append({"held_back_by": key, "pairs": held[(key, "pairs")], "right": held[(key, "right")]})
    return rows


def seed_figures() -> dict:
    """What the five seed articles give (the CLI's pairs): links, suggestions, and the panels."""
    from .__main__ import scored_files

    claims, headlines, matches = scored_files([str(path) for path in sorted(labelled.SEEDS_DIR.glob("*.txt"))])
    result = {
        "seeds": len({claim[0] for claim in claims}), "claims": len(claims),
        "same": sum(m.relation == SAME_RELATION for m in matches.values()),
        "possible": sum(m.relation == POSSIBLE_RELATION for m in matches.values()),
    }
    for name, policy in (("best_5", "best-5"), ("shown", "shown")):
        shown = panels(matches, headlines, policy=policy)
        result |= {
            f"{name}_panel_rows": sum(len(s) for s in shown.values()),
            f"{name}_pairs": len({(min(c, s.other), max(c, s.other)) for c, found in shown.items() for s in found}),
            f"largest_{name}_panel": max((len(s) for s in shown.values()), default=0),
        }
    return result


def alternatives(split: str) -> list[dict]:
    """Single-signal baselines, each at its own best thresholds (all pairs, no index)."""
    items = [item for item in labelled.items() if item.split == split]
    fps = fingerprints(items)
    methods = {
        "lexical (content-word Dice)": lambda a, b: _dice(a.terms, b.terms),
        "static embedding cosine": lambda a, b: float(np.dot(a.vector, b.vector)),
        "matcher (embedding + lexical + numbers/dates + article)": lambda a, b: score(a, b).score,
    }
    results = []
    for name, fn in methods.items():
        scored = [
            (fn(fps[i], fps[j]), bool(items[i].facts & items[j].facts))
            for i in range(len(items)) for j in range(i + 1, len(items)) if items[i].article != items[j].article
        ]
        results.append({"method": name, **_best_operating_points(scored)})
    return results


def _best_operating_points(scored) -> dict:
    scored.sort(key=lambda pair: -pair[0])
    positives = sum(label for _, label in scored)
    best_recall, true_pos = 0.0, 0
    for rank, (_, label) in enumerate(scored, 1):
        true_pos += label
        if true_pos / rank >= 0.95:
            best_recall = max(best_recall, true_pos / positives)
    true_pos, false_pos = 0, 0
    for _, label in scored:
        true_pos += label
        false_pos += not label
        if true_pos >= 0.9 * positives:
            break
    return {"recall_same_at_precision_0.95": round(best_recall, 4),
            "false_suggestions_for_recall_0.90": false_pos, "pairs": len(scored)}


def _dice(a, b) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotations.matching.evaluate", description=__doc__)
    parser.add_argument("--alternatives", action="store_true", help="also measure single-signal baselines")
    parser.add_argument("--errors", action="store_true", help="print wrong links and missed pairs to stderr")
    parser.add_argument("--seeds", action="store_true", help="also count links, suggestions and panels on seeds/")
    parser.add_argument("--link-thresholds", action="store_true",
                        help="also count the links made with the link threshold lowered, and what each rule holds back")
    parser.add_argument("--split", action="append", choices=SPLITS + HELD_OUT,
                        help="only these parts (default: every part but the held-out fresh3 and fresh4)")
    args = parser.parse_args(argv)
    splits = args.split or SPLITS
    for split in splits:
        print(json.dumps(evaluate_split(split, errors=args.errors)))
    if args.seeds:
        print(json.dumps(seed_figures()))
    if args.link_thresholds:
        for row in link_thresholds(splits):
            print(json.dumps(row))
    if args.alternatives:
        for split in splits:
            for row in alternatives(split):
                print(json.dumps({"split": split, **row}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
