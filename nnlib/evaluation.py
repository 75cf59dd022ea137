"""Judging models honestly: cross-validation folds, and how much a test accuracy can be trusted.

A test set of n images measures an accuracy p only up to its binomial standard
error sqrt(p (1 - p) / n). Two models scored on the *same* images are better
compared with a paired test: only the images on which they disagree carry
information, and McNemar's exact test asks whether those split unevenly.
"""
import math

import numpy as np

from ._checks import as_rng


def kfold_indices(n, k, rng=None):
    """Yield ``(train_idx, val_idx)`` for k-fold cross-validation of ``n`` samples in a shuffled order.

    Every sample is in exactly one validation fold; the folds differ in size by at most one.
    """
    if not isinstance(k, (int, np.integer)) or not 2 <= k <= n:
        raise ValueError(f"kfold_indices: k must be an integer from 2 to n = {n}, got {k!r}")
    order = as_rng(rng).permutation(n)
    for fold in np.array_split(order, k):
        yield np.setdiff1d(order, fold, assume_unique=True), fold


def accuracy_standard_error(accuracy, n):
    """The binomial standard error ``sqrt(p (1 - p) / n)`` of an accuracy ``p`` measured on ``n`` samples."""
    if not 0 <= accuracy <= 1 or n < 1:
        raise ValueError(f"accuracy_standard_error: need 0 <= accuracy <= 1 and n >= 1, got {accuracy!r}, {n!r}")
    return math.sqrt(accuracy * (1 - accuracy) / n)


def mcnemar_test(correct_a, correct_b):
    """McNemar's exact test for two classifiers scored on the same samples.

    ``correct_a`` and ``correct_b`` are boolean arrays (right or wrong on each sample).
    Returns ``(a_only, b_only, p_value)``: how many samples only A gets right, how many
    only B, and the two-sided probability of a split at least this uneven if both
    models were equally good (each disagreement then a fair coin).
    """
    correct_a, correct_b = np.asarray(correct_a, dtype=bool), np.asarray(correct_b, dtype=bool)
    if correct_a.shape != correct_b.shape or correct_a.ndim != 1:
        raise ValueError(f"mcnemar_test: expected two 1-D arrays of the same length, got shapes"
                         f" {correct_a.shape} and {correct_b.shape}")
    a_only = int(np.count_nonzero(correct_a & ~correct_b))
    b_only = int(np.count_nonzero(~correct_a & correct_b))
    n, low = a_only + b_only, min(a_only, b_only)
    tail = sum(math.comb(n, i) for i in range(low + 1)) / 2**n if n else 1.0
    return a_only, b_only, min(1.0, 2 * tail)
