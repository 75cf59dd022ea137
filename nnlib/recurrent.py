"""Recurrent layers on sequences ``(N, T, D)``: RNN, LSTM and GRU, with backpropagation through time.

Each layer applies the same cell at every time step, carrying a hidden state
from one step to the next. The input projections ``x_t Wx`` of all steps are
one matrix product; only the recurrence itself, which needs the previous
state, loops over time (never over samples). ``backward`` runs the loop in
reverse: the gradient reaching step t is the one from the output at t plus the
one flowing back from step t + 1 through the recurrent weights. That is
backpropagation through time (BPTT): the chain rule on the unrolled network.

Names, shapes and gate orders are PyTorch's (with ``x Wx`` rather than
``W x``): the four LSTM blocks are input, forget, candidate, output gates; the
three GRU blocks reset, update, new. After ``forward``, ``layer.state`` holds the
final state (``h_T`` or ``(h_T, c_T)``) to continue a sequence later, and after
``backward``, ``layer.grad_state`` the gradient with respect to the initial state.
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_int, check_shape, describe, shape_str, warn_if_not_finite
from .module import Layer, Parameter


def _sigmoid(z):
    """sigmoid(z) = (1 + tanh(z / 2)) / 2: the same function, one numpy call, never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


class _Recurrent(Layer):
    gates = 1  # column blocks in Wx and Wh

    def __init__(self, input_size, hidden_size, rng=None):
        name = type(self).__name__
        self.input_size = check_int(name, "input_size", input_size)
        self.hidden_size = check_int(name, "hidden_size", hidden_size)
        gen, bound, width = as_rng(rng, name), 1.0 / np.sqrt(self.hidden_size), self.gates * self.hidden_size
        # PyTorch's initialisation: every weight and bias uniform in [-1/sqrt(H), 1/sqrt(H)]
        self.Wx = Parameter(gen.uniform(-bound, bound, (self.input_size, width)))
        self.Wh = Parameter(gen.uniform(-bound, bound, (self.hidden_size, width)))
        self._init_biases(gen, bound, width)

    def _init_biases(self, gen, bound, width):
        self.b = Parameter(gen.uniform(-bound, bound, width))

    def _check_input(self, x):
        x = as_float_array(self, "input", x)
        check_shape(self, "input", x, ("N", "T", self.input_size))
        warn_if_not_finite(self, "input", x)
        return x

    def _initial(self, name, value, n):
        if value is None:
            return np.zeros((n, self.hidden_size))
        value = as_float_array(self, name, value)
        check_shape(self, name, value, (n, self.hidden_size))
        warn_if_not_finite(self, name, value)
        return value

    def _input_gradients(self, x, d_pre):
        """Gradients of the input projection x Wx (+ bias), all time steps at once; returns dx."""
        n, t, _ = x.shape
        flat = d_pre.reshape(n * t, d_pre.shape[2])  # sizes spelled out: n * t may be 0
        self.Wx.grad += x.reshape(n * t, self.input_size).T @ flat
        return (flat @ self.Wx.data.T).reshape(n, t, self.input_size)

    def __repr__(self):
        return f"{type(self).__name__}({self.input_size} -> {self.hidden_size})"


