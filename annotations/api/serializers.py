"""The API's contract: every field is listed explicitly; writes refuse fields they do not know."""

import re
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, empty
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from annotations.api import queries
from annotations.models import TITLE_MAX_LENGTH, Article, Claim, Evidence, Rating, Verdict, validate_http_url

UNKNOWN_FIELD = "Unknown or read-only field."


class StrictInputSerializer(serializers.Serializer):
    """A write serializer that names every field it does not accept instead of ignoring it."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: [UNKNOWN_FIELD] for name in unknown})
        return super().to_internal_value(data)


# --- Query-string filters (validated like a body, so a bad value is a 400, not an empty page) ---


class ArticleFilterSerializer(serializers.Serializer):
    split_state = serializers.ChoiceField(choices=Article.SplitState.choices, required=False)


class ClaimFilterSerializer(serializers.Serializer):
    article = serializers.IntegerField(min_value=1, required=False)
    status = serializers.ChoiceField(choices=Claim.Status.choices, required=False)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    claim_type = serializers.ChoiceField(choices=Claim.ClaimType.choices, required=False)
    checkworthy = serializers.BooleanField(required=False)


class ClaimIdFilterSerializer(serializers.Serializer):
    claim = serializers.IntegerField(min_value=1, required=False)


# --- Articles ---


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True, help_text="Claims (boilerplate excluded).")
    checkworthy_count = serializers.IntegerField(read_only=True, help_text="Claims marked check-worthy.")

    class Meta:
        model = Article
        fields = [
            "id", "title", "title_derived", "source", "url", "published_on", "language",
            "split_state", "split_error", "splitter_version", "split_started_at", "split_finished_at",
            "claim_count", "checkworthy_count", "created_at", "updated_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "created_by", "body"]
        read_only_fields = fields


_SURROGATE = re.compile("[\ud800-\udfff]")
# What the fast path checks itself; any other validator on a field is run as it is.
_CHECKED_FAST = (MaxLengthValidator, ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator)


class _Fallback(Exception):
    """The fast path cannot vouch for this item: validate it the full DRF way."""


def _fast_text(field, value):
    """A CharField's value as ``field.run_validation`` returns it, or _Fallback for anything unusual."""
    if type(value) is not str:
        raise _Fallback
    text = value.strip() if field.trim_whitespace else value
    if not text:
        if field.allow_blank:
            return ""
        raise _Fallback
    if (field.max_length is not None and len(text) > field.max_length) or "\x00" in text or _SURROGATE.search(text):
        raise _Fallback
    for validator in field.validators:
        if not isinstance(validator, _CHECKED_FAST):
            try:
                validator(text)
            except DjangoValidationError:
                raise _Fallback from None
    return text


class FastBatchSerializer(serializers.ListSerializer):
    """A list of flat write serializers, validated several times faster for items without problems.

    DRF's per-field machinery (and its character-by-character surrogate scan)
    cost 54 ms of CPU per 1000 articles, this 17 ms (docs/benchmarks.md); the
    rest of such a POST is mostly the inserts and their history. Each item is checked
    here with the same rules; an item this cannot accept as it stands (a
    wrong type, a blank, too long, an unknown field, a bad URL) goes through
    the child serializer, so every error a client sees is DRF's own. A test
    holds the two paths equal.
    """

    def run_child_validation(self, data):
        try:
            return self._fast(data)
        except _Fallback:
            return super().run_child_validation(data)

    def _fast(self, data):
        child = self.child
        if type(data) is not dict:
            raise _Fallback
        fields = child._writable_fields_by_name
        if not fields.keys() >= data.keys():
            raise _Fallback
        out = {}
        for name, field in fields.items():
            value = data.get(name, empty)
            if value is empty:
                if field.required or field.default is not empty:
                    raise _Fallback
                continue
            if isinstance(field, serializers.CharField):
                out[name] = _fast_text(field, value)
                continue
            try:
                out[name] = field.run_validation(value)
            except SkipField:
                continue
            except (serializers.ValidationError, DjangoValidationError):
                raise _Fallback from None
        return child.validate(out)


class ArticleCreateSerializer(StrictInputSerializer):
    # Verbatim: claim offsets index into the body exactly as stored.
    body = serializers.CharField(trim_whitespace=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=TITLE_MAX_LENGTH)
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000, validators=[validate_http_url])
    published_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, max_length=16)

    class Meta:
        list_serializer_class = FastBatchSerializer

    @property
    def _writable_fields_by_name(self):
        return {field.field_name: field for field in self._writable_fields}


class ArticleBatchCreatedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="In the order of the request.")


# --- Verdicts ---


class VerdictSerializer(serializers.ModelSerializer):
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)
    rating_slug = serializers.CharField(source="rating.slug", read_only=True)
    rating_label = serializers.CharField(source="rating.label", read_only=True)
    rating_value = serializers.IntegerField(source="rating.value", read_only=True, allow_null=True)

    class Meta:
        model = Verdict
        fields = [
            "id", "claim", "reviewer", "rating", "rating_slug", "rating_label", "rating_value",
            "rationale", "version", "created_at", "updated_at",
        ]
        read_only_fields = fields


class RatingField(serializers.PrimaryKeyRelatedField):
    """A rating by id, with its scale: PrimaryKeyRelatedField's answers and messages, its
    lookup (``queryset.get(pk=...)``) a prepared query compiled once (api/queries.py)."""

    def to_internal_value(self, data):
        if self.pk_field is not None:
            data = self.pk_field.to_internal_value(data)
        try:
            if isinstance(data, bool):
                raise TypeError
            return queries.rating_with_scale(data)
        except Rating.DoesNotExist:
            self.fail("does_not_exist", pk_value=data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)


