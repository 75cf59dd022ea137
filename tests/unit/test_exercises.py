"""The exercise checker tells right from wrong answers and names the mistake."""
import numpy as np
import pytest

from nnlib.exercises import check_step_neuron


@pytest.fixture(autouse=True)
def reader(monkeypatch):
    """The checks as a reader runs them: with hints (the book's own outputs hide them)."""
    monkeypatch.delenv("NNLIB_HIDE_HINTS", raising=False)


def test_stored_pages_show_the_symptom_but_not_the_hint(capsys, monkeypatch):
    monkeypatch.setenv("NNLIB_HIDE_HINTS", "1")
    check_step_neuron(lambda x, w, t: int(x @ w > t))
    out = capsys.readouterr().out
    assert "returned 0, expected 1" in out
    assert "'>='" not in out and "Hint" not in out and "Run this cell yourself to see a hint" in out


def test_correct_step_neuron_passes(capsys):
    check_step_neuron(lambda x, w, t: int(x @ w >= t))
    assert capsys.readouterr().out == "All 6 checks passed. Well done!\n"


def test_strict_inequality_is_caught_and_explained(capsys):
    check_step_neuron(lambda x, w, t: int(x @ w > t))
    out = capsys.readouterr().out
    assert out.startswith("2 of 6 checks failed")
    assert "returned 0, expected 1" in out and "'>='" in out


def test_errors_and_wrong_types_are_reported(capsys):
    check_step_neuron(lambda x, w, t: x[0] * w[0] + x[1] * w[1] + x[2])
    assert "raised IndexError" in capsys.readouterr().out
    check_step_neuron(lambda x, w, t: (x * w >= t).astype(int))
    assert "return a single number" in capsys.readouterr().out
    check_step_neuron(lambda x, w, t: float(np.dot(x, w)) + 0.5)
    assert "only outputs 0 or 1" in capsys.readouterr().out


from nnlib.exercises import check_dense_layer, check_tanh_backward  # noqa: E402
from nnlib import Tanh  # noqa: E402


def right_forward(x, W, b):
    return x @ W + b


def right_backward(x, W, g):
    return x.T @ g, g.sum(axis=0), g @ W.T


def test_dense_layer_from_scratch_passes_when_right(capsys):
    check_dense_layer(right_forward, right_backward)
    assert capsys.readouterr().out == "All 16 checks passed. Well done!\n"


@pytest.mark.parametrize("backward, expected", [
    (lambda x, W, g: (x.T @ g, g.mean(axis=0), g @ W.T), "db (with"),
    (lambda x, W, g: (g.T @ x, g.sum(axis=0), g @ W.T), "dW (with"),
    (lambda x, W, g: (x.T @ g, g.sum(axis=0), g @ W), "raised ValueError"),
])
def test_dense_layer_checker_names_the_wrong_gradient(capsys, backward, expected):
    check_dense_layer(right_forward, backward)
    out = capsys.readouterr().out
    assert "checks failed" in out and expected in out and "Hint" in out


def test_dense_layer_checker_reports_a_stub_and_a_wrong_forward(capsys):
    def stub(*args):
        raise NotImplementedError

    check_dense_layer(stub, stub)
    out = capsys.readouterr().out
    assert out.startswith("Nothing checked yet:\n  dense_forward") and "is not written yet" in out
    check_dense_layer(lambda x, W, b: x @ W, right_backward)
    assert "dense_forward's Z" in capsys.readouterr().out


def test_dense_layer_checker_uses_random_shapes_not_one_answer(capsys):
    """A function that only knows one shape's answer cannot pass: the shapes change between cases."""
    shapes = set()

    def spy(x, W, b):
        shapes.add((x.shape, W.shape))
        return x @ W + b

    check_dense_layer(spy, right_backward)
    assert len(shapes) >= 3


def test_tanh_checker_finds_the_planted_bugs(capsys):
    class Planted(Tanh):
        def backward(self, grad_out):
            return grad_out * (1 - self.x ** 2)

        def forward(self, x):
            self.x = np.asarray(x, dtype=float)
            return super().forward(x)

    check_tanh_backward(Tanh())
    assert capsys.readouterr().out == "The check passed. Well done!\n"
    check_tanh_backward(Planted())
    out = capsys.readouterr().out
    assert "disagrees with finite differences" in out and "square the layer's output" in out


from nnlib.exercises import check_bce, check_parameter_count  # noqa: E402


def test_parameter_count_checker(capsys):
    check_parameter_count(lambda s: sum(a * b + b for a, b in zip(s, s[1:])))
    assert capsys.readouterr().out == "All 5 checks passed. Well done!\n"
    check_parameter_count(lambda s: sum(a * b for a, b in zip(s, s[1:])))
    assert "you left out the biases" in capsys.readouterr().out


