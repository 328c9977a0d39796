"""``python -m annotations.temporal.evaluate``: the tagger's figures, as TempEval-3 Task A reports them.

Without arguments it scores the project's hand-labelled news set (the dev part,
then the held-out part) and measures speed on one core. ``--timeml DIR`` scores
TimeML files instead (for instance the TempEval-3 platinum test set, or
TimeBank/AQUAINT from TBAQ-cleaned), read where they lie: they are not shipped.

Measures (TempEval-3, UzZaman et al. 2013): strict match (same extent) and
relaxed match (overlapping extents) precision, recall and F1; value and type
accuracy over the relaxed matches, and value F1 and type F1 = accuracy x relaxed
F1, which is how the official TE-3 scorer computes its attribute F1. Predictions
the tagger itself left unresolved (``value=None``: event-anchored phrases such as
"the 80th anniversary", which TimeML does not mark) are left out and counted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import find_dates
from .corpus import Document, news_set, timeml_dir


def score(docs: list[Document]) -> dict:
    totals = {"gold": 0, "pred": 0, "strict": 0, "relaxed": 0, "value": 0, "type": 0, "unresolved": 0}
    errors = []
    for doc in docs:
        found = find_dates(doc.text, dct=doc.dct)
        pred = [t for t in found if t.value is not None]
        totals["unresolved"] += len(found) - len(pred)
        totals["gold"] += len(doc.gold)
        totals["pred"] += len(pred)
        pairs, unmatched_pred = _match(doc.gold, pred)
        matched_gold = {id(g) for g, _ in pairs}
        for g, p in pairs:
            totals["relaxed"] += 1
            totals["strict"] += (g.start, g.end) == (p.start, p.end)
            totals["value"] += g.value == p.value
            totals["type"] += g.type == p.type
            if g.value != p.value or (g.start, g.end) != (p.start, p.end) or g.type != p.type:
                errors.append((doc.name, f"gold {g.text!r} {g.type} {g.value} | got {p.text!r} {p.type} {p.value}"))
        errors += [(doc.name, f"missed {g.text!r} {g.type} {g.value}") for g in doc.gold if id(g) not in matched_gold]
        errors += [(doc.name, f"extra {p.text!r} {p.type} {p.value}") for p in unmatched_pred]
    return {**_measures(totals), "counts": totals, "errors": errors}


def _match(gold, pred):
    """One-to-one pairs of overlapping expressions, in text order; and the predictions left over."""
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and p.start < g.end and g.start < p.end:
                pairs.append((g, p))
                used.add(i)
                break
    return pairs, [p for i, p in enumerate(pred) if i not in used]


def _prf(hits: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = hits / pred if pred else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _measures(t: dict) -> dict:
    strict = _prf(t["strict"], t["pred"], t["gold"])
    relaxed = _prf(t["relaxed"], t["pred"], t["gold"])
    value_acc = t["value"] / t["relaxed"] if t["relaxed"] else 0.0
    type_acc = t["type"] / t["relaxed"] if t["relaxed"] else 0.0
    return {"strict": strict, "relaxed": relaxed, "value_accuracy": value_acc, "type_accuracy": type_acc,
            "value_f1": value_acc * relaxed[2], "type_f1": type_acc * relaxed[2]}


def speed(docs: list[Document], repeat: int = 20) -> dict:
    """Characters and expressions per second of CPU time, one core, over ``docs`` ``repeat`` times."""
    texts = [(d.text, d.dct) for d in docs]
    chars = sum(len(t) for t, _ in texts)
    began = time.process_time()
    count = 0
    for _ in range(repeat):
        for text, dct in texts:
            count += len(find_dates(text, dct=dct))
    spent = time.process_time() - began
    return {"mb_per_s": chars * repeat / spent / 1e6, "expressions_per_s": count / spent, "chars": chars * repeat}


def report(name: str, result: dict) -> str:
    c = result["counts"]
    lines = [f"{name}: {c['gold']} gold, {c['pred']} predicted ({c['unresolved']} unresolved left out)"]
    for kind in ("strict", "relaxed"):
        p, r, f = result[kind]
        lines.append(f"  {kind:8s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    lines.append(f"  value    accuracy {result['value_accuracy']:.3f}  F1 {result['value_f1']:.3f}")
    lines.append(f"  type     accuracy {result['type_accuracy']:.3f}  F1 {result['type_f1']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotations.temporal.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--timeml", action="append", type=Path, default=[],
                        help="a TimeML file or folder of .tml files to score (repeatable)")
    parser.add_argument("--part", choices=("dev", "heldout", "all"), default="all",
                        help="which part of the project's news set to score (default: both, reported apart)")
    parser.add_argument("--errors", action="store_true", help="print every mismatch")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    args = parser.parse_args(argv)

    sets = []
    if args.timeml:
        for path in args.timeml:
            if not path.exists():
                print(f"error: {path}: no such file or folder", file=sys.stderr)
                return 2
            sets.append((str(path), timeml_dir(path)))
    else:
        parts = ("dev", "heldout") if args.part == "all" else (args.part,)
        sets = [(f"news {part}", news_set(part)) for part in parts]
    for name, docs in sets:
        result = score(docs)
        print(report(name, result))
        if args.errors:
            for doc, message in result["errors"]:
                print(f"    {doc}: {message}")
    if not args.no_speed:
        docs = [d for _, group in sets for d in group]
        s = speed(docs, repeat=max(1, 200_000 // max(1, sum(len(d.text) for d in docs))))
        print(f"speed: {s['mb_per_s']:.2f} MB/s, {s['expressions_per_s']:,.0f} expressions/s "
              f"(one core, CPU time over {s['chars']:,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
