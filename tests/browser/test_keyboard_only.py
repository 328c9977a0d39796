"""The review desk without a mouse: only key presses, from opening a claim in the text to publishing.

After every step the focused element is inside the visible area (not under anything sticky), and the
outcome was spoken from a live region exactly once (tests/browser/a11y.py records every text that
appears in a live region of the page).
"""

import pytest
from django.db import transaction

from annotations.models import Claim, Evidence, FactCheck, Verdict
from annotations.services import articles, corrections, review
from tests.publishing import APPEARED

from .a11y import focus_in_view, record_live_regions, spoken, spoken_once
from .conftest import screenshot
from .test_accessibility import BODY

pytestmark = pytest.mark.browser



def tab_to(page, selector, *, back=False, limit=80):
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return focus_in_view(page)
    raise AssertionError(f"Tab never reached {selector}")


def focused(page, selector):
    assert page.evaluate("(selector) => document.activeElement.matches(selector)", selector), (
        f"focus is on {page.evaluate('document.activeElement.outerHTML.slice(0, 120)')}, not {selector}")
    return focus_in_view(page)


def press_and_load(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("networkidle")


@pytest.fixture
def article(transactional_db, django_capture_on_commit_callbacks, reviewer_b):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY)
    # Room for a missed claim: the last sentence is no claim any more.
    rally = article.claims.get(text__startswith="More than 300")
    corrections.claim_dismiss(claim=rally, reason="make room", expected_version=rally.version, actor=reviewer_b)
    return article


