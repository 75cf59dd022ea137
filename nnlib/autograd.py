"""Automatic differentiation: a ``Tensor`` remembers how it was computed, and
``backward`` runs the chain rule over that record, from the loss back to the inputs.

Every operation on tensors returns a new ``Tensor`` holding its value, its
inputs (``parents``) and a small function ``grad_fn``: given the gradient of
the loss with respect to the output, it returns one gradient per input. That
function is the operation's *local* chain rule, a line or two each below.
``loss.backward()`` then visits the graph once, in reverse topological order:
a tensor is visited only after every tensor computed from it has passed back
its share of the gradient, and the shares are **added** (a value used twice
receives two contributions). Three rules make this work on arrays:

- a gradient has the shape of its tensor;
- an input that was broadcast receives a gradient of the broadcast shape, which
  ``unbroadcast`` sums back over the broadcast axes;
- ``.grad`` accumulates across calls of ``backward`` (as in PyTorch): a training
  loop calls ``zero_grad()`` before computing the next gradient, or the new
  gradient is added to the old one.

micrograd's ``engine.py`` (A. Karpathy) is the model of clarity: scalars, and
closures that add into ``.grad``. Here the operations only *return* gradients
and the walk alone adds them up, so the accumulation rule lives in one place.

At the end, ``Dual`` differentiates in *forward* mode, for comparison: one pass
per input direction, where ``backward`` gets every input's gradient in one.
"""
import warnings

import numpy as np

from ._checks import as_rng, shape_str
from .activations import sigmoid as _sigmoid
from .gradcheck import numerical_gradient, relative_error


def unbroadcast(grad, shape):
    """Sum ``grad`` over the axes that broadcasting added or stretched, so that it has ``shape``.

    If ``b`` of shape ``(3,)`` was added to every row of an ``(N, 3)`` array,
    each element of ``b`` was used N times and its gradient is the sum of the
    N row gradients: a broadcast is a fan-out, and a fan-out adds.
    """
    grad = np.asarray(grad, dtype=np.float64)
    extra = grad.ndim - len(shape)
    if extra < 0:  # fewer axes than the input: not a broadcast (backward names the wrong shape)
        return grad
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def _as_tensor(x):
    """A number or array used in an expression becomes a leaf (a constant no one reads the gradient of)."""
    return x if isinstance(x, Tensor) else Tensor(x)


def _check_broadcast(op, a, b):
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"Tensor {op}: shapes {shape_str(a.shape)} and {shape_str(b.shape)}"
                         " do not broadcast") from None


def _axes(op, axis, shape):
    """``axis`` (None, an int or a tuple) as a sorted tuple of non-negative axes of ``shape``."""
    if axis is None:
        return tuple(range(len(shape)))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    for a in axes:
        if not -len(shape) <= a < len(shape):
            raise ValueError(f"Tensor.{op}: axis {a} is out of range for a tensor of shape {shape_str(shape)}")
    axes = tuple(sorted(a % len(shape) for a in axes))
    if len(set(axes)) != len(axes):
        raise ValueError(f"Tensor.{op}: repeated axis in {axis}")
    return axes


