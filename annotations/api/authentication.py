"""Token authentication that reads the token, its user and the user's roles in one query.

DRF's TokenAuthentication reads the token with its user, and the access gate
then asks for the user's groups: two queries, each compiled anew, on every
API request a script makes. Here one prepared query (annotations.prepared)
returns the token and user columns once per group of the user, and the group
names go where ``access.role_names`` reads them. Each request still loads
the user and roles afresh, so a role given or taken away applies from the
next request, as before (tests/test_access_roles.py).
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from annotations import access
from annotations.prepared import PreparedQuery, concrete_names, instance

_User = get_user_model()
_GROUP = "user__groups__name"

# One row per group of the user (one row with no name for a user without groups).
_TOKEN_USER_ROLES = PreparedQuery(
    lambda key: Token.objects.filter(key=key).values(
        *concrete_names(Token), *concrete_names(_User, "user__"), _GROUP,
    ),
    str,
)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, with the same answers and messages, in one query."""

    def authenticate_credentials(self, key):
        if self.get_model() is not Token:  # a custom token model: DRF's own way
            return super().authenticate_credentials(key)
        rows = _TOKEN_USER_ROLES.rows(key)
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = instance(_User, rows[0], "user__")
        token = instance(Token, rows[0])
        token.user = user
        access.remember_roles(user, [row[_GROUP] for row in rows if row[_GROUP] is not None])

        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))

        return (user, token)
