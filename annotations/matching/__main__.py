"""python -m annotations.matching [--shown] FILE...

Splits every file with the production splitter and prints one JSON object per
line for each matched pair of candidate claims from different files:
{"a": {"file", "start", "end"}, "b": {...}, "score": float, "relation": "same"|"possible"}.
Offsets are Python string indices into the file decoded as UTF-8.
With --shown, only the links and the suggestions a reviewer is shown in the
panel of either claim (annotations.matching.suggest), from the pairs the linker
would store.
"""

from __future__ import annotations

import json
import sys

from annotations.splitting import KIND_CLAIM, split_text

from . import SAME_RELATION, article_context, fingerprint, score, separate_events, suggest
from .index import Index, claim_keys


def match_files(paths: list[str], *, shown_only: bool = False):
    """Yield (a, b, match) for every matched pair of claims across files; with ``shown_only``,
    for the links and the pairs shown in the panel of either claim."""
    claims, headlines, matches = scored_files(paths)
    shown = set()
    if shown_only:
        for claim, found in suggest.panels(matches, dict(enumerate(headlines))).items():
            shown.update((min(claim, s.other), max(claim, s.other)) for s in found.shown)
    for (i, j), match in matches.items():
        if not shown_only or match.relation == SAME_RELATION or (i, j) in shown:
            yield claims[i], claims[j], match


def scored_files(paths: list[str]):
    """The candidate claims of the files as ``(file, start, end, fingerprint)``, whether each is its
    article's headline, and ``{(i, j): Match}`` for every matched pair across files (i < j)."""
    claims = []  # (file, start, end, fingerprint)
    headlines = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            body = f.read()
        context = article_context(body)
        found = [cand for cand in split_text(body) if cand.kind == KIND_CLAIM]
        for cand in found:
            claims.append((path, cand.start, cand.end, fingerprint(cand.text, context=context)))
        headlines.extend(suggest.headline_flags(body, [(cand.start, cand.end) for cand in found]))
    index = Index()
    keys = [claim_keys(fp.vector, fp.terms, fp.numbers, fp.text) for *_, fp in claims]
    for i, claim_keys_i in enumerate(keys):
        index.add(i, claim_keys_i)
    seen, pairs = set(), []
    for i, (path, *_rest) in enumerate(claims):
        for j in sorted(index.candidates(keys[i])):
            pair = (min(i, j), max(i, j))
            if claims[j][0] == path or pair in seen:
                continue
            seen.add(pair)
            pairs.append(pair)
    scored = [(claims[i][0], claims[j][0], score(claims[i][3], claims[j][3])) for i, j in pairs]
    matches = {pair: match for pair, match in zip(pairs, separate_events(scored), strict=True) if match.relation}
    return claims, headlines, matches


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    shown_only = "--shown" in paths
    paths = [p for p in paths if p != "--shown"]
    if not paths or any(p in ("-h", "--help") for p in paths):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        order = {path: i for i, path in enumerate(paths)}
        results = sorted(match_files(paths, shown_only=shown_only),
                         key=lambda r: (order[r[0][0]], r[0][1], order[r[1][0]], r[1][1]))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for a, b, match in results:
        print(json.dumps({
            "a": {"file": a[0], "start": a[1], "end": a[2]},
            "b": {"file": b[0], "start": b[1], "end": b[2]},
            "score": match.score,
            "relation": match.relation,
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
