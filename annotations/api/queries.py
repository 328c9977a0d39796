"""The API's hottest reads as prepared queries (annotations.prepared), in the shape the API writes.

Each is the queryset a view would otherwise build and compile on every
request, from the same selectors and the same access rules; only the
compiling is done once. ``tests/api/test_prepared_reads.py`` holds each one
equal to its queryset.
"""

from django.db.models import Func, IntegerField, Q

from annotations import access, selectors
from annotations.models import Claim, Rating, RatingScale
from annotations.prepared import PreparedQuery, concrete_names, instance

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


# --- The claims list ---

# The rows of a page, by id; compiled for a few sizes of id list, the ids padded to the next
# size by repeating the last (the same rows: IN ignores repeats), so a page of any size
# reuses one of nine compiled queries instead of one per size.
_ROW_BATCHES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
_CLAIM_ROWS = {
    size: PreparedQuery(lambda *ids: selectors.claim_list().filter(pk__in=ids).values(*CLAIM_VALUES), *[int] * size)
    for size in _ROW_BATCHES
}


def claim_rows_by_id(ids: list[int]) -> dict[int, dict]:
    """The claims with these ids, with their counts, by id (``selectors.claim_list()`` rows)."""
    if not ids:
        return {}
    size = next((size for size in _ROW_BATCHES if size >= len(ids)), None)
    if size is None:  # more than a page can hold: the ORM's own way
        rows = selectors.claim_list().filter(pk__in=ids).values(*CLAIM_VALUES)
    else:
        rows = _CLAIM_ROWS[size].rows(*ids, *[ids[-1]] * (size - len(ids)))
    return {row["id"]: row for row in rows}


class ClaimPages:
    """The default claims list (every claim, most check-worthy first, ties by id), as prepared queries.

    ``pagination.KeysetOrPageNumberPagination.paginate_ids`` takes it in place
    of that queryset: ``ids()`` for page numbers (a sliceable list with a
    count, as Django's Paginator wants), ``keyset()`` for cursor pages. The
    queries are those the pagination builds from the queryset, compiled once.
    """

    order_by = ("-checkworthiness", "id")

    def ids(self):
        return _PreparedIds()

    def keyset(self, value, pk, limit: int) -> list[tuple]:
        """(pk, checkworthiness) of the first ``limit`` claims after (value, pk); from the start without a cursor."""
        if pk is None:
            rows = _KEYSET_FIRST.rows(limit=limit, offset=0)
        else:
            rows = _KEYSET_AFTER.rows(value, pk, limit=limit, offset=0)
        return [(row["pk"], row["checkworthiness"]) for row in rows]


def _default_claims():
    return Claim.objects.order_by(*ClaimPages.order_by)


_COUNT = PreparedQuery(
    # SELECT COUNT(*) FROM the claims, as the paginator's queryset.count() asks.
    lambda: Claim.objects.order_by().annotate(n=Func(template="COUNT(*)", output_field=IntegerField())).values("n"),
)
_PAGE_IDS = PreparedQuery(lambda: _default_claims().values("pk"), paged=True)
_KEYSET_FIRST = PreparedQuery(lambda: _default_claims().values("pk", "checkworthiness"), paged=True)
_KEYSET_AFTER = PreparedQuery(
    # The pagination's keyset condition for this order, as it writes it.
    lambda value, pk: _default_claims().filter(
        Q(checkworthiness=value, pk__gt=pk) | Q(checkworthiness__lt=value)
    ).values("pk", "checkworthiness"),
    float, int, paged=True,
)


class _PreparedIds:
    """The default list's ids as Django's Paginator reads a queryset: ``count()`` and a slice."""

    ordered = True

    def count(self) -> int:
        return _COUNT.rows()[0]["n"]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None or (index.start or 0) < 0 or index.stop is None:
            raise TypeError("Only a forward slice of the ids.")
        start = index.start or 0
        if index.stop <= start:  # as an empty queryset slice: no query
            return []
        return [row["pk"] for row in _PAGE_IDS.rows(limit=index.stop - start, offset=start)]


# --- A verdict's submission ---

_CLAIM = PreparedQuery(lambda pk: Claim.objects.filter(pk=pk).values(*concrete_names(Claim)), int)
_RATING = PreparedQuery(
    lambda pk: Rating.objects.filter(pk=pk).values(*concrete_names(Rating), *concrete_names(RatingScale, "scale__")),
    int,
)


def claim(pk) -> Claim:
    """``Claim.objects.get(pk=pk)``: the claim alone (a verdict needs neither its article nor its counts)."""
    return instance(Claim, _CLAIM.one(pk))


def rating_with_scale(pk) -> Rating:
    """``Rating.objects.select_related("scale").get(pk=pk)``."""
    row = _RATING.one(pk)
    rating = instance(Rating, row)
    rating.scale = instance(RatingScale, row, "scale__")
    return rating
