"""The review panel: verdicts with blind review and version checks, and evidence."""

import pytest
from django.urls import reverse

from annotations.models import Claim, Evidence, Verdict

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."


@pytest.fixture
def claim(split_article):
    return split_article(BODY).claims.filter(kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()


def panel(client, claim):
    return client.get(claim.article.get_absolute_url(), {"claim": claim.pk}).content.decode()


def post_verdict(client, claim, **data):
    return client.post(reverse("claim-verdict", args=[claim.pk]), data, headers={"HX-Request": "true"})


def test_a_reviewer_submits_a_verdict_and_then_sees_the_others(client, reviewer_a, reviewer_b, claim, default_ratings):
    Verdict.objects.create(claim=claim, reviewer=reviewer_b, rating=default_ratings["false"], rationale="B's reason")
    client.force_login(reviewer_a)
    before = panel(client, claim)
    assert "Other reviewers' verdicts appear once you submit yours." in before
    assert "B&#x27;s reason" not in before

    response = post_verdict(client, claim, rating=default_ratings["mostly-true"].pk, rationale="Figures match.")

    assert response.status_code == 200
    assert "Verdict saved." in response.content.decode()
    assert "B&#x27;s reason" in response.content.decode()
    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer_a)
    assert (verdict.rating.slug, verdict.rationale, verdict.version) == ("mostly-true", "Figures match.", 1)


def test_a_stale_verdict_edit_is_refused_and_the_saved_one_is_shown(client, reviewer_a, claim, default_ratings):
    verdict = Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=default_ratings["false"],
                                     rationale="First", version=2)
    client.force_login(reviewer_a)

    response = post_verdict(client, claim, rating=default_ratings["true"].pk, rationale="Stale", version=1)

    assert response.status_code == 409
    assert "This verdict was changed since you read it: you sent version 1" in response.content.decode()
    verdict.refresh_from_db()
    assert (verdict.rating.slug, verdict.rationale, verdict.version) == ("false", "First", 2)


def test_a_rating_that_needs_a_rationale_refuses_an_empty_one(client, reviewer_a, claim, default_ratings):
    client.force_login(reviewer_a)
    response = post_verdict(client, claim, rating=default_ratings["false"].pk, rationale="   ")
    assert response.status_code == 400
    assert "The rating “False” needs a rationale." in response.content.decode()
    assert not Verdict.objects.exists()


def test_evidence_is_added_and_non_http_urls_are_refused(client, reviewer_a, claim):
    client.force_login(reviewer_a)
    url = reverse("claim-evidence", args=[claim.pk])
    fields = {"title": "Budget record", "stance": "supports", "source_type": "official", "excerpt": "12,000 jobs"}

    bad = client.post(url, {**fields, "url": "javascript:alert(1)"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400
    assert not Evidence.objects.exists()

    good = client.post(url, {**fields, "url": "https://gov.example/budget"}, headers={"HX-Request": "true"})
    assert good.status_code == 200
    page = good.content.decode()
    assert 'href="https://gov.example/budget" rel="noopener noreferrer"' in page
    assert Evidence.objects.get().added_by == reviewer_a


def test_people_without_a_role_cannot_post_to_a_claim(client, outsider, claim, default_ratings):
    client.force_login(outsider)
    assert post_verdict(client, claim, rating=default_ratings["true"].pk).status_code == 404
    assert client.post(reverse("claim-evidence", args=[claim.pk]), {}).status_code == 404
    assert client.post(reverse("claim-verdict", args=[999999]), {}).status_code == 404
    assert not Verdict.objects.exists()


def test_markup_in_a_rationale_is_shown_as_text(client, reviewer_a, reviewer_b, claim, default_ratings):
    Verdict.objects.create(claim=claim, reviewer=reviewer_b, rating=default_ratings["false"],
                           rationale="<script>alert(1)</script>")
    client.force_login(reviewer_a)
    response = post_verdict(client, claim, rating=default_ratings["true"].pk)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
