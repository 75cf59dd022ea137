"""Checkers for the feedforward-networks chapter."""
from .verdict import Failure, call_reader, report


def check_parameter_count(count_parameters):
    """Check ``count_parameters(layer_sizes) -> int`` for fully connected layers with biases."""
    cases = [
        ([2, 2, 1], 9, "2-2-1 (the XOR network)"),
        ([6, 8, 1], 65, "6-8-1"),
        ([3072, 10], 30730, "a linear classifier on CIFAR-10"),
        ([784, 30, 10], 23860, "784-30-10"),
        ([4], 0, "a single layer of inputs"),
    ]
    failures = []
    for sizes, expected, about in cases:
        call = f"count_parameters({sizes})"
        got, error = call_reader(count_parameters, list(sizes))
        if error:
            failures.append(Failure(f"{call} {error}. Case: {about}."))
        elif got != expected:
            if got == expected - sum(sizes[1:]):
                hint = "you left out the biases: one per neuron outside the input layer."
            else:
                hint = "each layer after the first adds (inputs x outputs) weights and one bias per output."
            failures.append(Failure(f"{call} returned {got!r}, expected {expected} ({about}).", hint))
    report(failures, len(cases))
