"""Checkers for the optimizers-and-training chapter."""
import warnings

import numpy as np

from .verdict import Failure, call_reader, compare_arrays, report


def check_adam_step(adam_step, runs=3, steps=4, rng=0):
    """Check ``adam_step(w, g, m, v, t, lr, beta1, beta2, eps) -> (w, m, v)`` against ``nnlib.Adam``.

    Each run draws a random shape, random hyperparameters and random gradients, and
    follows ``nnlib.Adam`` for several steps, so no single stored answer passes.
    """
    from ..module import Parameter
    from ..optim import Adam

    gen = np.random.default_rng(rng)
    failures, checks = [], 0
    for _ in range(runs):
        shape = tuple(int(s) for s in gen.integers(1, 5, size=gen.integers(1, 3)))
        lr, beta1, beta2 = float(10 ** gen.uniform(-3, -1)), float(gen.uniform(0.5, 0.95)), float(gen.uniform(0.9, 0.9999))
        eps = 1e-8
        reference = Parameter(gen.standard_normal(shape))
        optimizer = Adam([reference], lr=lr, betas=(beta1, beta2), eps=eps)
        w, m, v = reference.data.copy(), np.zeros(shape), np.zeros(shape)
        setting = f"shape {shape}, lr {lr:.3g}, beta1 {beta1:.3g}, beta2 {beta2:.4g}"
        for t in range(1, steps + 1):
            checks += 1
            g = gen.standard_normal(shape)
            reference.grad[...] = g
            optimizer.step()
            m_want, v_want = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
            w_before = w.copy()
            with warnings.catch_warnings():  # a wrong v may go negative: report the cause, not sqrt's warning
                warnings.simplefilter("ignore", RuntimeWarning)
                got, error = call_reader(adam_step, w.copy(), g.copy(), m.copy(), v.copy(), t, lr, beta1, beta2, eps)
            if error:
                failures.append(Failure(f"step {t} ({setting}): adam_step {error}"))
                break
            try:
                w, m, v = (np.asarray(a, dtype=float) for a in got)
            except (TypeError, ValueError):
                failures.append(Failure(f"step {t} ({setting}): adam_step must return the three arrays (w, m, v)."))
                break
            uncorrected = w_before - lr * m_want / (np.sqrt(v_want) + eps)
            bias_hint = ("without bias correction the first steps are too long (by 1/sqrt(1 - beta2) at t = 1):"
                         " divide m by (1 - beta1^t) and v by (1 - beta2^t), but store them uncorrected.")
            bad = (compare_arrays(f"step {t} ({setting}): m", m, m_want,
                                  "the first moment is the leaky average m = beta1 m + (1 - beta1) g.", rtol=1e-9)
                   or compare_arrays(f"step {t} ({setting}): v", v, v_want,
                                     "the second moment averages the *squared* gradient: v = beta2 v + (1 - beta2) g^2.",
                                     rtol=1e-9)
                   or compare_arrays(f"step {t} ({setting}): w", w, reference.data,
                                     bias_hint if np.allclose(w, uncorrected, rtol=1e-9) else
                                     "w = w - lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - beta1^t)"
                                     " and v_hat = v / (1 - beta2^t).", rtol=1e-9))
            if bad:
                failures.append(bad)
                break
    report(failures, checks)


def check_batchnorm_backward(batchnorm_backward, cases=3, rng=0):
    """Check ``batchnorm_backward(x, gamma, grad_out, eps) -> (dx, dgamma, dbeta)`` in training mode.

    The reference is ``nnlib.BatchNorm1D`` (forward on the batch, then backward) and,
    independently, finite differences of the batch-norm forward pass itself.
    """
    from ..gradcheck import numerical_gradient
    from ..normalization import BatchNorm1D

    gen = np.random.default_rng(rng)
    hints = {
        "dbeta": "beta is added to every row: dbeta is grad_out summed over the batch.",
        "dgamma": "out = gamma * x_hat: dgamma is (grad_out * x_hat) summed over the batch.",
        "dx": "every x_i moves the batch mean and variance too: dx = gamma / (N sigma)"
              " (N g - sum(g) - x_hat sum(g x_hat)), with sigma = sqrt(var + eps) and g = grad_out.",
    }
    failures, checks = [], 0
    for _ in range(cases):
        n, features = int(gen.integers(2, 7)), int(gen.integers(1, 5))
        x, G = gen.normal(1.0, 2.0, (n, features)), gen.standard_normal((n, features))
        gamma, eps = gen.uniform(0.5, 2.0, features), 1e-5
        layer = BatchNorm1D(features, eps=eps)
        layer.gamma.data[...] = gamma

        def scalar(x_=x, gamma_=gamma, beta_=np.zeros(features)):
            mean, var = x_.mean(axis=0), x_.var(axis=0)
            return float(np.sum((gamma_ * (x_ - mean) / np.sqrt(var + eps) + beta_) * G))

        layer(x)
        dx_nnlib = layer.backward(G)
        expected = {
            "dx": (dx_nnlib, numerical_gradient(lambda x_: scalar(x_=x_), x.copy())),
            "dgamma": (layer.gamma.grad, numerical_gradient(lambda g_: scalar(gamma_=g_), gamma.copy())),
            "dbeta": (layer.beta.grad, numerical_gradient(lambda b_: scalar(beta_=b_), np.zeros(features))),
        }
        checks += 3
        got, error = call_reader(batchnorm_backward, x.copy(), gamma.copy(), G.copy(), eps)
        if error:
            failures.append(Failure(f"batchnorm_backward with x of shape {x.shape} {error}."))
            continue
        got = dict(zip(("dx", "dgamma", "dbeta"), got))
        for name, (from_nnlib, from_differences) in expected.items():
            bad = (compare_arrays(f"{name} (x of shape {x.shape}) against finite differences", got.get(name),
                                  from_differences, hints[name], rtol=1e-5)
                   or compare_arrays(f"{name} (x of shape {x.shape}) against nnlib.BatchNorm1D", got.get(name),
                                     from_nnlib, hints[name], rtol=1e-5))
            if bad:
                failures.append(bad)
    report(failures, checks)
