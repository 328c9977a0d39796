"""What attribution says about one sentence."""

from __future__ import annotations

from dataclasses import dataclass, field

from .entities import Entity


@dataclass
class Finding:
    """Who made one sentence's claim."""

    claimant: str = ""
    kind: str = "unknown"
    evidence: list[tuple[int, int]] = field(default_factory=list)
    own: bool = False
    cue: str = ""
    via: str = ""
    entity: Entity | None = None
