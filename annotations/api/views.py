"""REST API v1 endpoints: access gate → serializer → service → response.

Permissions are decided in annotations.access (through permissions.py);
reads come from annotations.selectors; writes go through annotations.services.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import access, selectors
from annotations.api import filters, parsers
from annotations.api import serializers as s
from annotations.api.claimreviews import PublicAnonThrottle
from annotations.api.pagination import PageOrCursorPagination, Pagination
from annotations.api.permissions import IsReviewer, ReviewersReadEditorsWrite
from annotations.services import articles, intake, review

# Larger batches belong in several requests: one request holds one transaction.
ARTICLE_BATCH_MAX = 1000


@contextmanager
def service_errors():
    """Turn a service's Django ValidationError into a DRF 400 with the same messages."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            detail = {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": exc.messages}
        raise serializers.ValidationError(detail) from None


def claim_from_body(user, claim_id):
    """The claim named in a request body, through the gate; an unknown or hidden one is a 400.

    The claim alone: a verdict or a piece of evidence needs neither its article nor its counts.
    """
    try:
        return access.get_claim_for_user(user, claim_id, queryset=selectors.claims_plain())
    except Http404:
        raise serializers.ValidationError({"claim": ["No such claim."]}) from None


# --- The root ---

ENDPOINTS = {
    "articles": "api-article-list", "claims": "api-claim-list", "verdicts": "api-verdict-list",
    "evidence": "api-evidence-list", "claim_reviews": "api-claimreview-list",
    "claim_reviews_jsonl": "api-claimreview-jsonl", "claim_reviews_csv": "api-claimreview-csv",
    "schema": "api-schema", "docs": "api-docs",
}


