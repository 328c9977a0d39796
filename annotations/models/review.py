"""The review around a claim: rating scales, verdicts, evidence and the published fact-check."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from annotations.models.claim import Claim, VerdictPairing
from annotations.models.common import HistoryManagerMadeOnce, SearchDocument, http_url_validator


class RatingScale(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    best_value = models.IntegerField(help_text="ClaimReview bestRating.")
    worst_value = models.IntegerField(help_text="ClaimReview worstRating.")
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_scale"),
            models.CheckConstraint(condition=Q(best_value__gt=F("worst_value")), name="scale_best_above_worst"),
        ]

    def __str__(self):
        return self.name


class Rating(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=60, help_text="ClaimReview alternateName.")
    slug = models.SlugField(max_length=60)
    value = models.IntegerField(
        null=True, blank=True,
        help_text="ClaimReview ratingValue. Empty for ratings off the ordinal scale (e.g. Unverifiable).",
    )
    description = models.TextField(blank=True)
    requires_rationale = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in pickers.")

    class Meta:
        ordering = ["scale_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_unique_per_scale"),
            models.UniqueConstraint(fields=["scale", "value"], name="rating_value_unique_per_scale"),
        ]

    def __str__(self):
        return self.label

    @property
    def is_ordinal(self) -> bool:
        return self.value is not None


class NeverDeleted(ValueError):
    """Reviewers' work is withdrawn or retracted, never deleted."""


class ReviewWorkQuerySet(models.QuerySet):
    """Verdicts and evidence: those that stand.

    No path of the app deletes them: ``delete`` on a row refuses, the admin has no
    delete, the API none, and a claim or article with them is protected. A bulk
    ``QuerySet.delete()`` is left to the people who run the database (resetting a
    benchmark or test database from ``manage.py shell``, as they could with SQL):
    no view, service, task or admin action calls it, which tests/test_architecture.py
    holds for every module outside services/, and services/ do not.
    """

    withdrawn_field = ""

    def standing(self):
        return self.filter(**{f"{self.withdrawn_field}__isnull": True})


class VerdictQuerySet(ReviewWorkQuerySet):
    withdrawn_field = "withdrawn_at"


class EvidenceQuerySet(ReviewWorkQuerySet):
    withdrawn_field = "retracted_at"


