"""The perceptron learns the separable gates and fails on XOR; the toy data sets are seeded."""
import numpy as np
import pytest

from nnlib import Perceptron, data


def test_and_gate_needs_greater_or_equal():
    X, y = data.logic_gate("AND")
    p = Perceptron(2, weights=[1.0, 1.0], threshold=2.0)
    np.testing.assert_array_equal(p.predict(X), y)
    assert p.bias == -2.0 and p.threshold == 2.0
    strictly_more = (X @ p.weights > p.threshold).astype(int)
    assert strictly_more[-1] == 0  # the rule as the notes state it gets (1, 1) wrong


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_learning_rule_converges_on_separable_gates(gate):
    X, y = data.logic_gate(gate)
    p = Perceptron(2)
    errors = p.fit(X, y, max_epochs=50)
    assert p.converged_ and errors[-1] == 0 and errors[0] > 0
    np.testing.assert_array_equal(p.predict(X), y)


def test_learning_rule_never_converges_on_xor():
    X, y = data.logic_gate("XOR")
    p = Perceptron(2)
    errors = p.fit(X, y, max_epochs=200)
    assert not p.converged_ and len(errors) == 200 and errors.min() >= 1
    assert (p.predict(X) == y).sum() <= 3


def test_shuffled_fit_is_reproducible_with_a_seed():
    X, y = data.logic_gate("OR")
    a = Perceptron(2).fit(X, y, shuffle=True, rng=4)
    b = Perceptron(2).fit(X, y, shuffle=True, rng=4)
    np.testing.assert_array_equal(a, b)


def test_perceptron_bad_input():
    with pytest.raises(ValueError, match=r"Perceptron\(2 inputs\): expected input of shape \(N, 2\), got \(4, 3\)"):
        Perceptron(2).predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="bias or threshold, not both"):
        Perceptron(2, bias=1, threshold=1)
    with pytest.raises(ValueError, match="targets must be 0 or 1"):
        Perceptron(2).fit(np.zeros((2, 2)), [0, 2])


def test_logic_gates():
    X, y = data.logic_gate("xor")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    with pytest.raises(ValueError, match="unknown gate 'XNOR'"):
        data.logic_gate("XNOR")


@pytest.mark.parametrize("make", [data.blobs, data.moons, data.spirals], ids=lambda f: f.__name__)
def test_toy_sets_are_seeded_and_shaped(make):
    X1, y1 = make(n=101, rng=5)
    X2, y2 = make(n=101, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert X1.shape == (101, 2) and y1.shape == (101,) and X1.dtype == np.float64
    assert set(np.unique(y1)) == set(range(y1.max() + 1)) and y1.max() >= 1
    assert not np.array_equal(make(n=101, rng=6)[0], X1)


def test_toy_sets_do_not_touch_global_random_state():
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    data.spirals(rng=1)
    data.moons(rng=1)
    data.blobs(rng=1)
    assert np.random.random() == expected
