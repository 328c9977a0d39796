"""Every page we own, in every role, at a desktop, at 200 % zoom and on a phone, checked by axe-core against
WCAG 2.2 A and AA: no serious or critical violation. Nothing scrolls sideways at 320 CSS px but data tables
(inside their own focusable box). The Django admin is not ours and is left out (docs/accessibility.md).
"""

import pytest
from django.db import transaction

from annotations.models import Claim
from annotations.services import articles, corrections, publishing, review
from tests.publishing import APPEARED

from .a11y import DESKTOP, REFLOW, SIZES, axe_violations, blocking, report
from .conftest import screenshot

pytestmark = pytest.mark.browser

BODY = (
    "Ministers Agree On Budget\n\n"
    "The deal was signed on Monday. It adds 12,000 jobs, officials said. "
    "Critics said the plan costs 4 billion euros more than last year.\n"
    "Unemployment fell to 5.1% in March, the statistics office reported.\n"
    "Also Read : Budget talks stall again\n"
    "More than 300 people attended the rally, the police said.\n"
)


class World:
    """Claims in every state a page shows differently, and the URLs of every page of the app."""

    def __init__(self, *, seeds, article, reviewer_a, reviewer_b, editor, ratings):
        self.seed = seeds[-1]  # the longest seed article
        self.article = article
        claims = {claim.text[:12]: claim for claim in article.claims.all()}
        self.open = claims["Unemployment"]
        self.ready = claims["It adds 12,0"]
        self.disagreement = claims["Critics said"]
        self.published = claims["The deal was"]
        self.chrome = claims["Also Read : "]
        self.dismissed = claims["More than 30"]
        for claim, (first, second) in ((self.ready, ("false", "false")), (self.disagreement, ("true", "false")),
                                       (self.published, ("true", "true"))):
            review.verdict_submit(claim=claim, reviewer=reviewer_a, rating=ratings[first], rationale="A.")
            review.verdict_submit(claim=claim, reviewer=reviewer_b, rating=ratings[second], rationale="B.")
        review.evidence_add(claim=self.ready, added_by=reviewer_a, url="https://stats.example.org/jobs",
                            title="Jobs release", stance="refutes", source_type="official", excerpt="1,200 jobs")
        self.published.refresh_from_db()
        self.factcheck = publishing.factcheck_publish(
            claim=self.published, actor=editor, rating=ratings["true"], summary="It was signed on Monday.",
            expected_version=self.published.version)
        corrections.claim_dismiss(claim=self.dismissed, reason="a caption", expected_version=self.dismissed.version,
                                  actor=reviewer_a)

    def at(self, claim):
        return f"/articles/{claim.article_id}/?claim={claim.pk}#claim-{claim.pk}"

    def reviewer_pages(self):
        first = Claim.objects.filter(article=self.seed, kind=Claim.Kind.CLAIM).order_by("-checkworthiness").first()
        return {
            "home": "/", "queue": "/queue/", "settings": "/account/", "API tokens": "/account/tokens/",
            "add an article": "/articles/add/", "search": "/search/?q=jobs", "dashboard": "/dashboard/",
            "a dashboard list": "/dashboard/list/queue/", "search, articles": "/search/?q=jobs&type=articles",
            "search, fact-checks": "/search/?q=signed&type=factchecks",
            "article without a claim": f"/articles/{self.article.pk}/",
            "open claim": self.at(self.open), "claim ready": self.at(self.ready),
            "claim in disagreement": self.at(self.disagreement), "published claim": self.at(self.published),
            "page chrome": self.at(self.chrome), "dismissed claim": self.at(self.dismissed),
            "longest seed article": self.at(first), "drift view": f"/claims/{first.pk}/drift/",
        }

    def editor_pages(self):
        return {
            **self.reviewer_pages(), "queue, anyone's": "/queue/?assignee=any",
            "ready for approval": "/editorial/ready/", "disagreement": "/editorial/disagreements/",
            "decision on a ready claim": f"/editorial/claims/{self.ready.pk}/",
            "decision on a published claim": f"/editorial/claims/{self.published.pk}/",
            "decision on a claim in disagreement": f"/editorial/claims/{self.disagreement.pk}/",
            "article details": f"/articles/{self.article.pk}/edit/",
        }

    def public_pages(self):
        return {"sign in": "/accounts/login/", "fact-checks": "/fact-checks/",
                "a fact-check": self.factcheck.get_absolute_url()}


