"""A claim's whole story, rebuilt from its audit events alone after a working day on it.

The day goes through the browser's views, the services and the admin, as
people would: span corrections (a move, a split and the merge that undoes it,
a dismissal and its undo), an assignment and a take, verdicts and their edits,
evidence and a retraction, a publish, an unpublish and an admin's withdrawal.
After every step the story replayed from ``AuditEvent.before``/``after`` (and
nothing else) must equal what the database holds, and every event must name
who did it.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from annotations.models import AuditEvent, Claim, Evidence, FactCheck, Verdict
from annotations.services import assignment, corrections, publishing, review
from tests.publishing import APPEARED

from .conftest import _user

BODY = ("Ministers Agree On Budget\n\nThe deal was signed on Monday after talks that ran all night. "
        "It adds 12,000 jobs, officials said. Unions were not consulted.")
CLAIM_FIELDS = ("status", "start", "end", "text", "assignee", "dismissed_reason", "covered_by")


def database_state(claim: Claim) -> dict:
    """What the database holds about the claim, written out field by field (not through the audit code)."""
    claim.refresh_from_db()
    factcheck = FactCheck.objects.filter(claim=claim).first()
    return {
        "status": claim.status, "start": claim.start, "end": claim.end, "text": claim.text,
        "assignee": claim.assignee.username if claim.assignee else None,
        "dismissed_reason": claim.dismissed_reason,
        "covered_by": claim.covered_by.slug if claim.covered_by else None,
        "verdicts": {v.pk: {"reviewer": v.reviewer.username, "rating": v.rating.slug, "rationale": v.rationale,
                            "version": v.version, "withdrawn": v.withdrawn_at is not None,
                            "withdrawal_reason": v.withdrawal_reason}
                     for v in Verdict.objects.filter(claim=claim)},
        "evidence": {e.pk: {"added_by": e.added_by.username, "url": e.url, "title": e.title, "stance": e.stance,
                            "source_type": e.source_type, "excerpt": e.excerpt, "note": e.note,
                            "retracted": e.retracted_at is not None, "retraction_reason": e.retraction_reason}
                     for e in Evidence.objects.filter(claim=claim)},
        "factcheck": None if factcheck is None else {
            "slug": factcheck.slug, "rating": factcheck.rating.slug, "summary": factcheck.summary,
            "claimant": factcheck.claimant, "claimant_kind": factcheck.claimant_kind,
            "claim_date": factcheck.claim_date.isoformat() if factcheck.claim_date else None,
            "published": factcheck.published_at is not None,
        },
    }


def replayed_state(claim: Claim) -> dict:
    """The claim's story folded from its audit events, oldest first: nothing but ``before`` and ``after``."""
    state = {"verdicts": {}, "evidence": {}, "factcheck": None}
    # Its birth: the split of its article (the system's job, on the article) lists the claims it made.
    for event in AuditEvent.objects.filter(article=claim.article_id, claim=None, action="split").order_by("at", "id"):
        for made in event.after["claims"]:
            if made["id"] == claim.pk:
                state.update({name: made[name] for name in CLAIM_FIELDS})
    for event in AuditEvent.objects.filter(claim=claim).order_by("at", "id"):
        assert event.actor is not None, f"{event.action} names nobody"
        for name in CLAIM_FIELDS:
            if name in event.after:
                state[name] = event.after[name]
        if "verdict" in event.after:
            record = dict(event.after["verdict"])
            state["verdicts"][record.pop("id")] = record
        for record in (event.after.get("evidence"), *event.after.get("evidence_moved", ())):
            if record:
                record = dict(record)
                state["evidence"][record.pop("id")] = record
        if "factcheck" in event.after:
            record = dict(event.after["factcheck"])
            record.pop("id")
            state["factcheck"] = record
    return state


def assert_story_matches(claim):
    assert replayed_state(claim) == database_state(claim)


