"""Optimizers: they read each ``Parameter``'s ``grad`` and update its ``data`` in place.

The update rules are PyTorch's, so that numbers match a reader's later PyTorch
runs. For SGD with learning rate ``lr``, momentum ``mu`` and weight decay ``wd``::

    g = grad + wd * w                     (L2 penalty wd/2 ||w||^2)
    v = mu * v + g                        (v = g on the first step)
    w = w - lr * (g + mu * v)   if nesterov
    w = w - lr * v              otherwise
"""
import numpy as np

from .module import Parameter


class Optimizer:
    """Holds the parameters; ``zero_grad()`` clears their gradients, ``step()`` updates them."""

    def __init__(self, params, **hyper):
        params = list(params)
        if not params:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise TypeError(
                    f"{type(self).__name__}: item {i} of params is a {type(p).__name__}, not a Parameter"
                    " (pass model.parameters())"
                )
        self.params = params
        for name, value in hyper.items():
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"{type(self).__name__}: {name} must be a non-negative number, got {value!r}")
            setattr(self, name, float(value))

    def zero_grad(self):
        for p in self.params:
            p.zero_grad()

    def step(self):
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum and weight decay."""

    def __init__(self, params, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
        super().__init__(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and self.momentum == 0:
            raise ValueError("SGD: nesterov=True needs a momentum greater than 0")
        self.nesterov = bool(nesterov)
        self.velocity = [None] * len(self.params)

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            if self.momentum:
                v = self.velocity[i]
                if v is None:
                    v = self.velocity[i] = g.copy()
                else:
                    v *= self.momentum
                    v += g
                g = g + self.momentum * v if self.nesterov else v
            p.data -= self.lr * g
