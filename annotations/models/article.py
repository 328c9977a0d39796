"""Articles as imported or fetched, and the fetch of an article's URL."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from annotations.models.common import TITLE_MAX_LENGTH, HistoryManagerMadeOnce, SearchDocument, http_url_validator


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
