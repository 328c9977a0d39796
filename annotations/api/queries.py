"""The API's hottest reads as prepared queries (annotations.prepared), in the shape the API writes.

Each is the queryset a view would otherwise build and compile on every
request, from the same selectors and the same access rules; only the
compiling is done once. ``tests/api/test_prepared_reads.py`` holds each one
equal to its queryset.
"""

from annotations import access, selectors
from annotations.models import Claim
from annotations.prepared import PreparedQuery

# The claim's columns, named as the API names them.
CLAIM_VALUES = (
    "id", "article", "start", "end", "text", "kind", "checkworthiness", "checkworthy", "claim_type",
    "origin", "status", "version", "verdict_count", "evidence_count", "created_at", "updated_at",
)
CLAIM_DETAIL_VALUES = (*CLAIM_VALUES, "dismissed_reason", "article__title")
# A verdict's and a piece of evidence's columns: the API's name → the name ``values()``
# reads it by (serializers.py writes the rows under the API's names).
VERDICT_VALUES = {
    "id": "id", "claim": "claim", "reviewer": "reviewer__username", "rating": "rating",
    "rating_slug": "rating__slug", "rating_label": "rating__label", "rating_value": "rating__value",
    "rationale": "rationale", "version": "version", "created_at": "created_at", "updated_at": "updated_at",
}
EVIDENCE_VALUES = {
    "id": "id", "claim": "claim", "added_by": "added_by__username", "url": "url", "title": "title",
    "excerpt": "excerpt", "stance": "stance", "source_type": "source_type", "note": "note",
    "created_at": "created_at", "updated_at": "updated_at",
}

_CLAIM_DETAIL = PreparedQuery(lambda pk: selectors.claim_list().filter(pk=pk).values(*CLAIM_DETAIL_VALUES), int)
# In the order of the claim's prefetched evidence before (Evidence's default order).
_CLAIM_EVIDENCE = PreparedQuery(
    lambda claim_id: selectors.evidence_list().filter(claim_id=claim_id).values(*EVIDENCE_VALUES.values()), int,
)
_VISIBLE_VERDICTS = {
    access.VERDICTS_ALL: PreparedQuery(
        lambda claim_id: selectors.verdict_list(access.verdicts_in_scope(access.VERDICTS_ALL, None))
        .filter(claim_id=claim_id).values(*VERDICT_VALUES.values()),
        int,
    ),
    access.VERDICTS_BLIND: PreparedQuery(
        lambda claim_id, user_id: selectors.verdict_list(access.verdicts_in_scope(access.VERDICTS_BLIND, user_id))
        .filter(claim_id=claim_id).values(*VERDICT_VALUES.values()),
        int, int,
    ),
}


def claim_detail_row(pk) -> dict:
    """The claim with its counts and its article's title; Claim.DoesNotExist if there is none."""
    rows = _CLAIM_DETAIL.rows(pk)
    if not rows:
        raise Claim.DoesNotExist
    return rows[0]


def claim_evidence_rows(claim_id: int) -> list[dict]:
    """All the claim's evidence, with who added each."""
    return _CLAIM_EVIDENCE.rows(claim_id)


def visible_verdict_rows(user, claim_id: int) -> list[dict]:
    """The verdicts on the claim that ``access`` lets the user read (blind review), with reviewer and rating."""
    scope = access.verdict_scope(user)
    if scope == access.VERDICTS_ALL:
        return _VISIBLE_VERDICTS[scope].rows(claim_id)
    if scope == access.VERDICTS_BLIND:
        return _VISIBLE_VERDICTS[scope].rows(claim_id, user.pk)
    return []
