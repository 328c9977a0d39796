"""People: API tokens, the local demo users, and each person's own settings."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from annotations import roles
from annotations.models import ApiToken, KeyboardPreference

DEMO_USERS = (
    ("admin", roles.ADMIN),
    ("editor", roles.EDITOR),
    ("reviewer1", roles.REVIEWER),
    ("reviewer2", roles.REVIEWER),
)


def role_permissions_grant(Group, Permission) -> None:
    """Create the role groups and give each the permissions ``roles.ROLE_PERMISSIONS`` lists.

    The models are passed in, so the data migrations can call it with their
    historical ones. Permissions that do not exist (yet) are skipped; adding is
    idempotent and never removes what an admin granted on top.
    """
    for role, wanted in roles.ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, codename in wanted:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def api_token_get_or_create(*, user) -> Token:
    """The user's REST API token, made on first use; refused for an inactive user (whose token DRF refuses)."""
    if not user.is_active:
        raise ValidationError(f"The user {user.get_username()!r} is inactive; an inactive user's token is refused.")
    token, _ = Token.objects.get_or_create(user=user)
    return token


API_TOKENS_PER_USER = 50
# Last use is recorded to the minute: a write per request would cost every API call a transaction.
TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new named token for ``user``: the row (which keeps only the key's hash) and the key, to show once."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the token a name, so you can tell it apart later."})
    if len(name) > 100:
        raise ValidationError({"name": f"The name has {len(name)} characters; the limit is 100."})
    if not user.is_active:
        raise ValidationError(f"The user {user.get_username()!r} is inactive; an inactive user's token is refused.")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= API_TOKENS_PER_USER:
        raise ValidationError(f"You have {API_TOKENS_PER_USER} tokens; revoke one you no longer use first.")
    key = ApiToken.KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_of(key), key_start=key[:10])
    return token, key


def api_token_revoke(*, token: ApiToken, actor) -> bool:
    """Revoke a token (its owner, or an admin through the admin); False if it was revoked already."""
    now = timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=actor)
    if revoked:
        token.revoked_at, token.revoked_by = now, actor
    return bool(revoked)


def api_token_used(*, token: ApiToken) -> None:
    """Record that the token authenticated a request, at most once a minute."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_RESOLUTION:
        return
    # Conditional, so that concurrent requests write it once.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOKEN_USE_RESOLUTION)
    ).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def demo_users_reset() -> list[tuple[str, str, str]]:
    """Create (or reset) the local demo users with new random passwords: (username, role, password) each."""
    User = get_user_model()
    created = []
    for username, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.is_staff = role in (roles.ADMIN, roles.EDITOR)
        user.is_superuser = role == roles.ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        created.append((username, role, password))
    return created


def keyboard_preference_save(*, user, enabled: bool, modifier: str, keys: dict[str, str]) -> KeyboardPreference:
    """Store the user's keyboard shortcuts: on or off, the modifier, and the keys that differ from the defaults.

    ValidationError (by action) for an unknown action, a key that is not allowed or one key for two actions.
    """
    preference = KeyboardPreference(user=user, enabled=enabled, modifier=modifier)
    preference.keys = {action: key for action, key in keys.items()
                       if KeyboardPreference.ACTIONS.get(action, (None,))[0] != key}
    preference.full_clean(exclude=["user"])
    preference.save()
    return preference
