"""No dead ends: docs/workflow.md's tables are the code's rules, and every page offers exactly them.

The state table says, for every claim state and role, which actions the pages
offer. These tests put a claim in every state through the services, open the
article page, the "same claim" section and the editorial panel as a reviewer,
an editor and an admin who did not work on it, and compare the forms found
(their ``data-action``) with the table: no action missing, none extra, and
every state offering someone a way on. The transitions table must be
``Claim.TRANSITIONS``, and its "who" column what the gate asks.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from annotations import access
from annotations.models import Article, Claim, ClaimFingerprint, ClaimGroup
from annotations.services import corrections, publishing, review
from tests.publishing import APPEARED, publish_factcheck

from .conftest import _user

WORKFLOW = Path(__file__).resolve().parent.parent / "docs" / "workflow.md"
S = Claim.Status
STATE_NAMES = {label.lower(): value for value, label in [
    (S.OPEN, "open"), (S.IN_REVIEW, "in review"), (S.DISAGREEMENT, "disagreement"), (S.RETURNED, "returned"),
    (S.READY, "ready"), (S.PUBLISHED, "published"), (S.COVERED, "covered"), (S.DISMISSED, "dismissed"),
]}
ROLES = {"reviewer": "reviewer_a", "editor": "editor", "admin": "admin_user"}
# The actions the table speaks of; other forms on the pages (take, assign, evidence, corrections) are not states'.
TABLE_ACTIONS = set(Claim.TRANSITIONS)
BODY = "Ministers Agree On Budget\n\nThe deal was signed on Monday. It adds 12,000 jobs, officials said."
TWIN = "Budget Deal Signed\n\nOfficials said the budget deal adds 12,000 jobs. Unions were not consulted."


def _table(marker: str) -> list[list[str]]:
    text = WORKFLOW.read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in block.strip().splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows]


def _actions(cell: str) -> set[str]:
    return {name.strip() for name in cell.split(",") if name.strip()}


def state_table() -> dict[str, dict[str, set[str]]]:
    return {STATE_NAMES[row[0]]: dict(zip(ROLES, map(_actions, row[1:]), strict=True))
            for row in _table("state-table")}


def test_the_state_table_lists_every_state_once_and_every_state_offers_someone_a_way_on():
    table = state_table()
    assert sorted(table) == sorted(S.values)
    for state, by_role in table.items():
        assert set().union(*by_role.values()), f"{state} is a dead end: nobody is offered anything"
        assert set().union(*by_role.values()) <= TABLE_ACTIONS


def test_the_transitions_table_is_claim_transitions_and_its_who_column_is_the_gate():
    written = {}
    for action, sources, target, who in _table("transitions"):
        written[action] = ({STATE_NAMES[name.strip()] for name in sources.split(",")},
                           STATE_NAMES.get(target), who)
    assert set(written) == set(Claim.TRANSITIONS)
    for action, (sources, target) in Claim.TRANSITIONS.items():
        assert written[action][0] == set(sources), action
        assert written[action][1] == target, action
        permission = "review_claim" if action in access.REVIEW_ACTIONS else \
            access.ACTION_PERMISSIONS[action].split(".")[1]
        assert f"`{permission}`" in written[action][2], action
        assert ("four eyes" in written[action][2]) == (action in access.FOUR_EYES), action


def test_the_state_table_is_what_the_transitions_and_permissions_allow():
    """The table, derived: a reviewer gets the claim's own actions, editors and admins every one."""
    for state, by_role in state_table().items():
        allowed = {action for action, (sources, _) in Claim.TRANSITIONS.items() if state in sources}
        assert by_role["editor"] == by_role["admin"] == allowed, state
        assert by_role["reviewer"] == allowed & access.REVIEW_ACTIONS, state


# --- The pages, state by state ---


def _group(*claims):
    group = ClaimGroup.objects.create()
    for claim in claims:  # the split article's claims were fingerprinted when it was linked
        ClaimFingerprint.objects.update_or_create(claim=claim, defaults={
            "article": claim.article, "group": group, "vector": b"", "matcher_version": "test"})


@pytest.fixture
def setup(split_article, default_ratings, reviewer_b, django_user_model):
    """A claim with a twin in another article whose fact-check is published (so "cover" can be offered)."""
    article = split_article(BODY, **APPEARED)
    claim = article.claims.get(text="It adds 12,000 jobs, officials said.")
    twin_article = Article.objects.create(title="Budget Deal Signed", body=TWIN, content_hash="t" * 64,
                                          split_state=Article.SplitState.DONE)
    start = TWIN.index("Officials said")
    twin = Claim.objects.create(article=twin_article, start=start, end=TWIN.index(" Unions"),
                                text=TWIN[start:TWIN.index(" Unions")])
    _group(claim, twin)
    source = publish_factcheck(twin, default_ratings["false"], slug="budget-jobs")
    people = {
        "b": reviewer_b, "d": _user(django_user_model, "reviewer_d", "reviewer"),
        "chief": _user(django_user_model, "chief_editor", "editor", is_staff=True),
    }
    return claim, source, people, default_ratings


def _rate(claim, reviewer, rating):
    review.verdict_submit(claim=claim, reviewer=reviewer, rating=rating, rationale="Checked the papers.")


def _into(state, claim, source, people, ratings):
    """Bring ``claim`` into ``state`` the way people do: through the services."""
    chief = people["chief"]
    if state == S.IN_REVIEW:
        _rate(claim, people["b"], ratings["false"])
    elif state in (S.DISAGREEMENT, S.RETURNED):
        _rate(claim, people["b"], ratings["false"])
        _rate(claim, people["d"], ratings["true"])
        if state == S.RETURNED:
            publishing.claim_return(claim=claim, actor=chief, comment="Look at the jobs figure again.")
    elif state in (S.READY, S.PUBLISHED):
        _rate(claim, people["b"], ratings["false"])
        _rate(claim, people["d"], ratings["false"])
        if state == S.PUBLISHED:
            publishing.factcheck_publish(claim=claim, actor=chief, rating=ratings["false"], summary="1,200 jobs.")
    elif state == S.COVERED:
        publishing.claim_cover(claim=claim, source=source, actor=chief)
    elif state == S.DISMISSED:
        claim.refresh_from_db()
        corrections.claim_dismiss(claim=claim, reason="A caption.", expected_version=claim.version, actor=chief)
    claim.refresh_from_db()
    assert claim.status == state


def _offered(client, claim, role) -> set[str]:
    """Every data-action on the pages this role sees for the claim."""
    pages = [
        client.get(claim.article.get_absolute_url(), {"claim": claim.pk}),
        client.get(reverse("claim-matches", args=[claim.pk]), headers={"HX-Request": "true"}),
    ]
    if role != "reviewer":
        pages.append(client.get(reverse("claim-editorial", args=[claim.pk]), headers={"HX-Request": "true"}))
    for page in pages:
        assert page.status_code == 200, (role, page.status_code)
    found = set()
    for page in pages:
        found |= set(re.findall(r'data-action="([a-z_]+)"', page.content.decode()))
    return found & TABLE_ACTIONS


@pytest.mark.parametrize("state", list(S.values))
def test_every_state_offers_each_role_exactly_the_actions_of_the_state_table(
    state, setup, client, request
):
    claim, source, people, ratings = setup
    _into(state, claim, source, people, ratings)
    expected = state_table()[state]
    for role, fixture in ROLES.items():
        client.force_login(request.getfixturevalue(fixture))
        assert _offered(client, claim, role) == expected[role], (state, role)
