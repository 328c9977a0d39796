"""Reads about one person: their API tokens and their own settings."""

from annotations.models import ApiToken, KeyboardPreference


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


def keyboard_preference_for(user) -> KeyboardPreference:
    """The user's keyboard shortcuts, or the defaults (an unsaved row) if they never changed them."""
    if not user.is_authenticated:
        return KeyboardPreference()
    return KeyboardPreference.objects.filter(user=user).first() or KeyboardPreference(user=user)
