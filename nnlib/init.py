"""Weight initialisers: arrays for a layer's ``W`` of shape ``(fan_in, fan_out)``.

Why the variance matters: a unit sums ``fan_in`` products w x. With independent
zero-mean weights of variance s^2 and inputs of variance v, the sum has
variance ``fan_in s^2 v``. Choosing s^2 = 1 / fan_in keeps the variance of the
signal the same from layer to layer; averaging with the backward pass
(fan_out) gives Glorot's 2 / (fan_in + fan_out); ReLU zeroes half of its inputs,
hence He's 2 / fan_in. All-zero weights keep every hidden unit identical: they
receive identical gradients and never become different (the symmetry problem).

Use: ``layer.W.data[...] = init.he_normal(layer.W.shape, rng)``.
"""
import numpy as np

from ._checks import as_rng, is_real


def _fans(shape):
    if not (isinstance(shape, (tuple, list)) and len(shape) == 2
            and all(is_real(n) and isinstance(n, (int, np.integer)) and n >= 1 for n in shape)):
        raise ValueError(f"init: expected a weight shape (fan_in, fan_out) of positive integers, got {shape!r}")
    return int(shape[0]), int(shape[1])


def zeros(shape):
    """All zeros: fine for biases, fatal for weights (every unit stays the same)."""
    return np.zeros(shape)


def small_uniform(shape, scale=0.01, rng=None):
    """Uniform in [-scale, scale]: variance scale^2 / 3, whatever the layer's size."""
    return as_rng(rng).uniform(-scale, scale, size=shape)


def lecun_normal(shape, k=1.0, rng=None):
    """Normal with variance k / fan_in (k = 1: LeCun; the 'k / m' rule of the source notes)."""
    fan_in, _ = _fans(shape)
    return as_rng(rng).normal(0.0, np.sqrt(k / fan_in), size=shape)


def glorot_uniform(shape, rng=None):
    """Glorot/Xavier: uniform in [-a, a] with a = sqrt(6 / (fan_in + fan_out)), variance 2 / (fan_in + fan_out)."""
    fan_in, fan_out = _fans(shape)
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return as_rng(rng).uniform(-a, a, size=shape)


def glorot_normal(shape, rng=None):
    """Glorot/Xavier: normal with variance 2 / (fan_in + fan_out) (Glorot and Bengio, 2010)."""
    fan_in, fan_out = _fans(shape)
    return as_rng(rng).normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)


def he_normal(shape, rng=None):
    """He/Kaiming: normal with variance 2 / fan_in, for ReLU layers (He et al., 2015)."""
    fan_in, _ = _fans(shape)
    return as_rng(rng).normal(0.0, np.sqrt(2.0 / fan_in), size=shape)


def he_uniform(shape, rng=None):
    """He/Kaiming: uniform in [-a, a] with a = sqrt(6 / fan_in), variance 2 / fan_in."""
    fan_in, _ = _fans(shape)
    a = np.sqrt(6.0 / fan_in)
    return as_rng(rng).uniform(-a, a, size=shape)
