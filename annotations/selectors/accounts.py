"""Reads of people's API tokens."""

from annotations.models import ApiToken


def api_tokens_of(user):
    """A person's tokens, newest first, revoked ones included (so they see when each stopped)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_of(user, pk) -> ApiToken:
    """One of the person's own tokens; ``ApiToken.DoesNotExist`` for anyone else's."""
    return api_tokens_of(user).get(pk=pk)


def api_token_for_key(key: str) -> ApiToken | None:
    """The live token whose hash matches ``key``, with its user, or None."""
    return (ApiToken.objects.filter(key_hash=ApiToken.hash_of(key), revoked_at__isnull=True)
            .select_related("user").first())
