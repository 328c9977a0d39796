"""A local web server that serves the saved news pages and misbehaves on request.

Every test here stays on this machine: ``_loopback_only`` fails any test whose
code tries to connect anywhere but a loopback address, and records the
connections made, so a refusal can be shown to happen before any connection.
"""

import gzip
import ipaddress
import json
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from annotations.intake import FetchConfig

PAGES_DIR = Path(__file__).resolve().parent.parent / "data" / "pages"
PAGE_NAMES = sorted(path.stem for path in PAGES_DIR.glob("*.html"))
# The slow responses give up after this long, so a test that fails to stop reading still ends.
SLOW_RESPONSE_LIMIT_S = 10.0


def page_expectations(name: str) -> dict:
    return json.loads((PAGES_DIR / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    connections = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            if not ipaddress.ip_address(address[0].split("%")[0]).is_loopback:
                raise AssertionError(f"a test connected to {address}: tests must not leave this machine")
            connections.append(address[:2])
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return connections


@pytest.fixture
def connections(_loopback_only):
    """The (address, port) of every TCP connection the test made."""
    return _loopback_only


@dataclass
class Seen:
    path: str
    headers: dict


@dataclass
class Site:
    """A running test server: its base URL, the requests it saw, and how many body bytes a response sent."""

    scheme: str
    host: str
    port: int
    requests: list = field(default_factory=list)
    sent: dict = field(default_factory=dict)
    finished: dict = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    server_names: list = field(default_factory=list)

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.netloc}{path}"

    def config(self, **overrides) -> FetchConfig:
        return FetchConfig(**{"allowed_hosts": {self.netloc}, **overrides})

    def wait_finished(self, path: str, timeout: float = 5.0) -> int:
        event = self.finished.setdefault(path, threading.Event())
        assert event.wait(timeout), f"the server's response to {path} did not end"
        return self.sent[path]


class _Handler(BaseHTTPRequestHandler):
    server_version = "IntakeTestServer/1.0"
    # A write to a client that stopped reading gives up too.
    timeout = SLOW_RESPONSE_LIMIT_S

    def log_message(self, format, *args):  # keep pytest's output for failures
        pass

    @property
    def site(self) -> Site:
        return self.server.site

    def do_GET(self):
        self.site.requests.append(Seen(self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        route = parts.path.strip("/").split("/")
        handler = getattr(self, f"route_{route[0].replace('-', '_')}", None)
        if handler is None:
            return self.reply(404, "text/plain", b"not found")
        handler(route[1:], query)

    def reply(self, status, content_type, body=b"", headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_pages(self, rest, query):
        name = rest[0]
        self.reply(200, page_expectations(name)["served_as"], (PAGES_DIR / f"{name}.html").read_bytes())

    def route_slow(self, rest, query):
        """/slow/<name>?seconds=S: a saved page after S seconds, so a person can watch the fetch under way."""
        time.sleep(float(query.get("seconds", 1)))
        self.route_pages(rest, query)

    def route_typed(self, rest, query):
        """A short article served with the Content-Type named in ?type= (none if empty)."""
        body = ("<html><body><article><p>" + "The council said the bridge would reopen in May. " * 5
                + "</p></article></body></html>").encode()
        self.reply(200, query.get("type", ""), body)

    def route_plain(self, rest, query):
        text = ("Ferry fares to rise in January\n\n"
                "Fares on the Harbor ferry will rise by 12% on January 1, the port authority said.\n")
        self.reply(200, "text/plain; charset=utf-8", text.encode())

    def route_status(self, rest, query):
        self.reply(int(rest[0]), "text/html", b"<html><body>error</body></html>")

    def route_redirect(self, rest, query):
        """Redirect to ?to= with ?status= (302), optionally setting a cookie first."""
        headers = [("Location", query["to"])]
        if "cookie" in query:
            headers.append(("Set-Cookie", f"session={query['cookie']}; Path=/"))
        self.reply(int(query.get("status", 302)), "text/html", b"", headers)

    def route_chain(self, rest, query):
        """/chain/N redirects N times (relative Locations), then serves a page."""
        left = int(rest[0])
        if left == 0:
            return self.route_pages(["riverside-courier-water-bills"], {})
        self.reply(301, "text/html", b"", [("Location", f"../chain/{left - 1}")])

    def route_big(self, rest, query):
        """?size= bytes of HTML with an honest Content-Length."""
        self.reply(200, "text/html", b"<p>" + b"a" * int(query["size"]))

    def route_stream(self, rest, query):
        """?size= bytes of HTML with no Content-Length: the client cannot know the size in advance."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.count_sent(self.path, int(query["size"]), b"<p>" + b"a" * 65533)

    def route_gzip(self, rest, query):
        """?size= bytes of HTML sent gzip-compressed (a few KB on the wire)."""
        body = gzip.compress(b"<p>" + b"a" * int(query["size"]), compresslevel=9)
        self.reply(200, "text/html", body, [("Content-Encoding", "gzip")])

    def route_drip(self, rest, query):
        """A valid page, one byte every 50 ms: each read is quick, the whole is slow."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.count_sent(self.path, 10**6, b"a", pause=0.05)

    def route_stall(self, rest, query):
        """Headers, a few bytes, then nothing."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>")
        self.wfile.flush()
        self.site.stop.wait(SLOW_RESPONSE_LIMIT_S)

    def route_drip_then_stall(self, rest, query):
        """A byte every 50 ms for ?for= seconds, then nothing."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.count_sent(self.path, int(float(query["for"]) / 0.05), b"a", pause=0.05)
        self.site.stop.wait(SLOW_RESPONSE_LIMIT_S)

    def route_silent(self, rest, query):
        """No answer at all until the limit."""
        self.close_connection = True
        self.site.stop.wait(SLOW_RESPONSE_LIMIT_S)

    def count_sent(self, path, size, chunk, pause=0.0):
        sent, started = 0, time.monotonic()
        try:
            while sent < size and not self.site.stop.is_set() and time.monotonic() - started < SLOW_RESPONSE_LIMIT_S:
                self.wfile.write(chunk)
                self.wfile.flush()
                sent += len(chunk)
                if pause:
                    time.sleep(pause)
        except OSError:
            pass  # the client hung up: what this response is here to show
        finally:
            self.site.sent[path] = sent
            self.site.finished.setdefault(path, threading.Event()).set()


def _serve(scheme="http", tls_context=None):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    site = Site(scheme, "127.0.0.1", server.server_address[1])
    server.site = site
    if tls_context is not None:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, site


@pytest.fixture
def site():
    """The newsroom's test server on 127.0.0.1, allowed through ``site.config()``."""
    server, site = _serve()
    yield site
    site.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def internal_service():
    """Another server on 127.0.0.1 that no fetch may reach: it stands for an admin panel or Redis."""
    server, site = _serve()
    yield site
    site.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """A test CA and a certificate it signed for news.test, made with the openssl command."""
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Intake Test CA")
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=news.test")
    (folder / "san.ext").write_text("subjectAltName=DNS:news.test\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.ext")
    return folder


@pytest.fixture
def tls_site(tls_files):
    """An https server on 127.0.0.1 whose certificate names news.test; it records the SNI it was sent."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_files / "server.pem", tls_files / "server.key")
    server_names = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    server, site = _serve("https", context)
    site.server_names = server_names
    yield site
    site.stop.set()
    server.shutdown()
    server.server_close()


def fake_dns(monkeypatch, answers: dict):
    """Answer getaddrinfo for the names in ``answers`` (a list of addresses, or a function of the
    call count returning one); every other name goes to the real resolver. Returns the lookups made."""
    real = socket.getaddrinfo
    lookups = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host not in answers:
            return real(host, port, family, type, proto, flags)
        lookups.append(host)
        answer = answers[host]
        addresses = answer(len([h for h in lookups if h == host])) if callable(answer) else answer
        infos = []
        for address in addresses:
            if ":" in address:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups
