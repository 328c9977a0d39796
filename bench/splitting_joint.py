"""Dev-test only: does one logistic regression over n-grams + pooled embeddings beat the blend?

Usage: python bench/splitting_joint.py   (never reads CheckThat test; about 5 minutes on one core)

An experiment for issue 3 (a): if a setting here beats the shipped blend on
dev-test it would become a member in annotations/splitting/train.py and be
scored on test once; otherwise the shipped blend stays. Results: docs/splitting.md.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from annotations.splitting import data  # noqa: E402
from annotations.splitting.checkworthiness import load  # noqa: E402
from annotations.splitting.ngrams import Vectorizer, sparse_dot  # noqa: E402
from annotations.splitting.train import NEWS_WEIGHT, best_threshold, fit_logistic, sparse_model  # noqa: E402


def main():
    fit_rows, news_rows = data.checkthat("train") + data.checkthat("dev"), data.news("train")
    texts = [t for t, _ in fit_rows] + [t for t, _ in news_rows]
    y = np.array([lab for _, lab in fit_rows] + [lab for _, lab in news_rows], dtype=np.float64)
    weights = np.ones(len(texts))
    weights[len(fit_rows):] = NEWS_WEIGHT
    devtest = data.checkthat("dev-test")
    dt_texts, dt_y = [t for t, _ in devtest], np.array([lab for _, lab in devtest])
    student = load()
    st_dt = student.probabilities(dt_texts)
    _, pooled_fit = student.student(texts)
    _, pooled_dt = student.student(dt_texts)
    mean, std = pooled_fit.mean(0), pooled_fit.std(0) + 1e-6
    z_fit = ((pooled_fit - mean) / std).astype(np.float64)
    z_dt = ((pooled_dt - mean) / std).astype(np.float64)
    vectorizer = Vectorizer.fit(texts)
    rows_fit, rows_dt = vectorizer.transform(texts), vectorizer.transform(dt_texts)
    n_sparse = len(vectorizer.vocabulary)
    sparse_fwd, sparse_bwd = sparse_model(rows_fit, n_sparse)
    print("shipped blend on dev-test:", best_threshold(st_dt, dt_y))
    for scale in (0.05, 0.1, 0.2):
        # The dense block is scaled down so that 512 dense features do not drown the sparse ones.
        def forward(w, scale=scale):
            return sparse_fwd(w[:n_sparse]) + scale * (z_fit @ w[n_sparse:])

        def backward(r, scale=scale):
            return np.concatenate([sparse_bwd(r), scale * (z_fit.T @ r)])

        for l2 in (1e-5, 3e-5):
            w, b = fit_logistic(forward, backward, n_sparse + z_fit.shape[1], y, weights, l2,  # noqa: B023
                                f"joint scale={scale} l2={l2}")
            z = sparse_dot(rows_dt, w[:n_sparse]) + scale * (z_dt @ w[n_sparse:]) + b
            probs = 1 / (1 + np.exp(-z))
            print(f"joint scale={scale} l2={l2}: {best_threshold(probs, dt_y)}; "
                  f"half with shipped blend: {best_threshold(0.5 * probs + 0.5 * st_dt, dt_y)}", flush=True)


if __name__ == "__main__":
    main()