class Tensor:
    """A float64 array that remembers how it was computed, so that ``backward`` can differentiate it.

    ``Tensor(array)`` makes a *leaf*: a copy of the data, with ``grad = None``
    until a backward pass reaches it. Operations make new tensors through the
    same constructor, with ``parents`` (their inputs), ``op`` (a name to show)
    and ``grad_fn(g) -> (one gradient per parent)``; a new operation written
    outside this class works exactly like the built-in ones.
    """

    __array_ufunc__ = None  # `ndarray * Tensor`: numpy steps aside and Tensor.__rmul__ runs

    def __init__(self, data, parents=(), op="", grad_fn=None):
        if isinstance(data, Tensor):
            raise TypeError("Tensor: data is already a Tensor; use it directly, or its .data")
        if bool(parents) != (grad_fn is not None):
            raise ValueError("Tensor: an operation's result needs both parents and grad_fn; a leaf has neither")
        try:  # a leaf copies its data; an operation's fresh result is kept as it is
            self.data = np.asarray(data, dtype=np.float64) if parents else np.array(data, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"Tensor: data must be numeric, got {type(data).__name__}") from exc
        self.grad = None
        self.parents = tuple(parents)
        self.op = op
        self.grad_fn = grad_fn

    # ----- what it is ------------------------------------------------------------
    @property
    def shape(self):
        return self.data.shape

    @property
    def ndim(self):
        return self.data.ndim

    @property
    def size(self):
        return self.data.size

    def item(self):
        """The value of a single-element tensor as a Python float."""
        return float(self.data.item())

    def __repr__(self):
        made = f", op={self.op!r}" if self.op else ""
        return f"Tensor(shape={shape_str(self.shape)}{made})"

    # ----- arithmetic: value, then the local chain rule ----------------------------
    def __add__(self, other):
        other = _as_tensor(other)
        _check_broadcast("+", self, other)
        return Tensor(self.data + other.data, (self, other), "+", lambda g: (g, g))

    def __sub__(self, other):
        other = _as_tensor(other)
        _check_broadcast("-", self, other)
        return Tensor(self.data - other.data, (self, other), "-", lambda g: (g, -g))

    def __mul__(self, other):
        other = _as_tensor(other)
        _check_broadcast("*", self, other)
        a, b = self.data, other.data
        return Tensor(a * b, (self, other), "*", lambda g: (g * b, g * a))  # each gets the other's value

    def __truediv__(self, other):
        other = _as_tensor(other)
        _check_broadcast("/", self, other)
        a, b = self.data, other.data
        out = a / b
        return Tensor(out, (self, other), "/", lambda g: (g / b, -g * out / b))  # d(a/b)/db = -a/b^2

    def __pow__(self, other):
        a = self.data
        if not isinstance(other, Tensor):  # a constant exponent, the usual case: x ** 2
            p = np.asarray(other, dtype=np.float64)
            return Tensor(a ** p, (self,), "**", lambda g: (g * p * a ** (p - 1),))
        _check_broadcast("**", self, other)
        b = other.data
        out = a ** b

        def grad_fn(g):  # d(a^b)/db = a^b log a: defined for a > 0, and 0 where a = 0 (0^b stays 0)
            if np.any(a < 0):
                warnings.warn("Tensor **: the gradient with respect to the exponent is undefined for a negative"
                              " base; it is NaN there", RuntimeWarning, stacklevel=3)
            with np.errstate(invalid="ignore"):
                log_a = np.log(np.where(a > 0, a, np.where(a == 0, 1.0, np.nan)))
            return g * b * a ** (b - 1), g * out * log_a

        return Tensor(out, (self, other), "**", grad_fn)

    def __matmul__(self, other):
        other = _as_tensor(other)
        a, b = self.data, other.data
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(f"Tensor @: needs arrays, got shapes {shape_str(a.shape)} @ {shape_str(b.shape)};"
                             " use * to multiply by a number")
        inner = b.shape[-2] if b.ndim > 1 else b.shape[0]
        if a.shape[-1] != inner:
            raise ValueError(f"Tensor @: shapes {shape_str(a.shape)} @ {shape_str(b.shape)} do not fit:"
                             f" {a.shape[-1]} columns on the left, {inner} rows on the right")
        try:
            out = a @ b
        except ValueError:
            raise ValueError(f"Tensor @: the leading (batch) axes of {shape_str(a.shape)} and"
                             f" {shape_str(b.shape)} do not broadcast") from None

        def grad_fn(g):  # Z = A B: dA = dZ B^T, dB = A^T dZ (a vector counts as one row or one column)
            a2 = a.reshape(1, -1) if a.ndim == 1 else a
            b2 = b.reshape(-1, 1) if b.ndim == 1 else b
            g2 = g.reshape(np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) + (a2.shape[-2], b2.shape[-1]))
            ga = g2 @ np.swapaxes(b2, -1, -2)
            gb = np.swapaxes(a2, -1, -2) @ g2
            if a.ndim == 1:
                ga = ga.reshape(ga.shape[:-2] + a.shape)
            if b.ndim == 1:
                gb = gb.reshape(gb.shape[:-2] + b.shape)
            return ga, gb

        return Tensor(out, (self, other), "@", grad_fn)

    def __neg__(self):
        return Tensor(-self.data, (self,), "neg", lambda g: (-g,))

    def __radd__(self, other):
        return _as_tensor(other) + self

    def __rsub__(self, other):
        return _as_tensor(other) - self

    def __rmul__(self, other):
        return _as_tensor(other) * self

    def __rtruediv__(self, other):
        return _as_tensor(other) / self

    def __rmatmul__(self, other):
        return _as_tensor(other) @ self

    def __rpow__(self, other):
        return _as_tensor(other) ** self

    # ----- reductions and shapes -----------------------------------------------------
    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis``; every summed element receives the output's gradient (add distributes)."""
        axes, shape = _axes("sum", axis, self.shape), self.shape

        def grad_fn(g):
            return (np.broadcast_to(g if keepdims else np.expand_dims(g, axes), shape),)

        return Tensor(self.data.sum(axis=axes, keepdims=keepdims), (self,), "sum", grad_fn)

    def mean(self, axis=None, keepdims=False):
        """The sum divided by the number of elements summed."""
        count = int(np.prod([self.shape[a] for a in _axes("mean", axis, self.shape)]))
        return self.sum(axis, keepdims) * (1.0 / count)

    def max(self, axis=None, keepdims=False):
        """Largest element over ``axis``. The gradient goes to the maximum (max routes);
        tied maxima share it equally, which is also what a centred difference measures."""
        if self.size == 0:
            raise ValueError("Tensor.max: the tensor is empty")
        axes = _axes("max", axis, self.shape)
        top = self.data.max(axis=axes, keepdims=True)
        winners = self.data == top
        share = winners / winners.sum(axis=axes, keepdims=True)

        def grad_fn(g):
            return ((g if keepdims else np.expand_dims(g, axes)) * share,)

        return Tensor(top if keepdims else top.squeeze(axis=axes), (self,), "max", grad_fn)

    def reshape(self, *shape):
        """The same elements in another shape; the gradient is reshaped back."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        try:
            out = self.data.reshape(shape)
        except ValueError:
            raise ValueError(f"Tensor.reshape: cannot reshape {shape_str(self.shape)} ({self.size} elements)"
                             f" into {shape_str(shape)}") from None
        old = self.shape
        return Tensor(out, (self,), "reshape", lambda g: (g.reshape(old),))

    @property
    def T(self):
        """The transpose (all axes reversed); its gradient is the transpose of the output's."""
        return Tensor(self.data.T, (self,), "T", lambda g: (g.T,))

    # ----- elementwise functions: derivative times the incoming gradient ---------------
    def exp(self):
        out = np.exp(self.data)
        return Tensor(out, (self,), "exp", lambda g: (g * out,))

    def log(self):
        a = self.data
        return Tensor(np.log(a), (self,), "log", lambda g: (g / a,))

    def tanh(self):
        out = np.tanh(self.data)
        return Tensor(out, (self,), "tanh", lambda g: (g * (1.0 - out * out),))

    def sigmoid(self):
        out = _sigmoid(self.data)
        return Tensor(out, (self,), "sigmoid", lambda g: (g * out * (1.0 - out),))

    def relu(self):
        on = self.data > 0  # the derivative at the kink 0 is taken as 0, as in nnlib.ReLU
        return Tensor(np.where(on, self.data, 0.0), (self,), "relu", lambda g: (g * on,))

    # ----- the backward pass ---------------------------------------------------------------
    def nodes(self):
        """This tensor and every tensor it was computed from, each once, inputs before their results.

        A depth-first walk with an explicit stack (no recursion, so a chain of
        any length is fine): a tensor is written down only after all its parents.
        """
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in reversed(node.parents) if p not in seen)  # first parent first
        return order

    def backward(self):
        """Add d(self)/d(t) into ``t.grad`` for every tensor ``t`` this one was computed from.

        ``self`` must hold a single number (a loss). The gradients flowing
        along the graph live in a dictionary for this one walk; each tensor's
        total is added to its ``.grad``, which is why a new gradient needs
        ``zero_grad()`` first.
        """
        if self.size != 1:
            raise ValueError(f"Tensor.backward: needs a single-element tensor (a loss), got shape"
                             f" {shape_str(self.shape)}; reduce it first, e.g. with .sum() or .mean()")
        flowing = {self: np.ones_like(self.data)}
        for node in reversed(self.nodes()):  # every user of a tensor comes before the tensor itself
            g = flowing.pop(node)
            node.grad = np.array(g) if node.grad is None else node.grad + g
            if node.grad_fn is None:
                continue
            grads = node.grad_fn(g)
            if len(grads) != len(node.parents):
                raise ValueError(f"Tensor.backward: operation {node.op!r} returned {len(grads)} gradients"
                                 f" for {len(node.parents)} inputs")
            for parent, pg in zip(node.parents, grads):
                pg = unbroadcast(pg, parent.shape)
                if pg.shape != parent.shape:
                    raise ValueError(f"Tensor.backward: operation {node.op!r} returned a gradient of shape"
                                     f" {shape_str(pg.shape)} for an input of shape {shape_str(parent.shape)}")
                flowing[parent] = flowing[parent] + pg if parent in flowing else pg  # a fan-out adds

    def zero_grad(self):
        """Forget the accumulated gradient (``grad = None``, as PyTorch's ``set_to_none``)."""
        self.grad = None


