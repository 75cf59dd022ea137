"""Checkers for the self-checking exercises: run the reader's function on cases
worked out by hand and say, in words, what is wrong with the first one that fails.
"""
import warnings

import numpy as np


def _report(failures, total):
    """Print the verdict (printing, not returning, keeps a notebook cell's output to the words)."""
    if not failures:
        print(f"All {total} checks passed. Well done!")
    else:
        print(f"{len(failures)} of {total} checks failed. The first one:")
        print("  " + failures[0])


def check_step_neuron(step_neuron):
    """Check ``step_neuron(x, w, threshold) -> 0 or 1`` (chapter 1, exercise 2)."""
    cases = [  # x, w, threshold, expected, what the case is about
        ([0, 0], [1, 1], 2, 0, "AND gate, input (0, 0): the sum 0 is below the threshold 2."),
        ([1, 0], [1, 1], 2, 0, "AND gate, input (1, 0): the sum 1 is below the threshold 2."),
        ([1, 1], [1, 1], 2, 1, "AND gate, input (1, 1): the sum 2 *equals* the threshold 2, and the"
                               " neuron must fire. Did you write '>' where the rule needs '>='?"),
        ([0, 1], [1, 1], 1, 1, "OR gate, input (0, 1): the sum 1 equals the threshold 1, so the output is 1."),
        ([1, 1], [-1, -1], -1.5, 0, "NAND gate, input (1, 1): the sum -2 is below the threshold -1.5."),
        ([0.5, 2, 1], [2, -1, 0.5], -0.6, 1, "three inputs: the sum 1 - 2 + 0.5 = -0.5 reaches the threshold"
                                             " -0.6. Your function must work for any number of inputs."),
    ]
    failures = []
    for x, w, threshold, expected, about in cases:
        args = f"step_neuron({x}, {w}, {threshold})"
        try:
            got = step_neuron(np.array(x, dtype=float), np.array(w, dtype=float), threshold)
        except Exception as exc:  # the reader's code: report any error in words
            failures.append(f"{args} raised {type(exc).__name__}: {exc}. Case: {about}")
            continue
        if not np.isscalar(got) and np.ndim(got) != 0:
            failures.append(f"{args} returned {got!r}; return a single number, 0 or 1.")
        elif got not in (0, 1):
            failures.append(f"{args} returned {got!r}; a step neuron only outputs 0 or 1.")
        elif got != expected:
            failures.append(f"{args} returned {int(got)}, expected {expected}. {about}")
    _report(failures, len(cases))


def check_dense_backward(dense_backward):
    """Check ``dense_backward(x, W, grad_out) -> (dW, db, dx)`` for ``Z = x @ W + b`` (chapter 4)."""
    from .gradcheck import numerical_gradient, relative_error

    rng = np.random.default_rng(0)
    x, W, b, G = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2), rng.standard_normal((4, 2))

    def f(_):  # a scalar whose gradient with respect to Z is exactly G
        return np.sum((x @ W + b) * G)

    expected = {"dW": numerical_gradient(f, W), "db": numerical_gradient(f, b), "dx": numerical_gradient(f, x)}
    hints = {
        "dW": "dW = x^T @ grad_out: each weight w_ij collects x_i times the gradient of z_j, summed over the batch.",
        "db": "db = grad_out summed over the batch (axis 0): every sample's z_j contains b_j once.",
        "dx": "dx = grad_out @ W^T: each input feeds every output through its row of W.",
    }
    try:
        got = dense_backward(x.copy(), W.copy(), G.copy())
        got = dict(zip(("dW", "db", "dx"), got))
    except Exception as exc:  # the reader's code: report any error in words
        print(f"dense_backward(x, W, grad_out) raised {type(exc).__name__}: {exc}")
        print(f"  with x of shape {x.shape}, W of shape {W.shape}, grad_out of shape {G.shape}."
              " A size mismatch in a matrix product usually means a missing transpose:"
              " write down the shape of each product.")
        return
    failures = []
    for name, want in expected.items():
        have = np.asarray(got.get(name))
        if have.shape != want.shape:
            failures.append(f"{name} has shape {have.shape}, expected {want.shape}. {hints[name]}")
        elif relative_error(have, want) > 1e-6:
            failures.append(f"{name} has the right shape but wrong values (relative error"
                            f" {relative_error(have, want):.2g}). {hints[name]}")
    _report(failures, 3)


