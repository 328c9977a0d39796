"""The permission matrix of docs/permissions.md, cell by cell, against the real pages, admin, API and services.

Personas: anonymous, outsider (signed in, no role), reviewer (reviewer_a),
editor, admin (a superuser in the admin group). Each cell is one test: it sets
the claim up in the state the action needs, lets the persona act, and checks
both the answer and the database: a denied action changes nothing, an allowed
one makes its change.

Outcomes: ``ok`` (200/201, or a redirect that is not to a login page),
``login`` (redirected to sign in), ``401``/``403``/``404``/``400`` (that
status), and for direct service calls ``denied`` (PermissionDenied) or
``refused`` (ValidationError).
"""

from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.models import Article, AuditEvent, Claim, Evidence, FactCheck, Verdict
from annotations.services import assignment, publishing, review
from tests.publishing import APPEARED

from .conftest import _user

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
PERSONAS = ("anonymous", "outsider", "reviewer", "editor", "admin")
FIXTURES = {"outsider": "outsider", "reviewer": "reviewer_a", "editor": "editor", "admin": "admin_user"}
HX = {"HX-Request": "true"}


def row(everyone_else, **cells):
    """Expected outcomes for every persona: the named ones, ``everyone_else`` for the rest."""
    return {persona: cells.get(persona, everyone_else) for persona in PERSONAS}


# The usual shapes of a row.
WEB_REVIEW = row("ok", anonymous="login", outsider="404")
WEB_EDITORIAL = row("ok", anonymous="login", outsider="404", reviewer="403")
WEB_EDITORIAL_PAGE = row("ok", anonymous="login", outsider="403", reviewer="403")
ADMIN_EDITORIAL = row("ok", anonymous="login", outsider="login", reviewer="login")
ADMIN_NOBODY = row("403", anonymous="login", outsider="login", reviewer="login")
SERVICE_EDITORIAL = row("ok", anonymous="denied", outsider="denied", reviewer="denied")


# --- Setting the claim up for each action ---


def in_review(ctx):
    review.verdict_submit(claim=ctx.claim, reviewer=ctx.reviewer_b, rating=ctx.ratings["false"], rationale="No.")


def ready(ctx):
    in_review(ctx)
    review.verdict_submit(claim=ctx.claim, reviewer=ctx.reviewer_c, rating=ctx.ratings["false"], rationale="No.")


def ready_rated_by_actor(ctx):
    """Two verdicts alike, one of them the acting persona's (when it may rate): ready, and four eyes applies."""
    in_review(ctx)
    reviewer = ctx.user if ctx.persona not in ("anonymous", "outsider") else ctx.reviewer_c
    review.verdict_submit(claim=ctx.claim, reviewer=reviewer, rating=ctx.ratings["false"], rationale="Mine.")


def rated_by_actor(ctx):
    if ctx.persona not in ("anonymous", "outsider"):
        review.verdict_submit(claim=ctx.claim, reviewer=ctx.user, rating=ctx.ratings["false"], rationale="Mine.")


def in_disagreement_with_actors_evidence(ctx):
    if ctx.persona not in ("anonymous", "outsider"):
        review.evidence_add(claim=ctx.claim, added_by=ctx.user, url="https://stats.example.org/jobs",
                            title="Jobs data", stance="refutes")
    in_review(ctx)
    review.verdict_submit(claim=ctx.claim, reviewer=ctx.reviewer_c, rating=ctx.ratings["true"], rationale="Yes.")


def published(ctx):
    ready(ctx)
    publishing.factcheck_publish(claim=ctx.claim, actor=ctx.chief, rating=ctx.ratings["false"], summary="S.")


# --- What each action changes ---


def status_is(status):
    return lambda ctx: Claim.objects.get(pk=ctx.claim.pk).status == status


def is_published(ctx):
    return FactCheck.objects.filter(claim=ctx.claim, published_at__isnull=False).exists()


def audit_event(ctx):
    return AuditEvent.objects.filter(claim=ctx.claim).first()


def version(ctx):
    return Claim.objects.get(pk=ctx.claim.pk).version


