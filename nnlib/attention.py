"""Attention: a soft, differentiable lookup, and the multi-head self-attention layer.

Each query q_i is compared with every key k_j by a dot product; a softmax turns
the scores of one query into weights that sum to 1; the output is the weighted
average of the values (Vaswani et al., 2017, in the course's row convention):

    S = Q K^T / sqrt(d)      A = softmax(S) row by row      O = A V

Dividing by sqrt(d) keeps the scores' variance near 1 whatever the width d of
the keys (a dot product of d unit-variance terms has variance d), so the
softmax does not saturate. Backward (derived in chapter 9) reuses the softmax
Jacobian of chapter 2 on every row, with G = dL/dO:

    dV = A^T G      dA = G V^T      dS = A * (dA - rowsum(dA * A))
    dQ = dS K / sqrt(d)      dK = dS^T Q / sqrt(d)

With ``causal=True``, query i sees only keys j <= i (its own position and the
past), as a language model must: the other scores are set to -inf, so their
weights are exactly 0. Attention alone ignores the order of its inputs;
``sinusoidal_positions`` gives each position a vector to add to its token.
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_shape, shape_str, warn_if_not_finite
from .activations import _softmax
from .module import Layer, Parameter


def _check_qkv(owner, q, k, v):
    q, k, v = (as_float_array(owner, name, a) for name, a in (("q", q), ("k", k), ("v", v)))
    ok = (q.ndim >= 2 and k.ndim == q.ndim and v.ndim == q.ndim and q.shape[:-2] == k.shape[:-2] == v.shape[:-2]
          and q.shape[-1] == k.shape[-1] and k.shape[-2] == v.shape[-2] and q.shape[-1] > 0 and k.shape[-2] > 0)
    if not ok:
        raise ValueError(f"{owner}: expected q (..., T, d), k (..., S, d) and v (..., S, dv) with the same leading"
                         f" axes, got q {shape_str(q.shape)}, k {shape_str(k.shape)}, v {shape_str(v.shape)}")
    for name, a in (("q", q), ("k", k), ("v", v)):
        warn_if_not_finite(owner, name, a)
    return q, k, v


def causal_mask(T, S=None):
    """Boolean (T, S) array, True where query i may **not** look: key j > i (PyTorch's ``attn_mask`` convention)."""
    S = T if S is None else S
    return np.triu(np.ones((T, S), dtype=bool), k=1)


def scaled_dot_product_attention(q, k, v, causal=False):
    """softmax(q k^T / sqrt(d)) v for arrays (..., T, d), (..., S, d), (..., S, dv).

    Returns ``(output, weights)``: the output (..., T, dv) and the attention
    weights (..., T, S), each row a probability distribution over the keys.
    ``causal=True`` masks key j > i for query i (top-left aligned when T != S,
    as PyTorch's ``is_causal``).
    """
    return _attention(*_check_qkv("scaled_dot_product_attention", q, k, v), causal)


def _attention(q, k, v, causal):
    """The forward computation on checked arrays (``MultiheadAttention`` has checked its input already)."""
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if causal:
        scores = np.where(causal_mask(q.shape[-2], k.shape[-2]), -np.inf, scores)
    weights = _softmax(scores, -1)  # the inputs are checked; -inf (masked) scores get weight 0
    return weights @ v, weights


def scaled_dot_product_attention_backward(grad_out, q, k, v, weights):
    """Gradients ``(dq, dk, dv)`` of the loss, given dL/d(output) and the forward pass's ``weights``.

    The masked weights of a causal forward pass are exactly 0, so the same
    formulas hold: no gradient reaches a masked score.
    """
    owner = "scaled_dot_product_attention_backward"
    q, k, v = _check_qkv(owner, q, k, v)
    lead, T, S = q.shape[:-2], q.shape[-2], k.shape[-2]
    w = as_float_array(owner, "weights", weights)
    check_shape(owner, "weights", w, (*lead, T, S))
    g = as_float_array(owner, "grad_out", grad_out)
    check_shape(owner, "grad_out", g, (*lead, T, v.shape[-1]))
    return _attention_backward(g, q, k, v, w)


def _attention_backward(g, q, k, v, w):
    """The backward computation on checked arrays: the five lines of the module docstring."""
    dv = np.swapaxes(w, -1, -2) @ g                                  # each value is used with weight A_ij
    dw = g @ np.swapaxes(v, -1, -2)
    ds = w * (dw - np.sum(dw * w, axis=-1, keepdims=True))          # softmax Jacobian, row by row
    ds /= np.sqrt(q.shape[-1])
    return ds @ k, np.swapaxes(ds, -1, -2) @ q, dv


def sinusoidal_positions(T, E):
    """Vaswani et al.'s (2017) position vectors, (T, E): for position p and i = 0, 1, ...

        P[p, 2i] = sin(p / 10000^(2i / E)),      P[p, 2i + 1] = cos(p / 10000^(2i / E))

    Each pair of columns is a clock turning at its own speed, from one turn
    every 2 pi positions down to one every 10000 * 2 pi: nearby positions get
    similar vectors, and P[p + k] is a fixed rotation of P[p] for every p.
    """
    for name, n in (("T", T), ("E", E)):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
            raise ValueError(f"sinusoidal_positions: {name} must be a positive integer, got {n!r}")
    position = np.arange(T)[:, None]
    rates = 1.0 / 10000.0 ** (np.arange(0, E, 2) / E)                  # (ceil(E / 2),)
    angles = position * rates
    out = np.empty((T, E))
    out[:, 0::2] = np.sin(angles)
    out[:, 1::2] = np.cos(angles[:, : E // 2])
    return out


class MultiheadAttention(Layer):
    """Multi-head self-attention, (N, T, E) -> (N, T, E), as ``torch.nn.MultiheadAttention(E, h, batch_first=True)``.

    Q = x Wq + bq, K = x Wk + bk, V = x Wv + bv, each (N, T, E), are split into
    ``num_heads`` heads of width d = E / h (head i takes columns i d to (i+1) d);
    each head attends on its own; the heads' outputs are put side by side and
    mixed by ``Wo``: out = concat(heads) Wo + bo. Weights are (in, out); PyTorch's
    ``in_proj_weight`` is [Wq^T; Wk^T; Wv^T] and ``out_proj.weight`` is Wo^T.
    After ``forward``, ``weights`` holds the attention probabilities (N, h, T, T).
    """

    def __init__(self, embed_dim, num_heads, causal=False, rng=None):
        for name, n in (("embed_dim", embed_dim), ("num_heads", num_heads)):
            if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
                raise ValueError(f"MultiheadAttention: {name} must be a positive integer, got {n!r}")
        if embed_dim % num_heads:
            raise ValueError(f"MultiheadAttention: embed_dim {embed_dim} is not divisible by num_heads {num_heads}")
        self.embed_dim, self.num_heads, self.causal = int(embed_dim), int(num_heads), bool(causal)
        self.head_dim = self.embed_dim // self.num_heads
        E, gen = self.embed_dim, as_rng(rng)
        # PyTorch's initialisation: Glorot-uniform over the stacked (3E, E) input projection, the output
        # projection uniform in [-1/sqrt(E), 1/sqrt(E)], every bias zero
        bound_in, bound_out = np.sqrt(6.0 / (4 * E)), 1.0 / np.sqrt(E)
        self.Wq = Parameter(gen.uniform(-bound_in, bound_in, (E, E)))
        self.Wk = Parameter(gen.uniform(-bound_in, bound_in, (E, E)))
        self.Wv = Parameter(gen.uniform(-bound_in, bound_in, (E, E)))
        self.Wo = Parameter(gen.uniform(-bound_out, bound_out, (E, E)))
        self.bq, self.bk, self.bv, self.bo = (Parameter(np.zeros(E)) for _ in range(4))
        self.weights = None

    def _split(self, z):
        """(N, T, E) -> (N, heads, T, d)."""
        n, t, _ = z.shape
        return z.reshape(n, t, self.num_heads, self.head_dim).transpose(0, 2, 1, 3)

    def _merge(self, z):
        """(N, heads, T, d) -> (N, T, E): the heads side by side."""
        n, _, t, _ = z.shape
        return z.transpose(0, 2, 1, 3).reshape(n, t, self.embed_dim)

    def forward(self, x):
        x = as_float_array(self, "input", x)
        check_shape(self, "input", x, ("N", "T", self.embed_dim))
        warn_if_not_finite(self, "input", x)
        self.x = x
        self.q, self.k, self.v = (self._split(x @ W.data + b.data)
                                  for W, b in ((self.Wq, self.bq), (self.Wk, self.bk), (self.Wv, self.bv)))
        heads, self.weights = _attention(self.q, self.k, self.v, self.causal)
        self.concat = self._merge(heads)
        return self.concat @ self.Wo.data + self.bo.data

    def backward(self, grad_out):
        x = self._saved("x")
        n, t, E = x.shape
        g = self._check_grad_out(grad_out, x.shape).reshape(n * t, E)
        self.Wo.grad += self.concat.reshape(n * t, E).T @ g
        self.bo.grad += g.sum(axis=0)
        d_heads = self._split((g @ self.Wo.data.T).reshape(n, t, E))
        grads = _attention_backward(d_heads, self.q, self.k, self.v, self.weights)
        flat_x, dx = x.reshape(n * t, E), np.zeros((n * t, E))
        for (W, b), d in zip(((self.Wq, self.bq), (self.Wk, self.bk), (self.Wv, self.bv)), grads):
            d = self._merge(d).reshape(n * t, E)
            W.grad += flat_x.T @ d
            b.grad += d.sum(axis=0)
            dx += d @ W.data.T  # x feeds all three projections: their gradients add up
        return dx.reshape(n, t, E)

    def __repr__(self):
        return (f"MultiheadAttention({self.embed_dim}, heads={self.num_heads}"
                f"{', causal' if self.causal else ''})")