class RNN(_Recurrent):
    """Elman's tanh cell: ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)``. Returns every h_t, shape (N, T, H)."""

    def forward(self, x, h0=None):
        x = self._check_input(x)
        n, steps, _ = x.shape
        h = self._initial("h0", h0, n)
        pre = x @ self.Wx.data + self.b.data  # (N, T, H): the input's part of every step at once
        hs = np.empty((n, steps + 1, self.hidden_size))
        hs[:, 0] = h
        for t in range(steps):
            hs[:, t + 1] = np.tanh(pre[:, t] + hs[:, t] @ self.Wh.data)
        self.x, self.hs, self.state = x, hs, hs[:, -1].copy()
        return hs[:, 1:]

    def backward(self, grad_out):
        x, hs = self._saved("x"), self.hs
        g = self._check_grad_out(grad_out, (x.shape[0], x.shape[1], self.hidden_size))
        d_pre = np.empty_like(g)
        dh_next = np.zeros((x.shape[0], self.hidden_size))
        for t in reversed(range(x.shape[1])):
            dh = g[:, t] + dh_next                       # from the output at t, and from step t + 1
            d_pre[:, t] = dh * (1.0 - hs[:, t + 1] ** 2)  # through tanh
            self.Wh.grad += hs[:, t].T @ d_pre[:, t]
            dh_next = d_pre[:, t] @ self.Wh.data.T       # to h_{t-1}
        self.b.grad += d_pre.sum(axis=(0, 1))
        self.grad_state = dh_next
        return self._input_gradients(x, d_pre)


class LSTM(_Recurrent):
    """Long short-term memory (Hochreiter and Schmidhuber, 1997), PyTorch's gate order i, f, g, o:

    ``i, f, o = sigmoid(.)``, ``g = tanh(.)``, ``c_t = f c_{t-1} + i g``, ``h_t = o tanh(c_t)``.
    """

    gates = 4

    def forward(self, x, state=None):
        x = self._check_input(x)
        n, steps, _ = x.shape
        H = self.hidden_size
        if state is None:
            h0 = c0 = None
        elif isinstance(state, (tuple, list)) and len(state) == 2:
            h0, c0 = state
        else:
            raise TypeError(f"{self!r}: state must be a pair (h0, c0) of arrays of shape (N, {H}) (or None),"
                            f" got {describe(state) if not isinstance(state, (tuple, list)) else f'{len(state)} item(s)'}")
        h, c = self._initial("h0", h0, n), self._initial("c0", c0, n)
        pre = x @ self.Wx.data + self.b.data
        hs, cs = np.empty((n, steps + 1, H)), np.empty((n, steps + 1, H))
        acts = np.empty((n, steps, 4 * H))  # i, f, g, o after their nonlinearities
        hs[:, 0], cs[:, 0] = h, c
        for t in range(steps):
            a = pre[:, t] + hs[:, t] @ self.Wh.data
            act = acts[:, t]
            act[:] = _sigmoid(a)                          # i, f and o (g is overwritten next)
            act[:, 2 * H:3 * H] = np.tanh(a[:, 2 * H:3 * H])
            i, f, g, o = act[:, :H], act[:, H:2 * H], act[:, 2 * H:3 * H], act[:, 3 * H:]
            cs[:, t + 1] = f * cs[:, t] + i * g
            hs[:, t + 1] = o * np.tanh(cs[:, t + 1])
        self.x, self.hs, self.cs, self.acts = x, hs, cs, acts
        self.state = (hs[:, -1].copy(), cs[:, -1].copy())
        return hs[:, 1:]

    def backward(self, grad_out):
        x, hs, cs, acts = self._saved("x"), self.hs, self.cs, self.acts
        g_out = self._check_grad_out(grad_out, (x.shape[0], x.shape[1], self.hidden_size))
        n, H = x.shape[0], self.hidden_size
        d_pre = np.empty((n, x.shape[1], 4 * H))
        dh_next, dc_next = np.zeros((n, H)), np.zeros((n, H))
        for t in reversed(range(x.shape[1])):
            act = acts[:, t]
            i, f, g, o = act[:, :H], act[:, H:2 * H], act[:, 2 * H:3 * H], act[:, 3 * H:]
            tanh_c = np.tanh(cs[:, t + 1])
            dh = g_out[:, t] + dh_next
            dc = dc_next + dh * o * (1.0 - tanh_c**2)  # the cell state's own path, plus through h_t
            d_pre[:, t, :H] = dc * g * i * (1 - i)
            d_pre[:, t, H:2 * H] = dc * cs[:, t] * f * (1 - f)
            d_pre[:, t, 2 * H:3 * H] = dc * i * (1 - g**2)
            d_pre[:, t, 3 * H:] = dh * tanh_c * o * (1 - o)
            self.Wh.grad += hs[:, t].T @ d_pre[:, t]
            dh_next, dc_next = d_pre[:, t] @ self.Wh.data.T, dc * f  # the forget gate scales the memory's gradient
        self.b.grad += d_pre.sum(axis=(0, 1))
        self.grad_state = (dh_next, dc_next)
        return self._input_gradients(x, d_pre)


