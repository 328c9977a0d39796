"""Fetch one web page for a person, without letting the URL reach anything but the public web.

The rules, each a defence against server-side request forgery (a URL typed by
a user, or a redirect chosen by a page, that makes this server talk to itself,
its network or its cloud's metadata service):

- http and https only; a URL with a user name or password is refused;
- the host name is resolved once, every address it resolves to must be public
  (``addresses.address_problem``), and the connection goes to the address that
  was checked, so a second DNS answer cannot swap in another one. For https the
  certificate is still verified against the host name (sent as SNI);
- every redirect is checked the same way, at most ``max_redirects`` of them;
- a connect timeout per address and one deadline for the whole fetch, DNS,
  redirects and slow bodies included;
- only HTML and plain text are read, and reading stops past ``max_bytes``
  (decompressed bytes: a small gzip body cannot grow past the cap);
- no cookies, credentials, referrer or proxy; a User-Agent that names us.

urllib3 does the HTTP: it connects to an IP address while sending SNI and
checking the certificate against a host name we give it (``server_hostname``,
``assert_hostname``), reads a body a piece at a time with bounded
decompression (``read1``), and ignores proxy environment variables (a proxy
would resolve the name again). http.client would need its TLS connect rewritten.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.client import HTTPException
from ipaddress import ip_address
from urllib.parse import quote, urljoin, urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.ssl_match_hostname import CertificateError

from .addresses import IPAddress, address_problem, shown
from .charset import media_type_and_charset, meta_charset
from .errors import FetchFailed, FetchRefused, size_text

PRODUCT = "FactcheckDesk/1.0"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = (*HTML_TYPES, "text/plain")
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)
_TRANSIENT_STATUSES = (408, 425, 429, 500, 502, 503, 504)
_CHUNK = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
# Encodings urllib3 decompresses without extra packages.
_ACCEPT_ENCODING = "gzip, deflate"


def user_agent_for(site_url: str = "") -> str:
    """``FactcheckDesk/1.0 (+https://desk.example.org)``: who is fetching, and where to ask."""
    return f"{PRODUCT} (+{site_url})" if site_url else PRODUCT


@dataclass(frozen=True)
class FetchConfig:
    """What a fetch may do. ``allowed_hosts`` holds ``host`` or ``host:port`` entries
    that may resolve to private or loopback addresses (a newsroom's intranet, a test server)."""

    user_agent: str = PRODUCT
    allowed_hosts: frozenset[str] = frozenset()
    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    # A CA bundle file; None uses the system's certificate store.
    ca_certs: str | None = None

    def __post_init__(self):
        hosts = frozenset(entry.strip().lower() for entry in self.allowed_hosts if entry.strip())
        object.__setattr__(self, "allowed_hosts", hosts)
        if min(self.connect_timeout, self.total_timeout) <= 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError("timeouts and max_bytes must be positive, max_redirects not negative")


@dataclass(frozen=True)
class FetchedPage:
    url: str  # the URL finally read, after redirects
    body: bytes
    media_type: str  # "text/html", "application/xhtml+xml" or "text/plain"
    charset: str | None  # declared by the Content-Type header, else by a <meta> in the page
    address: str  # the IP address the body came from
    redirects: tuple[str, ...] = ()  # the URLs that redirected, in order

    @property
    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES


class _Refusal(Exception):
    """Why a URL may not be fetched, as a clause; ``fetch`` says which hop it was."""


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name, or the address for an IP literal (IPv6 without brackets)
    port: int
    ip: IPAddress | None  # the URL's own address, when it names one instead of a host
    path: str
    query: str

    @property
    def bracketed_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        return self.bracketed_host if self.port == default else f"{self.bracketed_host}:{self.port}"

    @property
    def request_target(self) -> str:
        # Spaces and non-ASCII characters are sent percent-encoded, as browsers do; existing escapes stay.
        path = quote(self.path or "/", safe="/%:@!$&'()*+,;=~-._")
        query = quote(self.query, safe="/?%:@!$&'()*+,;=~-._")
        return f"{path}?{query}" if query else path


class _Deadline:
    def __init__(self, seconds: float, url: str):
        self.seconds, self.url = seconds, url
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> FetchFailed:
        unit = "second" if self.seconds == 1 else "seconds"
        return FetchFailed(f"Could not fetch {self.url}: no complete answer within {self.seconds:g} {unit}.",
                           transient=True)


def check_url(url: str) -> None:
    """Refuse, without any network access, a URL that no fetch would read (scheme, credentials, no host)."""
    try:
        _target(url)
    except _Refusal as refusal:
        raise FetchRefused(f"Refused: {refusal}.") from None


def fetch(url: str, config: FetchConfig | None = None) -> FetchedPage:
    """Fetch an HTML or plain-text page under the rules above.

    Raises FetchRefused (the rules forbid it) or FetchFailed (it did not work;
    ``transient`` says whether a retry might). Decoding is left to the caller:
    the page comes back as bytes with the charset it declares.
    """
    config = config or FetchConfig()
    deadline = _Deadline(config.total_timeout, url.strip())
    redirects: list[str] = []
    current = url.strip()
    while True:
        target, addresses = _checked(current, redirects, config, deadline)
        conn, ip = _connect(target, addresses, config, deadline)
        # The socket outlives conn.sock: http.client hands it to a response that will close the
        # connection, so closing the connection alone would leave it open until garbage collection.
        sock, response = conn.sock, None
        try:
            response = _request(conn, target, config, deadline)
            location = _redirect_location(response, target)
            if location is None:
                return _page(response, sock, target, ip, redirects, config, deadline)
        finally:
            if response is not None:
                response.close()
            conn.close()
            sock.close()
        next_url = urljoin(current, location)
        if len(redirects) == config.max_redirects:
            raise FetchRefused(f"Refused: more than {config.max_redirects} redirects; stopped before {next_url}.")
        redirects.append(current)
        current = next_url


def _checked(url: str, redirects: list[str], config: FetchConfig, deadline: _Deadline):
    try:
        target = _target(url)
        return target, _addresses(target, config, deadline)
    except _Refusal as refusal:
        if redirects:
            raise FetchRefused(f"Refused: {redirects[-1]} redirects to {url}, and {refusal}.") from None
        raise FetchRefused(f"Refused: {refusal}.") from None


def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise _Refusal(f"{url!r} is not a valid address") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        which = f"this one is {scheme}:" if scheme else "this one has none"
        raise _Refusal(f"only http:// and https:// addresses can be fetched ({which})")
    if "@" in parts.netloc:
        raise _Refusal("the address contains a user name or password (before @), which are never sent")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise _Refusal("the address has no host name")
    try:
        ip = ip_address(host)
    except ValueError:
        ip = None
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise _Refusal(f"{host} is not a valid host name") from None
    return _Target(url, scheme, host, port or (443 if scheme == "https" else 80), ip, parts.path, parts.query)


def _addresses(target: _Target, config: FetchConfig, deadline: _Deadline) -> list[IPAddress]:
    addresses = [target.ip] if target.ip is not None else _resolve(target, deadline)
    name = target.bracketed_host
    if name in config.allowed_hosts or f"{name}:{target.port}" in config.allowed_hosts:
        return addresses
    # Every address, not just the first: a name that answers with one public and
    # one private address is how DNS rebinding slips past a check of the first.
    for ip in addresses:
        problem = address_problem(ip)
        if problem and target.ip is not None:
            raise _Refusal(f"{target.host} is {problem}")
        if problem:
            raise _Refusal(f"{target.host} resolves to {shown(ip)}, {problem}")
    return addresses


def _resolve(target: _Target, deadline: _Deadline) -> list[IPAddress]:
    """The host's addresses, from one lookup, within the deadline.

    getaddrinfo cannot be interrupted, so it runs in a daemon thread that is
    abandoned if the deadline passes (the system resolver's own timeout ends it).
    """
    outcome: dict = {}

    def lookup():
        try:
            outcome["infos"] = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except OSError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=lookup, name="intake-dns", daemon=True)
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        raise deadline.expired()
    if "error" in outcome:
        transient = getattr(outcome["error"], "errno", None) == socket.EAI_AGAIN
        raise FetchFailed(f"Could not fetch {target.url}: the host name {target.host} could not be resolved.",
                          transient=transient)
    addresses: list[IPAddress] = []
    for *_, sockaddr in outcome["infos"]:
        ip = ip_address(sockaddr[0])
        if ip not in addresses:
            addresses.append(ip)
    return addresses


