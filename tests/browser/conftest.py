"""Playwright driving Debian's Chromium against pytest-django's live server.

Chromium must be at /usr/bin/chromium (apt-get install chromium); a missing
browser fails the run rather than skipping it.
"""

import os
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium); browser tests need it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_server):
    """A new browser context signed in as the given user (None: nobody signs in); closed after the test.

    ``context_options`` go to Playwright's ``new_context`` (a device scale factor for zoom, ``bypass_csp``)."""
    contexts = []

    def open_as(user, *, width=1280, height=900, **context_options):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url,
                                      **context_options)
        contexts.append(context)
        page = context.new_page()
        if user is None:
            return page
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-" + user.username)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        return page

    yield open_as
    for context in contexts:
        # A closing page still talks to the server (the lock's release beacon,
        # htmx polling): refuse it all, so nothing writes while the test database
        # is flushed (PostgreSQL deadlocked a flush against a lock release).
        context.route("**/*", lambda route: route.abort())
        context.close()
    _wait_for_requests_in_flight()


def _wait_for_requests_in_flight(timeout=10.0):
    """Until the live server has finished the requests it had started (one thread each)."""
    deadline = time.monotonic() + timeout
    while any("process_request_thread" in thread.name for thread in threading.enumerate()):
        if time.monotonic() > deadline:
            raise AssertionError("the live server is still serving a request after the test ended")
        time.sleep(0.02)


def screenshot(page, name, *, full_page=True):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
