"""Small data sets for the chapters: logic gates and seeded 2-D toy problems.

Every generator takes ``rng`` (a ``numpy.random.Generator`` or an int seed),
returns ``X`` of shape ``(n, 2)`` (float64) and integer labels ``y`` of shape
``(n,)``, and touches no global random state.
"""
import json
from collections import namedtuple
from importlib import resources

import numpy as np

from ._checks import as_rng

Split = namedtuple("Split", "X_train y_train X_val y_val X_test y_test")

_GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
_GATE_TARGETS = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
    "XOR": [0, 1, 1, 0],
}
GATES = tuple(_GATE_TARGETS)


def logic_gate(name):
    """The truth table of a two-input gate: ``X`` rows (0,0), (0,1), (1,0), (1,1) and targets ``y``."""
    key = str(name).upper()
    if key not in _GATE_TARGETS:
        raise ValueError(f"logic_gate: unknown gate {name!r}; choose one of {', '.join(GATES)}")
    return _GATE_INPUTS.copy(), np.array(_GATE_TARGETS[key], dtype=np.int64)


def _check_count(fn, n, minimum=1):
    if not isinstance(n, (int, np.integer)) or n < minimum:
        raise ValueError(f"{fn}: n must be an integer >= {minimum}, got {n!r}")


def _split(n, k):
    """How many of ``n`` points each of ``k`` classes gets (as equal as possible)."""
    return np.full(k, n // k) + (np.arange(k) < n % k)


def blobs(n=200, centers=((-1.0, -1.0), (1.0, 1.0)), std=0.5, rng=None):
    """Gaussian clouds around ``centers``, one class per centre."""
    _check_count("blobs", n)
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != 2:
        raise ValueError(f"blobs: centers must have shape (k, 2), got {centers.shape}")
    if not std > 0:
        raise ValueError(f"blobs: std must be positive, got {std!r}")
    gen = as_rng(rng)
    y = np.repeat(np.arange(len(centers)), _split(n, len(centers)))
    X = centers[y] + std * gen.standard_normal((n, 2))
    return X, y


def moons(n=200, noise=0.1, rng=None):
    """Two interleaving half circles (class 0 on top, class 1 below and shifted)."""
    _check_count("moons", n, 2)
    if noise < 0:
        raise ValueError(f"moons: noise must be >= 0, got {noise!r}")
    gen = as_rng(rng)
    n0, n1 = _split(n, 2)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + noise * gen.standard_normal((n, 2))
    y = np.repeat([0, 1], [n0, n1])
    return X, y


def spirals(n=300, classes=2, noise=0.05, turns=1.5, rng=None):
    """``classes`` arms of a spiral winding out from the origin, one class per arm."""
    _check_count("spirals", n, classes)
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"spirals: classes must be an integer >= 2, got {classes!r}")
    gen = as_rng(rng)
    counts = _split(n, classes)
    y = np.repeat(np.arange(classes), counts)
    r = np.concatenate([np.linspace(0.05, 1.0, c) for c in counts])
    angle = 2 * np.pi * (turns * r + y / classes)
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    return X + noise * gen.standard_normal((n, 2)), y


def to_bits(numbers, width):
    """Least significant bit first: (count,) non-negative integers -> (count, width) bits."""
    return (np.asarray(numbers)[:, None] >> np.arange(width)) & 1


def binary_addition(count, width, rng=None):
    """Pairs of (width - 1)-bit numbers, read one bit per step, least significant first.

    Returns inputs (count, width, 2), the bits of both numbers at each step, and
    targets (count, width), the bits of their sum (which fits in ``width`` bits).
    """
    a, b = as_rng(rng).integers(0, 2 ** (width - 1), size=(2, count))
    return np.stack([to_bits(a, width), to_bits(b, width)], axis=-1).astype(np.float64), to_bits(a + b, width)


def load_digits(rng=0, test_fraction=0.25, val_fraction=0.15, scale="standard"):
    """The 8x8 handwritten digits (1,797 images, shipped with scikit-learn), split three ways and scaled.

    Each image is a row of 64 pixels (reshape to ``(8, 8)`` to see it). Three
    sets, each with its own job: **train** on ``X_train`` (60% by default), choose
    settings (epochs, learning rate, architecture) on ``X_val`` (15%), and
    measure the chosen model once on ``X_test`` (25%, the same 450 images the
    course has always used). The split is stratified, so each digit keeps its
    share in every set, and fixed by ``rng`` (the default 0 is the course's split).
    ``scale="unit"`` maps the pixels from 0..16 to 0..1 (for pictures);
    ``"standard"`` then standardises each pixel with the *training* set's mean and
    standard deviation (pixels that never vary are only centred), which helps
    gradient descent (chapter 5). Validation and test data are scaled with the
    training statistics too: they stand for data the model has never seen.
    Returns ``Split(X_train, y_train, X_val, y_val, X_test, y_test)``.
    """
    from sklearn.datasets import load_digits as sklearn_digits

    if not (0 < test_fraction < 1 and 0 <= val_fraction < 1 and test_fraction + val_fraction < 1):
        raise ValueError(f"load_digits: test_fraction and val_fraction must lie in [0, 1) and leave training data,"
                         f" got {test_fraction!r} and {val_fraction!r}")
    if scale not in ("unit", "standard"):
        raise ValueError(f"load_digits: scale must be 'unit' or 'standard', got {scale!r}")
    digits = sklearn_digits()
    X, y = digits.data / 16.0, digits.target.astype(np.int64)
    gen = as_rng(rng)
    part = np.zeros(len(y), dtype=np.int64)  # 0 train, 1 validation, 2 test
    for label in np.unique(y):
        members = gen.permutation(np.flatnonzero(y == label))
        n_test, n_val = round(test_fraction * len(members)), round(val_fraction * len(members))
        part[members[:n_test]] = 2
        part[members[n_test:n_test + n_val]] = 1
    X_train, X_val, X_test = X[part == 0], X[part == 1], X[part == 2]
    if scale == "standard":
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        std[std == 0] = 1.0
        X_train, X_val, X_test = (X_train - mean) / std, (X_val - mean) / std, (X_test - mean) / std
    return Split(X_train, y[part == 0], X_val, y[part == 1], X_test, y[part == 2])


def load_stairs():
    """The worked "stairs" example: 4 images of 2x2 pixels, weights, targets (see ``description``).

    Returns a dict with the arrays ``X1`` (4, 5), ``Y`` (4, 2), ``W1`` (5, 2),
    ``W2`` (3, 2) as float64, and ``step_size``, ``classes``, ``description``,
    ``provenance`` and ``conventions`` as stored in ``datasets/stairs_example.json``.
    """
    raw = json.loads(resources.files(__package__).joinpath("datasets", "stairs_example.json").read_text())
    for key in ("X1", "Y", "W1", "W2"):
        raw[key] = np.array(raw[key], dtype=np.float64)
    return raw
