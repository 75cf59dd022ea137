"""The from-scratch checkers of chapters 1-3 accept a right answer, and name each classic mistake.

Each wrong answer below is a plausible reader's attempt; the checker must fail it and
point at the mistake (with hints shown, as a reader sees them), and the stored pages,
made with NNLIB_HIDE_HINTS=1, must print the symptom but never the fix.
"""
import numpy as np
import pytest

from nnlib.exercises import check_bce, check_softmax, check_softmax_cross_entropy, check_train_perceptron


@pytest.fixture(autouse=True)
def reader(monkeypatch):
    """The checks as a reader runs them: with hints (the book's own outputs hide them)."""
    monkeypatch.delenv("NNLIB_HIDE_HINTS", raising=False)


def not_written(*args):
    raise NotImplementedError


# ---- chapter 1: the perceptron learning rule -------------------------------------------

def reader_rule(fires=lambda s: s >= 0, bias_learns=True, batch=False, honours_max_epochs=True):
    """A reader's train_perceptron, right by default; each switch is one classic mistake."""
    def train_perceptron(X, y, lr=1.0, max_epochs=100):
        w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
        limit = max_epochs if honours_max_epochs else 1000
        while len(mistakes) < limit and (not mistakes or mistakes[-1] > 0):
            seen_w, seen_b = w.copy(), b                  # what a batch update predicts with
            wrong = 0
            for x, target in zip(X, y):
                s = x @ seen_w + seen_b if batch else x @ w + b
                step = lr * (target - int(fires(s)))
                w = w + step * x
                b = b + step if bias_learns else b
                wrong += step != 0
            mistakes.append(wrong)
        return w, b, mistakes
    return train_perceptron


def test_perceptron_rule_written_right_passes(capsys):
    check_train_perceptron(reader_rule())
    assert capsys.readouterr().out == "All 4 checks passed. Well done!\n"


@pytest.mark.parametrize("mistake, hint", [
    (dict(fires=lambda s: s > 0), "w . x + b >= 0"),
    (dict(bias_learns=False), "the bias learns too"),
    (dict(batch=True), "update after every sample"),
    (dict(honours_max_epochs=False), "after max_epochs epochs at most"),
])
def test_perceptron_mistakes_are_named(capsys, mistake, hint):
    check_train_perceptron(reader_rule(**mistake))
    out = capsys.readouterr().out
    assert "checks failed" in out and "nnlib.Perceptron" in out and hint in out


def test_perceptron_wrong_return_and_stub(capsys):
    check_train_perceptron(lambda X, y, lr, max_epochs: reader_rule()(X, y, lr, max_epochs)[0])
    assert "return a tuple (w, b, mistakes)" in capsys.readouterr().out
    check_train_perceptron(not_written)
    out = capsys.readouterr().out
    assert out.startswith("Nothing checked yet:\n  train_perceptron is not written yet") and "Hint" not in out


# ---- chapter 2: a softmax layer --------------------------------------------------------

def softmax_forward(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_backward(a, g):
    return a * (g - np.sum(g * a, axis=-1, keepdims=True))


def test_softmax_layer_written_right_passes(capsys):
    check_softmax(softmax_forward, softmax_backward)
    assert capsys.readouterr().out == "All 7 checks passed. Well done!\n"


def test_softmax_naive_forward_overflows(capsys):
    check_softmax(lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True), softmax_backward)
    out = capsys.readouterr().out
    assert out.startswith("1 of 7 checks failed") and "overflow" in out and "Subtract each row's maximum" in out


@pytest.mark.parametrize("forward, backward, hint", [
    (softmax_forward, lambda a, g: a * (1 - a) * g, "only the diagonal of the Jacobian"),
    (softmax_forward, lambda a, g: a * (g - np.sum(g * a)), "belongs to each row on its own"),
    (lambda z: np.exp(z) / np.exp(z).sum(), softmax_backward, "normalise each row on its own"),
])
def test_softmax_mistakes_are_named(capsys, forward, backward, hint):
    check_softmax(forward, backward)
    out = capsys.readouterr().out
    assert "checks failed" in out and hint in out


