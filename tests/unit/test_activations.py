"""Activation functions: values, identities and numerical stability at |z| = 1e4."""
import warnings

import numpy as np
import pytest

from nnlib import leaky_relu, relu, sigmoid, softmax, tanh

BIG = np.array([-1e4, -800.0, -1.0, 0.0, 1.0, 800.0, 1e4])


def test_sigmoid_known_values_and_symmetry():
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid(2.93), 0.94931, atol=5e-6)
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(z) + sigmoid(-z), 1.0, rtol=0, atol=1e-15)


def test_tanh_is_a_rescaled_sigmoid():
    z = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(tanh(z), 2 * sigmoid(2 * z) - 1, atol=1e-14)


def test_relu_and_leaky_relu():
    np.testing.assert_array_equal(relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(leaky_relu([-2.0, 3.0], alpha=0.1), [-0.2, 3.0])


def test_softmax_rows_sum_to_one_and_ignore_shifts():
    z = np.random.default_rng(0).standard_normal((4, 5))
    s = softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    np.testing.assert_allclose(softmax(z + 1000.0), s)


@pytest.mark.parametrize("fn", [sigmoid, tanh, relu, softmax], ids=lambda f: f.__name__)
def test_stable_for_huge_inputs_without_warnings(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = fn(BIG)
    assert np.all(np.isfinite(out))


def test_saturated_values_are_exact():
    np.testing.assert_array_equal(sigmoid(np.array([-1e4, 1e4])), [0.0, 1.0])
    np.testing.assert_array_equal(softmax(np.array([[1e4, -1e4]])), [[1.0, 0.0]])
