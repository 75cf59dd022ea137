"""Checkers for the loss-and-gradient-descent chapter."""
import warnings

import numpy as np

from .verdict import Failure, call_reader, report


def check_bce(bce):
    """Check ``bce(p, y) -> float``, the mean binary cross-entropy."""
    p, y = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])
    cases = [
        (p, y, float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))), "three predictions",
         "the mean of -(y log p + (1 - y) log(1 - p)) over the samples."),
        (np.array([0.5]), np.array([1.0]), float(np.log(2)), "p = 0.5", "p = 0.5 costs log 2 whatever the label."),
        (np.array([0.99]), np.array([0.0]), float(-np.log(0.01)), "a confident wrong answer",
         "for label 0 the loss is -log(1 - p)."),
    ]
    failures = []
    for p_, y_, want, about, hint in cases:
        call = f"bce({p_.tolist()}, {y_.tolist()})"
        got, error = call_reader(bce, p_.copy(), y_.copy())
        if error:
            failures.append(Failure(f"{call} {error}. Case: {about}."))
        elif not np.isclose(float(got), want, rtol=1e-6):
            failures.append(Failure(f"{call} returned {float(got):.6f}, expected {want:.6f} ({about}).", hint))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extreme, error = call_reader(bce, np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    try:
        finite = error is None and bool(np.isfinite(float(extreme)))
    except (TypeError, ValueError):
        finite = False
    if not finite:
        failures.append(Failure(f"bce([1.0, 0.0], [0.0, 1.0]) gave {error or repr(extreme)}: not a finite loss.",
                                "a prediction of exactly 0 or 1 takes the log of 0. Clip p to [eps, 1 - eps]"
                                " first (eps = 1e-12, say)."))
    report(failures, len(cases) + 1)