class GRU(_Recurrent):
    """Gated recurrent unit (Cho et al., 2014), PyTorch's blocks r, z, n:

    ``r = sigmoid(x Wx_r + bx_r + h Wh_r + bh_r)``, ``z`` likewise,
    ``n = tanh(x Wx_n + bx_n + r (h Wh_n + bh_n))``, ``h_t = (1 - z) n + z h_{t-1}``.
    """

    gates = 3

    def _init_biases(self, gen, bound, width):
        self.bx = Parameter(gen.uniform(-bound, bound, width))
        self.bh = Parameter(gen.uniform(-bound, bound, width))

    def forward(self, x, h0=None):
        x = self._check_input(x)
        n, steps, _ = x.shape
        H = self.hidden_size
        h = self._initial("h0", h0, n)
        pre_x = x @ self.Wx.data + self.bx.data
        hs = np.empty((n, steps + 1, H))
        rzn = np.empty((n, steps, 3 * H))      # r, z, n after their nonlinearities
        hn = np.empty((n, steps, H))           # h Wh_n + bh_n, needed by backward
        hs[:, 0] = h
        for t in range(steps):
            pre_h = hs[:, t] @ self.Wh.data + self.bh.data
            rzn[:, t, :2 * H] = _sigmoid(pre_x[:, t, :2 * H] + pre_h[:, :2 * H])
            hn[:, t] = pre_h[:, 2 * H:]
            rzn[:, t, 2 * H:] = np.tanh(pre_x[:, t, 2 * H:] + rzn[:, t, :H] * hn[:, t])
            z, new = rzn[:, t, H:2 * H], rzn[:, t, 2 * H:]
            hs[:, t + 1] = (1 - z) * new + z * hs[:, t]
        self.x, self.hs, self.rzn, self.hn, self.state = x, hs, rzn, hn, hs[:, -1].copy()
        return hs[:, 1:]

    def backward(self, grad_out):
        x, hs, rzn, hn = self._saved("x"), self.hs, self.rzn, self.hn
        g_out = self._check_grad_out(grad_out, (x.shape[0], x.shape[1], self.hidden_size))
        n, H = x.shape[0], self.hidden_size
        d_pre_x = np.empty((n, x.shape[1], 3 * H))
        dh_next = np.zeros((n, H))
        for t in reversed(range(x.shape[1])):
            r, z, new = rzn[:, t, :H], rzn[:, t, H:2 * H], rzn[:, t, 2 * H:]
            dh = g_out[:, t] + dh_next
            d_new = dh * (1 - z) * (1 - new**2)        # through tanh, at n's pre-activation
            d_r = d_new * hn[:, t] * r * (1 - r)
            d_z = dh * (hs[:, t] - new) * z * (1 - z)
            d_pre_x[:, t] = np.concatenate([d_r, d_z, d_new], axis=1)
            d_pre_h = np.concatenate([d_r, d_z, d_new * r], axis=1)
            self.Wh.grad += hs[:, t].T @ d_pre_h
            self.bh.grad += d_pre_h.sum(axis=0)
            dh_next = dh * z + d_pre_h @ self.Wh.data.T
        self.bx.grad += d_pre_x.sum(axis=(0, 1))
        self.grad_state = dh_next
        return self._input_gradients(x, d_pre_x)


