"""Which way the clause around an expression points: past, future or unknown.

"said Wednesday" is the Wednesday before the article; "talks resume Thursday"
the one after. HeidelTime reads this from part-of-speech tags; a word list and
the "-ed" ending get the news cases without a tagger. The marker nearest to
the expression wins, so "voted Wednesday to put it before voters in November"
reads Wednesday as past (beside "voted") and November as future (beside "to put").
"""

from __future__ import annotations

import re

PAST, FUTURE = "past", "future"

_FUTURE = (
    r"will|won't|wo|'ll|shall|would|could|may|might|going\s+to|due|expected\s+to|expects?|"
    r"scheduled|set\s+to|plans?\s+to|planned|plans|aims?\s+to|hopes?\s+to|intends?\s+to|"
    r"forecasts?|upcoming|coming|next|resumes?|begins|starts|opens|kicks\s+off|takes\s+effect|"
    r"to\s+(?!be\b|date\b)[a-z]+"
)
# Irregular past forms that turn up beside dates in news; regular ones end in -ed.
_IRREGULAR = (
    "was were had did said told met won lost fell rose began took left came went made held "
    "saw gave got paid sold bought built brought thought found kept led ran set shut spent stood "
    "struck wrote spoke broke chose drove flew grew knew threw hit cut put quit hurt became "
    "announced ago earlier last previously"
)
_NOT_PAST = frozenset(
    "need needed indeed speed seed feed red bed hundred united proceed exceed succeed breed "
    "expected scheduled planned proposed due".split()
)
_MARKER = re.compile(
    rf"(?P<future>\b(?:{_FUTURE})\b)|(?P<past>\b(?:{'|'.join(_IRREGULAR.split())})\b|\b[a-z]{{2,}}ed\b)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;!?\n:]\s|[\n;]")


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` around ``[start, end)`` up to sentence or clause punctuation."""
    left = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), text.rfind("\n", 0, start),
               text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    found = _CLAUSE_END.search(text, end)
    return left + 1, found.start() if found else len(text)


def direction(text: str, start: int, end: int) -> str | None:
    """``PAST``, ``FUTURE`` or None for the expression at ``[start, end)``.

    The comma-delimited stretch around the expression is read first ("..., ending a
    debate that began last April" must not decide for "in November" before it);
    the whole clause only when that stretch has no marker.
    """
    left, right = clause(text, start, end)
    comma_left = max(text.rfind(",", left, start), left - 1) + 1
    comma_right = text.find(",", end, right)
    found = _nearest(text, start, end, comma_left, right if comma_right < 0 else comma_right)
    return found or _nearest(text, start, end, left, right)


def _nearest(text: str, start: int, end: int, left: int, right: int) -> str | None:
    best, best_distance = None, None
    for found in _MARKER.finditer(text, left, right):
        if found.start() < end and found.end() > start:
            continue
        word = found.group().lower()
        if found.lastgroup == "past" and word in _NOT_PAST:
            continue
        # "fell on Friday to close at $20": an infinitive after the date is a purpose, not the future.
        if word.startswith("to") and found.start() >= end:
            continue
        distance = start - found.end() if found.end() <= start else found.start() - end
        # A marker on the left governs a little more often than one at the same distance on the right.
        if found.start() >= end:
            distance += 2
        if best_distance is None or distance < best_distance:
            best, best_distance = found.lastgroup, distance
    return {"past": PAST, "future": FUTURE}.get(best) if best else None
