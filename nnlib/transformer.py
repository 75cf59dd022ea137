"""A small decoder-only transformer: chapter 9's character language model.

The model reads (N, T) character indices and returns (N, T, V) logits for the
next character at every position, like ``nnlib.text.CharLanguageModel``, so the
same ``train_language_model`` loop trains either. Inside:

    x = token embedding + position vector            (N, T, E)
    x = block(x), num_layers times                    (N, T, E)
    logits = Dense(LayerNorm(x))                      (N, T, V)

and each block (pre-norm, as in GPT-2 and Xiong et al., 2020) is

    x = x + MultiheadAttention(LayerNorm(x))          causal: position t sees 1..t only
    x = x + MLP(LayerNorm(x))                         Dense(E, 4E), ReLU, Dense(4E, E) at every position

The residual additions give the gradient a path around every block (the
identity's Jacobian is 1); the post-norm block of the original transformer,
x = LayerNorm(x + sublayer(x)), is ``norm_first=False``.
"""
import numpy as np

from ._checks import as_rng
from .activations import ReLU
from .attention import MultiheadAttention, sinusoidal_positions
from .layers import Dense, Sequential
from .losses import CrossEntropyLoss
from .module import Layer, Parameter
from .normalization import LayerNorm
from .recurrent import Embedding, TimeDistributed
from .sampling import sample


def _positive_int(owner, name, n):
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{owner}: {name} must be a positive integer, got {n!r}")
    return int(n)


class TransformerBlock(Layer):
    """Self-attention then a position-wise MLP, each wrapped in a residual connection and a LayerNorm.

    ``norm_first=True`` (pre-norm): x + f(LN(x)). ``norm_first=False`` (post-norm,
    Vaswani et al., 2017): LN(x + f(x)). (N, T, E) -> (N, T, E).
    """

    def __init__(self, embed_dim, num_heads, mlp_ratio=4, causal=True, norm_first=True, rng=None):
        E = _positive_int("TransformerBlock", "embed_dim", embed_dim)
        hidden = E * _positive_int("TransformerBlock", "mlp_ratio", mlp_ratio)
        gen = as_rng(rng)
        self.norm_first = bool(norm_first)
        self.ln1 = LayerNorm(E)
        self.attn = MultiheadAttention(E, num_heads, causal=causal, rng=gen)
        self.ln2 = LayerNorm(E)
        self.mlp = Sequential(TimeDistributed(Dense(E, hidden, rng=gen)), ReLU(), TimeDistributed(Dense(hidden, E, rng=gen)))

    def forward(self, x):
        if self.norm_first:
            x = x + self.attn(self.ln1(x))
            return x + self.mlp(self.ln2(x))
        x = self.ln1(x + self.attn(x))
        return self.ln2(x + self.mlp(x))

    def backward(self, grad_out):
        g = grad_out
        if self.norm_first:  # each residual adds the identity's gradient to the sublayer's
            g = g + self.ln2.backward(self.mlp.backward(g))
            return g + self.ln1.backward(self.attn.backward(g))
        g = self.ln2.backward(g)
        g = g + self.mlp.backward(g)
        g = self.ln1.backward(g)
        return g + self.attn.backward(g)

    def parameters(self):
        return self.ln1.parameters() + self.attn.parameters() + self.ln2.parameters() + self.mlp.parameters()

    def __repr__(self):
        return (f"TransformerBlock({self.attn.embed_dim}, heads={self.attn.num_heads},"
                f" {'pre-norm' if self.norm_first else 'post-norm'})")


class CharTransformer(Layer):
    """Decoder-only transformer on characters: (N, T) indices, T <= ``context``, to (N, T, V) logits.

    ``positions="sinusoidal"`` adds ``sinusoidal_positions``; ``"learned"`` learns
    one vector per position (``.pos``, (context, E)); ``None`` adds nothing, and
    the model can then only count characters, not order them.
    """

    def __init__(self, vocab_size, embed_dim=32, num_heads=4, num_layers=2, context=64, positions="sinusoidal",
                 mlp_ratio=4, norm_first=True, rng=None):
        vocab_size = _positive_int("CharTransformer", "vocab_size", vocab_size)
        E = _positive_int("CharTransformer", "embed_dim", embed_dim)
        self.context = _positive_int("CharTransformer", "context", context)
        num_layers = _positive_int("CharTransformer", "num_layers", num_layers)
        if positions not in ("sinusoidal", "learned", None):
            raise ValueError(f"CharTransformer: positions must be 'sinusoidal', 'learned' or None, got {positions!r}")
        gen = as_rng(rng)
        self.positions = positions
        self.embed = Embedding(vocab_size, E, rng=gen)
        if positions == "learned":
            self.pos = Parameter(0.1 * gen.standard_normal((self.context, E)))
        else:
            self.pos = None
            self.fixed_pos = sinusoidal_positions(self.context, E) if positions else np.zeros((self.context, E))
        self.blocks = [TransformerBlock(E, num_heads, mlp_ratio, causal=True, norm_first=norm_first, rng=gen)
                       for _ in range(num_layers)]
        self.ln_f = LayerNorm(E)
        self.head = TimeDistributed(Dense(E, vocab_size, rng=gen))

    def forward(self, ids):
        ids = np.asarray(ids)
        if ids.ndim != 2 or not 1 <= ids.shape[1] <= self.context:
            raise ValueError(f"{self!r}: expected token indices of shape (N, T) with 1 <= T <= {self.context},"
                             f" got shape {ids.shape}")
        T = ids.shape[1]
        x = self.embed(ids) + (self.pos.data[:T] if self.pos is not None else self.fixed_pos[:T])
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))

    def backward(self, grad_out):
        g = self.ln_f.backward(self.head.backward(grad_out))
        for block in reversed(self.blocks):
            g = block.backward(g)
        if self.pos is not None:
            self.pos.grad[: g.shape[1]] += g.sum(axis=0)
        self.embed.backward(g)

    def parameters(self):
        params = self.embed.parameters() + ([self.pos] if self.pos is not None else [])
        for block in self.blocks:
            params += block.parameters()
        return params + self.ln_f.parameters() + self.head.parameters()

    def generate(self, vocab, prime, length, temperature=1.0, rng=None):
        """``prime`` followed by ``length`` sampled characters; each step reads the last ``context`` characters."""
        gen = as_rng(rng)
        ids = list(vocab.encode(prime))
        for _ in range(length):
            logits = self.forward(np.array([ids[-self.context:]]))
            ids.append(sample(logits[0, -1], temperature, gen))
        return prime + vocab.decode(ids[len(prime):])

    def __repr__(self):
        block = self.blocks[0]
        return (f"CharTransformer({self.embed.num_embeddings}, embed_dim={block.attn.embed_dim},"
                f" heads={block.attn.num_heads}, layers={len(self.blocks)}, context={self.context},"
                f" positions={self.positions!r})")


def block_gradient_norms(model, ids, targets):
    """The gradient's norm over each block's parameters, first block first, after one cross-entropy backward pass.

    For comparing how the gradient spreads through the depth of pre-norm and
    post-norm stacks at initialisation (Xiong et al., 2020). Gradients are cleared first.
    """
    loss = CrossEntropyLoss()
    model.zero_grad()
    logits = model(ids)
    loss(logits.reshape(-1, logits.shape[-1]), np.asarray(targets).ravel())
    model.backward(loss.backward().reshape(logits.shape))
    return [float(np.sqrt(sum(np.sum(p.grad**2) for p in block.parameters()))) for block in model.blocks]
