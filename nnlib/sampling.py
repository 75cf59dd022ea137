"""Sampling from a model's scores, with a temperature.

A language model outputs logits z over the vocabulary; softmax(z / T) is the
distribution we draw the next token from. The **temperature** T reshapes it:
T = 1 samples the model's own probabilities; T < 1 sharpens them (as T -> 0,
always the most likely token: safe, repetitive text); T > 1 flattens them
towards uniform (surprising, and soon nonsensical, text).
"""
import numpy as np

from ._checks import as_float_array, as_rng
from .activations import softmax


def temperature_probabilities(logits, temperature=1.0):
    """softmax(logits / temperature) along the last axis."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature!r}")
    return softmax(as_float_array("temperature_probabilities", "logits", logits) / temperature)


def sample(logits, temperature=1.0, rng=None):
    """One index per row of ``logits`` (or one for a 1-D vector), drawn from softmax(logits / temperature)."""
    p = temperature_probabilities(logits, temperature)
    rows = np.atleast_2d(p)
    u = as_rng(rng).random((len(rows), 1))
    # inverse-CDF sampling, all rows at once: the first index whose cumulative probability exceeds u
    idx = np.minimum((np.cumsum(rows, axis=1) < u).sum(axis=1), rows.shape[1] - 1)
    return idx if p.ndim > 1 else int(idx[0])
