"""Gradient checking: compare a backward pass with centred finite differences.

For a scalar function f, ``(f(x + h) - f(x - h)) / 2h`` differs from f'(x) by a
term of order h^2, against h for the one-sided difference. With h = 1e-5 in
float64 and inputs of order 1, the truncation and rounding errors together sit
near 1e-10, so a correct backward agrees to a relative error of 1e-7 or better.
(Large inputs curve the function more; chapter 4 shows the h^2 law at work.)
"""
import math
import warnings

import numpy as np

from ._checks import as_float_array, as_rng, check_number, describe, shape_str
from .module import Layer


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of the scalar function ``f(x)`` with respect to the array ``x``.

    Each element is nudged by +h and -h in turn and restored. When ``x`` is a
    float64 array it is nudged *in place*, whatever its memory layout (a
    transposed or sliced view included), so ``f`` may equally read ``x`` through
    a closure, for example a layer's ``W.data``. Anything else (a list, an
    integer or float32 array) is first copied to float64, and then ``f`` must use
    its argument. A read-only float64 array is refused.
    """
    h = check_number("numerical_gradient", "h", h, low=0, low_closed=False)
    if isinstance(x, np.ndarray) and x.dtype == np.float64 and not x.flags.writeable:
        raise ValueError("numerical_gradient: x is read-only, so it cannot be nudged in place (and f may read it"
                         " through a closure); pass a writeable array, such as np.array(x)")
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
        x = np.array(as_float_array("numerical_gradient", "x", x))
    grad = np.zeros(x.shape)
    if x.flags.c_contiguous:  # a flat view of the same memory: the quick way round
        cells, target, out = range(x.size), x.reshape(-1), grad.reshape(-1)
    else:
        cells, target, out = list(np.ndindex(x.shape)), x, grad
    for i in cells:
        old = target[i]
        target[i] = old + h
        f_plus = _scalar(f(x))
        target[i] = old - h
        f_minus = _scalar(f(x))
        target[i] = old
        out[i] = (f_plus - f_minus) / (2 * h)
    if not np.isfinite(grad).all():
        warnings.warn(f"numerical_gradient: f gave NaN or inf near x, so {int(np.size(grad) - np.isfinite(grad).sum())}"
                      " gradient entries are not finite", RuntimeWarning, stacklevel=2)
    return grad


def _scalar(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"numerical_gradient: f must return a scalar, got {describe(value)}") from None


def relative_error(a, b):
    """||a - b|| / max(||a||, ||b||): 0 when equal, about 1 when unrelated; 0 if both are zero."""
    a, b = as_float_array("relative_error", "a", a), as_float_array("relative_error", "b", b)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: a and b must have the same shape, got {shape_str(a.shape)} and"
                         f" {shape_str(b.shape)}")
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    error = 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
    if not math.isfinite(error):
        warnings.warn("relative_error: a or b holds NaN or inf", RuntimeWarning, stacklevel=2)
    return error


def gradcheck(layer, x, rng=0, h=1e-5, details=False):
    """Largest relative error between ``layer.backward`` and numerical gradients.

    The layer's output is projected on a fixed random direction ``G`` to make a
    scalar ``f = sum(layer(x) * G)``, whose gradient with respect to the output is
    exactly ``G``. Backward then gives df/dx and df/dp for every parameter p,
    which are compared with centred differences. Parameter gradients are reset.
    With ``details=True`` returns a dict of the error for ``'input'`` and each
    parameter.
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"gradcheck: layer must be an nnlib Layer (with forward and backward), got {describe(layer)}")
    x = np.array(as_float_array("gradcheck", "x", x))
    G = as_rng(rng, "gradcheck").standard_normal(np.shape(layer(x)))
    params = layer.parameters()
    for p in params:
        p.zero_grad()
    layer(x)
    analytic = {"input": layer.backward(G)}
    analytic.update({f"param{i}{p.shape}": p.grad.copy() for i, p in enumerate(params)})

    def f(_):
        return np.sum(layer(x) * G)

    errors = {"input": relative_error(analytic["input"], numerical_gradient(f, x, h))}
    for i, p in enumerate(params):
        key = f"param{i}{p.shape}"
        errors[key] = relative_error(analytic[key], numerical_gradient(f, p.data, h))
        p.zero_grad()
    return errors if details else max(errors.values())


def gradcheck_loss(loss, pred, target, h=1e-5):
    """Relative error between ``loss.backward()`` and the numerical gradient with respect to ``pred``."""
    pred = np.array(pred, dtype=np.float64)
    loss(pred, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda p: loss(p, target), pred, h)
    return relative_error(analytic, numeric)
