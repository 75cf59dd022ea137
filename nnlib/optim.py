"""Optimizers: they read each ``Parameter``'s ``grad`` and update its ``data`` in place.

The update rules are PyTorch's, so that numbers match a reader's later PyTorch
runs. With g the gradient, all operations element by element:

SGD (momentum mu, weight decay wd)::

    g = grad + wd * w                     (L2 penalty wd/2 ||w||^2)
    v = mu * v + g                        (v = g on the first step)
    w = w - lr * (g + mu * v)   if nesterov
    w = w - lr * v              otherwise

AdaGrad::       s = s + g^2;                          w = w - lr * g / (sqrt(s) + eps)
RMSprop::       s = alpha s + (1 - alpha) g^2;        w = w - lr * g / (sqrt(s) + eps)
Adam (step t):: m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
                w = w - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
AdamW::         w = w - lr * wd * w   (decoupled: wd stays out of g), then Adam's step
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
            if not isinstance(value, (int, float, np.number)) or not np.isfinite(value) or value < 0:
                raise ValueError(f"{type(self).__name__}: {name} must be a non-negative number, got {value!r}")
            setattr(self, name, float(value))

    def _zeros(self):
        """One array of zeros per parameter: the optimizer's running state."""
        return [np.zeros_like(p.data) for p in self.params]

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


class AdaGrad(Optimizer):
    """Per-weight step sizes that shrink with the sum of all past squared gradients (Duchi et al., 2011)."""

    def __init__(self, params, lr=0.01, eps=1e-10):
        super().__init__(params, lr=lr, eps=eps)
        self.sum_sq = self._zeros()

    def step(self):
        for p, s in zip(self.params, self.sum_sq):
            s += p.grad * p.grad
            p.data -= self.lr * p.grad / (np.sqrt(s) + self.eps)


class RMSprop(Optimizer):
    """AdaGrad with a leaky average of squared gradients, so steps do not shrink forever (Hinton, 2012)."""

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr=lr, alpha=alpha, eps=eps)
        if self.alpha >= 1:
            raise ValueError(f"RMSprop: alpha must lie in [0, 1), got {alpha!r}")
        self.square_avg = self._zeros()

    def step(self):
        for p, s in zip(self.params, self.square_avg):
            s *= self.alpha
            s += (1 - self.alpha) * p.grad * p.grad
            p.data -= self.lr * p.grad / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Momentum (first moment) and RMSprop (second moment), both bias-corrected (Kingma and Ba, 2015).

    ``weight_decay`` is the L2 penalty, added to the gradient as in SGD (PyTorch's
    ``Adam``); ``AdamW`` below decouples it.
    """

    decoupled_weight_decay = False

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        beta1, beta2 = betas
        super().__init__(params, lr=lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay)
        if self.beta1 >= 1 or self.beta2 >= 1:
            raise ValueError(f"Adam: betas must lie in [0, 1), got {betas!r}")
        self.m, self.v, self.t = self._zeros(), self._zeros(), 0

    def step(self):
        self.t += 1
        correction1 = 1 - self.beta1**self.t  # the averages start at 0: divide the bias out
        correction2 = 1 - self.beta2**self.t
        for p, m, v in zip(self.params, self.m, self.v):
            if self.decoupled_weight_decay:
                p.data *= 1 - self.lr * self.weight_decay
                g = p.grad
            else:
                g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p.data -= (self.lr / correction1) * m / (np.sqrt(v) / np.sqrt(correction2) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's ``AdamW``.

    Adam's L2 penalty ``wd * w`` joins the gradient and is then divided by
    ``sqrt(v)``: a weight with large gradients is hardly decayed at all. AdamW
    shrinks every weight by the same factor ``1 - lr * wd`` before the step and
    keeps the penalty out of the moments, which is what weight decay means for SGD.
    """

    decoupled_weight_decay = True

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)


def clip_grad_norm(params, max_norm):
    """Scale all gradients together so that their joint L2 norm is at most ``max_norm``.

    Returns the norm before clipping. The direction of the step is kept; only
    its length is limited, which tames exploding gradients (chapter 5, 7).
    """
    params = list(params)
    if not max_norm > 0:
        raise ValueError(f"clip_grad_norm: max_norm must be positive, got {max_norm!r}")
    total = float(np.sqrt(sum(np.sum(p.grad * p.grad) for p in params)))
    if total > max_norm:
        scale = max_norm / (total + 1e-6)
        for p in params:
            p.grad *= scale
    return total