def test_softmax_stub_says_not_written(capsys):
    check_softmax(not_written, not_written)
    out = capsys.readouterr().out
    assert out.startswith("Nothing checked yet:\n  softmax_forward(z) is not written yet")


# ---- chapter 3: softmax cross-entropy with its gradient --------------------------------

def softmax_cross_entropy(z, y):
    n = len(y)
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dz = np.exp(log_p)
    dz[np.arange(n), y] -= 1
    return -log_p[np.arange(n), y].mean(), dz / n


def test_softmax_cross_entropy_written_right_passes(capsys):
    check_softmax_cross_entropy(softmax_cross_entropy)
    assert capsys.readouterr().out == "All 4 checks passed. Well done!\n"


def naive(z, y):
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    dz = p.copy()
    dz[np.arange(len(y)), y] -= 1
    return -np.log(p[np.arange(len(y)), y]).mean(), dz / len(y)


def probabilities(z):
    return softmax_forward(z)


@pytest.mark.parametrize("attempt, hint", [
    (naive, "Work with logits minus each row's maximum"),
    (lambda z, y: (softmax_cross_entropy(z, y)[0] * len(y), softmax_cross_entropy(z, y)[1]), "do not sum"),
    (lambda z, y: (softmax_cross_entropy(z, y)[0], softmax_cross_entropy(z, y)[1] * len(y)), "N times too large"),
    (lambda z, y: (softmax_cross_entropy(z, y)[0], -softmax_cross_entropy(z, y)[1]), "the sign is flipped"),
    (lambda z, y: (softmax_cross_entropy(z, y)[0], probabilities(z) / len(y)), "subtract the one-hot target"),
])
def test_softmax_cross_entropy_mistakes_are_named(capsys, attempt, hint):
    check_softmax_cross_entropy(attempt)
    out = capsys.readouterr().out
    assert "checks failed" in out and hint in out


def test_gradient_check_catches_a_loss_that_disagrees_with_its_gradient(capsys):
    first_logits = {}

    def tilted(z, y):
        """Right value and gradient at the logits it is given first, but a loss tilted by sum(z - z0)."""
        z0 = first_logits.setdefault(z.shape, z.copy())
        loss, dz = softmax_cross_entropy(z, y)
        return loss + np.sum(z - z0), dz

    check_softmax_cross_entropy(tilted)
    assert "fails the gradient check" in capsys.readouterr().out


def test_softmax_cross_entropy_stub_and_wrong_return(capsys):
    check_softmax_cross_entropy(not_written)
    out = capsys.readouterr().out
    assert out.startswith("Nothing checked yet:\n  softmax_cross_entropy is not written yet")
    check_softmax_cross_entropy(lambda z, y: softmax_cross_entropy(z, y)[0])
    assert "return a pair (loss, dlogits)" in capsys.readouterr().out


# ---- the stored pages: symptoms, never fixes -------------------------------------------

@pytest.mark.parametrize("run, fix", [
    (lambda: check_train_perceptron(reader_rule(fires=lambda s: s > 0)), ">= 0"),
    (lambda: check_softmax(softmax_forward, lambda a, g: a * (1 - a) * g), "off-diagonal"),
    (lambda: check_softmax_cross_entropy(naive), "maximum"),
    (lambda: check_bce(lambda p, y: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))), "Clip"),
])
def test_stored_pages_hide_the_fix(capsys, monkeypatch, run, fix):
    monkeypatch.setenv("NNLIB_HIDE_HINTS", "1")
    run()
    out = capsys.readouterr().out
    assert "checks failed" in out and "Run this cell yourself to see a hint" in out
    assert fix not in out and "Hint" not in out


def test_bce_checker_reports_values_in_words(capsys):
    check_bce(lambda p, y: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert "gave inf: not a finite loss" in capsys.readouterr().out
    check_bce(lambda p, y: -(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert "return one number, the mean over the samples" in capsys.readouterr().out
