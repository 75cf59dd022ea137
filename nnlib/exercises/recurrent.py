"""Checkers for the recurrent-networks chapter."""
import numpy as np

from .verdict import Failure, call_reader, compare_arrays, report


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


def _lstm_step(x, h, c, Wx, Wh, b):
    """One LSTM step, the contract's equations (gates i, f, g, o in that order)."""
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f, o = (1 / (1 + np.exp(-a[:, k * H:(k + 1) * H])) for k in (0, 1, 3))
    g = np.tanh(a[:, 2 * H:3 * H])
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next


def check_lstm_step_backward(lstm_step_backward, cases=3, rng=0):
    """Check ``lstm_step_backward(x, h, c, Wx, Wh, b, dh_next, dc_next) -> (dx, dh, dc, dWx, dWh, db)``.

    The step is ``h_next, c_next = lstm(x, h, c)``; ``dh_next`` and ``dc_next`` are the
    gradients arriving at its two outputs. On random shapes, every gradient is compared
    with finite differences of ``sum(h_next * dh_next + c_next * dc_next)``, and (with
    ``dc_next = 0``, the gradient ``nnlib.LSTM`` takes) with ``nnlib.LSTM`` run for one step.
    """
    from ..gradcheck import numerical_gradient
    from ..recurrent import LSTM

    gen = np.random.default_rng(rng)
    names = ("dx", "dh", "dc", "dWx", "dWh", "db")
    hints = {
        "dc": "the memory reaches the past along c_t = f * c_{t-1} + i * g: dc_{t-1} = dc_t * f, where dc_t"
              " collects dc_next and dh_next * o * (1 - tanh(c_t)^2).",
        "dh": "h_{t-1} feeds all four gates through Wh: dh_{t-1} = da @ Wh^T, with da the four gate gradients"
              " (each times its own slope: s(1 - s) for i, f, o and 1 - g^2 for g).",
        "dx": "x feeds all four gates through Wx: dx = da @ Wx^T.",
        "dWx": "dWx = x^T @ da, where da stacks the gradients of the four pre-activations (i, f, g, o).",
        "dWh": "dWh = h^T @ da, with the previous state h (not the new one).",
        "db": "db = da summed over the batch.",
    }
    failures, checks = [], 0
    for _ in range(cases):
        n, d, hidden = (int(s) for s in gen.integers(1, 4, size=3))
        x, h, c = gen.standard_normal((n, d)), gen.standard_normal((n, hidden)), gen.standard_normal((n, hidden))
        layer = LSTM(d, hidden, rng=gen)
        Wx, Wh, b = layer.Wx.data.copy(), layer.Wh.data.copy(), layer.b.data.copy()
        dh_next, dc_next = gen.standard_normal((n, hidden)), gen.standard_normal((n, hidden))
        inputs = {"x": x, "h": h, "c": c, "Wx": Wx, "Wh": Wh, "b": b}

        def scalar(name):
            def f(value):
                args = dict(inputs, **{name: value})
                h_next, c_next = _lstm_step(args["x"], args["h"], args["c"], args["Wx"], args["Wh"], args["b"])
                return float(np.sum(h_next * dh_next + c_next * dc_next))
            return f

        by_differences = {f"d{name}": numerical_gradient(scalar(name), value.copy()) for name, value in inputs.items()}
        layer.forward(x[:, None, :], state=(h, c))
        dx = layer.backward(dh_next[:, None, :])
        by_nnlib = {"dx": dx[:, 0], "dh": layer.grad_state[0], "dc": layer.grad_state[1],
                    "dWx": layer.Wx.grad, "dWh": layer.Wh.grad, "db": layer.b.grad}
        where = f"x {x.shape}, h {h.shape}"
        for reference, arriving_dc in (("finite differences", dc_next), ("nnlib.LSTM (dc_next = 0)", np.zeros_like(c))):
            checks += len(names)
            got, error = call_reader(lstm_step_backward, x.copy(), h.copy(), c.copy(), Wx.copy(), Wh.copy(), b.copy(),
                                     dh_next.copy(), arriving_dc.copy())
            if error:
                failures.append(Failure(f"lstm_step_backward with {where} {error}."))
                break
            if not isinstance(got, (tuple, list)) or len(got) != len(names):
                failures.append(Failure("lstm_step_backward must return six arrays: (dx, dh, dc, dWx, dWh, db)."))
                break
            want = by_differences if reference == "finite differences" else by_nnlib
            bad = next(filter(None, (compare_arrays(f"{name} ({where}) against {reference}", value, want[name],
                                                    hints[name], rtol=1e-5) for name, value in zip(names, got))), None)
            if bad:
                failures.append(bad)
                break
    report(failures, checks)