def gradcheck(f, *arrays, h=1e-5, rng=0):
    """Largest relative error between the engine's gradients of ``f`` and centred differences.

    ``f`` takes one tensor per array and returns a tensor. If that holds more
    than one element it is projected on a fixed random direction ``G``,
    ``sum(f * G)``, so every element of the output is checked.
    """
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    leaves = [Tensor(a) for a in arrays]
    out = f(*leaves)
    G = None if out.size == 1 else as_rng(rng).standard_normal(out.shape)
    (out if G is None else (out * G).sum()).backward()

    def value(i, x):
        y = f(*[Tensor(x if j == i else a) for j, a in enumerate(arrays)]).data
        return float(y.sum() if G is None else (y * G).sum())

    errors = []
    for i, leaf in enumerate(leaves):
        analytic = np.zeros_like(arrays[i]) if leaf.grad is None else leaf.grad
        errors.append(relative_error(analytic, numerical_gradient(lambda x: value(i, x), arrays[i].copy(), h)))
    return max(errors)


# ----- forward mode, for comparison -------------------------------------------------------
def _as_dual(x):
    return x if isinstance(x, Dual) else Dual(x, np.zeros_like(np.asarray(x, dtype=np.float64)))


class Dual:
    """A value and its derivative along one direction, computed together: forward mode.

    ``Dual(x, dx)`` stands for ``x + dx ε`` with ``ε² = 0``. Each operation
    computes its value and, by its derivative, the new tangent, so one pass
    gives the derivative of everything along the direction ``dx`` (a
    Jacobian-vector product). A gradient with respect to n inputs takes n
    passes; a reverse pass (``Tensor.backward``) gets all n at once.
    """

    __array_ufunc__ = None

    def __init__(self, value, tangent):
        self.value = np.asarray(value, dtype=np.float64)
        self.tangent = np.asarray(tangent, dtype=np.float64)

    def __add__(self, other):
        o = _as_dual(other)
        return Dual(self.value + o.value, self.tangent + o.tangent)

    def __sub__(self, other):
        o = _as_dual(other)
        return Dual(self.value - o.value, self.tangent - o.tangent)

    def __mul__(self, other):
        o = _as_dual(other)
        return Dual(self.value * o.value, self.tangent * o.value + self.value * o.tangent)

    def __truediv__(self, other):
        o = _as_dual(other)
        q = self.value / o.value
        return Dual(q, (self.tangent - q * o.tangent) / o.value)

    def __matmul__(self, other):
        o = _as_dual(other)
        return Dual(self.value @ o.value, self.tangent @ o.value + self.value @ o.tangent)

    def __pow__(self, p):  # a constant exponent
        return Dual(self.value ** p, p * self.value ** (p - 1) * self.tangent)

    def __neg__(self):
        return Dual(-self.value, -self.tangent)

    __radd__, __rmul__ = __add__, __mul__

    def __rsub__(self, other):
        return _as_dual(other) - self

    def __rtruediv__(self, other):
        return _as_dual(other) / self

    def __rmatmul__(self, other):
        return _as_dual(other) @ self

    def exp(self):
        e = np.exp(self.value)
        return Dual(e, e * self.tangent)

    def log(self):
        return Dual(np.log(self.value), self.tangent / self.value)

    def tanh(self):
        t = np.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.tangent)

    def sigmoid(self):
        s = _sigmoid(self.value)
        return Dual(s, s * (1.0 - s) * self.tangent)

    def relu(self):
        on = self.value > 0
        return Dual(np.where(on, self.value, 0.0), on * self.tangent)

    def sum(self, axis=None, keepdims=False):
        return Dual(self.value.sum(axis=axis, keepdims=keepdims), self.tangent.sum(axis=axis, keepdims=keepdims))

    def mean(self, axis=None, keepdims=False):
        return Dual(self.value.mean(axis=axis, keepdims=keepdims), self.tangent.mean(axis=axis, keepdims=keepdims))