def decision(ctx):
    return {"rating": ctx.ratings["false"].pk, "summary": "It adds 1,200 jobs.", "claimant": "", "claimant_kind": "",
            "claim_date": "", "version": version(ctx)}


def evidence_by_b(ctx):
    ctx.evidence = review.evidence_add(claim=ctx.claim, added_by=ctx.reviewer_b, url="https://stats.example.org",
                                       title="Jobs data", stance="refutes")


def verdict_by_b(ctx):
    in_review(ctx)
    ctx.verdict = ctx.claim.verdicts.get()


def is_retracted(ctx):
    return Evidence.objects.filter(pk=ctx.evidence.pk, retracted_at__isnull=False).exists()


def is_withdrawn(ctx):
    return Verdict.objects.filter(pk=ctx.verdict.pk, withdrawn_at__isnull=False).exists()


def comment(ctx):
    return {"comment": "Look again at the figure.", "version": version(ctx)}


def bulk(action, **extra):
    def data(ctx):
        return {"action": action, ACTION_CHECKBOX_NAME: [ctx.claim.pk], "apply": "1",
                **{key: value(ctx) if callable(value) else value for key, value in extra.items()}}
    return data


# (action, kind, method, url, data, setup, changed, expected). ``changed`` is
# None for reads; for services ``url`` is the call.
MATRIX = [
    ("read an article and its claims", "web", "get", lambda c: reverse("article-detail", args=[c.claim.article_id]),
     None, None, None, WEB_REVIEW),
    ("open the review queue", "web", "get", lambda c: reverse("queue"), None, None, None,
     row("ok", anonymous="login", outsider="403")),
    ("submit a verdict", "web", "post", lambda c: reverse("claim-verdict", args=[c.claim.pk]),
     lambda c: {"rating": c.ratings["false"].pk, "rationale": "Wrong figure."}, None,
     lambda c: Verdict.objects.filter(claim=c.claim, reviewer=c.user).exists() if c.user else False, WEB_REVIEW),
    ("add evidence", "web", "post", lambda c: reverse("claim-evidence", args=[c.claim.pk]),
     lambda c: {"url": "https://example.org/r", "title": "Report", "stance": "refutes", "source_type": "official"},
     None, lambda c: Evidence.objects.filter(claim=c.claim).exists(), WEB_REVIEW),
    ("re-split an article", "web", "post", lambda c: reverse("article-resplit", args=[c.claim.article_id]),
     None, None, lambda c: Article.objects.get(pk=c.claim.article_id).split_state == "queued",
     row("ok", anonymous="login", outsider="404", reviewer="404")),
    ("open the editorial panel", "web", "get", lambda c: reverse("claim-editorial", args=[c.claim.pk]),
     None, ready, None, WEB_EDITORIAL),
    ("see the ready-for-approval list", "web", "get", lambda c: reverse("editorial-ready"), None, ready, None,
     WEB_EDITORIAL_PAGE),
    ("see the disagreement list", "web", "get", lambda c: reverse("editorial-disagreements"), None, ready, None,
     WEB_EDITORIAL_PAGE),
    ("edit an article's URL, publisher and date", "web", "post", lambda c: reverse("article-edit",
                                                                                   args=[c.claim.article_id]),
     lambda c: {"title": "Ministers Agree", "source": "The Times", "url": "https://times.example.org/budget",
                "published_on": "2026-03-01"}, None,
     lambda c: Article.objects.get(pk=c.claim.article_id).url == "https://times.example.org/budget",
     row("ok", anonymous="login", outsider="404", reviewer="403")),
    ("withdraw your own verdict", "web", "post", lambda c: reverse("claim-verdict-withdraw", args=[c.claim.pk]),
     lambda c: {"reason": "I misread the figure."}, rated_by_actor,
     lambda c: Verdict.objects.filter(claim=c.claim, withdrawn_at__isnull=False).exists(), WEB_REVIEW),
    ("mark a claim ready for approval", "web", "post", lambda c: reverse("claim-mark-ready", args=[c.claim.pk]),
     comment, in_review, status_is(Claim.Status.READY), WEB_EDITORIAL),
    ("approve & publish (another person reviewed it)", "web", "post",
     lambda c: reverse("claim-publish", args=[c.claim.pk]), decision, ready, is_published, WEB_EDITORIAL),
    ("approve & publish a claim you rated", "web", "post",
     lambda c: reverse("claim-publish", args=[c.claim.pk]), decision, ready_rated_by_actor, is_published,
     row("400", anonymous="login", outsider="404", reviewer="403")),
    ("return a claim you rated", "web", "post", lambda c: reverse("claim-return", args=[c.claim.pk]),
     comment, ready_rated_by_actor, status_is(Claim.Status.RETURNED),
     row("400", anonymous="login", outsider="404", reviewer="403")),
    ("mark ready a claim you gave evidence for", "web", "post",
     lambda c: reverse("claim-mark-ready", args=[c.claim.pk]), comment, in_disagreement_with_actors_evidence,
     status_is(Claim.Status.READY), row("400", anonymous="login", outsider="404", reviewer="403")),
    ("return to reviewers with a comment", "web", "post", lambda c: reverse("claim-return", args=[c.claim.pk]),
     comment, ready, status_is(Claim.Status.RETURNED), WEB_EDITORIAL),
    ("unpublish", "web", "post", lambda c: reverse("claim-unpublish", args=[c.claim.pk]),
     comment, published, lambda c: not is_published(c), WEB_EDITORIAL),
    ("admin: moderate claims (list, filter, search)", "web", "get",
     lambda c: reverse("admin:annotations_claim_changelist") + "?status__exact=ready&q=jobs", None, ready, None,
     ADMIN_EDITORIAL),
    ("admin: assign a reviewer in bulk", "web", "post", lambda c: reverse("admin:annotations_claim_changelist"),
     bulk("assign_reviewer", reviewer=lambda c: c.reviewer_b.pk), None,
     lambda c: Claim.objects.filter(pk=c.claim.pk, assignee=c.reviewer_b).exists(), ADMIN_EDITORIAL),
    ("admin: approve & publish in bulk", "web", "post", lambda c: reverse("admin:annotations_claim_changelist"),
     bulk("publish", rating=lambda c: c.ratings["false"].pk, summary="S.", claimant=""), ready, is_published,
     ADMIN_EDITORIAL),
    ("admin: approve & publish in bulk a claim you rated", "web", "post",
     lambda c: reverse("admin:annotations_claim_changelist"),
     bulk("publish", rating=lambda c: c.ratings["false"].pk, summary="S.", claimant=""), ready_rated_by_actor,
     is_published, row("refused", anonymous="login", outsider="login", reviewer="login")),
    ("admin: return in bulk", "web", "post", lambda c: reverse("admin:annotations_claim_changelist"),
     bulk("return_to_reviewers", comment="Again."), ready, status_is(Claim.Status.RETURNED), ADMIN_EDITORIAL),
    ("admin: unpublish in bulk", "web", "post", lambda c: reverse("admin:annotations_claim_changelist"),
     bulk("unpublish", comment=""), published, lambda c: not is_published(c), ADMIN_EDITORIAL),
    ("admin: re-split articles in bulk", "web", "post", lambda c: reverse("admin:annotations_article_changelist"),
     lambda c: {"action": "resplit", ACTION_CHECKBOX_NAME: [c.claim.article_id]}, None,
     lambda c: Article.objects.get(pk=c.claim.article_id).split_state == "queued", ADMIN_EDITORIAL),
    ("admin: read the audit log", "web", "get", lambda c: reverse("admin:annotations_auditevent_changelist"),
     None, ready, None, ADMIN_EDITORIAL),
    ("admin: change an audit event", "web", "post",
     lambda c: reverse("admin:annotations_auditevent_change", args=[audit_event(c).pk]),
     lambda c: {"comment": "rewritten", "action": "forged"}, ready,
     lambda c: AuditEvent.objects.filter(comment="rewritten").exists(), ADMIN_NOBODY),
    ("admin: delete an audit event", "web", "post",
     lambda c: reverse("admin:annotations_auditevent_delete", args=[audit_event(c).pk]),
     lambda c: {"post": "yes"}, ready, lambda c: AuditEvent.objects.count() < 2, ADMIN_NOBODY),
    ("admin: add an audit event", "web", "get", lambda c: reverse("admin:annotations_auditevent_add"),
     None, None, None, ADMIN_NOBODY),
    ("admin: withdraw a reviewer's verdict", "web", "post",
     lambda c: reverse("admin:annotations_verdict_changelist"),
     lambda c: {"action": "withdraw", ACTION_CHECKBOX_NAME: [c.verdict.pk], "apply": "1",
                "reason": "Conflict of interest."}, verdict_by_b, is_withdrawn,
     row("ok", anonymous="login", outsider="login", reviewer="login", editor="not offered")),
    ("admin: retract evidence", "web", "post", lambda c: reverse("admin:annotations_evidence_changelist"),
     lambda c: {"action": "retract", ACTION_CHECKBOX_NAME: [c.evidence.pk], "apply": "1", "reason": "Wrong."},
     evidence_by_b, is_retracted, ADMIN_EDITORIAL),
    ("admin: delete a verdict", "web", "post",
     lambda c: reverse("admin:annotations_verdict_delete", args=[c.verdict.pk]), lambda c: {"post": "yes"},
     verdict_by_b, lambda c: not Verdict.objects.filter(pk=c.verdict.pk).exists(), ADMIN_NOBODY),
    ("admin: delete an article with reviewer work", "web", "post",
     lambda c: reverse("admin:annotations_article_delete", args=[c.claim.article_id]), lambda c: {"post": "yes"},
     verdict_by_b, lambda c: not Article.objects.filter(pk=c.claim.article_id).exists(), ADMIN_NOBODY),
    ("admin: change a reviewer's verdict", "web", "post",
     lambda c: reverse("admin:annotations_verdict_change", args=[c.claim.verdicts.first().pk]),
     lambda c: {"rationale": "edited"}, in_review,
     lambda c: Verdict.objects.filter(rationale="edited").exists(), ADMIN_NOBODY),
    ("API: list claims", "api", "get", lambda c: "/api/v1/claims/", None, None, None,
     row("ok", anonymous="401", outsider="403")),
    ("API: retract evidence someone else added (DELETE)", "api", "delete",
     lambda c: f"/api/v1/evidence/{c.evidence.pk}/", None, evidence_by_b, is_retracted,
     row("ok", anonymous="401", outsider="403", reviewer="404")),
    ("API: submit a verdict", "api", "post", lambda c: "/api/v1/verdicts/",
     lambda c: {"claim": c.claim.pk, "rating": c.ratings["true"].pk}, None,
     lambda c: Verdict.objects.filter(claim=c.claim).exists(), row("ok", anonymous="401", outsider="403")),
    ("service: mark ready", "service",
     None, lambda c: publishing.claim_mark_ready(claim=c.claim, actor=c.actor), None, in_review,
     status_is(Claim.Status.READY), SERVICE_EDITORIAL),
    ("service: approve & publish", "service",
     None, lambda c: publishing.factcheck_publish(claim=c.claim, actor=c.actor, rating=c.ratings["false"],
                                                summary="S."), None, ready, is_published, SERVICE_EDITORIAL),
    ("service: approve & publish a claim you rated", "service",
     None, lambda c: publishing.factcheck_publish(claim=c.claim, actor=c.actor, rating=c.ratings["false"],
                                                  summary="S."), None, ready_rated_by_actor, is_published,
     row("refused", anonymous="denied", outsider="denied", reviewer="denied")),
    ("service: return a claim you rated", "service",
     None, lambda c: publishing.claim_return(claim=c.claim, actor=c.actor, comment="Again."), None,
     ready_rated_by_actor, status_is(Claim.Status.RETURNED),
     row("refused", anonymous="denied", outsider="denied", reviewer="denied")),
    ("service: withdraw another reviewer's verdict", "service",
     None, lambda c: review.verdict_withdraw(verdict=c.verdict, actor=c.actor, reason="Conflict of interest."),
     None, verdict_by_b, is_withdrawn, row("denied", admin="ok")),
    ("service: return", "service",
     None, lambda c: publishing.claim_return(claim=c.claim, actor=c.actor, comment="Again."), None, ready,
     status_is(Claim.Status.RETURNED), SERVICE_EDITORIAL),
    ("service: unpublish", "service",
     None, lambda c: publishing.factcheck_unpublish(claim=c.claim, actor=c.actor), None, published,
     lambda c: not is_published(c), SERVICE_EDITORIAL),
    ("service: assign", "service",
     None, lambda c: assignment.claim_assign(claim=c.claim, assignee=c.reviewer_b, actor=c.actor), None, None,
     lambda c: Claim.objects.filter(pk=c.claim.pk, assignee__isnull=False).exists(), SERVICE_EDITORIAL),
]

