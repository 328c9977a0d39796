"""The same claim across articles (annotations.services.matching, annotations.matching)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotations.models.article import Article
from annotations.models.claim import Claim


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