class ApiRoot(APIView):
    """``/api/v1/``: where everything is, for anyone (the feed and the docs are public)."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]

    @extend_schema(responses={200: OpenApiTypes.OBJECT},
                   description="The API's endpoints by name, and where its documentation is.")
    def get(self, request):
        links = {name: request.build_absolute_uri(reverse(url_name)) for name, url_name in ENDPOINTS.items()}
        links["fetch"] = request.build_absolute_uri(reverse("api-fetch-detail", args=[0])).replace("/0/", "/{id}/")
        return Response({
            "endpoints": links,
            "authentication": "Authorization: Token <key>; make a key on your account page: "
                              + request.build_absolute_uri(reverse("account-tokens")),
        })


# --- Articles ---


class ArticleList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, ReviewersReadEditorsWrite]
    serializer_class = s.ArticleSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ArticleFilter
    # Named here, not taken from the defaults: a file comes as multipart/form-data.
    # JSON with the nesting limit, as everywhere (api/parsers.py), and a file upload besides.
    parser_classes = [parsers.JSONParser, MultiPartParser]

    def get_queryset(self):
        return selectors.article_rows()

    def list(self, request, *args, **kwargs):
        # The page's articles first, then their claim counts for those articles only.
        page = selectors.article_counts_attach(self.paginate_queryset(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request={
            "application/json": PolymorphicProxySerializer(
                component_name="ArticleCreateOneOrMany",
                serializers=[s.ArticleCreateSerializer, s.ArticleCreateSerializer(many=True), s.ArticleUrlSerializer],
                resource_type_field_name=None,
                many=False,
            ),
            "multipart/form-data": s.ArticleFileSerializer,
        },
        responses={
            201: PolymorphicProxySerializer(
                component_name="ArticleCreated",
                serializers=[s.ArticleDetailSerializer, s.ArticleBatchCreatedSerializer],
                resource_type_field_name=None,
            ),
            202: OpenApiResponse(s.ArticleFetchSerializer, description="The URL is being fetched: poll `Location`."),
            200: OpenApiResponse(s.ArticleFetchSerializer, description="The URL was imported before: "
                                                                       "`article` is that article."),
        },
        description=(
            "Send one article (an object with `body`) or many (a list, at most 1000). A list is all or nothing: "
            "on any problem nothing is created and the 400 body maps each failing item's index to its errors. "
            "Or send `{\"url\": ...}` alone: the page is fetched and its article extracted in the background; "
            "the answer is 202 with a fetch to poll (`/api/v1/fetches/{id}/`, also in `Location`), or 200 with "
            "the fetch already done when that URL (its canonical form) was imported before. "
            "Or upload a .txt, .md, .html, .htm or .docx file as `file` (multipart/form-data): 201. "
            "A text or canonical URL imported before is a 400 naming that article."
        ),
    )
    def post(self, request, *args, **kwargs):
        if isinstance(request.data, list):
            return self.create_many(request)
        if request.content_type.startswith("multipart/"):
            return self.create_from_file(request)
        if "url" in request.data and "body" not in request.data:
            return self.create_from_url(request)
        data = s.ArticleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            article = articles.article_create(**data.validated_data, created_by=request.user)
        article = selectors.article_detail_get(article.pk)
        return Response(s.ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED)

    def create_many(self, request):
        if not request.data:
            raise serializers.ValidationError({"non_field_errors": ["Send at least one article."]})
        if len(request.data) > ARTICLE_BATCH_MAX:
            raise serializers.ValidationError(
                {"non_field_errors": [f"At most {ARTICLE_BATCH_MAX} articles per request; got {len(request.data)}."]}
            )
        data = s.ArticleCreateSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        with service_errors():
            try:
                created = articles.article_create_many(items=data.validated_data, created_by=request.user)
            except articles.ArticleBatchInvalid as exc:
                # The shape of DRF's own list errors: only the failing items, keyed by their index.
                errors = {str(index): {"body": [message]} for index, message in exc.errors.items()}
                return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        ids = [article.pk for article in created]
        return Response({"created": len(ids), "ids": ids}, status=status.HTTP_201_CREATED)

    def create_from_file(self, request):
        data = s.ArticleFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        with service_errors():
            article = intake.article_create_from_file(
                name=upload.name, data=upload.read(), encoding=data.validated_data.get("encoding"),
                created_by=request.user)
        article = selectors.article_detail_get(article.pk)
        return Response(s.ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED)

    def create_from_url(self, request):
        data = s.ArticleUrlSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            fetch = intake.article_create_from_url(url=data.validated_data["url"], requested_by=request.user)
        location = request.build_absolute_uri(reverse("api-fetch-detail", args=[fetch.pk]))
        answer = status.HTTP_200_OK if fetch.duplicate else status.HTTP_202_ACCEPTED
        return Response(s.ArticleFetchSerializer(fetch).data, status=answer, headers={"Location": location})


class ArticleFetchDetail(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.ArticleFetchSerializer

    def get_object(self):
        return access.get_fetch_for_user(self.request.user, self.kwargs["pk"])


class ArticleDetail(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.ArticleDetailSerializer

    def get_object(self):
        article = access.get_article_for_user(self.request.user, self.kwargs["pk"])
        return selectors.article_detail_get(article.pk)


# --- Claims ---


class ClaimList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.ClaimSerializer
    pagination_class = PageOrCursorPagination
    filter_backends = [DjangoFilterBackend, filters.StableOrderingFilter]
    filterset_class = filters.ClaimFilter
    ordering_fields = ["checkworthiness", "start", "created_at", "id"]
    ordering = ["-checkworthiness", "id"]

    def get_queryset(self):
        # Only the columns the pages are found by; the rows come after, for the page's ids.
        cursor_mode = self.paginator.cursor_class.cursor_query_param in self.request.query_params
        return selectors.claim_keys(with_order_values=cursor_mode)

    def list(self, request, *args, **kwargs):
        # The page's ids first, then the claims with their counts for those ids
        # only: counted in the paged query, PostgreSQL would count for every row
        # an OFFSET skips too.
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        claims = selectors.claims_by_id([row["id"] for row in page])
        return self.get_paginated_response(self.get_serializer(claims, many=True).data)


class ClaimDetail(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.ClaimDetailSerializer

    def get_object(self):
        return access.get_claim_review_for_user(self.request.user, self.kwargs["pk"])


# --- Verdicts ---


class VerdictList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.VerdictSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ClaimIdFilter

    def get_queryset(self):
        verdicts = selectors.verdict_list(access.verdicts_visible_to_user(self.request.user))
        return verdicts.order_by("claim_id", "created_at", "id")

    @extend_schema(description="Verdicts you may see (blind review).")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.VerdictCreateSerializer,
        responses={201: s.VerdictSerializer, 409: OpenApiResponse(s.VerdictConflictSerializer)},
        description="Submit your verdict on a claim; one per reviewer and claim (a second one is 409).",
    )
    def post(self, request, *args, **kwargs):
        data = s.VerdictCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The service reads the claim once, locked, and answers an id that names none.
        claim_id = access.claim_id_to_review(request.user, data.validated_data["claim"])
        with service_errors():
            try:
                verdict = review.verdict_submit(
                    claim=claim_id, reviewer=request.user,
                    rating=data.validated_data["rating"], rationale=data.validated_data["rationale"],
                )
            except review.VerdictExists as exc:  # before service_errors turns it into a 400
                body = {"detail": exc.messages[0], "current": s.VerdictSerializer(exc.existing).data}
                return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(s.VerdictSerializer(verdict).data, status=status.HTTP_201_CREATED)


class VerdictDetail(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.VerdictSerializer

    def get_queryset(self):
        # For DRF's OPTIONS metadata and the schema; reads go through the gate.
        return selectors.verdict_list(access.verdicts_visible_to_user(self.request.user))

    def get(self, request, pk):
        return Response(s.VerdictSerializer(access.get_verdict_for_user(request.user, pk)).data)

    @extend_schema(
        request=s.VerdictUpdateSerializer,
        responses={200: s.VerdictSerializer, 409: OpenApiResponse(s.VerdictConflictSerializer)},
        description="Replace your verdict. Send the `version` you read; a stale one is 409 with the current state.",
    )
    def put(self, request, pk):
        return self.update(request, pk, partial=False)

    @extend_schema(
        request=s.VerdictUpdateSerializer,
        responses={200: s.VerdictSerializer, 409: OpenApiResponse(s.VerdictConflictSerializer)},
        description="Change your verdict. `version` is required; a stale one is 409 with the current state.",
    )
    def patch(self, request, pk):
        return self.update(request, pk, partial=True)

    def update(self, request, pk, *, partial):
        verdict = access.get_verdict_for_user(request.user, pk, write=True)
        data = s.VerdictUpdateSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        changes = data.validated_data
        try:
            with service_errors():
                verdict = review.verdict_update(
                    verdict=verdict, expected_version=changes["version"],
                    rating=changes.get("rating"), rationale=changes.get("rationale", None if partial else ""),
                )
        except review.VerdictVersionConflict as exc:
            body = {"detail": str(exc), "current": s.VerdictSerializer(exc.current).data}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(s.VerdictSerializer(verdict).data)


# --- Evidence ---


class EvidenceList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.EvidenceSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ClaimIdFilter

    def get_queryset(self):
        return access.evidence_visible_to_user(self.request.user).order_by("claim_id", "created_at", "id")

    @extend_schema(description="Evidence you may see: every link and title; another reviewer's stance, excerpt "
                               "and note are null until you have rated the claim (blind review).")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.EvidenceCreateSerializer, responses={201: s.EvidenceSerializer})
    def post(self, request, *args, **kwargs):
        data = s.EvidenceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        claim = claim_from_body(request.user, fields.pop("claim"))
        with service_errors():
            evidence = review.evidence_add(claim=claim, added_by=request.user, **fields)
        evidence.judgement_visible = True  # one's own
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceDetail(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = s.EvidenceSerializer

    def get_queryset(self):
        return access.evidence_visible_to_user(self.request.user)

    def get(self, request, pk):
        return Response(s.EvidenceSerializer(access.get_evidence_for_user(request.user, pk)).data)

    @extend_schema(
        parameters=[OpenApiParameter("reason", str, required=False, description="Why it is retracted.")],
        responses={200: s.EvidenceSerializer},
        description="Retracts the evidence (nothing is deleted): it stays on record with `retracted_at`, "
                    "`retracted_by` and the optional `reason` (query parameter or body), no longer counts and "
                    "leaves the public page. Whoever added it, or an editor. Retracting twice is a 400.",
    )
    def delete(self, request, pk):
        evidence = access.get_evidence_for_user(request.user, pk, write=True)
        reason = request.query_params.get("reason") or (
            request.data.get("reason", "") if isinstance(request.data, dict) else "")
        with service_errors():
            retracted = review.evidence_retract(evidence=evidence, actor=request.user, reason=str(reason))
        return Response(s.EvidenceSerializer(access.get_evidence_for_user(request.user, retracted.pk)).data)
