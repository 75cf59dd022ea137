"""Checkers for the convolutional-networks chapter."""
import numpy as np

from .verdict import NOT_WRITTEN, Failure, call_reader, report


def check_output_side(output_side):
    """Check ``output_side(n, k, s, p) -> int or None`` for convolutions and pooling."""
    cases = [  # n, k, s, p, expected, what the case is about
        (6, 3, 1, 0, 4, "the worked example"),
        (6, 3, 1, 1, 6, "padding 1 keeps 6x6"),
        (32, 5, 1, 2, 32, "padding 2 keeps the size"),
        (7, 3, 2, 0, 3, "stride 2"),
        (8, 2, 2, 0, 4, "2x2 pooling halves 8x8"),
        (6, 3, 2, 0, None, "(6 - 3) / 2 + 1 = 2.5"),
        (4, 5, 1, 0, None, "a 5x5 kernel in a 4x4 input"),
    ]
    failures = []
    for n, k, s, p, expected, about in cases:
        call = f"output_side(n={n}, k={k}, s={s}, p={p})"
        got, error = call_reader(output_side, n, k, s, p)
        if error:
            failures.append(Failure(f"{call} {error}. Case: {about}."))
        elif got != expected:
            if expected is not None and p and got == (n - k) // s + 1:
                hint = "did you forget the padding? It adds p cells on each side: n + 2p."
            elif expected is None and got is not None:
                hint = ("integer division rounds down silently; check that n + 2p - k divides by s exactly,"
                        " and return None when it does not (or when the kernel does not fit).")
            else:
                hint = "the output side is (n + 2p - k) / s + 1."
            failures.append(Failure(f"{call} returned {got!r}, expected {expected!r} ({about}).", hint))
    report(failures, len(cases))


def check_receptive_field(receptive_field):
    """Check ``receptive_field(layers) -> int``, the side of the input window one output unit sees.

    ``layers`` is a list of ``(k, s)`` pairs, kernel side and stride, from the input up.
    """
    cases = [  # layers, expected, what the case is about
        ([], 1, "no layer: one pixel"),
        ([(3, 1)], 3, "one 3x3 convolution"),
        ([(3, 1), (3, 1)], 5, "two 3x3 convolutions"),
        ([(2, 2), (2, 2)], 4, "two stride-2 poolings"),
        ([(5, 1), (2, 2), (3, 1), (2, 2)], 12, "the chapter's LeNet"),
        ([(7, 2), (3, 2), (3, 1)], 19, "strided 7x7, then 3x3"),
    ]
    failures = []
    for layers, expected, about in cases:
        call = f"receptive_field({layers})"
        got, error = call_reader(receptive_field, [tuple(layer) for layer in layers])
        if error:
            failures.append(Failure(f"{call} {error}. Case: {about}."))
            continue
        if got == expected:
            continue
        strides_ignored = 1 + sum(k - 1 for k, _ in layers)
        strides_up_to = [int(np.prod([s for _, s in layers[:i + 1]])) for i in range(len(layers))]
        own_stride_too = 1 + sum((k - 1) * jump for (k, _), jump in zip(layers, strides_up_to))
        if got == strides_ignored:
            hint = ("strides are ignored: after a stride-s layer, neighbouring units sit s input pixels apart, so every"
                    " later layer's k - 1 extra units count in steps of the product of the strides below it.")
        elif got == own_stride_too:
            hint = ("a layer's own stride does not widen its own window:"
                    " multiply by the strides of the layers *below* it.")
        else:
            hint = "start from r = 1, jump j = 1; for each layer r = r + (k - 1) * j, then j = j * s."
        failures.append(Failure(f"{call} returned {got!r}, expected {expected} ({about}).", hint))
    report(failures, len(cases))


