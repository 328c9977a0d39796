"""The Content-Security-Policy in a real browser: signing in, reviewing through HTMX, the admin and the API
docs page run without a single violation (Chromium reports each one on the console)."""

import pytest
from django.db import transaction

from annotations.models import Claim
from annotations.services import articles

pytestmark = pytest.mark.browser

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


def test_review_admin_and_api_docs_pages_run_without_a_policy_violation(
        sign_in, admin_user, transactional_db, django_capture_on_commit_callbacks, default_ratings):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()
    page = sign_in(admin_user)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.get_by_label("False", exact=True).check()
    page.fill("#verdict-form textarea", "The budget papers say 9,000 jobs.")
    page.click("#verdict-form button[type=submit]")
    page.locator("text=Verdict saved.").wait_for()
    page.goto("/admin/annotations/article/")
    page.locator("#result_list").wait_for()
    page.goto("/api/v1/schema/docs/")
    page.locator(".swagger-ui .info .title").wait_for()

    assert "Fact-check desk API" in page.locator(".swagger-ui .info .title").inner_text()
    assert violations == []