def _rating_field(**kwargs):
    return RatingField(
        queryset=Rating.objects.select_related("scale"),
        error_messages={"does_not_exist": "No rating with id {pk_value}."},
        help_text="The id of a rating on the default scale.",
        **kwargs,
    )


class VerdictCreateSerializer(StrictInputSerializer):
    claim = serializers.IntegerField(min_value=1)
    rating = _rating_field()
    rationale = serializers.CharField(required=False, allow_blank=True, default="")


class VerdictUpdateSerializer(StrictInputSerializer):
    rating = _rating_field()
    rationale = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one gets 409.")

    def validate(self, attrs):
        # Partial updates (PATCH) skip "required"; the version never is optional.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": ["This field is required."]})
        return attrs


class VerdictConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = VerdictSerializer()


# --- Evidence ---


class EvidenceSerializer(serializers.ModelSerializer):
    added_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id", "claim", "added_by", "url", "title", "excerpt", "stance", "source_type", "note",
            "created_at", "updated_at",
        ]
        read_only_fields = fields


class EvidenceCreateSerializer(StrictInputSerializer):
    claim = serializers.IntegerField(min_value=1)
    url = serializers.CharField(max_length=2000, validators=[validate_http_url])
    title = serializers.CharField(max_length=300)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    source_type = serializers.ChoiceField(choices=Evidence.SourceType.choices, default=Evidence.SourceType.OTHER)
    excerpt = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- Claims ---


class ClaimSerializer(serializers.ModelSerializer):
    verdict_count = serializers.IntegerField(read_only=True, help_text="All verdicts, including hidden ones.")
    evidence_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "article", "start", "end", "text", "kind", "checkworthiness", "checkworthy", "claim_type",
            "origin", "status", "version", "verdict_count", "evidence_count", "created_at", "updated_at",
        ]
        read_only_fields = fields


def _api_datetime(value, tz):
    """A datetime exactly as DRF's DateTimeField writes it (ISO 8601, UTC as "Z")."""
    if value is None:
        return None
    text = (value.astimezone(tz) if tz else value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


CLAIM_DATETIME_FIELDS = {"created_at", "updated_at"}


def claim_rows(rows):
    """``ClaimSerializer`` output from ``values()`` rows, several times faster on a page of 100.

    DRF's field machinery was most of a claims list request (measured in
    bench/api_load.py); the contract stays ClaimSerializer's, and a test holds
    the two outputs equal.
    """
    names = ClaimSerializer.Meta.fields
    tz = timezone.get_current_timezone() if settings.USE_TZ else None
    out = []
    for row in rows:
        item = {name: row[name] for name in names}
        item["article"] = row["article"]
        for name in CLAIM_DATETIME_FIELDS:
            item[name] = _api_datetime(item[name], tz)
        out.append(item)
    return out


class ArticleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title"]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with the verdicts the reader may see (blind review) and all its evidence.

    ``verdict_count`` counts every verdict, so ``verdict_count - len(verdicts)``
    is how many stay hidden until the reader submits their own.
    """

    article = ArticleRefSerializer(read_only=True)
    verdicts = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "dismissed_reason", "verdicts", "evidence"]
        read_only_fields = fields

    @extend_schema_field(VerdictSerializer(many=True))
    def get_verdicts(self, claim):
        return VerdictSerializer(self.context["verdicts"], many=True).data


# --- The claim detail, written without DRF's per-request field building ---


def _datetimes(row, tz):
    for name in ("created_at", "updated_at"):
        row[name] = _api_datetime(row[name], tz)
    return row


def _verdict_row(verdict, tz):
    rating = verdict.rating
    return _datetimes({
        "id": verdict.pk, "claim": verdict.claim_id, "reviewer": verdict.reviewer.get_username(),
        "rating": verdict.rating_id, "rating_slug": rating.slug, "rating_label": rating.label,
        "rating_value": rating.value, "rationale": verdict.rationale, "version": verdict.version,
        "created_at": verdict.created_at, "updated_at": verdict.updated_at,
    }, tz)


def _rows_as(rows, names, tz):
    """Rows of annotations.api.queries under the API's names, their datetimes as DRF writes them."""
    return [_datetimes({api: row[column] for api, column in names.items()}, tz) for row in rows]


def claim_detail_data(claim, verdicts, evidence):
    """``ClaimDetailSerializer`` output from the rows of annotations.api.queries: the claim's
    (with its counts and article title), the verdicts the reader may see and the claim's evidence.

    DRF builds every ModelSerializer's fields anew for each request, three of
    them here, which was a fifth of a detail request (docs/benchmarks.md); a
    test holds the two outputs equal.
    """
    tz = timezone.get_current_timezone() if settings.USE_TZ else None
    data = claim_rows([claim])[0]
    data["article"] = {"id": claim["article"], "title": claim["article__title"]}
    data["dismissed_reason"] = claim["dismissed_reason"]
    data["verdicts"] = _rows_as(verdicts, queries.VERDICT_VALUES, tz)
    data["evidence"] = _rows_as(evidence, queries.EVIDENCE_VALUES, tz)
    return {name: data[name] for name in ClaimDetailSerializer.Meta.fields}


def verdict_data(verdict):
    """``VerdictSerializer`` output for a verdict with its reviewer and rating loaded (see claim_detail_data)."""
    return _verdict_row(verdict, timezone.get_current_timezone() if settings.USE_TZ else None)
