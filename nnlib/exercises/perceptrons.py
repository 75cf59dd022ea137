"""Checkers for the perceptrons chapter."""
import numpy as np

from ..perceptron import Perceptron
from .verdict import Failure, call_reader, case_line, report


def check_step_neuron(step_neuron):
    """Check ``step_neuron(x, w, threshold) -> 0 or 1``."""
    cases = [  # x, w, threshold, expected, what the case is about, hint
        ([0, 0], [1, 1], 2, 0, "AND gate, input (0, 0): the sum 0 is below the threshold 2.", None),
        ([1, 0], [1, 1], 2, 0, "AND gate, input (1, 0): the sum 1 is below the threshold 2.", None),
        ([1, 1], [1, 1], 2, 1, "AND gate, input (1, 1): the sum 2 equals the threshold 2.",
         "the neuron must fire when the sum *reaches* the threshold. Did you write '>' where the rule needs '>='?"),
        ([0, 1], [1, 1], 1, 1, "OR gate, input (0, 1): the sum 1 equals the threshold 1.",
         "a sum equal to the threshold gives output 1 ('>=')."),
        ([1, 1], [-1, -1], -1.5, 0, "NAND gate, input (1, 1): the sum -2 is below the threshold -1.5.", None),
        ([0.5, 2, 1], [2, -1, 0.5], -0.6, 1, "three inputs: the sum 1 - 2 + 0.5 = -0.5 reaches the threshold -0.6.",
         "your function must work for any number of inputs: use a dot product, not x[0]*w[0] + x[1]*w[1]."),
    ]
    failures = []
    for x, w, threshold, expected, about, hint in cases:
        call = f"step_neuron({x}, {w}, {threshold})"
        got, error = call_reader(step_neuron, np.array(x, dtype=float), np.array(w, dtype=float), threshold)
        if error:
            failures.append(Failure(f"{call} {error}.\n  Case: {about}", hint))
        elif not np.isscalar(got) and np.ndim(got) != 0:
            failures.append(Failure(f"{call} returned {got!r}; return a single number, 0 or 1."))
        elif got not in (0, 1):
            failures.append(Failure(f"{call} returned {got!r}; a step neuron only outputs 0 or 1."))
        elif got != expected:
            failures.append(Failure(f"{call} returned {int(got)}, expected {expected}.\n  {about}", hint))
    report(failures, len(cases))


def _separable(rng, n, d, margin=0.05):
    """``n`` random points in ``d`` dimensions, labelled 0/1 by a random hyperplane, none within ``margin``."""
    u, c = rng.standard_normal(d), rng.uniform(-0.5, 0.5)
    u /= np.linalg.norm(u)
    X = np.empty((0, d))
    while len(X) < n:
        candidates = rng.standard_normal((2 * n, d))
        X = np.vstack([X, candidates[np.abs(candidates @ u + c) >= margin]])
    X = X[:n]
    return X, (X @ u + c >= 0).astype(np.int64)


def _rule_variant(X, y, lr, max_epochs, fires=np.greater_equal, learn_bias=True, per_sample=True):
    """The perceptron rule with one thing changed (to name a reader's mistake): returns (w, b, mistakes)."""
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        dw, db, count = np.zeros_like(w), 0.0, 0
        for x, target in zip(X, y):
            delta = target - int(fires(x @ w + b, 0))
            count += delta != 0
            if per_sample:
                w, b = w + lr * delta * x, b + lr * delta * learn_bias
            else:
                dw, db = dw + lr * delta * x, db + lr * delta * learn_bias
        w, b = w + dw, b + db
        mistakes.append(count)
        if count == 0:
            break
    return w, b, mistakes


