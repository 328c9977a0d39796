"""``python -m annotations.temporal FILE... --date YYYY-MM-DD``: one JSON object per expression per line.

Keys: ``file, start, end, text, value`` and ``type`` (``mod`` too when the
expression has one). ``--date`` is the articles' publication date; without it,
expressions that need it get ``"value": null``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from . import find_dates


def _read(path: str) -> str:
    with open(path, "rb") as handle:
        data = handle.read()
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text ({error.reason} at byte {error.start})") from None


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotations.temporal", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--date", type=_date, default=None, help="publication date, YYYY-MM-DD")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            text = _read(path)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            print(f"error: {path}: {reason}", file=sys.stderr)
            status = 1
            continue
        for timex in find_dates(text, dct=args.date):
            row = {"file": path, "start": timex.start, "end": timex.end, "text": timex.text,
                   "value": timex.value, "type": timex.type}
            if timex.mod:
                row["mod"] = timex.mod
            print(json.dumps(row, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
