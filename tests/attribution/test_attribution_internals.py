"""The invariants the article reader's shortcuts rely on: mentions kept in text order, quotations that never
overlap, word properties that depend on the word alone."""

from itertools import pairwise

from annotations.attribution.entities import Registry
from annotations.attribution.tokens import quote_spans, tokenize
from annotations.splitting.segment import line_spans


def test_mentions_stay_in_text_order_whatever_order_they_are_added_in_and_ties_keep_theirs():
    registry = Registry()
    kim, putin, seoul = (registry.new("person", "Kim"), registry.new("person", "Putin"),
                         registry.new("organization", "Seoul"))
    registry.add_mention(putin, 40, 45, 2)
    registry.add_mention(kim, 10, 13, 0)
    registry.add_mention(seoul, 40, 45, 2)
    registry.add_mention(kim, 10, 20, 0)

    assert [(m.start, m.end, m.entity) for m in registry.mentions] == [
        (10, 13, kim), (10, 20, kim), (40, 45, putin), (40, 45, seoul)]


def test_persons_before_a_pronoun_go_from_the_nearest_earlier_sentence_back_each_taken_once():
    registry = Registry()
    kim, putin, lavrov = (registry.new("person", name) for name in ("Kim", "Putin", "Lavrov"))
    for entity, start, sentence in ((kim, 0, 0), (putin, 10, 0), (kim, 30, 1), (lavrov, 40, 1),
                                    (putin, 60, 2), (kim, 90, 3)):
        registry.add_mention(entity, start, start + 3, sentence)

    assert registry.persons_before(70, 2) == [kim, lavrov, putin]


def test_quotations_are_in_text_order_and_never_overlap():
    text = (
        "\u201cWe will not back down,\u201d he said of the \u2018red line\u2019 talks. \"Never,\" she said.\n\n"
        "\u201cAn open quotation runs to the end of its paragraph \u2018even with\u2019 a single one inside\n\n"
        "The \u2018first\u2019 and \u2018second\u2019 terms, and \u201ca \u2018nested\u2019 one\u201d.\n"
    )

    spans = quote_spans(text, list(line_spans(text)))

    assert len(spans) == 7  # the ‘nested’ one is inside a double quotation, not a quotation of its own
    assert all(start < end <= next_start for (start, end), (next_start, _) in pairwise(spans))


def test_a_word_seen_again_gets_the_same_properties_and_its_own_offsets():
    text = "Kim’s aides said Kim’s visit ended. The U.S. said so. The U.S. agreed."

    tokens = tokenize(text)
    first, second = (t for t in tokens if t.text == "Kim’s")
    us = [t for t in tokens if t.text == "U.S."]

    assert (first.start, second.start) == (0, 17)
    assert [(t.bare, t.lower, t.possessive, t.cap, t.acronym) for t in (first, second)] == [
        ("Kim", "kim", True, True, False)] * 2
    assert len(us) == 2 and all(t.acronym and t.kind == "word" for t in us)
    assert [t.text for t in tokens[-3:]] == ["U.S.", "agreed", "."]
