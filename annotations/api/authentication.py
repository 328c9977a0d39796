"""``Authorization: Token <key>`` with the tokens people make on their account page (``ApiToken``).

Those keys start with ``fcd_`` and are looked up by their SHA-256, the only
form stored. Any other key is left to DRF's own TokenAuthentication (listed
after this class), so the tokens ``manage.py create_api_token`` printed before
keep working unchanged.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from annotations import selectors
from annotations.models import ApiToken
from annotations.services import accounts


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != self.keyword.lower().encode():
            return None  # no token, or a malformed header: DRF's class answers those as it always has
        try:
            key = parts[1].decode()
        except UnicodeError:
            return None
        if not key.startswith(ApiToken.KEY_PREFIX):
            return None
        token = selectors.api_token_for_key(key)
        # The same words as DRF's class, so a client cannot tell which kind of key it sent.
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        accounts.api_token_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema (and its docs page) describes these tokens."""

    target_class = ApiTokenAuthentication
    name = "accountToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`Token <key>`, with a key made on your account page (/account/tokens/).",
        }
