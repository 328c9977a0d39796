"""The fetch's limits and manners: redirects, size, content type, time, and what it sends."""

import re
import socket
import time
from urllib.parse import quote

import pytest

from annotations.intake import FetchConfig, FetchFailed, FetchRefused, fetch, user_agent_for

from .conftest import SLOW_RESPONSE_LIMIT_S


def test_a_page_comes_back_as_bytes_with_its_type_charset_and_address(site):
    page = fetch(site.url("/pages/riverside-courier-water-bills"), site.config())

    assert (page.url, page.media_type, page.charset, page.address, page.redirects) == (
        site.url("/pages/riverside-courier-water-bills"), "text/html", "utf-8", "127.0.0.1", ())
    assert page.body.startswith(b"<!DOCTYPE html>")


def test_five_redirects_with_relative_locations_are_followed(site):
    page = fetch(site.url("/chain/5"), site.config())

    assert page.url == site.url("/chain/0")
    assert page.redirects == tuple(site.url(f"/chain/{n}") for n in (5, 4, 3, 2, 1))
    assert b"Water bills in Riverside" in page.body


def test_a_sixth_redirect_is_refused(site):
    with pytest.raises(FetchRefused) as refused:
        fetch(site.url("/chain/6"), site.config())

    assert str(refused.value) == f"Refused: more than 5 redirects; stopped before {site.url('/chain/0')}."
    assert [seen.path for seen in site.requests] == [f"/chain/{n}" for n in (6, 5, 4, 3, 2, 1)]


def test_the_redirect_limit_is_a_setting(site):
    with pytest.raises(FetchRefused, match="more than 1 redirects"):
        fetch(site.url("/chain/2"), site.config(max_redirects=1))


def test_a_body_announced_larger_than_the_cap_is_refused_before_reading(site):
    url = site.url("/big?size=200000")

    with pytest.raises(FetchRefused) as refused:
        fetch(url, site.config(max_bytes=100_000))

    assert str(refused.value) == f"Refused: {url} is 200 KB; the limit is 100 KB."


def test_a_body_of_unannounced_size_stops_being_read_past_the_cap(site):
    path = "/stream?size=50000000"

    with pytest.raises(FetchRefused) as refused:
        fetch(site.url(path), site.config(max_bytes=100_000))

    assert str(refused.value) == f"Refused: {site.url(path)} is larger than 100 KB, the limit; reading stopped there."
    # The server could not send its 50 MB: the fetch hung up (what fits in socket buffers got out).
    assert site.wait_finished(path) < 20_000_000


def test_a_small_compressed_body_that_inflates_past_the_cap_is_refused(site):
    url = site.url("/gzip?size=20000000")

    with pytest.raises(FetchRefused, match=re.escape(f"Refused: {url} is larger than 1 MB, the limit")):
        fetch(url, site.config(max_bytes=1_000_000))


def test_a_compressed_body_within_the_cap_is_decompressed(site):
    page = fetch(site.url("/gzip?size=5000"), site.config())

    assert page.body == b"<p>" + b"a" * 5000


@pytest.mark.parametrize("content_type", ["application/pdf", "image/svg+xml", "application/json",
                                          "application/octet-stream", "text/css", "text/javascript"])
def test_anything_but_html_or_plain_text_is_refused_with_its_type_named(site, content_type):
    url = site.url(f"/typed?type={quote(content_type)}")

    with pytest.raises(FetchRefused) as refused:
        fetch(url, site.config())

    assert str(refused.value) == f"Refused: {url} is {content_type}, not an HTML page or plain text."


def test_a_response_without_a_content_type_is_refused(site):
    url = site.url("/typed?type=")

    with pytest.raises(FetchRefused) as refused:
        fetch(url, site.config())

    assert str(refused.value) == (f"Refused: {url} is of no declared type (no Content-Type), "
                                  "not an HTML page or plain text.")


@pytest.mark.parametrize("content_type, media_type", [
    ("text/html; charset=UTF-8", "text/html"),
    ("application/xhtml+xml", "application/xhtml+xml"),
    ("TEXT/PLAIN", "text/plain"),
])
def test_html_xhtml_and_plain_text_are_read(site, content_type, media_type):
    page = fetch(site.url(f"/typed?type={quote(content_type)}"), site.config())

    assert page.media_type == media_type


@pytest.mark.parametrize("path", ["/drip", "/stall", "/silent"])
def test_a_slow_server_is_cut_off_at_the_total_deadline(site, path):
    """/drip sends a byte every 50 ms: no single read waits long, so only a deadline for the whole ends it."""
    started = time.monotonic()

    with pytest.raises(FetchFailed) as failed:
        fetch(site.url(path), site.config(total_timeout=1.0))

    elapsed = time.monotonic() - started
    assert str(failed.value) == f"Could not fetch {site.url(path)}: no complete answer within 1 second."
    assert failed.value.transient is True
    assert 1.0 <= elapsed < 3.0 < SLOW_RESPONSE_LIMIT_S


