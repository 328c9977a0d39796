"""API tokens: one per person, shown once."""

import hashlib

from django.conf import settings
from django.db import models


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
