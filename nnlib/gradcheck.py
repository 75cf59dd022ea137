"""Gradient checking: compare a backward pass with centred finite differences.

For a scalar function f, ``(f(x + h) - f(x - h)) / 2h`` differs from f'(x) by a
term of order h^2, against h for the one-sided difference. With h = 1e-5 in
float64 and inputs of order 1, the truncation and rounding errors together sit
near 1e-10, so a correct backward agrees to a relative error of 1e-7 or better.
(Large inputs curve the function more; chapter 4 shows the h^2 law at work.)
"""
import numpy as np

from ._checks import as_rng


def numerical_gradient(f, x, h=1e-5):
    """Centred-difference gradient of the scalar function ``f(x)`` with respect to the array ``x``.

    Each element is nudged by +h and -h in turn and restored. When ``x`` is a
    float64 array it is nudged *in place*, so ``f`` may equally read ``x``
    through a closure, for example a layer's ``W.data``.
    """
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64 and x.flags.c_contiguous):
        x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        f_plus = float(f(x))
        flat[i] = old - h
        f_minus = float(f(x))
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """||a - b|| / max(||a||, ||b||): 0 when equal, about 1 when unrelated; 0 if both are zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def gradcheck(layer, x, rng=0, h=1e-5, details=False):
    """Largest relative error between ``layer.backward`` and numerical gradients.

    The layer's output is projected on a fixed random direction ``G`` to make a
    scalar ``f = sum(layer(x) * G)``, whose gradient with respect to the output is
    exactly ``G``. Backward then gives df/dx and df/dp for every parameter p,
    which are compared with centred differences. Parameter gradients are reset.
    With ``details=True`` returns a dict of the error for ``'input'`` and each
    parameter.
    """
    x = np.array(x, dtype=np.float64)
    G = as_rng(rng).standard_normal(np.shape(layer(x)))
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
