"""Linking a batch of articles at once: the CLI's pairs, the same links one at a time or side by side,
and the index that stops growing for keys too common to use."""

import threading
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Q

from annotations.matching import __main__ as cli
from annotations.matching import index as match_index
from annotations.matching import suggest
from annotations.models import Claim, ClaimFingerprint, ClaimGroup, ClaimKey, ClaimKeyFrequency, ClaimMatch
from annotations.services import matching as matching_services
from annotations.services import split

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
SEED_PATHS = sorted(str(path) for path in SEEDS_DIR.glob("*.txt"))


@pytest.fixture
def unlinked_seeds(split_article, monkeypatch):
    """The five seeds split in file order (so claim ids follow the CLI's order), not yet linked."""
    monkeypatch.setattr(split, "_send_links", lambda article_ids: None)
    return [split_article(Path(path).read_text(encoding="utf-8")) for path in SEED_PATHS]


def _stored_by_span(seeds):
    """{((file, start, end), (file, start, end)): (relation, score)} of every stored ClaimMatch."""
    path_of = {article.pk: path for article, path in zip(seeds, SEED_PATHS, strict=True)}
    span = {pk: (path_of[article_id], start, end)
            for pk, article_id, start, end in Claim.objects.values_list("pk", "article_id", "start", "end")}
    rows = ClaimMatch.objects.values_list("claim_a_id", "claim_b_id", "relation", "score")
    return {tuple(sorted((span[a], span[b]))): (relation, score) for a, b, relation, score in rows}


def _cli_stored_pairs():
    claims, _, matches = cli.scored_files(SEED_PATHS)
    return {tuple(sorted((claims[i][:3], claims[j][:3]))): (matches[(i, j)].relation, matches[(i, j)].score)
            for i, j in suggest.stored_pairs(matches)}


def _links(found):
    return {pair for pair, (relation, _) in found.items() if relation == ClaimMatch.Relation.SAME}


def _groups():
    members = defaultdict(set)
    for claim_id, group_id in ClaimFingerprint.objects.filter(group__isnull=False).values_list("claim_id", "group_id"):
        members[group_id].add(claim_id)
    return sorted(sorted(group) for group in members.values())


def test_linking_the_seeds_as_one_batch_stores_exactly_the_pairs_the_cli_finds(unlinked_seeds):
    outcome = matching_services.articles_link(article_ids=[article.pk for article in unlinked_seeds])

    stored, expected = _stored_by_span(unlinked_seeds), _cli_stored_pairs()
    assert set(stored) == set(expected)
    assert {pair: relation for pair, (relation, _) in stored.items()} == {
        pair: relation for pair, (relation, _) in expected.items()}
    # The service stores vectors as float16 and scores them through it; the CLI keeps float32.
    assert max(abs(stored[pair][1] - expected[pair][1]) for pair in expected) < 0.0005
    assert outcome.articles == 5 and outcome.linked == len(_links(expected)) == 12


def test_one_article_at_a_time_links_the_same_claims_into_the_same_groups_as_one_batch(unlinked_seeds):
    for article in unlinked_seeds:
        matching_services.article_link(article_id=article.pk)
    one_by_one, groups_one_by_one = _links(_stored_by_span(unlinked_seeds)), _groups()

    ClaimMatch.objects.all().delete()
    ClaimFingerprint.objects.all().delete()
    ClaimKey.objects.all().delete()
    ClaimKeyFrequency.objects.all().delete()
    matching_services.articles_link(article_ids=[article.pk for article in unlinked_seeds])

    assert one_by_one == _links(_stored_by_span(unlinked_seeds)) == _links(_cli_stored_pairs())
    assert groups_one_by_one == _groups()


def test_linking_a_batch_twice_changes_nothing(unlinked_seeds):
    ids = [article.pk for article in unlinked_seeds]
    matching_services.articles_link(article_ids=ids)
    state = (sorted(ClaimMatch.objects.values_list("claim_a_id", "claim_b_id", "relation", "score")), _groups(),
             sorted(ClaimKey.objects.values_list("key", "claim_id")),
             sorted(ClaimKeyFrequency.objects.values_list("key", "claims")))

    matching_services.articles_link(article_ids=ids)

    assert state == (sorted(ClaimMatch.objects.values_list("claim_a_id", "claim_b_id", "relation", "score")),
                     _groups(), sorted(ClaimKey.objects.values_list("key", "claim_id")),
                     sorted(ClaimKeyFrequency.objects.values_list("key", "claims")))


