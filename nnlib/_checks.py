"""Input checks shared by every layer and loss: clear errors, no silent surprises.

Every message names the object that complained (``Dense(4 -> 2)``, ``MSELoss``)
and the shapes involved, so a reader sees at once which line of their model is
wrong and why. ``owner`` is the layer itself or a name; it is only turned into
text when something is wrong, so the checks cost next to nothing on the hot path.
"""
import warnings

import numpy as np


def shape_str(shape):
    """``(3, 5)`` for a concrete shape; ``(N, 4)`` when a tuple holds ``'N'``."""
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


_FLOAT64 = np.dtype(np.float64)


def as_float_array(owner, name, x):
    """``x`` as a float64 array; a ``TypeError`` naming ``owner`` if it is not numeric."""
    if type(x) is np.ndarray and x.dtype is _FLOAT64:  # the hot path: nothing to convert
        return x
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{owner}: {name} must be a numeric array, got {type(x).__name__}") from exc
    return arr


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


def as_rng(rng):
    """A ``numpy.random.Generator`` from a Generator, an int seed, or ``None``.

    ``None`` gives a fresh, unseeded generator: two layers built without a seed
    differ, as they should. Pass a seed when a result must be reproducible.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be a numpy.random.Generator, an int seed or None, got {type(rng).__name__}"
    )
