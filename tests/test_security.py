"""Browser-facing hardening: a Content-Security-Policy that forbids inline scripts on every page and nothing
inline to forbid; the other security headers; the API schema behind sign-in; sign-in that resists guessing."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

from annotations.services.accounts import api_token_get_or_create
from tests.publishing import publish_factcheck

BODY = (
    "Ministers Agree On Budget\n\n"
    "The deal was signed on Monday. It adds 12,000 jobs, officials said. "
    "Unemployment fell to 4.1 percent in March, the statistics office reported."
)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)


def _page_urls(ctx) -> list[str]:
    """Every GET page of the site with its ids filled in, and a few of the admin's."""
    urls = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if not isinstance(pattern, URLPattern):
                if not route.startswith(("admin/", "api/")):
                    walk(pattern.url_patterns, route)
                continue
            route = route.replace("<int:pk>", str(ctx["claim"].pk if "claims/" in route else ctx["article"].pk))
            route = route.replace("<slug:slug>", ctx["slug"]).replace("<str:match_pk>", "1")
            urls.append("/" + route.replace("<str:factcheck_pk>", "1"))

    walk(get_resolver().url_patterns, "")
    return urls + ["/admin/", "/admin/annotations/article/", f"/admin/annotations/article/{ctx['article'].pk}/change/",
                   "/admin/axes/accessattempt/", "/api/v1/schema/docs/", "/accounts/login/"]


@pytest.fixture
def site(split_article, default_ratings, admin_user):
    article = split_article(BODY)
    claim = article.claims.first()
    factcheck = publish_factcheck(claim, default_ratings["false"], slug="budget-jobs")
    return {"article": article, "claim": claim, "slug": factcheck.slug}


def test_every_html_page_forbids_inline_scripts_and_has_none(site, admin_user):
    client = Client()
    client.force_login(admin_user)
    pages = 0
    for url in _page_urls(site):
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html") or response.status_code >= 300:
            continue
        pages += 1
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy)[1]
        assert script_src == "'self'", url
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        html = response.content.decode()
        for attributes in SCRIPT.findall(html):
            # Our own files, or data that is never run (JSON-LD, json_script).
            assert "src=" in attributes or re.search(r'type="application/(ld\+)?json"', attributes), (url, attributes)
        assert not re.search(r"\son[a-z]+\s*=", html), f"an inline event handler on {url}"
        assert not re.search(r"javascript:", html, re.I), url
        if not url.startswith(("/admin/", "/api/")):
            assert "style-src 'self';" in policy, url
            assert not re.search(r"<style|\sstyle=", html), f"an inline style on {url}, which the policy refuses"
    assert pages >= 10, "the walk reached too few pages to mean anything"


def test_public_pages_carry_the_policy_and_the_other_headers_for_anonymous_readers(site):
    response = Client().get(f"/fact-checks/{site['slug']}/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_htmx_is_told_not_to_add_its_inline_indicator_style(site, admin_user):
    client = Client()
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html


# --- The schema and its docs page ---


def test_the_schema_and_its_docs_need_a_signed_in_user(db, reviewer_a):
    anonymous = APIClient()
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {api_token_get_or_create(user=reviewer_a).key}")
    browser = Client()
    browser.force_login(reviewer_a)

    assert anonymous.get("/api/v1/schema/").status_code == 401
    assert anonymous.get("/api/v1/schema/docs/").status_code == 401
    assert token.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["info"]["title"] == \
        "Fact-check desk API"
    docs = browser.get("/api/v1/schema/docs/")
    assert docs.status_code == 200
    script = browser.get("/api/v1/schema/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


# --- Sign-in throttling ---


def _sign_in(client, username, password, address="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_username_from_that_address_even_for_the_right_one(admin_user):
    client = Client()
    answers = [_sign_in(client, "admin", f"guess-{i}").status_code for i in range(5)]

    locked = _sign_in(client, "admin", "pw-admin")

    assert answers == [200, 200, 200, 200, 429], "the fifth wrong password is refused as a lockout"
    assert locked.status_code == 429
    assert "Too many failed sign-ins for this username from your address. Sign-in is locked for 15 minutes" in \
        locked.content.decode()
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username="admin", ip_address="10.0.0.1")
    assert attempt.failures_since_start >= 5
    assert AccessFailureLog.objects.filter(username="admin", ip_address="10.0.0.1").count() >= 5


def test_the_lockout_holds_one_address_and_one_username_only(admin_user, editor):
    guesser = Client()
    for i in range(5):
        _sign_in(guesser, "admin", f"guess-{i}")

    from_elsewhere = _sign_in(Client(), "admin", "pw-admin", address="10.0.0.2")
    other_user = _sign_in(Client(), "editor", "pw-editor")

    assert from_elsewhere.status_code == 302
    assert other_user.status_code == 302


def test_a_locked_username_signs_in_again_after_the_lockout(admin_user):
    client = Client()
    for i in range(5):
        _sign_in(client, "admin", f"guess-{i}")
    assert _sign_in(client, "admin", "pw-admin").status_code == 429

    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))

    assert _sign_in(client, "admin", "pw-admin").status_code == 302
    assert AccessLog.objects.filter(username="admin").exists(), "successful sign-ins are logged too"


def test_a_right_password_before_the_limit_clears_the_count(admin_user):
    client = Client()
    for i in range(4):
        _sign_in(client, "admin", f"guess-{i}")
    assert _sign_in(client, "admin", "pw-admin").status_code == 302
    client.logout()

    for i in range(4):
        _sign_in(client, "admin", f"again-{i}")
    assert _sign_in(client, "admin", "pw-admin").status_code == 302


def test_behind_the_tls_proxy_the_address_is_the_proxys_last_hop(admin_user, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    for i in range(5):
        # A guesser sends a fresh forged address each time; the proxy appends the real one.
        client.post("/accounts/login/", {"username": "admin", "password": f"guess-{i}"},
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.9", REMOTE_ADDR="127.0.0.1")

    assert AccessAttempt.objects.get(username="admin").ip_address == "203.0.113.9"
    locked = client.post("/accounts/login/", {"username": "admin", "password": "pw-admin"},
                         HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert locked.status_code == 429
