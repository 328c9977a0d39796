"""BERT uncased WordPiece tokenisation in pure Python.

The shipped check-worthiness student averages static token embeddings taken
from the fine-tuned MiniLM teacher, so it must cut text into the teacher's
vocabulary exactly as the teacher's tokenizer does (lower-case, accents
stripped, punctuation split off, greedy longest-match word pieces). Words
repeat a lot in news, so each word's pieces are cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path


class WordPiece:
    def __init__(self, vocab: list[str], unk: str = "[UNK]", max_chars: int = 100):
        self.ids = {token: i for i, token in enumerate(vocab)}
        self.unk_id = self.ids[unk]
        self.max_chars = max_chars
        self.word_ids = lru_cache(maxsize=200_000)(self._word_ids)

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in _basic_tokens(text):
            ids.extend(self.word_ids(word))
        return ids

    def _word_ids(self, word: str) -> tuple[int, ...]:
        if len(word) > self.max_chars:
            return (self.unk_id,)
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                return (self.unk_id,)
            start = end
        return tuple(pieces)


def for_vocabulary(path: Path) -> WordPiece:
    """The one tokenizer of a vocabulary file: the splitter and the matcher read the same file, and
    sharing it keeps one vocabulary and one cache of word pieces per worker process, not two."""
    return _for_vocabulary(path.resolve())


@cache
def _for_vocabulary(path: Path) -> WordPiece:
    return WordPiece(path.read_text(encoding="utf-8").splitlines())


def _basic_tokens(text: str) -> list[str]:
    text = _normalise(text)
    if text.isascii():
        return _ASCII_TOKEN.findall(text)
    # A curly quote or a dash makes a sentence non-ASCII, but seldom its words: only the words
    # with such a character go character by character.
    tokens = []
    for word in text.split():
        tokens += _ASCII_TOKEN.findall(word) if word.isascii() else _unicode_tokens(word)
    return tokens


def _unicode_tokens(word: str) -> list[str]:
    """BERT's split of one word with no whitespace in it: each punctuation mark or CJK character alone."""
    tokens, current = [], []
    for char in word:
        if _splits_off(char):
            if current:
                tokens.append("".join(current))
                current = []
            tokens.append(char)
        else:
            current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


@cache
def _splits_off(char: str) -> bool:
    return _is_punctuation(char) or _is_cjk(char)


@lru_cache(maxsize=100_000)
def _normalise(text: str) -> str:
    if text.isascii():
        # Nothing to decompose or strip of accents: only control characters go.
        return _ASCII_CONTROL.sub("", text.lower())
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if unicodedata.category(c) != "Mn" and not _is_control(c))


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf") or ord(char) == 0xFFFD


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# BERT's basic tokeniser goes character by character: each punctuation mark is
# a token, other runs between whitespace are words. For ASCII text (nearly all
# of it) the same split is one regular expression, several times faster.
_ASCII_PUNCTUATION = r"!-/:-@\[-`{-~"
_ASCII_TOKEN = re.compile(rf"[{_ASCII_PUNCTUATION}]|[^\s{_ASCII_PUNCTUATION}]+")
