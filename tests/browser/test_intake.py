"""Adding articles in a real Chromium, with a real Celery worker on a real Redis doing the fetch and the split.

A reviewer adds a saved news page (menus, a cookie banner, related links, a comment form) by its URL
from a local test server and watches the fetch and the split; then a file, then a paste; the same URL
again opens the article already there; refusals reach the page as messages.
"""

import re

import pytest

from annotations.models import Article, ArticleFetch
from factcheck.celery import app as celery_app
from tests.intake.conftest import PAGES_DIR, _serve, page_expectations
from tests.integration.conftest import Worker

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]

RIVERSIDE = "riverside-courier-water-bills"
# Page furniture that must not reach the article's text (all of it is on the saved page).
FURNITURE = [
    "Skip to main content", "Accept all cookies", "We use cookies to give you the best experience",
    "Serving Riverside since 1887", "Share on Facebook", "Read more: Millbrook treatment works leak",
    "Get the Courier Morning Briefing", "Related stories", "Join the conversation", "Post comment",
    "Comments are moderated", "All rights reserved",
]


@pytest.fixture(scope="module")
def news_site():
    server, site = _serve()
    yield site
    site.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def worker(redis_server, news_site, django_db_setup, tmp_path_factory):
    """One worker for the module; it may fetch from the news site (127.0.0.1, allowed by setting)."""
    previous = celery_app.conf.task_always_eager
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INTAKE_ALLOWED_HOSTS", news_site.netloc)
        process = Worker(tmp_path_factory.mktemp("worker") / "worker.log")
        process.start(timeout=120)
    yield process
    process.stop()
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def desk(worker, news_site, settings, transactional_db):
    """Tasks go to the worker, and the web server accepts the news site's address too."""
    settings.INTAKE_ALLOWED_HOSTS = [news_site.netloc]
    celery_app.conf.task_always_eager = False
    yield news_site
    celery_app.conf.task_always_eager = True


def _states_seen(page, fragment):
    """The texts of every progress fragment the page fetched while polling."""
    seen = []
    page.on("response", lambda response: fragment in response.url and seen.append(response.text()))
    return seen


def test_a_reviewer_adds_an_article_by_url_watches_it_fetched_and_split_and_the_same_url_opens_it_again(
        sign_in, reviewer_a, desk):
    expected = page_expectations(RIVERSIDE)
    page = sign_in(reviewer_a)
    page.click("text=Add article")
    polled = _states_seen(page, "/state/")

    page.fill("#id_url-url", desk.url(f"/slow/{RIVERSIDE}?seconds=2"))
    page.click("#add-url button[type=submit]")

    page.wait_for_url(re.compile(r"/articles/add/fetches/\d+/$"))
    assert page.locator("#step-fetch .state").inner_text() in ("Queued", "Fetching")
    page.locator("#step-split .state-done").wait_for(timeout=60_000)
    fetch_states = [re.search(r'id="step-fetch">.*?class="state state-(\w+)"', text, re.S).group(1)
                    for text in polled]
    assert "fetching" in fetch_states and fetch_states[-1] == "done"
    assert fetch_states.index("fetching") < fetch_states.index("done")
    assert page.locator("#step-fetch .state").inner_text() == "Done"
    assert re.fullmatch(r"\d+ claims?, \d+ check-worthy", page.locator("#claim-count").inner_text())
    assert page.locator("#found-title").inner_text() == expected["title"]
    assert page.locator("#found-author").inner_text() == expected["author"]
    assert page.locator("#found-site").inner_text() == expected["site_name"]
    assert page.locator("#found-date").inner_text() == expected["published_on"]
    assert page.locator("#found-url").inner_text() == expected["url"]
    screenshot(page, "intake-url-progress")

    page.click("#open-article")
    body = page.locator(".body").inner_text()
    assert page.locator("h1").inner_text() == expected["title"]
    assert expected["paragraphs"][1] in body
    assert [text for text in FURNITURE if text in body] == []
    assert page.locator(".body .claim").count() > 0

    article = Article.objects.get()
    page.goto("/articles/add/")
    page.fill("#id_url-url", desk.url(f"/slow/{RIVERSIDE}?seconds=2&utm_source=newsletter"))
    page.click("#add-url button[type=submit]")
    page.wait_for_url(re.compile(rf"/articles/{article.pk}/$"))
    assert (f"This address was already imported as article #{article.pk} “{expected['title']}”."
            in page.locator(".messages").inner_text())
    assert Article.objects.count() == 1
    assert len([r for r in desk.requests if r.path.startswith("/slow/")]) == 1


def test_a_file_upload_shows_the_split_and_what_was_found(sign_in, editor, desk):
    expected = page_expectations(RIVERSIDE)
    page = sign_in(editor)
    page.goto("/articles/add/")
    page.click("#way-file")

    page.set_input_files("#id_file-file", str(PAGES_DIR / f"{RIVERSIDE}.html"))
    page.click("#add-file button[type=submit]")

    page.wait_for_url(re.compile(r"/articles/\d+/added/$"))
    page.locator("#step-split .state-done").wait_for(timeout=60_000)
    assert page.locator("#found-author").inner_text() == expected["author"]
    assert page.locator("#found-site").inner_text() == expected["site_name"]
    assert page.locator("#found-date").inner_text() == expected["published_on"]
    assert page.locator("#found-url").inner_text() == expected["url"]
    page.click("#open-article")
    body = page.locator(".body").inner_text()
    assert [text for text in FURNITURE if text in body] == []
    screenshot(page, "intake-file-article")


def test_a_paste_takes_its_headline_and_is_split(sign_in, reviewer_a, desk):
    page = sign_in(reviewer_a)
    page.goto("/articles/add/?way=paste")
    page.fill("#id_paste-body", "Tram Fares To Rise In May\n\nTram fares will rise by 8% on 1 May, the transport "
                                "authority said on Tuesday. The last rise, in 2023, was 5%.")
    page.fill("#id_paste-source", "City Desk")
    page.fill("#id_paste-url", "https://citydesk.example/trams?utm_source=x")
    page.click("#add-paste button[type=submit]")

    page.wait_for_url(re.compile(r"/articles/\d+/added/$"))
    page.locator("#step-split .state-done").wait_for(timeout=60_000)
    assert page.locator("#found-title").inner_text() == "Tram Fares To Rise In May"
    assert page.locator("#found-site").inner_text() == "City Desk"
    assert page.locator("#found-url").inner_text() == "https://citydesk.example/trams?utm_source=x"
    assert Article.objects.get().canonical_url == "https://citydesk.example/trams"


def test_refusals_reach_the_person_as_messages(sign_in, reviewer_a, desk):
    page = sign_in(reviewer_a)
    page.goto("/articles/add/")
    page.fill("#id_url-url", "http://127.0.0.1:6379/")
    page.click("#add-url button[type=submit]")
    assert page.locator("#intake-error").inner_text() == "Refused: 127.0.0.1 is a loopback address."

    internal = "http://127.0.0.1:9/admin/"
    page.fill("#id_url-url", desk.url(f"/redirect?to={internal}"))
    page.click("#add-url button[type=submit]")
    page.locator("#fetch-error").wait_for(timeout=30_000)

    assert page.locator("#fetch-error p").first.inner_text() == (
        f"Refused: {desk.url(f'/redirect?to={internal}')} redirects to {internal}, "
        "and 127.0.0.1 is a loopback address.")
    assert page.locator("#step-fetch .state").inner_text() == "Failed"
    assert ArticleFetch.objects.get().state == ArticleFetch.State.FAILED and Article.objects.count() == 0
    screenshot(page, "intake-refused-redirect")