class Verdict(models.Model):
    # PROTECT: a claim (and so its article) with verdicts cannot be deleted from under them, by anyone.
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit (optimistic locking).")
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="Set when withdrawn; it no longer counts.")
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    Pairing = VerdictPairing

    # The claim's Claim.verdict_pairing, copied onto each of its verdicts by the service that keeps the
    # claim's review facts: the dashboard's per-reviewer figure then reads a range of verdicts alone,
    # not the claim of each. Derived, so out of the history and the version.
    pairing = models.PositiveSmallIntegerField(choices=Pairing.choices, default=Pairing.ALONE, editable=False)

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords(history_manager=HistoryManagerMadeOnce, excluded_fields=["pairing"])

    NOT_DELETED = "withdraw it instead (services.review.verdict_withdraw), so the record stays."

    class Meta:
        ordering = ["claim_id", "created_at"]
        constraints = [
            # One verdict that stands per reviewer and claim; after a withdrawal the reviewer may rate again.
            models.UniqueConstraint(fields=["claim", "reviewer"], condition=Q(withdrawn_at__isnull=True),
                                    name="one_standing_verdict_per_reviewer_per_claim"),
        ]
        permissions = [("withdraw_verdict", "Can withdraw any reviewer's verdict (audited; nothing is deleted)")]
        indexes = [
            # The dashboard: verdicts of a date range, and a claim's first verdict.
            models.Index(fields=["created_at"], name="verdict_created_at"),
            models.Index(fields=["claim", "created_at", "id"], name="verdict_claim_created_id"),
            # The dashboard's per-reviewer figure, from the index alone.
            models.Index(fields=["created_at", "reviewer", "pairing"], name="verdict_standing_pairing",
                         condition=Q(withdrawn_at__isnull=True)),
            # The agreement's pairs: a claim's standing verdicts and their ratings, from the index alone.
            models.Index(fields=["claim", "id", "rating"], name="verdict_standing_claim_rating",
                         condition=Q(withdrawn_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.rating} by {self.reviewer}"

    def delete(self, *args, **kwargs):
        raise NeverDeleted(f"Verdicts are never deleted; {self.NOT_DELETED}")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def audit_record(self) -> dict:
        """What an audit event keeps of this verdict (AuditEvent.before/after["verdict"])."""
        return {
            "id": self.pk, "reviewer": self.reviewer.get_username(), "rating": self.rating.slug,
            "rationale": self.rationale, "version": self.version, "withdrawn": self.is_withdrawn,
            "withdrawal_reason": self.withdrawal_reason,
        }


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports the claim"
        REFUTES = "refutes", "Refutes the claim"
        CONTEXT = "context", "Context"

    class SourceType(models.TextChoices):
        PRIMARY = "primary", "Primary document"
        OFFICIAL = "official", "Official statement"
        DATA = "data", "Dataset or statistics"
        EXPERT = "expert", "Expert"
        NEWS = "news", "News report"
        SOCIAL = "social", "Social media"
        OTHER = "other", "Other"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence")
    url = models.URLField(max_length=2000, validators=[http_url_validator])
    title = models.CharField(max_length=300)
    excerpt = models.TextField(blank=True, help_text="The passage quoted from the source.")
    stance = models.CharField(max_length=16, choices=Stance.choices)
    source_type = models.CharField(max_length=16, choices=SourceType.choices, default=SourceType.OTHER)
    note = models.TextField(blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True, help_text="Set when retracted; it no longer counts.")
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retraction_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords(history_manager=HistoryManagerMadeOnce)

    NOT_DELETED = "retract it instead (services.review.evidence_retract), so the record stays."
    # What shows a reviewer's judgement; hidden from other reviewers until they gave their own verdict.
    JUDGEMENT_FIELDS = ("stance", "note", "excerpt")

    class Meta:
        ordering = ["claim_id", "created_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title

    def delete(self, *args, **kwargs):
        raise NeverDeleted(f"Evidence is never deleted; {self.NOT_DELETED}")

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    def audit_record(self) -> dict:
        """What an audit event keeps of this piece of evidence (AuditEvent.before/after["evidence"])."""
        return {
            "id": self.pk, "added_by": self.added_by.get_username(), "url": self.url, "title": self.title,
            "stance": self.stance, "source_type": self.source_type, "excerpt": self.excerpt, "note": self.note,
            "retracted": self.is_retracted, "retraction_reason": self.retraction_reason,
        }


class FactCheck(models.Model):
    """The editor's decision on one claim: the final rating and the public summary.

    Kept apart from ``Claim.status`` (the workflow state): a fact-check row
    exists from the moment an editor starts the decision, and is public only
    while ``published_at`` is set.
    """

    class ClaimantKind(models.TextChoices):
        # The values are schema.org's type names: ClaimReview itemReviewed.author.@type.
        PERSON = "Person", "A person"
        ORGANIZATION = "Organization", "An organisation"

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="factcheck")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="factchecks")
    summary = models.TextField(help_text="The public summary of the fact-check.")
    claimant = models.CharField(
        max_length=200, blank=True, help_text="Who made the claim (ClaimReview itemReviewed.author), if known."
    )
    claimant_kind = models.CharField(
        max_length=12, choices=ClaimantKind.choices, blank=True,
        help_text="Whether the claimant is a person or an organisation (itemReviewed.author.@type).",
    )
    claim_date = models.DateField(
        null=True, blank=True, help_text="When the claim was made (ClaimReview itemReviewed.datePublished).",
    )
    slug = models.SlugField(max_length=120, unique=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    reused_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reused_by",
        help_text="The published fact-check whose verdict an editor applied to this claim.",
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit (optimistic locking).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_document = models.GeneratedField(
        expression=SearchDocument(("summary", "B"), ("claimant", "B")),
        output_field=SearchVectorField(null=True), db_persist=True,
    )

    history = HistoricalRecords(history_manager=HistoryManagerMadeOnce, excluded_fields=["search_document"])

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_factcheck", "Can approve, publish and unpublish fact-checks"),
            ("reuse_factcheck", "Can apply a published fact-check's verdict to the same claim elsewhere"),
        ]

    def __str__(self):
        return f"{self.rating} — {self.claim}"

    def get_absolute_url(self):
        return reverse("factcheck-public", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def audit_record(self) -> dict:
        """What an audit event keeps of this fact-check (AuditEvent.before/after["factcheck"])."""
        return {
            "id": self.pk, "slug": self.slug, "rating": self.rating.slug, "summary": self.summary,
            "claimant": self.claimant, "claimant_kind": self.claimant_kind,
            "claim_date": self.claim_date.isoformat() if self.claim_date else None, "published": self.is_published,
        }
