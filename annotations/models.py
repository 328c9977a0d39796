"""Articles, the candidate claims split from them, and the review around each claim.

Offsets: ``Claim.start`` and ``Claim.end`` are Python string indices (Unicode
code points, not bytes, not UTF-16 units) into ``Article.body`` exactly as
stored, so ``article.body[claim.start:claim.end] == claim.text`` always. The
body never changes after creation, which is what keeps every offset valid.
"""

import datetime as dt
import hashlib
import secrets
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from annotations.attribution import claimant_key

http_url_validator = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// URL.")


@lru_cache(maxsize=4096)
def validate_http_url(url: str) -> None:
    """``http_url_validator``, remembering the URLs it accepted (a refusal raises, so is never kept).

    An article's URL is checked by the API's serializer and again by the
    service every caller goes through; URLValidator's regular expressions and
    IDNA encoding were a fifth of a bulk POST's time.
    """
    http_url_validator(url)


class HistoryManagerMadeOnce(HistoryManager):
    """simple-history's manager, whose class is made once per queryset class.

    simple-history's descriptor calls ``from_queryset`` each time ``.history``
    is read, and it reads it for every history row it writes: Django then
    builds a new manager class by inspecting every QuerySet method, about a
    tenth of a verdict POST's CPU for its two history rows. The class depends
    on nothing but its arguments, so it is kept. Passed to simple-history
    through its documented ``history_manager`` option.
    """

    _made: dict = {}

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        key = (cls, queryset_class, class_name)
        if key not in cls._made:
            cls._made[key] = super().from_queryset(queryset_class, class_name)
        return cls._made[key]


TITLE_MAX_LENGTH = 300
# Limits of texts stored in unbounded columns, shared by the forms and the API.
RATIONALE_MAX_LENGTH = 10_000
EVIDENCE_TEXT_MAX_LENGTH = 5_000  # an excerpt, a note


