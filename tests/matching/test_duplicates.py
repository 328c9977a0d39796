"""Claims an article states twice form one group, so a reviewer rates them once."""

from pathlib import Path

from annotations.matching.duplicates import NEAR_EDITS, DuplicateGroup, duplicate_groups, folded
from annotations.splitting import KIND_CLAIM, split_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

LIVE_BLOG = (
    "Storm Live: Dunmore Counts the Damage\n\n"
    "The storm killed 12 people in Dunmore on Tuesday. "
    "Officials said the “defence” walls had held. "
    "The storm killed 12 people in Dunmore on Tuesday.\n"
    "The  storm killed 12 people in Dunmore on Tuesday! "
    "Officials said the \"defense\" walls had held. "
    "The storm killed 13 people in Dunmore on Tuesday. "
    "He said the flood walls had held well overall. "
    "She said the flood walls had held well overall. "
    "The bridge is not closed to traffic this morning. "
    "The bridge is now closed to traffic this morning."
)


def _spans(body):
    return [(c.start, c.end) for c in split_text(body) if c.kind == KIND_CLAIM]


def _texts(body, group):
    return [body[start:end] for start, end in group.members]


def test_word_for_word_repeats_form_one_group_with_the_offsets_of_each_claim():
    groups = duplicate_groups(LIVE_BLOG, _spans(LIVE_BLOG))
    storm = groups[0]
    first = LIVE_BLOG.index("The storm killed 12")
    second = LIVE_BLOG.index("The storm killed 12", first + 1)
    third = LIVE_BLOG.index("The  storm killed 12")
    assert storm.members == ((first, first + 49), (second, second + 49), (third, third + 50))
    assert _texts(LIVE_BLOG, storm) == ["The storm killed 12 people in Dunmore on Tuesday."] * 2 + [
        "The  storm killed 12 people in Dunmore on Tuesday!"]
    assert storm.exact is True


def test_quote_style_and_a_spelling_variant_make_a_near_duplicate():
    walls = duplicate_groups(LIVE_BLOG, _spans(LIVE_BLOG))[1]
    assert _texts(LIVE_BLOG, walls) == ["Officials said the “defence” walls had held.",
                                        'Officials said the "defense" walls had held.']
    assert walls.exact is False


def test_another_number_a_pronoun_or_a_negation_is_another_claim_however_few_characters_differ():
    groups = duplicate_groups(LIVE_BLOG, _spans(LIVE_BLOG))
    assert len(groups) == 2
    grouped = {text for group in groups for text in _texts(LIVE_BLOG, group)}
    for alone in ("The storm killed 13 people", "He said the flood walls", "She said the flood walls",
                  "The bridge is not closed", "The bridge is now closed"):
        assert not any(text.startswith(alone) for text in grouped), alone


def test_folding_keeps_the_point_inside_a_number():
    assert folded("The rate is 5.25 percent.") == "the rate is 5.25 percent"
    assert folded("The rate is 525 percent.") != folded("The rate is 5.25 percent.")
    assert folded("“Fraternal duty,” he said — twice.") == folded('"Fraternal duty," he said - twice')


def test_every_member_of_a_near_group_is_near_its_first_member_not_only_a_neighbour():
    from annotations.matching.duplicates import _within_edits

    first = "Officials said the defence wall held firm."
    second = "Officials said the defense wall held form."  # two characters from the first
    third = "Officials said the defense wall hold form."  # one from the second, three from the first
    body = " ".join((first, second, third))
    assert _within_edits(folded(second), folded(third), NEAR_EDITS)
    assert not _within_edits(folded(first), folded(third), NEAR_EDITS)
    groups = duplicate_groups(body, _spans(body))
    assert [_texts(body, group) for group in groups] == [[first, second]]


def test_the_seed_articles_repeat_no_claim():
    for path in sorted(SEEDS.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        assert duplicate_groups(body, _spans(body)) == [], path.name


def test_a_seed_printed_twice_in_one_article_groups_every_claim_with_its_repeat():
    seed = (SEEDS / "004_eee3009524595d1e.txt").read_text(encoding="utf-8")
    body = seed + "\n\n" + seed
    spans = _spans(body)
    groups = duplicate_groups(body, spans)
    assert len(groups) == len(spans) // 2
    for group in groups:
        (a_start, a_end), (b_start, b_end) = group.members
        assert b_start - a_start == len(seed) + 2 and body[a_start:a_end] == body[b_start:b_end]


def test_grouping_is_deterministic_and_ignores_the_order_of_the_spans():
    spans = _spans(LIVE_BLOG)
    assert duplicate_groups(LIVE_BLOG, spans) == duplicate_groups(LIVE_BLOG, list(reversed(spans)))
    assert all(isinstance(group, DuplicateGroup) for group in duplicate_groups(LIVE_BLOG, spans))