def check_parameter_count(count_parameters):
    """Check ``count_parameters(layer_sizes) -> int`` for fully connected layers with biases (chapter 2)."""
    cases = [
        ([2, 2, 1], 9, "2-2-1 (the XOR network): 2*2 + 2 biases, then 2*1 + 1 bias."),
        ([6, 8, 1], 65, "6-8-1: 6*8 weights + 8 biases + 8*1 weights + 1 bias."),
        ([3072, 10], 30730, "a linear classifier on CIFAR-10: 3072*10 weights + 10 biases."),
        ([784, 30, 10], 23860, "784-30-10: 784*30 + 30 + 30*10 + 10."),
        ([4], 0, "a single layer of inputs has no weights at all."),
    ]
    failures = []
    for sizes, expected, about in cases:
        try:
            got = count_parameters(list(sizes))
        except Exception as exc:  # the reader's code: report any error in words
            failures.append(f"count_parameters({sizes}) raised {type(exc).__name__}: {exc}. Case: {about}")
            continue
        if got != expected:
            hint = ""
            if got == expected - sum(sizes[1:]):
                hint = " You left out the biases: one per neuron outside the input layer."
            failures.append(f"count_parameters({sizes}) returned {got!r}, expected {expected}: {about}{hint}")
    _report(failures, len(cases))


