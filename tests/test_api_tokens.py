"""Self-service API tokens: a person makes, names, sees and revokes their own; the key is shown once and
only its hash is kept; admins revoke anyone's in the admin. DRF's older tokens keep working."""

import hashlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations.models import ApiToken
from annotations.services import accounts


def _make(client, name):
    response = client.post(reverse("account-tokens"), {"name": name})
    key = re.search(r'<code id="new-token-key">([^<]+)</code>', response.content.decode()).group(1)
    return response, key


def _api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_person_makes_a_named_token_sees_its_key_once_and_only_its_hash_is_stored(client, reviewer_a):
    client.force_login(reviewer_a)

    response, key = _make(client, "  CMS   sync ")

    token = ApiToken.objects.get()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert (token.user, token.name, token.key_start) == (reviewer_a, "CMS sync", key[:10])
    assert key.startswith("fcd_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiToken.objects.values_list()))
    listing = client.get(reverse("account-tokens")).content.decode()
    assert key not in listing and f"<code>{key[:10]}…</code>" in listing and "CMS sync" in listing


def test_the_key_authenticates_the_api_and_its_last_use_is_recorded_once_a_minute(client, reviewer_a):
    client.force_login(reviewer_a)
    _, key = _make(client, "script")
    api = _api(key)

    first = api.get("/api/v1/claims/")
    used = ApiToken.objects.get().last_used_at
    with CaptureQueriesContext(connection) as queries:
        api.get("/api/v1/claims/")

    assert first.status_code == 200 and used is not None
    assert ApiToken.objects.get().last_used_at == used
    assert not any(query["sql"].startswith("UPDATE") for query in queries)
    listing = client.get(reverse("account-tokens")).content.decode()
    assert timezone.localtime(used).strftime("%Y-%m-%d %H:%M") in listing


def test_a_revoked_key_is_refused_like_an_unknown_one(client, reviewer_a):
    client.force_login(reviewer_a)
    _, key = _make(client, "old laptop")
    token = ApiToken.objects.get()

    response = client.post(reverse("account-token-revoke", args=[token.pk]), follow=True)

    assert "The token “old laptop” is revoked" in response.content.decode()
    refused = _api(key).get("/api/v1/claims/")
    assert refused.status_code == 401 and refused.json() == {"detail": "Invalid token."}
    assert _api("fcd_" + "x" * 43).get("/api/v1/claims/").json() == {"detail": "Invalid token."}
    token.refresh_from_db()
    assert token.revoked_by == reviewer_a and not token.is_active


def test_nobody_revokes_or_sees_another_persons_token(client, reviewer_a, reviewer_b):
    token, key = accounts.api_token_create(user=reviewer_b, name="b's script")
    client.force_login(reviewer_a)

    assert client.post(reverse("account-token-revoke", args=[token.pk])).status_code == 404
    assert "b&#x27;s script" not in client.get(reverse("account-tokens")).content.decode()
    assert _api(key).get("/api/v1/claims/").status_code == 200


def test_revoking_needs_a_post(client, reviewer_a):
    token, _ = accounts.api_token_create(user=reviewer_a, name="x")
    client.force_login(reviewer_a)
    assert client.get(reverse("account-token-revoke", args=[token.pk])).status_code == 405


def test_a_token_gives_no_more_than_its_owners_permissions(outsider):
    _, key = accounts.api_token_create(user=outsider, name="x")
    assert _api(key).get("/api/v1/claims/").status_code == 403


def test_an_inactive_persons_token_is_refused(reviewer_a):
    _, key = accounts.api_token_create(user=reviewer_a, name="x")
    reviewer_a.is_active = False
    reviewer_a.save()

    response = _api(key).get("/api/v1/claims/")

    assert response.status_code == 401 and response.json() == {"detail": "User inactive or deleted."}


@pytest.mark.parametrize(("name", "message"), [
    ("   ", "Give the token a name, so you can tell it apart later."),
    ("n" * 101, "Ensure this value has at most 100 characters (it has 101)."),
])
def test_a_token_needs_a_name(client, reviewer_a, name, message):
    client.force_login(reviewer_a)
    response = client.post(reverse("account-tokens"), {"name": name})

    assert response.status_code == 400
    assert message in response.content.decode().replace("&quot;", '"')
    assert ApiToken.objects.count() == 0


def test_an_admin_revokes_anyones_token_in_the_admin_and_editors_cannot(client, admin_user, editor, reviewer_a):
    token, key = accounts.api_token_create(user=reviewer_a, name="leaked")
    changelist = reverse("admin:annotations_apitoken_changelist")
    client.force_login(editor)
    assert client.get(changelist).status_code == 403

    client.force_login(admin_user)
    page = client.get(changelist).content.decode()
    client.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})

    assert "leaked" in page and key not in page
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert _api(key).get("/api/v1/claims/").status_code == 401


def test_the_tokens_create_api_token_printed_keep_working(reviewer_a):
    legacy = Token.objects.create(user=reviewer_a)
    assert _api(legacy.key).get("/api/v1/claims/").status_code == 200


def test_the_account_page_needs_a_sign_in(client, db):
    response = client.get(reverse("account-tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
