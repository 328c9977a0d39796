"""Public, read-only ClaimReview endpoints: the feed, one fact-check, and streamed exports.

Anyone may read what is published; anonymous clients are throttled
(``API_ANON_RATE``). Every response is built from
``selectors.factcheck_published_list()``, one query per page or per
export chunk however many items.
"""

import csv
import json

from django.conf import settings
from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from annotations import access, claimreview, selectors
from annotations.api.filters import ClaimReviewFilter
from annotations.api.pagination import KeysetCursorPagination

EXPORT_CHUNK = 1000


class PublicAnonThrottle(AnonRateThrottle):
    """Anonymous clients, at the rate in settings.API_ANON_RATE, read per request so tests can change it.

    The count lives in Django's cache: with the default per-process cache each
    server worker counts on its own; point CACHES at Redis to share one count.
    """

    def get_rate(self):
        return settings.API_ANON_RATE


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class ClaimReviewPagination(KeysetCursorPagination):
    """Oldest publication first, keyset on (publication time, id): nothing is skipped or repeated while
    new fact-checks are published."""

    ordering = ("published_at", "id")
    page_size = 100
    max_page_size = 500


class ClaimReviewSerializer(serializers.BaseSerializer):
    """A published fact-check as schema.org ClaimReview JSON-LD (``annotations.claimreview`` builds it)."""

    def to_representation(self, factcheck):
        return claimreview.claimreview(factcheck)


# --- Feed and detail ---


class ClaimReviewList(generics.ListAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]
    serializer_class = ClaimReviewSerializer
    pagination_class = ClaimReviewPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimReviewFilter

    def get_queryset(self):
        return selectors.factcheck_published_list()

    @extend_schema(
        operation_id="claim_reviews_list",
        filters=True,
        # One item; the pagination wraps it in its page ({"next", "results"}) and adds its parameters.
        responses={200: {"type": "object", "description": "A ClaimReview (schema.org JSON-LD)."}},
        description=(
            "Published fact-checks as ClaimReview JSON-LD, in the order they were published (oldest first). "
            "The cursor is a keyset (publication time, id): follow `next` and nothing is skipped or repeated "
            "while new fact-checks are published; a fact-check published again after a correction "
            "comes again at the end."
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ClaimReviewDetail(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]
    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="One published fact-check as ClaimReview.")
    def get(self, request, slug):
        return Response(claimreview.claimreview(access.get_published_factcheck(slug)))


# --- Streamed exports ---


class IgnoreAccept(BaseContentNegotiation):
    """The export's format is in its URL; an Accept header asking for CSV must not make it a 406."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


CSV_COLUMNS = [
    "url", "claim_reviewed", "date_published", "date_modified", "rating", "rating_value", "best_rating",
    "worst_rating", "claimant", "claim_date", "appearance_urls", "appearance_headlines", "language", "summary",
]
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(data: dict) -> list[str]:
    rating, item = data["reviewRating"], data["itemReviewed"]
    appearances = item["appearance"]
    row = [
        data["url"], data["claimReviewed"], data.get("datePublished"), data.get("dateModified"),
        rating["alternateName"], rating.get("ratingValue"), rating.get("bestRating"), rating.get("worstRating"),
        item.get("author", {}).get("name"), item.get("datePublished"),
        " ".join(a["url"] for a in appearances if "url" in a), " | ".join(a["headline"] for a in appearances),
        data["inLanguage"], data["reviewBody"],
    ]
    return [_cell(value) for value in row]


class _Line:
    """csv.writer writes into this and gets the line back, so rows stream one at a time."""

    def write(self, line):
        return line


class _Export(generics.GenericAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]
    content_negotiation_class = IgnoreAccept
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimReviewFilter
    pagination_class = None
    filename = content_type = ""

    def get_queryset(self):
        return selectors.factcheck_published()

    def get(self, request):
        # Constant memory: rows come from the database EXPORT_CHUNK at a time
        # and leave as soon as they are encoded; nothing collects the whole set.
        rows = selectors.factcheck_published_items(self.filter_queryset(self.get_queryset()), chunk_size=EXPORT_CHUNK)
        response = StreamingHttpResponse(self.lines(rows), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


class ClaimReviewExportJSONL(_Export):
    filename, content_type = "claim-reviews.jsonl", "application/x-ndjson; charset=utf-8"

    @extend_schema(filters=True,
                   responses={(200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR)},
                   description="Every published fact-check (filters as in the list), one ClaimReview JSON per line.")
    def get(self, request):
        return super().get(request)

    def lines(self, rows):
        for factcheck in rows:
            yield json.dumps(claimreview.claimreview(factcheck), ensure_ascii=False) + "\n"


class ClaimReviewExportCSV(_Export):
    filename, content_type = "claim-reviews.csv", "text/csv; charset=utf-8"

    @extend_schema(filters=True,
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
                   description="Every published fact-check (filters as in the list), one CSV row each. Cells "
                               "that a spreadsheet would run as a formula start with an apostrophe.")
    def get(self, request):
        return super().get(request)

    def lines(self, rows):
        writer = csv.writer(_Line())
        yield writer.writerow(CSV_COLUMNS)
        for factcheck in rows:
            yield writer.writerow(csv_row(claimreview.claimreview(factcheck)))