def content_hash_of(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def url_key_of(canonical: str) -> str:
    """The indexed key of a canonical URL: fixed-size, so any URL fits a unique index."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest() if canonical else ""


SEARCH_CONFIG = "english"


class SearchDocument(Func):
    """What full-text search reads, stored beside the row: ``to_tsvector('english', ...)`` of the
    given fields, each with its weight (A ranks highest), on PostgreSQL; NULL on SQLite, where
    FTS5 tables kept by triggers do the work (``annotations.selectors.search``).

    ``SearchDocument(("title", "A"), ("author", "B"))``
    """

    output_field = SearchVectorField()

    def __init__(self, *weighted_fields):
        self.weighted_fields = tuple(tuple(pair) for pair in weighted_fields)
        super().__init__(*(F(name) for name, _ in self.weighted_fields))

    def as_sql(self, compiler, connection, **extra):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression, (_, weight) in zip(self.get_source_expressions(), self.weighted_fields, strict=True):
            sql, part_params = SearchVector(expression, config=SEARCH_CONFIG, weight=weight).as_sql(
                compiler, connection)
            parts.append(sql)
            params.extend(part_params)
        return " || ".join(parts), params



class Article(models.Model):
    class SplitState(models.TextChoices):
        QUEUED = "queued", "Queued"
        SPLITTING = "splitting", "Splitting"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    title_derived = models.BooleanField(
        default=False, help_text="The text had no headline; the title was made from the lead."
    )
    body = models.TextField(help_text="The article text, verbatim. Claim offsets index into it.")
    source = models.CharField("source / publisher", max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True, validators=[http_url_validator])
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    author = models.CharField(max_length=300, blank=True, help_text="The byline, as the page gives it.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    canonical_url = models.CharField(
        max_length=2000, blank=True, editable=False,
        help_text="The URL's canonical form (tracking parameters and fragment dropped): what makes two "
                  "imports of one page the same.",
    )
    url_key = models.CharField(max_length=64, blank=True, editable=False,
                               help_text="SHA-256 of the canonical URL; unique when set.")
    search_document = models.GeneratedField(
        expression=SearchDocument(("title", "A"), ("source", "B"), ("author", "B")),
        output_field=SearchVectorField(null=True), db_persist=True,
    )

    split_state = models.CharField(max_length=16, choices=SplitState.choices, default=SplitState.QUEUED)
    split_error = models.TextField(blank=True)
    splitter_version = models.CharField(max_length=40, blank=True)
    split_started_at = models.DateTimeField(null=True, blank=True)
    split_finished_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The body is immutable and can be megabytes; copying it into every
    # history row would bloat the table without recording any change. The
    # search document follows the other fields by itself.
    history = HistoricalRecords(history_manager=HistoryManagerMadeOnce, excluded_fields=["body", "search_document"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["split_state", "updated_at"]),
            # The dashboard's imports per day (docs/dashboard.md).
            models.Index(fields=["created_at"], name="article_created_at"),
            # The dashboard's time spans: an article's import time per claim, from the index alone.
            models.Index(fields=["id", "created_at"], name="article_id_created_at"),
            # The articles list's order: without it every page sorts the whole table.
            models.Index(fields=["-created_at", "-id"], name="article_created_id"),
        ]
        constraints = [
            # Older rows and rows without a URL have none; every URL imported is there once.
            models.UniqueConstraint(fields=["url_key"], condition=~Q(url_key=""), name="article_url_key_unique"),
        ]
        permissions = [
            ("resplit_article", "Can split an article again"),
            ("export_archive", "Can export the whole archive: every article, claim, verdict and audit event"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article-detail", args=[self.pk])

    @property
    def is_split(self) -> bool:
        return self.split_state == self.SplitState.DONE

    @property
    def split_failed(self) -> bool:
        return self.split_state == self.SplitState.FAILED

    @property
    def split_finished(self) -> bool:
        """The split job has nothing more to do: done, or failed with a reason to show."""
        return self.split_state in (self.SplitState.DONE, self.SplitState.FAILED)


class ArticleFetch(models.Model):
    """A request to add the article at a URL: queued, fetched by a Celery task, and where it led.

    Kept apart from Article: an article exists only once its text does, and a
    fetch that fails, or leads to an article imported before, leaves no article
    behind, only this record of what was asked and what came of it.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    url = models.CharField(max_length=2000, help_text="The address as it was asked for.")
    url_key = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of its canonical form.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True, help_text="Why it failed, or why it is being tried again.")
    attempts = models.PositiveSmallIntegerField(default=0)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="fetches")
    duplicate = models.BooleanField(default=False, help_text="It led to an article imported before.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "updated_at"], name="articlefetch_state_updated")]

    def __str__(self):
        return f"{self.url} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def failed(self) -> bool:
        return self.state == self.State.FAILED


SPAN_FIELDS = frozenset({"article", "article_id", "start", "end", "text"})
# Who made a claim and when, as the split job reads them from the text (services.facts).
FACT_FIELDS = (
    "claimant", "claimant_key", "claimant_kind", "claimant_own", "claimant_via", "claimant_evidence",
    "claimant_excerpt", "dates", "dates_anchor", "is_headline", "attribution_version", "temporal_version",
)
# TIMEX3 values that place nothing on the calendar ("now", "recently", "in the future").
VAGUE_DATE_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


class Claim(models.Model):
    class Kind(models.TextChoices):
        CLAIM = "claim", "Claim"
        BOILERPLATE = "boilerplate", "Boilerplate"

    class Origin(models.TextChoices):
        AUTOMATIC = "auto", "Split automatically"
        MANUAL = "manual", "Added by a person"

    class ClaimType(models.TextChoices):
        EVENT = "event", "Event"
        QUANTITY = "quantity", "Quantity"
        QUOTE = "quote", "Quote"
        ATTRIBUTION = "attribution", "Attribution"
        CAUSAL = "causal", "Causal"
        OPINION = "opinion", "Opinion"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_REVIEW = "in_review", "In review"
        DISAGREEMENT = "disagreement", "Disagreement"
        READY = "ready", "Ready for approval"
        RETURNED = "returned", "Returned to reviewers"
        PUBLISHED = "published", "Approved and published"
        COVERED = "covered", "Covered by a published fact-check"
        DUPLICATE = "duplicate", "Said again in this article (rated once, with the first)"
        DISMISSED = "dismissed", "Dismissed (not a claim)"

    class ClaimantKind(models.TextChoices):
        # annotations.attribution's kinds; claimreview.author_type makes them schema.org types.
        PERSON = "person", "person"
        ORGANIZATION = "organization", "organisation"
        GROUP = "group", "group"
        UNKNOWN = "unknown", "unknown"

    # The workflow (docs/workflow.md draws it). Waiting for reviewers' verdicts:
    QUEUE_STATUSES = (Status.OPEN, Status.IN_REVIEW, Status.DISAGREEMENT, Status.RETURNED)
    # Under review, so every verdict written recomputes the status:
    FOLLOWS_VERDICTS = (*QUEUE_STATUSES, Status.READY)
    # Two people agreeing is what makes a claim ready on its own.
    REVIEWERS_FOR_READY = 2
    # The people's actions on a claim: (statuses they start from, status they lead to).
    # Verdicts move it between the FOLLOWS_VERDICTS statuses on their own ("rate").
    # docs/workflow.md holds the same table with the roles; tests/test_workflow_states.py
    # holds the pages to both.
    TRANSITIONS = {
        "rate": ((*FOLLOWS_VERDICTS,), None),  # to what the verdicts then call for
        "mark_ready": ((Status.IN_REVIEW, Status.DISAGREEMENT, Status.RETURNED), Status.READY),
        "return": ((Status.IN_REVIEW, Status.DISAGREEMENT, Status.READY), Status.RETURNED),
        "publish": ((Status.READY,), Status.PUBLISHED),
        "unpublish": ((Status.PUBLISHED,), Status.READY),
        # A twin of a published fact-check becomes one more appearance of it.
        "cover": ((*FOLLOWS_VERDICTS,), Status.COVERED),
        "uncover": ((Status.COVERED,), None),  # back to what its verdicts call for
        "dismiss": ((*FOLLOWS_VERDICTS,), Status.DISMISSED),
        "restore": ((Status.DISMISSED,), None),  # back to what its verdicts call for
        # A sentence the article states again is rated once, on its first statement (the split groups
        # them); a person may take one out of its group to review it on its own.
        "separate": ((Status.DUPLICATE,), None),  # to what its own verdicts call for
    }

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField(help_text="Python string index of the first character.")
    end = models.PositiveIntegerField(help_text="Python string index one past the last character.")
    text = models.TextField(help_text="Always article.body[start:end].")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CLAIM)
    checkworthiness = models.FloatField(default=0.0)
    checkworthy = models.BooleanField(default=False)
    claim_type = models.CharField(max_length=16, choices=ClaimType.choices, default=ClaimType.OTHER)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.AUTOMATIC)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    dismissed_reason = models.TextField(blank=True)
    splitter_version = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit (optimistic locking).")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims",
        help_text="The reviewer this claim is assigned to; empty means open to anyone.",
    )
    covered_by = models.ForeignKey(
        "FactCheck", null=True, blank=True, on_delete=models.PROTECT, related_name="covered_claims",
        help_text="The published fact-check of a twin claim that this claim is one more appearance of.",
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        help_text="The first statement of the same sentence in this article, whose verdict counts for this one.",
    )
    # What the text says about the claim, computed by the split job (services.facts): suggestions
    # for the editor, never a decision. Offsets index into the article body, like start and end.
    claimant = models.CharField(max_length=300, blank=True, help_text="Who the text says made the claim.")
    claimant_key = models.CharField(max_length=300, blank=True, help_text="The claimant, compared across tellings.")
    claimant_kind = models.CharField(max_length=12, choices=ClaimantKind.choices, blank=True)
    claimant_own = models.BooleanField(default=False, help_text="The author's own statement (the publisher's).")
    claimant_via = models.CharField(max_length=300, blank=True, help_text="A reporting channel beside the speaker.")
    claimant_evidence = models.JSONField(default=list, blank=True, help_text="[[start, end], ...] of the mention.")
    claimant_excerpt = models.CharField(max_length=120, blank=True, help_text="The words from the mention on.")
    dates = models.JSONField(default=list, blank=True, help_text="Date mentions: start, end, text, type, TIMEX3 value.")
    dates_anchor = models.DateField(null=True, blank=True, help_text="The publication date the dates were resolved on.")
    is_headline = models.BooleanField(default=False, help_text="Its article's headline (the matches panel's rule).")
    attribution_version = models.CharField(max_length=20, blank=True)
    temporal_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_document = models.GeneratedField(
        expression=SearchDocument(("text", "A")), output_field=SearchVectorField(null=True), db_persist=True,
    )

    # What the dashboard counts about the claim's review, kept on its row by the services that change
    # verdicts and status, under the claim's lock (``follow_review``, ``note_first_ready``): the
    # dashboard reads the claims of a date range instead of walking every verdict with a probe per
    # row (docs/dashboard.md). They are derived from the verdicts and the audit trail, so the
    # history leaves them out and changing them bumps no version.
    first_verdict_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the first of its standing verdicts was given.")
    verdicts_standing = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="How many verdicts on it stand (withdrawn ones do not).")
    ratings_differ = models.BooleanField(
        default=False, editable=False, help_text="Its standing verdicts do not all give the same rating.")
    ordinal_ratings = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="How many of its standing verdicts rate it on the ordinal scale.")
    last_ordinal_rating_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When the last of its standing verdicts on the ordinal scale was given.")
    first_ready_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The first time it became ready for approval.")

    # The pipeline's facts change with every re-split and article date, the search document with
    # every edit, the review facts with every verdict; a person's changes (span, status, assignee,
    # grouping) are what the history is for.
    history = HistoricalRecords(history_manager=HistoryManagerMadeOnce, excluded_fields=[
        "search_document", *FACT_FIELDS,
        "first_verdict_at", "verdicts_standing", "ratings_differ", "ordinal_ratings", "last_ordinal_rating_at",
        "first_ready_at",
    ])

    class Meta:
        # Reading order is the order in the text.
        ordering = ["article_id", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_not_empty"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_span_unique_per_article"),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1), name="claim_checkworthiness_0_1"
            ),
        ]
        permissions = [
            ("review_claim", "Can rate claims, add evidence, correct the split and take open claims"),
            ("view_editorial", "Can see the editorial desk: every verdict, agreement, the audit trail"),
            ("mark_claim_ready", "Can mark claims ready for approval"),
            ("return_claim", "Can return a claim to its reviewers"),
            ("assign_claim", "Can assign claims to reviewers"),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness"]),
            # The API's default claims order: without it every page sorts the whole table.
            models.Index(fields=["-checkworthiness", "id"], name="claim_checkworthiness_id"),
            # The review queue in its own order, over waiting claims only: a reviewer's first
            # page is read off this index instead of sorting millions of claims.
            models.Index(
                fields=["-checkworthiness", "article", "start", "id"], name="claim_queue_order",
                condition=Q(kind="claim", status__in=["open", "in_review", "disagreement", "returned"]),
            ),
            # The dashboard (docs/dashboard.md): claims split per day, and the queue counted
            # per status and assignee from this small index alone.
            models.Index(fields=["created_at"], name="claim_created_at"),
            models.Index(fields=["status", "assignee"], name="claim_queue_status_assignee",
                         condition=Q(kind="claim", status__in=["open", "in_review", "disagreement", "returned"])),
            # The claimant filter of the claim lists (who made it, as the text says).
            models.Index(fields=["claimant_key"], name="claim_claimant_key"),
            # The dashboard's review figures read the claims of a range from these (docs/dashboard.md):
            # when each got its first verdict, became ready (with the article, to measure from its
            # import without reading the claim), and (doubly rated) its last rating.
            models.Index(fields=["first_verdict_at", "article"], name="claim_first_verdict_at",
                         condition=Q(first_verdict_at__isnull=False)),
            models.Index(fields=["first_ready_at", "article"], name="claim_first_ready_at",
                         condition=Q(first_ready_at__isnull=False)),
            # Claims split per day, the linking backlog, the queue's recent ages: from the index alone.
            models.Index(fields=["created_at", "status", "assignee", "id"], name="claim_made_status_assignee",
                         condition=Q(kind="claim")),
            models.Index(fields=["last_ordinal_rating_at"], name="claim_doubly_rated_at",
                         condition=Q(ordinal_ratings__gte=2)),
            # The queue's "assigned to someone else" count, on every queue page and the home page: the
            # waiting claims someone holds, read from the index alone (at 1.8 M claims the heap
            # rows of those claims took 110 ms; docs/benchmarks.md, "A million claims").
            models.Index(fields=["assignee", "id"], name="claim_assigned_waiting",
                         condition=Q(kind="claim", status__in=["open", "in_review", "disagreement", "returned"],
                                     assignee__isnull=False)),
            # The editor's two lists, counted on the home page (selectors.desk_counts).
            models.Index(fields=["status"], name="claim_desk_status",
                         condition=Q(kind="claim", status__in=["ready", "disagreement"])),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        # The offsets are the contract with reviewers, the history and the
        # public fact-check: refuse any save that would break them. A save of
        # other fields only (a status change) cannot, and skips loading the body.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SPAN_FIELDS & set(update_fields):
            self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        body = self.article.body
        if not (0 <= self.start < self.end <= len(body)):
            raise ValidationError(f"Span {self.start}–{self.end} is outside the article (0–{len(body)}).")
        if self.text != body[self.start:self.end]:
            raise ValidationError("Claim text must equal the article text between start and end.")

    def span_record(self) -> dict:
        """What an audit event keeps of the claim's span (AuditEvent.before/after)."""
        return {"start": self.start, "end": self.end, "text": self.text}

    def creation_record(self) -> dict:
        """What an audit event keeps of a claim as it is made (by the split, or a person adding one)."""
        return {
            **self.span_record(), "kind": self.kind, "origin": self.origin, "status": self.status,
            "assignee": self.assignee.get_username() if self.assignee_id else None,
            "dismissed_reason": self.dismissed_reason, "covered_by": None, "duplicate_of": self.duplicate_of_id,
        }

    # --- The workflow: docs/workflow.md draws this table; every service and template asks here. ---

    @property
    def is_dismissed(self) -> bool:
        return self.status == self.Status.DISMISSED

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_covered(self) -> bool:
        return self.status == self.Status.COVERED

    @property
    def in_disagreement(self) -> bool:
        return self.status == self.Status.DISAGREEMENT

    @property
    def is_boilerplate(self) -> bool:
        return self.kind == self.Kind.BOILERPLATE

    @property
    def is_duplicate(self) -> bool:
        return self.status == self.Status.DUPLICATE

    @property
    def is_in_queue(self) -> bool:
        """Waiting for reviewers' verdicts (page chrome and decided claims are not work)."""
        return self.kind == self.Kind.CLAIM and self.status in self.QUEUE_STATUSES

    @property
    def follows_verdicts(self) -> bool:
        """Still under review, so every verdict written recomputes the status."""
        return self.status in self.FOLLOWS_VERDICTS

    @property
    def can_be_corrected(self) -> bool:
        """Its span may move, split or merge: nobody has decided on this text yet (verdicts are checked apart)."""
        return self.status in (self.Status.OPEN, self.Status.IN_REVIEW)

    def allows(self, action: str) -> bool:
        """Whether the editorial ``action`` (a key of TRANSITIONS) may start from the current status."""
        return self.status in self.TRANSITIONS[action][0]

    @property
    def next_actions(self) -> frozenset[str]:
        """The actions the current status allows; templates ask ``{% if "publish" in claim.next_actions %}``."""
        return frozenset(action for action, (sources, _) in self.TRANSITIONS.items() if self.status in sources)

    @classmethod
    def status_called_for(cls, rating_ids: list[int]) -> str:
        """What these verdicts call for on their own: none open; one in review; two or more alike ready, else
        disagreement."""
        if not rating_ids:
            return cls.Status.OPEN
        if len(rating_ids) < cls.REVIEWERS_FOR_READY:
            return cls.Status.IN_REVIEW
        return cls.Status.READY if len(set(rating_ids)) == 1 else cls.Status.DISAGREEMENT

    def status_for_verdicts(self, rating_ids: list[int], *, decisions_hold: bool = True) -> str:
        """The status these verdicts (those that stand) call for, given the current one (only while it follows
        verdicts).

        A single verdict never undoes an editor's decision (returned, or marked
        ready on one verdict); only a second opinion can. A withdrawn verdict
        takes away what a decision to mark ready stood on (``decisions_hold=False``):
        the claim is then what its remaining verdicts call for.
        """
        if not self.follows_verdicts:
            return self.status
        target = self.status_called_for(rating_ids)
        held = (self.Status.RETURNED, self.Status.READY) if decisions_hold else (self.Status.RETURNED,)
        if self.status in held and target == self.Status.IN_REVIEW:
            return self.status
        return target

    # --- What the dashboard counts about the review (the fields above the history) ---

    @staticmethod
    def review_facts(verdicts: list[tuple[int, dt.datetime, bool]]) -> dict:
        """The review facts of a claim whose standing verdicts are ``verdicts``: (rating id, given at, ordinal)."""
        given = [at for _rating, at, _ordinal in verdicts]
        ordinal = [at for _rating, at, is_ordinal in verdicts if is_ordinal]
        return {
            "first_verdict_at": min(given, default=None),
            "verdicts_standing": len(verdicts),
            "ratings_differ": len({rating for rating, _at, _ordinal in verdicts}) > 1,
            "ordinal_ratings": len(ordinal),
            "last_ordinal_rating_at": max(ordinal, default=None),
        }

    def follow_review(self, verdicts: list[tuple[int, dt.datetime, bool]], *, now: dt.datetime) -> list[str]:
        """Set the review facts to what ``verdicts`` (those that stand) make them, and the first time it is ready.

        Returns the names of the fields that changed, for the caller to save.
        """
        facts = self.review_facts(verdicts)
        changed = [name for name, value in facts.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, facts[name])
        return changed + self.note_first_ready(now)

    @property
    def verdict_pairing(self) -> int:
        """What each of its verdicts shares with the others (Verdict.Pairing), from the review facts.

        One standing verdict per reviewer, so another reviewer rated the claim
        when two or more stand, and one rated it differently exactly when the
        standing ratings are not all alike.
        """
        if self.ratings_differ:
            return Verdict.Pairing.DIFFERENT
        return Verdict.Pairing.SAME if self.verdicts_standing >= 2 else Verdict.Pairing.ALONE

    def note_first_ready(self, now: dt.datetime) -> list[str]:
        """Remember ``now`` as the first time the claim became ready for approval, if it is ready and never was.

        Every service that moves the status calls it after the move; returns
        the field to save with the status (none when nothing changed).
        """
        if self.status != self.Status.READY or self.first_ready_at is not None:
            return []
        self.first_ready_at = now
        return ["first_ready_at"]


    # --- What the text says about the claim (services.facts fills them) ---

    @property
    def has_facts(self) -> bool:
        return bool(self.attribution_version)

    @property
    def has_unresolved_dates(self) -> bool:
        return any(mention.get("value") is None for mention in self.dates)

    def attribution_key(self) -> tuple[str, ...]:
        """Who the claim is given to, for comparing tellings: the author's own statement, else the claimant
        and the channel it came through ("Kim said" / "Kim said, state media reported" differ)."""
        if self.claimant_own:
            return ("own",)
        return ("said", self.claimant_key, claimant_key(self.claimant_via))

    def date_signature(self) -> frozenset[str]:
        """What its dates state, for comparing tellings: the resolved values ("on Wednesday" in an article of
        2025-09-04 and "September 3, 2025" are both 2025-09-03), and the words of the unresolved ones."""
        found = set()
        for mention in self.dates:
            value = mention.get("value")
            if value is None:
                found.add("text:" + mention["text"].casefold())
            elif value not in VAGUE_DATE_VALUES:
                found.add(value)
        return frozenset(found)

    def suggested_claim_date(self, published_on):
        """When the claim was made, as the text says it: the first day an attributed claim names, up to the
        article's publication ("Kim said on Wednesday"); None leaves it to the publication date."""
        if self.claimant_own or not self.claimant:
            return None
        for mention in self.dates:
            value = mention.get("value") or ""
            if len(value) >= 10 and value[4] == "-" and value[7] == "-":
                try:
                    day = dt.date.fromisoformat(value[:10])
                except ValueError:
                    continue
                if published_on is None or day <= published_on:
                    return day
        return None


class ClaimDate(models.Model):
    """One calendar stretch a claim's dates name (a day, a month, a year ...): what the date filters search."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="date_spans")
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["first_day", "last_day"], name="claimdate_days")]

    def __str__(self):
        return f"{self.first_day}–{self.last_day} (claim #{self.claim_id})"


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

    class Pairing(models.IntegerChoices):
        """Whether another reviewer's verdict stands on the same claim, and whether it rates it alike."""

        ALONE = 0, "nobody else rated the claim"
        SAME = 1, "every other reviewer rated it alike"
        DIFFERENT = 2, "another reviewer rated it differently"

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


class AuditEvent(models.Model):
    """One state change, append-only: who, when, from, to, and why.

    Rows are never updated or deleted by the application (``save`` refuses an
    update); the admin shows them read-only.
    """

    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    comment = models.TextField(blank=True)
    # Everything the change touched, as it was and as it became (docs/workflow.md, "The audit trail"):
    # a claim's story can be rebuilt from these alone.
    before = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["claim", "at"]),
            # The dashboard: the first time a claim became ready for approval.
            models.Index(fields=["claim", "at", "id"], name="auditevent_ready_claim_at",
                         condition=Q(to_state="ready")),
        ]

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")

    # What each action is called where people read the trail (the editorial panel); docs/workflow.md,
    # "The audit trail", lists them. An action missing here is shown as stored.
    ACTION_LABELS = {
        "verdict": "gave a verdict", "verdict_update": "changed their verdict",
        "verdict_withdraw": "withdrew a verdict", "evidence_add": "added evidence",
        "evidence_retract": "retracted evidence", "claim_add": "added a claim",
        "span_move": "corrected the claim's span", "claim_split": "split the claim in two",
        "claim_merge": "merged the claim with the next", "dismiss": "dismissed the claim",
        "restore": "restored the claim", "separate": "reviewed it apart from its repeat",
        "split": "split the article", "resplit": "split the article again", "assign": "assigned the claim",
        "take": "took the claim", "release": "released the claim", "mark_ready": "marked it ready for approval",
        "return": "returned it to the reviewers", "publish": "approved and published the fact-check",
        "unpublish": "unpublished the fact-check", "cover": "applied a published fact-check to it",
        "uncover": "had it reviewed on its own again", "match_confirmed": "confirmed the same claim in another article",
        "match_rejected": "rejected a suggested match in another article",
        "article_title": "changed the article's title", "article_source": "changed the article's publisher",
        "article_url": "changed the article's URL", "article_published_on": "changed the article's publication date",
        "article_language": "changed the article's language", "article_author": "changed the article's author",
    }

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS.get(self.action, self.action)

    @property
    def from_label(self) -> str:
        return _status_label(self.from_state)

    @property
    def to_label(self) -> str:
        return _status_label(self.to_state)


