"""Word lists compiled as tries match exactly where the plain alternation matches."""

import random
import re

import pytest

from annotations.splitting.patterns import forms, one_of

WORDS = ["say", "says", "said", "sa", "told", "tell", "tells", "according to", "in a statement", "in a",
         "a", "ab", "abc", "b.c", "c++", "(x)", "half", "halfway"]


def _texts(rng):
    pieces = WORDS + ["", " ", ".", ",", "x", "Say", "SAID", "to", "statement", "\n", "c+", "b c"]
    return ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 12)))
            for _ in range(3000)]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("template", [r"\b{}\b", r"{}", r"\b{}\b[^.]{{0,5}}?\bsaid\b", r"^{}"])
def test_a_trie_matches_wherever_the_alternation_matches(template, flags):
    rng = random.Random(template + str(flags))
    for size in (1, 2, 5, len(WORDS)):
        words = rng.sample(WORDS, size)
        plain = re.compile(template.format("(?:" + "|".join(map(re.escape, words)) + ")"), flags)
        trie = re.compile(template.format(one_of(words)), flags)
        for text in _texts(rng):
            assert bool(plain.search(text)) == bool(trie.search(text)), (words, text)


def test_an_empty_word_is_refused():
    with pytest.raises(ValueError):
        one_of(["said", ""])


def test_forms_expand_stems_and_endings():
    assert forms("reflect:|s|ed", "exposes", "official:|s") == [
        "reflect", "reflects", "reflected", "exposes", "official", "officials"]
