"""Activation functions, as plain functions and as layers.

Each function is written so that it never overflows: ``sigmoid`` only ever
exponentiates a non-positive number, ``softmax`` subtracts the row maximum
first. Both stay finite, without warnings, for inputs as large as 1e4.

Each layer keeps what its backward pass needs and applies the derivative
derived in chapter 2:

=========  =========================  =============================
name       f(z)                       f'(z)
=========  =========================  =============================
sigmoid    1 / (1 + e^-z)             s (1 - s)
tanh       (e^z - e^-z)/(e^z + e^-z)  1 - t^2
ReLU       max(0, z)                  1 if z > 0 else 0
LeakyReLU  z if z > 0 else alpha z    1 if z > 0 else alpha
=========  =========================  =============================
"""
import warnings

import numpy as np

from ._checks import as_float_array, check_number, shape_str, warn_if_not_finite
from .module import Layer

# The functions check their input (a numeric array; NaN or infinity warns) and then call
# the bare kernels below, which the layers call directly after checking their own input.


def _sigmoid(z):
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _leaky_relu(z, alpha):
    return np.where(z > 0, z, alpha * z)


def _softmax(z, axis):
    shifted = z - z.max(axis=axis, keepdims=True, initial=-np.inf)  # initial: an empty axis is fine
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def _input(name, z):
    z = as_float_array(name, "input", z)
    warn_if_not_finite(name, "input", z)
    return z


def check_axis(owner, axis, shape):
    """``axis`` as an int that exists in an array of ``shape``; a ``ValueError`` naming ``owner`` otherwise."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, (bool, np.bool_)) or not -len(shape) <= axis < len(shape):
        raise ValueError(f"{owner}: input of shape {shape_str(shape)} has no axis {axis!r}")
    return int(axis)


def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), stable for any finite z."""
    return _sigmoid(_input("sigmoid", z))


def tanh(z):
    """The hyperbolic tangent, equal to 2 sigmoid(2z) - 1."""
    return np.tanh(_input("tanh", z))


def relu(z):
    """max(0, z), element by element."""
    return np.maximum(_input("relu", z), 0.0)


def leaky_relu(z, alpha=0.01):
    """z where z > 0, alpha * z elsewhere."""
    return _leaky_relu(_input("leaky_relu", z), check_number("leaky_relu", "alpha", alpha, low=0))


def softmax(z, axis=-1):
    """exp(z) / sum(exp(z)) along ``axis``; subtracting the maximum first keeps it finite.

    A score of -inf is allowed and gets probability exactly 0: that is how a mask
    (attention's causal mask, say) removes an entry. Only NaN, +inf or a slice that
    is -inf everywhere (nothing left to share the probability) are warned about.
    """
    z = as_float_array("softmax", "input", z)
    axis = check_axis("softmax", axis, z.shape)
    warn_unless_softmax_defined("softmax", z, axis)
    return _softmax(z, axis)


def warn_unless_softmax_defined(owner, z, axis):
    """Warn about NaN, +inf, or a slice of nothing but -inf: the inputs a softmax cannot turn into probabilities."""
    if np.isfinite(z).all():  # the usual case
        return
    bad = int(np.count_nonzero(np.isnan(z) | np.isposinf(z)))
    masked_out = int(np.count_nonzero(np.all(np.isneginf(z), axis=axis))) if z.size else 0
    if bad or masked_out:
        warnings.warn(f"{owner}: input contains {bad} NaN or +inf value(s) and {masked_out} slice(s) that are -inf"
                      " everywhere", RuntimeWarning, stacklevel=3)


def log_softmax(z, axis=-1):
    """log(softmax(z)) computed without ever taking the log of a rounded-to-zero number."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


class _Elementwise(Layer):
    """An activation applied element by element: any input shape, output of the same shape."""

    def forward(self, x):
        x = as_float_array(self, "input", x)
        warn_if_not_finite(self, "input", x)
        self.x = x
        self.out = self._f(x)
        return self.out

    def backward(self, grad_out):
        out = self._saved("out")
        g = self._check_grad_out(grad_out, out.shape)
        return g * self._df(self.x, out)


class Identity(_Elementwise):
    """f(z) = z, derivative 1: what a layer is without an activation."""

    def _f(self, x):
        return x

    def _df(self, x, out):
        return np.ones_like(x)


class Sigmoid(_Elementwise):
    """sigmoid(z); derivative s (1 - s), read off the saved output."""

    def _f(self, x):
        return _sigmoid(x)

    def _df(self, x, s):
        return s * (1.0 - s)


class Tanh(_Elementwise):
    """tanh(z); derivative 1 - tanh(z)^2."""

    def _f(self, x):
        return np.tanh(x)

    def _df(self, x, t):
        return 1.0 - t * t


class ReLU(_Elementwise):
    """max(0, z); derivative 1 where z > 0, else 0 (we pick 0 at the kink z = 0)."""

    def _f(self, x):
        return np.maximum(x, 0.0)

    def _df(self, x, out):
        return (x > 0).astype(np.float64)


class LeakyReLU(_Elementwise):
    """z for z > 0, alpha z otherwise: a small slope keeps 'dead' units learning."""

    def __init__(self, alpha=0.01):
        self.alpha = check_number("LeakyReLU", "alpha", alpha, low=0)

    def _f(self, x):
        return _leaky_relu(x, self.alpha)

    def _df(self, x, out):
        return np.where(x > 0, 1.0, self.alpha)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class Softmax(Layer):
    """softmax along ``axis``. Backward applies the Jacobian diag(s) - s s^T without building it:
    grad_in = s * (grad_out - sum(grad_out * s))."""

    def __init__(self, axis=-1):
        if not isinstance(axis, (int, np.integer)) or isinstance(axis, (bool, np.bool_)):
            raise ValueError(f"Softmax: axis must be an integer, got {axis!r}")
        self.axis = int(axis)

    def forward(self, x):
        x = as_float_array(self, "input", x)
        check_axis(self, self.axis, x.shape)
        warn_unless_softmax_defined(self, x, self.axis)
        self.out = _softmax(x, self.axis)
        return self.out

    def backward(self, grad_out):
        s = self._saved("out")
        g = self._check_grad_out(grad_out, s.shape)
        return s * (g - np.sum(g * s, axis=self.axis, keepdims=True))

    def __repr__(self):
        return f"Softmax(axis={self.axis})"