def _status_label(state: str) -> str:
    """A claim status as people read it; other states (article split states) as stored."""
    return dict(Claim.Status.choices).get(state, state)

class ClaimPresence(models.Model):
    """Who has a claim open right now: it informs the others, never blocks them.

    Kept out of Claim so renewing it every minute writes no claim history and
    changes no claim version.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="presence")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    expires_at = models.DateTimeField()
    view = models.CharField(max_length=40, blank=True, help_text="The page view that last renewed it.")

    def __str__(self):
        return f"{self.claim_id} open by {self.holder_id} until {self.expires_at:%H:%M}"


class RationaleDraft(models.Model):
    """A reviewer's unsubmitted rationale for one claim, autosaved while typing; private to its author."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "author"], name="one_draft_per_author_per_claim")]

    def __str__(self):
        return f"draft by {self.author_id} on {self.claim_id}"


class KeyboardPreference(models.Model):
    """One person's keyboard shortcuts on the article page: on or off, a modifier, and which key does what.

    Single-character shortcuts must be possible to turn off or remap (WCAG 2.2, 2.1.4); the page also
    listens to them only while focus is in the article or its panel. Without a row the defaults apply.
    Only keys that differ from the defaults are stored, so a new action gets its default key.
    """

    class Modifier(models.TextChoices):
        NONE = "", "None: the key alone"
        ALT = "alt", "Alt + the key"
        CTRL_ALT = "ctrl+alt", "Ctrl + Alt + the key"

    # action: (default key, what it does). The rating keys are the digits 1–9, in the order listed.
    ACTIONS = {
        "next_in_article": ("j", "open the next claim in this article"),
        "prev_in_article": ("k", "open the previous claim in this article"),
        "next_in_queue": ("n", "open the next claim in my queue"),
        "rationale": ("r", "write the rationale"),
        "evidence": ("e", "add evidence"),
        "help": ("?", "show the keyboard shortcuts"),
    }
    # Digits pick ratings; space, Enter, Tab and Escape keep their usual meaning.
    ALLOWED_KEYS = frozenset("abcdefghijklmnopqrstuvwxyz?/.,;'[]-=\\`")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="keyboard_preference")
    enabled = models.BooleanField("shortcuts on", default=True)
    modifier = models.CharField(max_length=10, choices=Modifier.choices, blank=True, default="")
    keys = models.JSONField(default=dict, blank=True, help_text="Keys that differ from the defaults, by action.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"keyboard of {self.user_id}: {'on' if self.enabled else 'off'}"

    def clean(self):
        self.validate_keys({**self.keymap(), **self.keys})

    @classmethod
    def validate_keys(cls, keymap: dict) -> None:
        """Every action known, each key one allowed character, no key for two actions."""
        errors = {}
        for action, key in keymap.items():
            if action not in cls.ACTIONS:
                errors[action] = f"No such shortcut: {action}."
            elif key not in cls.ALLOWED_KEYS:
                errors[action] = ("Use one letter or one of ? / . , ; ' [ ] - = \\ ` (digits pick ratings; "
                                  "space, Enter, Tab and Esc keep their usual meaning).")
        taken = {}
        for action, key in keymap.items():
            if key in taken and action not in errors:
                errors[action] = f"“{key}” is already the key to {cls.ACTIONS[taken[key]][1]}."
            taken.setdefault(key, action)
        if errors:
            raise ValidationError(errors)

    def keymap(self) -> dict[str, str]:
        """Every action's key: the stored choice, else the default."""
        return {action: self.keys.get(action, default) for action, (default, _) in self.ACTIONS.items()}

    def label(self, key: str) -> str:
        """How the key is written, with the modifier: ``j``, ``Alt+j``."""
        prefix = "".join(f"{part.capitalize()}+" for part in self.modifier.split("+") if part)
        return prefix + key

    def rows(self) -> list[tuple[str, str]]:
        """(keys as written, what they do) for the help overlay, ratings included."""
        keymap = self.keymap()
        rows = [(self.label(keymap[action]), doing) for action, (_, doing) in self.ACTIONS.items()]
        rows.insert(3, (f"{self.label('1')} – {self.label('9')}", "pick a rating, in the order listed"))
        return rows

    def config(self) -> dict:
        """What the article page's script needs (embedded with json_script)."""
        return {"enabled": self.enabled, "modifier": self.modifier, "keys": self.keymap()}


def _webhook_secret() -> str:
    return secrets.token_urlsafe(32)


def _default_webhook_events() -> list[str]:
    return list(WEBHOOK_EVENTS)


WEBHOOK_EVENTS = ("factcheck.published", "factcheck.unpublished")


class WebhookEndpoint(models.Model):
    """A partner's URL told about publish and unpublish, each body signed with ``secret`` (HMAC-SHA256)."""

    url = models.URLField(max_length=2000, validators=[http_url_validator])
    secret = models.CharField(max_length=200, default=_webhook_secret, help_text="Shared with the receiver.")
    events = models.JSONField(default=_default_webhook_events, help_text=f"Any of {', '.join(WEBHOOK_EVENTS)}.")
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.url

    def clean(self):
        unknown = sorted(set(self.events or []) - set(WEBHOOK_EVENTS))
        if not isinstance(self.events, list) or unknown:
            raise ValidationError({"events": f"Events must be a list of {', '.join(WEBHOOK_EVENTS)}."})

    def wants(self, event: str) -> bool:
        return self.active and event in (self.events or [])


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body sent, and how every attempt went."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    factcheck = models.ForeignKey(
        FactCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_deliveries"
    )
    event = models.CharField(max_length=40)
    payload = models.TextField(help_text="The body, byte for byte as signed and sent on every attempt.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True, help_text="HTTP status of the last attempt.")
    error = models.TextField(blank=True, help_text="What went wrong on the last attempt.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint} ({self.status})"

# --- The same claim across articles (annotations.services.matching, annotations.matching) ---


class ClaimGroup(models.Model):
    """Claims in different articles that state the same thing, linked or confirmed."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Claim group #{self.pk}"


class ClaimFingerprint(models.Model):
    """What the matcher needs about one claim, computed once when it is linked."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="fingerprint")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ClaimGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    vector = models.BinaryField(help_text="float16 sentence vector from annotations.matching.")
    features = models.JSONField(default=dict, help_text="Numbers, dates, names and the article's names.")
    matcher_version = models.CharField(max_length=20)

    def __str__(self):
        return f"Fingerprint of claim #{self.claim_id}"


class ClaimKey(models.Model):
    """The inverted index: one row per (key, claim); keys are hashed terms and LSH buckets."""

    key = models.BigIntegerField()
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")

    class Meta:
        # No unique constraint: linking replaces an article's keys wholesale, and
        # every extra index is paid on each of the ~700 rows a new article writes.
        indexes = [models.Index(fields=["key", "claim"], name="claimkey_key_claim")]

    def __str__(self):
        return f"{self.key} → claim #{self.claim_id}"


class ClaimKeyFrequency(models.Model):
    """How many claims hold each key, kept beside ClaimKey so that skipping common keys costs one lookup."""

    key = models.BigIntegerField(primary_key=True)
    claims = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.claims} claims"


class ClaimMatch(models.Model):
    """A scored pair of claims (``claim_a_id < claim_b_id``) and a person's decision on it."""

    class Relation(models.TextChoices):
        SAME = "same", "Same claim"
        POSSIBLE = "possible", "Possibly the same"

    class Decision(models.TextChoices):
        PENDING = "", "Not decided"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    relation = models.CharField(max_length=10, choices=Relation.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="claimmatch_pair_unique"),
            models.CheckConstraint(condition=Q(claim_a__lt=F("claim_b")), name="claimmatch_ordered_pair"),
        ]
        indexes = [
            models.Index(fields=["claim_b"], name="claimmatch_claim_b"),
            # The pairs people decided on, a handful among millions of scored pairs: the archive reads
            # them a chunk of articles at a time, which without it scans every pair.
            models.Index(fields=["claim_a"], condition=~Q(decision=""), name="claimmatch_decided"),
        ]

    def __str__(self):
        return f"{self.claim_a_id} ~ {self.claim_b_id} ({self.relation}, {self.score:.2f})"

    def other(self, claim_id: int) -> int:
        return self.claim_b_id if claim_id == self.claim_a_id else self.claim_a_id

    @property
    def is_linked(self) -> bool:
        return self.decision == self.Decision.CONFIRMED or (
            self.relation == self.Relation.SAME and self.decision != self.Decision.REJECTED
        )


class ApiToken(models.Model):
    """A person's named key for the REST API (``Authorization: Token <key>``).

    Only the key's SHA-256 is stored: the key is shown once, when it is made.
    The key is 32 random bytes, so a plain hash suffices (a slow password hash
    guards guessable secrets; nobody guesses 256 random bits).
    """

    KEY_PREFIX = "fcd_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, so its owner can tell it apart.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_start = models.CharField(max_length=12, editable=False, help_text="The key's first characters.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, help_text="To the minute.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    @staticmethod
    def hash_of(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