def test_a_server_that_stalls_late_is_cut_off_at_the_deadline_not_a_read_timeout_later(site):
    """The wait for each read is what is left of the deadline, not a fixed read timeout from the start."""
    started = time.monotonic()

    with pytest.raises(FetchFailed, match="no complete answer within 2 seconds"):
        fetch(site.url("/drip-then-stall?for=1.5"), site.config(total_timeout=2.0))

    assert 2.0 <= time.monotonic() - started < 2.8


def test_the_deadline_covers_every_hop_of_a_redirect_chain(site):
    with pytest.raises(FetchFailed, match="no complete answer within 1 second"):
        fetch(site.url(f"/redirect?to={site.url('/drip')}"), site.config(total_timeout=1.0))


@pytest.mark.parametrize("status, phrase, transient", [
    (404, "Not Found", False), (410, "Gone", False), (403, "Forbidden", False),
    (429, "Too Many Requests", True), (503, "Service Unavailable", True),
])
def test_an_error_status_fails_with_the_status_and_says_if_a_retry_may_help(site, status, phrase, transient):
    url = site.url(f"/status/{status}")

    with pytest.raises(FetchFailed) as failed:
        fetch(url, site.config())

    assert str(failed.value) == f"Could not fetch {url}: the server answered {status} {phrase}."
    assert failed.value.transient is transient


def test_a_port_nobody_listens_on_fails_as_a_connection_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(FetchFailed) as failed:
        fetch(f"http://127.0.0.1:{port}/", FetchConfig(allowed_hosts={f"127.0.0.1:{port}"}))

    assert str(failed.value) == (f"Could not fetch http://127.0.0.1:{port}/: "
                                 "could not connect (127.0.0.1: connection refused).")
    assert failed.value.transient is True


@pytest.fixture
def unanswering_port():
    """A port whose listen queue is full: the kernel drops new SYNs, so a connect hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.1)
    yield port
    for sock in (*fillers, listener):
        sock.close()


def test_a_connection_that_is_never_accepted_times_out_at_the_connect_timeout(unanswering_port):
    started = time.monotonic()

    with pytest.raises(FetchFailed) as failed:
        fetch(f"http://127.0.0.1:{unanswering_port}/",
              FetchConfig(allowed_hosts={f"127.0.0.1:{unanswering_port}"}, connect_timeout=0.5, total_timeout=5))

    assert str(failed.value) == (f"Could not fetch http://127.0.0.1:{unanswering_port}/: "
                                 "could not connect (127.0.0.1: timed out).")
    assert 0.5 <= time.monotonic() - started < 1.5


def test_the_request_names_the_product_and_carries_no_credentials_or_cookies(site):
    config = site.config(user_agent=user_agent_for("https://desk.example.org"))

    fetch(site.url(f"/redirect?cookie=abc123&to={site.url('/pages/riverside-courier-water-bills')}"), config)

    assert len(site.requests) == 2
    for seen in site.requests:
        headers = {name.lower(): value for name, value in seen.headers.items()}
        assert headers["user-agent"] == "FactcheckDesk/1.0 (+https://desk.example.org)"
        assert headers["host"] == site.netloc
        assert headers["accept-encoding"] == "gzip, deflate"
        assert not {"cookie", "authorization", "referer", "proxy-authorization"} & set(headers)


def test_the_default_user_agent_names_the_product():
    assert FetchConfig().user_agent == "FactcheckDesk/1.0"
    assert user_agent_for() == "FactcheckDesk/1.0"


def test_proxy_environment_variables_are_ignored(site, monkeypatch):
    """A proxy would resolve the host name itself, after our check."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9/")

    page = fetch(site.url("/pages/riverside-courier-water-bills"), site.config())

    assert page.address == "127.0.0.1" and site.requests[-1].path == "/pages/riverside-courier-water-bills"


def test_a_path_with_spaces_and_non_ascii_characters_is_sent_percent_encoded(site):
    with pytest.raises(FetchFailed, match="404"):
        fetch(site.url("/missing page/über?q=a b"), site.config())

    assert site.requests[-1].path == "/missing%20page/%C3%BCber?q=a%20b"


@pytest.mark.parametrize("config", [
    {"total_timeout": 0}, {"connect_timeout": -1}, {"max_bytes": 0}, {"max_redirects": -1},
])
def test_nonsensical_settings_are_refused_when_the_config_is_made(config):
    with pytest.raises(ValueError):
        FetchConfig(**config)
