"""Reader for the labelled attribution set (``data/*.txt``, card: ``data/attribution_set.md``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PARTS = ("tune", "heldout")
KIND_NAMES = {"person": "person", "org": "organization", "group": "group", "unknown": "unknown"}

_STORY = re.compile(r"^=== (.+)$", re.MULTILINE)
_LABEL = re.compile(r"[ \t]?\{\{([^{}]*)\}\}")


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    claimant: str  # "" when the text does not say (label "?") or for the author's own statement
    kind: str  # person, organization, group, unknown; "own" for the author's own statement

    @property
    def own(self) -> bool:
        return self.kind == "own"


@dataclass(frozen=True)
class Story:
    id: str
    topic: str
    publisher: str
    text: str
    claims: tuple[Claim, ...]


def stories(part: str) -> list[Story]:
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; expected one of {PARTS}")
    raw = (DATA_DIR / f"{part}.txt").read_text(encoding="utf-8")
    pieces = _STORY.split(raw)[1:]
    return [_story(header, body) for header, body in zip(pieces[::2], pieces[1::2], strict=True)]


def _story(header: str, body: str) -> Story:
    story_id, topic, publisher = (part.strip() for part in header.split("|"))
    body = body.strip("\n")
    text, claims, last, segment_start = [], [], 0, 0
    length = 0
    for match in _LABEL.finditer(body):
        piece = body[last:match.start()]
        text.append(piece)
        length += len(piece)
        segment = "".join(text)[segment_start:]
        start = segment_start + len(segment) - len(segment.lstrip())
        if "\n" in "".join(text)[start:length]:
            raise ValueError(f"{story_id}: a label is missing before {''.join(text)[start:length]!r}")
        claims.append(Claim(start, length, *_label(match.group(1), publisher, story_id)))
        last, segment_start = match.end(), length
    rest = body[last:]
    if rest.strip():
        raise ValueError(f"{story_id}: text after the last label: {rest.strip()[:60]!r}")
    return Story(story_id, topic, publisher, "".join(text) + rest.rstrip() + "\n", tuple(claims))


def _label(label: str, publisher: str, story_id: str) -> tuple[str, str]:
    if label == "own":
        return publisher, "own"
    if label == "?":
        return "", "unknown"
    name, _, kind = label.rpartition("|")
    if kind not in KIND_NAMES or not name:
        raise ValueError(f"{story_id}: bad label {{{{{label}}}}}")
    return name, KIND_NAMES[kind]
