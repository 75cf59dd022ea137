"""Dropout: in training, zero each activation with probability p (Srivastava et al., 2014).

"Inverted" dropout scales the survivors by 1 / (1 - p), so the expected value of
every activation is the same in training and in evaluation, where the layer does
nothing. One way to see why it helps: each step trains a different thinned
network, and evaluation averages (approximately) over all of them, an ensemble.
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_number, warn_if_not_finite
from .module import Layer


class Dropout(Layer):
    def __init__(self, p=0.5, rng=None):
        self.p = check_number("Dropout", "p", p, low=0, high=1, high_closed=False)
        self.rng = as_rng(rng, "Dropout")

    def forward(self, x):
        x = as_float_array(self, "input", x)
        warn_if_not_finite(self, "input", x)
        if not self.training or self.p == 0:
            self.mask = np.ones_like(x)
            return x
        self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask

    def backward(self, grad_out):
        mask = self._saved("mask")
        return self._check_grad_out(grad_out, mask.shape) * mask

    def __repr__(self):
        return f"Dropout(p={self.p})"
