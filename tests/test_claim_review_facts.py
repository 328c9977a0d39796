"""The review facts on a claim's row (first verdict, standing verdicts, whether they differ, ordinal ratings and
the last one's time, first time ready) follow every verdict and every status change, and the data migration that
fills them on an existing database computes what the services keep."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection

from annotations import roles
from annotations.models import AuditEvent, Claim, Verdict
from annotations.services import articles, assignment, corrections, publishing, review
from tests.dashboard_week import clock, play_week
from tests.publishing import APPEARED

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
FACTS = ("first_verdict_at", "verdicts_standing", "ratings_differ", "ordinal_ratings", "last_ordinal_rating_at",
         "first_ready_at")


def at(hours: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


@pytest.fixture
def claim(split_article, default_ratings):
    return split_article(BODY, **APPEARED).claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()


def facts(claim) -> tuple:
    return Claim.objects.filter(pk=claim.pk).values_list(*FACTS).get()


def rate(claim, reviewer, rating, hours):
    with clock(at(hours)):
        return review.verdict_submit(claim=claim, reviewer=reviewer, rating=rating, rationale="Checked the papers.")


def change(verdict, rating, hours):
    with clock(at(hours)):
        return review.verdict_update(verdict=verdict, expected_version=verdict.version, rating=rating)


def withdraw(verdict, hours):
    with clock(at(hours)):
        return review.verdict_withdraw(verdict=verdict, actor=verdict.reviewer, reason="Misread the figure.")


def test_a_new_claim_has_no_review_facts(claim):
    assert facts(claim) == (None, 0, False, 0, None, None)


def test_the_facts_follow_each_verdict_submitted_changed_withdrawn_and_given_again(
        claim, reviewer_a, reviewer_b, default_ratings):
    r = default_ratings
    a = rate(claim, reviewer_a, r["true"], 1)
    assert facts(claim) == (at(1), 1, False, 1, at(1), None)
    b = rate(claim, reviewer_b, r["false"], 2)
    assert facts(claim) == (at(1), 2, True, 2, at(2), None)
    # Changing a rating keeps the verdict's time: the two now agree, and the claim is ready.
    b = change(b, r["true"], 3)
    assert facts(claim) == (at(1), 2, False, 2, at(2), at(3))
    # Unverifiable is off the ordinal scale: B's verdict still stands but no longer rates on it.
    b = change(b, r["unverifiable"], 4)
    assert facts(claim) == (at(1), 2, True, 1, at(1), at(3))
    # Withdrawing the first verdict makes B's the first; the first time ready stays what it was.
    withdraw(a, 5)
    assert facts(claim) == (at(2), 1, False, 0, None, at(3))
    # Rated again: a new verdict, at its own time.
    rate(claim, reviewer_a, r["mostly-true"], 6)
    assert facts(claim) == (at(2), 2, True, 1, at(6), at(3))
    withdraw(Verdict.objects.standing().get(claim=claim, reviewer=reviewer_a), 7)
    withdraw(Verdict.objects.get(pk=b.pk), 8)
    assert facts(claim) == (None, 0, False, 0, None, at(3))


def test_the_object_the_service_returns_carries_the_facts_it_saved(claim, reviewer_a, default_ratings):
    rate(claim, reviewer_a, default_ratings["true"], 1)
    locked = Claim.objects.get(pk=claim.pk)
    review.claim_follow_verdicts(claim=locked, actor=reviewer_a)
    assert tuple(getattr(locked, name) for name in FACTS) == facts(claim)


def test_the_facts_are_not_edits_no_history_row_no_version(claim, reviewer_a, default_ratings):
    a = rate(claim, reviewer_a, default_ratings["true"], 1)
    claim.refresh_from_db()
    history, version, updated_at = claim.history.count(), claim.version, claim.updated_at
    # In review either way; only the facts change.
    change(a, default_ratings["unverifiable"], 2)
    claim.refresh_from_db()
    assert (claim.ordinal_ratings, claim.last_ordinal_rating_at) == (0, None)
    assert (claim.history.count(), claim.version, claim.updated_at) == (history, version, updated_at)


def test_a_reworded_rationale_changes_no_fact(claim, reviewer_a, default_ratings):
    a = rate(claim, reviewer_a, default_ratings["false"], 1)
    before = facts(claim)
    with clock(at(2)):
        review.verdict_update(verdict=a, expected_version=a.version, rationale="Checked the papers again.")
    assert facts(claim) == before


def test_publishing_and_unpublishing_keep_the_first_time_ready(claim, reviewer_a, reviewer_b, editor,
                                                               default_ratings):
    r = default_ratings
    rate(claim, reviewer_a, r["false"], 1)
    rate(claim, reviewer_b, r["false"], 2)
    ready = facts(claim)
    assert ready == (at(1), 2, False, 2, at(2), at(2))
    with clock(at(3)):
        publishing.factcheck_publish(claim=Claim.objects.get(pk=claim.pk), actor=editor, rating=r["false"],
                                     summary="The budget adds 1,200 jobs.")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PUBLISHED
    assert facts(claim) == ready
    # Unpublished, the claim is ready for approval again; it was ready first at hour 2.
    with clock(at(4)):
        publishing.factcheck_unpublish(claim=Claim.objects.get(pk=claim.pk), actor=editor, comment="A new figure.")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.READY
    assert facts(claim) == ready


def test_an_editor_marking_ready_records_the_first_time_ready(claim, reviewer_a, editor, default_ratings):
    rate(claim, reviewer_a, default_ratings["half-true"], 1)
    with clock(at(2)):
        publishing.claim_return(claim=Claim.objects.get(pk=claim.pk), actor=editor, comment="Find a source.")
    assert facts(claim)[-1] is None
    with clock(at(3)):
        publishing.claim_mark_ready(claim=Claim.objects.get(pk=claim.pk), actor=editor)
    assert facts(claim)[-1] == at(3)
    with clock(at(4)):
        publishing.claim_return(claim=Claim.objects.get(pk=claim.pk), actor=editor, comment="Once more.")
        publishing.claim_mark_ready(claim=Claim.objects.get(pk=claim.pk), actor=editor)
    assert facts(claim)[-1] == at(3)


def test_a_restored_claim_that_its_verdicts_make_ready_was_first_ready_then(
        claim, reviewer_a, reviewer_b, editor, default_ratings):
    rate(claim, reviewer_a, default_ratings["true"], 1)
    b = rate(claim, reviewer_b, default_ratings["false"], 2)
    with clock(at(3)):
        corrections.claim_dismiss(claim=claim, reason="Not a claim.", expected_version=Claim.objects.get(
            pk=claim.pk).version, actor=editor)
    # A verdict changed while the claim is dismissed moves the facts, not the status.
    change(b, default_ratings["true"], 4)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DISMISSED
    assert facts(claim) == (at(1), 2, False, 2, at(2), None)
    with clock(at(5)):
        corrections.claim_restore(claim=claim, expected_version=Claim.objects.get(pk=claim.pk).version, actor=editor)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.READY
    assert facts(claim)[-1] == at(5)


@pytest.fixture
def week(reviewer_a, reviewer_b, editor, default_ratings, seed_texts, django_capture_on_commit_callbacks):
    return play_week(texts=list(seed_texts.values()), reviewer_a=reviewer_a, reviewer_b=reviewer_b, editor=editor,
                     ratings=default_ratings, capture_on_commit=django_capture_on_commit_callbacks)


def test_the_data_migration_fills_what_the_services_keep(week, reviewer_a, reviewer_b, editor, default_ratings,
                                                         django_user_model, monkeypatch):
    # Withdrawals, a verdict given again and a rating changed off the scale, on top of the scripted week.
    claim_id = week.articles[1].claim_ids[4]
    withdraw(Verdict.objects.get(claim_id=claim_id, reviewer=reviewer_b), 0)
    # At one instant for the services and the audit event: the services record the moment they move the
    # status, the migration reads the event written after it in the same transaction (a few ms later).
    with clock(week.now):
        review.verdict_submit(claim=Claim.objects.get(pk=claim_id), reviewer=reviewer_b,
                              rating=default_ratings["true"], rationale="Found the release.")
    withdraw(Verdict.objects.get(claim_id=week.articles[1].claim_ids[0], reviewer=reviewer_a), 0)
    off_scale = Verdict.objects.get(claim_id=week.articles[4].claim_ids[0], reviewer=reviewer_a)
    review.verdict_update(verdict=off_scale, expected_version=off_scale.version, rating=default_ratings["unverifiable"],
                          rationale="No record.")
    # An assignment's audit event names the assignee in to_state: someone called "ready" is not a status.
    someone = django_user_model.objects.create_user("ready")
    someone.groups.add(Group.objects.get(name=roles.REVIEWER))
    assignment.claim_assign(claim=Claim.objects.get(pk=week.articles[2].claim_ids[0]), assignee=someone,
                            actor=editor)

    kept = dict((row[0], row[1:]) for row in Claim.objects.values_list("pk", *FACTS))
    pairings = dict(Verdict.objects.values_list("pk", "pairing"))
    assert sum(1 for row in kept.values() if row[0] is not None) >= 10
    assert sum(1 for row in kept.values() if row[-1] is not None) >= 5
    assert set(pairings.values()) == set(Verdict.Pairing)
    Claim.objects.update(first_verdict_at=None, verdicts_standing=0, ratings_differ=False, ordinal_ratings=0,
                         last_ordinal_rating_at=None, first_ready_at=None)
    Verdict.objects.update(pairing=Verdict.Pairing.ALONE)
    for name in ("0022_fill_claim_review_facts", "0025_fill_verdict_pairing"):
        migration = importlib.import_module(f"annotations.migrations.{name}")
        monkeypatch.setattr(migration, "BATCH", 7)  # several batches, the claims' ids across their bounds
        migration.fill(apps, SimpleNamespace(connection=connection))
    assert dict((row[0], row[1:]) for row in Claim.objects.values_list("pk", *FACTS)) == kept
    assert dict(Verdict.objects.values_list("pk", "pairing")) == pairings


def recomputed(claim_ids) -> dict:
    """The facts from scratch, from the verdicts and audit events as they stand, without the model's helpers."""
    found = {pk: [None, 0, False, 0, None, None] for pk in claim_ids}
    ratings = {pk: set() for pk in claim_ids}
    for verdict in Verdict.objects.filter(claim_id__in=claim_ids, withdrawn_at__isnull=True).select_related("rating"):
        row = found[verdict.claim_id]
        row[0] = min(filter(None, (row[0], verdict.created_at)))
        row[1] += 1
        ratings[verdict.claim_id].add(verdict.rating_id)
        if verdict.rating.value is not None:
            row[3] += 1
            row[4] = max(filter(None, (row[4], verdict.created_at)))
    for event in AuditEvent.objects.filter(claim_id__in=claim_ids, to_state=Claim.Status.READY).exclude(
            action__in=("assign", "take", "release")):
        row = found[event.claim_id]
        row[5] = min(filter(None, (row[5], event.at)))
    for pk, rated in ratings.items():
        found[pk][2] = len(rated) > 1
    return {pk: tuple(row) for pk, row in found.items()}


