"""Issue 13, problem by problem: what was seen, and what happens now instead.

Four eyes and the state table have their own tests (test_workflow.py,
test_permission_matrix.py, test_workflow_states.py), and so does the audit
story (test_audit_story.py); these are the rest.
"""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from pyld import jsonld

from annotations import access, selectors
from annotations.models import (
    Article,
    AuditEvent,
    Claim,
    ClaimFingerprint,
    ClaimGroup,
    Evidence,
    FactCheck,
    NeverDeleted,
    Verdict,
)
from annotations.services import assignment, publishing, review
from tests.publishing import APPEARED, publish_factcheck
from tests.schemaorg import VOCAB, document_loader, vocabulary_problems

from .conftest import _user

BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
TWIN = "Budget Deal Signed\n\nOfficials said the budget deal adds 12,000 jobs. Unions were not consulted."
HX = {"HX-Request": "true"}
S = Claim.Status


@pytest.fixture
def claim(split_article, default_ratings):
    return split_article(BODY, **APPEARED).claims.get(text="It adds 12,000 jobs, officials said.")


@pytest.fixture
def chief(django_user_model):
    return _user(django_user_model, "chief_editor", "editor", is_staff=True)


def rate(claim, reviewer, rating, rationale="Checked the budget papers."):
    return review.verdict_submit(claim=claim, reviewer=reviewer, rating=rating, rationale=rationale)


def panel(client, claim):
    return client.get(claim.article.get_absolute_url(), {"claim": claim.pk}).content.decode()


# --- Blind review covers evidence ---


def test_reviewer2_sees_reviewer1s_evidence_link_but_not_its_stance_or_note_until_rating(
    client, claim, reviewer_a, reviewer_b, default_ratings
):
    review.evidence_add(claim=claim, added_by=reviewer_a, url="https://stats.example.org/jobs", title="Jobs release",
                        stance="refutes", excerpt="1,200 new posts", note="Off by ten.")
    client.force_login(reviewer_b)
    before = panel(client, claim)
    item = before[before.index('<ul class="evidence" id="evidence-list">'):before.index("</ul>",
                                                                                       before.index("evidence-list"))]
    assert '<a href="https://stats.example.org/jobs" rel="noopener noreferrer" target="_blank">Jobs release</a>' in item
    assert "Stance hidden until you rate" in item and "Refutes the claim" not in item
    for leak in ("stance-refutes", "1,200 new posts", "Off by ten."):
        assert leak not in before

    # Adding one's own evidence re-renders the section (HTMX): still blind to the other's.
    added = client.post(reverse("claim-evidence", args=[claim.pk]), {
        "url": "https://example.org/mine", "title": "Mine", "stance": "supports", "source_type": "news"},
        headers=HX).content.decode()
    listed = added[added.index('id="evidence-list"'):added.index("</ul>", added.index('id="evidence-list"'))]
    assert "Supports the claim" in listed and "Refutes the claim" not in listed and "Off by ten." not in added

    rate(claim, reviewer_b, default_ratings["false"])
    after = panel(client, claim)
    listed = after[after.index('id="evidence-list"'):after.index("</ul>", after.index('id="evidence-list"'))]
    assert '<span class="stance stance-refutes">Refutes the claim</span>' in listed
    assert "1,200 new posts" in listed and "Off by ten." in listed


def test_the_review_panel_shows_no_agreement_figure_to_reviewers(client, claim, reviewer_a, reviewer_b,
                                                                default_ratings):
    rate(claim, reviewer_b, default_ratings["false"])
    client.force_login(reviewer_a)
    assert "α =" not in panel(client, claim)


# --- Reusing a published fact-check covers the twin ---


@pytest.fixture
def twin(claim, default_ratings):
    """The same claim in another article, grouped with ours, with a published fact-check."""
    article = Article.objects.create(title="Budget Deal Signed", body=TWIN, content_hash="t" * 64,
                                     url="https://other.example.org/deal", published_on=dt.date(2026, 3, 1),
                                     split_state=Article.SplitState.DONE)
    start, end = TWIN.index("Officials said"), TWIN.index(" Unions")
    other = Claim.objects.create(article=article, start=start, end=end, text=TWIN[start:end])
    group = ClaimGroup.objects.create()
    for member in (claim, other):
        ClaimFingerprint.objects.update_or_create(claim=member, defaults={
            "article": member.article, "group": group, "vector": b"", "matcher_version": "test"})
    return publish_factcheck(other, default_ratings["false"], slug="budget-jobs", claimant="The ministry",
                             claimant_kind="Organization")


