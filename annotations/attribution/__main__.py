"""``python -m annotations.attribution FILE...``: one JSON object per claim per line.

Claims are the splitter's (``annotations.splitting.split_text``, kind "claim").
Each line holds ``file, start, end, claimant, kind, evidence_start,
evidence_end`` and, beside them, ``own``, ``evidence`` (every span the
claimant came from), ``via`` and ``cue``. ``--publisher NAME`` names the
claimant of the author's own statements.
"""

from __future__ import annotations

import argparse
import json
import sys

from annotations.splitting import split_text
from annotations.splitting.__main__ import _read

from . import attribute


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotations.attribution")
    parser.add_argument("files", nargs="*", metavar="FILE")
    parser.add_argument("--publisher", default="", help="who makes the author's own statements")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.files:
        print("usage: python -m annotations.attribution [--publisher NAME] FILE...", file=sys.stderr)
        return 2
    status = 0
    for path in args.files:
        try:
            text = _read(path)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            print(f"error: {path}: {reason}", file=sys.stderr)
            status = 1
            continue
        claims = [(c.start, c.end) for c in split_text(text) if c.kind == "claim"]
        for found in attribute(text, claims, publisher=args.publisher):
            print(json.dumps({"file": path, **found.as_dict()}, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
