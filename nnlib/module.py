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
        self.data = np.array(as_float_array("Parameter", "data", data))  # always a fresh copy
        self.grad = np.zeros_like(self.data)

    @property
    def shape(self):
        return self.data.shape

    def zero_grad(self):
        self.grad[...] = 0.0

    def __repr__(self):
        return f"Parameter(shape={self.data.shape})"


def unique(params):
    """``params`` with repeats removed, first appearance kept: a shared parameter is listed once."""
    if len(params) < 2 or len(set(map(id, params))) == len(params):  # the usual case: nothing repeated
        return params
    seen = set()
    return [p for p in params if not (id(p) in seen or seen.add(id(p)))]


class Layer:
    """Base class: ``forward``, ``backward``, ``parameters``, ``train`` / ``eval``.

    Subclasses implement ``forward(x)`` and ``backward(grad_out)``. Parameters
    are found automatically, as in PyTorch: any attribute holding a ``Parameter``
    (or a list of them), then those of any attribute holding a layer (or a list
    of layers), in the order the attributes were set, each parameter once.
    ``train()`` and ``eval()`` reach those inner layers too.
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
        found = []
        for value in vars(self).values():
            if isinstance(value, Parameter):
                found.append(value)
            elif isinstance(value, Layer):
                found += value.parameters()
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, Parameter):
                        found.append(item)
                    elif isinstance(item, Layer):
                        found += item.parameters()
        return unique(found)

    def _inner_layers(self):
        """The layers held by this one's attributes (directly, or in a list or tuple)."""
        for value in vars(self).values():
            for item in (value if isinstance(value, (list, tuple)) else (value,)):
                if isinstance(item, Layer) and item is not self:
                    yield item

    def zero_grad(self):
        for p in self.parameters():
            p.zero_grad()

    def train(self):
        """Training mode (matters for layers such as dropout), here and in the layers inside. Returns ``self``."""
        self.training = True
        for layer in self._inner_layers():
            layer.train()
        return self

    def eval(self):
        """Evaluation mode, here and in the layers inside. Returns ``self``."""
        self.training = False
        for layer in self._inner_layers():
            layer.eval()
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
