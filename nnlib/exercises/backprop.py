"""Checkers for the backpropagation chapter."""
import numpy as np

from .verdict import Failure, call_reader, compare_arrays, report


def check_dense_layer(dense_forward, dense_backward, cases=4, rng=0):
    """Check a dense layer written from scratch on random shapes.

    ``dense_forward(x, W, b) -> Z`` must equal ``nnlib.Dense``; ``dense_backward(x, W, grad_out)
    -> (dW, db, dx)`` must equal both ``nnlib.Dense.backward`` and finite differences of the
    reader's own forward pass (of ``sum(Z * grad_out)``, whose gradient with respect to Z is
    exactly ``grad_out``).
    """
    from ..gradcheck import numerical_gradient
    from ..layers import Dense

    gen = np.random.default_rng(rng)
    hints = {
        "Z": "Z = x @ W + b: one row per sample, W of shape (in, out), b added to every row.",
        "dW": "dW = x^T @ grad_out: weight W_ij collects x_ni times dZ_nj, summed over the samples n.",
        "db": "db = grad_out summed over the batch (axis 0): every sample's z_j contains b_j once.",
        "dx": "dx = grad_out @ W^T: input x_ni feeds every unit j through W_ij.",
    }
    failures, checks = [], 0
    for _ in range(cases):
        n, d_in, d_out = (int(s) for s in gen.integers(1, 6, size=3))
        x, G = gen.standard_normal((n, d_in)), gen.standard_normal((n, d_out))
        layer = Dense(d_in, d_out, rng=gen)
        layer.b.data[...] = gen.standard_normal(d_out)
        W, b = layer.W.data.copy(), layer.b.data.copy()
        shapes = f"x {x.shape}, W {W.shape}"
        checks += 4
        Z, error = call_reader(dense_forward, x.copy(), W.copy(), b.copy())
        if error:
            failures.append(Failure(f"dense_forward with {shapes} {error}.", hints["Z"]))
            continue
        bad = compare_arrays(f"dense_forward's Z (with {shapes})", Z, layer(x), hints["Z"])
        if bad:
            failures.append(bad)
            continue
        dx_nnlib = layer.backward(G)
        grads, error = call_reader(dense_backward, x.copy(), W.copy(), G.copy())
        if error:
            failures.append(Failure(f"dense_backward with {shapes}, grad_out {G.shape} {error}.",
                                    "a size mismatch in a matrix product usually means a missing transpose:"
                                    " write down the shape of each product."))
            continue
        grads = dict(zip(("dW", "db", "dx"), grads))

        def scalar(**changed):
            args = {"x": x, "W": W, "b": b, **changed}
            return float(np.sum(np.asarray(dense_forward(args["x"], args["W"], args["b"])) * G))

        expected = {
            "dW": (layer.W.grad, numerical_gradient(lambda W_: scalar(W=W_), W.copy())),
            "db": (layer.b.grad, numerical_gradient(lambda b_: scalar(b=b_), b.copy())),
            "dx": (dx_nnlib, numerical_gradient(lambda x_: scalar(x=x_), x.copy())),
        }
        for name, (from_nnlib, from_differences) in expected.items():
            bad = (compare_arrays(f"{name} (with {shapes}) against finite differences", grads.get(name),
                                  from_differences, hints[name])
                   or compare_arrays(f"{name} (with {shapes}) against nnlib.Dense", grads.get(name), from_nnlib,
                                     hints[name]))
            if bad:
                failures.append(bad)
    report(failures, checks)


def check_tanh_backward(layer):
    """Gradient-check a tanh layer's ``backward`` (``layer.forward(x)``, ``layer.backward(grad_out)``)."""
    from ..gradcheck import gradcheck

    x = np.random.default_rng(1).standard_normal((5, 4))
    error, message = None, None
    try:
        error = gradcheck(layer, x)
    except Exception as exc:  # the reader's code: report any error in words
        message = f"raised {type(exc).__name__}: {exc}"
    if message:
        report([Failure(f"gradcheck(layer, x) with x of shape {x.shape} {message}.")], 1)
        return
    if not error <= 1e-7:
        y = np.tanh(x)
        G = np.random.default_rng(2).standard_normal(x.shape)
        layer.forward(x)
        got = np.asarray(layer.backward(G))
        if np.allclose(got, G * (1 - x ** 2)):
            hint = "the slope of tanh is 1 - tanh(x)^2: square the layer's output y, not its input x."
        elif np.allclose(got, G * (1 - y)):
            hint = "the slope of tanh is 1 - y^2 (y squared), not 1 - y."
        elif np.allclose(got, 1 - y ** 2):
            hint = "multiply the slope by grad_out: backward returns grad_out * (1 - y^2), the chain rule's product."
        else:
            hint = "backward must return grad_out * (1 - y^2), where y = tanh(x) was saved by forward."
        report([Failure(f"the backward pass disagrees with finite differences: relative error {error:.1g}"
                        " (a correct one is below 1e-7).", hint)], 1)
        return
    report([], 1)
