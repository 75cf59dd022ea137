"""Small data sets for the chapters: logic gates and seeded 2-D toy problems.

Every generator takes ``rng`` (a ``numpy.random.Generator`` or an int seed),
returns ``X`` of shape ``(n, 2)`` (float64) and integer labels ``y`` of shape
``(n,)``, and touches no global random state.
"""
import numpy as np

from ._checks import as_rng

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
