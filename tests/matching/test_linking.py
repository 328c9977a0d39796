"""Linking on split, remembered decisions, verdict reuse and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from annotations import selectors
from annotations.models import AuditEvent, Claim, ClaimFingerprint, ClaimKey, ClaimMatch, FactCheck
from annotations.services import articles, publishing, split
from annotations.services import matching as matching_services

pytestmark = pytest.mark.django_db

EXPULSION_000 = "The Russian military reported the complete expulsion of Ukrainian troops by April"
EXPULSION_001 = "The Russian military later reported the full expulsion of Ukrainian troops in April"


@pytest.fixture
def seeds(split_article, seed_texts):
    return [split_article(body) for body in seed_texts.values()]


def _claim(article, prefix):
    return Claim.objects.get(article=article, text__startswith=prefix)


def test_splitting_an_article_links_its_claims_to_the_same_claim_elsewhere(seeds):
    a, b = _claim(seeds[0], EXPULSION_000), _claim(seeds[1], EXPULSION_001)
    members = selectors.claim_group_members(a)
    assert members[0] == a
    assert b in members
    assert ClaimKey.objects.filter(claim=a).exists()


def test_group_articles_list_the_claims_own_article_first(seeds):
    a = _claim(seeds[1], EXPULSION_001)
    articles = selectors.claim_group_articles(a)
    assert articles[0] == seeds[1]
    assert seeds[0] in articles
    assert len(articles) == len(set(articles))


def test_the_three_kim_pledges_are_not_in_one_group(seeds):
    beijing = _claim(seeds[0], "North Korean leader Kim Jong-un has pledged")
    victory = _claim(seeds[3], "North Korean leader Kim Jong Un has expressed")
    shoigu = _claim(seeds[4], "North Korea’s Kim Jong Un has pledged unconditional")
    for claim in (beijing, victory):
        members = {m.pk for m in selectors.claim_group_members(claim)}
        assert not members & ({beijing.pk, victory.pk, shoigu.pk} - {claim.pk})


def test_linking_twice_gives_the_same_matches(seeds):
    matching_services.article_link(article_id=seeds[2].pk)
    before = sorted(ClaimMatch.objects.values_list("claim_a_id", "claim_b_id", "relation", "score"))
    groups = sorted(ClaimFingerprint.objects.values_list("claim_id", "group_id"))
    matching_services.article_link(article_id=seeds[2].pk)
    assert sorted(ClaimMatch.objects.values_list("claim_a_id", "claim_b_id", "relation", "score")) == before
    assert sorted(ClaimFingerprint.objects.values_list("claim_id", "group_id")) == groups


def test_a_rejected_suggestion_is_never_suggested_again(seeds, reviewer_a):
    match = ClaimMatch.objects.filter(relation=ClaimMatch.Relation.POSSIBLE).first()
    claim = Claim.objects.get(pk=match.claim_a_id)
    matching_services.claim_match_decide(match=match, actor=reviewer_a, decision=ClaimMatch.Decision.REJECTED)
    matching_services.article_link(article_id=claim.article_id)
    match.refresh_from_db()
    assert match.decision == ClaimMatch.Decision.REJECTED
    assert match.decided_by == reviewer_a
    assert match.pk not in {m.pk for m, _ in selectors.claim_suggestions(claim)}


def test_confirming_a_suggestion_puts_both_claims_in_one_group(seeds, reviewer_a):
    match = ClaimMatch.objects.filter(relation=ClaimMatch.Relation.POSSIBLE).first()
    matching_services.claim_match_decide(match=match, actor=reviewer_a, decision=ClaimMatch.Decision.CONFIRMED)
    claim = Claim.objects.get(pk=match.claim_a_id)
    assert match.claim_b_id in {m.pk for m in selectors.claim_group_members(claim)}


def test_rejecting_every_automatic_link_of_a_claim_takes_it_out_of_its_group(seeds, reviewer_a):
    from django.db.models import Q

    a, b = _claim(seeds[0], EXPULSION_000), _claim(seeds[1], EXPULSION_001)
    links = ClaimMatch.objects.filter(Q(claim_a=a) | Q(claim_b=a), relation="same")
    assert links.exists()
    for match in links:
        matching_services.claim_match_decide(match=match, actor=reviewer_a, decision=ClaimMatch.Decision.REJECTED)
    assert selectors.claim_group_members(a) == [a]
    assert ClaimFingerprint.objects.get(claim=a).group_id is None
    assert a not in selectors.claim_group_members(b)


def _published_factcheck(claim, editor, ratings):
    return FactCheck.objects.create(
        claim=claim, rating=ratings["false"] if "false" in ratings else next(iter(ratings.values())),
        summary="Checked.", slug="expulsion-april", approved_by=editor, approved_at=timezone.now(),
        published_at=timezone.now(),
    )


def test_editor_applies_the_previous_verdict_and_the_claim_becomes_covered(seeds, editor, default_ratings):
    a, b = _claim(seeds[0], EXPULSION_000), _claim(seeds[1], EXPULSION_001)
    source = _published_factcheck(a, editor, default_ratings)
    assert selectors.claim_previous_factchecks(b) == [source]
    publishing.claim_cover(claim=b, source=source, actor=editor)
    b.refresh_from_db()
    assert (b.status, b.covered_by) == (Claim.Status.COVERED, source)
    assert not FactCheck.objects.filter(claim=b).exists(), "an appearance of the fact-check, not a copy of it"
    event = AuditEvent.objects.get(claim=b, action="cover")
    assert (event.actor, event.after) == (editor, {"status": "covered", "covered_by": "expulsion-april"})


def test_reviewer_cannot_apply_a_previous_verdict(seeds, editor, reviewer_a, default_ratings):
    a, b = _claim(seeds[0], EXPULSION_000), _claim(seeds[1], EXPULSION_001)
    source = _published_factcheck(a, editor, default_ratings)
    with pytest.raises(PermissionDenied):
        publishing.claim_cover(claim=b, source=source, actor=reviewer_a)
    b.refresh_from_db()
    assert (b.status, b.covered_by) == (Claim.Status.OPEN, None)


def test_reviewer_posting_apply_gets_404_and_nothing_changes(client, seeds, editor, reviewer_a, default_ratings):
    a, b = _claim(seeds[0], EXPULSION_000), _claim(seeds[1], EXPULSION_001)
    source = _published_factcheck(a, editor, default_ratings)
    client.force_login(reviewer_a)
    response = client.post(reverse("claim-apply-verdict", args=[b.pk, source.pk]))
    assert response.status_code == 404
    b.refresh_from_db()
    assert b.covered_by is None


def test_editor_posting_apply_covers_the_claim(client, seeds, editor, default_ratings):
    a, b = _claim(seeds[0], EXPULSION_000), _claim(seeds[1], EXPULSION_001)
    source = _published_factcheck(a, editor, default_ratings)
    client.force_login(editor)
    response = client.post(reverse("claim-apply-verdict", args=[b.pk, source.pk]))
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    b.refresh_from_db()
    assert b.covered_by == source


def test_a_verdict_from_outside_the_group_cannot_be_applied(client, seeds, editor, default_ratings):
    outside = _claim(seeds[4], "Shoigu had previously visited")
    b = _claim(seeds[1], EXPULSION_001)
    source = _published_factcheck(outside, editor, default_ratings)
    client.force_login(editor)
    response = client.post(reverse("claim-apply-verdict", args=[b.pk, source.pk]))
    assert response.status_code == 400
    b.refresh_from_db()
    assert b.covered_by is None


def test_forged_match_ids_are_404(client, seeds, reviewer_a):
    client.force_login(reviewer_a)
    claim = Claim.objects.filter(kind="claim").first()
    for forged in (999999, "x"):
        response = client.post(reverse("claim-match-decide", args=[claim.pk, forged]), {"decision": "rejected"})
        assert response.status_code == 404


def test_decision_on_a_match_of_another_claim_is_404(client, seeds, reviewer_a):
    match = ClaimMatch.objects.first()
    unrelated = Claim.objects.exclude(pk__in=[match.claim_a_id, match.claim_b_id]).filter(kind="claim").first()
    client.force_login(reviewer_a)
    response = client.post(reverse("claim-match-decide", args=[unrelated.pk, match.pk]), {"decision": "rejected"})
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.decision == ""


def test_outsider_cannot_decide_a_match(client, seeds, outsider):
    match = ClaimMatch.objects.first()
    client.force_login(outsider)
    response = client.post(reverse("claim-match-decide", args=[match.claim_a_id, match.pk]), {"decision": "confirmed"})
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.decision == ""


def test_reviewer_confirms_through_the_view(client, seeds, reviewer_a):
    match = ClaimMatch.objects.filter(relation="possible").first()
    client.force_login(reviewer_a)
    response = client.post(reverse("claim-match-decide", args=[match.claim_a_id, match.pk]), {"decision": "confirmed"})
    assert response.status_code == 200
    match.refresh_from_db()
    assert match.decision == "confirmed"


def test_drift_view_shows_tellings_side_by_side_with_marks(client, seeds, reviewer_a):
    a = _claim(seeds[0], EXPULSION_000)
    client.force_login(reviewer_a)
    response = client.get(reverse("claim-drift", args=[a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wording drift" in body
    assert "expulsion of Ukrainian troops" in body
    assert "<del>" in body and "<ins>" in body


def test_script_tags_in_claims_are_escaped_in_the_partial_and_drift_view(client, split_article, reviewer_a):
    evil = "Officials said <script>alert(1)</script> 40 schools in Lindau were closed on Monday by the flood."
    a = split_article(evil + "\n\nThe river rose two metres overnight.")
    split_article("Officials said <script>alert(1)</script> 40 schools in Lindau closed on Monday after the flood.")
    claim = Claim.objects.filter(article=a, text__contains="schools").first()
    client.force_login(reviewer_a)
    for name in ("claim-matches", "claim-drift"):
        body = client.get(reverse(name, args=[claim.pk])).content.decode()
        assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in client.get(reverse("claim-matches", args=[claim.pk])).content.decode()


def test_a_group_member_in_the_claims_own_article_is_marked_so_not_counted_as_another_article(
    client, seeds, reviewer_a
):
    # The first seed's headline and its opening sentence both say Kim pledged support; the
    # second seed's opening links them into one group.
    headline = Claim.objects.filter(article=seeds[0], kind=Claim.Kind.CLAIM).order_by("start").first()
    members = selectors.claim_group_members(headline)
    same_article = [m for m in members[1:] if m.article_id == headline.article_id]
    other_articles = {m.article_id for m in members if m.article_id != headline.article_id}
    assert same_article and other_articles
    client.force_login(reviewer_a)
    body = client.get(reverse("claim-matches", args=[headline.pk])).content.decode()
    assert body.count("elsewhere in this article") == len(same_article)
    assert f"Also in {len(other_articles)} article" in body


def test_matches_partial_says_also_in_n_articles(client, seeds, reviewer_a):
    a = _claim(seeds[0], EXPULSION_000)
    n = len(selectors.claim_group_articles(a)) - 1
    client.force_login(reviewer_a)
    body = client.get(reverse("claim-matches", args=[a.pk])).content.decode()
    assert f"Also in {n} article" in body
    assert n >= 1


def test_split_enqueues_linking_after_commit_in_the_lane_for_one_article(
        db, django_capture_on_commit_callbacks, seed_texts, monkeypatch):
    from annotations import tasks

    sent = []
    monkeypatch.setattr(tasks.article_link_task, "delay", lambda article_id: sent.append(article_id))
    monkeypatch.setattr(tasks.article_link_many_task, "delay", lambda article_ids: sent.append(article_ids))
    with django_capture_on_commit_callbacks(execute=True):
        article = articles.article_create(body=next(iter(seed_texts.values())))
    assert sent == [article.pk]
    assert tasks.article_link_task.queue == "link"
    # Priority 0, taken before every bulk task of either queue (Redis serves the lowest number first).
    assert tasks.article_link_task.priority is None
    assert tasks.article_link_many_task.priority == tasks.BULK_LINK_PRIORITY > tasks.BULK_SPLIT_PRIORITY > 0
    assert tasks.article_split_many_task.priority == tasks.BULK_SPLIT_PRIORITY


def test_a_bulk_split_queues_its_linking_in_batches_short_enough_for_a_pasted_article_to_wait_behind(monkeypatch):
    from annotations import tasks

    sent = []
    monkeypatch.setattr(tasks.article_link_many_task, "delay", lambda article_ids: sent.append(article_ids))
    split._send_links(list(range(1, 51)))
    assert sent == [list(range(1, 26)), list(range(26, 51))]
    assert split.LINK_TASK_CHUNK == 25 < articles.SPLIT_TASK_CHUNK


def test_key_frequencies_equal_the_index_after_relinking(seeds):
    from django.db.models import Count

    from annotations.models import ClaimKeyFrequency

    matching_services.article_link(article_id=seeds[1].pk)
    matching_services.article_link(article_id=seeds[1].pk)
    actual = dict(ClaimKey.objects.values("key").annotate(n=Count("id")).values_list("key", "n"))
    stored = {k: n for k, n in ClaimKeyFrequency.objects.values_list("key", "claims") if n}
    assert stored == actual


def test_linking_a_missing_or_unsplit_article_is_a_logged_no_op(db):
    assert matching_services.article_link(article_id=987654).skipped


def test_rebuilding_key_frequencies_recounts_after_claims_are_deleted(seeds):
    from annotations.models import ClaimKeyFrequency

    Claim.objects.filter(article=seeds[4]).delete()
    matching_services.key_frequency_rebuild()
    remaining = ClaimKey.objects.count()
    assert sum(ClaimKeyFrequency.objects.values_list("claims", flat=True)) == remaining


def test_published_claimreview_lists_every_article_of_the_claims_group_as_appearance(
    client, seeds, editor, default_ratings
):
    a = _claim(seeds[0], EXPULSION_000)
    group_articles = selectors.claim_group_articles(a)
    assert len(group_articles) >= 2
    _published_factcheck(a, editor, default_ratings)

    [item] = client.get("/api/v1/claim-reviews/").json()["results"]
    headlines = [appearance["headline"] for appearance in item["itemReviewed"]["appearance"]]
    assert headlines == [article.title for article in group_articles]
    detail = client.get(f"/api/v1/claim-reviews/{item['url'].rstrip('/').rsplit('/', 1)[-1]}/")
    assert [appearance["headline"] for appearance in detail.json()["itemReviewed"]["appearance"]] == headlines


def test_relinking_after_a_matcher_change_drops_links_the_new_matcher_does_not_make(seeds):
    from annotations import matching

    a = Claim.objects.filter(article=seeds[0], kind=Claim.Kind.CLAIM).order_by("pk").first()
    b = Claim.objects.filter(article=seeds[3], kind=Claim.Kind.CLAIM).order_by("-pk").first()
    assert not ClaimMatch.objects.filter(claim_a_id=min(a.pk, b.pk), claim_b_id=max(a.pk, b.pk)).exists()
    # What an older matcher left behind: an automatic link the current one does not make.
    stale = ClaimMatch.objects.create(claim_a_id=min(a.pk, b.pk), claim_b_id=max(a.pk, b.pk), score=0.9,
                                      relation=ClaimMatch.Relation.SAME)
    matching_services._regroup({a.pk, b.pk})
    assert b in selectors.claim_group_members(a)
    ClaimFingerprint.objects.filter(article=seeds[0]).update(matcher_version="1.0")

    assert matching_services.articles_relink_stale() == 1
    assert not ClaimMatch.objects.filter(pk=stale.pk).exists()
    assert b not in selectors.claim_group_members(a)
    assert set(ClaimFingerprint.objects.values_list("matcher_version", flat=True)) == {matching.MATCHER_VERSION}
    assert matching_services.articles_relink_stale() == 0


def test_relinking_keeps_decided_pairs_and_links_the_matcher_still_makes(seeds, reviewer_a):
    a, b = _claim(seeds[0], EXPULSION_000), _claim(seeds[1], EXPULSION_001)
    match = ClaimMatch.objects.get(claim_a_id=min(a.pk, b.pk), claim_b_id=max(a.pk, b.pk))
    rejected = ClaimMatch.objects.filter(relation=ClaimMatch.Relation.POSSIBLE).exclude(pk=match.pk).first()
    matching_services.claim_match_decide(match=rejected, actor=reviewer_a, decision=ClaimMatch.Decision.REJECTED)
    ClaimFingerprint.objects.update(matcher_version="1.0")
    matching_services.articles_relink_stale()
    assert ClaimMatch.objects.get(pk=match.pk).relation == ClaimMatch.Relation.SAME
    assert ClaimMatch.objects.get(pk=rejected.pk).decision == ClaimMatch.Decision.REJECTED
    assert b in selectors.claim_group_members(a)


def test_linking_keeps_a_short_article_about_another_occasion_out_of_the_group(split_article):
    from tests.matching.test_matcher import EMERGENCY, STORM, STORM_EARLIER, STORM_RETOLD

    now, earlier, retold = split_article(STORM), split_article(STORM_EARLIER), split_article(STORM_RETOLD)
    claim = _claim(now, EMERGENCY)
    members = selectors.claim_group_members(claim)
    assert _claim(retold, EMERGENCY) in members
    assert _claim(earlier, EMERGENCY) not in members
    other = _claim(earlier, EMERGENCY)
    assert ClaimMatch.objects.filter(
        claim_a_id=min(claim.pk, other.pk), claim_b_id=max(claim.pk, other.pk), relation=ClaimMatch.Relation.POSSIBLE,
    ).exists()


def test_link_articles_stale_relinks_only_articles_an_older_matcher_linked(seeds):
    from io import StringIO

    from django.core.management import call_command

    from annotations import matching

    ClaimFingerprint.objects.filter(article=seeds[2]).update(matcher_version="0.9")
    out = StringIO()
    call_command("link_articles", "--stale", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("1 articles:")
    assert not ClaimFingerprint.objects.exclude(matcher_version=matching.MATCHER_VERSION).exists()
    out = StringIO()
    call_command("link_articles", "--stale", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("0 articles:")


def test_a_claim_not_yet_compared_says_so_and_polls_until_linking_has_run(client, split_article, seed_texts,
                                                                          reviewer_a, monkeypatch):

    texts = list(seed_texts.values())
    split_article(texts[0])
    monkeypatch.setattr(split, "_send_links", lambda article_ids: None)  # linking still queued
    waiting = split_article(texts[1])
    claim = _claim(waiting, EXPULSION_001)
    client.force_login(reviewer_a)

    pending = client.get(reverse("claim-matches", args=[claim.pk])).content.decode()
    assert "Looking for this claim in other articles" in pending
    assert 'hx-trigger="load delay:3s"' in pending

    matching_services.article_link(article_id=waiting.pk)
    done = client.get(reverse("claim-matches", args=[claim.pk])).content.decode()
    assert "Also in 1 article" in done
    assert "hx-trigger" not in done.split(">", 1)[0], "a linked claim stops polling"


def test_a_claim_found_nowhere_else_says_so_once_compared(client, split_article, reviewer_a):
    article = split_article("Harbour Report\n\nThe harbour handled 4 million containers last year.")
    claim = article.claims.filter(kind=Claim.Kind.CLAIM).last()
    client.force_login(reviewer_a)
    body = client.get(reverse("claim-matches", args=[claim.pk])).content.decode()
    assert "Not found in other articles" in body
    assert "Looking for this claim" not in body


def test_a_claim_with_suggestions_only_is_not_linked_rather_than_not_found(client, seeds, reviewer_a):
    from annotations import selectors as sel

    claim = next(c for article in seeds for c in article.claims.filter(kind=Claim.Kind.CLAIM)
                 if sel.claim_suggestions(c) and len(sel.claim_group_articles(c)) == 1)
    client.force_login(reviewer_a)
    body = client.get(reverse("claim-matches", args=[claim.pk])).content.decode()
    assert "Not linked to other articles" in body
    assert "Not found in other articles" not in body
    assert "Possibly the same claim" in body
