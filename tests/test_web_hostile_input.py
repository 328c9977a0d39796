"""Every page and form of the browser app answers hostile input without a server error.

Each URL outside the admin and the API (which tests/api/test_hostile_requests.py covers) is requested
with real ids and an id that names nothing, by a reader who is not signed in, two reviewers and an
editor, by GET with junk in the query string and by POST with junk in every field a form of the app
reads: script tags, NUL and invalid bytes, numbers out of range, a 5,000-character word, non-http URLs.
"""

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from annotations.models import Article, AuditEvent, Claim, Evidence, Verdict

JUNK = ["<script>alert(1)</script>", "\x00\ufffd\udcff".encode("utf-8", "surrogatepass").decode("latin-1"), "-1",
        "99999999999999999999999", "", "a" * 5000, "javascript:alert(1)", "%", "1e309", "[]"]
FIELDS = ["body", "title", "url", "rating", "rationale", "reason", "comment", "q", "page", "status", "stance",
          "excerpt", "note", "start", "end", "version", "assignee", "claim", "verdict", "next", "source_type",
          "kind", "publisher", "published_on", "text", "decision", "action", "cursor", "summary", "claimant"]


def _web_patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "api/")):
            continue
        if hasattr(pattern, "url_patterns"):
            yield from _web_patterns(pattern, route)
        else:
            yield route


def _urls(ids):
    """Each web route with each of ``ids`` in its parameters (routes without any once)."""
    urls = set()
    for route in _web_patterns():
        for value in ids:
            urls.add("/" + re.sub(r"<(?:\w+:)?\w+>", str(value), route))
    return sorted(urls)


def _rows():
    return [model.objects.count() for model in (Article, Claim, Verdict, Evidence, AuditEvent)]


@pytest.mark.django_db
def test_no_page_or_form_answers_hostile_input_with_a_server_error(
        split_article, seed_texts, default_ratings, reviewer_a, reviewer_b, editor):
    article = split_article(next(iter(seed_texts.values())))
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).first()
    verdict = Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=default_ratings["false"], rationale="No.")
    urls = _urls([claim.pk, article.pk, verdict.pk, 999_999])
    assert len(urls) > 60, "the routes were found"

    failures = []
    for user in (None, reviewer_a, reviewer_b, editor):
        client = Client()
        if user is not None:
            client.force_login(user)
        before = _rows()
        for url in urls:
            for junk in JUNK:
                data = dict.fromkeys(FIELDS, junk)
                for method in ("get", "post"):
                    status = getattr(client, method)(url, data).status_code
                    if status >= 500:
                        failures.append((user and user.username, method, url, junk[:12], status))
        if user is None:
            assert _rows() == before, "a reader who is not signed in wrote nothing"
    assert failures == []
