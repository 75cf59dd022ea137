"""Checkers for the backpropagation chapter."""
import numpy as np

from .verdict import Failure, call_reader, compare_arrays, report


def check_dense_backward(dense_backward):
    """Check ``dense_backward(x, W, grad_out) -> (dW, db, dx)`` for ``Z = x @ W + b``.

    The expected gradients are finite differences of ``sum(Z * grad_out)``, whose
    gradient with respect to Z is exactly ``grad_out``.
    """
    from ..gradcheck import numerical_gradient

    rng = np.random.default_rng(0)
    x, W, b, G = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2), rng.standard_normal((4, 2))

    def f(_):
        return np.sum((x @ W + b) * G)

    expected = {"dW": numerical_gradient(f, W), "db": numerical_gradient(f, b), "dx": numerical_gradient(f, x)}
    hints = {
        "dW": "dW = x^T @ grad_out: each weight w_ij collects x_i times the gradient of z_j, summed over the batch.",
        "db": "db = grad_out summed over the batch (axis 0): every sample's z_j contains b_j once.",
        "dx": "dx = grad_out @ W^T: each input feeds every output through its row of W.",
    }
    got, error = call_reader(dense_backward, x.copy(), W.copy(), G.copy())
    if error:
        report([Failure(f"dense_backward(x, W, grad_out) {error}, with x {x.shape}, W {W.shape}, grad_out {G.shape}.",
                        "a size mismatch in a matrix product usually means a missing transpose:"
                        " write down the shape of each product.")], 3)
        return
    got = dict(zip(("dW", "db", "dx"), got))
    failures = [compare_arrays(name, got.get(name), want, hints[name]) for name, want in expected.items()]
    report([f for f in failures if f], 3)
