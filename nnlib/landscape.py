"""A 2-D slice of a trained network's loss landscape (Li, Xu, Taylor, Studer and Goldstein, 2018).

A network has thousands of weights, so its loss cannot be drawn; a plane
through the trained weights theta* can. Pick two random directions d1, d2 in
weight space and evaluate L(theta* + a d1 + b d2) on a grid of (a, b).

Raw random directions mislead: a layer with large weights barely notices a
step of a given length, one with small weights is thrown off by it, and ReLU
networks can rescale one layer's weights up and another's down without changing
the function. Li et al. therefore **filter-normalise**: each filter of the
direction (for a dense layer, the column of weights feeding one output unit) is
rescaled to the norm of the same filter in theta*. One-dimensional parameters
(biases, batch-norm scales) get a zero direction, as in the paper.
"""
import numpy as np

from ._checks import as_rng, shape_str
from .module import Parameter


def _norms(a, axes):
    return np.sqrt(np.sum(a * a, axis=axes, keepdims=True))


def filter_normalised_direction(parameters, rng=None):
    """One random direction, an array per parameter, filter-normalised against the parameters' values."""
    gen = as_rng(rng, "filter_normalised_direction")
    direction = []
    for i, p in enumerate(parameters):
        if not isinstance(p, Parameter):
            raise TypeError(f"filter_normalised_direction: item {i} is a {type(p).__name__}, not a Parameter"
                            " (pass model.parameters())")
        if p.data.ndim < 2:
            direction.append(np.zeros_like(p.data))
            continue
        d = gen.standard_normal(p.data.shape)
        # A filter is everything feeding one output unit: the last axis for Dense (in, out), the first for Conv2D (out, ...).
        axes = tuple(range(p.data.ndim - 1)) if p.data.ndim == 2 else tuple(range(1, p.data.ndim))
        d *= _norms(p.data, axes) / (_norms(d, axes) + 1e-12)
        direction.append(d)
    return direction


def loss_slice(model, loss, X, y, directions, alphas, betas):
    """L(theta* + a d1 + b d2) for every a in ``alphas`` and b in ``betas``: an array (len(betas), len(alphas)).

    The model's weights are moved in place for each evaluation and restored at the end.
    """
    params = model.parameters()
    d1, d2 = directions
    if not (len(d1) == len(d2) == len(params)):
        raise ValueError(f"loss_slice: {len(params)} parameters but directions of {len(d1)} and {len(d2)} arrays")
    for i, (p, u, v) in enumerate(zip(params, d1, d2)):
        if np.shape(u) != p.shape or np.shape(v) != p.shape:
            raise ValueError(f"loss_slice: parameter {i} has shape {shape_str(p.shape)} but its directions have"
                             f" shapes {shape_str(np.shape(u))} and {shape_str(np.shape(v))}")
    centre = [p.data.copy() for p in params]
    model.eval()
    surface = np.empty((len(betas), len(alphas)))
    try:
        for i, b in enumerate(betas):
            for j, a in enumerate(alphas):
                for p, c, u, v in zip(params, centre, d1, d2):
                    p.data[...] = c + a * u + b * v
                surface[i, j] = loss(model(X), y)
    finally:
        for p, c in zip(params, centre):
            p.data[...] = c
    return surface
