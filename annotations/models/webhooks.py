"""Webhooks a newsroom configured, and each delivery to them."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models

from annotations.models.common import http_url_validator
from annotations.models.review import FactCheck


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
