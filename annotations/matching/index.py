"""Candidate generation without comparing every pair: shared keys, rare ones first.

A claim's keys are its content words, numbers and dates (hashed), plus
random-hyperplane LSH buckets of its vector for paraphrases that share no word.
A key held by more than ``MAX_POSTINGS`` claims ("russia", a crowded bucket)
says nothing and is skipped; the other shared keys are weighted by rarity and
each claim keeps its ``TOP_CANDIDATES`` best candidates for full scoring.

One key is never skipped: the claim's exact text (case and spacing aside). A
wire story reprinted by more outlets than ``MAX_POSTINGS`` has every key of its
sentences crowded, so without it the 61st copy would find none of the others;
with it, each later copy is scored against the first ``EXACT_CANDIDATES``
copies, joins their group, and costs a few scores instead of sixty.

Each vector gets ``TABLES`` keys, one per table, each the signs of ``BITS``
fixed random projections. Two claims become candidates when they share a key;
for vectors at cosine c the chance of sharing at least one key is
1 - (1 - (1 - acos(c)/pi) ** BITS) ** TABLES, so paraphrases (c >= 0.6) almost
always meet while unrelated claims (c near 0.1) rarely do. The keys are plain
integers, so the same keys live in a database table (annotations.services.matching) and
in the in-memory :class:`Index` the CLI and the evaluation use.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np

TABLES = 24
BITS = 12
SEED = 20260601
MAX_POSTINGS = 60
TOP_CANDIDATES = 40
TERM_KEY_BASE = 1 << 40
# Above every term key (TERM_KEY_BASE | a 48-bit digest), and still a signed 64-bit integer.
EXACT_KEY_BASE = 1 << 49
EXACT_CANDIDATES = 3


@lru_cache(maxsize=4)
def _planes(dims: int) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    return rng.standard_normal((dims, TABLES * BITS)).astype(np.float32)


def lsh_keys(vector: np.ndarray) -> list[int]:
    """The claim's bucket in every table, as ints unique across tables."""
    if not np.any(vector):
        return []
    bits = (vector.astype(np.float32) @ _planes(vector.shape[0])) > 0
    weights = 1 << np.arange(BITS)
    codes = bits.reshape(TABLES, BITS) @ weights
    return [int(table << BITS | code) for table, code in enumerate(codes)]


def lsh_keys_many(vectors: np.ndarray) -> list[list[int]]:
    if len(vectors) == 0:
        return []
    bits = (vectors.astype(np.float32) @ _planes(vectors.shape[1])) > 0
    codes = bits.reshape(len(vectors), TABLES, BITS) @ (1 << np.arange(BITS))
    offsets = np.arange(TABLES) << BITS
    return [
        [] if not np.any(vec) else (offsets | row).tolist() for vec, row in zip(vectors, codes, strict=True)
    ]


@lru_cache(maxsize=32768)
def term_key(term: str) -> int:
    # Cached: the claims of a batch repeat most of their words.
    digest = hashlib.blake2b(term.encode("utf-8"), digest_size=6).digest()
    return TERM_KEY_BASE | int.from_bytes(digest, "big")


def exact_key(text: str) -> int:
    """The key of a claim's exact wording, the same for copies that differ only in case and spacing."""
    normal = " ".join(text.casefold().split())
    return EXACT_KEY_BASE | int.from_bytes(hashlib.blake2b(normal.encode("utf-8"), digest_size=6).digest(), "big")


def is_exact_key(key: int) -> bool:
    return key >= EXACT_KEY_BASE


def claim_keys(vector: np.ndarray, terms, quantities=(), text: str = "") -> list[int]:
    """Every key of one claim: its LSH buckets, its hashed terms and its quantities, then its exact text's.

    A quantity is keyed by its value, without the mark of an approximate figure, so
    "Twenty-three killed" meets "The death toll stands at 23" with no word in common.
    """
    values = {quantity.removeprefix("~") for quantity in quantities}
    # A figure in plain digits ("312") is a term too: keyed once, by its value.
    keyed = (set(terms) - values) | {"#" + value for value in values}
    exact = [exact_key(text)] if text.strip() else []
    return lsh_keys(vector) + sorted({term_key(term) for term in keyed}) + exact


def rank_candidates(query_keys, postings, document_frequency) -> list[int]:
    """The best candidates for one claim: shared keys weighted by rarity, common keys ignored."""
    weights: Counter = Counter()
    for key in query_keys:
        df = document_frequency.get(key, 0)
        if df > MAX_POSTINGS and is_exact_key(key):
            # The first copies of a much-reprinted sentence stand for all of them.
            for item in postings.get(key, ())[:EXACT_CANDIDATES]:
                weights[item] += 1.0
            continue
        if not df or df > MAX_POSTINGS:
            continue
        weight = 1.0 / math.log2(1 + df)
        for item in postings.get(key, ()):
            weights[item] += weight
    return [item for item, _ in weights.most_common(TOP_CANDIDATES)]


class Index:
    """An in-memory index: add items with their keys, ask for the candidates of a key set."""

    def __init__(self):
        self.postings: dict[int, list[int]] = defaultdict(list)

    def add(self, item: int, keys) -> None:
        for key in keys:
            self.postings[key].append(item)

    def candidates(self, keys) -> list[int]:
        frequency = {key: len(self.postings[key]) for key in keys if key in self.postings}
        return rank_candidates(keys, self.postings, frequency)