def _connect(target: _Target, addresses: list[IPAddress], config: FetchConfig, deadline: _Deadline):
    """Connect to the first of the checked addresses that answers."""
    failures = []
    for ip in addresses:
        timeout = min(config.connect_timeout, deadline.left())
        if target.scheme == "https":
            conn = HTTPSConnection(str(ip), target.port, timeout=timeout, server_hostname=target.host,
                                   assert_hostname=target.host, cert_reqs="CERT_REQUIRED", ca_certs=config.ca_certs)
        else:
            conn = HTTPConnection(str(ip), target.port, timeout=timeout)
        try:
            conn.connect()
        except (ssl.SSLError, CertificateError) as exc:
            conn.close()
            raise FetchFailed(f"Could not fetch {target.url}: the secure connection to {target.host} failed "
                              f"({_tls_reason(exc)}).") from None
        except (OSError, Urllib3Error) as exc:
            conn.close()
            failures.append(f"{ip}: {_connect_reason(exc)}")
            continue
        return conn, ip
    raise FetchFailed(f"Could not fetch {target.url}: could not connect ({'; '.join(failures)}).", transient=True)


def _tls_reason(exc: Exception) -> str:
    reason = getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or str(exc)
    return str(reason)


def _connect_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "timed out" in text:
        return "timed out"
    if "refused" in text:
        return "connection refused"
    return str(exc)


