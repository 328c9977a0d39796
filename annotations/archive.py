"""The archive: the desk's whole record as JSON lines, for backups, research and moving to another tool.

Written by ``selectors.archive_records`` (the API's ``/api/v1/export/archive.jsonl``
and ``manage.py export``), read back by ``services.backup.archive_import``
(``manage.py import``). docs/api.md describes the format; in short, one JSON
object per line, each with a ``type``:

- ``archive``: the first line, the format's name and version;
- ``group``, ``user`` (no password: a restored user sets a new one), ``rating_scale``
  (with its ratings): what the articles' rows refer to, by id;
- ``article``, one per article, in id order: the article's columns, its ``history``,
  its ``audit`` events, its ``claims`` (each with its history, verdicts and evidence
  with theirs, its fact-check with its history, its audit events and the decisions
  people took on suggested links), and the history of claims since deleted;
- ``orphans``: history and audit rows whose article no longer exists, if any.

A row is its table's columns by name (``rating_id``, ``reviewer_id``: ids as in the
database; users and ratings are listed first with theirs). A history row is one of
django-simple-history's: the columns as they were, ``history_id``, ``history_date``,
``history_type`` (+ ~ -), ``history_user_id``, ``history_change_reason``.

Not in the archive: what linking derives again (fingerprints, keys, automatic links
and groups: ``link_articles`` after a restore), the claims' date ranges
(``ClaimDate``: the restore derives them from the dates the claims carry), the search
documents (generated columns), URL fetches, passwords, API tokens, sessions,
rationale drafts (private to their author), presence, webhook endpoints (their
secrets) and deliveries.
"""

from __future__ import annotations

import json

from django.contrib.auth.models import User
from django.db import models

from annotations.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimMatch,
    Evidence,
    FactCheck,
    Rating,
    RatingScale,
    Verdict,
)

FORMAT = "factdesk-archive"
VERSION = 1

HistoricalArticle = Article.history.model
HistoricalClaim = Claim.history.model
HistoricalVerdict = Verdict.history.model
HistoricalEvidence = Evidence.history.model
HistoricalFactCheck = FactCheck.history.model

# The tables of the archive, by the name the records use.
TABLES = {
    "article": Article, "article_history": HistoricalArticle,
    "claim": Claim, "claim_history": HistoricalClaim,
    "verdict": Verdict, "verdict_history": HistoricalVerdict,
    "evidence": Evidence, "evidence_history": HistoricalEvidence,
    "factcheck": FactCheck, "factcheck_history": HistoricalFactCheck,
    "audit": AuditEvent, "decision": ClaimMatch,
    "user": User, "rating_scale": RatingScale, "rating": Rating,
}
# What a user record leaves out: a password hash does not leave the server.
USER_EXCLUDED = {"password"}


def columns(model) -> list[str]:
    """Every column of the table, by attribute name (``rating_id``), as the records carry them.

    Generated columns (the search documents) are left out: the database computes them again.
    """
    excluded = USER_EXCLUDED if model is User else set()
    return [f.attname for f in model._meta.concrete_fields if f.attname not in excluded and not f.generated]


def column_kinds(model) -> dict[str, str]:
    """The columns JSON cannot carry as they are, by attribute name: ``datetime`` and ``date`` (ISO 8601
    text in the archive), ``json`` (a JSON value in the archive, text for the database)."""
    found = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, models.DateTimeField):
            found[f.attname] = "datetime"
        elif isinstance(f, models.DateField):
            found[f.attname] = "date"
        elif isinstance(f, models.JSONField):
            found[f.attname] = "json"
    return found


def encode(record: dict) -> str:
    """One line of the archive (dates are already text: ``selectors.archive_records`` writes them)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
