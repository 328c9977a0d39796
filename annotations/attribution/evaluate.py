"""``python -m annotations.attribution.evaluate``: name and kind accuracy on the labelled set, and speed.

Prints, for the tuning part and the held-out part: exact-name accuracy,
kind accuracy, the share of claims left unknown, and how well the author's
own statements are told from attributed ones. ``--errors PART`` lists the
claims it got wrong in one part; ``--speed`` measures claims per second on
one core (the splitter and attribution together, as the CLI runs them).
"""

from __future__ import annotations

import os

# One core, as the target is stated; set before numpy loads its BLAS.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from . import UNKNOWN, attribute, data  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def normalise(name: str) -> str:
    """Names compare without case, runs of spaces, apostrophe style or a leading article."""
    name = re.sub(r"\s+", " ", name.replace("’", "'").strip()).casefold()
    return re.sub(r"^(?:the|a|an) ", "", name)


def score(part: str) -> dict:
    rows = []
    for story in data.stories(part):
        found = attribute(story.text, [(c.start, c.end) for c in story.claims], publisher=story.publisher)
        for claim, got in zip(story.claims, found, strict=True):
            gold_kind = "organization" if claim.own else claim.kind
            rows.append({
                "story": story.id, "text": story.text[claim.start:claim.end], "gold": claim.claimant,
                "gold_kind": gold_kind, "gold_own": claim.own, "got": got.claimant, "got_kind": got.kind,
                "got_own": got.own, "name_ok": normalise(got.claimant) == normalise(claim.claimant),
                "kind_ok": got.kind == gold_kind,
            })
    return {"rows": rows, **_measures(rows)}


def _measures(rows: list[dict]) -> dict:
    n = len(rows)
    attributed = [r for r in rows if not r["gold_own"]]
    own_tp = sum(r["gold_own"] and r["got_own"] for r in rows)
    own_pred = sum(r["got_own"] for r in rows)
    own_gold = sum(r["gold_own"] for r in rows)
    return {
        "n": n,
        "name": sum(r["name_ok"] for r in rows) / n,
        "kind": sum(r["kind_ok"] for r in rows) / n,
        "unknown": sum(r["got_kind"] == UNKNOWN for r in rows) / n,
        "gold_unknown": sum(r["gold_kind"] == UNKNOWN for r in rows) / n,
        "attributed_n": len(attributed),
        "attributed_name": sum(r["name_ok"] for r in attributed) / max(1, len(attributed)),
        "attributed_kind": sum(r["kind_ok"] for r in attributed) / max(1, len(attributed)),
        "own_precision": own_tp / max(1, own_pred),
        "own_recall": own_tp / max(1, own_gold),
    }


def speed(seconds: float = 3.0) -> dict:
    """Claims per second over the seeds, repeated: split + attribute (the CLI's work), and attribute alone."""
    from annotations.splitting import split_text

    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    split_text(texts[0])  # load the splitter's model outside the timing
    claims = {t: [(c.start, c.end) for c in split_text(t) if c.kind == "claim"] for t in texts}
    per_pass = sum(len(c) for c in claims.values())

    def both(text):
        attribute(text, [(c.start, c.end) for c in split_text(text) if c.kind == "claim"])

    def alone(text):
        attribute(text, claims[text])

    def split_only(text):
        split_text(text)

    return {"claims_per_pass": per_pass, "cli": per_pass * _passes(both, texts, seconds),
            "attribution": per_pass * _passes(alone, texts, seconds),
            "splitter": per_pass * _passes(split_only, texts, seconds)}


def _passes(fn, texts, seconds: float) -> float:
    """Passes per second of this process's CPU time: the machine is shared, and CPU time is what one
    core gives the command; the wall clock also counts the time other processes held the core."""
    start, passes = time.process_time(), 0
    while time.process_time() - start < seconds:
        for text in texts:
            fn(text)
        passes += 1
    return passes / (time.process_time() - start)


def _line(part: str, m: dict) -> str:
    return (f"{part:8} n={m['n']:3}  name {m['name']:.3f}  kind {m['kind']:.3f}  unknown {m['unknown']:.3f} "
            f"(gold {m['gold_unknown']:.3f})  | attributed only (n={m['attributed_n']}): name "
            f"{m['attributed_name']:.3f} kind {m['attributed_kind']:.3f}  | own statements: "
            f"P {m['own_precision']:.3f} R {m['own_recall']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotations.attribution.evaluate")
    parser.add_argument("--parts", nargs="+", default=list(data.PARTS), choices=data.PARTS)
    parser.add_argument("--errors", choices=data.PARTS, help="list the claims one part gets wrong")
    parser.add_argument("--speed", action="store_true", help="also measure claims per second on one core")
    args = parser.parse_args(argv)
    if args.speed and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    for part in args.parts:
        result = score(part)
        print(_line(part, result))
        if args.errors == part:
            for row in result["rows"]:
                if not (row["name_ok"] and row["kind_ok"]):
                    print(f"  [{row['story']}] gold {row['gold']!r} ({row['gold_kind']}) got {row['got']!r} "
                          f"({row['got_kind']}): {row['text'][:110]}")
    if args.speed:
        figures = speed()
        print(f"speed (claims per CPU second, one core, seeds repeated, {figures['claims_per_pass']} claims a "
              f"pass): split + attribute {figures['cli']:.0f}; attribute alone {figures['attribution']:.0f}; "
              f"splitter alone {figures['splitter']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
