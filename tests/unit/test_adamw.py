"""AdamW: Adam with decoupled weight decay, against steps computed by hand (PyTorch's rule)."""
import numpy as np

from nnlib import Adam, AdamW


def adamw_by_hand(w, gradients, lr, wd, b1=0.9, b2=0.999, eps=1e-8):
    """The rule written out: shrink w by (1 - lr wd), then Adam's bias-corrected step from g alone."""
    m = v = np.zeros_like(w)
    out = []
    for t, g in enumerate(gradients, start=1):
        w = w * (1 - lr * wd)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        out.append(w)
    return out


def test_first_step_shrinks_then_moves_each_weight_by_lr(optimizer_steps):
    # w0 = [1, -2], g1 = [0.5, 1]: shrink to [0.99, -1.98], then m_hat = g, v_hat = g^2: step lr * sign(g)
    (w1,) = optimizer_steps(AdamW, 1, lr=0.1, weight_decay=0.1)
    np.testing.assert_allclose(w1, [0.99 - 0.1, -1.98 - 0.1], rtol=1e-7)


def test_two_steps_match_the_rule(optimizer_steps, optimizer_gradients):
    got = optimizer_steps(AdamW, 2, lr=0.1, weight_decay=0.1)
    want = adamw_by_hand(np.array([1.0, -2.0]), optimizer_gradients, lr=0.1, wd=0.1)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_decoupled_decay_differs_from_adams_l2_and_vanishes_without_decay(optimizer_steps):
    l2 = optimizer_steps(Adam, 2, lr=0.1, weight_decay=0.1)
    decoupled = optimizer_steps(AdamW, 2, lr=0.1, weight_decay=0.1)
    assert not np.allclose(l2, decoupled)
    np.testing.assert_array_equal(optimizer_steps(AdamW, 2, lr=0.1, weight_decay=0.0),
                                  optimizer_steps(Adam, 2, lr=0.1))


def test_default_weight_decay_is_pytorchs():
    from nnlib import Parameter

    assert AdamW([Parameter([1.0])]).weight_decay == 0.01
