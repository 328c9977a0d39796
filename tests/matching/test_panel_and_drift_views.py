"""The matches panel and the drift view in the product (issue 19 item 2, issue 17 item 3).

The panel shows at most three suggestions, scored at least ``SHOW_THRESHOLD``, a
headline on either side only when it is the claim's best match, and the rest
behind "N weaker suggestions". The drift view compares only linked tellings and
the suggestions shown, and judges dates and attribution on the resolved facts.
"""

import datetime as dt

import pytest
from django.urls import reverse

from annotations import matching, selectors
from annotations.matching import suggest
from annotations.models import Article, Claim, ClaimFingerprint, ClaimGroup, ClaimMatch
from annotations.web.matching import drift_tellings, telling_drift

pytestmark = pytest.mark.django_db

THURSDAY = dt.date(2025, 9, 4)
SEED_DATES = {"000": THURSDAY, "001": THURSDAY, "002": THURSDAY, "003": dt.date(2024, 5, 10),
              "004": dt.date(2025, 6, 5)}
BEIJING = "Kim made the remarks during a meeting with President Vladimir Putin in Beijing on Wednesday"


def _article(title, body):
    return Article.objects.create(title=title, body=body, content_hash=str(hash(body)).ljust(64, "0")[:64],
                                  split_state=Article.SplitState.DONE)


def _claim(article, text, *, headline=False):
    start = article.body.index(text)
    claim = Claim.objects.create(article=article, start=start, end=start + len(text), text=text,
                                 is_headline=headline)
    ClaimFingerprint.objects.create(claim=claim, article=article, vector=b"",
                                    matcher_version=matching.MATCHER_VERSION)
    return claim


def _match(a, b, score, relation=ClaimMatch.Relation.POSSIBLE, decision=""):
    low, high = sorted((a, b), key=lambda c: c.pk)
    return ClaimMatch.objects.create(claim_a=low, claim_b=high, score=score, relation=relation, decision=decision)


@pytest.fixture
def claim_with_suggestions():
    """A claim with six suggestions from six articles: scores around the threshold, one a headline."""
    home = _article("Harbour", "Harbour Works Begin\n\nThe harbour works will cost 40 million euros.")
    claim = _claim(home, "The harbour works will cost 40 million euros.")
    others = []
    for n, score in enumerate((0.88, 0.86, 0.84, 0.83, 0.80, 0.50)):
        body = f"Story {n}\n\nThe port works are to cost 40 million euros, version {n}."
        others.append((_claim(_article(f"Story {n}", body), body.split("\n\n")[1]), score))
    headline_article = _article("Headline", "Harbour Works Cost 40 Million\n\nOther text.")
    headline = _claim(headline_article, "Harbour Works Cost 40 Million", headline=True)
    return claim, [(_match(claim, other, score), other) for other, score in others], _match(claim, headline, 0.87)


def test_the_panel_shows_at_most_three_suggestions_above_the_threshold_best_first(claim_with_suggestions):
    claim, matches, headline_match = claim_with_suggestions
    panel = selectors.claim_suggestion_panel(claim)
    assert [m.score for m, _ in panel.shown] == [0.88, 0.86, 0.84]
    # The headline (0.87) is not the claim's best match (0.88), so it waits with the weaker ones.
    assert [m.score for m, _ in panel.weaker] == [0.87, 0.83, 0.80, 0.50]
    assert headline_match in [m for m, _ in panel.weaker]
    assert not panel.stale


def test_a_headline_is_shown_when_it_is_the_best_match_and_a_link_counts_as_the_best(claim_with_suggestions):
    claim, matches, headline_match = claim_with_suggestions
    ClaimMatch.objects.filter(pk=matches[0][0].pk).update(decision=ClaimMatch.Decision.REJECTED)
    panel = selectors.claim_suggestion_panel(claim)
    assert panel.shown[0][0] == headline_match  # 0.87 is now the best
    # A link scored above it is the best match again: the headline waits.
    _match(claim, _claim(_article("Linked", "Linked\n\nThe works cost 40 million euros."),
                         "The works cost 40 million euros."), 0.97, relation=ClaimMatch.Relation.SAME)
    panel = selectors.claim_suggestion_panel(claim)
    assert headline_match not in [m for m, _ in panel.shown]
    assert all(m.relation == ClaimMatch.Relation.POSSIBLE for m, _ in panel.shown + panel.weaker)


