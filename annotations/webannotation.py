"""Claims and verdicts as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

The export ``GET /api/v1/export/web-annotations.jsonl`` writes one annotation a
line, each a JSON-LD object with its own ``@context``, so any line can be read
alone (docs/api.md, "Web Annotations"):

- a **claim** is an annotation that classifies a span of its article as a claim
  to check (``motivation: classifying``), tagged with its claim type;
- a **verdict** is an annotation that assesses the same span (``motivation:
  assessing``): the rating as its body, the rationale as a comment.

Both target the same ``SpecificResource``, named by the claim's API URL, so a
reader joins verdicts to claims by the target's ``id``. Its ``source`` is the
article as this app stores it (its API URL): the offsets index that text, not
the page it came from. The ``TextPositionSelector`` counts Unicode code points
from 0, as the model asks and as Python indexes strings; the
``TextQuoteSelector`` (the span, with up to 32 characters either side) finds
the span again in a copy of the text whose offsets differ, such as the
original page.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from annotations.models import Claim

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32


class Urls:
    """The API URLs annotations name, reversed once per export: ``reverse()`` three times a claim was half
    of an export's time."""

    _SLOT = 987654321

    def __init__(self):
        self.site = settings.SITE_URL
        self._around = {name: reverse(name, args=[self._SLOT]).split(str(self._SLOT))
                        for name in ("api-article-detail", "api-claim-detail", "api-verdict-detail")}

    def of(self, name: str, pk: int) -> str:
        before, after = self._around[name]
        return f"{self.site}{before}{pk}{after}"


def claim_target(urls: Urls, *, claim_id: int, article_id: int, body: str, start: int, end: int) -> dict:
    """The span of the article's text a claim stands for, by position and by quote."""
    return {
        "id": urls.of("api-claim-detail", claim_id),
        "type": "SpecificResource",
        "source": urls.of("api-article-detail", article_id),
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {"type": "TextQuoteSelector", "exact": body[start:end],
             "prefix": body[max(0, start - QUOTE_CONTEXT):start], "suffix": body[end:end + QUOTE_CONTEXT]},
        ],
    }


def claim_annotation(claim: dict, target: dict) -> dict:
    """``claim``: id, claim_type, origin, splitter_version, created and modified (ISO 8601 text in UTC)."""
    if claim["origin"] == Claim.Origin.AUTOMATIC:
        creator = {"type": "Software", "name": f"{settings.PUBLISHER_NAME} splitter",
                   **({"version": claim["splitter_version"]} if claim["splitter_version"] else {})}
    else:
        creator = {"type": "Organization", "name": settings.PUBLISHER_NAME}
    body = [{"type": "TextualBody", "purpose": "classifying", "value": "claim"}]
    if claim["claim_type"] != Claim.ClaimType.OTHER:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": claim["claim_type"]})
    return {
        "@context": CONTEXT,
        "id": target["id"] + "#annotation",
        "type": "Annotation",
        "motivation": "classifying",
        "creator": creator,
        "created": claim["created"],
        "modified": claim["modified"],
        "body": body,
        "target": target,
    }


def verdict_annotation(urls: Urls, verdict: dict, target: dict) -> dict:
    """``verdict``: id, reviewer_name (username), rating_label, rationale, created and modified (ISO 8601 text)."""
    body = [{"type": "TextualBody", "purpose": "assessing", "value": verdict["rating_label"]}]
    if verdict["rationale"]:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": verdict["rationale"],
                     "format": "text/plain"})
    return {
        "@context": CONTEXT,
        "id": urls.of("api-verdict-detail", verdict["id"]),
        "type": "Annotation",
        "motivation": "assessing",
        "creator": {"type": "Person", "nickname": verdict["reviewer_name"]},
        "created": verdict["created"],
        "modified": verdict["modified"],
        "body": body,
        "target": target,
    }