def _request(conn: HTTPConnection, target: _Target, config: FetchConfig, deadline: _Deadline):
    # Only these headers, on every hop: never a Cookie, Authorization or Referer.
    headers = {
        "Host": target.host_header,
        "User-Agent": config.user_agent,
        "Accept": _ACCEPT,
        "Accept-Encoding": _ACCEPT_ENCODING,
        "Connection": "close",
    }
    conn.timeout = deadline.left()
    try:
        conn.request("GET", target.request_target, headers=headers, preload_content=False, decode_content=True)
        return conn.getresponse()
    except (TimeoutError, ReadTimeoutError):
        raise deadline.expired() from None
    except (OSError, Urllib3Error, HTTPException) as exc:
        raise FetchFailed(f"Could not fetch {target.url}: the server's answer was broken ({exc}).",
                          transient=True) from None


def _redirect_location(response, target: _Target) -> str | None:
    if response.status in _REDIRECT_STATUSES:
        location = response.headers.get("Location", "").strip()
        if not location:
            raise FetchFailed(f"Could not fetch {target.url}: it redirects ({response.status}) but says not where.")
        return location
    if 200 <= response.status < 300:
        return None
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = response.reason or ""
    answer = f"{response.status} {phrase}".strip()
    raise FetchFailed(f"Could not fetch {target.url}: the server answered {answer}.",
                      transient=response.status in _TRANSIENT_STATUSES)


def _page(response, sock, target, ip, redirects, config: FetchConfig, deadline: _Deadline) -> FetchedPage:
    media_type, charset = media_type_and_charset(response.headers.get("Content-Type"))
    if media_type not in TEXT_TYPES:
        what = media_type or "of no declared type (no Content-Type)"
        raise FetchRefused(f"Refused: {target.url} is {what}, not an HTML page or plain text.")
    body = _read_body(response, sock, target, config, deadline)
    if charset is None and media_type in HTML_TYPES:
        charset = meta_charset(body)
    return FetchedPage(url=target.url, body=body, media_type=media_type, charset=charset, address=str(ip),
                       redirects=tuple(redirects))


def _read_body(response, sock, target: _Target, config: FetchConfig, deadline: _Deadline) -> bytes:
    length = response.headers.get("Content-Length", "")
    if not response.headers.get("Content-Encoding") and length.isdigit() and int(length) > config.max_bytes:
        raise FetchRefused(f"Refused: {target.url} is {size_text(int(length))}; "
                           f"the limit is {size_text(config.max_bytes)}.")
    body = bytearray()
    while True:
        # One deadline for the whole body: each read may wait only for what is left of it,
        # so a server that sends a byte at a time cannot stretch the fetch. (Once the
        # body is complete http.client closes the socket; the next read returns b"".)
        left = deadline.left()
        if sock.fileno() != -1:
            sock.settimeout(left)
        try:
            chunk = response.read1(_CHUNK)
        except (TimeoutError, ReadTimeoutError):
            raise deadline.expired() from None
        except (OSError, Urllib3Error, HTTPException) as exc:
            raise FetchFailed(f"Could not fetch {target.url}: the connection broke while reading ({exc}).",
                              transient=True) from None
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > config.max_bytes:
            raise FetchRefused(f"Refused: {target.url} is larger than {size_text(config.max_bytes)}, the limit; "
                               "reading stopped there.")