def test_bce_checker(capsys):
    def good(p, y):
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    check_bce(good)
    assert capsys.readouterr().out == "All 4 checks passed. Well done!\n"
    check_bce(lambda p, y: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    out = capsys.readouterr().out
    assert out.startswith("1 of 4 checks failed") and "Clip p" in out
    check_bce(lambda p, y: -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert "returned" in capsys.readouterr().out



def test_adam_checker_accepts_adam_and_names_the_missing_bias_correction(capsys):
    from nnlib.exercises import check_adam_step

    def correct(w, g, m, v, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v

    def uncorrected(w, g, m, v, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        return w - lr * m / (np.sqrt(v) + eps), m, v

    def unsquared(w, g, m, v, t, lr, beta1, beta2, eps):
        return correct(w, g, m, v - (1 - beta2) * (g * g - g), t, lr, beta1, beta2, eps)

    check_adam_step(correct)
    assert "All 12 checks passed" in capsys.readouterr().out
    check_adam_step(uncorrected)
    out = capsys.readouterr().out
    assert "step 1 (shape" in out and "without bias correction" in out
    check_adam_step(unsquared)
    assert "*squared* gradient" in capsys.readouterr().out

    def stub(*args):
        raise NotImplementedError

    check_adam_step(stub)
    assert capsys.readouterr().out.startswith("Nothing checked yet")


def test_adam_checker_draws_new_settings_for_every_run(capsys):
    from nnlib.exercises import check_adam_step

    seen = set()

    def spy(w, g, m, v, t, lr, beta1, beta2, eps):
        seen.add((w.shape, round(lr, 12)))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v

    check_adam_step(spy)
    assert len(seen) == 3


def test_batchnorm_backward_checker(capsys):
    from nnlib.exercises import check_batchnorm_backward

    def right(x, gamma, g, eps):
        n = len(x)
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
        dx = gamma / (n * np.sqrt(var + eps)) * (n * g - g.sum(axis=0) - x_hat * np.sum(g * x_hat, axis=0))
        return dx, np.sum(g * x_hat, axis=0), g.sum(axis=0)

    def ignores_the_batch_statistics(x, gamma, g, eps):
        dx, dgamma, dbeta = right(x, gamma, g, eps)
        return g * gamma / np.sqrt(x.var(axis=0) + eps), dgamma, dbeta

    check_batchnorm_backward(right)
    assert "All 9 checks passed" in capsys.readouterr().out
    check_batchnorm_backward(ignores_the_batch_statistics)
    out = capsys.readouterr().out
    assert "dx (x of shape" in out and "moves the batch mean and variance" in out


def test_output_side_checker_names_the_padding_and_the_rounding(capsys):
    from nnlib.exercises import check_output_side

    def right(n, k, s, p):
        span = n + 2 * p - k
        return span // s + 1 if span >= 0 and span % s == 0 else None

    check_output_side(right)
    assert "All 7 checks passed" in capsys.readouterr().out
    check_output_side(lambda n, k, s, p: (n - k) // s + 1)
    assert "forget the padding" in capsys.readouterr().out
    check_output_side(lambda n, k, s, p: (n + 2 * p - k) // s + 1)
    assert "rounds down silently" in capsys.readouterr().out


def test_rnn_step_checker_names_the_missing_state(capsys):
    from nnlib.exercises import check_rnn_step

    check_rnn_step(lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + h @ Wh + b))
    assert "All 2 checks passed" in capsys.readouterr().out
    check_rnn_step(lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + b))
    assert "the previous state h is missing" in capsys.readouterr().out
    check_rnn_step(lambda x, h, Wx, Wh, b: x @ Wx + h @ Wh + b)
    assert "the activation is missing" in capsys.readouterr().out


def lstm_step_backward(x, h, c, Wx, Wh, b, dh_next, dc_next, forget_the_forget_gate=False):
    """A right answer (and, on request, a planted mistake) for the LSTM-step checker."""
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    i, f, g, o = sig(a[:, :H]), sig(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sig(a[:, 3 * H:])
    c_next = f * c + i * g
    dc = dc_next + dh_next * o * (1 - np.tanh(c_next) ** 2)
    da = np.concatenate([dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g ** 2),
                         dh_next * np.tanh(c_next) * o * (1 - o)], axis=1)
    dc_prev = dc if forget_the_forget_gate else dc * f
    return da @ Wx.T, da @ Wh.T, dc_prev, x.T @ da, h.T @ da, da.sum(axis=0)


def test_lstm_step_backward_checker(capsys):
    from nnlib.exercises import check_lstm_step_backward

    check_lstm_step_backward(lstm_step_backward)
    assert capsys.readouterr().out == "All 36 checks passed. Well done!\n"
    check_lstm_step_backward(lambda *args: lstm_step_backward(*args, forget_the_forget_gate=True))
    out = capsys.readouterr().out
    assert "dc (x" in out and "dc_{t-1} = dc_t * f" in out