def test_a_reviewer_rates_adds_evidence_corrects_the_split_and_moves_on_with_the_keyboard_only(
    sign_in, reviewer_a, article, default_ratings
):
    deal = article.claims.get(text__startswith="The deal")
    jobs = article.claims.get(text__startswith="It adds")
    critics = article.claims.get(text__startswith="Critics")
    chrome = article.claims.get(text__startswith="Also Read")
    page = sign_in(reviewer_a, width=1280, height=800)
    record_live_regions(page.context)
    page.goto(f"/articles/{article.pk}/")

    # Open a claim from the text: the skip link to the text, Tab through the claims in reading order, Enter.
    tab_to(page, "a.skip-link[href='#article-text']")
    page.keyboard.press("Enter")
    tab_to(page, f"#claim-{deal.pk}")
    assert "check-worthiness" in page.evaluate(
        "(id) => document.getElementById(id).getAttribute('aria-labelledby')", f"claim-{deal.pk}") + page.evaluate(
        "(id) => document.getElementById('about-' + id).textContent", str(deal.pk))
    press_and_load(page, "Enter")
    assert f"claim={deal.pk}" in page.url
    focused(page, f"#claim-{deal.pk}[aria-current=true]")
    spoken_once(page, "Claim 2 of 6 in this article.")

    # Rate: Enter goes to the panel's rating, arrow keys choose.
    page.keyboard.press("Enter")
    focused(page, "#verdict-form input[name=rating]")
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Mostly true", exact=True).is_checked()
    focused(page, "#verdict-form input[name=rating]:checked")

    # Write the rationale: the autosave is said once, not after every pause.
    tab_to(page, "#id_rationale")
    page.keyboard.type("The budget papers say so.")
    page.locator("#draft-status >> text=Draft saved at").wait_for()
    spoken_once(page, "Your rationale is saved as a draft while you type.")
    first_save = page.locator("#draft-status").inner_text()
    page.keyboard.type(" The ministry confirms it.")
    page.wait_for_function("(before) => document.getElementById('draft-status').textContent.trim() !== before "
                           "&& document.getElementById('draft-status').textContent.includes('Draft saved')",
                           arg=first_save)
    spoken_once(page, "Your rationale is saved as a draft while you type.")

    tab_to(page, "#verdict-form button[type=submit]")
    page.keyboard.press("Enter")
    spoken_once(page, "Verdict saved.")
    focused(page, "#verdict-form button[type=submit]")
    verdict = Verdict.objects.get(claim=deal, reviewer=reviewer_a)
    assert (verdict.rating.slug, verdict.rationale) == (
        "mostly-true", "The budget papers say so. The ministry confirms it.")

    # Add evidence: the shortcut opens the form; type, type-ahead in the lists, Enter on the button.
    page.keyboard.press("e")
    focused(page, "#id_url")
    page.keyboard.type("https://budget.example.org/2026")
    tab_to(page, "#id_title")
    page.keyboard.type("Budget papers 2026")
    tab_to(page, "#id_stance")
    page.keyboard.type("S")
    tab_to(page, "#evidence-form button[type=submit]")
    page.keyboard.press("Enter")
    spoken_once(page, "Evidence added.")
    focused(page, "#add-evidence summary")
    assert Evidence.objects.get(claim=deal).stance == Evidence.Stance.SUPPORTS

    # Correct the split of the next claim: move its end back three words with the span editor.
    press_and_load(page, "j")
    focused(page, f"#claim-{jobs.pk}")
    spoken_once(page, "Claim 3 of 6 in this article.")
    page.keyboard.press("Enter")
    tab_to(page, ".panel-jump a[href='#correct-split']", back=True)
    page.keyboard.press("Enter")
    focused(page, "#correct-split > summary")
    tab_to(page, "#span-editor fieldset:nth-of-type(2) button[data-by=word][data-step='-1']")
    page.keyboard.press("Enter")
    focused(page, "#span-editor fieldset:nth-of-type(2) button[data-by=word][data-step='-1']")
    spoken_once(page, "Now ends: “It adds 12,000 jobs, officials”.")
    page.keyboard.press("Enter")
    spoken_once(page, "Now ends: “It adds 12,000 jobs,”.")
    page.keyboard.press("Enter")
    spoken_once(page, "Now ends: “It adds 12,000”.")
    assert page.locator("#span-editor-preview").inner_text() == "“It adds 12,000”"
    tab_to(page, "#span-editor [data-span-submit]")
    press_and_load(page, "Enter")
    jobs.refresh_from_db()
    assert jobs.text == "It adds 12,000" == BODY[jobs.start:jobs.end]
    spoken_once(page, f"Span moved to characters {jobs.start}–{jobs.end}.")
    focused(page, f"#claim-{jobs.pk}")

    # Split the claim after it at a word chosen from a list.
    press_and_load(page, "j")
    focused(page, f"#claim-{critics.pk}")
    page.keyboard.press("Enter")
    tab_to(page, ".panel-jump a[href='#correct-split']", back=True)
    page.keyboard.press("Enter")
    tab_to(page, "#split-at")
    for _ in range(4):  # "said", "the", "plan", "costs"
        page.keyboard.press("ArrowDown")
    spoken_once(page, "First part ends: “Critics said the plan”; second part starts: “costs 4 billion euros more…”.")
    tab_to(page, "#split-form button[type=submit]")
    press_and_load(page, "Enter")
    critics.refresh_from_db()
    second = Claim.objects.get(origin=Claim.Origin.MANUAL, article=article)
    assert (critics.text, second.text) == ("Critics said the plan", "costs 4 billion euros more than last year.")
    spoken_once(page, f"Split into characters {critics.start}–{critics.end} and {second.start}–{second.end}.")
    focused(page, f"#claim-{critics.pk}")

    # Add what the move left out, from the list of text no claim covers. The list opens on the first passage
    # after the open claim, the sentence of the claim dismissed above: the editor warns that its Undo
    # would bring that one back. The passage before it is the one to add.
    page.keyboard.press("Enter")
    tab_to(page, ".panel-jump a[href='#correct-split']", back=True)
    page.keyboard.press("Enter")
    tab_to(page, "#add-claim-keyboard > summary")
    page.keyboard.press("Enter")
    spoken_once(page, "2 passages no claim covers; the list is ready.")
    spoken_once(page, "Warning: it is exactly a dismissed claim")
    assert page.locator("#add-claim-editor [data-span-submit]").is_disabled()
    tab_to(page, "#add-claim-sentence")
    page.keyboard.press("ArrowUp")
    assert page.locator("#add-claim-preview").inner_text() == "“jobs, officials said.”"
    tab_to(page, "#add-claim-editor [data-span-submit]")
    press_and_load(page, "Enter")
    added = Claim.objects.get(origin=Claim.Origin.MANUAL, article=article, text__startswith="jobs")
    assert added.text == BODY[added.start:added.end] == "jobs, officials said."
    spoken_once(page, "Claim added.")
    focused(page, f"#claim-{added.pk}")

    # Dismiss page chrome, reached with Tab along the text: Enter opens it, Enter again goes straight to
    # the reason, and Enter in the reason sends it.
    tab_to(page, f"#claim-{chrome.pk}")
    press_and_load(page, "Enter")
    focused(page, f"#claim-{chrome.pk}")
    page.keyboard.press("Enter")
    focused(page, "#dismiss-reason")
    page.keyboard.type("Related-article link")
    press_and_load(page, "Enter")
    chrome.refresh_from_db()
    assert (chrome.status, chrome.dismissed_reason) == (Claim.Status.DISMISSED, "Related-article link")
    spoken_once(page, "Dismissed as not a claim.")
    focused(page, f"#claim-{chrome.pk}")
    screenshot(page, "keyboard-only-reviewer")

    # Back to the claim before it in the text, and from there to the next claim in the queue.
    unemployment = article.claims.get(text__startswith="Unemployment")
    press_and_load(page, "k")
    focused(page, f"#claim-{unemployment.pk}")
    spoken_once(page, "Claim 7 of 7 in this article.")
    press_and_load(page, "n")
    assert "claim=" in page.url and f"claim={unemployment.pk}" not in page.url
    where = focused(page, ".article .body .claim.selected")
    assert where["id"] != f"claim-{unemployment.pk}"
    assert sum(said.startswith("Claim ") for said in spoken(page)) == 1


