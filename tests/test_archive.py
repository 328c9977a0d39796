"""The full export (the archive) and its restore: export, restore into an empty database, export again, the same."""

import datetime as dt
import io
import json
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import archive, selectors
from annotations.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimDate,
    ClaimFingerprint,
    ClaimMatch,
    Evidence,
    FactCheck,
    Rating,
    Verdict,
)
from annotations.services import articles, corrections, matching, publishing, review
from annotations.services.backup import ArchiveInvalid, archive_import

URL = reverse("api-archive-jsonl")


def _lines() -> list[str]:
    """The export's lines (written by PostgreSQL there, unless settings.ARCHIVE_SQL_JSON is off)."""
    return list(selectors.archive_lines(chunk=2))


@pytest.fixture
def desk(split_article, seed_texts, reviewer_a, reviewer_b, editor, admin_user, default_ratings,
         django_capture_on_commit_callbacks):
    """Five split and linked articles and a desk's work on them: verdicts (one edited), evidence (one
    retracted), a published fact-check, a corrected span, a dismissed claim, a rejected and a confirmed
    suggestion, changed article metadata, a claim a new split replaced."""
    made = [split_article(body) for body in seed_texts.values()]
    claims = list(Claim.objects.filter(article=made[0], kind=Claim.Kind.CLAIM).order_by("pk"))
    published, edited, dismissed, moved = claims[0], claims[1], claims[2], claims[3]
    for reviewer in (reviewer_a, reviewer_b):
        review.verdict_submit(claim=published, reviewer=reviewer, rating=default_ratings["false"], rationale="No.")
    verdict = review.verdict_submit(claim=edited, reviewer=reviewer_a, rating=default_ratings["true"], rationale="Y")
    review.verdict_update(verdict=verdict, expected_version=1, rating=default_ratings["misleading"], rationale="Hm.")
    review.evidence_add(claim=published, added_by=reviewer_a, url="https://example.org/a", title="A source",
                        stance=Evidence.Stance.REFUTES, excerpt="It says so.")
    retracted = review.evidence_add(claim=published, added_by=reviewer_b, url="https://example.org/b",
                                    title="Another", stance=Evidence.Stance.CONTEXT)
    review.evidence_retract(evidence=retracted, actor=reviewer_b, reason="Wrong page.")
    articles.article_update(article=made[0], actor=editor, url="https://example.org/kim",
                            published_on=dt.date(2025, 9, 4))
    publishing.factcheck_publish(claim=Claim.objects.get(pk=published.pk), actor=editor,
                                 rating=default_ratings["false"], summary="It is false.", claimant="A minister",
                                 claimant_kind=FactCheck.ClaimantKind.PERSON)
    corrections.claim_dismiss(claim=dismissed, reason="Not a claim.", expected_version=1, actor=reviewer_a)
    corrections.claim_update_span(claim=moved, start=moved.start, end=moved.end - 1, expected_version=1,
                                  actor=reviewer_a)
    # Two suggestions between claims linked to nothing: only the confirmation can group them.
    linked = {pk for pair in ClaimMatch.objects.filter(relation=ClaimMatch.Relation.SAME).values_list(
        "claim_a_id", "claim_b_id") for pk in pair}
    rejected, confirmed = [m for m in ClaimMatch.objects.filter(relation=ClaimMatch.Relation.POSSIBLE).order_by("pk")
                           if not {m.claim_a_id, m.claim_b_id} & linked][:2]
    matching.claim_match_decide(match=rejected, actor=reviewer_b, decision=ClaimMatch.Decision.REJECTED)
    matching.claim_match_decide(match=confirmed, actor=reviewer_a, decision=ClaimMatch.Decision.CONFIRMED)
    articles.article_update(article=made[1], actor=editor, source="The Wire", url="https://example.org/wire")
    # A claim the splitter does not make, replaced by a new split: the row goes, its history stays.
    first = Claim.objects.filter(article=made[2]).order_by("start").first()
    Claim.objects.create(article=made[2], start=first.start, end=first.start + 12,
                         text=made[2].body[first.start:first.start + 12])
    with django_capture_on_commit_callbacks(execute=True):
        articles.article_resplit(article=made[2], actor=editor)
    return made


def _groups():
    members = {}
    for claim_id, group_id in ClaimFingerprint.objects.filter(group__isnull=False).values_list("claim_id", "group_id"):
        members.setdefault(group_id, set()).add(claim_id)
    return sorted(sorted(group) for group in members.values())


def _date_ranges():
    return sorted(ClaimDate.objects.values_list("claim_id", "first_day", "last_day"))


def _forget_everything():
    """What a new database has before the restore: no rows but those the migrations make."""
    # The history tables last: deleting a row with history adds a "deleted" history row.
    for model in (ClaimMatch, ClaimFingerprint, FactCheck, Evidence, Verdict, AuditEvent, Claim, Article, User,
                  FactCheck.history.model, Evidence.history.model, Verdict.history.model, Claim.history.model,
                  Article.history.model):
        model._base_manager.all().delete()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fast", [True, False], ids=["plain-sql", "orm"])
