"""A new verdict's two writers (settings.VERDICT_FAST_SQL): one statement on PostgreSQL, or the ORM, store
the same rows for every way a verdict moves a claim: the verdict, its history row, the claim's status and
review facts, the claim's history row, the other verdicts' pairing and the audit event. SQLite always takes
the ORM's."""

import datetime as dt
import re
from itertools import count

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Article, AuditEvent, Claim, Rating, Verdict
from annotations.services import corrections, publishing, review, verdict_sql

_hashes = count(1)
SENTENCES = [
    "The council said water bills will rise by 21% from April.",
    "Ferry fares are frozen until 2027, the port authority said.",
    "Households pay £457 a year on average, the regulator said.",
    "The mayor denied that rates rose last year.",
    "Bus fares went up by 4% in January, the operator said.",
    "The new bridge cost £12m, twice the first estimate.",
    "Crime fell by a tenth in 2024, police figures show.",
    "The school roll has grown by 300 pupils since 2020.",
]


def _article(tag: str) -> list[Claim]:
    body = " ".join(SENTENCES)
    article = Article.objects.create(title=f"Budget day {tag}", body=body, content_hash=f"{next(_hashes):064d}",
                                     split_state=Article.SplitState.DONE)
    start, claims = 0, []
    for sentence in SENTENCES:
        claims.append(Claim.objects.create(article=article, start=start, end=start + len(sentence), text=sentence))
        start += len(sentence) + 1
    return claims


def _desk_day(claims, ratings, reviewer_a, reviewer_b, editor) -> list:
    """Every way a verdict can meet a claim, in one day's order; each step's outcome is kept."""
    outcomes = []

    def rate(claim, reviewer, slug):
        try:
            verdict = review.verdict_submit(claim=claim.pk, reviewer=reviewer, rating=ratings[slug],
                                            rationale=f"{reviewer.username} checked it: {slug}.")
        except ValidationError as exc:
            outcomes.append((type(exc).__name__, [re.sub(r"#\d+", "#…", message) for message in exc.messages]))
            return None
        outcomes.append(("verdict", verdict.claim_id == claim.pk, verdict.version, verdict.audit_record()["rating"]))
        return verdict

    c = claims
    rate(c[0], reviewer_a, "true")                      # open → in review
    rate(c[0], reviewer_b, "true")                      # → ready: both verdicts paired alike, first ready
    rate(c[1], reviewer_a, "false")
    rate(c[1], reviewer_b, "misleading")                # → disagreement, paired differently
    rate(c[1], editor, "false")                         # stays in disagreement: only the facts move
    first = rate(c[2], reviewer_a, "unverifiable")      # off the scale: no ordinal rating
    publishing.claim_mark_ready(claim=c[2], actor=editor, comment="One source is enough here.")
    rate(c[2], reviewer_b, "unverifiable")              # a second opinion on a claim marked ready
    review.verdict_withdraw(verdict=first, actor=reviewer_a, reason="Wrong claim.")
    rate(c[2], reviewer_a, "mostly-true")               # a new verdict after one's own withdrawal
    rate(c[3], reviewer_a, "true")
    c[3].refresh_from_db()
    publishing.claim_return(claim=c[3], actor=editor, comment="Check the 2023 accounts.")
    rate(c[3], reviewer_b, "false")                     # a second opinion undoes the return
    rate(c[4], reviewer_a, "half-true")
    c[4].refresh_from_db()
    publishing.claim_return(claim=c[4], actor=editor, comment="Which year?")
    rate(c[4], reviewer_a, "half-true")                 # refused: the reviewer's verdict stands
    withdrawn = Verdict.objects.get(claim=c[4], reviewer=reviewer_a)
    review.verdict_withdraw(verdict=withdrawn, actor=reviewer_a, reason="Reading it again.")
    rate(c[4], reviewer_a, "mostly-false")              # the return fell with the verdict: in review again
    rate(c[5], reviewer_a, "true")
    rate(c[5], reviewer_b, "true")
    rate(c[5], editor, "true")                          # a third alike on a ready claim
    c[6].refresh_from_db()
    corrections.claim_dismiss(claim=c[6], reason="Not a claim.", expected_version=c[6].version, actor=editor)
    rate(c[6], reviewer_a, "true")                      # refused: dismissed
    missing = Claim(pk=Claim.objects.order_by("-pk").first().pk + 1000)
    rate(missing, reviewer_a, "true")                   # refused: no such claim
    return outcomes


