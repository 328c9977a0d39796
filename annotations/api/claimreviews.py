"""Public, read-only ClaimReview endpoints: the feed, one fact-check, and streamed exports.

Anyone may read what is published; anonymous clients are throttled
(``API_ANON_RATE``). Every response is built from
``selectors.factcheck_published_list()``, one query per page or per
export chunk however many items.
"""

import base64
import binascii
import csv
import datetime as dt
import json
import re

from django.conf import settings
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from annotations import access, claimreview, selectors
from annotations.models import Rating

PAGE_SIZE = 100
PAGE_SIZE_MAX = 500
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


# --- Filters and the keyset cursor ---

SINCE_HELP = "Published on or after: a date (2026-03-01) or a date and time (2026-03-01T09:30:00Z)."
SINCE_ERROR = "Enter a date (2026-03-01) or a date and time with an optional offset (2026-03-01T09:30:00Z)."


@extend_schema_field(OpenApiTypes.STR)
class SinceField(serializers.Field):
    def to_internal_value(self, value):
        # An unencoded "+01:00" in a query string arrives as " 01:00".
        value = re.sub(r" (\d\d:?\d\d)$", r"+\1", str(value).strip())
        try:
            moment = parse_datetime(value)
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if day:
            moment = dt.datetime.combine(day, dt.time.min)
        if moment is None:
            raise serializers.ValidationError(SINCE_ERROR)
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def to_representation(self, value):
        return value.isoformat()


def encode_cursor(factcheck) -> str:
    raw = json.dumps([factcheck.published_at.isoformat(), factcheck.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        published_at, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        moment = dt.datetime.fromisoformat(published_at)
        if not isinstance(pk, int) or timezone.is_naive(moment):
            raise ValueError
        return moment, pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise serializers.ValidationError({"cursor": ["Invalid cursor; use the `next` link of a page."]}) from None


class ClaimReviewFilterSerializer(serializers.Serializer):
    since = SinceField(required=False, help_text=SINCE_HELP)
    rating = serializers.SlugField(required=False, help_text="A rating slug, e.g. `false` or `mostly-true`.")
    language = serializers.CharField(required=False, max_length=16, help_text="The article language, e.g. `en`.")

    def validate_rating(self, slug):
        if not Rating.objects.filter(slug=slug).exists():
            raise serializers.ValidationError(f"No rating with slug “{slug}”.")
        return slug


class ClaimReviewPageSerializer(ClaimReviewFilterSerializer):
    cursor = serializers.CharField(required=False, help_text="Where to go on: from the `next` link.")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=PAGE_SIZE_MAX, default=PAGE_SIZE)


def _validated(request, serializer_class) -> dict:
    data = serializer_class(data=request.query_params.dict())
    data.is_valid(raise_exception=True)
    return data.validated_data


def filtered_factchecks(filters: dict, factchecks=None):
    factchecks = selectors.factcheck_published_list() if factchecks is None else factchecks
    if "since" in filters:
        since = filters["since"]
        # datePublished is the first publication; older rows may have only published_at.
        factchecks = factchecks.filter(
            Q(first_published_at__gte=since) | Q(first_published_at__isnull=True, published_at__gte=since)
        )
    if "rating" in filters:
        factchecks = factchecks.filter(rating__slug=filters["rating"])
    if "language" in filters:
        factchecks = factchecks.filter(claim__article__language=filters["language"])
    return factchecks


# --- Feed and detail ---


class ClaimReviewPage(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null when this is the last.")
    results = serializers.ListField(child=serializers.JSONField(), help_text="ClaimReview JSON-LD objects.")


class ClaimReviewList(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]

    @extend_schema(
        operation_id="claim_reviews_list",
        parameters=[ClaimReviewPageSerializer],
        responses={200: ClaimReviewPage},
        description=(
            "Published fact-checks as ClaimReview JSON-LD, in the order they were published (oldest first). "
            "The cursor is a keyset (publication time, id): follow `next` and nothing is skipped or repeated "
            "while new fact-checks are published; a fact-check published again after a correction "
            "comes again at the end."
        ),
    )
    def get(self, request):
        params = _validated(request, ClaimReviewPageSerializer)
        factchecks = filtered_factchecks(params)
        if "cursor" in params:
            published_at, pk = decode_cursor(params["cursor"])
            factchecks = factchecks.filter(Q(published_at__gt=published_at) | Q(published_at=published_at, pk__gt=pk))
        size = params["page_size"]
        page = list(factchecks[: size + 1])
        next_url = None
        if len(page) > size:
            page = page[:size]
            query = request.query_params.copy()
            query["cursor"] = encode_cursor(page[-1])
            next_url = request.build_absolute_uri(request.path + "?" + query.urlencode())
        return Response({"next": next_url, "results": [claimreview.claimreview(fc) for fc in page]})


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


class _Export(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]
    content_negotiation_class = IgnoreAccept
    filename = content_type = ""

    def get(self, request):
        # Constant memory: rows come from the database EXPORT_CHUNK at a time
        # and leave as soon as they are encoded; nothing collects the whole set.
        filters = _validated(request, ClaimReviewFilterSerializer)
        rows = selectors.factcheck_published_items(
            filtered_factchecks(filters, selectors.factcheck_published()), chunk_size=EXPORT_CHUNK)
        response = StreamingHttpResponse(self.lines(rows), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


class ClaimReviewExportJSONL(_Export):
    filename, content_type = "claim-reviews.jsonl", "application/x-ndjson; charset=utf-8"

    @extend_schema(parameters=[ClaimReviewFilterSerializer],
                   responses={(200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR)},
                   description="Every published fact-check (filters as in the list), one ClaimReview JSON per line.")
    def get(self, request):
        return super().get(request)

    def lines(self, rows):
        for factcheck in rows:
            yield json.dumps(claimreview.claimreview(factcheck), ensure_ascii=False) + "\n"


class ClaimReviewExportCSV(_Export):
    filename, content_type = "claim-reviews.csv", "text/csv; charset=utf-8"

    @extend_schema(parameters=[ClaimReviewFilterSerializer],
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