def test_an_archive_restored_into_an_empty_database_exports_the_same_archive(desk, settings, fast):
    settings.BULK_FAST_SQL = fast  # the restore's writes (services.bulk) on either path
    settings.ARCHIVE_SQL_JSON = fast  # and the export's lines, byte for byte on each
    before = _lines()
    date_ranges = _date_ranges()
    assert date_ranges, "the dated article's claims name dates"
    _forget_everything()
    assert not Article.objects.exists()

    with CaptureQueriesContext(connection) as queries:
        counts = archive_import(lines=iter(before))

    assert _lines() == before
    assert _date_ranges() == date_ranges  # derived from the claims' dates, which the archive carries
    # The restore's keys are checked when it commits, on plans reused (services.bulk.key_checks_reuse_plans).
    asked = [q["sql"] for q in queries.captured_queries if "plan_cache_mode" in q["sql"]]
    assert asked == (["SET LOCAL plan_cache_mode = auto"] if fast and connection.vendor == "postgresql" else [])
    assert counts["article"] == 5 and counts["verdict"] == 3 and counts["factcheck"] == 1
    assert counts["decision"] == 2 and counts["evidence_history"] == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fast", [True, False], ids=["plain-sql", "orm"])
def test_an_export_taken_while_people_work_reads_the_database_as_it_was_when_it_began(
        desk, reviewer_b, default_ratings, settings, fast):
    """PostgreSQL: one snapshot, so what is written meanwhile is in none of the export's lines. SQLite,
    where a snapshot would stop every writer for the export's length: the articles there when it began,
    each chunk as it is when read."""
    settings.ARCHIVE_SQL_JSON = fast
    last_article = Article.objects.order_by("pk").last()
    claim = Claim.objects.filter(article=last_article, kind=Claim.Kind.CLAIM).order_by("pk").first()
    lines = selectors.archive_lines(chunk=1)
    exported = [next(line for line in lines if json.loads(line)["type"] == "article")]

    def work_meanwhile():  # another person, on another connection, between two of the export's chunks
        try:
            review.verdict_submit(claim=claim, reviewer=reviewer_b, rating=default_ratings["true"],
                                  rationale="Rated during the export.")
            articles.article_create(body="Written during the export\n\nThe port handled 9 million containers.")
        finally:
            connection.close()

    writer = threading.Thread(target=work_meanwhile)
    writer.start()
    writer.join()
    exported += list(lines)

    assert Verdict.objects.filter(rationale="Rated during the export.").exists()
    last_line = next(line for line in exported
                     if json.loads(line)["type"] == "article" and json.loads(line)["id"] == last_article.pk)
    new_work_exported = ("Rated during the export." in last_line,
                         any("Written during the export" in line for line in exported))
    if connection.vendor == "postgresql":
        assert new_work_exported == (False, False)
        assert sum(json.loads(line)["type"] == "article" for line in exported) == 5
    else:  # the articles there when it began (their ids are read first), each as it is when read
        assert new_work_exported == (True, False)


@pytest.mark.django_db(transaction=True)
def test_an_export_read_ahead_on_other_connections_writes_the_lines_of_one_read_in_turn(desk):
    # Outside a transaction PostgreSQL's export reads the next chunks on two more connections in its
    # snapshot; inside one (as here, the second time) it reads every chunk itself, in turn.
    read_ahead = list(selectors.archive_lines(chunk=4))
    with transaction.atomic():
        in_turn = list(selectors.archive_lines(chunk=4))
    assert read_ahead == in_turn
    assert sum(json.loads(line)["type"] == "article" for line in read_ahead) == 5


def test_the_archive_holds_every_kind_of_work_nested_under_its_article(desk, editor):
    records = [json.loads(line) for line in _lines()]
    assert records[0] == {"type": "archive", "format": "factdesk-archive", "version": 1}
    users = {r["username"]: r for r in records if r["type"] == "user"}
    assert "password" not in users["editor"] and users["editor"]["groups"] == ["editor"]
    assert [r["id"] for r in records if r["type"] == "article"] == sorted(a.pk for a in desk)
    first = next(r for r in records if r["type"] == "article" and r["id"] == desk[0].pk)
    published = next(c for c in first["claims"] if c["factcheck"])
    assert published["factcheck"]["summary"] == "It is false."
    assert [row["history_type"] for row in published["factcheck"]["history"]] == ["+"]
    assert len(published["verdicts"]) == 2
    assert [e["title"] for e in published["evidence"]] == ["A source", "Another"]
    assert published["evidence"][1]["retracted_by_id"] is not None
    third = next(r for r in records if r["type"] == "article" and r["id"] == desk[2].pk)
    assert [[row["history_type"] for row in c["history"]] for c in third["deleted_claims"]] == [["+", "-"]]
    edited = next(c for c in first["claims"] if any(v["version"] == 2 for v in c["verdicts"]))
    assert [row["version"] for row in edited["verdicts"][0]["history"]] == [1, 2]
    assert {event["action"] for event in published["audit"]} >= {"publish"}
    second = next(r for r in records if r["type"] == "article" and r["id"] == desk[1].pk)
    assert {event["action"] for event in second["audit"]} == {"split", "article_source", "article_url"}
    assert sum(len(c["decisions"]) for r in records if r["type"] == "article" for c in r["claims"]) == 2


