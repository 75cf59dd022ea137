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
import numpy as np

from ._checks import as_float_array, warn_if_not_finite
from .module import Layer


def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), stable for any finite z."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(z):
    """The hyperbolic tangent, equal to 2 sigmoid(2z) - 1."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def relu(z):
    """max(0, z), element by element."""
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def leaky_relu(z, alpha=0.01):
    """z where z > 0, alpha * z elsewhere."""
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, alpha * z)


def softmax(z, axis=-1):
    """exp(z) / sum(exp(z)) along ``axis``; subtracting the maximum first keeps it finite."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


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
        return sigmoid(x)

    def _df(self, x, s):
        return s * (1.0 - s)


class Tanh(_Elementwise):
    """tanh(z); derivative 1 - tanh(z)^2."""

    def _f(self, x):
        return tanh(x)

    def _df(self, x, t):
        return 1.0 - t * t


class ReLU(_Elementwise):
    """max(0, z); derivative 1 where z > 0, else 0 (we pick 0 at the kink z = 0)."""

    def _f(self, x):
        return relu(x)

    def _df(self, x, out):
        return (x > 0).astype(np.float64)


class LeakyReLU(_Elementwise):
    """z for z > 0, alpha z otherwise: a small slope keeps 'dead' units learning."""

    def __init__(self, alpha=0.01):
        if not np.isscalar(alpha) or alpha < 0:
            raise ValueError(f"LeakyReLU: alpha must be a non-negative number, got {alpha!r}")
        self.alpha = float(alpha)

    def _f(self, x):
        return leaky_relu(x, self.alpha)

    def _df(self, x, out):
        return np.where(x > 0, 1.0, self.alpha)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class Softmax(Layer):
    """softmax along ``axis``. Backward applies the Jacobian diag(s) - s s^T without building it:
    grad_in = s * (grad_out - sum(grad_out * s))."""

    def __init__(self, axis=-1):
        self.axis = axis

    def forward(self, x):
        x = as_float_array(self, "input", x)
        warn_if_not_finite(self, "input", x)
        if x.ndim == 0:
            raise ValueError(f"{self!r}: expected an array with at least one axis, got a scalar")
        self.out = softmax(x, axis=self.axis)
        return self.out

    def backward(self, grad_out):
        s = self._saved("out")
        g = self._check_grad_out(grad_out, s.shape)
        return s * (g - np.sum(g * s, axis=self.axis, keepdims=True))

    def __repr__(self):
        return f"Softmax(axis={self.axis})"
