"""The editorial desk in the browser, without JavaScript and with HTMX."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import AuditEvent, Claim, FactCheck
from annotations.services import review
from tests.publishing import APPEARED

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
HX = {"HX-Request": "true"}


@pytest.fixture
def claim(split_article, default_ratings):
    return split_article(BODY, **APPEARED).claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()


@pytest.fixture
def ready_claim(claim, reviewer_a, reviewer_b, default_ratings):
    for reviewer in (reviewer_a, reviewer_b):
        review.verdict_submit(claim=claim, reviewer=reviewer, rating=default_ratings["false"], rationale="No.")
    claim.refresh_from_db()
    return claim


def decision(claim, ratings, **overrides):
    return {"rating": ratings["false"].pk, "summary": "It adds 1,200 jobs.", "claimant": "The minister",
            "claimant_kind": "Person", "claim_date": "", "version": claim.version, **overrides}


def test_the_editorial_panel_shows_state_agreement_verdicts_and_the_audit_trail(client, editor, ready_claim):
    client.force_login(editor)
    page = client.get(reverse("claim-editorial", args=[ready_claim.pk]), headers=HX).content.decode()
    assert 'data-status="ready"' in page
    assert "α = 1.00" in page
    assert 'id="editorial-article-agreement">α = 1.00 <span class="note">over 1 claim</span>' in page
    assert "False</strong> by reviewer_a" in page and "False</strong> by reviewer_b" in page
    assert "In review → Ready for approval" in page
    assert '<span class="audit-action" data-audit-action="verdict">gave a verdict</span>' in page
    assert 'id="publish-form"' in page and 'id="unpublish-form"' not in page


def test_every_action_the_audit_trail_documents_has_words_for_people():
    import re
    from pathlib import Path

    from annotations.models import AuditEvent

    table = Path(__file__).resolve().parents[1].joinpath("docs", "workflow.md").read_text()
    section = table.split("## The audit trail", 1)[1].split("\n## ", 1)[0]
    documented = {name for row in section.splitlines() if row.startswith("| `")
                  for name in re.findall(r"`([a-z_]+)`", row.split("|")[1])}
    assert len(documented) >= 30
    assert documented <= set(AuditEvent.ACTION_LABELS), documented - set(AuditEvent.ACTION_LABELS)
    assert AuditEvent(action="publish").action_label == "approved and published the fact-check"
    assert AuditEvent(action="something_new").action_label == "something_new"


def test_an_editor_approves_and_publishes_from_the_panel(client, editor, ready_claim, default_ratings):
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk]), decision(ready_claim, default_ratings),
                           headers=HX)
    assert response.status_code == 200
    assert "Approved and published." in response.content.decode()
    assert 'id="unpublish-form"' in response.content.decode()
    factcheck = FactCheck.objects.get(claim=ready_claim)
    assert (factcheck.summary, factcheck.approved_by, factcheck.is_published) == ("It adds 1,200 jobs.", editor, True)


def test_without_htmx_a_publish_redirects_to_the_editorial_page(client, editor, ready_claim, default_ratings):
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk]), decision(ready_claim, default_ratings))
    assert response.status_code == 302
    assert response["Location"] == reverse("claim-editorial", args=[ready_claim.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Approved and published." in page and "<h1>Editorial decision</h1>" in page


def test_a_stale_form_gets_409_keeps_what_the_editor_typed_and_says_so_next_to_the_form(
    client, editor, ready_claim, default_ratings
):
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk]),
                           decision(ready_claim, default_ratings, version=ready_claim.version - 1,
                                    summary="My careful summary."), headers=HX)
    assert response.status_code == 409
    page = response.content.decode()
    form = page[page.index('id="publish-form"'):page.index("</form>", page.index('id="publish-form"'))]
    assert ('<div class="error" id="publish-error" data-outcome="error"><p>This claim was changed since you read it'
            in form)
    assert "What you entered is kept below" in form
    assert "My careful summary.</textarea>" in form
    assert f'name="version" value="{ready_claim.version}"' in form, "the kept form now carries the stored version"
    assert not FactCheck.objects.exists()


def test_a_missing_summary_is_a_400_with_the_form_kept(client, editor, ready_claim, default_ratings):
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk]),
                           decision(ready_claim, default_ratings, summary="", claimant="Kept <b>claimant</b>"),
                           headers=HX)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "Kept &lt;b&gt;claimant&lt;/b&gt;" in page
    assert not FactCheck.objects.exists()


def test_an_editor_who_rated_sees_why_they_cannot_approve_and_who_can_and_a_forced_post_is_refused(
    client, editor, claim, reviewer_a, django_user_model, default_ratings
):
    from .conftest import _user

    _user(django_user_model, "chief_editor", "editor", is_staff=True)
    review.verdict_submit(claim=claim, reviewer=editor, rating=default_ratings["false"], rationale="Mine.")
    review.verdict_submit(claim=claim, reviewer=reviewer_a, rating=default_ratings["false"], rationale="No.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.READY
    refusal = ("You rated this claim, so you cannot approve and publish it: every decision needs a second pair of "
               "eyes. Who can: chief_editor.")
    client.force_login(editor)
    page = client.get(reverse("claim-editorial", args=[claim.pk]), headers=HX).content.decode()
    assert f'<p class="error" id="approval-refusal">{refusal}</p>' in page
    assert 'class="primary" disabled>Approve &amp; publish</button>' in page
    response = client.post(reverse("claim-publish", args=[claim.pk]), decision(claim, default_ratings), headers=HX)
    assert response.status_code == 400
    refused = response.content.decode()
    assert f'<div class="error" id="publish-error" data-outcome="error"><p>{refusal}</p></div>' in refused
    assert "It adds 1,200 jobs.</textarea>" in response.content.decode(), "the editor's summary is kept"
    assert not FactCheck.objects.exists()


def test_returning_without_a_comment_is_refused_and_with_one_is_recorded(client, editor, ready_claim):
    client.force_login(editor)
    url = reverse("claim-return", args=[ready_claim.pk])
    refused = client.post(url, {"comment": " ", "version": ready_claim.version}, headers=HX)
    assert refused.status_code == 400
    assert "Say what the reviewers should look at again." in refused.content.decode()
    returned = client.post(url, {"comment": "Source <script>x</script>?", "version": ready_claim.version},
                           headers=HX)
    assert returned.status_code == 200
    assert "Source &lt;script&gt;x&lt;/script&gt;?" in returned.content.decode()
    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.RETURNED
    assert AuditEvent.objects.filter(claim=ready_claim, action="return").count() == 1


def test_unpublish_from_the_panel_returns_the_claim_to_ready(client, editor, ready_claim, default_ratings):
    client.force_login(editor)
    client.post(reverse("claim-publish", args=[ready_claim.pk]), decision(ready_claim, default_ratings), headers=HX)
    ready_claim.refresh_from_db()
    response = client.post(reverse("claim-unpublish", args=[ready_claim.pk]),
                           {"comment": "", "version": ready_claim.version}, headers=HX)
    assert response.status_code == 200
    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.READY
    assert FactCheck.objects.get(claim=ready_claim).published_at is None


def test_ready_and_disagreement_are_separate_lists_with_their_counts_on_the_editors_home(
    client, editor, reviewer_a, reviewer_b, ready_claim, default_ratings
):
    other = ready_claim.article.claims.exclude(pk=ready_claim.pk).filter(kind=Claim.Kind.CLAIM).first()
    review.verdict_submit(claim=other, reviewer=reviewer_a, rating=default_ratings["true"], rationale="Yes.")
    review.verdict_submit(claim=other, reviewer=reviewer_b, rating=default_ratings["false"], rationale="No.")
    client.force_login(editor)
    ready = client.get(reverse("editorial-ready")).content.decode()
    assert f'id="ready-{ready_claim.pk}"' in ready and f'id="ready-{other.pk}"' not in ready
    assert "<h1>Ready for approval <span class=\"count\">1 claim</span></h1>" in ready
    disagreements = client.get(reverse("editorial-disagreements")).content.decode()
    assert f'id="ready-{other.pk}"' in disagreements and f'id="ready-{ready_claim.pk}"' not in disagreements
    assert "<h1>Disagreement <span class=\"count\">1 claim</span></h1>" in disagreements
    home = client.get(reverse("home")).content.decode()
    assert '<strong>1</strong> ready for approval</a>' in home and '<strong>1</strong> in disagreement</a>' in home
    client.force_login(reviewer_a)
    assert 'id="desk-counts"' not in client.get(reverse("home")).content.decode()


def test_the_review_panel_loads_the_editorial_desk_for_editors_only(client, editor, reviewer_a, ready_claim):
    url = ready_claim.article.get_absolute_url() + f"?claim={ready_claim.pk}"
    slot = f'hx-get="{reverse("claim-editorial", args=[ready_claim.pk])}"'
    client.force_login(editor)
    assert slot in client.get(url).content.decode()
    client.force_login(reviewer_a)
    assert slot not in client.get(url).content.decode()


def test_the_ready_list_costs_the_same_queries_for_one_claim_and_for_many(client, editor, ready_claim):
    client.force_login(editor)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("editorial-ready")).content.decode().count('id="ready-') == 1
    many = [Claim(article=ready_claim.article, start=i, end=i + 1, text=BODY[i], status=Claim.Status.READY)
            for i in range(30, 60)]
    Claim.objects.bulk_create(many)
    with CaptureQueriesContext(connection) as thirty_one:
        assert client.get(reverse("editorial-ready")).content.decode().count('id="ready-') == 31
    assert len(thirty_one) == len(one)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rating": "999999"}, "Select a valid choice. That choice is not one of the available choices."),
        ({"rating": "x"}, "Select a valid choice. That choice is not one of the available choices."),
        ({"summary": "s" * 5001}, "Ensure this value has at most 5000 characters (it has 5001)."),
        ({"version": "abc"}, "The form is incomplete or out of date; reload the page."),
    ],
)
def test_bad_publish_input_is_a_400_with_a_clear_message_and_nothing_changes(
    client, editor, ready_claim, default_ratings, overrides, message
):
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk]),
                           decision(ready_claim, default_ratings, **overrides), headers=HX)
    assert response.status_code == 400
    assert message in response.content.decode()
    ready_claim.refresh_from_db()
    assert ready_claim.status == Claim.Status.READY
    assert not FactCheck.objects.exists()


def test_a_rating_from_another_scale_is_refused(client, editor, ready_claim, default_ratings):
    from annotations.models import Rating, RatingScale

    other = RatingScale.objects.create(name="Other", slug="other", best_value=2, worst_value=0)
    foreign = Rating.objects.create(scale=other, label="Pants on fire", slug="pants", value=0)
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk]),
                           decision(ready_claim, default_ratings, rating=foreign.pk), headers=HX)
    assert response.status_code == 400
    assert not FactCheck.objects.exists()


def test_an_unknown_claim_id_is_a_404(client, editor, ready_claim, default_ratings):
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk + 1000]),
                           decision(ready_claim, default_ratings), headers=HX)
    assert response.status_code == 404


def test_markup_in_the_summary_and_claimant_is_shown_as_text(client, editor, ready_claim, default_ratings):
    client.force_login(editor)
    response = client.post(
        reverse("claim-publish", args=[ready_claim.pk]),
        decision(ready_claim, default_ratings, summary="<script>alert(1)</script>", claimant="<b>x</b>"),
        headers=HX,
    )
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert FactCheck.objects.get().summary == "<script>alert(1)</script>"


def test_the_desk_counts_count_the_ready_and_disagreeing_claims_only(split_article, seed_texts):
    """selectors.desk_counts reads the claim_desk_status index alone: the same counts as the lists."""
    from annotations import selectors

    article = split_article(next(iter(seed_texts.values())))
    claims = list(Claim.objects.filter(article=article, kind=Claim.Kind.CLAIM).order_by("pk"))
    Claim.objects.filter(pk__in=[c.pk for c in claims[:3]]).update(status=Claim.Status.READY)
    Claim.objects.filter(pk=claims[3].pk).update(status=Claim.Status.DISAGREEMENT)
    Claim.objects.filter(pk=claims[4].pk).update(status=Claim.Status.PUBLISHED)
    Claim.objects.filter(pk=claims[5].pk).update(status=Claim.Status.READY, kind=Claim.Kind.BOILERPLATE)

    assert selectors.desk_counts() == {"ready": 3, "disagreement": 1}
    assert {name: selectors.desk_list(status).count() for name, status in (
        ("ready", Claim.Status.READY), ("disagreement", Claim.Status.DISAGREEMENT))} == selectors.desk_counts()
