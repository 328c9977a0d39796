"""The CPU training command's parts, and the artifact it wrote."""

import json

import numpy as np

from annotations.splitting import checkworthiness
from annotations.splitting.ngrams import Vectorizer, sparse_dot
from annotations.splitting.train import best_threshold, fit_logistic, prf_at, sparse_model


def test_logistic_regression_learns_which_ngrams_mark_a_claim():
    texts = ["unemployment rose to 5 percent"] * 20 + ["i love this great country"] * 20
    y = np.array([1.0] * 20 + [0.0] * 20)
    vectorizer = Vectorizer.fit(texts, min_df=1)
    rows = vectorizer.transform(texts)
    forward, backward = sparse_model(rows, len(vectorizer.vocabulary))
    w, b = fit_logistic(forward, backward, len(vectorizer.vocabulary), y, np.ones(40), 1e-4, "test", steps=100)
    p = 1 / (1 + np.exp(-(sparse_dot(vectorizer.transform(["unemployment rose", "great country"]), w) + b)))
    assert p[0] > 0.8 and p[1] < 0.2


def test_ngram_rows_are_unit_length_and_unknown_text_has_an_empty_row():
    vectorizer = Vectorizer.fit(["the senate passed the bill", "the house passed the bill"], min_df=1)
    indptr, indices, values = vectorizer.transform(["the senate passed the bill", "zzzz"])
    assert np.isclose(np.sum(values[indptr[0]:indptr[1]] ** 2), 1.0, atol=1e-5)
    assert indptr[2] == indptr[1]


def test_best_threshold_is_the_f1_best_cut_between_two_scores():
    probs = np.array([0.9, 0.8, 0.6, 0.4, 0.1])
    y = np.array([1, 1, 0, 1, 0])
    best = best_threshold(probs, y)
    assert best["f1"] == prf_at(probs, y, 0.25)["f1"] == round(2 * 0.75 / 1.75, 4)
    assert 0.1 < best["threshold"] < 0.4


def test_shipped_blend_is_the_one_chosen_on_dev_test():
    metrics = json.loads((checkworthiness.MODEL_DIR / "metrics.json").read_text())
    model = checkworthiness.model()
    assert np.allclose(model.ensemble["blend"], metrics["chosen"]["blend"])
    assert np.isclose(model.ensemble["blend"].sum(), 1.0)
    assert np.isclose(model.checkthat_threshold, metrics["chosen"]["devtest"]["threshold"])
    assert "test_once" in metrics


def test_artifacts_stay_under_twenty_megabytes():
    size = sum(p.stat().st_size for p in checkworthiness.MODEL_DIR.iterdir())
    assert size < 20_000_000
