"""The audit trail: one row per change a person or the pipeline made."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from annotations.models.article import Article
from annotations.models.claim import Claim


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
