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


# The API's TokenAuthentication (annotations.api.authentication) reads the token, the user
# and the user's roles in one query; it must answer exactly as DRF's own class does.


def _both_ways(key):
    from rest_framework import exceptions
    from rest_framework.authentication import TokenAuthentication as DRFTokenAuthentication

    from annotations.api.authentication import TokenAuthentication

    answers = []
    for auth in (DRFTokenAuthentication(), TokenAuthentication()):
        try:
            user, token = auth.authenticate_credentials(key)
        except exceptions.AuthenticationFailed as exc:
            answers.append(("failed", str(exc.detail), exc.status_code))
        else:
            fields = {f.attname: getattr(user, f.attname) for f in user._meta.concrete_fields}
            answers.append((fields, user._state.db, user._state.adding, token.key, token.user_id, token.created,
                            token.user is user))
    return answers


@pytest.mark.parametrize("groups", [[], ["reviewer"], ["reviewer", "editor"]])
def test_the_one_query_token_lookup_gives_what_drf_gives(django_user_model, groups):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("scripted", email="s@example.org", first_name="S")
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    key = Token.objects.create(user=user).key

    drf, ours = _both_ways(key)

    assert ours == drf


@pytest.mark.parametrize("case", ["unknown", "inactive"])
def test_the_one_query_token_lookup_refuses_what_drf_refuses(django_user_model, case):
    user = django_user_model.objects.create_user("scripted", is_active=case != "inactive")
    key = Token.objects.create(user=user).key if case == "inactive" else "0" * 40

    drf, ours = _both_ways(key)

    assert ours == drf
    assert ours[0] == "failed"


@pytest.mark.parametrize("groups", [[], ["reviewer"], ["reviewer", "editor"]])
def test_the_roles_come_with_the_token_in_one_query(django_user_model, groups):
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from annotations import access
    from annotations.api.authentication import TokenAuthentication

    user = django_user_model.objects.create_user("scripted")
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    key = Token.objects.create(user=user).key

    with CaptureQueriesContext(connection) as captured:
        loaded, _ = TokenAuthentication().authenticate_credentials(key)
        names = access.role_names(loaded)

    assert names == frozenset(groups)
    assert len(captured) == 1


def test_the_api_uses_the_one_query_token_lookup():
    from rest_framework.settings import api_settings

    from annotations.api.authentication import TokenAuthentication

    assert api_settings.DEFAULT_AUTHENTICATION_CLASSES[0] is TokenAuthentication
