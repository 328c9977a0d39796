"""``python -m annotations.splitting FILE...``: one JSON object per segment per line."""

from __future__ import annotations

import json
import sys

from . import split_text


def _read(path: str) -> str:
    with open(path, "rb") as handle:
        data = handle.read()
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text ({error.reason} at byte {error.start})") from None


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python -m annotations.splitting FILE...", file=sys.stderr)
        return 2
    status = 0
    for path in paths:
        try:
            text = _read(path)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            print(f"error: {path}: {reason}", file=sys.stderr)
            status = 1
            continue
        for candidate in split_text(text):
            print(json.dumps({"file": path, **candidate.as_dict()}, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
