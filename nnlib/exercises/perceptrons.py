"""Checkers for the perceptrons chapter."""
import numpy as np

from .verdict import Failure, call_reader, report


def check_step_neuron(step_neuron):
    """Check ``step_neuron(x, w, threshold) -> 0 or 1``."""
    cases = [  # x, w, threshold, expected, what the case is about, hint
        ([0, 0], [1, 1], 2, 0, "AND gate, input (0, 0): the sum 0 is below the threshold 2.", None),
        ([1, 0], [1, 1], 2, 0, "AND gate, input (1, 0): the sum 1 is below the threshold 2.", None),
        ([1, 1], [1, 1], 2, 1, "AND gate, input (1, 1): the sum 2 equals the threshold 2.",
         "the neuron must fire when the sum *reaches* the threshold. Did you write '>' where the rule needs '>='?"),
        ([0, 1], [1, 1], 1, 1, "OR gate, input (0, 1): the sum 1 equals the threshold 1.",
         "a sum equal to the threshold gives output 1 ('>=')."),
        ([1, 1], [-1, -1], -1.5, 0, "NAND gate, input (1, 1): the sum -2 is below the threshold -1.5.", None),
        ([0.5, 2, 1], [2, -1, 0.5], -0.6, 1, "three inputs: the sum 1 - 2 + 0.5 = -0.5 reaches the threshold -0.6.",
         "your function must work for any number of inputs: use a dot product, not x[0]*w[0] + x[1]*w[1]."),
    ]
    failures = []
    for x, w, threshold, expected, about, hint in cases:
        call = f"step_neuron({x}, {w}, {threshold})"
        got, error = call_reader(step_neuron, np.array(x, dtype=float), np.array(w, dtype=float), threshold)
        if error:
            failures.append(Failure(f"{call} {error}. Case: {about}", hint))
        elif not np.isscalar(got) and np.ndim(got) != 0:
            failures.append(Failure(f"{call} returned {got!r}; return a single number, 0 or 1."))
        elif got not in (0, 1):
            failures.append(Failure(f"{call} returned {got!r}; a step neuron only outputs 0 or 1."))
        elif got != expected:
            failures.append(Failure(f"{call} returned {int(got)}, expected {expected}. {about}", hint))
    report(failures, len(cases))
