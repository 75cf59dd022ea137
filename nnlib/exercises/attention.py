"""Checkers for the attention-and-transformers chapter."""
import warnings

import numpy as np

from .verdict import Failure, call_reader, case_line, report


def _quietly(function, *args):
    """The reader's function on copies of the arrays; a wrong formula's divide-by-0 warnings are not the story."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return call_reader(function, *(a.copy() for a in args))


def check_layer_norm(layer_norm, rng=0):
    """Check ``layer_norm(x, gamma, beta, eps) -> out`` against ``nnlib.LayerNorm`` on random inputs."""
    from .._checks import as_rng
    from ..normalization import LayerNorm

    rng = as_rng(rng)  # random inputs, checked against nnlib: there is no stored answer
    constant = np.full((1, 4), 3.0)
    cases = [(2 * rng.standard_normal((4, 6)) + 1, "a batch of 4 rows of 6 features"),
             (rng.standard_normal((2, 3, 5)), "a sequence batch (N, T, D) = (2, 3, 5), normalised over the last axis"),
             (np.vstack([constant, rng.standard_normal((1, 4))]), "a row whose 4 values are equal (variance 0)")]
    failures = []
    for x, about in cases:
        D = x.shape[-1]
        reference = LayerNorm(D)
        reference.gamma.data[:], reference.beta.data[:] = rng.uniform(0.5, 2, D), rng.standard_normal(D)
        gamma, beta = reference.gamma.data.copy(), reference.beta.data.copy()
        want = reference(x)
        got, error = _quietly(lambda *a: layer_norm(*a, 1e-5), x, gamma, beta)
        if error:
            failures.append(Failure(f"layer_norm {error}." + case_line(error, about)))
            continue
        got = np.asarray(got, dtype=float)
        if got.shape != want.shape:
            failures.append(Failure(f"layer_norm returned shape {got.shape} for input {x.shape}.",
                                    "the output has the input's shape."))
            continue
        if np.allclose(got, want, rtol=1e-7, atol=1e-9):
            continue
        centred = x - x.mean(axis=-1, keepdims=True)
        with warnings.catch_warnings():  # the candidate without eps divides 0 by 0 on the constant row
            warnings.simplefilter("ignore", RuntimeWarning)
            mistakes = _layer_norm_mistakes(x, centred, gamma, beta)
        hint = next((text for value, text in mistakes
                     if value is not None and value.shape == got.shape and np.allclose(got, value, equal_nan=True)),
                    "compare with (x - mean) / sqrt(var + eps) * gamma + beta, mean and var over the last axis.")
        failures.append(Failure(f"wrong values for {about}.", hint))
    report(failures, len(cases))


def _layer_norm_mistakes(x, centred, gamma, beta):
    """Common wrong versions of layer norm, each with the words that explain it."""
    return [
        ((x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5) * gamma + beta if x.ndim == 2 else None,
         "you normalised each feature over the batch (axis 0): that is batch norm. Layer norm normalises each"
         " sample over its own features, the last axis."),
        (centred / np.sqrt(x.var(axis=-1, ddof=1, keepdims=True) + 1e-5) * gamma + beta,
         "use the biased variance, the mean of the squared deviations (divide by D, not D - 1)."),
        (centred / np.sqrt(x.var(axis=-1, keepdims=True)) * gamma + beta,
         "eps belongs inside the square root: without it a row of equal values divides 0 by 0."),
        (centred / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5),
         "scale by gamma and shift by beta after normalising."),
    ]


def check_attention_backward(attention_backward, rng=0):
    """Check ``attention_backward(grad_out, q, k, v, weights) -> (dq, dk, dv)``.

    Random inputs on every case; each answer is compared with centred differences
    of the forward pass (a gradient check) and with nnlib's backward.
    """
    from .._checks import as_rng
    from ..attention import scaled_dot_product_attention, scaled_dot_product_attention_backward
    from ..gradcheck import numerical_gradient, relative_error

    rng = as_rng(rng)
    cases = [(((4, 3), (4, 3), (4, 2)), False, "one sequence, T = S = 4, d = 3, dv = 2"),
             (((2, 5, 4), (2, 6, 4), (2, 6, 3)), False, "a batch of 2, 5 queries and 6 keys"),
             (((6, 4), (6, 4), (6, 4)), True, "causal weights (zero above the diagonal)")]
    failures = []
    for shapes, causal, about in cases:
        q, k, v = (rng.standard_normal(s) for s in shapes)
        out, w = scaled_dot_product_attention(q, k, v, causal)
        G = rng.standard_normal(out.shape)
        got, error = _quietly(attention_backward, G, q, k, v, w)
        if error:
            failures.append(Failure(f"attention_backward {error}." + case_line(error, about)))
            continue
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            failures.append(Failure(f"attention_backward returned {type(got).__name__}; return the 3 arrays"
                                    f" (dq, dk, dv). Case: {about}."))
            continue
        got = [np.asarray(a, dtype=float) for a in got]

        def f(_):
            return np.sum(scaled_dot_product_attention(q, k, v, causal)[0] * G)

        ours = scaled_dot_product_attention_backward(G, q, k, v, w)
        d = q.shape[-1]
        no_softmax = G @ np.swapaxes(v, -1, -2) / np.sqrt(d)
        for name, arr, have, nn in zip(("dq", "dk", "dv"), (q, k, v), got, ours):
            if have.shape != arr.shape:
                failures.append(Failure(f"{name} has shape {have.shape}, expected {arr.shape}. Case: {about}.",
                                        f"a gradient has the shape of what it is the gradient of ({name[1]})."))
                break
            numeric = numerical_gradient(f, arr)
            if relative_error(have, numeric) < 1e-6 and relative_error(have, nn) < 1e-6:
                continue
            if name == "dv":
                hint = "each value v_j reaches output i with weight A_ij: dv = A^T grad_out."
            elif relative_error(have, nn * np.sqrt(d)) < 1e-6:
                hint = "the scores were divided by sqrt(d), so their gradient is too."
            elif relative_error(have, no_softmax @ k if name == "dq" else np.swapaxes(no_softmax, -1, -2) @ q) < 1e-6:
                hint = ("between the weights and the scores sits a softmax on every row: dS = A * (dA - rowsum(dA * A)),"
                        " the Jacobian diag(a) - a a^T of the feedforward chapter applied to each row.")
            else:
                hint = "with dS the gradient of the scores S = q k^T / sqrt(d): dq = dS k / sqrt(d), dk = dS^T q / sqrt(d)."
            failures.append(Failure(f"{name} fails the gradient check (relative error"
                                    f" {relative_error(have, numeric):.1g}). Case: {about}.", hint))
            break
    report(failures, len(cases))
