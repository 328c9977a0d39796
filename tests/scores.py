"""Comparing check-worthiness scores computed in different batches, as reviewers see them.

The last bits of a float depend on how the BLAS build sums a batch (kernels
differ between machines and batch sizes), and the stored score is rounded to
4 decimals, so one ulp can move it by 0.0001. What reviewers see is the score
to 2 decimals, the check-worthy flag and the queue's order: those must not move.
"""

from annotations.splitting import checkworthiness

BATCH_TOLERANCE = 0.0005


def assert_same_as_seen(a: list[float], b: list[float]) -> None:
    threshold = checkworthiness.threshold()
    for x, y in zip(a, b, strict=True):
        assert abs(x - y) <= BATCH_TOLERANCE
        if abs(x - threshold) > BATCH_TOLERANCE:
            assert (x >= threshold) == (y >= threshold)
    for i, j in zip(range(len(a)), range(1, len(a)), strict=False):
        if abs(a[i] - a[j]) > 2 * BATCH_TOLERANCE:
            assert (a[i] < a[j]) == (b[i] < b[j])
