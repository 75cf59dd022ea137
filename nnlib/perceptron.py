"""Rosenblatt's perceptron: a weighted sum, a threshold, and a learning rule.

The neuron fires (outputs 1) when ``w . x >= threshold``, that is when
``w . x + b >= 0`` with the bias ``b = -threshold``. Note the ``>=``: with
"strictly more than", an AND gate with weights 1, 1 and threshold 2 would
answer 0 for the input (1, 1).

The learning rule nudges the weights after every mistake::

    w <- w + lr * (y - y_hat) * x        b <- b + lr * (y - y_hat)

and, when the two classes can be separated by a line (a hyperplane), stops
making mistakes after finitely many epochs (Novikoff, 1962).
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_int, check_number, check_shape, warn_if_not_finite


class Perceptron:
    """A single threshold unit with ``n_inputs`` weights and a bias.

    Give either ``bias`` or ``threshold`` (``bias = -threshold``). Without
    ``weights`` it starts at zero, the classic choice; with ``rng`` and
    ``weights='random'`` it starts from small random weights instead.
    """

    def __init__(self, n_inputs, weights=None, bias=None, threshold=None, lr=1.0, rng=None):
        self.n_inputs = check_int("Perceptron", "n_inputs", n_inputs)
        if bias is not None and threshold is not None:
            raise ValueError("Perceptron: give bias or threshold, not both (bias = -threshold)")
        if weights is None:
            w = np.zeros(self.n_inputs)
        elif isinstance(weights, str) and weights == "random":
            w = as_rng(rng, "Perceptron").uniform(-0.5, 0.5, size=self.n_inputs)
        else:
            w = as_float_array(self, "weights", weights)
            check_shape(self, "weights", w, (self.n_inputs,))
        self.weights = w.astype(np.float64).copy()
        if threshold is not None:
            self.bias = -check_number("Perceptron", "threshold", threshold)
        else:
            self.bias = check_number("Perceptron", "bias", bias if bias is not None else 0.0)
        self.lr = check_number("Perceptron", "lr", lr, low=0, low_closed=False)

    @property
    def threshold(self):
        return -self.bias

    def _inputs(self, X):
        X = as_float_array(self, "input", X)
        if X.ndim == 1:
            X = X[None, :]
        check_shape(self, "input", X, ("N", self.n_inputs))
        warn_if_not_finite(self, "input", X)
        return X

    def net_input(self, X):
        """The weighted sum plus bias, ``X @ w + b``, one value per row of ``X``."""
        return self._inputs(X) @ self.weights + self.bias

    def predict(self, X):
        """1 where ``X @ w + b >= 0`` (the sum reaches the threshold), else 0."""
        return (self.net_input(X) >= 0).astype(np.int64)

    def fit(self, X, y, max_epochs=100, shuffle=False, rng=None):
        """Apply the learning rule sample by sample, epoch after epoch.

        Stops after the first epoch without a mistake, or after ``max_epochs``.
        Returns the number of mistakes in each epoch (an int array); the
        attribute ``converged_`` tells whether the last epoch was error-free.
        The loop over samples is the algorithm itself: each update changes the
        weights the next sample sees.
        """
        X = self._inputs(X)
        y = np.asarray(y)
        max_epochs = check_int(self, "max_epochs", max_epochs)
        if len(X) == 0:
            raise ValueError(f"{self!r}: no training data (X has shape {X.shape})")
        if y.shape != (X.shape[0],):
            raise ValueError(f"{self!r}: expected y of shape ({X.shape[0]},), got {y.shape}")
        if not np.all(np.isin(y, (0, 1))):
            raise ValueError(f"{self!r}: targets must be 0 or 1")
        gen = as_rng(rng, "Perceptron") if shuffle else None
        errors = []
        for _ in range(max_epochs):
            order = gen.permutation(len(y)) if shuffle else range(len(y))
            mistakes = 0
            for i in order:
                delta = y[i] - int(X[i] @ self.weights + self.bias >= 0)
                if delta:
                    self.weights += self.lr * delta * X[i]
                    self.bias += self.lr * delta
                    mistakes += 1
            errors.append(mistakes)
            if mistakes == 0:
                break
        self.converged_ = errors[-1] == 0
        return np.array(errors, dtype=np.int64)

    def __repr__(self):
        return f"Perceptron({self.n_inputs} inputs)"
