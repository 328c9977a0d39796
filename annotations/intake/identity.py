"""What makes two articles the same: the canonical URL, or the exact text."""

from __future__ import annotations

import hashlib
from urllib.parse import unquote, urlsplit, urlunsplit

# Query parameters that say how a reader arrived, not what they read.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
    "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "s_kwcid", "cmpid",
})


def content_hash(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes: the same digest ``Article.content_hash`` stores for a body."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """The form of an http(s) URL two copies of one page share, or "" for anything else.

    Lowercases the scheme and host, drops the default port, credentials,
    the fragment and tracking parameters (``utm_*``, ``fbclid``, ``gclid``...);
    keeps the path and the other parameters exactly as written, in order.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host:
        return ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != (443 if scheme == "https" else 80):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", _without_tracking(parts.query), ""))


def _without_tracking(query: str) -> str:
    kept = []
    for pair in query.split("&"):
        key = unquote(pair.partition("=")[0]).strip().lower()
        if pair and key not in _TRACKING_PARAMS and not key.startswith(_TRACKING_PREFIXES):
            kept.append(pair)
    return "&".join(kept)
