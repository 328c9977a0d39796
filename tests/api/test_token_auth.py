"""Scripts authenticate with a token: `manage.py create_api_token USERNAME`, then `Authorization: Token <key>`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def _token_for(username):
    out = StringIO()
    call_command("create_api_token", username, stdout=out)
    return out.getvalue().strip()


def test_the_command_prints_the_users_token_and_the_same_one_again(reviewer_a):
    key = _token_for("reviewer_a")

    assert key == Token.objects.get(user=reviewer_a).key
    assert _token_for("reviewer_a") == key


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'."):
        call_command("create_api_token", "nobody")


def test_a_request_with_the_token_is_authenticated(reviewer_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token_for('reviewer_a')}")

    assert client.get("/api/v1/claims/").status_code == 200


def test_a_token_does_not_give_a_role(outsider):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token_for('outsider')}")

    assert client.get("/api/v1/claims/").status_code == 403


def test_a_wrong_token_is_a_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/claims/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_a_signed_in_browser_session_works_too(client, reviewer_a):
    client.force_login(reviewer_a)
    assert client.get("/api/v1/claims/").status_code == 200

