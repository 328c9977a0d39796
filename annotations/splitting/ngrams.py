"""Word and character n-gram features for the linear check-worthiness model.

Shared by training (``train.py``) and inference (``checkworthiness.py``) so
the two can never disagree. Features are looked up in a vocabulary fixed at
training time (a dict, so no hash function has to be stable across runs),
weighted by log count times idf and L2-normalised per sentence, as
scikit-learn's TfidfVectorizer(sublinear_tf=True) would.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_DIGIT = re.compile(r"\d")
CHAR_SIZES = (3, 4, 5)


def tokens(sentence: str) -> list[str]:
    """Lower-cased word and punctuation tokens; every digit reads as 0, so 1.8% and 2.5% look alike."""
    return _WORD.findall(_DIGIT.sub("0", sentence.lower()))


def features(sentence: str) -> Counter:
    """Word uni- and bigrams (prefixed w:) and in-word character 3- to 5-grams (c:)."""
    words = tokens(sentence)
    grams = word_grams(words)
    for word in words:
        grams.extend(char_grams(word))
    return Counter(grams)


def word_grams(words: list[str]) -> list[str]:
    return ["w:" + w for w in words] + ["w:" + a + " " + b for a, b in zip(words, words[1:], strict=False)]


@lru_cache(maxsize=200_000)
def char_grams(word: str) -> tuple[str, ...]:
    # Words repeat a lot in news, so each word's grams are worked out once.
    padded = f" {word} "
    return tuple("c:" + padded[i:i + n] for n in CHAR_SIZES for i in range(len(padded) - n + 1))


class Vectorizer:
    """Sparse rows (CSR arrays) of tf-idf features over a fixed vocabulary."""

    def __init__(self, vocabulary: list[str], idf: np.ndarray):
        self.vocabulary = vocabulary
        self.index = {feature: i for i, feature in enumerate(vocabulary)}
        self.idf = idf.astype(np.float32)
        self.word_features = lru_cache(maxsize=200_000)(self._word_features)

    def _word_features(self, word: str) -> tuple[int, ...]:
        """The word's known character grams (words repeat a lot, so this is cached)."""
        index = self.index
        return tuple(index[g] for g in char_grams(word) if g in index)

    @classmethod
    def fit(cls, sentences: list[str], min_df: int = 3, max_features: int = 60_000) -> Vectorizer:
        df = Counter()
        for sentence in sentences:
            df.update(features(sentence).keys())
        kept = [f for f, n in df.most_common(max_features) if n >= min_df]
        kept.sort()
        n = len(sentences)
        idf = np.array([np.log((1 + n) / (1 + df[f])) + 1.0 for f in kept], dtype=np.float32)
        return cls(kept, idf)

    def transform(self, sentences: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, indices, values); a sentence with no known feature has an empty row."""
        indptr, indices, counts = [0], [], []
        get, word_features = self.index.get, self.word_features
        for sentence in sentences:
            words = tokens(sentence)
            # In the order features first occur, as a Counter over word_grams() and then
            # each word's character grams would list them: sums over a row, and so
            # training, come out the same to the last bit.
            pairs = [f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            found = [i for i in map(get, ["w:" + w for w in words]) if i is not None]
            found += [i for i in map(get, pairs) if i is not None]
            for word in words:
                found += word_features(word)
            row = Counter(found)
            indices += row
            counts += row.values()
            indptr.append(len(indices))
        indptr_a = np.array(indptr, dtype=np.int64)
        indices_a = np.array(indices, dtype=np.int64)
        counts_a = np.array(counts, dtype=np.float64)
        # 1 + log(count), as sublinear tf; math.log and numpy's log agree on these integers.
        tf = np.where(counts_a > 1, 1.0 + np.log(counts_a), 1.0).astype(np.float32)
        values_a = tf * self.idf[indices_a]
        lengths = np.diff(indptr_a)
        row_of = np.repeat(np.arange(len(sentences)), lengths)
        norms = np.sqrt(np.bincount(row_of, weights=values_a ** 2, minlength=len(sentences)))
        values_a = values_a / np.maximum(norms, 1e-12)[row_of]
        return indptr_a, indices_a, values_a.astype(np.float32)


def sparse_dot(rows: tuple[np.ndarray, np.ndarray, np.ndarray], weights: np.ndarray) -> np.ndarray:
    """Each sparse row times ``weights``."""
    indptr, indices, values = rows
    n = len(indptr) - 1
    row_of = np.repeat(np.arange(n), np.diff(indptr))
    return np.bincount(row_of, weights=values * weights[indices], minlength=n)
