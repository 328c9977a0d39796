"""The candidate claims split from an article, with their facts and the days they name."""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from annotations.attribution import claimant_key
from annotations.models.article import Article
from annotations.models.common import HistoryManagerMadeOnce, SearchDocument

SPAN_FIELDS = frozenset({"article", "article_id", "start", "end", "text"})
# Who made a claim and when, as the split job reads them from the text (services.facts).
FACT_FIELDS = (
    "claimant", "claimant_key", "claimant_kind", "claimant_own", "claimant_via", "claimant_evidence",
    "claimant_excerpt", "dates", "dates_anchor", "is_headline", "attribution_version", "temporal_version",
)
# TIMEX3 values that place nothing on the calendar ("now", "recently", "in the future").
VAGUE_DATE_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


class VerdictPairing(models.IntegerChoices):
    """Whether another reviewer's verdict stands on the same claim, and whether it rates it alike
    (``Claim.verdict_pairing``, copied onto each verdict as ``Verdict.pairing``)."""

    ALONE = 0, "nobody else rated the claim"
    SAME = 1, "every other reviewer rated it alike"
    DIFFERENT = 2, "another reviewer rated it differently"


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
        """What each of its verdicts shares with the others (``VerdictPairing``), from the review facts.

        One standing verdict per reviewer, so another reviewer rated the claim
        when two or more stand, and one rated it differently exactly when the
        standing ratings are not all alike.
        """
        if self.ratings_differ:
            return VerdictPairing.DIFFERENT
        return VerdictPairing.SAME if self.verdicts_standing >= 2 else VerdictPairing.ALONE

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
