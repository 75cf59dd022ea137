"""Checkers for the loss-and-gradient-descent chapter."""
import warnings

import numpy as np

from ..gradcheck import numerical_gradient, relative_error
from ..losses import CrossEntropyLoss
from .verdict import Failure, call_reader, case_line, report


def check_bce(bce):
    """Check ``bce(p, y) -> float``, the mean binary cross-entropy."""
    p, y = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])
    cases = [
        (p, y, float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))), "three predictions",
         "the mean of -(y log p + (1 - y) log(1 - p)) over the samples."),
        (np.array([0.5]), np.array([1.0]), float(np.log(2)), "p = 0.5", "p = 0.5 costs log 2 whatever the label."),
        (np.array([0.99]), np.array([0.0]), float(-np.log(0.01)), "a confident wrong answer",
         "for label 0 the loss is -log(1 - p)."),
    ]
    failures = []
    for p_, y_, want, about, hint in cases:
        call = f"bce({p_.tolist()}, {y_.tolist()})"
        got, error = call_reader(bce, p_.copy(), y_.copy())
        if error:
            failures.append(Failure(f"{call} {error}.\n  Case: {about}."))
        elif not _is_number(got):
            failures.append(Failure(f"{call} returned {got!r}: return one number, the mean over the samples."))
        elif not np.isclose(float(got), want, rtol=1e-6):
            failures.append(Failure(f"{call} returned {float(got):.6f}, expected {want:.6f} ({about}).", hint))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extreme, error = call_reader(bce, np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    try:
        finite = error is None and bool(np.isfinite(float(extreme)))
    except (TypeError, ValueError):
        finite = False
    if not finite:
        got = error or (f"{float(extreme)}" if _is_number(extreme) else repr(extreme))
        failures.append(Failure(f"bce([1.0, 0.0], [0.0, 1.0]) gave {got}: not a finite loss.",
                                "a prediction of exactly 0 or 1 takes the log of 0. Clip p to [eps, 1 - eps]"
                                " first (eps = 1e-12, say)."))
    report(failures, len(cases) + 1)


def _is_number(value):
    return np.ndim(value) == 0 and isinstance(np.asarray(value).item(), (int, float))


def check_softmax_cross_entropy(softmax_cross_entropy):
    """Check ``softmax_cross_entropy(logits, y) -> (loss, dlogits)`` against ``nnlib.CrossEntropyLoss``.

    ``logits`` has shape (N, C) and ``y`` holds N class indices. On random shapes
    the loss must equal ``CrossEntropyLoss()(logits, y)``, ``dlogits`` its
    ``backward()``, and ``dlogits`` must pass a gradient check against centred
    finite differences of the reader's own loss. Logits in the thousands must give
    a finite loss and gradient without a warning.
    """
    rng = np.random.default_rng(3)
    shapes = [(1, 2), (5, 3), (16, 10)]
    failures = []
    for n, c in shapes:
        logits, y = 2 * rng.standard_normal((n, c)), rng.integers(0, c, size=n)
        failures.append(_check_batch(softmax_cross_entropy, logits, y, f"random logits ({n}, {c})"))
    logits, y = np.array([[1000.0, 0.0, -1000.0], [-500.0, 500.0, 0.0]]), np.array([2, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow or a log(0) is a failure, not a warning
        failures.append(_check_batch(softmax_cross_entropy, logits, y, "logits of +-1000, one true class at -1000",
                                     gradient_check=False))
    report([f for f in failures if f], len(shapes) + 1)


def _check_batch(softmax_cross_entropy, logits, y, about, gradient_check=True):
    """A ``Failure`` for the first thing the reader's function gets wrong on one batch, else None."""
    n = len(y)
    call = "softmax_cross_entropy(logits, y)"
    reference = CrossEntropyLoss()
    want_loss = reference(logits, y)
    want_grad = reference.backward()
    got, error = call_reader(softmax_cross_entropy, logits.copy(), y.copy())
    if error:
        hint = _STABLE_HINT if "Warning" in error or "inf" in error else None
        return Failure(f"softmax_cross_entropy {error}." + case_line(error, about), hint)
    try:
        loss, dlogits = got
        loss, dlogits = float(loss), np.asarray(dlogits, dtype=float)
    except (TypeError, ValueError):
        return Failure(f"{call} returned {type(got).__name__}: return a pair (loss, dlogits), the mean loss"
                       " as a number and its gradient with the shape of logits.")
    if not np.isfinite(loss) or not np.all(np.isfinite(dlogits)):
        return Failure(f"{call} gave a loss of {loss} or a gradient that is not finite.\n  Case: {about}.",
                       _STABLE_HINT)
    if not np.isclose(loss, want_loss, rtol=1e-9, atol=1e-12):
        if np.isclose(loss, n * want_loss, rtol=1e-9):
            hint = "that is N times the loss: average over the samples (the mean), do not sum."
        else:
            hint = "the loss of a sample is -log of its true class's probability: log-sum-exp(z) - z_true."
        return Failure(f"{call} returned loss {loss:.6f}, nnlib.CrossEntropyLoss gives {want_loss:.6f}."
                       f"\n  Case: {about}.", hint)
    if dlogits.shape != logits.shape:
        return Failure(f"dlogits has shape {dlogits.shape}, expected {logits.shape} (one entry per logit)."
                       f"\n  Case: {about}.")
    if not np.allclose(dlogits, want_grad, rtol=1e-7, atol=1e-12):
        p, onehot = _softmax(logits), np.eye(logits.shape[1])[y]
        guesses = [(n * want_grad, "dlogits is N times too large: the loss is a mean, so each row carries 1/N."),
                   (p / n, "the loss is log-sum-exp(z) - z_true: its second term adds -1 at the true class,"
                           " so subtract the one-hot target from the probabilities."),
                   (-want_grad, "the sign is flipped: the gradient is (p - y) / N, probabilities minus target."),
                   (p - onehot, "dlogits is N times too large: the loss is a mean, so each row carries 1/N.")]
        hint = next((text for value, text in guesses if np.allclose(dlogits, value)),
                    "with p = softmax(logits) and Y the one-hot targets, dlogits = (p - Y) / N.")
        return Failure(f"dlogits differs from nnlib.CrossEntropyLoss().backward() (relative error"
                       f" {relative_error(dlogits, want_grad):.2g}).\n  Case: {about}.", hint)
    if gradient_check:
        numeric = numerical_gradient(lambda z: float(softmax_cross_entropy(z.copy(), y.copy())[0]), logits.copy())
        if relative_error(dlogits, numeric) > 1e-5:  # centred differences of a loss near 0 lose digits
            error = relative_error(dlogits, numeric)
            return Failure(f"dlogits fails the gradient check: it disagrees with centred finite differences of"
                           f" your own loss (relative error {error:.2g}).\n  Case: {about}.")
    return None


_STABLE_HINT = ("exp(1000) overflows and log(0) is -inf. Work with logits minus each row's maximum, and take"
                " log p = (z - max) - log(sum(exp(z - max))) rather than the log of a rounded probability.")


def _softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
