"""Who made each claim: the claimant of reported speech, in pure Python (no Django imports).

The one entry point is :func:`attribute`. Claims are index ranges into the
article's text (as :func:`annotations.splitting.split_text` gives them); each
gets the claimant's name as it should appear publicly ("Kim" and "he" become
"Kim Jong Un"), its kind (person, organization, group or unknown), the span
of the mention it came from, and whether the claim is the author's own
statement, in which case the claimant is the publisher.

``ATTRIBUTION_VERSION`` changes whenever the output for some text may change.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .article import Article, Finding

ATTRIBUTION_VERSION = "1.0"

PERSON = "person"
ORGANIZATION = "organization"
GROUP = "group"
UNKNOWN = "unknown"
KINDS = (PERSON, ORGANIZATION, GROUP, UNKNOWN)

_NAME_BREAKS = re.compile(r"[\s\-‐]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")


@dataclass(frozen=True, slots=True)
class Attribution:
    start: int
    end: int
    claimant: str
    kind: str
    evidence_start: int | None
    evidence_end: int | None
    own: bool = False
    evidence: tuple[tuple[int, int], ...] = ()
    via: str = ""
    cue: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["evidence"] = [list(span) for span in self.evidence]
        return data


def attribute(text: str, claims: list[tuple[int, int]], *, publisher: str = "") -> list[Attribution]:
    """The claimant of each claim span in ``text`` (the whole article), in the order given.

    ``evidence_start``/``evidence_end`` is the mention the claimant came from
    ("he", "Kim", "the ministry"); ``evidence`` adds the full name it was
    resolved to. ``via`` names a reporting channel beside the speaker ("as
    reported by the North's state media"). A claim with no attribution is the
    author's own: ``own`` is true and the claimant is ``publisher`` (an
    organization), or empty with kind "unknown" when no publisher is given.
    """
    if not claims:
        return []
    article = Article(text)
    return [_attribution(article, start, end, publisher) for start, end in claims]


def claimant_key(name: str) -> str:
    """A key under which two tellings' claimants compare equal: "Kim Jong-un" and "Kim Jong Un", "the
    North’s state media" and "North's state media". Spelling differences beyond case, hyphens,
    apostrophes and a leading article are left for a person to judge."""
    name = _NAME_BREAKS.sub(" ", name.replace("’", "'").strip()).casefold()
    return _LEADING_ARTICLE.sub("", name)


def _attribution(article: Article, start: int, end: int, publisher: str) -> Attribution:
    finding = _finding_for(article, start, end)
    if finding.own:
        kind = ORGANIZATION if publisher else UNKNOWN
        return Attribution(start, end, publisher, kind, None, None, True, (), "", finding.cue or "own")
    evidence = tuple(finding.evidence)
    first = evidence[0] if evidence else (None, None)
    claimant = finding.claimant
    if finding.entity is not None and not finding.entity.named and claimant:
        claimant = claimant[0].upper() + claimant[1:]
    kind = finding.kind if finding.kind in KINDS else UNKNOWN
    return Attribution(start, end, claimant, kind if claimant else UNKNOWN, first[0], first[1], False, evidence,
                       finding.via, finding.cue)


def _finding_for(article: Article, start: int, end: int) -> Finding:
    """The finding of the first sentence inside the claim that is attributed, else of its first sentence."""
    first = article.sentence_at(start)
    findings = []
    index = first
    while index < len(article.sentences) and (index == first or article.sentences[index][0] < end):
        findings.append(article.findings[index])
        index += 1
    return next((f for f in findings if f is not None and not f.own), findings[0] or Finding(own=True))