CELLS = [
    pytest.param(entry, persona, id=f"{entry[0]} | {persona}")
    for entry in MATRIX for persona in PERSONAS
]


class Context:
    """The claim acted on, the people around it, and the persona acting."""

    def __init__(self, request, persona, claim, ratings, django_user_model):
        self.persona, self.claim, self.ratings = persona, claim, ratings
        self.user = request.getfixturevalue(FIXTURES[persona]) if persona != "anonymous" else None
        self.actor = self.user or AnonymousUser()
        self.reviewer_b = request.getfixturevalue("reviewer_b")
        self.reviewer_c = _user(django_user_model, "reviewer_c", "reviewer")
        self.chief = _user(django_user_model, "chief_editor", "editor", is_staff=True)


def _outcome(response, client=None) -> str:
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if client is not None and response.status_code in (200, 302):
        # An admin bulk action: refused claim by claim in a message, or not offered to this persona at all.
        page = (client.get(response["Location"]) if response.status_code == 302 else response).content.decode()
        if "Not changed — " in page:
            return "refused"
        if "No action selected." in page or (response.status_code == 200 and 'id="action-form"' not in page):
            return "not offered"
    if response.status_code in (200, 201, 302):
        return "ok"
    return str(response.status_code)


def _act(ctx, kind, method, url, data):
    if kind == "service":
        try:
            url(ctx)
        except PermissionDenied:
            return "denied"
        except ValidationError:
            return "refused"
        return "ok"
    body = data(ctx) if data else {}
    if kind == "api":
        client = APIClient()
        if ctx.user:
            client.force_authenticate(user=ctx.user)
        return _outcome(getattr(client, method)(url(ctx), body, format="json"))
    client = Client()
    if ctx.user:
        client.force_login(ctx.user)
    admin_action = url(ctx).startswith("/admin/") and "action" in body
    headers = HX if not url(ctx).startswith("/admin/") else {}
    return _outcome(getattr(client, method)(url(ctx), body, headers=headers), client if admin_action else None)


@pytest.mark.parametrize(("entry", "persona"), CELLS)
def test_permission_matrix_cell(entry, persona, request, split_article, default_ratings, django_user_model):
    _action, kind, method, url, data, setup, changed, expected = entry
    article = split_article(BODY, **APPEARED)
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()
    ctx = Context(request, persona, claim, default_ratings, django_user_model)
    if setup:
        setup(ctx)
    if changed is not None:
        assert not changed(ctx), "the change must not have happened before the action"

    outcome = _act(ctx, kind, method, url, data)

    assert outcome == expected[persona]
    if changed is not None:
        assert changed(ctx) == (outcome == "ok"), "allowed actions change the database, denied ones never do"


def test_the_written_matrix_in_the_docs_is_exactly_the_tested_one():
    written = (Path(__file__).resolve().parent.parent / "docs" / "permissions.md").read_text(encoding="utf-8")
    rows = [f"| {entry[0]} | " + " | ".join(entry[7][p] for p in PERSONAS) + " |" for entry in MATRIX]
    assert [line for line in rows if line not in written.splitlines()] == []
