"""Batch normalisation for dense layers (Ioffe and Szegedy, 2015), and layer normalisation (below).

In training, each feature j is standardised with the statistics of the batch,
mu_j = mean_i z_ij and sigma_j^2 = mean_i (z_ij - mu_j)^2, then scaled and
shifted by learned gamma_j and beta_j:

    z_hat = (z - mu) / sqrt(sigma^2 + eps),        out = gamma z_hat + beta

Running averages of mu and sigma^2 are kept for evaluation, where single
examples have no batch. Backward (derived in chapter 6), with g = dL/d(out):

    dgamma = sum_i g z_hat      dbeta = sum_i g
    dz = gamma / (N sqrt(sigma^2 + eps)) (N g - sum_i g - z_hat sum_i g z_hat)
"""
import numpy as np

from ._checks import as_float_array, check_int, check_number, check_shape, shape_str, warn_if_not_finite
from .module import Layer, Parameter


class BatchNorm1D(Layer):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.num_features = check_int("BatchNorm1D", "num_features", num_features)
        self.eps = check_number("BatchNorm1D", "eps", eps, low=0, low_closed=False)
        self.momentum = check_number("BatchNorm1D", "momentum", momentum, low=0, high=1)
        self.gamma = Parameter(np.ones(self.num_features))
        self.beta = Parameter(np.zeros(self.num_features))
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)

    def forward(self, x):
        x = as_float_array(self, "input", x)
        check_shape(self, "input", x, ("N", self.num_features))
        warn_if_not_finite(self, "input", x)
        if self.training:
            if x.shape[0] < 2:
                raise ValueError(f"{self!r}: training needs a batch of at least 2 samples, got {x.shape[0]}")
            mean, var = x.mean(axis=0), x.var(axis=0)
            n = x.shape[0]  # running variance is the unbiased estimate, as in PyTorch
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        self.batch_stats = self.training
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad_out):
        x_hat = self._saved("x_hat")
        g = self._check_grad_out(grad_out, x_hat.shape)
        self.gamma.grad += np.sum(g * x_hat, axis=0)
        self.beta.grad += g.sum(axis=0)
        dx_hat = g * self.gamma.data
        if not self.batch_stats:  # fixed running statistics: a per-feature affine map
            return dx_hat * self.inv_std
        n = g.shape[0]
        return self.inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))

    def __repr__(self):
        return f"BatchNorm1D({self.num_features})"


class LayerNorm(Layer):
    """Layer normalisation (Ba, Kiros and Hinton, 2016): each sample standardised over its own features.

    Where batch norm averages one feature over the batch, layer norm averages one
    sample (one token, in a sequence model) over its last axis of D features:

        mu = mean_j x_j,   sigma^2 = mean_j (x_j - mu)^2,
        x_hat = (x - mu) / sqrt(sigma^2 + eps),   out = gamma x_hat + beta

    so it needs no batch, behaves the same in training and evaluation, and never
    mixes samples or time steps. Any input (..., D). Backward is batch norm's
    formula with the roles of the axes swapped (the sums run over the D features):

        dgamma = sum over samples of g x_hat      dbeta = sum over samples of g
        dx = (D dx_hat - sum_j dx_hat - x_hat sum_j dx_hat x_hat) / (D sqrt(sigma^2 + eps)),  dx_hat = g gamma
    """

    def __init__(self, normalized_shape, eps=1e-5):
        shape = normalized_shape
        if isinstance(shape, (tuple, list)) and len(shape) == 1:
            shape = shape[0]
        if not isinstance(shape, (int, np.integer)) or isinstance(shape, bool) or shape < 1:
            raise ValueError(f"LayerNorm: normalized_shape must be a positive integer (the size of the last axis),"
                             f" got {normalized_shape!r}")
        if not eps > 0:
            raise ValueError(f"LayerNorm: eps must be positive, got {eps!r}")
        self.normalized_shape, self.eps = int(shape), float(eps)
        self.gamma = Parameter(np.ones(self.normalized_shape))
        self.beta = Parameter(np.zeros(self.normalized_shape))

    def forward(self, x):
        x = as_float_array(self, "input", x)
        if x.ndim < 1 or x.shape[-1] != self.normalized_shape:
            raise ValueError(f"{self!r}: expected input of shape (..., {self.normalized_shape}),"
                             f" got {shape_str(x.shape)}")
        warn_if_not_finite(self, "input", x)
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        self.inv_std = 1.0 / np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True) + self.eps)
        self.x_hat = centred * self.inv_std
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad_out):
        x_hat = self._saved("x_hat")
        g = self._check_grad_out(grad_out, x_hat.shape)
        lead = tuple(range(g.ndim - 1))  # every axis but the features
        self.gamma.grad += np.sum(g * x_hat, axis=lead)
        self.beta.grad += g.sum(axis=lead)
        dx_hat = g * self.gamma.data
        d = self.normalized_shape
        return self.inv_std / d * (d * dx_hat - dx_hat.sum(axis=-1, keepdims=True)
                                   - x_hat * np.sum(dx_hat * x_hat, axis=-1, keepdims=True))

    def __repr__(self):
        return f"LayerNorm({self.normalized_shape})"
