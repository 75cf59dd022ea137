"""How every checker answers: a verdict in words, and a hint for the reader who runs it.

A checker runs the reader's function on cases, collects a ``Failure`` for each
case it gets wrong (what went wrong, and a hint towards the fix), and prints a
verdict. The *symptom* (which call, what it returned, what was expected) is
always printed. The *hint* is for the reader who ran the check: the stored pages
of the book (written by ``make outputs``, re-run by nbval, built into the
website) set ``NNLIB_HIDE_HINTS=1``, so a page shows that a planted bug fails
and how, but never prints its fix.
"""
import os
from collections import namedtuple

import numpy as np

NOT_WRITTEN = "is not written yet"
Failure = namedtuple("Failure", "symptom hint")
Failure.__new__.__defaults__ = (None,)


def hints_shown():
    """False while the book's own outputs are being made (``NNLIB_HIDE_HINTS=1``); True for a reader."""
    return os.environ.get("NNLIB_HIDE_HINTS") != "1"


def report(failures, total):
    """Print the verdict: all passed, or how many failed and the first failure (with its hint, for a reader)."""
    if not failures:
        print("The check passed. Well done!" if total == 1 else f"All {total} checks passed. Well done!")
        return
    first = failures[0] if isinstance(failures[0], Failure) else Failure(str(failures[0]))
    if NOT_WRITTEN in first.symptom:
        print(f"Nothing checked yet:\n  {first.symptom}")
        print("  Replace each `raise NotImplementedError` with your code, then run the check again.")
        return
    print("The check failed:" if total == 1 else f"{len(failures)} of {total} checks failed. The first one:")
    print("  " + first.symptom)
    if first.hint:
        print("  Hint: " + first.hint if hints_shown() else "  (Run this cell yourself to see a hint.)")


def call_reader(function, *args):
    """``(result, None)``, or ``(None, "raised TypeError: ...")`` when the reader's function fails."""
    try:
        return function(*args), None
    except NotImplementedError:
        return None, f"{NOT_WRITTEN} (it raises NotImplementedError)"
    except Exception as exc:  # the reader's code: report any error in words
        return None, f"raised {type(exc).__name__}: {exc}"


def case_line(error, about):
    """What a failing case was about, on a line of its own (nothing when there is nothing to check yet)."""
    return "" if NOT_WRITTEN in error else f"\n  Case: {about}."


def compare_arrays(name, got, want, hint=None, rtol=1e-6):
    """A ``Failure`` if ``got`` differs from ``want`` in shape or value (relative error), else None."""
    from ..gradcheck import relative_error

    got = np.asarray(got, dtype=float) if got is not None else None
    if got is None or got.shape != np.shape(want):
        shape = None if got is None else got.shape
        return Failure(f"{name} has shape {shape}, expected {np.shape(want)}.", hint)
    error = relative_error(got, want)
    if not error <= rtol:
        return Failure(f"{name} has the right shape but wrong values (relative error {error:.2g}).", hint)
    return None
