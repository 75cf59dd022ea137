"""``Parameter`` and ``Layer``: the two ideas every network in the course is built from.

A ``Parameter`` is an array the optimizer may change, with a ``grad`` of the
same shape beside it. A ``Layer`` turns an input into an output (``forward``)
and, given the gradient of the loss with respect to that output, returns the
gradient with respect to its input while *adding* the gradients of its own
parameters into their ``grad`` (``backward``). The names follow PyTorch.
"""
import numpy as np

from ._checks import as_float_array, check_shape


class Parameter:
    """A trainable array ``data`` and its accumulated gradient ``grad`` (zeros at first)."""

    def __init__(self, data):
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)

    @property
    def shape(self):
        return self.data.shape

    def zero_grad(self):
        self.grad[...] = 0.0

    def __repr__(self):
        return f"Parameter(shape={self.data.shape})"


class Layer:
    """Base class: ``forward``, ``backward``, ``parameters``, ``train`` / ``eval``.

    Subclasses implement ``forward(x)`` and ``backward(grad_out)``. Parameters
    are found automatically: any attribute holding a ``Parameter``, in the order
    the attributes were set.
    """

    training = True

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def backward_params(self, grad_out):
        """``backward`` for a caller that has no use for the input gradient; returns None.

        The first layer of a network is the usual case: nothing comes before it.
        This default still runs ``backward``; layers whose input gradient costs a
        real product (``Dense``, ``Conv2D``) override it to skip that work.
        """
        self.backward(grad_out)

    def parameters(self):
        return [v for v in vars(self).values() if isinstance(v, Parameter)]

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad()

    def train(self):
        """Training mode (matters for layers such as dropout). Returns ``self``."""
        self.training = True
        return self

    def eval(self):
        """Evaluation mode. Returns ``self``."""
        self.training = False
        return self

    def _saved(self, name):
        """A value kept by ``forward`` for ``backward``; a clear error if forward never ran."""
        value = getattr(self, name, None)
        if value is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        return value

    def _check_grad_out(self, grad_out, out_shape):
        """``grad_out`` as float64, checked to have the shape of this layer's last output."""
        g = as_float_array(self, "gradient", grad_out)
        check_shape(self, "gradient", g, tuple(out_shape))
        return g

    def __repr__(self):
        return f"{type(self).__name__}()"
