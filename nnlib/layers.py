"""``Dense`` (a fully connected layer) and ``Sequential`` (layers in a row).

The course writes a layer with samples as rows: ``Z = X @ W + b``, ``X`` of
shape ``(N, in)``, ``W`` of shape ``(in, out)``, ``b`` of shape ``(out,)``.
Backward is the three lines derived in chapter 4::

    dW = X^T dZ      db = sum of dZ over the batch      dX = dZ W^T
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_shape, warn_if_not_finite
from .module import Layer, Parameter


class Dense(Layer):
    """Fully connected layer ``x @ W + b``.

    Weights start uniform in ``[-1/sqrt(in), 1/sqrt(in)]`` (small, so that
    sigmoids start in their steep middle, and different, to break symmetry);
    biases start at zero. ``bias=False`` leaves ``b`` out (as in PyTorch), for
    networks that fold the bias into ``W`` through a constant input of 1.
    """

    def __init__(self, in_features, out_features, rng=None, bias=True):
        for name, n in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(n, (int, np.integer)) or n < 1:
                raise ValueError(f"Dense: {name} must be a positive integer, got {n!r}")
        self.in_features, self.out_features = int(in_features), int(out_features)
        bound = 1.0 / np.sqrt(self.in_features)
        rng = as_rng(rng)
        self.W = Parameter(rng.uniform(-bound, bound, size=(self.in_features, self.out_features)))
        self.b = Parameter(np.zeros(self.out_features)) if bias else None

    def forward(self, x):
        x = as_float_array(self, "input", x)
        check_shape(self, "input", x, ("N", self.in_features))
        warn_if_not_finite(self, "input", x)
        self.x = x
        z = x @ self.W.data
        if self.b is not None:
            z += self.b.data  # in place: z is a fresh array, no second (N, out) copy
        return z

    def backward(self, grad_out):
        g = self._add_param_grads(grad_out)
        return g @ self.W.data.T

    def backward_params(self, grad_out):
        """dW and db only: the input gradient dZ W^T is a product as large as the forward one."""
        self._add_param_grads(grad_out)

    def _add_param_grads(self, grad_out):
        x = self._saved("x")
        g = self._check_grad_out(grad_out, (x.shape[0], self.out_features))
        self.W.grad += x.T @ g
        if self.b is not None:
            self.b.grad += g.sum(axis=0)
        return g

    def __repr__(self):
        return f"Dense({self.in_features} -> {self.out_features})"


class PrependOnes(Layer):
    """Put a column of ones in front of the input: ``[1 | x]``.

    With it, the first row of the next layer's weights acts as the bias (the
    "bias folded into the weights" layout of many worked examples). Backward
    drops the gradient of the constant column, which feeds nothing.
    """

    def forward(self, x):
        x = as_float_array(self, "input", x)
        if x.ndim != 2:
            raise ValueError(f"{self!r}: expected input of shape (N, D), got {x.shape}")
        self.n_features = x.shape[1]
        return np.hstack([np.ones((x.shape[0], 1)), x])

    def backward(self, grad_out):
        n = self._saved("n_features")
        g = as_float_array(self, "gradient", grad_out)
        check_shape(self, "gradient", g, ("N", n + 1))
        return g[:, 1:]


class Sequential(Layer):
    """Layers applied one after the other; backward runs through them in reverse."""

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential: item {i} is a {type(layer).__name__}, not a Layer")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def backward(self, grad_out):
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def backward_params(self, grad_out):
        """Backward without the input gradient, as training needs it.

        Layers in front of the first one with parameters (a ``Flatten``, say)
        have nothing to learn, so backward stops at that first layer and asks it
        for its parameter gradients only.
        """
        first = next((i for i, layer in enumerate(self.layers) if layer.parameters()), None)
        if first is None:
            return
        for layer in reversed(self.layers[first + 1:]):
            grad_out = layer.backward(grad_out)
        self.layers[first].backward_params(grad_out)

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def train(self):
        self.training = True
        for layer in self.layers:
            layer.train()
        return self

    def eval(self):
        self.training = False
        for layer in self.layers:
            layer.eval()
        return self

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        inner = ",\n  ".join(repr(layer) for layer in self.layers)
        return f"Sequential(\n  {inner}\n)"