class LastTimeStep(Layer):
    """(N, T, H) -> (N, H): the last step's output, for one prediction per sequence."""

    def forward(self, x):
        x = as_float_array(self, "input", x)
        if x.ndim != 3:
            raise ValueError(f"{self!r}: expected input of shape (N, T, H), got {shape_str(x.shape)}")
        if x.shape[1] == 0:
            raise ValueError(f"{self!r}: a sequence of 0 time steps has no last step (input of shape {shape_str(x.shape)})")
        warn_if_not_finite(self, "input", x)
        self.in_shape = x.shape
        return x[:, -1]

    def backward(self, grad_out):
        n, t, h = self._saved("in_shape")
        g = self._check_grad_out(grad_out, (n, h))
        grad = np.zeros((n, t, h))
        grad[:, -1] = g
        return grad


class Embedding(Layer):
    """A learned vector per token: integer indices (N, T) -> vectors (N, T, embedding_dim).

    Equivalent to multiplying one-hot rows by ``weight`` (V, E), without building
    them. Backward adds each position's gradient into the row it read; there is no
    gradient for the (integer) input, so ``backward`` returns None.
    """

    def __init__(self, num_embeddings, embedding_dim, rng=None):
        self.num_embeddings = check_int("Embedding", "num_embeddings", num_embeddings)
        self.embedding_dim = check_int("Embedding", "embedding_dim", embedding_dim)
        self.weight = Parameter(as_rng(rng, "Embedding").standard_normal((self.num_embeddings, self.embedding_dim)))

    def forward(self, indices):
        idx = np.asarray(indices)
        if not np.issubdtype(idx.dtype, np.integer):
            raise TypeError(f"{self!r}: expected integer token indices, got dtype {idx.dtype}")
        if idx.size and (idx.min() < 0 or idx.max() >= self.num_embeddings):
            raise ValueError(f"{self!r}: token indices must lie in [0, {self.num_embeddings - 1}],"
                             f" got values from {idx.min()} to {idx.max()}")
        self.idx = idx
        return self.weight.data[idx]

    def backward(self, grad_out):
        idx = self._saved("idx")
        g = self._check_grad_out(grad_out, (*idx.shape, self.embedding_dim))
        np.add.at(self.weight.grad, idx, g)
        return None

    def __repr__(self):
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"


class TimeDistributed(Layer):
    """Apply a layer for (N, D) inputs, such as ``Dense``, at every time step of (N, T, D).

    The time steps are folded into the batch, (N, T, D) -> (N * T, D), and back:
    the same weights serve every step, as they should.
    """

    def __init__(self, layer):
        if not isinstance(layer, Layer):
            what = f"the class {layer.__name__} (call it to make a layer)" if isinstance(layer, type) else \
                f"a {type(layer).__name__}"
            raise TypeError(f"TimeDistributed: expected a layer, such as Dense(16, 2), got {what}")
        self.layer = layer

    def forward(self, x):
        x = as_float_array(self, "input", x)
        if x.ndim != 3:
            raise ValueError(f"{self!r}: expected input of shape (N, T, D), got {shape_str(x.shape)}")
        n, t, d = x.shape
        try:
            out = self.layer(x.reshape(n * t, d))
        except ValueError as exc:  # the inner layer saw (N * T, D): say what the caller passed
            raise ValueError(f"{self!r} on input {shape_str(x.shape)}, folded to {shape_str((n * t, d))}: {exc}") from None
        self.in_shape, self.out_shape = x.shape, (n, t, out.shape[1])
        return out.reshape(self.out_shape)

    def backward(self, grad_out):
        n, t, d = self._saved("out_shape")
        g = self._check_grad_out(grad_out, (n, t, d))
        return self.layer.backward(g.reshape(n * t, d)).reshape(self.in_shape)

    def parameters(self):
        return self.layer.parameters()

    def train(self):
        self.layer.train()
        return super().train()

    def eval(self):
        self.layer.eval()
        return super().eval()

    def __repr__(self):
        return f"TimeDistributed({self.layer!r})"
