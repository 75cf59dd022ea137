"""Cross-validation folds and the significance of test accuracies."""
import math

import numpy as np
import pytest

from nnlib.evaluation import accuracy_standard_error, kfold_indices, mcnemar_test


def test_kfold_covers_every_sample_once_and_never_trains_on_its_fold():
    folds = list(kfold_indices(23, 5, rng=0))
    assert len(folds) == 5
    seen = np.concatenate([val for _, val in folds])
    assert sorted(seen) == list(range(23))
    assert {len(val) for _, val in folds} == {4, 5}
    for train, val in folds:
        assert not set(train) & set(val) and len(train) + len(val) == 23


def test_kfold_rejects_impossible_k():
    with pytest.raises(ValueError, match="k must be an integer from 2 to n"):
        list(kfold_indices(3, 5))


def test_standard_error_by_hand():
    assert accuracy_standard_error(0.97, 450) == pytest.approx(math.sqrt(0.97 * 0.03 / 450))
    assert accuracy_standard_error(1.0, 10) == 0.0


def test_mcnemar_counts_disagreements_and_gives_exact_p_values():
    a = np.array([1, 1, 1, 0, 0, 1], dtype=bool)
    b = np.array([1, 0, 0, 0, 1, 1], dtype=bool)
    a_only, b_only, p = mcnemar_test(a, b)
    assert (a_only, b_only) == (2, 1)
    # 3 disagreements, split 2:1: P(X <= 1) = (1 + 3) / 8, two-sided 1.0
    assert p == 1.0
    # 10 disagreements all one way: 2 / 2^10
    assert mcnemar_test(np.ones(10, bool), np.zeros(10, bool))[2] == pytest.approx(2 / 1024)
    assert mcnemar_test(np.ones(4, bool), np.ones(4, bool)) == (0, 0, 1.0)