def test_postgresqls_article_lines_hold_the_records_python_makes(desk, settings):
    """annotations/selectors/archive_sql.py: the same JSON values, in the same order (on SQLite both are Python's)."""
    settings.ARCHIVE_SQL_JSON = True
    written_by_the_database = [json.loads(line) for line in _lines()]
    settings.ARCHIVE_SQL_JSON = False
    made_in_python = [archive.encode(record) for record in selectors.archive_records(chunk=2)]

    assert _lines() == made_in_python
    assert written_by_the_database == [json.loads(line) for line in made_in_python]
    assert sum(record["type"] == "article" for record in written_by_the_database) == len(desk)


def test_the_archive_writes_times_as_utc_instants_and_dates_as_days(desk):
    records = {r["id"]: r for r in map(json.loads, _lines()) if r["type"] == "article"}
    first = records[desk[0].pk]
    article = Article.objects.get(pk=desk[0].pk)

    assert first["published_on"] == "2025-09-04"
    assert first["created_at"].endswith("Z")
    assert dt.datetime.fromisoformat(first["created_at"]) == article.created_at
    verdict = Verdict.objects.filter(claim__article=article).order_by("pk").first()
    exported = next(v for c in first["claims"] for v in c["verdicts"] if v["id"] == verdict.pk)
    assert dt.datetime.fromisoformat(exported["updated_at"]) == verdict.updated_at


@pytest.mark.parametrize("who, status", [
    ("admin_user", 200), ("editor", 403), ("reviewer_a", 403), ("outsider", 403), (None, 401),
])
def test_only_admins_may_export_the_archive(client, request, who, status, split_article, seed_texts):
    split_article(next(iter(seed_texts.values())))
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code in ((status,) if status != 401 else (401, 403))
    if status == 200:
        assert response["Content-Type"].startswith("application/x-ndjson")
        assert response.streaming
        lines = b"".join(response.streaming_content).decode().splitlines(keepends=True)
        assert lines == _lines()


def test_the_export_command_writes_the_apis_lines(desk, tmp_path):
    path = tmp_path / "archive.jsonl"
    call_command("export", str(path), stderr=io.StringIO())
    assert path.read_text(encoding="utf-8").splitlines(keepends=True) == _lines()


def test_a_restore_into_a_database_with_articles_is_refused_and_writes_nothing(desk):
    lines = _lines()
    articles_before = Article.objects.count()
    with pytest.raises(ArchiveInvalid, match="The database is not empty"):
        archive_import(lines=iter(lines))
    assert Article.objects.count() == articles_before


@pytest.mark.django_db(transaction=True)
def test_a_bad_line_names_its_number_and_nothing_is_restored(desk):
    lines = _lines()
    _forget_everything()
    broken = lines[:6] + ['{"type": "article", "id": 1, "history": [], "audit": [], "claims": [], '
                          '"deleted_claims": []}\n'] + lines[6:]
    missing = "author, body, canonical_url, content_hash, "
    with pytest.raises(ArchiveInvalid, match=f"Line 7: a row of article without the columns {missing}"):
        archive_import(lines=iter(broken))
    assert not Article.objects.exists() and not User.objects.exists()
    with pytest.raises(ArchiveInvalid, match="Line 1 is not the header"):
        archive_import(lines=iter(['{"type": "article"}\n']))


@pytest.mark.django_db(transaction=True)
def test_the_import_command_restores_and_links(desk, tmp_path):
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(_lines()), encoding="utf-8")
    # As the restore links them: all at once, the corrected span and the dismissed claim as they are now.
    call_command("link_articles", stdout=io.StringIO(), stderr=io.StringIO())
    links = set(ClaimMatch.objects.filter(relation=ClaimMatch.Relation.SAME).values_list("claim_a_id", "claim_b_id"))
    groups = _groups()
    _forget_everything()
    out = io.StringIO()
    call_command("import", str(path), stdout=out, stderr=io.StringIO())
    assert "5 article" in out.getvalue()
    assert set(ClaimMatch.objects.filter(relation=ClaimMatch.Relation.SAME).values_list(
        "claim_a_id", "claim_b_id")) == links
    assert _groups() == groups, "the confirmed suggestion groups its two claims again"
    # The next rows people add come after the restored ones.
    assert articles.article_create(body="A new article.\n\nIt was written after the restore.").pk > max(
        a.pk for a in desk)
    assert Rating.objects.filter(scale__is_default=True).exists() and Group.objects.filter(name="admin").exists()
