"""Sentence vectors from a static token table distilled from all-MiniLM-L6-v2 (numpy only).

The table (model/static_minilm.npz, see model/README.md) holds one 128-d row per
WordPiece token of the teacher's vocabulary; a sentence is the weighted mean of
its tokens' rows, unit length. Function words and punctuation carry little of
what a claim says, so they weigh less.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from annotations.splitting.wordpiece import WordPiece, for_vocabulary

from .text import STOPWORDS

MODEL_DIR = Path(__file__).resolve().parent / "model"
VOCAB_PATH = Path(__file__).resolve().parent.parent / "splitting" / "model" / "vocab.txt"
LOW_WEIGHT = 0.2


class StaticEmbedder:
    def __init__(self, vectors: np.ndarray, tokenizer: WordPiece):
        # float16 as shipped, half the memory of every worker process; gathered rows widen exactly.
        self.vectors = vectors
        self.tokenizer = tokenizer
        self.weights = np.ones(len(tokenizer.ids), dtype=np.float32)
        for token, i in tokenizer.ids.items():
            if token.startswith("[") and token.endswith("]") or not any(ch.isalnum() for ch in token):
                self.weights[i] = 0.0
            elif token in STOPWORDS:
                self.weights[i] = LOW_WEIGHT
        self.dims = vectors.shape[1]

    def embed(self, text: str) -> np.ndarray:
        ids = self.tokenizer.encode(text)
        if not ids:
            return np.zeros(self.dims, dtype=np.float32)
        weights = self.weights[ids]
        if not weights.any():
            return np.zeros(self.dims, dtype=np.float32)
        vector = weights @ self.vectors[ids].astype(np.float32)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector


@lru_cache(maxsize=1)
def embedder() -> StaticEmbedder:
    with np.load(MODEL_DIR / "static_minilm.npz") as arrays:
        vectors = arrays["vectors"]
    return StaticEmbedder(vectors, for_vocabulary(VOCAB_PATH))
