"""Batch normalisation for dense layers (Ioffe and Szegedy, 2015).

In training, each feature j is standardised with the statistics of the batch,
mu_j = mean_i z_ij and sigma_j^2 = mean_i (z_ij - mu_j)^2, then scaled and
shifted by learned gamma_j and beta_j:

    z_hat = (z - mu) / sqrt(sigma^2 + eps),        out = gamma z_hat + beta

Running averages of mu and sigma^2 are kept for evaluation, where single
examples have no batch. Backward (derived in chapter 5), with g = dL/d(out):

    dgamma = sum_i g z_hat      dbeta = sum_i g
    dz = gamma / (N sqrt(sigma^2 + eps)) (N g - sum_i g - z_hat sum_i g z_hat)
"""
import numpy as np

from ._checks import as_float_array, check_int, check_number, check_shape, warn_if_not_finite
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