def test_an_editor_returns_one_claim_and_publishes_another_with_the_keyboard_only(
    sign_in, editor, reviewer_a, reviewer_b, transactional_db, django_capture_on_commit_callbacks, default_ratings
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = articles.article_create(body=BODY, **APPEARED)
    to_return = article.claims.get(text__startswith="It adds")
    to_publish = article.claims.get(text__startswith="Critics")
    for claim in (to_return, to_publish):
        for reviewer in (reviewer_a, reviewer_b):
            review.verdict_submit(claim=claim, reviewer=reviewer, rating=default_ratings["false"], rationale="No.")
    page = sign_in(editor, width=1280, height=800)
    record_live_regions(page.context)

    page.goto("/editorial/ready/")
    tab_to(page, f"#ready-{to_return.pk} a[href$='/editorial/claims/{to_return.pk}/']")
    press_and_load(page, "Enter")
    tab_to(page, "#return-comment")
    page.keyboard.type("Check the jobs figure against table 3.")
    tab_to(page, "#return-form button[type=submit]")
    page.keyboard.press("Enter")
    spoken_once(page, "Returned to the reviewers.")
    focused(page, "#editorial-heading")
    to_return.refresh_from_db()
    assert to_return.status == Claim.Status.RETURNED

    page.goto("/editorial/ready/")
    tab_to(page, f"#ready-{to_publish.pk} a[href$='/editorial/claims/{to_publish.pk}/']")
    press_and_load(page, "Enter")
    tab_to(page, "#id_summary")
    page.keyboard.type("The plan costs 1 billion euros more, not 4.")
    tab_to(page, "#publish-form button[type=submit]")
    page.keyboard.press("Enter")
    spoken_once(page, "Approved and published.")
    focused(page, "#editorial-heading")
    screenshot(page, "keyboard-only-editor")
    factcheck = FactCheck.objects.get(claim=to_publish)
    assert (factcheck.approved_by, factcheck.is_published, factcheck.rating.slug) == (editor, True, "false")