def jacobian(f, x, mode="reverse"):
    """The Jacobian ``J[i, j] = d f_i / d x_j`` of ``f`` at the array ``x``, as an (m, n) matrix.

    ``mode="forward"``: one ``Dual`` pass per input (column j, seeded with the
    j-th unit direction). ``mode="reverse"``: one forward pass building the
    graph, then one backward pass per output (row i). The same ``f`` serves
    both: it only uses operators and methods that ``Tensor`` and ``Dual`` share.
    """
    x = np.array(x, dtype=np.float64)
    if mode == "forward":
        columns = []
        for j in range(x.size):
            seed = np.zeros(x.size)
            seed[j] = 1.0
            columns.append(np.ravel(f(Dual(x, seed.reshape(x.shape))).tangent))
        return np.stack(columns, axis=1)
    if mode != "reverse":
        raise ValueError(f"jacobian: mode must be 'forward' or 'reverse', got {mode!r}")
    leaf = Tensor(x)
    out = f(leaf)
    rows = []
    for i in range(out.size):
        pick = np.zeros(out.size)
        pick[i] = 1.0
        leaf.zero_grad()  # each row is a new gradient, not added to the last one
        (out * pick.reshape(out.shape)).sum().backward()
        rows.append(np.ravel(leaf.grad))
    return np.stack(rows, axis=0)
