"""Checkers for the recurrent-networks chapter."""
import numpy as np

from .verdict import Failure, call_reader, report


def check_rnn_step(rnn_step):
    """Check ``rnn_step(x, h, Wx, Wh, b) -> h_next``, one step of the tanh cell."""
    rng = np.random.default_rng(0)
    x, h = rng.standard_normal((3, 2)), rng.standard_normal((3, 4))
    Wx, Wh, b = rng.standard_normal((2, 4)), rng.standard_normal((4, 4)), rng.standard_normal(4)
    want = np.tanh(x @ Wx + h @ Wh + b)
    got, error = call_reader(rnn_step, x.copy(), h.copy(), Wx.copy(), Wh.copy(), b.copy())
    if error:
        report([Failure(f"rnn_step {error}. Shapes: x (3, 2), h (3, 4), Wx (2, 4), Wh (4, 4), b (4,).")], 2)
        return
    got = np.asarray(got, dtype=float)
    failures = []
    if got.shape != want.shape:
        failures.append(Failure(f"rnn_step returned shape {got.shape}, expected {want.shape}: one new state per row of x."))
    elif not np.allclose(got, want):
        hints = [(np.tanh(x @ Wx + b), "the previous state h is missing: h_t = tanh(x_t Wx + h_{t-1} Wh + b)."),
                 (np.tanh(x @ Wx + h @ Wh.T + b), "use h @ Wh, not h @ Wh.T: Wh maps the old state (rows) to the new (columns)."),
                 (1 / (1 + np.exp(-(x @ Wx + h @ Wh + b))), "the cell of this chapter uses tanh, not the sigmoid."),
                 (x @ Wx + h @ Wh + b, "the activation is missing: apply tanh to the sum.")]
        hint = next((text for value, text in hints if np.allclose(got, value)), "compare with tanh(x @ Wx + h @ Wh + b).")
        failures.append(Failure("rnn_step gave wrong values on random inputs.", hint))
    zero, error = call_reader(rnn_step, np.zeros((1, 2)), np.zeros((1, 4)), Wx, Wh, np.zeros(4))
    if error or not np.allclose(zero, 0):
        failures.append(Failure("with zero input, zero state and zero bias the new state must be tanh(0) = 0."))
    report(failures, 2)
