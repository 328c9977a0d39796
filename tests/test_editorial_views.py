"""The editorial desk in the browser, without JavaScript and with HTMX."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import AuditEvent, Claim, FactCheck
from annotations.services import review

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
HX = {"HX-Request": "true"}


@pytest.fixture
def claim(split_article, default_ratings):
    return split_article(BODY).claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()


@pytest.fixture
def ready_claim(claim, reviewer_a, reviewer_b, default_ratings):
    for reviewer in (reviewer_a, reviewer_b):
        review.verdict_submit(claim=claim, reviewer=reviewer, rating=default_ratings["false"], rationale="No.")
    claim.refresh_from_db()
    return claim


def decision(claim, ratings, **overrides):
    return {"rating": ratings["false"].pk, "summary": "It adds 1,200 jobs.", "claimant": "The minister",
            "version": claim.version, **overrides}


def test_the_editorial_panel_shows_state_agreement_verdicts_and_the_audit_trail(client, editor, ready_claim):
    client.force_login(editor)
    page = client.get(reverse("claim-editorial", args=[ready_claim.pk]), headers=HX).content.decode()
    assert 'data-status="ready"' in page
    assert "α = 1.00" in page
    assert 'id="editorial-article-agreement">α = 1.00 <span class="note">over 1 claim</span>' in page
    assert "False</strong> by reviewer_a" in page and "False</strong> by reviewer_b" in page
    assert "In review → Ready for approval" in page
    assert 'id="publish-form"' in page and 'id="unpublish-form"' not in page


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


def test_a_stale_form_gets_409_and_nothing_is_published(client, editor, ready_claim, default_ratings):
    client.force_login(editor)
    response = client.post(reverse("claim-publish", args=[ready_claim.pk]),
                           decision(ready_claim, default_ratings, version=ready_claim.version - 1), headers=HX)
    assert response.status_code == 409
    assert "This claim was changed since you read it" in response.content.decode()
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


def test_the_only_reviewer_sees_why_they_cannot_approve_and_a_forced_post_is_refused(
    client, editor, claim, default_ratings
):
    review.verdict_submit(claim=claim, reviewer=editor, rating=default_ratings["false"], rationale="Mine.")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.READY)
    claim.refresh_from_db()
    client.force_login(editor)
    page = client.get(reverse("claim-editorial", args=[claim.pk]), headers=HX).content.decode()
    assert "you are its only reviewer" in page
    response = client.post(reverse("claim-publish", args=[claim.pk]), decision(claim, default_ratings), headers=HX)
    assert response.status_code == 400
    assert "you are its only reviewer" in response.content.decode()
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


def test_the_ready_list_shows_ready_claims_and_disagreements_only(client, editor, ready_claim, split_article):
    other = ready_claim.article.claims.exclude(pk=ready_claim.pk).first()
    client.force_login(editor)
    page = client.get(reverse("editorial-ready")).content.decode()
    assert f'id="ready-{ready_claim.pk}"' in page
    assert f'id="ready-{other.pk}"' not in page
    assert "1 claim" in page


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
