"""Reads about one person's own settings."""

from annotations.models import KeyboardPreference


def keyboard_preference_for(user) -> KeyboardPreference:
    """The user's keyboard shortcuts, or the defaults (an unsaved row) if they never changed them."""
    if not user.is_authenticated:
        return KeyboardPreference()
    return KeyboardPreference.objects.filter(user=user).first() or KeyboardPreference(user=user)
