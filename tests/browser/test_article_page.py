"""An article page in a real browser: live split state, markup shown as text."""

import pytest
from django.db import transaction

from annotations.models import Article
from annotations.services import articles, split

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_markup_in_an_article_renders_as_text_and_no_dialog_fires(sign_in, reviewer_a, transactional_db):
    body = (
        "Officials Deny <script>alert(1)</script> Report\n\n"
        "The ministry said <img src=x onerror=alert(1)> was never sent. It added 12 staff."
    )
    with transaction.atomic():
        article = articles.article_create(body=body)
    page = sign_in(reviewer_a)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"/articles/{article.pk}/")

    assert page.locator("h1").inner_text() == "Officials Deny <script>alert(1)</script> Report"
    assert "<img src=x onerror=alert(1)>" in page.locator(".body").inner_text()
    assert page.locator(".body img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    screenshot(page, "article-with-markup")


def test_the_split_state_moves_from_queued_to_done_without_a_manual_reload(
    sign_in, reviewer_a, transactional_db, monkeypatch
):
    from annotations import tasks

    # Keep the split from running, so the page first sees the article queued.
    monkeypatch.setattr(tasks.article_split_task, "delay", lambda *args: None)
    article = articles.article_create(body="Ministers Agree On Budget\n\nThe deal was signed on Monday.")
    page = sign_in(reviewer_a)
    page.goto(f"/articles/{article.pk}/")
    assert page.locator("#split-state .state").inner_text() == "Queued"
    assert page.locator(".body .claim").count() == 0

    split.article_split(article_id=article.pk, content_hash=article.content_hash)

    page.locator("#split-state .state-done").wait_for(timeout=10_000)
    assert page.locator(".body .claim").count() == Article.objects.get(pk=article.pk).claims.count()
