"""Losses: values by hand, gradient checks, bad input, stability at |z| = 1e4."""
import warnings

import numpy as np
import pytest

from nnlib import BCELoss, CrossEntropyLoss, MSELoss, gradcheck_loss, sigmoid

TOL = 1e-7
rng = np.random.default_rng(0)


def test_mse_value_by_hand():
    loss = MSELoss()
    assert loss(np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]])) == pytest.approx((1 + 4) / 2)
    np.testing.assert_allclose(loss.backward(), [[2 * 1 / 2, 2 * -2 / 2]])


def test_cross_entropy_only_the_true_class_counts():
    z = np.array([[2.0, 1.0, 0.1]])
    p = np.exp(z) / np.exp(z).sum()
    assert CrossEntropyLoss()(z, np.array([0])) == pytest.approx(-np.log(p[0, 0]))


def test_cross_entropy_indices_equal_one_hot():
    z = rng.standard_normal((5, 3))
    idx = np.array([0, 2, 1, 1, 0])
    a, b = CrossEntropyLoss(), CrossEntropyLoss()
    assert a(z, idx) == pytest.approx(b(z, np.eye(3)[idx]))
    np.testing.assert_allclose(a.backward(), b.backward())


def test_cross_entropy_gradient_is_softmax_minus_target_over_n():
    z = rng.standard_normal((4, 3))
    y = np.array([2, 0, 1, 1])
    loss = CrossEntropyLoss()
    loss(z, y)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(loss.backward(), (p - np.eye(3)[y]) / 4)


@pytest.mark.parametrize(
    "loss, pred, target",
    [
        (MSELoss(), rng.standard_normal((4, 3)), rng.standard_normal((4, 3))),
        (CrossEntropyLoss(), rng.standard_normal((5, 4)), np.array([0, 3, 1, 2, 2])),
        (CrossEntropyLoss(), rng.standard_normal((3, 4)), np.full((3, 4), 0.25)),
        (BCELoss(), sigmoid(rng.standard_normal((6, 1))), rng.integers(0, 2, (6, 1)).astype(float)),
    ],
    ids=["mse", "ce-indices", "ce-soft", "bce"],
)
def test_loss_gradients_pass_gradcheck(loss, pred, target):
    assert gradcheck_loss(loss, pred, target) <= TOL


def test_losses_are_finite_without_warnings_for_extreme_inputs():
    z = np.array([[1e4, -1e4], [-1e4, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ce = CrossEntropyLoss()
        value = ce(z, np.array([1, 1]))
        grad = ce.backward()
        bce = BCELoss()
        p = sigmoid(np.array([[1e4], [-1e4]]))  # exactly 1.0 and 0.0
        b_value = bce(p, np.array([[0.0], [1.0]]))
        b_grad = bce.backward()
    assert np.isfinite(value) and value == pytest.approx(1e4)
    assert np.all(np.isfinite(grad))
    assert np.isfinite(b_value) and b_value > 20 and np.all(np.isfinite(b_grad))


@pytest.mark.parametrize(
    "loss, pred, target, message",
    [
        (MSELoss(), np.zeros((3, 2)), np.zeros((3, 1)), r"MSELoss: pred and target must have the same shape, got pred \(3, 2\) and target \(3, 1\)"),
        (CrossEntropyLoss(), np.zeros(3), np.zeros(3, int), r"CrossEntropyLoss: expected pred \(logits\) of shape \(N, C\), got \(3,\)"),
        (CrossEntropyLoss(), np.zeros((3, 2)), np.zeros(4, int), r"CrossEntropyLoss: expected target of shape \(3,\) or \(3, 2\), got \(4,\)"),
        (CrossEntropyLoss(), np.zeros((2, 2)), np.array([0, 2]), r"class indices must lie in \[0, 1\]"),
        (CrossEntropyLoss(), np.zeros((2, 2)), np.array([-1, 0]), r"class indices must lie in \[0, 1\], got range \[-1, 0\]"),
        (BCELoss(), np.array([0.5, 1.5]), np.array([0.0, 1.0]), r"BCELoss: pred must be probabilities in \[0, 1\]"),
        (BCELoss(), np.array([0.5]), np.array([0.0, 1.0]), r"BCELoss: pred and target must have the same shape"),
    ],
)
def test_bad_loss_input_is_named(loss, pred, target, message):
    with pytest.raises(ValueError, match=message):
        loss(pred, target)


def test_backward_before_call_is_a_clear_error():
    with pytest.raises(RuntimeError, match="call the loss before backward"):
        MSELoss().backward()


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf-on-true-class"])
def test_cross_entropy_warns_when_logits_are_not_finite(bad):
    z = rng.standard_normal((3, 4))
    z[1, 2] = bad
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning, match=r"CrossEntropyLoss: pred contains 1 non-finite value"):
        CrossEntropyLoss()(z, np.array([0, 2, 3]))  # (numpy's own "inf - inf" warning is silenced here)
