"""The API's contract: each output is defined once, here, with every field listed explicitly.

Outputs are plain ``Serializer`` classes with declared fields rather than
``ModelSerializer``: the fields are the contract (a model change never leaks
into the API) and DRF does not re-read the model's fields on every request.
They serialize model instances or ``values()`` rows alike. Writes refuse
fields they do not know.
"""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations import selectors
from annotations.models import (
    EVIDENCE_TEXT_MAX_LENGTH,
    RATIONALE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Article,
    ArticleFetch,
    Claim,
    Evidence,
    validate_http_url,
)

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


class TextField(serializers.CharField):
    """A string, and only a string: DRF's CharField takes ``12345`` or ``true`` and stores their text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdField(serializers.IntegerField):
    """A whole number, and only a number: DRF's IntegerField also takes ``"12"`` and ``12.0``."""

    def to_internal_value(self, data):
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class UsernameField(serializers.CharField):
    """A user shown by username (null when the user is gone or none was recorded).

    A row read with the name annotated as ``<source>_username`` (the claim detail's
    selectors) gives it without loading the user.
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        annotated = f"{self.source}_username"
        if annotated in getattr(instance, "__dict__", ()):
            return instance.__dict__[annotated]
        return super().get_attribute(instance)

    def to_representation(self, value):
        return value if isinstance(value, str) else value.get_username()


# --- Articles ---


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    title_derived = serializers.BooleanField(read_only=True)
    source = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="The article's address (http/https), or empty.")
    canonical_url = serializers.CharField(
        read_only=True, help_text="The address without tracking parameters: one article per canonical URL.")
    author = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    language = serializers.CharField(read_only=True)
    split_state = serializers.ChoiceField(choices=Article.SplitState.choices, read_only=True)
    split_error = serializers.CharField(read_only=True)
    splitter_version = serializers.CharField(read_only=True)
    split_started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    split_finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True, help_text="Claims (boilerplate excluded).")
    checkworthy_count = serializers.IntegerField(read_only=True, help_text="Claims marked check-worthy.")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class ArticleDetailSerializer(ArticleSerializer):
    created_by = UsernameField(help_text="Who imported it; null when unknown.")
    body = serializers.CharField(read_only=True)


class ArticleCreateSerializer(StrictInputSerializer):
    # Verbatim: claim offsets index into the body exactly as stored.
    body = TextField(trim_whitespace=False)
    title = TextField(required=False, allow_blank=True, max_length=TITLE_MAX_LENGTH)
    source = TextField(required=False, allow_blank=True, max_length=200)
    url = TextField(required=False, allow_blank=True, max_length=2000, validators=[validate_http_url])
    published_on = serializers.DateField(required=False, allow_null=True)
    language = TextField(required=False, max_length=16)


class ArticleUrlSerializer(StrictInputSerializer):
    url = serializers.CharField(max_length=2000, help_text="An http(s) address; the page is fetched and its "
                                                           "article extracted by a background job.")


ENCODINGS = ("utf-8", "cp1252", "iso-8859-1", "iso-8859-15", "utf-16")


class ArticleFileSerializer(StrictInputSerializer):
    file = serializers.FileField(help_text="A .txt, .md, .html, .htm or .docx file (multipart/form-data).")
    encoding = serializers.ChoiceField(choices=ENCODINGS, required=False, allow_blank=True,
                                       help_text="For a text file that is not UTF-8 and has no byte-order mark.")


class ArticleFetchSerializer(serializers.Serializer):
    """A fetch of a URL: poll it until ``state`` is done (``article`` is set) or failed (``error`` says why)."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="The address as it was sent.")
    state = serializers.ChoiceField(choices=ArticleFetch.State.choices, read_only=True)
    error = serializers.CharField(read_only=True, help_text="Why it failed, or why it is being tried again.")
    attempts = serializers.IntegerField(read_only=True)
    article = serializers.IntegerField(source="article_id", read_only=True, allow_null=True)
    duplicate = serializers.BooleanField(
        read_only=True, help_text="True when it led to an article imported before: nothing new was created.")
    created_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ArticleBatchCreatedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="In the order of the request.")


# --- Verdicts ---


class VerdictSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    claim = serializers.IntegerField(source="claim_id", read_only=True)
    reviewer = UsernameField()
    rating = serializers.IntegerField(source="rating_id", read_only=True)
    rating_slug = serializers.CharField(source="rating.slug", read_only=True)
    rating_label = serializers.CharField(source="rating.label", read_only=True)
    rating_value = serializers.IntegerField(source="rating.value", read_only=True, allow_null=True)
    rationale = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    withdrawn_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Set when the verdict was withdrawn: it no longer counts.")
    withdrawn_by = UsernameField(help_text="Who withdrew it (its reviewer or an admin); null while it stands.")
    withdrawal_reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class RatingField(serializers.PrimaryKeyRelatedField):
    """A rating by its id, a number (DRF also looks up ``"6"``)."""

    def to_internal_value(self, data):
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


def _rating_field(**kwargs):
    return RatingField(
        queryset=selectors.ratings_all(),
        error_messages={"does_not_exist": "No rating with id {pk_value}."},
        help_text="The id of a rating on the default scale.",
        **kwargs,
    )


class VerdictCreateSerializer(StrictInputSerializer):
    claim = IdField(min_value=1)
    rating = _rating_field()
    rationale = TextField(required=False, allow_blank=True, default="", max_length=RATIONALE_MAX_LENGTH)


class VerdictUpdateSerializer(StrictInputSerializer):
    rating = _rating_field()
    rationale = TextField(required=False, allow_blank=True, max_length=RATIONALE_MAX_LENGTH)
    version = IdField(min_value=1, help_text="The version you read; a stale one gets 409.")

    def validate(self, attrs):
        # Partial updates (PATCH) skip "required"; the version never is optional.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": ["This field is required."]})
        return attrs


class VerdictConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = VerdictSerializer()


# --- Evidence ---


class EvidenceSerializer(serializers.Serializer):
    """A piece of evidence as its reader may see it (blind review).

    Read through ``access.evidence_visible_to_user``, which says for each
    piece whether its judgement is visible; another reviewer's ``stance``,
    ``excerpt`` and ``note`` are null until the reader has rated the claim.
    """

    id = serializers.IntegerField(read_only=True)
    claim = serializers.IntegerField(source="claim_id", read_only=True)
    added_by = UsernameField()
    url = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    judgement_visible = serializers.BooleanField(
        read_only=True, help_text="False while blind review hides stance, excerpt and note (null) from you.")
    excerpt = serializers.CharField(read_only=True, allow_null=True)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, read_only=True, allow_null=True)
    source_type = serializers.ChoiceField(choices=Evidence.SourceType.choices, read_only=True)
    note = serializers.CharField(read_only=True, allow_null=True)
    retracted_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Set when the evidence was retracted: it no longer counts.")
    retracted_by = UsernameField(help_text="Who retracted it; null while it stands.")
    retraction_reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, evidence):
        data = super().to_representation(evidence)
        # No default: evidence read around the gate has no judgement_visible and fails here, never leaks.
        if not evidence.judgement_visible:
            for name in Evidence.JUDGEMENT_FIELDS:
                data[name] = None
        return data


class EvidenceCreateSerializer(StrictInputSerializer):
    claim = IdField(min_value=1)
    url = TextField(max_length=2000, validators=[validate_http_url])
    title = TextField(max_length=300)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    source_type = serializers.ChoiceField(choices=Evidence.SourceType.choices, default=Evidence.SourceType.OTHER)
    excerpt = TextField(required=False, allow_blank=True, default="", max_length=EVIDENCE_TEXT_MAX_LENGTH)
    note = TextField(required=False, allow_blank=True, default="", max_length=EVIDENCE_TEXT_MAX_LENGTH)


# --- Claims ---


class ClaimantSerializer(serializers.Serializer):
    """Who the article says made the claim (a suggestion read from the text, not the editor's decision)."""

    name = serializers.CharField(source="claimant", read_only=True,
                                 help_text="As it should appear publicly (\"Kim\" and \"he\" resolved to the full "
                                           "name); the publisher for the article's own statements; empty if unknown.")
    kind = serializers.CharField(source="claimant_kind", read_only=True,
                                 help_text="person, organization, group or unknown; empty until computed.")
    own_statement = serializers.BooleanField(source="claimant_own", read_only=True,
                                             help_text="No attribution: the article states it itself.")
    via = serializers.CharField(source="claimant_via", read_only=True,
                                help_text="A reporting channel beside the speaker (\"as reported by state media\").")
    evidence = serializers.ListField(
        source="claimant_evidence", read_only=True, child=serializers.ListField(child=serializers.IntegerField()),
        help_text="[start, end] offsets into the article body of the mention it came from, then of the full "
                  "name it was resolved to.")
    version = serializers.CharField(source="attribution_version", read_only=True)


class DateMentionSerializer(serializers.Serializer):
    start = serializers.IntegerField(read_only=True, help_text="Offset into the article body.")
    end = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True, help_text="TIMEX3 type: DATE, TIME, DURATION or SET.")
    value = serializers.CharField(read_only=True, allow_null=True,
                                  help_text="TIMEX3 value resolved against the article's publication date "
                                            "(2025-09-03, 2025-09, 2025-W36, P2M ...); null when unresolved.")
    mod = serializers.CharField(read_only=True, allow_null=True, help_text="TIMEX3 modifier (START, APPROX ...).")


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    article = serializers.IntegerField(source="article_id", read_only=True)
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, read_only=True)
    checkworthiness = serializers.FloatField(read_only=True)
    checkworthy = serializers.BooleanField(read_only=True)
    claim_type = serializers.ChoiceField(choices=Claim.ClaimType.choices, read_only=True)
    origin = serializers.ChoiceField(choices=Claim.Origin.choices, read_only=True)
    status = serializers.ChoiceField(choices=Claim.Status.choices, read_only=True)
    version = serializers.IntegerField(read_only=True)
    verdict_count = serializers.IntegerField(
        read_only=True, help_text="The verdicts that stand, hidden ones included (withdrawn ones no longer count).")
    evidence_count = serializers.IntegerField(read_only=True, help_text="The evidence that stands (not retracted).")
    duplicate_of = serializers.IntegerField(
        source="duplicate_of_id", read_only=True, allow_null=True,
        help_text="The claim of the same article this one repeats, whose verdict counts for it (status duplicate).")
    claimant = ClaimantSerializer(source="*", read_only=True)
    dates = DateMentionSerializer(many=True, read_only=True, help_text="The dates the claim names, in text order.")
    dates_resolved_on = serializers.DateField(
        source="dates_anchor", read_only=True, allow_null=True,
        help_text="The publication date the dates were resolved against; null when the article had none.")
    temporal_version = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with the verdicts the reader may see (blind review) and all its evidence.

    ``verdict_count`` counts every verdict, so ``verdict_count - len(verdicts)``
    is how many stay hidden until the reader submits their own. The verdicts
    and the evidence come attached by ``access.claim_review_as_seen_by``.
    """

    article = ArticleRefSerializer(read_only=True)
    dismissed_reason = serializers.CharField(read_only=True)
    verdicts = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(source="evidence_items", many=True, read_only=True)

    @extend_schema_field(VerdictSerializer(many=True))
    def get_verdicts(self, claim):
        return VerdictSerializer(claim.visible_verdicts, many=True).data
