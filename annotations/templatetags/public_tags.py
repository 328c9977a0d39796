"""Template helpers for the public fact-check pages."""

from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from annotations import claimreview

register = template.Library()


@register.filter
def http_url(url: str) -> str:
    """The URL if it is http(s), else empty: a javascript: or data: link never reaches an href."""
    try:
        scheme = urlsplit(url or "").scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""


@register.simple_tag
def claimreview_script(factcheck):
    """The fact-check's ClaimReview in a ``<script type="application/ld+json">`` element.

    ``script_json`` escapes <, > and & inside the JSON, so no text can close
    the element; that escaping, not trust in the text, is what makes
    ``mark_safe`` correct here.
    """
    return format_html('<script type="application/ld+json">{}</script>',
                       mark_safe(claimreview.script_json(claimreview.claimreview(factcheck))))