def test_a_covered_claim_leaves_every_queue_says_what_covers_it_and_is_listed_in_the_claimreview(
    client, claim, twin, chief, editor, reviewer_a, reviewer_b, default_ratings
):
    rate(claim, reviewer_b, default_ratings["false"])
    assert claim in selectors.review_queue_for(reviewer_a)
    client.force_login(chief)
    response = client.post(reverse("claim-apply-verdict", args=[claim.pk, twin.pk]), headers=HX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.covered_by) == (S.COVERED, twin)
    assert not FactCheck.objects.filter(claim=claim).exists()
    for reviewer in (reviewer_a, reviewer_b, editor):
        assert claim not in selectors.review_queue_for(reviewer, assignee=selectors.ASSIGNEE_ANY)
    assert claim not in selectors.desk_list(S.READY) and claim not in selectors.desk_list(S.DISAGREEMENT)

    client.force_login(reviewer_a)
    page = panel(client, claim)
    assert 'id="covered-by"' in page and 'href="/fact-checks/budget-jobs/"' in page
    assert 'id="verdict-form"' not in page
    client.force_login(editor)
    desk = client.get(reverse("claim-editorial", args=[claim.pk]), headers=HX).content.decode()
    assert 'data-action="uncover"' in desk

    # The fact-check lists the new appearance, even once the two claims are no longer linked.
    ClaimFingerprint.objects.filter(claim=claim).update(group=None)
    published = client.get("/api/v1/claim-reviews/budget-jobs/", HTTP_ACCEPT="application/json").json()
    assert [a["url"] for a in published["itemReviewed"]["appearance"]] == [
        "https://other.example.org/deal", APPEARED["url"]]
    exported = [json.loads(line) for line in client.get("/api/v1/export/claim-reviews.jsonl").getvalue()
                .decode().splitlines()]
    assert exported == [published]


def test_unpublishing_the_fact_check_returns_the_covered_claim_to_review_audited(
    claim, twin, chief, reviewer_b, default_ratings
):
    rate(claim, reviewer_b, default_ratings["false"])
    publishing.claim_cover(claim=claim, source=twin, actor=chief)
    Claim.objects.filter(pk=twin.claim_id).update(status=S.PUBLISHED)
    publishing.factcheck_unpublish(claim=twin.claim, actor=chief, comment="Correction.")
    claim.refresh_from_db()
    assert (claim.status, claim.covered_by) == (S.IN_REVIEW, None)
    events = list(AuditEvent.objects.filter(claim=claim).order_by("at", "id").values_list(
        "action", "from_state", "to_state", "actor__username", "comment"))
    assert events[-2:] == [
        ("cover", "in_review", "covered", "chief_editor", "Covered by the published fact-check “budget-jobs”."),
        ("uncover", "covered", "in_review", "chief_editor", "The fact-check “budget-jobs” was unpublished."),
    ]


def test_an_editor_who_rated_the_twin_cannot_cover_it(claim, twin, editor, chief, default_ratings):
    rate(claim, editor, default_ratings["false"])
    with pytest.raises(access.FourEyes, match="You rated this claim, so you cannot apply a published fact-check "
                                               "to it.* Who can: chief_editor."):
        publishing.claim_cover(claim=claim, source=twin, actor=editor)


def test_a_covered_claim_takes_no_verdict_and_uncover_brings_it_back(claim, twin, chief, reviewer_a,
                                                                     default_ratings):
    publishing.claim_cover(claim=claim, source=twin, actor=chief)
    with pytest.raises(ValidationError, match="This claim is covered by a published fact-check; it takes no "
                                              "verdicts."):
        rate(claim, reviewer_a, default_ratings["true"])
    publishing.claim_uncover(claim=claim, actor=chief, comment="Not the same figure.")
    claim.refresh_from_db()
    assert (claim.status, claim.covered_by) == (S.OPEN, None)
    assert claim in selectors.review_queue_for(reviewer_a)


# --- A ClaimReview that validates, or a clear refusal ---


@pytest.fixture
def seed_like_claim(split_article, reviewer_a, reviewer_b, default_ratings):
    """A claim of an article pasted without URL or date, as the seeds are, rated ready by two reviewers."""
    claim = split_article(BODY).claims.get(text="It adds 12,000 jobs, officials said.")
    rate(claim, reviewer_a, default_ratings["false"])
    rate(claim, reviewer_b, default_ratings["false"])
    return claim