def _rows(claims) -> dict:
    """The rows the day wrote, without what differs between two runs: ids become positions, users names,
    ratings slugs, and a time becomes the verdict whose creation time it is, or only "a time"."""
    claim_ids = [c.pk for c in claims]
    verdicts = list(Verdict.objects.filter(claim_id__in=claim_ids).order_by("pk"))
    position = {v.pk: i for i, v in enumerate(verdicts)}
    # The audit record names a verdict by its id.
    given = {v.created_at: f"verdict {i} given" for i, v in enumerate(verdicts)}
    claim_position = {pk: i for i, pk in enumerate(claim_ids)}

    def value(name, x, ids=position):
        if isinstance(x, dt.datetime):
            return given.get(x, "a time")
        if name == "id":
            return ids.get(x, x)
        if name == "claim_id":
            return ("claim", claim_position.get(x, x))
        if name.endswith("_user_id") or name in ("reviewer_id", "withdrawn_by_id", "actor_id"):
            return x and get_user_model().objects.get(pk=x).username
        if name == "rating_id":
            return x and Rating.objects.get(pk=x).slug
        if isinstance(x, dict):
            return {k: value(k, v, verdict_ids) for k, v in x.items()}
        return x

    verdict_ids = {pk: ("verdict", i) for pk, i in position.items()}
    claim_ids_as = {pk: ("claim", i) for pk, i in claim_position.items()}

    def row(obj, ids, skip=("history_id", "article_id")):
        return {f.attname: value(f.attname, getattr(obj, f.attname), ids) for f in type(obj)._meta.concrete_fields
                if f.attname not in skip and not (f.attname == "id" and ids is None)}

    return {
        "verdicts": [row(v, verdict_ids) for v in verdicts],
        "verdict history": [row(h, verdict_ids)
                            for h in Verdict.history.filter(id__in=position).order_by("history_id")],
        "claims": [row(c, claim_ids_as) for c in Claim.objects.filter(pk__in=claim_ids).order_by("pk")],
        "claim history": [row(h, claim_ids_as) for h in Claim.history.filter(id__in=claim_ids).order_by("history_id")],
        "audit": [row(e, None) for e in AuditEvent.objects.filter(claim_id__in=claim_ids).order_by("pk")],
    }


@pytest.mark.django_db
def test_both_writers_store_the_same_rows_for_every_way_a_verdict_moves_a_claim(
        settings, default_ratings, reviewer_a, reviewer_b, editor):
    runs = {}
    for fast in (False, True):
        settings.VERDICT_FAST_SQL = fast
        assert verdict_sql.in_use() is (fast and connection.vendor == "postgresql")
        claims = _article("fast" if fast else "orm")
        outcomes = _desk_day(claims, default_ratings, reviewer_a, reviewer_b, editor)
        runs[fast] = outcomes, _rows(claims)

    (orm_outcomes, orm_rows), (fast_outcomes, fast_rows) = runs[False], runs[True]
    assert fast_outcomes == orm_outcomes
    for table in orm_rows:
        assert fast_rows[table] == orm_rows[table], table
    statuses = [c["status"] for c in orm_rows["claims"]]
    assert statuses == ["ready", "disagreement", "disagreement", "disagreement", "in_review", "ready", "dismissed",
                        "open"]
    assert [o[0] for o in orm_outcomes].count("ValidationError") == 2
    assert [o[0] for o in orm_outcomes].count("VerdictExists") == 1
    verdict_events = [event for event in orm_rows["audit"] if event["action"] == "verdict"]
    assert len(verdict_events) == len(orm_rows["verdicts"])
    assert verdict_events[-1]["after"]["verdict"]["id"] == ("verdict", len(orm_rows["verdicts"]) - 1)
    assert len(orm_rows["claim history"]) > len(orm_rows["claims"])


