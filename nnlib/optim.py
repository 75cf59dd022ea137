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
import functools
import math
import operator
import warnings

import numpy as np

from ._checks import check_number, describe, shape_str
from .module import Layer, Parameter

_FLOAT64 = np.dtype(np.float64)


def _parameter_list(owner, params):
    """``params`` as a list of Parameters, each once; a clear error for a layer, a lone Parameter or arrays."""
    if isinstance(params, Layer):
        raise TypeError(f"{owner}: got the layer {params!r}; pass its parameters: {owner}(layer.parameters(), ...)")
    if isinstance(params, (Parameter, np.ndarray, str)):
        raise TypeError(f"{owner}: params must be a list of Parameters (such as model.parameters()), got {describe(params)}")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"{owner}: params must be a list of Parameters (such as model.parameters()),"
                        f" got {describe(params)}") from None
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(f"{owner}: item {i} of params is a {type(p).__name__}, not a Parameter (pass model.parameters())")
    return params


class Optimizer:
    """Holds the parameters; ``zero_grad()`` clears their gradients, ``step()`` updates them.

    Each parameter may be given once (as in PyTorch): given twice, it would be stepped
    twice. Every subclass's ``step`` is wrapped in the same checks (see
    ``__init_subclass__``), so that it can read as the bare update rule: before it, a
    gradient of another shape than its parameter is an error (never broadcast); on the
    first step and every tenth one, NaN or infinity in the gradients or the parameters
    gives a warning. Once there, NaN never leaves the weights, so a diverged run is
    reported within ten steps, for a tenth of the cost of checking every step.
    """

    check_every = 10

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "step" in vars(cls):
            cls.step = _checked(vars(cls)["step"])

    def __init__(self, params, **hyper):
        name = type(self).__name__
        params = _parameter_list(name, params)
        if not params:
            raise ValueError(f"{name}: got an empty parameter list")
        first = {}
        for i, p in enumerate(params):
            j = first.setdefault(id(p), i)
            if j != i:
                raise ValueError(f"{name}: parameter {i} is the same Parameter as parameter {j}; give each parameter"
                                 " once (model.parameters() lists a shared one once)")
        self.params = params
        self._shapes = [p.data.shape for p in params]
        self._steps, self._warned = 0, False
        self._checked = ([None] * len(params), [None] * len(params))  # the grad and data arrays last found good
        for key, value in hyper.items():
            setattr(self, key, check_number(name, key, value, low=0))

    def _zeros(self):
        """One array of zeros per parameter: the optimizer's running state."""
        return [np.zeros_like(p.data) for p in self.params]

    def zero_grad(self):
        for p in self.params:
            p.zero_grad()

    def step(self):
        raise NotImplementedError

    def _check_gradients(self):
        """Every ``p.grad`` a float64 array of its parameter's shape (converted if need be), or an error.

        The arrays are usually the very ones checked at the last step (backward adds into
        ``p.grad`` in place): then one identity test per array is all it costs.
        """
        grads, datas = [p.grad for p in self.params], [p.data for p in self.params]
        if all(map(operator.is_, grads, self._checked[0])) and all(map(operator.is_, datas, self._checked[1])):
            return
        for i, (p, shape) in enumerate(zip(self.params, self._shapes)):
            g = p.grad
            if not (type(g) is np.ndarray and g.dtype is _FLOAT64 and g.shape == shape and p.data.shape == shape
                    and p.data.dtype is _FLOAT64):
                p.grad = self._checked_gradient(i, p, shape)
        self._checked = ([p.grad for p in self.params], [p.data for p in self.params])

    def _checked_gradient(self, i, p, shape):
        name = type(self).__name__
        if not isinstance(p.data, np.ndarray) or p.data.dtype != _FLOAT64 or p.data.shape != shape:
            raise ValueError(f"{name}: parameter {i} was built with data of shape {shape_str(shape)} (float64), now"
                             f" holds {describe(p.data)}; change its values in place, p.data[...] = new")
        try:
            g = np.asarray(p.grad, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name}: the grad of parameter {i} must be a numeric array, got {describe(p.grad)}") from None
        if g.shape != shape:
            raise ValueError(f"{name}: parameter {i} has data of shape {shape_str(shape)} but grad of shape"
                             f" {shape_str(g.shape)}; a gradient must have its parameter's shape")
        return g

    def _check_finite(self):
        """Warn (once) if a gradient or a parameter holds NaN or inf."""
        arrays = [a for p in self.params for a in (p.grad, p.data)]
        # one dot product per array, a BLAS pass: NaN or inf anywhere makes the total non-finite
        if math.isfinite(sum(np.vdot(a, a) for a in arrays)):
            return
        bad = [i for i, p in enumerate(self.params) if not (np.isfinite(p.grad).all() and np.isfinite(p.data).all())]
        if bad:  # (a finite total that merely overflowed when squared warns nothing)
            self._warned = True
            warnings.warn(f"{type(self).__name__}: at step {self._steps}, the gradients or values of parameter(s) {bad}"
                          " hold NaN or inf; training has diverged", RuntimeWarning, stacklevel=3)


def _checked(step):
    """An optimizer's ``step`` with the checks every optimizer shares around it."""

    @functools.wraps(step)  # (inspect.getsource still shows the rule itself)
    def checked_step(self):
        self._check_gradients()
        step(self)
        self._steps += 1
        if self._steps % self.check_every == 1 and not self._warned:
            self._check_finite()

    return checked_step


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum and weight decay."""

    def __init__(self, params, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
        super().__init__(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov not in (True, False):
            raise ValueError(f"SGD: nesterov must be True or False, got {nesterov!r}")
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
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
            raise ValueError(f"{type(self).__name__}: betas must be a pair (beta1, beta2), got {betas!r}")
        beta1, beta2 = betas
        super().__init__(params, lr=lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay)
        if self.beta1 >= 1 or self.beta2 >= 1:
            raise ValueError(f"{type(self).__name__}: betas must lie in [0, 1), got {betas!r}")
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
    its length is limited, which tames exploding gradients (chapter 6, 8).
    A norm of NaN or infinity (some gradient is not finite) is returned with a
    warning, and nothing is scaled.
    """
    params = _parameter_list("clip_grad_norm", params)
    check_number("clip_grad_norm", "max_norm", max_norm, low=0, low_closed=False, allow_inf=True)
    total = float(np.sqrt(sum(np.sum(p.grad * p.grad) for p in params)))
    if not math.isfinite(total):
        warnings.warn(f"clip_grad_norm: the gradients' norm is {total} (a gradient holds NaN or inf);"
                      " nothing was clipped", RuntimeWarning, stacklevel=2)
    elif total > max_norm:
        scale = max_norm / (total + 1e-6)
        for p in params:
            p.grad *= scale
    return total

