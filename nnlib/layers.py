"""``Dense`` (a fully connected layer) and ``Sequential`` (layers in a row).

The course writes a layer with samples as rows: ``Z = X @ W + b``, ``X`` of
shape ``(N, in)``, ``W`` of shape ``(in, out)``, ``b`` of shape ``(out,)``.
Backward is the three lines derived in chapter 4::

    dW = X^T dZ      db = sum of dZ over the batch      dX = dZ W^T
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_int, check_shape, shape_str, warn_if_not_finite
from .module import Layer, Parameter, unique


class Dense(Layer):
    """Fully connected layer ``x @ W + b``.

    Weights start uniform in ``[-1/sqrt(in), 1/sqrt(in)]`` (small, so that
    sigmoids start in their steep middle, and different, to break symmetry);
    biases start at zero. ``bias=False`` leaves ``b`` out (as in PyTorch), for
    networks that fold the bias into ``W`` through a constant input of 1.
    """

    def __init__(self, in_features, out_features, rng=None, bias=True):
        self.in_features = check_int("Dense", "in_features", in_features)
        self.out_features = check_int("Dense", "out_features", out_features)
        if bias not in (True, False):
            raise ValueError(f"Dense: bias must be True or False, got {bias!r}")
        bound = 1.0 / np.sqrt(self.in_features)
        rng = as_rng(rng, "Dense")
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
            raise ValueError(f"{self!r}: expected input of shape (N, D), got {shape_str(x.shape)}")
        warn_if_not_finite(self, "input", x)
        self.n_features = x.shape[1]
        return np.hstack([np.ones((x.shape[0], 1)), x])

    def backward(self, grad_out):
        n = self._saved("n_features")
        g = as_float_array(self, "gradient", grad_out)
        check_shape(self, "gradient", g, ("N", n + 1))
        return g[:, 1:]


class Sequential(Layer):
    """Layers applied one after the other; backward runs through them in reverse.

    A layer may appear more than once, as in PyTorch, to share its weights
    (``Sequential(d, Tanh(), d)``). Each use then keeps what its own forward saved
    for backward, both uses add their gradients into the shared parameters, and
    ``parameters()`` lists every parameter once.
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                what = f"the class {layer.__name__} (call it to make a layer)" if isinstance(layer, type) else \
                    f"a {type(layer).__name__}"
                raise TypeError(f"Sequential: item {i} is {what}, not a Layer")
        self.layers = list(layers)
        self._layout, self._shared, self._first = None, None, None

    def forward(self, x):
        shared = self._shared_by_position()
        if shared is None:  # the usual case: every layer once
            for layer in self.layers:
                x = layer(x)
            return x
        saved = []
        for layer, within in zip(self.layers, shared):
            x = layer(x)
            saved.append({s: dict(vars(s)) for s in within} if within else None)
        self._saved_uses = saved
        return x

    def backward(self, grad_out):
        for i in reversed(range(len(self.layers))):
            grad_out = self._backward_at(i, grad_out, self.layers[i].backward)
        return grad_out

    def backward_params(self, grad_out):
        """Backward without the input gradient, as training needs it.

        Layers in front of the first one with parameters (a ``Flatten``, say)
        have nothing to learn, so backward stops at that first layer and asks it
        for its parameter gradients only.
        """
        if self._layout is None:  # (forward finds the first layer with parameters, with the sharing)
            self._shared_by_position()
        first = self._first
        if first is None:
            return
        for i in reversed(range(first + 1, len(self.layers))):
            grad_out = self._backward_at(i, grad_out, self.layers[i].backward)
        self._backward_at(first, grad_out, self.layers[first].backward_params)

    def _shared_by_position(self):
        """For each position, the layers within it that also serve another position; None if none do.

        Worked out, with the position of the first layer that has parameters, only
        when the list of layers changes.
        """
        layout = tuple(map(id, self.layers))
        if layout != self._layout:
            self._first = next((i for i, layer in enumerate(self.layers) if layer.parameters()), None)
            within = [_layers_within(layer) for layer in self.layers]
            uses = {}
            for members in within:
                for member in members:
                    uses[id(member)] = uses.get(id(member), 0) + 1
            shared = [[m for m in members if uses[id(m)] > 1] for members in within]
            self._layout, self._shared = layout, shared if any(shared) else None
        return self._shared

    def _backward_at(self, i, grad_out, step):
        """``step(grad_out)`` for position i, with the saved values of its own forward put back first.

        Afterwards the shared layers hold again what the latest forward left them (so
        ``RNN.state`` or batch-norm statistics are those of the last use), plus anything
        backward itself set (``RNN.grad_state``).
        """
        saved = getattr(self, "_saved_uses", None) if self._shared is not None else None
        saved = saved[i] if saved is not None and i < len(saved) else None
        if not saved:
            return step(grad_out)
        latest = {layer: dict(vars(layer)) for layer in saved}
        for layer, values in saved.items():
            vars(layer).update(values)
        try:
            return step(grad_out)
        finally:
            for layer, values in saved.items():
                now = vars(layer)
                for key, value in latest[layer].items():
                    if now.get(key, _MISSING) is values.get(key, _MISSING):  # not set by backward
                        now[key] = value

    def parameters(self):
        return unique([p for layer in self.layers for p in layer.parameters()])

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


_MISSING = object()


def _layers_within(layer, seen=None):
    """``layer`` and every layer inside it (attributes holding a layer, or a list or tuple of layers), once each."""
    seen = set() if seen is None else seen
    if id(layer) in seen:
        return []
    seen.add(id(layer))
    found = [layer]
    for value in vars(layer).values():
        for item in (value if isinstance(value, (list, tuple)) else (value,)):
            if isinstance(item, Layer):
                found += _layers_within(item, seen)
    return found