def test_scores_of_an_older_matcher_wait_behind_the_weaker_suggestions(claim_with_suggestions):
    claim, matches, _ = claim_with_suggestions
    ClaimFingerprint.objects.filter(claim=claim).update(matcher_version="1.3")
    panel = selectors.claim_suggestion_panel(claim)
    assert panel.shown == [] and len(panel.weaker) == 7 and panel.stale


def test_the_matches_partial_lists_three_and_folds_the_rest_behind_n_weaker_suggestions(
    claim_with_suggestions, client, reviewer_a
):
    claim, matches, _ = claim_with_suggestions
    client.force_login(reviewer_a)
    page = client.get(reverse("claim-matches", args=[claim.pk])).content.decode()
    shown = page.split('id="shown-suggestions"')[1].split("</ul>")[0]
    assert shown.count("<li data-match=") == 3
    weaker = page.split('id="weaker-suggestions"')[1].split("</details>")[0]
    assert "4 weaker suggestions" in weaker and weaker.count("<li data-match=") == 4


def test_the_drift_view_compares_the_linked_and_the_shown_never_the_weaker(claim_with_suggestions, client, reviewer_a):
    claim, matches, headline_match = claim_with_suggestions
    group = ClaimGroup.objects.create()
    text = "The works cost 40 million euros."
    linked = _claim(_article("Linked", f"Linked\n\n{text}"), text)
    _match(claim, linked, 0.97, relation=ClaimMatch.Relation.SAME)
    ClaimFingerprint.objects.filter(claim__in=[claim, linked]).update(group=group)

    rows = drift_tellings(claim)

    assert [(row.other.pk, row.linked) for row in rows] == [
        (linked.pk, True), *((other.pk, False) for _, other in matches[:3])]
    client.force_login(reviewer_a)
    page = client.get(reverse("claim-drift", args=[claim.pk])).content.decode()
    assert page.count('class="drift-row"') == 4
    for weaker in [headline_match.other(claim.pk), *(other.pk for _, other in matches[3:])]:
        assert f'data-claim="{weaker}"' not in page


@pytest.fixture
def dated_seeds(split_article, seed_texts):
    return {name[:3]: split_article(body, published_on=SEED_DATES[name[:3]]) for name, body in seed_texts.items()}


def test_on_the_seeds_no_panel_shows_more_than_three_suggestions(dated_seeds):
    shown = [len(selectors.claim_suggestion_panel(claim).shown)
             for claim in Claim.objects.filter(kind=Claim.Kind.CLAIM)]
    print(f"seeds: {len(shown)} claims, {sum(shown)} suggestions shown, {sum(1 for n in shown if n)} claims "
          f"with any, at most {max(shown)}")
    assert max(shown) <= suggest.MAX_SHOWN
    assert sum(shown) > 0
    beijing = Claim.objects.get(text__startswith=BEIJING)
    assert {other.article_id for _, other in selectors.claim_suggestion_panel(beijing).shown} == {
        dated_seeds["000"].pk, dated_seeds["002"].pk}


def test_on_wednesday_and_on_september_3_2025_are_the_same_date_once_resolved(dated_seeds):
    beijing = Claim.objects.get(text__startswith=BEIJING)
    september = Claim.objects.get(article=dated_seeds["002"], text__contains="on September 3, 2025")
    found, resolved = telling_drift(beijing, september, relation=ClaimMatch.Relation.POSSIBLE)
    assert "dates" not in found.differs and resolved == ("dates", "attribution")
    # Kim alone against Putin and Kim together: another attribution.
    assert "attribution" in found.differs
    # On the words alone, a weekday and a date differ: claims read before facts existed are judged so.
    Claim.objects.filter(pk=september.pk).update(attribution_version="", temporal_version="")
    september.refresh_from_db()
    found, resolved = telling_drift(beijing, september, relation=ClaimMatch.Relation.POSSIBLE)
    assert "dates" in found.differs and resolved == ()


