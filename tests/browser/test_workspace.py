"""The review workspace in a real browser: assignment, soft lock, split and merge,
keyboard shortcuts with their help overlay, the autosaved draft, tablet width."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from annotations.models import Claim, ClaimPresence, RationaleDraft, Verdict
from annotations.services import articles, assignment

from .conftest import screenshot
from .test_correcting import SELECT

pytestmark = pytest.mark.browser

BODY = (
    "Ministers Agree On Budget\n\n"
    "The deal was signed on Monday and it adds 12,000 jobs across the country, officials said. "
    "Critics said the plan costs 4 billion euros more than last year.\n"
    "Unemployment fell to 5.1% in March, the statistics office reported.\n"
)


@pytest.fixture
def article(transactional_db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return articles.article_create(body=BODY)


def claims_of(article):
    return list(article.claims.filter(kind=Claim.Kind.CLAIM).exclude(text=article.title).order_by("start"))


def test_an_editor_assigns_a_claim_a_reviewer_takes_another_and_the_lock_shows_who_is_working(
    sign_in, article, editor, reviewer_a, reviewer_b, default_ratings
):
    first, second = claims_of(article)[:2]
    editor_page = sign_in(editor)
    editor_page.goto(f"/articles/{article.pk}/?claim={first.pk}")
    editor_page.select_option("#claim-assignee", label="reviewer_a")
    editor_page.click("#assign-form button")
    editor_page.locator(".messages >> text=Assigned to reviewer_a.").wait_for()
    # The reloaded page takes its lock over htmx after load, and the page it
    # replaced may release its own just before: wait for the new page's lock.
    for _ in range(50):
        if ClaimPresence.objects.filter(claim=first, holder=editor).exists():
            break
        editor_page.wait_for_timeout(100)
    assert ClaimPresence.objects.get(claim=first).holder == editor
    editor_page.goto("/")  # leaving the page drops the editor's soft lock at once
    for _ in range(50):
        if not ClaimPresence.objects.filter(claim=first).exists():
            break
        editor_page.wait_for_timeout(100)
    assert not ClaimPresence.objects.filter(claim=first).exists()

    page_b = sign_in(reviewer_b)
    page_b.goto(f"/articles/{article.pk}/?claim={second.pk}")
    page_b.click("#take-form button")
    page_b.locator(".messages >> text=You took this claim").wait_for()
    assert page_b.locator("#assignee").inner_text() == "you"

    page_a = sign_in(reviewer_a)
    page_a.goto("/queue/?assignee=me")
    assert page_a.locator("table.queue tbody tr").count() == 1
    assert first.text[:40] in page_a.locator("table.queue").inner_text()
    page_a.goto("/queue/")
    assert second.text[:40] not in page_a.locator("table.queue").inner_text(), "taken by reviewer_b"
    screenshot(page_a, "queue-with-assignment")

    # reviewer_a opens the claim; reviewer_b, arriving later, is told who is on it and can still work.
    page_a.goto(f"/articles/{article.pk}/?claim={first.pk}")
    page_a.locator("#presence-mine").wait_for()
    page_b.goto(f"/articles/{article.pk}/?claim={first.pk}")
    page_b.locator("#presence-holder").wait_for()
    assert "reviewer_a has had this claim open since" in page_b.locator("#presence-holder").inner_text()
    screenshot(page_b, "soft-lock-other-reviewer")
    page_b.get_by_label("True", exact=True).check()
    page_b.click("#verdict-form button[type=submit]")
    page_b.locator("#panel-status >> text=Verdict saved.").wait_for()
    first.refresh_from_db()
    assert first.assignee == reviewer_a and Verdict.objects.filter(claim=first, reviewer=reviewer_b).exists()


def test_a_reviewer_splits_a_claim_at_the_cursor_and_merges_it_back(sign_in, article, reviewer_a):
    claim = claims_of(article)[0]
    original = (claim.start, claim.end, claim.text)
    page = sign_in(reviewer_a)
    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.click("text=Correct the split")
    assert page.locator("#split-form button").is_disabled()

    # A click (a collapsed caret) inside the claim sets the split point there; the browser reports a
    # selection change a moment later, so the form is waited for, not read at once.
    page.evaluate(SELECT, [f"#claim-{claim.pk}", 4, 4])
    expect(page.locator("#split-form [name=at]")).to_have_value(str(claim.start + 4))
    expect(page.locator("#split-form button")).to_be_enabled()
    # Select the first part, "The deal was signed on Monday": the split falls at its end.
    page.evaluate(SELECT, [f"#claim-{claim.pk}", 0, len("The deal was signed on Monday")])
    expect(page.locator("#split-form [name=at]")).to_have_value(str(claim.start + len("The deal was signed on Monday")))
    page.click("#split-form button")
    page.locator(".messages >> text=Split into characters").wait_for()

    claim.refresh_from_db()
    second = Claim.objects.get(origin=Claim.Origin.MANUAL)
    assert claim.text == "The deal was signed on Monday" == BODY[claim.start:claim.end]
    assert second.text == BODY[second.start:second.end]
    assert second.text.startswith("and it adds 12,000 jobs")
    assert page.locator(f"#claim-{second.pk}").inner_text() == second.text
    screenshot(page, "after-split")

    page.click("text=Correct the split")
    page.click("#merge-form button")
    page.locator(".messages >> text=Merged: the claim now spans").wait_for()
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.text) == original
    second.refresh_from_db()
    assert second.is_dismissed and second.dismissed_reason == f"Merged into claim #{claim.pk}."
    assert claim.history.count() >= 3
    assert page.locator(f"#claim-{claim.pk}").inner_text() == original[2]


def test_keyboard_walks_claims_picks_ratings_focuses_evidence_and_shows_the_help(
    sign_in, article, reviewer_a, default_ratings
):
    first, second = claims_of(article)[:2]
    page = sign_in(reviewer_a)
    page.goto(f"/articles/{article.pk}/?claim={first.pk}")

    page.keyboard.press("?")
    help_dialog = page.locator("#keys-help")
    help_dialog.wait_for(state="visible")
    assert "next claim in this article" in help_dialog.inner_text()
    screenshot(page, "keyboard-help")
    page.keyboard.press("Escape")
    help_dialog.wait_for(state="hidden")

    page.keyboard.press("3")
    assert page.locator("#verdict-form input[name=rating]").nth(2).is_checked()
    assert page.evaluate("document.activeElement.name") == "rating"

    # Typing in a field is typing, not shortcuts.
    page.focus("#id_rationale")
    page.keyboard.type("j1e?")
    assert page.locator("#id_rationale").input_value() == "j1e?"
    assert page.locator("#verdict-form input[name=rating]").nth(2).is_checked()
    assert not help_dialog.is_visible()
    # Esc leaves the field for its panel, where the shortcuts act again.
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "panel"

    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == "id_url"
    page.keyboard.press("Escape")

    page.keyboard.press("j")
    page.wait_for_url(f"**/articles/{article.pk}/?claim={second.pk}#claim-{second.pk}")
    assert page.locator(f"#claim-{second.pk}.selected").count() == 1
    page.keyboard.press("k")
    page.wait_for_url(f"**/articles/{article.pk}/?claim={first.pk}#claim-{first.pk}")


def test_the_rationale_draft_is_autosaved_restored_on_reload_and_cleared_on_submit(
    sign_in, article, reviewer_a, default_ratings
):
    claim = claims_of(article)[0]
    page = sign_in(reviewer_a)
    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.fill("#id_rationale", "The budget papers list 12,000 jobs")
    page.locator("#draft-status >> text=Draft saved at").wait_for()

    page.reload()
    assert page.locator("#id_rationale").input_value() == "The budget papers list 12,000 jobs"
    assert "Restored your unsubmitted draft" in page.locator("#draft-status").inner_text()

    page.get_by_label("Mostly true", exact=True).check()
    page.click("#verdict-form button[type=submit]")
    page.locator("#panel-status >> text=Verdict saved.").wait_for()
    # The outcome is spoken from the live region; focus stays where the work goes on (the form's button,
    # now "Update verdict"), not on the outcome text, which would be spoken twice.
    expect(page.locator("#live-status")).to_have_text("Verdict saved.")
    page.wait_for_function("document.activeElement.textContent === 'Update verdict'")
    assert not RationaleDraft.objects.exists()
    page.reload()
    assert page.locator("#id_rationale").input_value() == "The budget papers list 12,000 jobs"
    assert page.locator("#draft-status").inner_text() == ""


@pytest.mark.parametrize("width", [1280, 768])
def test_the_workspace_fits_the_screen_at_desktop_and_tablet_width(
    sign_in, article, reviewer_a, default_ratings, width, editor):
    claim = claims_of(article)[0]
    assignment.claim_assign(claim=claim, assignee=reviewer_a, actor=editor)
    page = sign_in(reviewer_a, width=width, height=1024)
    page.goto(f"/articles/{article.pk}/?claim={claim.pk}")
    page.locator("#presence-mine").wait_for()

    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    for control in ("#verdict-form button[type=submit]", "#id_rationale", "#next-claim", f"#claim-{claim.pk}"):
        box = page.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, control
    screenshot(page, f"workspace-{width}px")


def test_a_reviewer_reviews_a_seed_article_from_the_home_page_without_instructions(
    sign_in, reviewer_a, seed_texts, default_ratings, transactional_db, django_capture_on_commit_callbacks
):
    name, body = next(iter(seed_texts.items()))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=body)
    page = sign_in(reviewer_a)
    assert "assigned to you and" in page.locator(".welcome").inner_text()
    screenshot(page, "home-reviewer")

    page.click("#start-reviewing")
    page.locator("#selected-claim").wait_for()
    first = Claim.objects.filter(article=article, kind=Claim.Kind.CLAIM).order_by("-checkworthiness", "start")[0]
    assert page.locator("#selected-claim").inner_text() == first.text

    page.keyboard.press("2")  # Mostly true
    page.fill("#id_rationale", "The figure matches the official release.")
    page.click("text=Add evidence")
    page.fill("#id_url", "https://stats.example/release")
    page.fill("#id_title", "Official release")
    page.select_option("#id_stance", "supports")
    page.click("#evidence-form button[type=submit]")
    page.locator("#evidence-list >> text=Official release").wait_for()
    # The evidence swap re-renders the panel; the autosaved draft keeps the rationale.
    assert page.locator("#id_rationale").input_value() == "The figure matches the official release."
    # Once the panel's requests (the swap, the draft's autosave) are done, so that the key reaches the
    # form that is submitted, not one about to be replaced.
    page.wait_for_load_state("networkidle")
    page.keyboard.press("2")
    mostly_true = page.locator(f"#verdict-form input[name=rating][value='{default_ratings['mostly-true'].pk}']")
    expect(mostly_true).to_be_checked()
    page.click("#verdict-form button[type=submit]")
    page.locator("#panel-status >> text=Verdict saved.").wait_for()

    verdict = Verdict.objects.get(claim=first, reviewer=reviewer_a)
    assert (verdict.rating.slug, verdict.rationale) == ("mostly-true", "The figure matches the official release.")
    with page.expect_navigation():  # the next page's panel, not the one being left
        page.click("#next-claim")
    assert page.locator("#selected-claim").inner_text() != first.text, f"{name}: Next claim moves on"
