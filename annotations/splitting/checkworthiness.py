"""Check-worthiness scores in [0, 1] from small models run with numpy, then the news rules.

The model (see ``model/README.md``) blends a distilled student, which
averages and convolves static token embeddings taken from a fine-tuned
MiniLM teacher (``model/checkworthiness.npz``), with two logistic regressions
made by ``train.py`` (``model/ensemble.npz``). ``news.py`` then adapts the
debate-trained probability to news. The model is loaded on first use and
cached, so importing the package stays cheap; paths are resolved from this
file, so any working directory will do.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from . import news
from .ngrams import Vectorizer, sparse_dot
from .wordpiece import WordPiece, for_vocabulary

MODEL_DIR = Path(__file__).resolve().parent / "model"
ENSEMBLE_PATH = MODEL_DIR / "ensemble.npz"
MAX_TOKENS = 64
UNK_ID = 100
BATCH = 32
# Chosen on the news tuning parts (train, test, fresh, tune; never heldout): the
# highest cut that keeps every check-worthy sentence there; see docs/splitting.md.
NEWS_THRESHOLD = 0.25


class Model:
    """The distilled CNN student, optionally blended with the linear models of ``train.py``.

    The student (``checkworthiness.npz``) came from a GPU distillation; the
    blend (``ensemble.npz``) is made on a CPU by ``python -m
    annotations.splitting.train``: logistic regression on word and character
    n-grams, logistic regression on pooled static embeddings, and the weights
    and threshold chosen on CheckThat dev-test.
    """

    def __init__(self, arrays: dict, tokenizer: WordPiece, ensemble: dict | None = None):
        self.tokenizer = tokenizer
        # Kept in float16 as shipped (16 MB, not 31, in every worker process); the rows a batch gathers are
        # widened to float32, exactly, so the scores are those of a float32 table.
        self.emb = arrays["emb"]
        self.cnn_w, self.cnn_b = arrays["cnn_w"], arrays["cnn_b"]
        self.hidden_w, self.hidden_b = arrays["hidden_w"], arrays["hidden_b"]
        self.out_w, self.out_b = arrays["out_w"], arrays["out_b"]
        self.checkthat_threshold = float(arrays["threshold"])
        self.ensemble = None
        if ensemble is not None:
            self.ensemble = ensemble
            self.vectorizer = Vectorizer(str(ensemble["ngram_vocabulary"]).split("\n"), ensemble["ngram_idf"])
            self.checkthat_threshold = float(ensemble["threshold"])

    def probabilities(self, sentences: list[str]) -> np.ndarray:
        student, pooled = self.student(sentences)
        if self.ensemble is None:
            return student
        w = self.ensemble["blend"]
        out = w[0] * student
        # A member with no weight is not worth its time.
        if w[1]:
            out += w[1] * self.ngram_probabilities(sentences)
        if w[2]:
            out += w[2] * self.pooled_probabilities(pooled)
        return out

    def ngram_probabilities(self, sentences: list[str]) -> np.ndarray:
        z = sparse_dot(self.vectorizer.transform(sentences), self.ensemble["ngram_w"]) + self.ensemble["ngram_b"]
        return _sigmoid(z)

    def pooled_probabilities(self, pooled: np.ndarray) -> np.ndarray:
        z = (pooled - self.ensemble["pooled_mean"]) / self.ensemble["pooled_std"]
        return _sigmoid(z @ self.ensemble["pooled_w"] + self.ensemble["pooled_b"])

    def student(self, sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The student's probabilities and each sentence's [mean, max] pooled embeddings."""
        ids = [self.tokenizer.encode(s)[:MAX_TOKENS] or [UNK_ID] for s in sentences]
        # Similar lengths share a batch, so little time goes on padding.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty(len(ids), dtype=np.float64)
        pooled = np.empty((len(ids), 2 * self.emb.shape[1]), dtype=np.float32)
        for i in range(0, len(order), BATCH):
            chunk = order[i:i + BATCH]
            out[chunk], pooled[chunk] = self._batch([ids[j] for j in chunk])
        return out, pooled

    def _batch(self, ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        # Padding is id 0, whose embedding is zero; one column of it on each side gives
        # the first and last token their zero neighbour in the convolution.
        padded = np.zeros((len(ids), int(lengths.max()) + 2), dtype=np.int64)
        for row, x in enumerate(ids):
            padded[row, 1:len(x) + 1] = x
        inner = padded[:, 1:-1]
        padding = (inner == 0)[:, :, None]
        x = self.emb[inner].astype(np.float32)
        mean = x.sum(1) / lengths[:, None].astype(np.float32)
        top = np.where(padding, np.float32(-1e4), x).max(1)
        # The width-3 convolution as three table lookups (see conv_tables).
        left, centre, right = self.conv_tables
        conv = left[padded[:, :-2]]
        conv += centre[inner]
        conv += right[padded[:, 2:]]
        conv += self.cnn_b
        np.maximum(conv, 0.0, out=conv)
        # After the ReLU every value is >= 0, so zeroed padding never wins the max.
        conv[np.broadcast_to(padding, conv.shape)] = 0.0
        pooled = conv.max(1)
        hidden = np.maximum(np.concatenate([mean, pooled], 1) @ self.hidden_w + self.hidden_b, 0.0)
        return _sigmoid(hidden @ self.out_w + self.out_b), np.concatenate([mean, top], 1)

    @cached_property
    def conv_tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each token's contribution to the convolution at its left, centre and right position.

        A width-3 convolution over static embeddings is linear in each token, so
        ``[x(t-1), x(t), x(t+1)] @ W`` is the sum of three per-token products that can be
        worked out once for the whole vocabulary (about 0.3 s and 94 MB at load). Scoring
        is then three gathers and an add per token instead of a 768 x 256 product, which
        was nine tenths of the splitter's time. The zero embedding of padding keeps
        contributing zero.
        """
        dims = self.emb.shape[1]
        emb = self.emb.astype(np.float32)
        return tuple(np.ascontiguousarray(emb @ self.cnn_w[k * dims:(k + 1) * dims]) for k in range(3))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def load(use_ensemble: bool = True, ensemble_path: Path = ENSEMBLE_PATH) -> Model:
    with np.load(MODEL_DIR / "checkworthiness.npz") as arrays:
        loaded = {name: arrays[name] for name in arrays.files}
    ensemble = None
    if use_ensemble and ensemble_path.exists():
        with np.load(ensemble_path) as arrays:
            ensemble = {name: arrays[name] for name in arrays.files}
    return Model(loaded, for_vocabulary(MODEL_DIR / "vocab.txt"), ensemble)


@lru_cache(maxsize=1)
def model() -> Model:
    return load()


def threshold() -> float:
    return NEWS_THRESHOLD


def score(sentences: list[str]) -> list[float]:
    """Check-worthiness of each sentence in news, rounded for stable output."""
    if not sentences:
        return []
    probabilities = _probabilities(sentences)
    return [round(news.adjusted(s, p), 4) for s, p in zip(sentences, probabilities, strict=False)]


# Wire copy repeats sentences word for word from one article to the next, and a sentence's
# probability depends on its text alone (never on its batch or neighbours: tests/splitting), so a
# worker process scores each distinct sentence once, up to this many remembered (oldest forgotten
# first; about 5 MB of sentences of 150 characters). docs/benchmarks.md, "Sentences scored once".
PROBABILITY_CACHE_SIZE = 1 << 14
_remembered: OrderedDict[str, float] = OrderedDict()
_remembered_lock = threading.Lock()


def _probabilities(sentences: list[str]) -> list[float]:
    with _remembered_lock:
        known = {s: _remembered[s] for s in sentences if s in _remembered}
    new = list(dict.fromkeys(s for s in sentences if s not in known))
    if new:
        known.update(zip(new, map(float, model().probabilities(new)), strict=True))
        with _remembered_lock:
            for sentence in new[-PROBABILITY_CACHE_SIZE:]:
                if len(_remembered) >= PROBABILITY_CACHE_SIZE:
                    _remembered.popitem(last=False)
                _remembered[sentence] = known[sentence]
    return [known[s] for s in sentences]


def forget_scores() -> None:
    with _remembered_lock:
        _remembered.clear()