def stored(claim_ids) -> dict:
    return {row[0]: row[1:] for row in Claim.objects.filter(pk__in=claim_ids).values_list("pk", *FACTS)}


def pairings_recomputed(claim_ids) -> dict:
    """Each verdict's pairing from scratch: what the standing verdicts of its claim share."""
    standing = {pk: [] for pk in claim_ids}
    for claim_id, rating_id in Verdict.objects.standing().filter(claim_id__in=claim_ids).values_list(
            "claim_id", "rating_id"):
        standing[claim_id].append(rating_id)
    pairing = {pk: Verdict.Pairing.DIFFERENT if len(set(ratings)) > 1 else
               Verdict.Pairing.SAME if len(ratings) > 1 else Verdict.Pairing.ALONE
               for pk, ratings in standing.items()}
    return {pk: pairing[claim_id] for pk, claim_id in Verdict.objects.filter(claim_id__in=claim_ids).values_list(
        "pk", "claim_id")}


def test_after_every_write_path_the_facts_equal_a_recomputation_from_the_rows(
        seed_texts, split_article, reviewer_a, reviewer_b, editor, admin_user, default_ratings,
        django_capture_on_commit_callbacks):
    r = default_ratings
    article = split_article(next(iter(seed_texts.values())), **APPEARED)
    c1, c2, c3, c4 = article.claims.filter(kind=Claim.Kind.CLAIM).order_by("start")[:4]
    steps = []

    def step(hours, name, do):
        with clock(at(hours)):
            do()
        steps.append(name)
        everything = list(Claim.objects.filter(article=article).values_list("pk", flat=True))
        assert stored(everything) == recomputed(everything), f"after {name}"
        assert dict(Verdict.objects.filter(claim_id__in=everything).values_list("pk", "pairing")) == \
            pairings_recomputed(everything), f"after {name}"

    def fresh(claim):
        return Claim.objects.get(pk=claim.pk)

    def verdict(claim, reviewer):
        return Verdict.objects.standing().get(claim=claim, reviewer=reviewer)

    step(1, "submit", lambda: rate(c1, reviewer_a, r["true"], 1))
    step(2, "disagree", lambda: rate(c1, reviewer_b, r["false"], 2))
    step(3, "mark ready", lambda: publishing.claim_mark_ready(claim=fresh(c1), actor=editor, comment="True."))
    step(4, "publish", lambda: publishing.factcheck_publish(claim=fresh(c1), actor=editor, rating=r["true"],
                                                            summary="Confirmed by the ministry."))
    step(5, "unpublish", lambda: publishing.factcheck_unpublish(claim=fresh(c1), actor=editor, comment="Recheck."))
    step(6, "withdraw (the admin's action runs this)",
         lambda: review.verdict_withdraw(verdict=verdict(c1, reviewer_b), actor=admin_user, reason="Wrong claim."))
    step(7, "submit alone", lambda: rate(c2, reviewer_a, r["half-true"], 7))
    step(8, "return", lambda: publishing.claim_return(claim=fresh(c2), actor=editor, comment="Find a source."))
    step(9, "change the rating", lambda: change(verdict(c2, reviewer_a), r["false"], 9))
    step(10, "agree", lambda: rate(c2, reviewer_b, r["false"], 10))
    step(11, "change off the scale", lambda: change(verdict(c2, reviewer_b), r["unverifiable"], 11))
    step(12, "rate a third", lambda: (rate(c3, reviewer_a, r["mostly-true"], 12),
                                      rate(c3, reviewer_b, r["mostly-true"], 12)))
    step(13, "dismiss", lambda: corrections.claim_dismiss(claim=c3, reason="Not a claim.", actor=editor,
                                                          expected_version=fresh(c3).version))
    step(14, "withdraw while dismissed",
         lambda: review.verdict_withdraw(verdict=verdict(c3, reviewer_b), actor=reviewer_b, reason="Misread."))
    step(15, "restore", lambda: corrections.claim_restore(claim=c3, actor=editor,
                                                          expected_version=fresh(c3).version))
    step(16, "split an unreviewed claim", lambda: corrections.claim_split(
        claim=c4, at=(c4.start + c4.end) // 2, actor=editor, expected_version=fresh(c4).version))
    # Dismissed and added again by hand, as an editor replaces a claim with verdicts on the wrong text.
    step(17, "replace a claim", lambda: (
        corrections.claim_dismiss(claim=c2, reason="Wrong span.", actor=editor, expected_version=fresh(c2).version),
        corrections.claim_add(article=article, start=c2.start, end=c2.end - 1, actor=editor)))

    def resplit():
        with django_capture_on_commit_callbacks(execute=True):
            articles.article_resplit(article=article, actor=editor)

    step(18, "resplit", resplit)
    assert len(steps) == 18
    facts_of = stored([c1.pk, c2.pk, c3.pk])
    # The sequence left facts worth comparing: first ready kept through unpublishing and withdrawals,
    # an off-scale verdict that still stands, a restored claim its remaining verdict leaves in review.
    assert facts_of[c1.pk] == (at(1), 1, False, 1, at(1), at(3))
    assert facts_of[c2.pk] == (at(7), 2, True, 1, at(7), at(10))
    assert facts_of[c3.pk] == (at(12), 1, False, 1, at(12), at(12))
    assert set(Verdict.objects.filter(claim_id__in=[c1.pk, c2.pk, c3.pk]).values_list("pairing", flat=True)) == {
        Verdict.Pairing.ALONE, Verdict.Pairing.DIFFERENT}
