"""The fact-check workflow: every transition, the approval rule, the audit trail, conflicts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import slugify

from annotations import access, selectors
from annotations.models import AuditEvent, Claim, FactCheck, Rating, RatingScale, WebhookDelivery, WebhookEndpoint
from annotations.services import articles, assignment, common, corrections, publishing, review
from tests.publishing import APPEARED

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
S = Claim.Status


@pytest.fixture
def claim(split_article, default_ratings):
    return split_article(BODY, **APPEARED).claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()


def rate(claim, reviewer, rating, rationale="Checked the budget papers."):
    return review.verdict_submit(claim=claim, reviewer=reviewer, rating=rating, rationale=rationale)


def trail(claim):
    return list(
        AuditEvent.objects.filter(claim=claim).order_by("at", "id")
        .values_list("action", "from_state", "to_state", "actor__username", "comment")
    )


@pytest.fixture
def ready_claim(claim, reviewer_a, reviewer_b, default_ratings):
    rate(claim, reviewer_a, default_ratings["false"])
    rate(claim, reviewer_b, default_ratings["false"])
    claim.refresh_from_db()
    assert claim.status == S.READY
    return claim


def publish(claim, editor, ratings, **overrides):
    data = {"rating": ratings["false"], "summary": "The budget adds 1,200 jobs, not 12,000.",
            "claimant": "The minister", "claimant_kind": FactCheck.ClaimantKind.PERSON}
    return publishing.factcheck_publish(claim=claim, actor=editor, **{**data, **overrides})


# --- Verdicts drive the status ---


def test_a_new_claim_is_open_with_no_audit_events(claim):
    assert claim.status == S.OPEN
    assert trail(claim) == []


def test_the_first_verdict_puts_the_claim_in_review(claim, reviewer_a, default_ratings):
    rate(claim, reviewer_a, default_ratings["false"])
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (S.IN_REVIEW, 2)
    assert trail(claim) == [("verdict", "open", "in_review", "reviewer_a", "")]


def test_two_reviewers_who_agree_make_the_claim_ready(claim, reviewer_a, reviewer_b, default_ratings):
    rate(claim, reviewer_a, default_ratings["mostly-true"])
    rate(claim, reviewer_b, default_ratings["mostly-true"])
    claim.refresh_from_db()
    assert claim.status == S.READY
    assert trail(claim)[-1] == ("verdict", "in_review", "ready", "reviewer_b", "")


def test_two_reviewers_with_different_ratings_put_the_claim_in_disagreement(
    claim, reviewer_a, reviewer_b, default_ratings
):
    rate(claim, reviewer_a, default_ratings["true"])
    rate(claim, reviewer_b, default_ratings["false"])
    claim.refresh_from_db()
    assert claim.status == S.DISAGREEMENT
    assert trail(claim)[-1] == ("verdict", "in_review", "disagreement", "reviewer_b", "")


def test_a_changed_verdict_that_ends_the_disagreement_makes_the_claim_ready(
    claim, reviewer_a, reviewer_b, default_ratings
):
    rate(claim, reviewer_a, default_ratings["true"])
    verdict = rate(claim, reviewer_b, default_ratings["false"])
    review.verdict_update(verdict=verdict, expected_version=1, rating=default_ratings["true"], rationale="Right.")
    claim.refresh_from_db()
    assert claim.status == S.READY
    assert trail(claim)[-1] == ("verdict_update", "disagreement", "ready", "reviewer_b", "")


def test_a_verdict_change_that_keeps_the_status_is_audited_with_the_verdict_before_and_after(
    claim, reviewer_a, default_ratings
):
    verdict = rate(claim, reviewer_a, default_ratings["true"])
    review.verdict_update(verdict=verdict, expected_version=1, rating=default_ratings["false"], rationale="No.")
    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW
    assert trail(claim)[-1] == ("verdict_update", "in_review", "in_review", "reviewer_a", "")
    event = AuditEvent.objects.filter(claim=claim).order_by("at", "id").last()
    assert (event.before["verdict"]["rating"], event.before["verdict"]["rationale"]) == (
        "true", "Checked the budget papers.")
    assert (event.after["verdict"]["rating"], event.after["verdict"]["rationale"], event.after["verdict"]["version"]) \
        == ("false", "No.", 2)


def test_verdicts_on_a_published_claim_leave_its_status_alone(
    ready_claim, editor, reviewer_a, default_ratings
):
    publish(ready_claim, editor, default_ratings)
    verdict = ready_claim.verdicts.get(reviewer=reviewer_a)
    review.verdict_update(verdict=verdict, expected_version=1, rating=default_ratings["true"], rationale="Hm.")
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.PUBLISHED


def test_a_returned_claim_stays_returned_until_the_reviewers_agree_again(
    claim, reviewer_a, reviewer_b, editor, default_ratings
):
    rate(claim, reviewer_a, default_ratings["true"])
    verdict_b = rate(claim, reviewer_b, default_ratings["false"])
    publishing.claim_return(claim=claim, actor=editor, comment="Check the jobs figure.")
    claim.refresh_from_db()
    assert claim.status == S.RETURNED
    review.verdict_update(verdict=verdict_b, expected_version=1, rating=default_ratings["true"], rationale="Yes.")
    claim.refresh_from_db()
    assert claim.status == S.READY
    assert trail(claim)[-1] == ("verdict_update", "returned", "ready", "reviewer_b", "")


# --- Editor marks ready, returns ---


def test_an_editor_resolves_a_disagreement_with_a_comment(claim, reviewer_a, reviewer_b, editor, default_ratings):
    rate(claim, reviewer_a, default_ratings["true"])
    rate(claim, reviewer_b, default_ratings["mostly-true"])
    claim.refresh_from_db()
    publishing.claim_mark_ready(claim=claim, actor=editor, comment="Mostly true is right; B missed a caveat.",
                              expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.status == S.READY
    assert trail(claim)[-1] == ("mark_ready", "disagreement", "ready", "editor",
                                "Mostly true is right; B missed a caveat.")


def test_resolving_a_disagreement_needs_a_comment(claim, reviewer_a, reviewer_b, editor, default_ratings):
    rate(claim, reviewer_a, default_ratings["true"])
    rate(claim, reviewer_b, default_ratings["false"])
    with pytest.raises(ValidationError, match="Say how the disagreement was resolved."):
        publishing.claim_mark_ready(claim=claim, actor=editor, comment="  ")
    claim.refresh_from_db()
    assert claim.status == S.DISAGREEMENT


def test_an_editor_marks_a_claim_with_one_verdict_ready(claim, reviewer_a, editor, default_ratings):
    rate(claim, reviewer_a, default_ratings["false"])
    publishing.claim_mark_ready(claim=claim, actor=editor)
    claim.refresh_from_db()
    assert claim.status == S.READY


def test_an_open_claim_cannot_be_marked_ready(claim, editor):
    with pytest.raises(ValidationError, match="A claim that is “Open” cannot be marked ready for approval."):
        publishing.claim_mark_ready(claim=claim, actor=editor)
    assert trail(claim) == []


def test_returning_a_claim_needs_a_comment_and_changes_nothing_without_one(ready_claim, editor):
    before = ready_claim.version
    with pytest.raises(ValidationError, match="Say what the reviewers should look at again."):
        publishing.claim_return(claim=ready_claim, actor=editor, comment="")
    ready_claim.refresh_from_db()
    assert (ready_claim.status, ready_claim.version) == (S.READY, before)


def test_an_editor_returns_a_ready_claim_with_a_comment(ready_claim, editor):
    publishing.claim_return(claim=ready_claim, actor=editor, comment="Find the primary source.")
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.RETURNED
    assert trail(ready_claim)[-1] == ("return", "ready", "returned", "editor", "Find the primary source.")


def test_an_open_claim_cannot_be_returned(claim, editor):
    with pytest.raises(ValidationError, match="cannot be returned to reviewers"):
        publishing.claim_return(claim=claim, actor=editor, comment="Why?")


def test_a_reviewer_cannot_mark_ready_return_publish_or_unpublish(ready_claim, reviewer_a, default_ratings):
    for call in (
        lambda: publishing.claim_mark_ready(claim=ready_claim, actor=reviewer_a),
        lambda: publishing.claim_return(claim=ready_claim, actor=reviewer_a, comment="x"),
        lambda: publish(ready_claim, reviewer_a, default_ratings),
        lambda: publishing.factcheck_unpublish(claim=ready_claim, actor=reviewer_a),
    ):
        with pytest.raises(PermissionDenied):
            call()
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.READY
    assert not FactCheck.objects.exists()


# --- Approve and publish ---


def test_an_editor_approves_and_publishes_with_final_rating_and_summary(ready_claim, editor, default_ratings):
    factcheck = publish(ready_claim, editor, default_ratings)
    factcheck.refresh_from_db()
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.PUBLISHED
    assert (factcheck.rating.slug, factcheck.summary, factcheck.claimant) == (
        "false", "The budget adds 1,200 jobs, not 12,000.", "The minister"
    )
    assert factcheck.approved_by == editor
    assert factcheck.published_at is not None
    assert factcheck.first_published_at == factcheck.published_at == factcheck.approved_at
    assert factcheck.slug == slugify(ready_claim.text) == "it-adds-12000-jobs-officials-said"
    assert trail(ready_claim)[-1] == ("publish", "ready", "published", "editor", "Final rating: False")


def test_the_slug_comes_from_the_claim_text_and_is_unique(ready_claim, editor, default_ratings):
    FactCheck.objects.create(
        claim=ready_claim.article.claims.exclude(pk=ready_claim.pk).first(),
        rating=default_ratings["true"], summary="x", slug=publishing._slug_for(ready_claim.text),
    )
    factcheck = publish(ready_claim, editor, default_ratings)
    assert factcheck.slug == "it-adds-12000-jobs-officials-said-2"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("This strategic alliance is further cemented by the comprehensive cooperation treaty signed in June",
         "this-strategic-alliance-is-further-cemented-by-the-comprehensive-cooperation"),
        ("«» — !!!", "claim"),
        ("Ünïcödé façade café", "unicode-facade-cafe"),
    ],
)
def test_slugs_end_on_a_whole_word_and_are_never_empty(db, text, slug):
    assert publishing._slug_for(text) == slug


# --- Four eyes ---


@pytest.fixture
def second_editor(django_user_model):
    from .conftest import _user

    return _user(django_user_model, "chief_editor", "editor", is_staff=True)


def test_an_editor_who_rated_a_claim_cannot_approve_it_and_is_told_who_can(
    claim, editor, reviewer_a, second_editor, default_ratings
):
    rate(claim, editor, default_ratings["false"])
    rate(claim, reviewer_a, default_ratings["false"])
    claim.refresh_from_db()
    assert claim.status == S.READY
    with pytest.raises(publishing.ApprovalRefused) as refused:
        publish(claim, editor, default_ratings)
    assert refused.value.messages == [
        "You rated this claim, so you cannot approve and publish it: every decision needs a second pair of "
        "eyes. Who can: chief_editor."
    ]
    claim.refresh_from_db()
    assert claim.status == S.READY
    assert not FactCheck.objects.exists()

    publish(claim, second_editor, default_ratings)
    claim.refresh_from_db()
    assert claim.status == S.PUBLISHED
    assert FactCheck.objects.get(claim=claim).approved_by == second_editor


@pytest.mark.parametrize("decision", ["mark_ready", "return"])
def test_an_editor_who_gave_evidence_cannot_mark_ready_or_return_the_claim(
    claim, editor, reviewer_a, reviewer_b, second_editor, default_ratings, decision
):
    review.evidence_add(claim=claim, added_by=editor, url="https://stats.example.org", title="Jobs data",
                        stance="refutes")
    rate(claim, reviewer_a, default_ratings["true"])
    rate(claim, reviewer_b, default_ratings["false"])
    call = {"mark_ready": publishing.claim_mark_ready, "return": publishing.claim_return}[decision]
    with pytest.raises(access.FourEyes, match="You added evidence to this claim, so you cannot .* Who can: "
                                              "chief_editor."):
        call(claim=claim, actor=editor, comment="Mostly true.")
    claim.refresh_from_db()
    assert claim.status == S.DISAGREEMENT
    call(claim=claim, actor=second_editor, comment="Mostly true.")
    claim.refresh_from_db()
    assert claim.status == Claim.TRANSITIONS[decision][1]


def test_a_superuser_who_rated_cannot_approve_either_even_after_withdrawing_the_verdict(
    claim, admin_user, reviewer_a, reviewer_b, editor, default_ratings
):
    verdict = rate(claim, admin_user, default_ratings["false"])
    review.verdict_withdraw(verdict=verdict, actor=admin_user, reason="I was too quick.")
    rate(claim, reviewer_a, default_ratings["false"])
    rate(claim, reviewer_b, default_ratings["false"])
    claim.refresh_from_db()
    assert claim.status == S.READY
    with pytest.raises(publishing.ApprovalRefused, match="You rated this claim.* Who can: editor."):
        publish(claim, admin_user, default_ratings)
    assert not FactCheck.objects.exists()


def test_when_nobody_else_may_decide_the_refusal_says_how_to_get_someone(claim, editor, reviewer_a,
                                                                        default_ratings):
    rate(claim, editor, default_ratings["false"])
    rate(claim, reviewer_a, default_ratings["false"])
    with pytest.raises(publishing.ApprovalRefused, match="Nobody else holds that permission yet: an admin can "
                                                         "give it to an editor who did not work on it."):
        publish(claim, editor, default_ratings)


def test_publishing_twice_is_refused_and_changes_nothing(ready_claim, editor, default_ratings):
    first = publish(ready_claim, editor, default_ratings)
    events = len(trail(ready_claim))
    with pytest.raises(ValidationError, match="This fact-check is already published."):
        publish(ready_claim, editor, default_ratings, summary="A different summary.")
    first_again = FactCheck.objects.get(pk=first.pk)
    assert (first_again.summary, first_again.version, first_again.published_at) == (
        first.summary, first.version, first.published_at
    )
    assert len(trail(ready_claim)) == events


def test_a_claim_not_ready_cannot_be_published(claim, reviewer_a, editor, default_ratings):
    rate(claim, reviewer_a, default_ratings["false"])
    with pytest.raises(ValidationError, match="it must be ready for approval first"):
        publish(claim, editor, default_ratings)
    assert not FactCheck.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"summary": "   "}, "summary", "Write the public summary of the fact-check."),
        ({"summary": "x" * 5001}, "summary", "The summary has 5,001 characters; the limit is 5,000."),
        ({"claimant": "c" * 201}, "claimant", "The claimant has 201 characters; the limit is 200."),
    ],
)
def test_a_bad_decision_is_refused_with_a_clear_message(ready_claim, editor, default_ratings, overrides, field,
                                                        message):
    with pytest.raises(ValidationError) as caught:
        publish(ready_claim, editor, default_ratings, **overrides)
    assert caught.value.message_dict == {field: [message]}
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.READY


def test_a_final_rating_from_another_scale_is_refused(ready_claim, editor, default_ratings):
    other = RatingScale.objects.create(name="Other", slug="other", best_value=2, worst_value=0)
    foreign = Rating.objects.create(scale=other, label="Pants on fire", slug="pants", value=0)
    with pytest.raises(ValidationError) as caught:
        publish(ready_claim, editor, default_ratings, rating=foreign)
    assert caught.value.message_dict == {"rating": ["Choose the final rating from the default rating scale."]}
    assert not FactCheck.objects.exists()


def test_a_stale_version_is_a_conflict_and_nothing_is_published(ready_claim, editor, default_ratings):
    with pytest.raises(common.ClaimVersionConflict, match=f"you sent version {ready_claim.version - 1}"):
        publish(ready_claim, editor, default_ratings, expected_version=ready_claim.version - 1)
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.READY
    assert not FactCheck.objects.exists()


def test_a_verdict_changed_while_the_editor_decides_makes_the_editors_form_stale(
    ready_claim, editor, reviewer_a, default_ratings
):
    seen = ready_claim.version
    verdict = ready_claim.verdicts.get(reviewer=reviewer_a)
    review.verdict_update(verdict=verdict, expected_version=1, rating=default_ratings["true"], rationale="Oh.")
    with pytest.raises(common.ClaimVersionConflict):
        publish(ready_claim, editor, default_ratings, expected_version=seen)
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.DISAGREEMENT


# --- Unpublish ---


def test_unpublishing_clears_published_at_and_returns_the_claim_to_ready(ready_claim, editor, default_ratings):
    factcheck = publish(ready_claim, editor, default_ratings)
    publishing.factcheck_unpublish(claim=ready_claim, actor=editor, comment="Legal asked us to hold it.")
    factcheck.refresh_from_db()
    ready_claim.refresh_from_db()
    assert factcheck.published_at is None
    assert factcheck.first_published_at is not None
    assert ready_claim.status == S.READY
    assert trail(ready_claim)[-1] == ("unpublish", "published", "ready", "editor", "Legal asked us to hold it.")


def test_unpublishing_a_never_published_fact_check_is_refused(ready_claim, editor):
    with pytest.raises(ValidationError, match="This fact-check is not published, so it cannot be unpublished."):
        publishing.factcheck_unpublish(claim=ready_claim, actor=editor)
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.READY
    assert trail(ready_claim)[-1][0] == "verdict"


def test_republishing_keeps_the_slug_and_first_publication_date(ready_claim, editor, default_ratings):
    first = publish(ready_claim, editor, default_ratings)
    publishing.factcheck_unpublish(claim=ready_claim, actor=editor)
    again = publish(ready_claim, editor, default_ratings, rating=default_ratings["mostly-false"], summary="Fixed.")
    assert again.pk == first.pk
    assert (again.slug, again.first_published_at) == (first.slug, first.first_published_at)
    assert (again.rating.slug, again.summary, again.version) == ("mostly-false", "Fixed.", 3)
    assert again.published_at >= first.published_at


def test_publish_and_unpublish_record_webhook_deliveries_in_the_transaction_and_send_after_commit(
    ready_claim, editor, default_ratings, monkeypatch, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(url="http://127.0.0.1:9/hooks")
    sent = []
    monkeypatch.setattr("annotations.services.webhooks._send", lambda ids: sent.extend(ids))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factcheck = publish(ready_claim, editor, default_ratings)
    published = WebhookDelivery.objects.get(event="factcheck.published", factcheck=factcheck)
    assert published.status == WebhookDelivery.Status.PENDING
    assert sent == [], "nothing is sent before the publication commits"
    for callback in callbacks:
        callback()
    assert sent == [published.pk]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.factcheck_unpublish(claim=ready_claim, actor=editor)
    unpublished = WebhookDelivery.objects.get(event="factcheck.unpublished", factcheck=factcheck)
    assert sent == [published.pk, unpublished.pk]


# --- Assigning ---


def test_an_editor_assigns_a_reviewer_once_and_the_audit_says_so(claim, editor, reviewer_a):
    assert assignment.claim_assign(claim=claim, assignee=reviewer_a, actor=editor) is True
    assert assignment.claim_assign(claim=claim, assignee=reviewer_a, actor=editor) is False
    claim.refresh_from_db()
    assert claim.assignee == reviewer_a
    assert trail(claim) == [("assign", "unassigned", "reviewer_a", "editor", "Assigned to reviewer_a")]


def test_a_user_without_a_role_cannot_be_assigned(claim, editor, outsider):
    with pytest.raises(ValidationError, match="outsider has no reviewer role, so cannot be assigned."):
        assignment.claim_assign(claim=claim, assignee=outsider, actor=editor)
    claim.refresh_from_db()
    assert claim.assignee is None


# --- Audit trail and agreement read by the editorial desk ---


def test_audit_events_cannot_be_changed_or_deleted(ready_claim):
    event = AuditEvent.objects.filter(claim=ready_claim).first()
    event.comment = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_claim_and_article_agreement_use_the_ordinal_values_of_the_verdicts(
    claim, reviewer_a, reviewer_b, default_ratings
):
    assert selectors.claim_agreement(claim).alpha is None
    rate(claim, reviewer_a, default_ratings["true"])
    rate(claim, reviewer_b, default_ratings["true"])
    other = claim.article.claims.exclude(pk=claim.pk).first()
    rate(other, reviewer_a, default_ratings["false"])
    rate(other, reviewer_b, default_ratings["mostly-false"])
    assert selectors.claim_agreement(claim).alpha == 1.0
    assert selectors.claim_agreement(other).alpha == 0.0
    article = selectors.article_agreement(claim.article)
    assert article.pairable_units == 2
    assert 0 < article.alpha < 1


def test_unverifiable_verdicts_are_left_out_of_agreement(claim, reviewer_a, reviewer_b, default_ratings):
    rate(claim, reviewer_a, default_ratings["unverifiable"])
    rate(claim, reviewer_b, default_ratings["true"])
    assert selectors.claim_agreement(claim).alpha is None


# --- State changes made elsewhere are audited too ---


def test_dismissing_a_claim_is_audited_with_the_reason(claim, editor):
    corrections.claim_dismiss(claim=claim, reason="Scene-setting", expected_version=claim.version, actor=editor)
    assert trail(claim) == [("dismiss", "open", "dismissed", "editor", "Scene-setting")]


def test_a_published_claim_cannot_be_dismissed(ready_claim, editor, default_ratings):
    publish(ready_claim, editor, default_ratings)
    ready_claim.refresh_from_db()
    with pytest.raises(ValidationError, match="unpublish it before dismissing the claim"):
        corrections.claim_dismiss(claim=ready_claim, reason="Oops", expected_version=ready_claim.version, actor=editor)
    ready_claim.refresh_from_db()
    assert ready_claim.status == S.PUBLISHED


def test_a_resplit_asked_for_by_a_person_is_audited_on_the_article(claim, editor):
    articles.article_resplit(article=claim.article, actor=editor)
    event = AuditEvent.objects.get(article=claim.article, action="resplit")
    assert (event.claim, event.actor, event.from_state, event.to_state) == (None, editor, "done", "queued")


def test_a_reworded_rationale_does_not_move_the_claim(claim, reviewer_a, editor, default_ratings):
    verdict = rate(claim, reviewer_a, default_ratings["false"])
    publishing.claim_mark_ready(claim=claim, actor=editor)
    claim.refresh_from_db()
    review.verdict_update(verdict=verdict, expected_version=1, rationale="Better worded.")
    claim.refresh_from_db()
    assert claim.status == S.READY


def test_a_single_reviewer_changing_their_rating_cannot_undo_an_editors_ready(claim, reviewer_a, editor,
                                                                              default_ratings):
    verdict = rate(claim, reviewer_a, default_ratings["false"])
    publishing.claim_mark_ready(claim=claim, actor=editor)
    review.verdict_update(verdict=verdict, expected_version=1, rating=default_ratings["true"], rationale="Hm.")
    claim.refresh_from_db()
    assert claim.status == S.READY
