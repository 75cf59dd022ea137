"""Sampling from a model's scores, with a temperature.

A language model outputs logits z over the vocabulary; softmax(z / T) is the
distribution we draw the next token from. The **temperature** T reshapes it:
T = 1 samples the model's own probabilities; T < 1 sharpens them (as T -> 0,
always the most likely token: safe, repetitive text); T > 1 flattens them
towards uniform (surprising, and soon nonsensical, text).
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_number, shape_str, warn_if_not_finite
from .activations import _softmax


def temperature_probabilities(logits, temperature=1.0, owner="temperature_probabilities"):
    """softmax(logits / temperature) along the last axis."""
    temperature = check_number(owner, "temperature", temperature, low=0, low_closed=False)
    logits = as_float_array(owner, "logits", logits)
    if logits.ndim == 0 or logits.shape[-1] == 0:
        raise ValueError(f"{owner}: logits of shape {shape_str(logits.shape)} offer nothing to choose from")
    warn_if_not_finite(owner, "logits", logits)
    return _softmax(logits / temperature, -1)


def sample(logits, temperature=1.0, rng=None):
    """One index per row of ``logits`` (or one for a 1-D vector), drawn from softmax(logits / temperature)."""
    p = temperature_probabilities(logits, temperature, owner="sample")
    rows = np.atleast_2d(p)
    u = as_rng(rng, "sample").random((len(rows), 1))
    # inverse-CDF sampling, all rows at once: the first index whose cumulative probability exceeds u
    idx = np.minimum((np.cumsum(rows, axis=1) < u).sum(axis=1), rows.shape[1] - 1)
    return idx if p.ndim > 1 else int(idx[0])
