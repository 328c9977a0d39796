"""The scale fixture (bench/fill_scale.py) at a tiny size: the archive it writes holds the app's invariants.

The benchmark runs it at 100,000 articles on demand; these tests run it at
50 on the test database (SQLite or PostgreSQL, whichever the suite uses), so
a model change that breaks it shows here, not on the day someone measures.
"""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count

from annotations.models import Article, AuditEvent, Claim, Evidence, FactCheck, Verdict
from bench import fill_scale, scale_plan

UNTIL = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
SIZES = scale_plan.Sizes(articles=50, claims=900, verdicts=200, published=10, evidence=60, dismissed=20,
                         assigned=5, reviewers=6, editors=2, days=60, pool=300)
EDITOR_STEPS = {"mark_ready", "return", "publish"}


@pytest.fixture(scope="module")
def _filled(django_db_setup, django_db_blocker):
    """One fill for the module, rolled back after its last test (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield fill_scale.fill(SIZES, seed=7, until=UNTIL, progress=False)
        transaction.set_rollback(True)


@pytest.fixture
def archive(_filled, db):
    return _filled


def _events_by_claim():
    events = defaultdict(list)
    for event in AuditEvent.objects.order_by("at", "id"):
        events[event.claim_id].append(event)
    return events


def test_the_fill_writes_exactly_the_counts_asked_for(archive):
    assert Article.objects.count() == 50
    assert Claim.objects.count() == 900
    assert Verdict.objects.count() == 200
    assert FactCheck.objects.filter(published_at__isnull=False).count() == FactCheck.objects.count() == 10
    assert Evidence.objects.count() == 60
    assert Claim.objects.filter(status="dismissed").count() == 20
    assert User.objects.filter(groups__name="reviewer").count() == 6
    assert User.objects.filter(groups__name="editor").count() == 2
    assert archive["tables"]["annotations_claim"]["rows"] == 900


def test_every_claim_is_its_article_body_at_its_offsets(archive):
    bodies = dict(Article.objects.values_list("id", "body"))
    claims = list(Claim.objects.values_list("article_id", "start", "end", "text"))
    assert all(bodies[article][start:end] == text for article, start, end, text in claims)
    assert len({(a, s) for a, s, _, _ in claims}) == len(claims)
    assert Article.objects.values("content_hash").distinct().count() == 50


def test_claims_look_like_the_splitters_output(archive):
    kinds = Counter(Claim.objects.values_list("kind", flat=True))
    assert 0.04 <= kinds["boilerplate"] / 900 <= 0.2
    assert not Claim.objects.filter(kind="boilerplate", checkworthiness__gt=0).exists()
    assert Claim.objects.filter(kind="claim").values("claim_type").distinct().count() >= 4
    checkworthy = Claim.objects.filter(kind="claim", checkworthy=True).count()
    assert 0.1 <= checkworthy / kinds["claim"] <= 0.7
    assert set(Claim.objects.values_list("splitter_version", flat=True)) == set(
        Article.objects.values_list("splitter_version", flat=True))


def test_each_status_is_what_the_workflow_leaves_after_the_verdicts_and_the_editors_steps(archive):
    ratings = defaultdict(list)
    for claim_id, rating_id in Verdict.objects.order_by("created_at").values_list("claim_id", "rating_id"):
        ratings[claim_id].append(rating_id)
    events = _events_by_claim()
    for claim in Claim.objects.all():
        changes = [e for e in events[claim.pk] if e.action != "assign"]
        state = "open"
        for event in changes:
            assert event.from_state == state, (claim.pk, event.action)
            state = event.to_state
        assert state == claim.status
        assert claim.version == 1 + len(changes)
        last_step = changes[-1].action if changes else None
        if last_step in (None, "verdict"):
            assert claim.status == Claim(status=Claim.Status.OPEN).status_for_verdicts(ratings[claim.pk])
        if claim.kind == "boilerplate" or claim.status in ("open", "dismissed"):
            assert not ratings[claim.pk]
        assert (claim.status == "dismissed") == bool(claim.dismissed_reason)
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {"open", "in_review", "ready", "disagreement", "returned", "published", "dismissed"}


def test_two_reviewers_agree_about_four_times_in_five(archive):
    doubly = Verdict.objects.values("claim_id").annotate(n=Count("id"), ratings=Count("rating", distinct=True)) \
        .filter(n=2)
    agreed = sum(1 for row in doubly if row["ratings"] == 1)
    assert 0.65 <= agreed / len(doubly) <= 0.95


def test_published_fact_checks_are_approved_by_an_editor_after_another_persons_verdicts(archive):
    for factcheck in FactCheck.objects.select_related("claim", "approved_by"):
        verdicts = list(Verdict.objects.filter(claim=factcheck.claim_id))
        assert factcheck.claim.status == "published"
        assert factcheck.approved_by.groups.filter(name="editor").exists()
        assert any(v.reviewer_id != factcheck.approved_by_id for v in verdicts)
        assert all(v.created_at < factcheck.approved_at for v in verdicts)
        assert factcheck.published_at == factcheck.first_published_at == factcheck.approved_at
        assert factcheck.rating_id in {v.rating_id for v in verdicts}
    assert FactCheck.objects.values("slug").distinct().count() == 10


def test_everything_happens_after_its_article_came_in_and_before_the_archive_ends(archive):
    article_times = dict(Article.objects.values_list("id", "created_at"))
    for claim in Claim.objects.all():
        assert article_times[claim.article_id] < claim.created_at <= claim.updated_at < UNTIL
    for verdict in Verdict.objects.select_related("claim"):
        assert verdict.claim.created_at < verdict.created_at < UNTIL
    for evidence in Evidence.objects.select_related("claim"):
        assert evidence.claim.created_at < evidence.created_at
        assert Verdict.objects.filter(claim=evidence.claim_id, reviewer=evidence.added_by_id).exists()
    for event in AuditEvent.objects.select_related("claim"):
        assert event.claim.created_at < event.at < UNTIL and event.actor_id is not None
    joined = User.objects.order_by("date_joined").first().date_joined
    assert joined <= min(article_times.values())


def test_history_has_a_creation_row_for_every_row_and_a_change_row_for_every_step(archive):
    history = Claim.history.model.objects
    assert history.filter(history_type="+", history_change_reason="split").count() == 900
    steps = AuditEvent.objects.count()
    assert history.filter(history_type="~").count() == steps
    for claim in Claim.objects.filter(version__gt=1):
        latest = history.filter(id=claim.pk).order_by("-history_date", "-history_id").first()
        assert (latest.status, latest.version, latest.assignee_id) == (claim.status, claim.version, claim.assignee_id)
    assert Verdict.history.model.objects.filter(history_type="+").count() == 200
    assert Article.history.model.objects.filter(history_type="+", split_state="queued").count() == 50
    assert FactCheck.history.model.objects.filter(history_type="+").count() == 10
    assert Evidence.history.model.objects.filter(history_type="+").count() == 60


def test_ids_continue_after_the_fill(archive):
    article = Article.objects.create(title="After", body="A new text.", content_hash="after")
    assert article.pk == 51


def test_the_same_seed_gives_the_same_archive(archive):
    first = list(Verdict.objects.order_by("id").values_list("claim_id", "reviewer__username", "rating_id"))
    texts = list(Claim.objects.order_by("id").values_list("text", flat=True))
    fill_scale.fill(SIZES, seed=7, until=UNTIL, progress=False, force=True)
    assert list(Verdict.objects.order_by("id").values_list("claim_id", "reviewer__username", "rating_id")) == first
    assert list(Claim.objects.order_by("id").values_list("text", flat=True)) == texts


def test_a_database_with_rows_is_refused_unless_forced(archive):
    with pytest.raises(RuntimeError, match="The database has rows in .*annotations_article.*--force empties them"):
        fill_scale.fill(SIZES, seed=7, until=UNTIL, progress=False)
    assert Article.objects.count() == 50


def test_a_field_the_fill_does_not_know_gets_its_default():
    columns = fill_scale.Columns(Claim)
    row = {"id": 1, "article_id": 1, "start": 0, "end": 4, "text": "Text", "created_at": UNTIL, "updated_at": UNTIL}
    values = dict(zip(columns.attnames, columns.values(row), strict=True))
    assert (values["origin"], values["status"], values["version"], values["kind"]) == ("auto", "open", 1, "claim")
    assert values["dismissed_reason"] == "" and values["assignee_id"] is None


def test_a_required_field_the_fill_does_not_give_stops_it_with_the_fields_name():
    columns = fill_scale.Columns(Claim)
    row = {"id": 1, "start": 0, "end": 4, "text": "Text", "created_at": UNTIL}
    with pytest.raises(ValueError, match="Claim.article is required and has no default"):
        columns.values(row)