def check_train_perceptron(train_perceptron):
    """Check ``train_perceptron(X, y, lr, max_epochs) -> (w, b, mistakes)`` against ``nnlib.Perceptron``.

    The reader's rule runs on random linearly separable data sets (and once with
    too few epochs to finish); its weights, bias and mistakes per epoch must be
    those of ``Perceptron(d, lr=lr).fit(X, y, max_epochs)``, and a finished run must
    classify every training point correctly.
    """
    rng = np.random.default_rng(1958)
    cases = [(20, 2, 1.0, 100), (30, 3, 0.5, 100), (50, 5, 0.1, 100), (40, 4, 1.0, 1)]  # n, d, lr, max_epochs
    failures = []
    for n, d, lr, max_epochs in cases:
        X, y = _separable(rng, n, d)
        about = f"{n} random separable points in {d} dimensions, lr={lr}, max_epochs={max_epochs}"
        call = "train_perceptron"
        reference = Perceptron(d, lr=lr)
        mistakes_per_epoch = reference.fit(X, y, max_epochs=max_epochs).tolist()
        want = reference.weights, reference.bias, mistakes_per_epoch
        got, error = call_reader(train_perceptron, X.copy(), y.copy(), lr, max_epochs)
        if error:
            failures.append(Failure(f"{call} {error}." + case_line(error, about)))
            continue
        try:
            w, b, mistakes = got
            w, b, mistakes = np.asarray(w, dtype=float).ravel(), float(np.squeeze(b)), [int(m) for m in mistakes]
        except (TypeError, ValueError):
            failures.append(Failure(f"{call} returned {type(got).__name__}: return a tuple (w, b, mistakes)"
                                    " with mistakes a list of the mistakes made in each epoch."))
            continue
        if w.shape != (d,):
            failures.append(Failure(f"w has shape {w.shape}, expected ({d},): one weight per input."
                                    f"\n  Case: {about}."))
            continue
        if mistakes == want[2] and np.allclose(w, want[0], rtol=1e-9, atol=1e-12) and np.isclose(b, want[1]):
            if max_epochs > len(mistakes) and np.any((X @ w + b >= 0) != y):
                failures.append(Failure(f"the final w and b misclassify training points.\n  Case: {about}."))
            continue
        symptom = (f"your rule made the mistakes {mistakes[:8]} in {_epochs(mistakes)}, nnlib.Perceptron"
                   f" {want[2][:8]} in {_epochs(want[2])}.\n  Case: {about}.")
        variants = [
            (dict(fires=np.greater), "the neuron fires when w . x + b >= 0. At the start w = 0 and b = 0:"
                                     " the sum 0 reaches the threshold, so the first point is predicted 1."),
            (dict(learn_bias=False), "the bias learns too: b <- b + lr (y - y_hat), like a weight on an input 1."),
            (dict(per_sample=False), "update after every sample, not once per epoch: the next sample must see"
                                     " the new weights."),
            (dict(fires=np.greater, learn_bias=False), "two things: fire on w . x + b >= 0, and update the bias."),
        ]
        hint = next((text for changes, text in variants
                     if _same_run((w, b, mistakes), _rule_variant(X, y, lr, max_epochs, **changes))), None)
        if hint is None and len(mistakes) != len(want[2]) and mistakes[:len(want[2])] == want[2]:
            hint = "stop after the first epoch without a mistake, and after max_epochs epochs at most."
        if hint is None and mistakes == want[2]:
            hint = "the mistakes are right but the weights are not: the update is lr * (y - y_hat) * x."
        failures.append(Failure(symptom, hint or "start from w = 0, b = 0; go through the samples in order;"
                                                 " on each, y_hat = 1 if w . x + b >= 0 else 0, then"
                                                 " w += lr (y - y_hat) x and b += lr (y - y_hat)."))
    report(failures, len(cases))


def _same_run(got, want):
    w, b, mistakes = got
    return mistakes == want[2] and np.allclose(w, want[0], rtol=1e-9, atol=1e-12) and np.isclose(b, want[1])


def _epochs(mistakes):
    return f"{len(mistakes)} epoch" + ("s" if len(mistakes) != 1 else "")
