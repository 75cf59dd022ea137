"""Input checks shared by every layer and loss: clear errors, no silent surprises.

Every message names the object that complained (``Dense(4 -> 2)``, ``MSELoss``)
and the shapes involved, so a reader sees at once which line of their model is
wrong and why. ``owner`` is the layer itself or a name; it is only turned into
text when something is wrong, so the checks cost next to nothing on the hot path.
"""
import math
import warnings

import numpy as np


def shape_str(shape):
    """``(3, 5)`` for a concrete shape; ``(N, 4)`` when a tuple holds ``'N'``."""
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


_FLOAT64 = np.dtype(np.float64)


def as_float_array(owner, name, x):
    """``x`` as a float64 array; a ``TypeError`` naming ``owner`` if it is not numeric.

    Integers, booleans, float32 and nested lists are converted; strings, objects and
    complex numbers are refused rather than parsed or silently cut to their real part.
    """
    if type(x) is np.ndarray and x.dtype is _FLOAT64:  # the hot path: nothing to convert
        return x
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise TypeError(f"{owner}: {name} must be a numeric array, got {describe(x)}") from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{owner}: {name} must be a numeric array, got {describe(x)}")
    return arr.astype(np.float64, copy=False)


def describe(x):
    """A few words for an argument in an error message: ``an array of shape (3, 4) and dtype <U1``."""
    if isinstance(x, np.ndarray):
        return f"an array of shape {shape_str(x.shape)} and dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}" if isinstance(x, (int, float, str, bool)) or x is None else type(x).__name__


def is_real(value):
    """True for a Python or numpy real number (not a bool, not an array)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def check_int(owner, name, value, minimum=1):
    """``value`` as an int of at least ``minimum``; a ``ValueError`` naming ``owner`` otherwise (bools refused)."""
    if not isinstance(value, (int, np.integer)) or isinstance(value, (bool, np.bool_)) or value < minimum:
        kind = {0: "a non-negative integer", 1: "a positive integer"}.get(minimum, f"an integer of at least {minimum}")
        raise ValueError(f"{owner}: {name} must be {kind}, got {value!r}")
    return int(value)


def check_number(owner, name, value, low=-math.inf, high=math.inf, low_closed=True, high_closed=True, allow_inf=False):
    """``value`` as a float in the given interval; a ``ValueError`` naming ``owner`` otherwise.

    NaN, strings, bools and arrays are refused, and infinity unless ``allow_inf``.
    """
    ok = is_real(value) and not math.isnan(value) and (allow_inf or not math.isinf(value))
    if ok:
        ok = (value >= low if low_closed else value > low) and (value <= high if high_closed else value < high)
    if not ok:
        if high == math.inf and low == 0:
            kind = "be a non-negative number" if low_closed else "be positive"
        elif high == math.inf and low == -math.inf:
            kind = "be a number"
        else:
            kind = f"lie in {'[' if low_closed else '('}{low:g}, {high:g}{']' if high_closed else ')'}"
        raise ValueError(f"{owner}: {name} must {kind}, got {value!r}")
    return float(value)


def check_shape(owner, name, arr, expected):
    """Raise ``ValueError`` unless ``arr.shape`` matches ``expected``.

    ``expected`` is a tuple of ints and placeholders such as ``'N'`` or ``'T'``
    (any batch size, any number of time steps).
    """
    shape = arr.shape
    if shape == expected:
        return
    if len(shape) == len(expected):
        for e, s in zip(expected, shape):
            if e != s and not isinstance(e, str):
                break
        else:
            return
    raise ValueError(f"{owner}: expected {name} of shape {shape_str(expected)}, got {shape_str(shape)}")


def warn_if_not_finite(owner, name, arr):
    """Warn (never silently pass on) when an array holds NaN or infinity."""
    finite = np.isfinite(arr)
    if not finite.all():
        bad = int(arr.size - np.count_nonzero(finite))
        warnings.warn(f"{owner}: {name} contains {bad} non-finite value(s) (NaN or inf)", RuntimeWarning, stacklevel=3)


def as_rng(rng, owner=None):
    """A ``numpy.random.Generator`` from a Generator, an int seed, or ``None``.

    ``None`` gives a fresh, unseeded generator: two layers built without a seed
    differ, as they should. Pass a seed when a result must be reproducible.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)) and rng >= 0):
        return np.random.default_rng(rng)
    if is_real(rng) and isinstance(rng, (int, np.integer)):
        raise ValueError(f"{owner + ': ' if owner else ''}an rng seed must be non-negative, got {rng!r}")
    raise TypeError(
        f"{owner + ': ' if owner else ''}rng must be a numpy.random.Generator, a non-negative int seed or None,"
        f" got {describe(rng)}"
    )