@pytest.fixture
def people(reviewer_a, reviewer_b, editor, admin_user, django_user_model):
    return {"a": reviewer_a, "b": reviewer_b, "editor": editor, "admin": admin_user,
            "chief": _user(django_user_model, "chief_editor", "editor", is_staff=True)}


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_claims_whole_working_day_is_rebuilt_from_its_audit_events_alone(split_article, default_ratings, people):
    ratings = default_ratings
    article = split_article(BODY, **APPEARED)
    claim = article.claims.get(text__startswith="It adds 12,000 jobs")
    original = (claim.start, claim.end)
    steps = []

    def step(name, action):
        action()
        claim.refresh_from_db()
        steps.append(name)
        assert_story_matches(claim)

    # Morning: reviewer A corrects the split in the browser.
    a_client = _as(people["a"])
    step("move the end", lambda: a_client.post(reverse("claim-span", args=[claim.pk]), {
        "start": claim.start, "end": claim.end - len(" officials said."), "version": claim.version}))
    assert claim.text == "It adds 12,000 jobs,"
    step("split it", lambda: a_client.post(reverse("claim-split", args=[claim.pk]), {
        "at": claim.start + len("It adds "), "version": claim.version}))
    assert claim.text == "It adds"
    second = article.claims.get(text="12,000 jobs,")
    step("merge the halves again", lambda: a_client.post(reverse("claim-merge", args=[claim.pk]), {
        "version": claim.version, "neighbour": second.pk, "neighbour_version": second.version}))
    step("move back to the whole sentence", lambda: corrections.claim_update_span(
        claim=claim, start=original[0], end=original[1], expected_version=claim.version, actor=people["a"]))
    step("dismiss by mistake", lambda: a_client.post(reverse("claim-dismiss", args=[claim.pk]), {
        "reason": "Looks like a caption.", "version": claim.version}))
    assert claim.is_dismissed
    step("undo the dismissal", lambda: a_client.post(reverse("claim-restore", args=[claim.pk]), {
        "version": claim.version}))
    assert (claim.status, claim.text) == (Claim.Status.OPEN, "It adds 12,000 jobs, officials said.")

    # Late morning: assignment, verdicts, evidence.
    step("assign to A", lambda: assignment.claim_assign(claim=claim, assignee=people["a"], actor=people["editor"]))
    step("A rates", lambda: a_client.post(reverse("claim-verdict", args=[claim.pk]), {
        "rating": ratings["mostly-false"].pk, "rationale": "The release says 1,200."}))
    b_client = _as(people["b"])
    step("B takes it for the second opinion", lambda: b_client.post(reverse("claim-take", args=[claim.pk])))
    step("B adds evidence", lambda: review.evidence_add(
        claim=claim, added_by=people["b"], url="https://stats.example.org/jobs", title="Jobs release",
        stance="refutes", note="Table 3."))
    step("B rates differently", lambda: review.verdict_submit(
        claim=claim, reviewer=people["b"], rating=ratings["false"], rationale="Off by a factor of ten."))
    assert claim.status == Claim.Status.DISAGREEMENT
    verdict_a = Verdict.objects.get(claim=claim, reviewer=people["a"])
    step("A agrees after reading B", lambda: review.verdict_update(
        verdict=verdict_a, expected_version=1, rating=ratings["false"], rationale="The release says 1,200."))
    assert claim.status == Claim.Status.READY
    step("A rewords the rationale", lambda: review.verdict_update(
        verdict=verdict_a, expected_version=2, rationale="The ministry's release says 1,200 jobs."))
    evidence = Evidence.objects.get(claim=claim)
    step("B retracts the evidence", lambda: review.evidence_retract(
        evidence=evidence, actor=people["b"], reason="An older release; the new one says the same."))

    # Afternoon: the desk publishes, then takes it down; an admin withdraws A's verdict.
    step("publish", lambda: publishing.factcheck_publish(
        claim=claim, actor=people["chief"], rating=ratings["false"], summary="It adds 1,200 jobs.",
        claimant="The finance ministry", claimant_kind="Organization", expected_version=claim.version))
    assert claim.is_published
    step("unpublish", lambda: publishing.factcheck_unpublish(
        claim=claim, actor=people["chief"], comment="A reader reports a newer figure.", expected_version=claim.version))
    assert claim.status == Claim.Status.READY
    admin_client = _as(people["admin"])
    step("an admin withdraws A's verdict", lambda: admin_client.post(
        reverse("admin:annotations_verdict_changelist"),
        {"action": "withdraw", ACTION_CHECKBOX_NAME: [verdict_a.pk], "apply": "1",
         "reason": "A works for the ministry."}))

    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW, "a withdrawn verdict no longer counts: ready → in review"
    assert len(steps) == 17
    story = list(AuditEvent.objects.filter(claim=claim).order_by("at", "id")
                 .values_list("action", "actor__username"))
    assert story == [
        ("span_move", "reviewer_a"), ("claim_split", "reviewer_a"), ("claim_merge", "reviewer_a"),
        ("span_move", "reviewer_a"), ("dismiss", "reviewer_a"), ("restore", "reviewer_a"),
        ("assign", "editor"), ("verdict", "reviewer_a"), ("take", "reviewer_b"), ("evidence_add", "reviewer_b"),
        ("verdict", "reviewer_b"), ("verdict_update", "reviewer_a"), ("verdict_update", "reviewer_a"),
        ("evidence_retract", "reviewer_b"), ("publish", "chief_editor"), ("unpublish", "chief_editor"),
        ("verdict_withdraw", "admin"),
    ]
    withdrawal = AuditEvent.objects.get(claim=claim, action="verdict_withdraw")
    assert (withdrawal.from_state, withdrawal.to_state, withdrawal.comment) == (
        "ready", "in_review", "A works for the ministry.")