@pytest.mark.django_db
def test_the_fast_writer_stops_at_a_history_column_it_does_not_know(monkeypatch):
    """A new column on a history model (a simple-history upgrade, a field added) must not go unwritten."""
    history = verdict_sql.history_fields(Verdict)
    assert [f.name for f in history[1]] == list(verdict_sql.HISTORY_EXTRAS)
    assert {f.attname for f in history[0]} == {f.attname for f in Verdict._meta.concrete_fields} - {"pairing"}
    verdict_sql.history_fields.cache_clear()
    monkeypatch.setattr(verdict_sql, "HISTORY_EXTRAS", ("history_date", "history_type", "history_user"))
    with pytest.raises(RuntimeError, match="history_change_reason"):
        verdict_sql.history_fields(Verdict)
    verdict_sql.history_fields.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_a_verdicts_statements_reuse_their_plans_and_the_next_transaction_plans_afresh(
        settings, default_ratings, reviewer_a):
    """The connection plans each statement for its values (some reads need it); a verdict's own statements
    plan the same for any values, so its transaction lets PostgreSQL reuse their plans, and only it."""
    settings.VERDICT_FAST_SQL = True
    claims = _article("plans") + _article("plans, again")  # past the five runs PostgreSQL plans afresh
    with CaptureQueriesContext(connection) as captured:
        for claim in claims:
            review.verdict_submit(claim=claim.pk, reviewer=reviewer_a, rating=default_ratings["false"],
                                  rationale="Checked.")
    assert Verdict.objects.filter(reviewer=reviewer_a).count() == len(claims)
    asked = [q["sql"] for q in captured if "plan_cache_mode" in q["sql"]]
    if connection.vendor == "sqlite":
        assert asked == []
        return
    assert asked == ["SET LOCAL plan_cache_mode = auto"] * len(claims)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(generic_plans) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%INSERT INTO%annotations_verdict%"])
        assert cursor.fetchone()[0] > 0, "the verdict's write ran on a reused plan"
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"


@pytest.mark.django_db
def test_the_fast_paths_reads_give_what_the_orm_gives(monkeypatch, default_ratings, reviewer_a, reviewer_b):
    """The claim locked for a verdict and its standing verdicts, read by plain SQL on PostgreSQL: the same
    values as the ORM's reads, JSON columns included. SQLite never reads through them."""
    from django.db import transaction

    from annotations.services.common import claim_for_update

    claim = _article("reads")[0]
    Claim.objects.filter(pk=claim.pk).update(
        claimant_evidence=[[0, 4]], dates=[{"start": 0, "end": 5, "text": "April", "type": "DATE", "value": "2025-04"}])
    review.verdict_submit(claim=claim.pk, reviewer=reviewer_a, rating=default_ratings["false"], rationale="No.")
    withdrawn = review.verdict_submit(claim=claim.pk, reviewer=reviewer_b, rating=default_ratings["true"],
                                      rationale="Yes.")
    review.verdict_withdraw(verdict=withdrawn, actor=reviewer_b, reason="Misread it.")
    if connection.vendor == "sqlite":
        assert not verdict_sql.in_use()

        def refuse(pk):
            raise AssertionError("SQLite reads through the ORM")

        monkeypatch.setattr(verdict_sql, "claim_locked", refuse)
        review.verdict_submit(claim=claim.pk, reviewer=reviewer_b, rating=default_ratings["false"], rationale="No.")
        return

    with transaction.atomic():
        fast, orm = verdict_sql.claim_locked(claim.pk), claim_for_update(claim.pk)
    fields = [field.attname for field in Claim._meta.concrete_fields]
    assert [getattr(fast, name) for name in fields] == [getattr(orm, name) for name in fields]
    assert fast.dates[0]["value"] == "2025-04"
    assert verdict_sql.standing(claim.pk) == review._standing(orm)
    assert [rating for rating, _, _ in verdict_sql.standing(claim.pk)] == [default_ratings["false"].pk]
    with pytest.raises(Claim.DoesNotExist):
        verdict_sql.claim_locked(10**12)