def test_a_batch_skips_the_articles_that_are_missing_or_not_split(unlinked_seeds):
    from annotations.models import Article

    Article.objects.filter(pk=unlinked_seeds[1].pk).update(split_state=Article.SplitState.QUEUED)
    outcome = matching_services.articles_link(article_ids=[unlinked_seeds[0].pk, unlinked_seeds[1].pk, 987654])
    assert outcome.articles == 1
    assert set(ClaimFingerprint.objects.values_list("article_id", flat=True)) == {unlinked_seeds[0].pk}


def _forget_links():
    for model in (ClaimMatch, ClaimFingerprint, ClaimKey, ClaimKeyFrequency):
        model.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_two_batches_linked_side_by_side_find_the_pairs_between_them(split_article, monkeypatch):
    # Both workers finish their fingerprints together, then race for the index: the link lock
    # makes the second see what the first wrote, so the outcome is that of one batch after the
    # other, never one that misses the pairs between them (the expulsion report of seeds 000
    # and 001 is one such link).
    monkeypatch.setattr(split, "_send_links", lambda article_ids: None)
    seeds = [split_article(Path(path).read_text(encoding="utf-8")) for path in SEED_PATHS]
    batches = ([seeds[0].pk, seeds[3].pk], [seeds[1].pk, seeds[2].pk, seeds[4].pk])
    in_turn = []
    for order in (batches, batches[::-1]):
        _forget_links()
        for batch in order:
            matching_services.articles_link(article_ids=batch)
        in_turn.append(_stored_by_span(seeds))
    assert any(a[0] == SEED_PATHS[0] and b[0] == SEED_PATHS[1] for a, b in _links(in_turn[0])), "no link between"
    _forget_links()
    prepare, together = matching_services._prepare, threading.Barrier(2, timeout=30)

    def prepare_together(article_ids):
        prepared = prepare(article_ids)
        together.wait()
        return prepared

    monkeypatch.setattr(matching_services, "_prepare", prepare_together)
    errors = []

    def link(batch):
        try:
            matching_services.articles_link(article_ids=batch)
        except Exception as exc:  # reported below: an assertion in a thread would pass silently
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=link, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert _stored_by_span(seeds) in in_turn


def test_a_key_too_common_to_use_gets_no_more_postings_but_keeps_its_count(split_article, monkeypatch):
    monkeypatch.setattr(match_index, "MAX_POSTINGS", 2)
    sentence = "The Lindau harbour handled 4.2 million containers in 2024, the port authority said."
    made = [split_article(f"Harbour report number {n}\n\n{sentence}") for n in range(4)]
    claims = [Claim.objects.get(article=article, text=sentence) for article in made]
    shared = set(ClaimKey.objects.filter(claim=claims[0]).values_list("key", flat=True))
    assert shared, "the first claims of a key get postings"

    frequency = dict(ClaimKeyFrequency.objects.filter(key__in=shared).values_list("key", "claims"))
    assert set(frequency.values()) >= {4}
    # The sentence's exact wording is the one key kept however common (the next test).
    common = {key for key, n in frequency.items() if n == 4 and not match_index.is_exact_key(key)}
    assert set(ClaimKey.objects.filter(key__in=common).values_list("claim_id", flat=True)) == {c.pk for c in claims[:2]}

    matching_services.article_link(article_id=made[3].pk)  # relinking counts the claim once, as before
    assert dict(ClaimKeyFrequency.objects.filter(key__in=common).values_list("key", "claims")) == {
        key: 4 for key in common}

    matching_services.key_frequency_rebuild()
    assert dict(ClaimKeyFrequency.objects.filter(key__in=common).values_list("key", "claims")) == {
        key: 4 for key in common}
    assert not ClaimKey.objects.filter(key__in=common).exists(), "a closed key's postings are never read again"


