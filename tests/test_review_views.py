"""The review panel: verdicts with blind review and version checks, and evidence."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Claim, Evidence, RationaleDraft, Verdict

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
    assert "Other reviewers' verdicts, and the stance and notes of their evidence, appear once you submit " \
           "your verdict." in before
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
    assert "Enter an http:// or https:// URL." in bad.content.decode()
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


# --- Autosaved rationale drafts ---


def save_draft(client, claim, text):
    return client.post(reverse("claim-draft", args=[claim.pk]), {"rationale": text}, headers={"HX-Request": "true"})


def test_a_draft_is_saved_per_reviewer_and_restored_on_reload(client, reviewer_a, reviewer_b, claim):
    client.force_login(reviewer_a)
    response = save_draft(client, claim, "Half-written: the budget <b>papers</b>")
    assert response.status_code == 200
    assert "Draft saved at" in response.content.decode()

    page = panel(client, claim)
    assert "Half-written: the budget &lt;b&gt;papers&lt;/b&gt;</textarea>" in page
    assert "Restored your unsubmitted draft" in page

    client.force_login(reviewer_b)
    assert "Half-written" not in panel(client, claim), "drafts are private to their author"


def test_submitting_the_verdict_clears_the_draft(client, reviewer_a, claim, default_ratings):
    client.force_login(reviewer_a)
    save_draft(client, claim, "Figures match the budget.")
    post_verdict(client, claim, rating=default_ratings["mostly-true"].pk, rationale="Figures match the budget.")
    assert not RationaleDraft.objects.exists()
    # A draft request that arrives after the submit must not bring the draft back.
    save_draft(client, claim, "Figures match the budget.")
    assert not RationaleDraft.objects.exists()


def test_an_empty_draft_is_dropped_and_an_oversized_one_refused(client, reviewer_a, claim):
    client.force_login(reviewer_a)
    save_draft(client, claim, "Something")
    assert "Draft cleared." in save_draft(client, claim, "   ").content.decode()
    assert not RationaleDraft.objects.exists()
    too_long = save_draft(client, claim, "x" * 10_001)
    assert too_long.status_code == 400
    assert "too long to keep as a draft" in too_long.content.decode()
    assert not RationaleDraft.objects.exists()


def test_drafts_cannot_be_written_to_a_claim_one_may_not_see(client, outsider, claim):
    client.force_login(outsider)
    assert save_draft(client, claim, "probe").status_code == 404
    assert save_draft(client, type(claim)(pk=999999), "probe").status_code == 404
    assert not RationaleDraft.objects.exists()


def test_a_version_conflict_keeps_the_reviewers_input_beside_the_stored_verdict(client, reviewer_a, claim,
                                                                              default_ratings):
    Verdict.objects.create(claim=claim, reviewer=reviewer_a, rating=default_ratings["false"], rationale="Stored",
                           version=2)
    client.force_login(reviewer_a)
    save_draft(client, claim, "Old tab text")
    response = post_verdict(client, claim, rating=default_ratings["true"].pk, rationale="Old tab text", version=1)
    assert response.status_code == 409
    page = response.content.decode()
    start = page.index('<div class="error" id="verdict-conflict" data-outcome="error"')
    alert = page[start:page.index('id="verdict-form"')]
    assert "This verdict was changed since you read it: you sent version 1" in alert
    assert '<td id="conflict-yours-rating">True</td><td id="conflict-stored-rating">False</td>' in alert
    assert ('<td id="conflict-yours-rationale">Old tab text</td><td id="conflict-stored-rationale">Stored</td>'
            in alert)
    # The alert sits right above the form (not at the top of the panel), which keeps what was typed,
    # now against the stored version.
    assert page.index('id="verdict-heading"') < page.index('id="verdict-conflict"') < page.index('id="verdict-form"')
    # The list of matches (however long) comes after the form, so it never pushes the form down.
    assert page.index('id="verdict-form"') < page.index('id="claim-matches"')
    assert ">Old tab text</textarea>" in page
    assert '<input type="hidden" name="version" value="2" id="id_version">' in page
    checked = [line for line in page.splitlines() if "checked" in line and 'name="rating"' in line]
    assert len(checked) == 1 and f'value="{default_ratings["true"].pk}"' in checked[0]


def test_the_panel_labels_every_control_and_announces_swaps(client, reviewer_a, claim):
    client.force_login(reviewer_a)
    page = panel(client, claim)
    assert '<label for="id_rationale">Rationale</label>' in page
    # Outcomes are spoken from live regions that are in the page before any swap, not from swapped ones.
    assert '<div id="live-status" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">' in page
    assert '<div id="live-alert" class="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">' in page
    assert 'aria-live' not in page[page.index('id="review-panel"'):]
    assert '<label for="dismiss-reason">' in page
    assert '<dialog id="keys-help" aria-labelledby="keys-help-title">' in page


def test_the_article_page_costs_the_same_queries_for_3_and_30_claims(client, reviewer_a, split_article,
                                                                      default_ratings):
    client.force_login(reviewer_a)
    counts = []
    for n in (3, 30):
        body = "Ministers Agree On Budget Today\n\n" + " ".join(
            f"Officials said {i} new jobs came in year {2000 + i}." for i in range(n))
        article = split_article(body)
        assert article.claims.count() > n
        selected = article.claims.filter(kind=Claim.Kind.CLAIM).last()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url(), {"claim": selected.pk}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_evidence_form_names_the_stance_choice_instead_of_dashes(client, reviewer_a, claim):
    client.force_login(reviewer_a)
    html = panel(client, claim)
    assert '<option value="" selected>Choose: supports, refutes or context</option>' in html
    assert "---------" not in html
