"""Moderation in the Django admin: filters, search, bulk actions through the workflow, a read-only audit log."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from annotations.models import Article, AuditEvent, Claim, FactCheck
from annotations.services import publishing, review
from tests.publishing import APPEARED

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
S = Claim.Status


@pytest.fixture
def claim(split_article, default_ratings):
    return split_article(BODY, **APPEARED).claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()


@pytest.fixture
def ready_claim(claim, reviewer_a, reviewer_b, default_ratings):
    for reviewer in (reviewer_a, reviewer_b):
        review.verdict_submit(claim=claim, reviewer=reviewer, rating=default_ratings["false"], rationale="No.")
    claim.refresh_from_db()
    return claim


def changelist(model):
    return reverse(f"admin:annotations_{model}_changelist")


def bulk(client, model, action, objects, **data):
    payload = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **data}
    return client.post(changelist(model), payload)


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("admin:annotations_article_changelist", {"q": "budget", "split_state__exact": "done"}),
        ("admin:annotations_claim_changelist", {"q": "jobs", "status__exact": "ready", "kind__exact": "claim"}),
        ("admin:annotations_verdict_changelist", {"q": "reviewer_a", "rating__id__exact": "1"}),
        ("admin:annotations_evidence_changelist", {"q": "report", "stance__exact": "refutes"}),
        ("admin:annotations_factcheck_changelist", {"q": "jobs", "published": "yes"}),
        ("admin:annotations_auditevent_changelist", {"q": "reviewer_a", "action__exact": "verdict"}),
        ("admin:auth_user_changelist", {"q": "reviewer", "groups__id__exact": "1"}),
    ],
)
def test_editors_and_admins_filter_and_search_every_moderated_list(client, request, persona, url, query,
                                                                   ready_claim):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url), query)
    assert response.status_code == 200, response.content[:300]


def test_the_claim_list_finds_claims_by_text_and_status(client, editor, ready_claim):
    client.force_login(editor)
    page = client.get(changelist("claim"), {"q": "12,000 jobs", "status__exact": "ready"}).content.decode()
    assert f"/admin/annotations/claim/{ready_claim.pk}/change/" in page
    other = ready_claim.article.claims.exclude(pk=ready_claim.pk).first()
    assert f"/admin/annotations/claim/{other.pk}/change/" not in page


def test_a_reviewer_without_staff_access_cannot_open_the_admin(client, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(changelist("claim"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_bulk_publish_asks_for_rating_and_summary_then_calls_the_workflow(client, editor, ready_claim,
                                                                         default_ratings):
    client.force_login(editor)
    form_page = bulk(client, "claim", "publish", [ready_claim])
    assert form_page.status_code == 200
    assert 'id="action-form"' in form_page.content.decode()
    assert not FactCheck.objects.exists()

    done = bulk(client, "claim", "publish", [ready_claim], apply="1", rating=default_ratings["false"].pk,
                summary="It adds 1,200 jobs.", claimant="")
    assert done.status_code == 302
    factcheck = FactCheck.objects.get(claim=ready_claim)
    assert (factcheck.approved_by, factcheck.summary, factcheck.is_published) == (editor, "It adds 1,200 jobs.", True)
    assert AuditEvent.objects.filter(claim=ready_claim, action="publish", actor=editor).count() == 1


def test_bulk_publish_applies_four_eyes_and_reports_each_refusal(client, editor, reviewer_a, ready_claim,
                                                                 default_ratings):
    # The first claim is ready and the editor did not touch it; the editor rated the second one.
    own = ready_claim.article.claims.exclude(pk=ready_claim.pk).first()
    review.verdict_submit(claim=own, reviewer=editor, rating=default_ratings["false"], rationale="Mine.")
    review.verdict_submit(claim=own, reviewer=reviewer_a, rating=default_ratings["false"], rationale="No.")
    client.force_login(editor)
    response = bulk(client, "claim", "publish", [ready_claim, own], apply="1", rating=default_ratings["false"].pk,
                    summary="Summary.", claimant="")
    page = client.get(response["Location"]).content.decode()
    assert "1 claim(s) approved and published." in page
    assert (f"#{own.pk}: You rated this claim, so you cannot approve and publish it: every decision needs a "
            "second pair of eyes.") in page
    assert list(FactCheck.objects.values_list("claim_id", flat=True)) == [ready_claim.pk]


def test_bulk_return_needs_a_comment(client, editor, ready_claim):
    client.force_login(editor)
    refused = bulk(client, "claim", "return_to_reviewers", [ready_claim], apply="1", comment="")
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.READY

    bulk(client, "claim", "return_to_reviewers", [ready_claim], apply="1", comment="Find the source.")
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.RETURNED
    assert AuditEvent.objects.get(claim=ready_claim, action="return").comment == "Find the source."


def test_bulk_assign_adds_the_reviewer_through_the_service(client, editor, claim, reviewer_a):
    client.force_login(editor)
    bulk(client, "claim", "assign_reviewer", [claim], apply="1", reviewer=reviewer_a.pk)
    claim.refresh_from_db()
    assert claim.assignee == reviewer_a
    assert AuditEvent.objects.filter(claim=claim, action="assign", comment="Assigned to reviewer_a").exists()


def test_bulk_unpublish_from_claims_and_from_fact_checks(client, editor, ready_claim, default_ratings):
    publishing.factcheck_publish(claim=ready_claim, actor=editor, rating=default_ratings["false"], summary="S.")
    client.force_login(editor)
    bulk(client, "factcheck", "unpublish", [ready_claim.factcheck], apply="1", comment="Hold.")
    ready_claim.refresh_from_db()
    assert (ready_claim.status, ready_claim.factcheck.published_at) == (S.READY, None)

    response = bulk(client, "claim", "unpublish", [ready_claim], apply="1", comment="")
    page = client.get(response["Location"]).content.decode()
    assert "This fact-check is not published, so it cannot be unpublished." in page


def test_bulk_mark_ready_resolves_a_disagreement_with_the_comment(client, editor, claim, reviewer_a, reviewer_b,
                                                                 default_ratings):
    review.verdict_submit(claim=claim, reviewer=reviewer_a, rating=default_ratings["true"], rationale="Yes.")
    review.verdict_submit(claim=claim, reviewer=reviewer_b, rating=default_ratings["false"], rationale="No.")
    client.force_login(editor)
    bulk(client, "claim", "mark_ready", [claim], apply="1", comment="B is right.")
    claim.refresh_from_db()
    assert claim.status == S.READY


def test_bulk_resplit_queues_the_articles_again(client, editor, claim, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bulk(client, "article", "resplit", [claim.article])
    assert Article.objects.get(pk=claim.article_id).split_state == Article.SplitState.QUEUED
    assert len(callbacks) == 1


def test_no_workflow_field_of_a_claim_can_be_edited_in_the_change_form(client, admin_user, ready_claim):
    client.force_login(admin_user)
    url = reverse("admin:annotations_claim_change", args=[ready_claim.pk])
    response = client.get(url)
    page = response.content.decode()
    assert "Krippendorff" in page and "In review → Ready for approval" in page
    assert list(response.context["adminform"].form.fields) == [], "everything changes through the services"
    client.post(url, {"status": "published", "kind": "claim", "claim_type": "other", "covered_by": "1"})
    ready_claim.refresh_from_db()
    assert (ready_claim.status, ready_claim.covered_by) == (S.READY, None)


def test_every_moderated_object_has_its_history(client, editor, ready_claim):
    client.force_login(editor)
    verdict = ready_claim.verdicts.first()
    for model, pk in (("article", ready_claim.article_id), ("claim", ready_claim.pk), ("verdict", verdict.pk)):
        response = client.get(reverse(f"admin:annotations_{model}_history", args=[pk]))
        assert response.status_code == 200
        assert "simple_history" in response.templates[0].name


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
def test_nobody_can_add_change_or_delete_an_audit_event_superusers_included(client, request, persona, ready_claim):
    client.force_login(request.getfixturevalue(persona))
    event = AuditEvent.objects.filter(claim=ready_claim).first()
    change_url = reverse("admin:annotations_auditevent_change", args=[event.pk])
    assert client.get(change_url).status_code == 200  # readable
    assert "Save" not in client.get(change_url).content.decode()
    assert client.post(change_url, {"comment": "rewritten", "action": "x"}).status_code == 403
    assert client.get(reverse("admin:annotations_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:annotations_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code \
        == 403
    bulk(client, "auditevent", "delete_selected", [event], post="yes")
    event.refresh_from_db()
    assert event.comment == ""
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_reviewer_verdict_is_read_only_in_the_admin(client, admin_user, ready_claim):
    client.force_login(admin_user)
    verdict = ready_claim.verdicts.first()
    response = client.post(reverse("admin:annotations_verdict_change", args=[verdict.pk]), {"rationale": "edited"})
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.rationale == "No."