def test_publishing_without_the_articles_url_and_date_is_refused_with_the_fixes_named(
    client, seed_like_claim, editor, default_ratings
):
    with pytest.raises(publishing.ClaimReviewIncomplete) as refused:
        publishing.factcheck_publish(claim=seed_like_claim, actor=editor, rating=default_ratings["false"],
                                     summary="1,200 jobs.")
    assert refused.value.messages == [
        "Not published: the ClaimReview would not validate. No article the claim appears in has a URL: set the "
        "original article's URL in its details.",
        "Not published: the ClaimReview would not validate. The date the claim was made is unknown: set the "
        "article's publication date, or enter the date of the claim.",
    ]
    assert not FactCheck.objects.exists()

    client.force_login(editor)
    desk = client.get(reverse("claim-editorial", args=[seed_like_claim.pk]), headers=HX).content.decode()
    errors = desk[desk.index('id="claimreview-errors"'):desk.index("</div>", desk.index('id="claimreview-errors"'))]
    assert 'data-path="itemReviewed.appearance[].url"' in errors
    assert 'data-path="itemReviewed.datePublished"' in errors
    edit = reverse("article-edit", args=[seed_like_claim.article_id])
    assert f'href="{edit}?next={reverse("claim-editorial", args=[seed_like_claim.pk])}"' in errors
    warnings = desk[desk.index('id="claimreview-warnings"'):]
    assert 'data-path="itemReviewed.author"' in warnings.split("</div>")[0]


def test_a_claimant_without_its_kind_is_refused_and_an_organisation_is_exported_as_one(
    seed_like_claim, editor, default_ratings
):
    Article.objects.filter(pk=seed_like_claim.article_id).update(url="https://news.example.org/deal",
                                                                 published_on=dt.date(2026, 3, 2))
    decision = {"claim": seed_like_claim, "actor": editor, "rating": default_ratings["false"], "summary": "S."}
    with pytest.raises(ValidationError) as refused:
        publishing.factcheck_publish(**decision, claimant="South Korean officials")
    assert refused.value.message_dict == {
        "claimant_kind": ["Say whether “South Korean officials” is a person or an organisation."]}
    factcheck = publishing.factcheck_publish(**decision, claimant="South Korean officials",
                                             claimant_kind="Organization")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', _public(factcheck)).group(1))
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "South Korean officials"}
    assert data["itemReviewed"]["datePublished"] == "2026-03-02"
    assert factcheck.claim_date == dt.date(2026, 3, 2), "the date that went out is stored on the fact-check"


def _public(factcheck):
    from django.test import Client

    return Client().get(factcheck.get_absolute_url()).content.decode()


def test_article_details_are_edited_in_the_app_audited_and_shown_on_its_page(client, seed_like_claim, editor,
                                                                             reviewer_a):
    article = seed_like_claim.article
    page = client.get(article.get_absolute_url())
    client.force_login(reviewer_a)
    assert client.get(reverse("article-edit", args=[article.pk])).status_code == 403
    header = re.search(r'<p class="meta" id="article-meta">(.*?)</p>', panel(client, seed_like_claim), re.S)
    assert header.group(1).strip() == "", "nothing known, so nothing shown, no stray separator"

    client.force_login(editor)
    back = reverse("claim-editorial", args=[seed_like_claim.pk])
    page = client.post(reverse("article-edit", args=[article.pk]), {
        "title": article.title, "source": "Example Times", "url": "news.example.org/deal",
        "published_on": "2026-03-02", "next": back})
    assert (page.status_code, page["Location"]) == (302, back)
    article.refresh_from_db()
    assert (article.source, article.url, article.published_on) == (
        "Example Times", "https://news.example.org/deal", dt.date(2026, 3, 2))
    assert set(AuditEvent.objects.filter(article=article, actor=editor).values_list("action", flat=True)) == {
        "article_source", "article_url", "article_published_on"}
    header = re.search(r'<p class="meta" id="article-meta">(.*?)</p>', panel(client, seed_like_claim), re.S).group(1)
    assert '<span class="source">Example Times</span><time datetime="2026-03-02">2 March 2026</time>' in header
    assert '<a href="https://news.example.org/deal" rel="noopener noreferrer" target="_blank">original article</a>' \
        in header
    assert "·" not in header, "separators come from CSS between the parts that exist"

    refused = client.post(reverse("article-edit", args=[article.pk]), {
        "title": article.title, "url": "javascript:alert(1)", "next": "https://evil.example.org/"})
    assert refused.status_code == 400 and "Enter an http:// or https:// URL." in refused.content.decode()