def _correlate_full(grad_out, w):
    """Full cross-correlation of grad_out (N, F, OH, OW) with w (F, C, kh, kw), *not* flipped: a common mistake."""
    n, f, oh, ow = grad_out.shape
    _, c, kh, kw = w.shape
    padded = np.pad(grad_out, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    out = np.zeros((n, c, oh + kh - 1, ow + kw - 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = np.einsum("nfuv,fcuv->nc", padded[:, :, i:i + kh, j:j + kw], w)
    return out


def _compare_gradient(name, value, numeric, nnlib_value, mistakes, generic_hint):
    """A ``Failure`` unless ``value`` agrees with finite differences and with nnlib; the hint names a known mistake."""
    from ..gradcheck import relative_error

    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return Failure(f"{name} is not an array of numbers.", f"return {name} as a numpy array.")
    if value.shape != numeric.shape:
        return Failure(f"{name} has shape {value.shape}, expected {numeric.shape}.",
                       f"{name} has the shape of the array it is the gradient of.")
    error_fd, error_nnlib = relative_error(value, numeric), relative_error(value, nnlib_value)
    if error_fd <= 1e-6 and error_nnlib <= 1e-8:
        return None
    hint = next((text for candidate, text in mistakes if _same(value, candidate())), generic_hint)
    return Failure(f"{name} is wrong: relative error {error_fd:.1g} against finite differences,"
                   f" {error_nnlib:.1g} against nnlib's Conv2D.", hint)


def _same(value, candidate):
    return np.shape(candidate) == value.shape and np.allclose(value, candidate)


_CONV_CASES = [  # (N, C, H, W), (F, kh, kw), what the case is about
    ((1, 1, 3, 3), (1, 2, 2), "one image and channel, as by hand"),
    ((2, 1, 5, 6), (1, 3, 3), "a batch of two 5x6 images"),
    ((2, 3, 5, 4), (2, 3, 3), "three channels, two kernels"),
    ((3, 2, 4, 5), (4, 2, 3), "a 2x3 kernel"),
]


def check_conv_backward(conv_backward, rng=0):
    """Check ``conv_backward(x, w, grad_out) -> (dx, dw, db)`` for a convolution with stride 1 and no padding.

    ``x`` is (N, C, H, W), ``w`` is (F, C, kh, kw) and ``grad_out`` is (N, F, H - kh + 1, W - kw + 1), the
    gradient of a loss with respect to the output ``Y[n, f] = sum_c x[n, c] (correlated with) w[f, c] + b[f]``.
    On random inputs of several shapes, each gradient must agree with centred finite differences of
    ``sum(Y * grad_out)`` (whose gradient with respect to Y is exactly grad_out) and with ``nnlib.Conv2D``.
    """
    from ..conv import Conv2D
    from ..gradcheck import numerical_gradient

    gen = np.random.default_rng(rng)
    failures, total = [], len(_CONV_CASES)
    for (n, c, h, w_), (f, kh, kw), about in _CONV_CASES:
        layer = Conv2D(c, f, (kh, kw), rng=gen)
        layer.b.data[:] = gen.standard_normal(f)
        x = gen.standard_normal((n, c, h, w_))
        G = gen.standard_normal((n, f, h - kh + 1, w_ - kw + 1))
        layer(x)
        nnlib_dx = layer.backward(G)
        nnlib_grads = {"dx": nnlib_dx, "dw": layer.W.grad.copy(), "db": layer.b.grad.copy()}

        def scalar(_):
            return np.sum(layer(x) * G)

        numeric = {"dx": numerical_gradient(scalar, x), "dw": numerical_gradient(scalar, layer.W.data),
                   "db": numerical_gradient(scalar, layer.b.data)}
        shapes = f"\n  Shapes: x {x.shape}, w {layer.W.shape}, grad_out {G.shape} ({about})."
        got, error = call_reader(conv_backward, x.copy(), layer.W.data.copy(), G.copy())
        if error:
            where = "" if NOT_WRITTEN in error else shapes
            failures.append(Failure(f"conv_backward {error}.{where}"))
            continue
        if not (isinstance(got, (tuple, list)) and len(got) == 3):
            failures.append(Failure(f"conv_backward returned a {type(got).__name__}; return the tuple"
                                    f" (dx, dw, db).{shapes}"))
            continue
        wrong = {  # common mistakes, computed only when an answer is wrong: (what it gives, the hint)
            "dx": [(lambda: _correlate_full(G, layer.W.data),
                    "this is the kernel *unflipped*: the input gradient is the padded output gradient correlated"
                    " with the kernel rotated by 180 degrees (or: add grad_out[n, f, i, j] * w[f] onto the patch"
                    " that produced Y[n, f, i, j]).")],
            "dw": [(lambda: nnlib_grads["dw"] / n, "the batch is averaged: sum over the images instead (the loss has"
                                                   " already divided by N, so grad_out carries the 1/N)."),
                   (lambda: numerical_gradient(lambda _: np.sum(layer(x[:1]) * G[:1]), layer.W.data),
                    "only the first image counts: sum the correlations over every image of the batch.")],
            "db": [(lambda: nnlib_grads["db"] / G[:, 0].size, "db sums grad_out, it does not average it."),
                   (lambda: G[0].sum(axis=(1, 2)), "sum over the batch as well as over the positions.")],
        }
        generic = {"dx": "every Y[n, f, i, j] used the patch x[n, :, i:i+kh, j:j+kw] with weights w[f]: add"
                         " grad_out[n, f, i, j] * w[f] onto that patch of dx.",
                   "dw": "dw[f] = sum over n, i, j of grad_out[n, f, i, j] * x[n, :, i:i+kh, j:j+kw]: the input"
                         " correlated with the output gradient.",
                   "db": "db[f] = grad_out[:, f] summed over the batch and every position."}
        for name, value in zip(("dx", "dw", "db"), got):
            failure = _compare_gradient(name, value, numeric[name], nnlib_grads[name], wrong[name], generic[name])
            if failure:  # one failure per case: the first wrong gradient
                failures.append(Failure(failure.symptom + shapes, failure.hint))
                break
    report(failures, total)
