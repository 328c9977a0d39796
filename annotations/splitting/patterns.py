"""Word lists as fast regular expressions.

Python's ``re`` tries every alternative of ``(?:said|says|told|...)`` at every
word boundary of a sentence, so a rule with sixty words cost 15-25 µs a
sentence, and the news rules and claim types were most of the splitter's
time. The same words as a trie (``s(?:a(?:id|ys)|...)``) fail after a
character or two. A trie matches wherever the list would: the engine
backtracks into it as into the list, so only which alternative wins can
differ, and the rules only ask whether a pattern matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def one_of(words: Iterable[str]) -> str:
    """A non-capturing group that matches any of ``words`` (literal text, spaces allowed)."""
    trie: dict = {}
    for word in words:
        if not word:
            raise ValueError("an empty word would match everywhere")
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + _pattern(trie) + ")"


def _pattern(node: dict) -> str:
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here and longer ones go on
        return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
    return body


def forms(*stems_and_endings: str) -> list[str]:
    """``forms("reflect:|s|ed", "exposes")`` -> reflect, reflects, reflected, exposes."""
    words = []
    for item in stems_and_endings:
        stem, _, endings = item.partition(":")
        words += [stem + ending for ending in endings.split("|")] if endings else [stem]
    return words