def check_bce(bce):
    """Check ``bce(p, y) -> float``, the mean binary cross-entropy (chapter 3)."""
    failures = []
    p, y = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])
    expected = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    cases = [
        (p, y, expected, "three predictions: -(log 0.9 + log 0.8 + log 0.6) / 3."),
        (np.array([0.5]), np.array([1.0]), float(np.log(2)), "p = 0.5 costs log 2 whatever the label."),
        (np.array([0.99]), np.array([0.0]), float(-np.log(0.01)), "a confident wrong answer costs -log(0.01)."),
    ]
    for p_, y_, want, about in cases:
        try:
            got = float(bce(p_.copy(), y_.copy()))
        except Exception as exc:  # the reader's code: report any error in words
            failures.append(f"bce raised {type(exc).__name__}: {exc}. Case: {about}")
            continue
        if not np.isclose(got, want, rtol=1e-6):
            failures.append(f"bce({p_.tolist()}, {y_.tolist()}) returned {got:.6f}, expected {want:.6f}: {about}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            extreme = float(bce(np.array([1.0, 0.0]), np.array([0.0, 1.0])))
        except Exception as exc:  # the reader's code: report any error in words
            extreme = exc
    if not isinstance(extreme, float) or not np.isfinite(extreme):
        failures.append(f"bce([1.0, 0.0], [0.0, 1.0]) gave {extreme!r}: a prediction of exactly 0 or 1 takes"
                        " the log of 0. Clip p to [eps, 1 - eps] first (eps = 1e-12, say).")
    _report(failures, len(cases) + 1)


def check_adam_step(adam_step):
    """Check ``adam_step(w, g, m, v, t, lr, beta1, beta2, eps) -> (w, m, v)`` against ``nnlib.Adam`` (chapter 5)."""
    from .module import Parameter
    from .optim import Adam

    lr, beta1, beta2, eps = 0.1, 0.9, 0.999, 1e-8
    gradients = [np.array([0.5, -1.0, 2.0]), np.array([0.3, -0.2, 2.0]), np.array([-0.4, 0.1, 1.0])]
    reference = Parameter(np.array([1.0, 2.0, -1.0]))
    optimizer = Adam([reference], lr=lr, betas=(beta1, beta2), eps=eps)
    w, m, v = reference.data.copy(), np.zeros(3), np.zeros(3)
    failures = []
    for t, g in enumerate(gradients, start=1):
        reference.grad[:] = g
        optimizer.step()
        w_before = w.copy()
        m_want = beta1 * m + (1 - beta1) * g
        v_want = beta2 * v + (1 - beta2) * g * g
        try:
            with warnings.catch_warnings():  # a wrong v may go negative: report the cause, not sqrt's warning
                warnings.simplefilter("ignore", RuntimeWarning)
                w, m, v = (np.asarray(a, dtype=float) for a in adam_step(w.copy(), g.copy(), m.copy(), v.copy(), t, lr, beta1, beta2, eps))
        except Exception as exc:  # the reader's code: report any error in words
            failures.append(f"step {t}: adam_step raised {type(exc).__name__}: {exc}")
            break
        if not np.allclose(m, m_want, rtol=1e-9):
            failures.append(f"step {t}: m = {np.round(m, 6).tolist()}, expected {np.round(m_want, 6).tolist()}."
                            " The first moment is the leaky average m = beta1 m + (1 - beta1) g.")
        elif not np.allclose(v, v_want, rtol=1e-9):
            failures.append(f"step {t}: v = {np.round(v, 6).tolist()}, expected {np.round(v_want, 6).tolist()}."
                            " The second moment averages the *squared* gradient: v = beta2 v + (1 - beta2) g^2.")
        elif not np.allclose(w, reference.data, rtol=1e-9, atol=1e-12):
            uncorrected = w_before - lr * m_want / (np.sqrt(v_want) + eps) if t == 1 else None
            hint = (" Without bias correction the first step is lr * 0.1 g / sqrt(0.001 g^2) = 3.16 lr per weight"
                    " instead of lr: divide m by (1 - beta1^t) and v by (1 - beta2^t)."
                    if uncorrected is not None and np.allclose(w, uncorrected, rtol=1e-6) else
                    " The update is w - lr * m_hat / (sqrt(v_hat) + eps) with m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t).")
            failures.append(f"step {t}: w = {np.round(w, 6).tolist()}, expected {np.round(reference.data, 6).tolist()}.{hint}")
        if failures:
            break
    _report(failures, len(gradients))


def check_output_side(output_side):
    """Check ``output_side(n, k, s, p) -> int or None`` for convolutions and pooling (chapter 6)."""
    cases = [  # n, k, s, p, expected, what the case is about
        (6, 3, 1, 0, 4, "the 6x6 image and 3x3 kernel of section 6.2: (6 - 3) / 1 + 1."),
        (6, 3, 1, 1, 6, "padding 1 keeps 6x6 ('same' convolution): (6 + 2 - 3) / 1 + 1."),
        (32, 5, 1, 2, 32, "a 5x5 kernel with padding 2 keeps the size too."),
        (7, 3, 2, 0, 3, "stride 2: (7 - 3) / 2 + 1 = 3."),
        (8, 2, 2, 0, 4, "2x2 pooling with stride 2 halves an 8x8 map."),
        (6, 3, 2, 0, None, "(6 - 3) / 2 + 1 = 2.5 is not a whole number: return None, do not round down."),
        (4, 5, 1, 0, None, "a 5x5 kernel does not fit in a 4x4 input at all: return None."),
    ]
    failures = []
    for n, k, s, p, expected, about in cases:
        call = f"output_side(n={n}, k={k}, s={s}, p={p})"
        try:
            got = output_side(n, k, s, p)
        except Exception as exc:  # the reader's code: report any error in words
            failures.append(f"{call} raised {type(exc).__name__}: {exc}. Case: {about}")
            continue
        if got != expected:
            hint = ""
            if expected is not None and p and got == (n - k) // s + 1:
                hint = " Did you forget the padding? It adds p cells on each side: n + 2p."
            elif expected is None and got is not None:
                hint = " Integer division rounds down silently; check that n + 2p - k divides by s exactly."
            failures.append(f"{call} returned {got!r}, expected {expected!r}: {about}{hint}")
    _report(failures, len(cases))


def check_rnn_step(rnn_step):
    """Check ``rnn_step(x, h, Wx, Wh, b) -> h_next``, one step of the tanh cell (chapter 7)."""
    rng = np.random.default_rng(0)
    x, h = rng.standard_normal((3, 2)), rng.standard_normal((3, 4))
    Wx, Wh, b = rng.standard_normal((2, 4)), rng.standard_normal((4, 4)), rng.standard_normal(4)
    want = np.tanh(x @ Wx + h @ Wh + b)
    try:
        got = np.asarray(rnn_step(x.copy(), h.copy(), Wx.copy(), Wh.copy(), b.copy()), dtype=float)
    except Exception as exc:  # the reader's code: report any error in words
        _report([f"rnn_step raised {type(exc).__name__}: {exc}. Shapes: x (3, 2), h (3, 4), Wx (2, 4), Wh (4, 4), b (4,)."], 2)
        return
    failures = []
    if got.shape != want.shape:
        failures.append(f"rnn_step returned shape {got.shape}, expected {want.shape}: one new state per row of x.")
    elif not np.allclose(got, want):
        hints = [(np.tanh(x @ Wx + b), "the previous state h is missing: h_t = tanh(x_t Wx + h_{t-1} Wh + b)."),
                 (np.tanh(x @ Wx + h @ Wh.T + b), "use h @ Wh, not h @ Wh.T: Wh maps the old state (rows) to the new (columns)."),
                 (1 / (1 + np.exp(-(x @ Wx + h @ Wh + b))), "the cell of chapter 7 uses tanh, not the sigmoid."),
                 (x @ Wx + h @ Wh + b, "the activation is missing: apply tanh to the sum.")]
        hint = next((text for value, text in hints if np.allclose(got, value)), "compare with tanh(x @ Wx + h @ Wh + b).")
        failures.append(f"rnn_step gave wrong values: {hint}")
    zero = rnn_step(np.zeros((1, 2)), np.zeros((1, 4)), Wx, Wh, np.zeros(4))
    if not np.allclose(zero, 0):
        failures.append("with zero input, zero state and zero bias the new state must be tanh(0) = 0.")
    _report(failures, 2)


_NOT_WRITTEN = object()


def _attempt(function, name, args, about, failures):
    """The reader's ``function(*args)`` on copies of the arrays; ``_NOT_WRITTEN`` if it raises
    NotImplementedError (a blank exercise), ``None`` after recording any other error in ``failures``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a wrong formula may divide by 0: report its cause instead
            return function(*(a.copy() for a in args))
    except NotImplementedError:
        return _NOT_WRITTEN
    except Exception as exc:  # the reader's code: report any error in words
        failures.append(f"{name} raised {type(exc).__name__}: {exc}. Case: {about}.")
        return None


def _not_written():
    """The neutral verdict for a function the reader has not written yet: no hint, nothing to copy."""
    print("Not checked yet: the function raised NotImplementedError. Write it, then run this cell again.")


def check_layer_norm(layer_norm, rng=0):
    """Check ``layer_norm(x, gamma, beta, eps) -> out`` against ``nnlib.LayerNorm`` on random inputs (chapter 9)."""
    from ._checks import as_rng
    from .normalization import LayerNorm

    rng = as_rng(rng)  # random inputs, checked against nnlib: there is no stored answer
    constant = np.full((1, 4), 3.0)
    cases = [(2 * rng.standard_normal((4, 6)) + 1, "a batch of 4 rows of 6 features"),
             (rng.standard_normal((2, 3, 5)), "a sequence batch (N, T, D) = (2, 3, 5): normalise over the last axis"),
             (np.vstack([constant, rng.standard_normal((1, 4))]), "a row whose 4 values are equal (variance 0)")]
    failures = []
    for x, about in cases:
        D = x.shape[-1]
        reference = LayerNorm(D)
        reference.gamma.data[:], reference.beta.data[:] = rng.uniform(0.5, 2, D), rng.standard_normal(D)
        gamma, beta = reference.gamma.data.copy(), reference.beta.data.copy()
        want = reference(x)
        got = _attempt(lambda *a: layer_norm(*a, 1e-5), "layer_norm", (x, gamma, beta), about, failures)
        if got is _NOT_WRITTEN:
            _not_written()
            return
        if got is None:
            continue
        got = np.asarray(got, dtype=float)
        if got.shape != want.shape:
            failures.append(f"layer_norm returned shape {got.shape} for input {x.shape}: the output has the input's shape.")
            continue
        if np.allclose(got, want, rtol=1e-7, atol=1e-9):
            continue
        centred = x - x.mean(axis=-1, keepdims=True)
        with warnings.catch_warnings():  # the candidate without eps divides 0 by 0 on the constant row
            warnings.simplefilter("ignore", RuntimeWarning)
            hints = _layer_norm_mistakes(x, centred, gamma, beta)
        hint = next((text for value, text in hints
                     if value is not None and value.shape == got.shape and np.allclose(got, value, equal_nan=True)),
                    "Compare with (x - mean) / sqrt(var + eps) * gamma + beta, with mean and var over the last axis.")
        failures.append(f"wrong values for {about}. {hint}")
    _report(failures, len(cases))


def _layer_norm_mistakes(x, centred, gamma, beta):
    """Common wrong versions of layer norm, each with the words that explain it."""
    return [
        ((x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5) * gamma + beta if x.ndim == 2 else None,
         "You normalised each feature over the batch (axis 0): that is batch norm. Layer norm normalises each"
         " sample over its own features, the last axis."),
        (centred / np.sqrt(x.var(axis=-1, ddof=1, keepdims=True) + 1e-5) * gamma + beta,
         "Use the biased variance, the mean of the squared deviations (divide by D, not D - 1)."),
        (centred / np.sqrt(x.var(axis=-1, keepdims=True)) * gamma + beta,
         "Eps belongs inside the square root: without it a row of equal values divides 0 by 0."),
        (centred / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5),
         "Scale by gamma and shift by beta after normalising."),
    ]


def check_attention_backward(attention_backward, rng=0):
    """Check ``attention_backward(grad_out, q, k, v, weights) -> (dq, dk, dv)`` (chapter 9).

    Random inputs on every run; each answer is compared with centred differences
    of the forward pass (a gradient check) and with nnlib's backward.
    """
    from ._checks import as_rng
    from .attention import scaled_dot_product_attention, scaled_dot_product_attention_backward
    from .gradcheck import numerical_gradient, relative_error

    rng = as_rng(rng)
    cases = [(((4, 3), (4, 3), (4, 2)), False, "one sequence, T = S = 4, d = 3, dv = 2"),
             (((2, 5, 4), (2, 6, 4), (2, 6, 3)), False, "a batch of 2, 5 queries and 6 keys"),
             (((6, 4), (6, 4), (6, 4)), True, "causal weights (zero above the diagonal)")]
    failures = []
    for shapes, causal, about in cases:
        q, k, v = (rng.standard_normal(s) for s in shapes)
        out, w = scaled_dot_product_attention(q, k, v, causal)
        G = rng.standard_normal(out.shape)
        got = _attempt(attention_backward, "attention_backward", (G, q, k, v, w), about, failures)
        if got is _NOT_WRITTEN:
            _not_written()
            return
        if got is None:
            continue
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            failures.append(f"attention_backward returned {type(got).__name__}; return the 3 arrays (dq, dk, dv). Case: {about}.")
            continue
        got = [np.asarray(a, dtype=float) for a in got]

        def f(_):
            return np.sum(scaled_dot_product_attention(q, k, v, causal)[0] * G)

        ours = scaled_dot_product_attention_backward(G, q, k, v, w)
        d = q.shape[-1]
        dw = G @ np.swapaxes(v, -1, -2)
        no_softmax = dw / np.sqrt(d)
        for name, arr, have, nn in zip(("dq", "dk", "dv"), (q, k, v), got, ours):
            if have.shape != arr.shape:
                failures.append(f"{name} has shape {have.shape}, expected {arr.shape} (the shape of {name[1]}). Case: {about}.")
                break
            numeric = numerical_gradient(f, arr)
            if relative_error(have, numeric) < 1e-6 and relative_error(have, nn) < 1e-6:
                continue
            hint = {"dv": "Each value v_j reaches output i with weight A_ij: dv = A^T grad_out."}.get(name, "")
            if name != "dv":
                if relative_error(have, nn * np.sqrt(d)) < 1e-6:
                    hint = "The scores were divided by sqrt(d), so their gradient is too."
                elif relative_error(have, (no_softmax @ k if name == "dq" else np.swapaxes(no_softmax, -1, -2) @ q)) < 1e-6:
                    hint = ("Between the weights and the scores sits a softmax on every row: dS = A * (dA - rowsum(dA * A)),"
                            " the Jacobian diag(a) - a a^T of chapter 2 applied to each row.")
                else:
                    hint = "With dS the gradient of the scores S = q k^T / sqrt(d): dq = dS k / sqrt(d), dk = dS^T q / sqrt(d)."
            failures.append(f"{name} fails the gradient check (relative error {relative_error(have, numeric):.1g}). {hint} Case: {about}.")
            break
    _report(failures, len(cases))
