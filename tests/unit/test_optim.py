"""SGD against steps computed by hand (PyTorch's rule)."""
import numpy as np
import pytest

from nnlib import SGD, Dense, Parameter


def test_plain_sgd(optimizer_steps):
    w1, w2 = optimizer_steps(SGD, 2, lr=0.1)
    np.testing.assert_allclose(w1, [1 - 0.05, -2 - 0.1])
    np.testing.assert_allclose(w2, [0.95 - 0.025, -2.1 + 0.1])


def test_momentum(optimizer_steps):
    # v1 = g1 = [0.5, 1];   w1 = w0 - 0.1 v1 = [0.95, -2.1]
    # v2 = 0.9 v1 + g2 = [0.7, -0.1];  w2 = w1 - 0.1 v2 = [0.88, -2.09]
    w1, w2 = optimizer_steps(SGD, 2, lr=0.1, momentum=0.9)
    np.testing.assert_allclose(w1, [0.95, -2.1])
    np.testing.assert_allclose(w2, [0.88, -2.09])


def test_nesterov(optimizer_steps):
    # v1 = [0.5, 1];  step1 = g1 + 0.9 v1 = [0.95, 1.9];  w1 = [0.905, -2.19]
    # v2 = [0.7, -0.1]; step2 = g2 + 0.9 v2 = [0.88, -1.09]; w2 = [0.817, -2.081]
    w1, w2 = optimizer_steps(SGD, 2, lr=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_allclose(w1, [0.905, -2.19])
    np.testing.assert_allclose(w2, [0.817, -2.081])


def test_weight_decay_adds_wd_times_w_to_the_gradient(optimizer_steps):
    # g = [0.5, 1] + 0.1 * [1, -2] = [0.6, 0.8];  w1 = [1 - 0.06, -2 - 0.08]
    (w1,) = optimizer_steps(SGD, 1, lr=0.1, weight_decay=0.1)
    np.testing.assert_allclose(w1, [0.94, -2.08])


def test_momentum_and_weight_decay_together(optimizer_steps):
    # g1 = [0.6, 0.8]; v1 = g1; w1 = [0.94, -2.08]
    # g2 = [0.25, -1] + 0.1 w1 = [0.344, -1.208]; v2 = 0.5 v1 + g2 = [0.644, -0.808]
    # w2 = w1 - 0.1 v2 = [0.8756, -1.9992]
    _, w2 = optimizer_steps(SGD, 2, lr=0.1, momentum=0.5, weight_decay=0.1)
    np.testing.assert_allclose(w2, [0.8756, -1.9992])


def test_sgd_updates_a_layer_in_place():
    layer = Dense(2, 1, rng=0)
    before = layer.W.data.copy()
    layer(np.ones((1, 2)))
    layer.backward(np.ones((1, 1)))
    SGD(layer.parameters(), lr=0.5).step()
    np.testing.assert_allclose(layer.W.data, before - 0.5)


def test_bad_optimizer_arguments():
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match="not a Parameter"):
        SGD([np.zeros(2)], lr=0.1)
    with pytest.raises(ValueError, match="lr must be a non-negative number"):
        SGD([Parameter([1.0])], lr=-1)
    with pytest.raises(ValueError, match="nesterov=True needs a momentum"):
        SGD([Parameter([1.0])], lr=0.1, nesterov=True)
