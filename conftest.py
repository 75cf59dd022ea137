"""Every pytest run of the course (unit tests, nbval, the float-noise guard, the site build) makes the
book's own outputs, so exercise checkers print their verdicts without hints (nnlib/exercises/verdict.py)."""
import os

os.environ["NNLIB_HIDE_HINTS"] = "1"