def test_the_public_page_links_the_original_names_the_rating_in_words_and_shows_the_publisher(
    client, seed_like_claim, editor, default_ratings, settings
):
    settings.PUBLISHER_NAME, settings.PUBLISHER_URL = "Example Checks", "https://checks.example.org"
    Article.objects.filter(pk=seed_like_claim.article_id).update(
        url="https://news.example.org/deal", published_on=dt.date(2026, 3, 2), source="Example Times")
    factcheck = publishing.factcheck_publish(claim=seed_like_claim, actor=editor, rating=default_ratings["false"],
                                             summary="1,200 jobs.")
    page = client.get(factcheck.get_absolute_url()).content.decode()
    assert ('<p id="original-article">In <a href="https://news.example.org/deal" rel="noopener noreferrer">'
            'Ministers Agree On Budget</a>, published by <strong>Example Times</strong> on 2 March 2026.</p>') in page
    assert '<p id="rating-meaning">False means: The claim is inaccurate.</p>' in page
    assert "on the Standard scale" not in page
    assert 'Fact-check by <a href="https://checks.example.org">Example Checks</a>' in page

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    [node] = jsonld.expand(data, {"documentLoader": document_loader})
    assert vocabulary_problems(node) == []
    item = node[VOCAB + "itemReviewed"][0]
    assert item[VOCAB + "datePublished"] == [{"@type": VOCAB + "Date", "@value": "2026-03-02"}]
    assert item[VOCAB + "appearance"][0][VOCAB + "url"] == [{"@id": "https://news.example.org/deal"}]


# --- Nothing reviewers gave is deleted; the status follows the verdicts that stand ---


def test_verdicts_and_evidence_cannot_be_deleted_by_anyone_through_the_app(claim, reviewer_a, admin_user, rf,
                                                                          default_ratings):
    from django.contrib import admin

    verdict = rate(claim, reviewer_a, default_ratings["false"])
    evidence = review.evidence_add(claim=claim, added_by=reviewer_a, url="https://example.org", title="Src",
                                   stance="refutes")
    for delete in (verdict.delete, evidence.delete):
        with pytest.raises(NeverDeleted):
            delete()
    for delete in (Claim.objects.filter(pk=claim.pk).delete, Article.objects.filter(pk=claim.article_id).delete):
        with pytest.raises(ProtectedError):
            delete()
    request = rf.get("/admin/")
    request.user = admin_user
    for model in (Verdict, Evidence):
        assert not admin.site._registry[model].has_delete_permission(request)  # superusers included
    assert Verdict.objects.filter(pk=verdict.pk).exists() and Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_withdrawn_verdict_no_longer_counts_ready_goes_back_to_in_review_and_the_reviewer_may_rate_again(
    claim, reviewer_a, reviewer_b, admin_user, default_ratings
):
    first = rate(claim, reviewer_a, default_ratings["false"])
    rate(claim, reviewer_b, default_ratings["false"])
    claim.refresh_from_db()
    assert claim.status == S.READY
    review.verdict_withdraw(verdict=first, actor=admin_user, reason="Conflict of interest.")
    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW
    first.refresh_from_db()
    assert (first.withdrawn_by, first.withdrawal_reason, first.version) == (admin_user, "Conflict of interest.", 2)
    assert selectors.claim_agreement(claim).pairable_values == 0
    assert claim in selectors.review_queue_for(reviewer_a)
    again = rate(claim, reviewer_a, default_ratings["mostly-false"], rationale="Looked again.")
    claim.refresh_from_db()
    assert (claim.status, again.pk != first.pk) == (S.DISAGREEMENT, True)
    with pytest.raises(ValidationError, match="This verdict was already withdrawn."):
        review.verdict_withdraw(verdict=first, actor=admin_user, reason="Twice.")


def test_a_reviewer_withdraws_their_own_verdict_from_the_panel_but_not_someone_elses(
    client, claim, reviewer_a, reviewer_b, default_ratings
):
    rate(claim, reviewer_a, default_ratings["false"])
    other = rate(claim, reviewer_b, default_ratings["true"])
    with pytest.raises(Exception, match="Only its reviewer or an admin can withdraw this verdict."):
        review.verdict_withdraw(verdict=other, actor=reviewer_a, reason="I disagree.")
    client.force_login(reviewer_a)
    refused = client.post(reverse("claim-verdict-withdraw", args=[claim.pk]), {"reason": " "}, headers=HX)
    assert refused.status_code == 400 and "Say why the verdict is withdrawn." in refused.content.decode()
    done = client.post(reverse("claim-verdict-withdraw", args=[claim.pk]), {"reason": "Misread."}, headers=HX)
    assert done.status_code == 200 and "Verdict withdrawn; you may rate the claim again." in done.content.decode()
    claim.refresh_from_db()
    assert claim.status == S.IN_REVIEW


