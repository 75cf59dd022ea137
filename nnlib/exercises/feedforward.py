"""Checkers for the feedforward-networks chapter."""
import warnings

import numpy as np

from ..activations import Softmax, softmax
from ..gradcheck import numerical_gradient
from .verdict import Failure, call_reader, case_line, compare_arrays, report


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
            failures.append(Failure(f"{call} {error}.\n  Case: {about}."))
        elif got != expected:
            if got == expected - sum(sizes[1:]):
                hint = "you left out the biases: one per neuron outside the input layer."
            else:
                hint = "each layer after the first adds (inputs x outputs) weights and one bias per output."
            failures.append(Failure(f"{call} returned {got!r}, expected {expected} ({about}).", hint))
    report(failures, len(cases))


def check_softmax(softmax_forward, softmax_backward):
    """Check ``softmax_forward(z) -> a`` and ``softmax_backward(a, grad_a) -> grad_z``, row by row.

    On random logits of several shapes the forward pass must match ``nnlib.softmax``,
    and the backward pass both ``nnlib.Softmax().backward`` and centred finite
    differences of ``sum(softmax(z) * grad_a)``. Logits in the thousands must give
    finite probabilities without an overflow warning.
    """
    rng = np.random.default_rng(2)
    shapes = [(1, 2), (4, 3), (6, 10)]
    failures = []
    for shape in shapes:
        z = 3 * rng.standard_normal(shape)
        about = f"random logits of shape {shape}"
        want = softmax(z)
        got, error = call_reader(softmax_forward, z.copy())
        if error:
            failures.append(Failure(f"softmax_forward(z) {error}." + case_line(error, about)))
        else:
            failure = compare_arrays(f"softmax_forward(z), {about},", got, want, _forward_hint(got, z), rtol=1e-9)
            failures.append(failure)
    for shape in shapes:
        z, grad_a = 3 * rng.standard_normal(shape), rng.standard_normal(shape)
        about = f"random logits and output gradient of shape {shape}"
        a = softmax(z)
        layer = Softmax()
        layer(z)
        want = layer.backward(grad_a)
        numeric = numerical_gradient(lambda v: np.sum(softmax(v) * grad_a), z.copy())
        got, error = call_reader(softmax_backward, a.copy(), grad_a.copy())
        if error:
            failures.append(Failure(f"softmax_backward(a, grad_a) {error}." + case_line(error, about)))
            continue
        hint = _backward_hint(got, a, grad_a)
        failure = compare_arrays("softmax_backward(a, grad_a), against centred finite differences,", got, numeric,
                                 hint, rtol=1e-7)  # the gradient check
        if failure is None:
            failure = compare_arrays("softmax_backward(a, grad_a), against nnlib.Softmax().backward,", got, want,
                                     hint, rtol=1e-9)
        failures.append(failure if failure is None else failure._replace(symptom=failure.symptom + case_line("", about)))
    z = np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow in exp is a failure, not a warning
        got, error = call_reader(softmax_forward, z.copy())
    if error:
        failures.append(Failure(f"softmax_forward on logits near +-1000 {error}.", _STABILITY_HINT))
    else:
        failures.append(compare_arrays("softmax_forward on logits near +-1000", got, softmax(z),
                                       _STABILITY_HINT, rtol=1e-9))
    failures = [f for f in failures if f]
    report(failures, 2 * len(shapes) + 1)


_STABILITY_HINT = ("exp(1000) overflows to inf and inf / inf is nan. Subtract each row's maximum first:"
                   " softmax(z) = softmax(z - max(z)), and the largest exponent is then e^0 = 1.")


def _forward_hint(got, z):
    """Name a likely mistake in a softmax forward pass, from what it returned."""
    e = np.exp(z - z.max())
    wrong_axis = [(e / e.sum(), "normalise each row on its own: sum over the last axis, with keepdims=True."),
                  (e / e.sum(axis=0, keepdims=True),
                   "sum over the last axis (axis=-1): one distribution per row.")]
    return _match(got, wrong_axis, "a = exp(z) / sum(exp(z)) along each row.")


def _backward_hint(got, a, grad_a):
    """Name a likely mistake in a softmax backward pass, from what it returned."""
    guesses = [
        (a * (1 - a) * grad_a, "that is only the diagonal of the Jacobian, a_i (1 - a_i). Every output depends on"
                               " every logit: the off-diagonal entries are -a_i a_j."),
        (a * (grad_a - np.sum(grad_a * a)), "the sum over j of grad_a_j a_j belongs to each row on its own:"
                                            " sum over axis=-1 with keepdims=True."),
        (a * grad_a - a * np.sum(a, axis=-1, keepdims=True), "the second term is a_i times the sum over j of"
                                                             " grad_a_j a_j (a dot product with grad_a)."),
    ]
    return _match(got, guesses, "grad_z = J^T grad_a with J = diag(a) - a a^T,"
                                " which is a * (grad_a - sum(grad_a * a)).")


def _match(got, guesses, default):
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return default
    return next((hint for value, hint in guesses if got.shape == value.shape and np.allclose(got, value)), default)
