"""Checkers for the optimizers chapter."""
import warnings

import numpy as np

from .verdict import Failure, call_reader, report


def check_adam_step(adam_step):
    """Check ``adam_step(w, g, m, v, t, lr, beta1, beta2, eps) -> (w, m, v)`` against ``nnlib.Adam``."""
    from ..module import Parameter
    from ..optim import Adam

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
        with warnings.catch_warnings():  # a wrong v may go negative: report the cause, not sqrt's warning
            warnings.simplefilter("ignore", RuntimeWarning)
            got, error = call_reader(adam_step, w.copy(), g.copy(), m.copy(), v.copy(), t, lr, beta1, beta2, eps)
        if error:
            failures.append(Failure(f"step {t}: adam_step {error}"))
            break
        w, m, v = (np.asarray(a, dtype=float) for a in got)
        if not np.allclose(m, m_want, rtol=1e-9):
            failures.append(Failure(f"step {t}: m = {np.round(m, 6).tolist()}, expected {np.round(m_want, 6).tolist()}.",
                                    "the first moment is the leaky average m = beta1 m + (1 - beta1) g."))
        elif not np.allclose(v, v_want, rtol=1e-9):
            failures.append(Failure(f"step {t}: v = {np.round(v, 6).tolist()}, expected {np.round(v_want, 6).tolist()}.",
                                    "the second moment averages the *squared* gradient: v = beta2 v + (1 - beta2) g^2."))
        elif not np.allclose(w, reference.data, rtol=1e-9, atol=1e-12):
            uncorrected = w_before - lr * m_want / (np.sqrt(v_want) + eps)
            if t == 1 and np.allclose(w, uncorrected, rtol=1e-6):
                hint = ("without bias correction the first step is lr * 0.1 g / sqrt(0.001 g^2) = 3.16 lr per weight"
                        " instead of lr: divide m by (1 - beta1^t) and v by (1 - beta2^t).")
            else:
                hint = "the update is w - lr * m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)."
            failures.append(Failure(f"step {t}: w = {np.round(w, 6).tolist()}, expected"
                                    f" {np.round(reference.data, 6).tolist()}.", hint))
        if failures:
            break
    report(failures, len(gradients))
