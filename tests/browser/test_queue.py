"""The queue in a real browser: Next claim walks the claims in check-worthiness order."""

import pytest
from django.db import transaction

from annotations.models import Claim
from annotations.services import articles

from .conftest import screenshot

pytestmark = pytest.mark.browser

BODY = (
    "Ministers Agree On Budget\n\n"
    "The deal was signed on Monday. It adds 12,000 jobs, officials said. Critics called it a mistake."
)


def test_next_claim_walks_the_queue_in_checkworthiness_order(sign_in, reviewer_a, transactional_db,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    claims = list(article.claims.filter(kind=Claim.Kind.CLAIM).order_by("start"))
    for claim, score in zip(claims, (0.3, 0.95, 0.6, 0.1), strict=False):
        Claim.objects.filter(pk=claim.pk).update(checkworthiness=score)
    expected = [
        text for text in Claim.objects.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").values_list(
            "text", flat=True)
    ]

    page = sign_in(reviewer_a)
    page.click("text=My queue")
    screenshot(page, "queue")
    # Next claim is a link through a redirect: read the page it lands on, not the one it leaves.
    with page.expect_navigation():
        page.click("#next-claim")
    seen = []
    for _ in expected:
        seen.append(page.locator("#selected-claim").inner_text())
        assert page.locator(".claim.selected").inner_text() == seen[-1]
        with page.expect_navigation():
            page.click("#next-claim")
        if len(seen) == 1:
            screenshot(page, "article-selected-claim")

    assert seen == expected
    assert "You have reached the end of your queue." in page.locator(".messages").inner_text()