def test_retracted_evidence_stays_on_record_struck_through_and_leaves_the_public_page(
    client, claim, reviewer_a, reviewer_b, editor, default_ratings
):
    evidence = review.evidence_add(claim=claim, added_by=reviewer_a, url="https://example.org/old", title="Old",
                                   stance="refutes")
    client.force_login(reviewer_b)
    assert 'data-action="retract"' not in panel(client, claim), "only its author or a moderator"
    client.force_login(reviewer_a)
    response = client.post(reverse("evidence-retract", args=[claim.pk, evidence.pk]), {"reason": "Outdated."},
                           headers=HX)
    assert "Evidence retracted; it stays on record, marked as retracted." in response.content.decode()
    assert f'<li data-evidence="{evidence.pk}" class="retracted">' in response.content.decode()
    evidence.refresh_from_db()
    assert (evidence.retracted_by, evidence.retraction_reason) == (reviewer_a, "Outdated.")
    rate(claim, reviewer_a, default_ratings["false"])
    rate(claim, reviewer_b, default_ratings["false"])
    factcheck = publishing.factcheck_publish(claim=claim, actor=editor, rating=default_ratings["false"],
                                             summary="No.")
    assert "example.org/old" not in _public(factcheck)


def test_the_admin_history_names_an_empty_assignee_unassigned(client, claim, editor, admin_user, reviewer_a):
    assignment.claim_assign(claim=claim, assignee=reviewer_a, actor=editor)
    assignment.claim_assign(claim=claim, assignee=None, actor=editor)
    client.force_login(admin_user)
    page = client.get(reverse("admin:annotations_claim_history", args=[claim.pk])).content.decode()
    assert "Deleted user" not in page and "pk=None" not in page
    assert "unassigned" in page


def test_web_dismissal_and_assignment_record_who_did_them(client, claim, editor, reviewer_a):
    client.force_login(editor)
    client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": reviewer_a.pk})
    client.post(reverse("claim-dismiss", args=[claim.pk]), {"reason": "A caption.", "version": claim.version})
    assert list(AuditEvent.objects.filter(claim=claim).order_by("id").values_list("action", "actor__username",
                                                                                   "after")) == [
        ("assign", "editor", {"assignee": "reviewer_a"}),
        ("dismiss", "editor", {"status": "dismissed", "dismissed_reason": "A caption."}),
    ]


# --- A dismissed claim shows its dismissal and an undo, not a verdict form ---


def test_a_dismissed_claim_shows_who_dismissed_it_and_why_and_an_undo_instead_of_a_verdict_form(
    client, claim, editor, reviewer_a
):
    client.force_login(editor)
    client.post(reverse("claim-dismiss", args=[claim.pk]), {"reason": "A caption.", "version": claim.version})
    client.force_login(reviewer_a)
    page = panel(client, claim)
    dismissal = re.search(r'<section id="dismissal".*?</section>', page, re.S).group(0)
    assert "<strong>Dismissed</strong> by editor on " in dismissal and ": A caption.</p>" in dismissal
    assert 'data-action="restore"' in dismissal and "Undo: it is a claim" in dismissal
    assert 'id="verdict-form"' not in page and 'id="dismiss-form"' not in page
    claim.refresh_from_db()
    client.post(reverse("claim-restore", args=[claim.pk]), {"version": claim.version})
    claim.refresh_from_db()
    assert claim.status == S.OPEN


# --- The data migration: what was published keeps its output, earlier reuses become coverage ---


def test_the_data_migration_turns_an_earlier_reuse_into_coverage_and_keeps_published_claimants_as_people(
    claim, twin, editor, default_ratings
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("annotations.migrations.0013_claimant_kinds_reuse_as_coverage_withdraw_"
                                        "permission")
    # What factcheck_apply_previous used to leave: an approved copy, never published, on the twin claim.
    copy = FactCheck.objects.create(claim=claim, rating=twin.rating, summary=twin.summary, slug="copy",
                                    reused_from=twin, approved_by=editor)
    FactCheck.objects.filter(pk=twin.pk).update(claimant_kind="")

    migration.claimant_kinds(apps, None)
    migration.reuse_as_coverage(apps, None)

    claim.refresh_from_db()
    assert (claim.status, claim.covered_by_id) == (S.COVERED, twin.pk)
    assert not FactCheck.objects.filter(pk=copy.pk).exists()
    event = AuditEvent.objects.get(claim=claim, action="cover")
    assert (event.actor, event.after) == (editor, {"status": "covered", "covered_by": "budget-jobs"})
    twin.refresh_from_db()
    assert twin.claimant_kind == "Person", "exported as a Person before the kind existed; it says so now"