@pytest.fixture
def world(transactional_db, django_capture_on_commit_callbacks, seed_texts, default_ratings, reviewer_a,
          reviewer_b, editor):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        seeds = [articles.article_create(body=body) for body in seed_texts.values()]
        article = articles.article_create(body=BODY, **APPEARED)
    seeds.sort(key=lambda a: len(a.body))
    return World(seeds=seeds, article=article, reviewer_a=reviewer_a, reviewer_b=reviewer_b, editor=editor,
                 ratings=default_ratings)


# What can be open on top of an article page, checked too on the pages named in ``states``.
ARTICLE_STATES = {
    "shortcut help open": "() => document.getElementById('keys-help').showModal()",
    "corrections and evidence open": "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })",
}
IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def settle(page):
    """Until htmx has nothing in flight: the requests a page makes on load and what their swaps load in turn."""
    page.wait_for_function(IDLE)
    page.wait_for_timeout(200)  # a swap's own hx-trigger=load requests start; the live regions fill at 150 ms
    page.wait_for_function(IDLE)


def sideways(page) -> int:
    """How far the page scrolls sideways, measured once the resize handlers have run (before the next frame)."""
    return page.evaluate("""() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
      done(document.documentElement.scrollWidth - document.documentElement.clientWidth);
    })))""")


def audit(page, pages, *, sizes=SIZES, states=()):
    """Each page loaded once, then resized: axe at the ``sizes``, sideways scrolling at 320 px, the ``states``
    at 1280×800. Every problem is collected, then one assert, so a run lists them all."""
    found, widths = [], []
    for name, url in pages.items():
        page.set_viewport_size(DESKTOP)
        page.goto(url)
        settle(page)
        for n, (size_name, size) in enumerate(sizes.items()):
            page.set_viewport_size(size)
            page.wait_for_timeout(50)  # the panel refits on the next animation frame after a resize
            found += report(f"{name} ({url}) at {size_name}", blocking(axe_violations(page, preload=n == 0)))
        page.set_viewport_size(REFLOW)
        if (overflow := sideways(page)) > 0:
            widths.append(f"{name} ({url}) at 320 px: the page scrolls sideways by {overflow} px")
        if name in states:
            page.set_viewport_size(DESKTOP)
            for state, script in ARTICLE_STATES.items():
                page.evaluate(script)
                found += report(f"{name} ({url}), {state}", blocking(axe_violations(page)))
                page.keyboard.press("Escape")
    return found, widths


def audited(sign_in, user, pages, **options):
    page = sign_in(user, bypass_csp=True, **DESKTOP)
    found, widths = audit(page, pages, **options)
    screenshot(page, f"a11y-{user.username if user else 'public'}")
    assert found == [], "\n".join(found)
    assert widths == [], "\n".join(widths)


# Roles change what a page holds, sizes change its layout. Reviewers, editors and the public: every page at
# 1280×800, 200 % zoom and 390 px; admins (who see what editors see) on three pages at 1280×800.
# Every page in every role is also checked for sideways scrolling at 320 px.
STATES = ("open claim", "claim ready")
DESKTOP_ONLY = {"1280×800": DESKTOP}


def test_reviewer_pages_pass_axe_at_every_size(sign_in, world, reviewer_a):
    audited(sign_in, reviewer_a, world.reviewer_pages(), states=STATES)


def test_editor_pages_pass_axe_at_every_size(sign_in, world, editor):
    audited(sign_in, editor, world.editor_pages(), states=STATES)


def test_admin_pages_pass_axe(sign_in, world, admin_user):
    pages = world.editor_pages()
    audited(sign_in, admin_user, {name: pages[name] for name in ("home", "open claim", "decision on a ready claim")},
            sizes=DESKTOP_ONLY)


def test_public_pages_and_sign_in_pass_axe_at_every_size(sign_in, world):
    audited(sign_in, None, world.public_pages())


def test_a_failed_sign_in_and_refused_settings_pass_axe_and_take_focus_to_the_error(sign_in, world, reviewer_a):
    page = sign_in(None, bypass_csp=True, **DESKTOP)
    page.goto("/accounts/login/")
    page.fill("#id_username", "reviewer_a")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    page.wait_for_function("document.activeElement.id === 'login-error'")
    assert report("failed sign-in", blocking(axe_violations(page))) == []

    page = sign_in(reviewer_a, bypass_csp=True, **DESKTOP)
    page.goto("/account/")
    page.fill("#id_key_help", "j")
    page.click("#keyboard-settings button[type=submit]")
    page.wait_for_function("document.activeElement.id === 'settings-errors'")
    assert "Open the previous claim in this article" not in page.locator("#settings-errors").inner_text()
    assert "“j” is already the key to open the next claim in this article" in page.locator(
        "#settings-errors").inner_text()
    assert report("refused settings", blocking(axe_violations(page))) == []
