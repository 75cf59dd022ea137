"""Loss functions: ``value = loss(pred, target)``, then ``loss.backward()`` is dLoss/dpred.

Every loss averages over the batch, so its gradient already carries the 1/N.
The function and its derivative sit side by side, as in the derivations of
chapter 3.
"""
import math

import numpy as np

from ._checks import as_float_array, describe, shape_str, warn_if_not_finite
from .activations import log_softmax


class Loss:
    """Base class: remembers what ``backward`` needs from the last call."""

    def __call__(self, pred, target):
        return self.forward(pred, target)

    def _saved(self, name):
        value = getattr(self, name, None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__}: call the loss before backward")
        return value

    def _same_shape(self, pred, target):
        """``pred`` and ``target`` as float arrays of one shape (an element-wise loss needs both)."""
        name = type(self).__name__
        pred, target = as_float_array(name, "pred", pred), as_float_array(name, "target", target)
        if pred.shape != target.shape:
            raise ValueError(
                f"{name}: pred and target must have the same shape, got pred {shape_str(pred.shape)}"
                f" and target {shape_str(target.shape)}"
            )
        self._check_not_empty(pred)
        warn_if_not_finite(name, "pred", pred)
        warn_if_not_finite(name, "target", target)
        return pred, target

    def _check_not_empty(self, pred):
        """A mean over no elements is undefined (numpy would give NaN and a warning): refuse it by name."""
        if pred.size == 0:
            raise ValueError(f"{type(self).__name__}: got an empty batch (pred of shape {shape_str(pred.shape)});"
                             " a mean over no elements is undefined")

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error: mean over all elements of (pred - target)^2; gradient 2 (pred - target) / size."""

    def forward(self, pred, target):
        pred, target = self._same_shape(pred, target)
        self.diff = pred - target
        return float(np.mean(self.diff**2))

    def backward(self):
        diff = self._saved("diff")
        return 2.0 * diff / diff.size


class CrossEntropyLoss(Loss):
    """Softmax followed by the negative log-likelihood, fused for stability.

    ``pred`` are logits ``(N, C)``. ``target`` is either class indices ``(N,)`` or
    rows of probabilities (one-hot, or soft labels) ``(N, C)``. The value is
    ``mean_i -sum_c y_ic log softmax(z_i)_c`` and its gradient is the famous
    ``(softmax(z) - y) / N``.
    """

    def forward(self, pred, target):
        z = as_float_array("CrossEntropyLoss", "pred", pred)
        if z.ndim != 2:
            raise ValueError(
                f"CrossEntropyLoss: expected pred (logits) of shape (N, C), got {shape_str(z.shape)}"
            )
        self._check_not_empty(z)
        n, c = z.shape
        self.y = self._target(np.asarray(target), n, c)
        logp = log_softmax(z, axis=1)  # stable: never the log of a rounded-to-zero probability
        self.p = np.exp(logp)  # softmax, kept for backward
        if self.y.ndim == 1:  # class indices: only the true class's log-probability counts
            self.rows = np.arange(n)
            value = float(-logp[self.rows, self.y].sum() / n)
        else:
            value = float(-np.sum(self.y * logp) / n)
        # A NaN or +inf logit turns its whole row into NaN (through the row maximum), and so the
        # value; a -inf logit makes it +inf if it is the true class's, and otherwise only gives a
        # probability of exactly 0. So a finite value clears the logits without a pass over them.
        if not math.isfinite(value):
            warn_if_not_finite("CrossEntropyLoss", "pred", z)
        return value

    @staticmethod
    def _target(target, n, c):
        """Class indices ``(N,)`` as int64, or probability rows ``(N, C)`` as float64, checked."""
        if target.dtype.kind not in "biuf":
            raise TypeError(f"CrossEntropyLoss: target must be class indices or probability rows, got {describe(target)}")
        if target.ndim == 1:
            if target.shape[0] != n:
                raise ValueError(
                    f"CrossEntropyLoss: expected target of shape ({n},) or ({n}, {c}), got {shape_str(target.shape)}"
                )
            if target.dtype.kind not in "iu":  # not an integer array
                if not np.all(np.mod(target, 1) == 0):
                    raise ValueError("CrossEntropyLoss: 1-D targets must be integer class indices")
            idx = target.astype(np.int64, copy=False)
            if idx.view(np.uint64).max(initial=0) >= c:  # as unsigned, a negative index is huge: one pass
                raise ValueError(
                    f"CrossEntropyLoss: class indices must lie in [0, {c - 1}], got range"
                    f" [{idx.min()}, {idx.max()}]"
                )
            return idx
        if target.shape != (n, c):
            raise ValueError(
                f"CrossEntropyLoss: expected target of shape ({n},) or ({n}, {c}), got {shape_str(target.shape)}"
            )
        y = target.astype(np.float64)
        if np.any(y < 0) or not np.allclose(y.sum(axis=1), 1.0):
            raise ValueError("CrossEntropyLoss: each target row must be a probability vector (>= 0, sums to 1)")
        return y

    def backward(self):
        grad = self._saved("p").copy()
        n = grad.shape[0]
        if self.y.ndim == 1:
            grad[self.rows, self.y] -= 1.0
        else:
            grad -= self.y
        grad /= n
        return grad

    @property
    def probabilities(self):
        """softmax of the last logits, handy for printing."""
        return self._saved("p")


class BCELoss(Loss):
    """Binary cross-entropy -(y log p + (1 - y) log(1 - p)), averaged over all elements.

    ``pred`` are probabilities (the output of a sigmoid). A prediction of exactly
    0 or 1 would make a log infinite; as in PyTorch, each log is clamped at -100,
    so a confidently wrong element costs 100 (e^-100 is far below any probability
    a float64 sigmoid gives, so this changes nothing else), and the gradient
    (p - y) / (p (1 - p)) has its denominator kept at least 1e-12. We follow
    PyTorch rather than clipping p itself so that values agree with a reader's
    later PyTorch runs to round-off.
    """

    log_floor, grad_eps = -100.0, 1e-12

    def forward(self, pred, target):
        p, y = self._same_shape(pred, target)
        if np.any(p < 0) or np.any(p > 1):
            raise ValueError(
                f"BCELoss: pred must be probabilities in [0, 1], got values in [{np.nanmin(p):.4g}, {np.nanmax(p):.4g}]"
                " (apply a sigmoid first, or use CrossEntropyLoss on logits)"
            )
        if np.any(y < 0) or np.any(y > 1):
            raise ValueError("BCELoss: target must lie in [0, 1] (class labels 0 and 1)")
        self.p, self.y = p, y
        # log p and log(1 - p), each clamped at -100; computed only where above it, so p = 0 or 1
        # raises no divide-by-zero warning (NaN is computed, and stays NaN)
        log_p = np.full(p.shape, self.log_floor)
        np.log(p, out=log_p, where=~(p <= math.exp(self.log_floor)))
        log_q = np.full(p.shape, self.log_floor)
        np.log1p(-p, out=log_q, where=~(p >= 1.0))
        return float(-np.mean(y * log_p + (1.0 - y) * log_q))

    def backward(self):
        p = self._saved("p")
        return (p - self.y) / np.maximum(p * (1.0 - p), self.grad_eps) / p.size


__all__ = ["Loss", "MSELoss", "CrossEntropyLoss", "BCELoss"]