def test_a_sentence_reprinted_more_often_than_any_key_is_kept_for_still_joins_its_group(split_article, monkeypatch):
    """Wire copy: past ``MAX_POSTINGS`` copies every key of the sentence is too common to read, yet
    each later copy is linked to the first ones (a few scores, not sixty) and joins their group."""
    monkeypatch.setattr(match_index, "MAX_POSTINGS", 2)
    monkeypatch.setattr(match_index, "EXACT_CANDIDATES", 2)
    sentence = "The Lindau harbour handled 4.2 million containers in 2024, the port authority said."
    outlets = ["Lindau Post", "Bodensee Courier", "Harbour Weekly", "Alpine Herald", "Lake Gazette", "Port Review"]
    made = [split_article(f"From the {outlet}\n\n{sentence}") for outlet in outlets]
    claims = [Claim.objects.get(article=article, text=sentence) for article in made]

    groups = ClaimFingerprint.objects.filter(claim__in=claims).values_list("group_id", flat=True)
    assert None not in groups and len(set(groups)) == 1
    firsts = {claims[0].pk, claims[1].pk}
    for late in claims[3:]:
        partners = {m.other(late.pk) for m in ClaimMatch.objects.filter(Q(claim_a=late) | Q(claim_b=late))}
        assert partners == firsts, "a late copy is scored against the first copies only"

    exact = match_index.exact_key(sentence)
    assert ClaimKeyFrequency.objects.get(key=exact).claims == 6
    matching_services.key_frequency_rebuild()
    assert set(ClaimKey.objects.filter(key=exact).values_list("claim_id", flat=True)) == firsts


def test_linking_only_new_articles_leaves_the_groups_a_full_regrouping_would_make(split_article, monkeypatch):
    monkeypatch.setattr(match_index, "MAX_POSTINGS", 3)
    texts = [path.read_text(encoding="utf-8") for path in map(Path, SEED_PATHS)]
    for copy in range(3):
        for n, text in enumerate(texts):
            split_article(f"{text}\n\nCopy {copy}-{n}.")
    grouped = _groups()
    assert len(grouped) > 10 and max(map(len, grouped)) >= 6

    matching_services._regroup(set(Claim.objects.values_list("pk", flat=True)))
    assert _groups() == grouped


def test_new_links_that_join_two_groups_merge_them_into_the_lower_one(split_article, monkeypatch):
    """One new claim links a member of each of two groups and another new claim a second member of the
    higher group: every one of them ends in the lower group, as a full regrouping would put them."""
    monkeypatch.setattr(split, "_send_links", lambda article_ids: None)
    made = [split_article(f"Report {n}\n\nThe council approved the budget of {n} million euros on Monday.")
            for n in range(6)]
    low, high, bridge, joiner = [Claim.objects.filter(article=a).order_by("pk").last() for a in made[:4]]
    fellow_low, fellow_high = [Claim.objects.filter(article=a).order_by("pk").last() for a in made[4:]]
    matching_services.articles_link(article_ids=[a.pk for a in made])
    ClaimMatch.objects.all().delete()
    ClaimFingerprint.objects.update(group=None)
    first, second = ClaimGroup.objects.create(), ClaimGroup.objects.create()
    ClaimFingerprint.objects.filter(claim__in=[low, fellow_low]).update(group=first)
    ClaimFingerprint.objects.filter(claim__in=[high, fellow_high]).update(group=second)
    for a, b in [(low, fellow_low), (high, fellow_high), (bridge, low), (bridge, high), (joiner, fellow_high)]:
        a, b = sorted((a, b), key=lambda c: c.pk)
        ClaimMatch.objects.create(claim_a=a, claim_b=b, score=0.99, relation=ClaimMatch.Relation.SAME)

    matching_services._regroup_added([tuple(sorted((a.pk, b.pk))) for a, b in
                                      [(bridge, low), (bridge, high), (joiner, fellow_high)]])

    groups = dict(ClaimFingerprint.objects.filter(claim__in=[low, high, bridge, joiner, fellow_low, fellow_high])
                  .values_list("claim_id", "group_id"))
    assert set(groups.values()) == {first.pk}
    assert not ClaimGroup.objects.filter(pk=second.pk).exists()
    grouped = _groups()
    matching_services._regroup(set(Claim.objects.values_list("pk", flat=True)))
    assert _groups() == grouped
