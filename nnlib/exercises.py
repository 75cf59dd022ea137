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


# ----- chapter 5: automatic differentiation ----------------------------------------------------
def check_maximum_op(maximum):
    """Check ``maximum(a, b) -> Tensor``, the elementwise max written as a new operation of
    ``nnlib.autograd`` (chapter 5): its value, and its backward by the engine's gradient check."""
    from .autograd import Tensor, gradcheck

    rng = np.random.default_rng(0)
    a, b, row = rng.standard_normal((3, 4)), rng.standard_normal((3, 4)), rng.standard_normal(4)
    checks = [  # what is checked, and how: each returns an error in words, or None
        ("the value", lambda: None if np.array_equal(maximum(Tensor(a), Tensor(b)).data, np.maximum(a, b))
         else "maximum(a, b).data differs from np.maximum(a.data, b.data)."),
        ("the gradient, same shapes", lambda: _gradcheck_words(gradcheck(maximum, a, b), "two (3, 4) inputs")),
        ("the gradient, a row broadcast over (3, 4)", lambda: _gradcheck_words(gradcheck(maximum, a, row),
                                                                              "a (3, 4) and a (4,) input")),
        ("maximum(x, 0) is a ReLU", lambda: _relu_words(maximum, a)),
    ]
    failures, blank = [], 0
    for about, check in checks:
        try:
            problem = check()
        except NotImplementedError:
            blank += 1
            continue
        except Exception as exc:  # the reader's code: report any error in words
            problem = f"raised {type(exc).__name__}: {exc}"
        if problem:
            failures.append(f"{about}: {problem}")
    if blank:  # the backward as given: say so, and nothing about how to write it
        print(f"{len(checks) - blank} of {len(checks)} checks passed; the other {blank} need the backward,")
        print("which is not written yet. Write grad_fn, then run both cells again.")
        return
    _report(failures, len(checks))


def _gradcheck_words(error, inputs):
    if error < 1e-6:
        return None
    return (f"the engine's gradient check on {inputs} gives a relative error of {error:.2g} (a right backward gives"
            " about 1e-10). Each element's gradient must go, all of it, to the input that was larger there,"
            " and nothing to the other (max routes); grad_fn returns one array per input, each shaped like g.")


def _relu_words(maximum, x):
    from .autograd import Tensor

    t, r = Tensor(x), Tensor(x)
    maximum(t, Tensor(0.0)).sum().backward()
    r.relu().sum().backward()
    if t.grad is not None and np.array_equal(t.grad, r.grad):
        return None
    if t.grad is not None and np.allclose(t.grad, 1.0):
        return ("every element of x received the gradient, even where x < 0 and the 0 was larger. That is the rule of"
                " +; a max routes each element's gradient to the larger input only.")
    return "its gradient with respect to x should be 1 where x > 0 and 0 where x < 0, as ReLU's is."


def _overwriting_walk(loss):
    """The walk of exercise 2 as given: a tensor used twice keeps only the last contribution."""
    from .autograd import unbroadcast

    grad = {loss: np.ones_like(loss.data)}
    for node in reversed(loss.nodes()):
        if node.grad_fn is not None:
            for parent, g in zip(node.parents, node.grad_fn(grad[node])):
                grad[parent] = unbroadcast(g, parent.shape)
    return grad


def _walk_cases():
    """(description, build) pairs: build() returns (loss, {name: input tensor}) on fresh tensors."""
    from .autograd import Tensor

    rng = np.random.default_rng(1)
    x, y, z, w = rng.standard_normal(4)
    X, W1, b1, W2 = (rng.standard_normal(s) for s in ((5, 3), (3, 4), (4,), (4, 2)))

    def leaves(**arrays):
        return {k: Tensor(v) for k, v in arrays.items()}

    def chain():
        t = leaves(x=x)
        return ((t["x"].exp() * 2.0).tanh()), t

    def worked():
        t = leaves(x=x, y=y, z=z, w=w)
        return (t["x"] * t["y"] + t["z"]) * t["w"].sigmoid(), t

    def square():
        t = leaves(x=x)
        return t["x"] * t["x"], t

    def network():
        t = leaves(X=X, W1=W1, b1=b1, W2=W2)
        return ((t["X"] @ t["W1"] + t["b1"]).relu() @ t["W2"]).mean(), t

    def shared():
        t = leaves(x=x, y=y)
        h = t["x"].tanh()
        return h * t["y"] + h, t

    return [("a chain, tanh(2 exp(x))", chain), ("(x*y + z) * sigmoid(w)", worked), ("x * x", square),
            ("a two-layer network's mean output", network), ("h * y + h with h = tanh(x)", shared)]


def check_gradient_walk(gradients, hints=False):
    """Check ``gradients(loss) -> {tensor: d loss / d tensor}``, a reverse walk over an
    ``nnlib.autograd`` graph (chapter 5), on five graphs against ``Tensor.backward``.

    As long as the function behaves exactly like the version given in the chapter,
    the verdict only counts the failures; ``hints=True`` names them and says why.
    """
    cases = _walk_cases()
    failures, as_given = [], True
    for about, build in cases:
        reference, inputs = build()
        reference.backward()
        want = {name: t.grad for name, t in inputs.items()}
        loss, inputs = build()
        try:
            got = gradients(loss)
            missing = [name for name, t in inputs.items() if t not in got]
        except Exception as exc:  # the reader's code: report any error in words
            failures.append(f"{about}: gradients(loss) raised {type(exc).__name__}: {exc}")
            as_given = False
            continue
        loss2, inputs2 = build()
        planted = _overwriting_walk(loss2)
        if missing:
            failures.append(f"{about}: no gradient for {', '.join(missing)} in the dictionary returned.")
            as_given = False
            continue
        shapes = [name for name, t in inputs.items() if np.shape(got[t]) != want[name].shape]
        if shapes:
            name = shapes[0]
            failures.append(f"{about}: the gradient of {name} has shape {np.shape(got[inputs[name]])}, but {name} has"
                            f" shape {want[name].shape}. An input that was broadcast needs its gradient summed back"
                            " over the broadcast axes (unbroadcast).")
            as_given = False
            continue
        wrong = [name for name, t in inputs.items() if not np.allclose(got[t], want[name], rtol=1e-10, atol=1e-12)]
        as_given &= all(np.allclose(got[t], planted[inputs2[name]], rtol=1e-10, atol=1e-12) for name, t in inputs.items())
        if wrong:
            failures.append(f"{about}: wrong gradient for {', '.join(wrong)} (expected"
                            f" {np.round(np.ravel(want[wrong[0]])[:3], 6).tolist()}, got"
                            f" {np.round(np.ravel(got[inputs[wrong[0]]])[:3], 6).tolist()} for {wrong[0]}).")
    if failures and as_given and not hints:
        print(f"{len(failures)} of {len(cases)} checks failed. This is the walk as given:")
        print("find the bug, fix it, and run both cells again.")
        print("(Stuck? check_gradient_walk(gradients, hints=True) names the failing graphs.)")
        return
    if failures and any(about.startswith(("x * x", "h * y")) for about in failures):
        failures[0] += (" In this graph one tensor feeds two operations, and each sends it a share of the"
                        " gradient; the dictionary must add the second share to the first, not replace it.")
    _report(failures, len(cases))