def test_kim_said_against_state_media_reported_is_an_attribution_difference(dated_seeds):
    state_media = Claim.objects.get(article=dated_seeds["004"], text__startswith="North Korean leader Kim Jong Un has "
                                                                                  "declared")
    kim = Claim.objects.get(article=dated_seeds["000"], text__startswith="North Korean leader Kim Jong-un has pledged")
    assert state_media.claimant_via == "North’s state media" and kim.claimant_via == ""
    found, _ = telling_drift(state_media, kim, relation=ClaimMatch.Relation.POSSIBLE)
    assert "attribution" in found.differs and not found.wording_only


def test_the_same_speaker_resolved_from_he_and_from_a_name_is_the_same_attribution(dated_seeds):
    """"He described the operation" (001) and "Putin highlighted the joint effort" (000): both Vladimir Putin."""
    he = Claim.objects.get(article=dated_seeds["001"], text__startswith="He described the operation")
    putin = Claim.objects.get(article=dated_seeds["000"], text__startswith="Putin highlighted the joint effort")
    assert he.claimant == putin.claimant == "Vladimir Putin"
    found, _ = telling_drift(he, putin, relation=ClaimMatch.Relation.SAME)
    assert "attribution" not in found.differs


def test_a_group_of_wire_copy_lists_its_first_members_and_counts_the_rest(client, reviewer_a, monkeypatch):
    """A sentence reprinted by hundreds of outlets is one group; the panel and the drift view list its first
    members (by article) and say how many more there are, instead of rendering every one."""
    from annotations.web import matching as web_matching

    monkeypatch.setattr(web_matching, "GROUP_MEMBERS_SHOWN", 2)
    sentence = "The harbour works will cost 40 million euros."
    copies = [_claim(_article(f"Outlet {n}", f"Outlet {n}\n\n{sentence}"), sentence) for n in range(5)]
    group = ClaimGroup.objects.create()
    ClaimFingerprint.objects.filter(claim__in=copies).update(group=group)
    for other in copies[1:]:
        _match(copies[0], other, 0.97, relation=ClaimMatch.Relation.SAME)

    client.force_login(reviewer_a)
    panel = client.get(reverse("claim-matches", args=[copies[0].pk])).content.decode()
    assert "Also in 4 articles" in panel
    assert [f'data-claim="{c.pk}"' in panel for c in copies[1:]] == [True, True, False, False]
    assert "and 2 more linked claims, not listed here" in panel

    drift = client.get(reverse("claim-drift", args=[copies[0].pk])).content.decode()
    assert drift.count('class="drift-row"') == 2
    assert "2 more tellings linked to this claim are not compared here." in drift


def test_the_panel_of_a_group_of_thirty_takes_as_many_queries_as_of_a_group_of_three(client, reviewer_a):
    """The first copy of a sentence reprinted everywhere is linked to every later copy: its panel must not
    ask about each of them in a query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def first_copy_of(copies, name):
        sentence = f"The {name} bridge will reopen to traffic in the spring."
        claims = [_claim(_article(f"{name} {n}", f"{name} {n}\n\n{sentence}"), sentence) for n in range(copies)]
        group = ClaimGroup.objects.create()
        ClaimFingerprint.objects.filter(claim__in=claims).update(group=group)
        for other in claims[1:]:
            _match(claims[0], other, 0.97, relation=ClaimMatch.Relation.SAME)
        return claims[0]

    small, large = first_copy_of(3, "Harbour"), first_copy_of(30, "River")
    client.force_login(reviewer_a)
    counted = []
    for claim in (small, large):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("claim-matches", args=[claim.pk])).content.decode()
        counted.append(len(queries))
    assert "Also in 29 articles" in page and "and 4 more linked claims, not listed here" in page
    assert counted[0] == counted[1]
