"""Attention, layer normalisation and the character transformer (chapter 9)."""
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import LayerNorm, MultiheadAttention, gradcheck, numerical_gradient, relative_error
from nnlib.attention import causal_mask, scaled_dot_product_attention, scaled_dot_product_attention_backward
from nnlib.attention import sinusoidal_positions
from nnlib.text import CharLanguageModel, Vocabulary, evaluate_language_model, split_text, train_language_model
from nnlib.transformer import CharTransformer, TransformerBlock


def randn(seed, *shape):
    return np.random.default_rng(seed).standard_normal(shape)


# ----- LayerNorm -------------------------------------------------------------------------------------------


def test_layer_norm_matches_the_formula_over_the_last_axis():
    x = 3 * randn(0, 2, 4, 6) + 1
    ln = LayerNorm(6)
    ln.gamma.data[:], ln.beta.data[:] = randn(1, 6), randn(2, 6)
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)  # the biased variance, as PyTorch
    expected = (x - mean) / np.sqrt(var + 1e-5) * ln.gamma.data + ln.beta.data
    np.testing.assert_allclose(ln(x), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(LayerNorm((6,)).gamma.data, np.ones(6))
    np.testing.assert_array_equal(LayerNorm(6).beta.data, np.zeros(6))


def test_layer_norm_treats_every_sample_alone_and_the_same_in_eval():
    x = randn(3, 5, 4)
    ln = LayerNorm(4)
    out = ln(x)
    changed = x.copy()
    changed[1:] *= 100  # other samples change; sample 0's output must not
    np.testing.assert_allclose(ln(changed)[0], out[0], rtol=1e-12)
    np.testing.assert_array_equal(ln.eval()(x), out)


@pytest.mark.parametrize("shape", [(4, 5), (2, 3, 5)])
def test_layer_norm_gradients(shape):
    ln = LayerNorm(5)
    ln.gamma.data[:], ln.beta.data[:] = randn(4, 5), randn(5, 5)
    assert gradcheck(ln, randn(6, *shape), rng=7) < 1e-7
    assert gradcheck(LayerNorm(5), randn(8, *shape), rng=9) < 1e-7


def test_layer_norm_backward_adds_into_the_gradients():
    ln = LayerNorm(3)
    x, g = randn(0, 4, 3), randn(1, 4, 3)
    ln(x)
    ln.backward(g)
    once = ln.gamma.grad.copy()
    ln.backward(g)
    np.testing.assert_allclose(ln.gamma.grad, 2 * once)


def test_layer_norm_bad_input_is_named():
    with pytest.raises(ValueError, match=r"LayerNorm\(5\): expected input of shape \(\.\.\., 5\), got \(3, 4\)"):
        LayerNorm(5)(np.zeros((3, 4)))
    for bad in (0, -2, 2.5, (3, 4), True):
        with pytest.raises(ValueError, match="LayerNorm: normalized_shape"):
            LayerNorm(bad)
    with pytest.raises(RuntimeError, match="call forward before backward"):
        LayerNorm(3).backward(np.zeros((2, 3)))
    x = randn(0, 2, 3)
    x[0, 1] = np.nan
    with pytest.warns(RuntimeWarning, match=r"LayerNorm\(3\): input contains 1 non-finite"):
        LayerNorm(3)(x)


# ----- scaled dot-product attention -------------------------------------------------------------------------


def reference_attention(q, k, v, causal=False):
    """One query at a time, with explicit exponentials: the definition, slowly."""
    out, weights = np.zeros(q.shape[:-1] + v.shape[-1:]), np.zeros(q.shape[:-1] + k.shape[-2:-1])
    for b in np.ndindex(q.shape[:-2]):
        for i in range(q.shape[-2]):
            keys = range(min(i + 1, k.shape[-2])) if causal else range(k.shape[-2])
            scores = np.array([q[b][i] @ k[b][j] / np.sqrt(q.shape[-1]) for j in keys])
            e = np.exp(scores - scores.max())
            for j, w in zip(keys, e / e.sum()):
                weights[b][i, j] = w
                out[b][i] += w * v[b][j]
    return out, weights


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("shapes", [((5, 4), (5, 4), (5, 3)), ((2, 3, 4), (2, 6, 4), (2, 6, 2)), ((2, 2, 4, 8), (2, 2, 4, 8), (2, 2, 4, 8))])
def test_attention_against_the_definition(causal, shapes):
    q, k, v = (randn(i, *s) for i, s in enumerate(shapes))
    out, weights = scaled_dot_product_attention(q, k, v, causal=causal)
    want_out, want_weights = reference_attention(q, k, v, causal)
    assert out.shape == q.shape[:-1] + v.shape[-1:] and weights.shape == q.shape[:-1] + k.shape[-2:-1]
    np.testing.assert_allclose(out, want_out, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weights, want_weights, rtol=1e-12, atol=1e-14)


def test_attention_weights_are_probabilities_and_causal_ones_never_look_ahead():
    q, k, v = randn(0, 3, 7, 4), randn(1, 3, 7, 4), randn(2, 3, 7, 5)
    for causal in (False, True):
        _, w = scaled_dot_product_attention(q, k, v, causal=causal)
        assert np.all(w >= 0)
        np.testing.assert_allclose(w.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all(w[:, np.triu_indices(7, k=1)[0], np.triu_indices(7, k=1)[1]] == 0.0)
    assert np.all(w[:, np.tril_indices(7)[0], np.tril_indices(7)[1]] > 0.0)
    np.testing.assert_array_equal(causal_mask(3, 4), [[0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 0, 1]])


def test_attention_is_permutation_equivariant_in_queries_and_invariant_in_key_value_pairs():
    q, k, v = randn(0, 6, 4), randn(1, 6, 4), randn(2, 6, 3)
    out, _ = scaled_dot_product_attention(q, k, v)
    perm = np.random.default_rng(3).permutation(6)
    np.testing.assert_allclose(scaled_dot_product_attention(q[perm], k, v)[0], out[perm], rtol=1e-12)
    np.testing.assert_allclose(scaled_dot_product_attention(q, k[perm], v[perm])[0], out, rtol=1e-12)


def test_attention_stays_finite_for_huge_scores():
    q = 1e4 * randn(0, 4, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, w = scaled_dot_product_attention(q, q, randn(1, 4, 2), causal=True)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(w))


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("shapes", [((4, 3), (4, 3), (4, 2)), ((2, 3, 5), (2, 6, 5), (2, 6, 4))])
def test_attention_backward_passes_the_gradient_check(causal, shapes):
    q, k, v = (randn(i, *s) for i, s in enumerate(shapes))
    out, weights = scaled_dot_product_attention(q, k, v, causal)
    G = randn(9, *out.shape)
    dq, dk, dv = scaled_dot_product_attention_backward(G, q, k, v, weights)

    def f(_):
        return np.sum(scaled_dot_product_attention(q, k, v, causal)[0] * G)

    for analytic, arr in ((dq, q), (dk, k), (dv, v)):
        assert analytic.shape == arr.shape
        assert relative_error(analytic, numerical_gradient(f, arr)) < 1e-7


def test_attention_bad_shapes_are_named():
    with pytest.raises(ValueError, match=r"scaled_dot_product_attention: expected q \(\.\.\., T, d\).*got q \(4, 3\), k \(4, 2\), v \(4, 2\)"):
        scaled_dot_product_attention(np.zeros((4, 3)), np.zeros((4, 2)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"got q \(2, 4, 3\), k \(3, 4, 3\)"):
        scaled_dot_product_attention(np.zeros((2, 4, 3)), np.zeros((3, 4, 3)), np.zeros((3, 4, 3)))
    with pytest.raises(ValueError, match="k \\(5, 3\\), v \\(4, 3\\)"):
        scaled_dot_product_attention(np.zeros((4, 3)), np.zeros((5, 3)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"expected q"):
        scaled_dot_product_attention(np.zeros(3), np.zeros(3), np.zeros(3))
    q = np.zeros((4, 3))
    with pytest.raises(ValueError, match=r"expected weights of shape \(4, 4\), got \(4, 3\)"):
        scaled_dot_product_attention_backward(np.zeros((4, 3)), q, q, q, np.zeros((4, 3)))
    q[1, 1] = np.nan
    with pytest.warns(RuntimeWarning, match="scaled_dot_product_attention: q contains 1 non-finite"):
        scaled_dot_product_attention(q, np.zeros((4, 3)), np.zeros((4, 3)))


# ----- multi-head attention -----------------------------------------------------------------------------------


def reference_multihead(layer, x):
    """Each head on its own columns, by a loop over samples and heads; then the heads side by side."""
    d = layer.head_dim
    q, k, v = (x @ W.data + b.data for W, b in ((layer.Wq, layer.bq), (layer.Wk, layer.bk), (layer.Wv, layer.bv)))
    concat = np.zeros_like(x)
    weights = np.zeros((x.shape[0], layer.num_heads, x.shape[1], x.shape[1]))
    for n in range(x.shape[0]):
        for h in range(layer.num_heads):
            cols = slice(h * d, (h + 1) * d)
            concat[n, :, cols], weights[n, h] = reference_attention(q[n, :, cols], k[n, :, cols], v[n, :, cols], layer.causal)
    return concat @ layer.Wo.data + layer.bo.data, weights


def random_mha(E, heads, causal, seed):
    layer = MultiheadAttention(E, heads, causal=causal, rng=seed)
    for p in (layer.bq, layer.bk, layer.bv, layer.bo):
        p.data[:] = 0.3 * randn(seed + 1, E)
    return layer


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("E, heads", [(8, 1), (8, 2), (12, 4)])
def test_multihead_against_a_loop_over_heads(causal, E, heads):
    layer = random_mha(E, heads, causal, 0)
    x = randn(1, 3, 5, E)
    out = layer(x)
    want, want_weights = reference_multihead(layer, x)
    np.testing.assert_allclose(out, want, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(layer.weights, want_weights, rtol=1e-11, atol=1e-14)
    assert layer.weights.shape == (3, heads, 5, 5)
    np.testing.assert_allclose(layer.weights.sum(axis=-1), 1.0, rtol=1e-12)


@pytest.mark.parametrize("causal", [False, True])
def test_multihead_gradients(causal):
    layer = random_mha(8, 2, causal, 2)
    x = randn(3, 2, 5, 8)
    errors = gradcheck(layer, x, rng=4, details=True)
    # The key bias adds q . bk to every score of a row: softmax ignores a shift, so bk gets no gradient at all.
    key_bias = [name for name in errors if name.startswith(f"param{layer.parameters().index(layer.bk)}")]
    assert len(key_bias) == 1 and max(v for name, v in errors.items() if name not in key_bias) < 1e-7
    layer.zero_grad()
    layer(x)
    layer.backward(randn(5, 2, 5, 8))
    assert np.abs(layer.bk.grad).max() < 1e-12
    grad_bk = numerical_gradient(lambda _: np.sum(layer(x) * randn(5, 2, 5, 8)), layer.bk.data)
    assert np.abs(grad_bk).max() < 1e-8


def test_multihead_parameters_shapes_and_count():
    layer = MultiheadAttention(12, 3, rng=0)
    assert [p.shape for p in (layer.Wq, layer.Wk, layer.Wv, layer.Wo)] == [(12, 12)] * 4
    assert [p.shape for p in (layer.bq, layer.bk, layer.bv, layer.bo)] == [(12,)] * 4
    assert sum(p.data.size for p in layer.parameters()) == 4 * 12 * 12 + 4 * 12
    assert layer.head_dim == 4 and np.all(layer.bq.data == 0)
    again = MultiheadAttention(12, 3, rng=0)
    np.testing.assert_array_equal(again.Wq.data, layer.Wq.data)


def test_causal_multihead_output_ignores_the_future():
    layer = random_mha(8, 2, True, 3)
    x = randn(4, 2, 6, 8)
    later = x.copy()
    later[:, 4:] = randn(5, 2, 2, 8)
    np.testing.assert_allclose(layer(later)[:, :4], layer(x)[:, :4], rtol=1e-12)
    assert not np.allclose(layer(later)[:, 4:], layer(x)[:, 4:])


def test_self_attention_without_positions_is_permutation_equivariant():
    perm = np.random.default_rng(0).permutation(7)
    x = randn(1, 2, 7, 8)
    for layer in (random_mha(8, 2, False, 5), TransformerBlock(8, 2, causal=False, rng=6)):
        np.testing.assert_allclose(layer(x[:, perm]), layer(x)[:, perm], rtol=1e-10, atol=1e-12)
    causal = random_mha(8, 2, True, 5)  # the mask ties each row to a position: no longer equivariant
    assert not np.allclose(causal(x[:, perm]), causal(x)[:, perm])


def test_multihead_bad_input_is_named():
    with pytest.raises(ValueError, match="embed_dim 10 is not divisible by num_heads 4"):
        MultiheadAttention(10, 4)
    with pytest.raises(ValueError, match="num_heads must be a positive integer"):
        MultiheadAttention(8, 0)
    layer = MultiheadAttention(8, 2, rng=0)
    with pytest.raises(ValueError, match=r"MultiheadAttention\(8, heads=2\): expected input of shape \(N, T, 8\), got \(2, 5, 6\)"):
        layer(np.zeros((2, 5, 6)))
    with pytest.raises(ValueError, match=r"expected input of shape \(N, T, 8\), got \(5, 8\)"):
        layer(np.zeros((5, 8)))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward(np.zeros((1, 2, 8)))
    layer(np.zeros((1, 3, 8)))
    with pytest.raises(ValueError, match=r"expected gradient of shape \(1, 3, 8\), got \(1, 2, 8\)"):
        layer.backward(np.zeros((1, 2, 8)))
    x = np.zeros((1, 3, 8))
    x[0, 0, 0] = np.nan
    with pytest.warns(RuntimeWarning, match=r"MultiheadAttention\(8, heads=2\): input contains 1 non-finite"):
        layer(x)


# ----- positions ------------------------------------------------------------------------------------------------


def test_sinusoidal_positions_follow_the_formula():
    P = sinusoidal_positions(50, 16)
    assert P.shape == (50, 16)
    np.testing.assert_array_equal(P[0], np.tile([0.0, 1.0], 8))
    for p, i in [(1, 0), (7, 3), (49, 7)]:
        angle = p / 10000 ** (2 * i / 16)
        assert P[p, 2 * i] == pytest.approx(np.sin(angle), abs=1e-14)
        assert P[p, 2 * i + 1] == pytest.approx(np.cos(angle), abs=1e-14)
    odd = sinusoidal_positions(4, 5)  # an odd width keeps the last sine column, without its cosine
    assert odd.shape == (4, 5)
    np.testing.assert_allclose(odd[:, 4], np.sin(np.arange(4) / 10000 ** (4 / 5)), atol=1e-14)


def test_a_shift_of_positions_is_a_rotation_of_each_pair():
    P, k, E = sinusoidal_positions(40, 8), 5, 8
    rates = 1 / 10000 ** (np.arange(0, E, 2) / E)
    for i, w in enumerate(rates):
        c, s = np.cos(k * w), np.sin(k * w)
        np.testing.assert_allclose(P[k:, 2 * i], c * P[:-k, 2 * i] + s * P[:-k, 2 * i + 1], atol=1e-12)
        np.testing.assert_allclose(P[k:, 2 * i + 1], c * P[:-k, 2 * i + 1] - s * P[:-k, 2 * i], atol=1e-12)


def test_sinusoidal_positions_bad_input():
    for T, E in [(0, 4), (3, 0), (2.5, 4), (3, -1)]:
        with pytest.raises(ValueError, match="sinusoidal_positions"):
            sinusoidal_positions(T, E)


# ----- the transformer ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("norm_first", [True, False])
def test_transformer_block_gradients(norm_first):
    block = TransformerBlock(8, 2, rng=0, norm_first=norm_first)
    for p in block.parameters():
        p.data += 0.1 * randn(1, *p.shape)
    errors = gradcheck(block, randn(2, 2, 4, 8), rng=3, details=True)
    key_bias = f"param{block.parameters().index(block.attn.bk)}(8,)"
    assert max(v for name, v in errors.items() if name != key_bias) < 1e-7


def small_transformer(positions="learned", seed=0):
    return CharTransformer(7, embed_dim=8, num_heads=2, num_layers=2, context=6, positions=positions, rng=seed)


@pytest.mark.parametrize("positions", ["learned", "sinusoidal", None])
def test_char_transformer_parameter_gradients(positions):
    model = small_transformer(positions)
    ids = np.random.default_rng(1).integers(0, 7, (2, 5))
    G = randn(2, 2, 5, 7)
    model.zero_grad()
    model(ids)
    model.backward(G)
    checked = [model.embed.weight, model.blocks[0].attn.Wq, model.blocks[1].mlp[0].layer.W, model.ln_f.gamma,
               model.head.layer.W] + ([model.pos] if positions == "learned" else [])
    for p in checked:
        numeric = numerical_gradient(lambda _: np.sum(model(ids) * G), p.data)
        assert relative_error(p.grad, numeric) < 1e-7
    assert len(model.parameters()) == 1 + 2 * 16 + 2 + 2 + (1 if positions == "learned" else 0)


def test_char_transformer_is_causal_and_checks_its_context():
    model = small_transformer("sinusoidal")
    ids = np.array([[1, 2, 3, 4, 5, 6]])
    other = ids.copy()
    other[0, 3:] = [0, 0, 0]
    np.testing.assert_allclose(model(other)[:, :3], model(ids)[:, :3], rtol=1e-12)
    assert model(ids).shape == (1, 6, 7)
    with pytest.raises(ValueError, match=r"CharTransformer\(7, .*1 <= T <= 6, got shape \(1, 7\)"):
        model(np.zeros((1, 7), dtype=int))
    with pytest.raises(ValueError, match="positions must be"):
        CharTransformer(7, positions="rotary")
    with pytest.raises(ValueError, match="context must be a positive integer"):
        CharTransformer(7, context=0)


def test_char_transformer_learns_a_cycle_with_the_training_loop_and_generates():
    text = "abcd" * 200
    vocab = Vocabulary(text)
    ids = vocab.encode(text)
    model = CharTransformer(len(vocab), embed_dim=16, num_heads=2, num_layers=1, context=8, rng=0)
    history = train_language_model(model, ids, nnlib.Adam(model.parameters(), lr=0.01), steps=60, length=8,
                                   batch_size=8, rng=1)
    assert history[0] > 1.0 and np.mean(history[-5:]) < 0.05
    sample = model.generate(vocab, "abcdabcdab", 12, temperature=0.5, rng=2)  # prime longer than the context
    assert sample == "abcdabcdab" + "cdabcdabcdab"


def test_split_text_cuts_consecutive_parts_at_line_ends():
    text = "".join(f"line {i}\n" for i in range(100))
    train, validation, test = split_text(text)
    assert train + validation + test == text
    assert train.endswith("\n") and validation.endswith("\n")
    assert abs(len(test) - 0.1 * len(text)) < 10 and abs(len(validation) - 0.1 * len(text)) < 10
    assert split_text(text, validation=0.0, test=0.5)[1] == ""
    for bad in [dict(test=0), dict(validation=0.6, test=0.5), dict(validation=-0.1)]:
        with pytest.raises(ValueError, match="split_text"):
            split_text(text, **bad)


class ConstantLogits(nnlib.Layer):
    """Equal logits for every character: uniform guessing."""

    def __init__(self, vocab_size):
        self.vocab_size = vocab_size

    def forward(self, ids):
        return np.zeros(np.shape(ids) + (self.vocab_size,))


def test_evaluate_language_model_in_nats_and_bits():
    ids = np.random.default_rng(0).integers(0, 8, 1000)
    nats, bits = evaluate_language_model(ConstantLogits(8), ids, length=16)
    assert nats == pytest.approx(np.log(8)) and bits == pytest.approx(3.0)
    lstm = CharLanguageModel(8, 4, 6, rng=0)
    nats, bits = evaluate_language_model(lstm, ids, length=10, batch_size=7)  # batches of 7 windows: a partial last one
    x, y = ids[:990].reshape(99, 10), ids[1:991].reshape(99, 10)
    expected = nnlib.CrossEntropyLoss()(lstm(x).reshape(-1, 8), y.ravel())
    assert nats == pytest.approx(expected, rel=1e-12) and bits == pytest.approx(expected / np.log(2), rel=1e-12)
    with pytest.raises(ValueError, match="evaluate_language_model: need more than 32 characters, got 20"):
        evaluate_language_model(lstm, ids[:20])


# ----- the chapter's self-checking exercises ---------------------------------------------------------------------

from nnlib.exercises import check_attention_backward, check_layer_norm  # noqa: E402


@pytest.fixture
def reader(monkeypatch):
    """The checks as a reader runs them: with hints (the book's own outputs hide them)."""
    monkeypatch.delenv("NNLIB_HIDE_HINTS", raising=False)


def blank(*args):
    raise NotImplementedError("not written yet")


def test_a_blank_answer_gets_a_neutral_verdict_without_hints(capsys, reader):
    for check in (check_attention_backward, check_layer_norm):
        check(blank)
        out = capsys.readouterr().out
        assert out.startswith("Nothing checked yet:\n") and "is not written yet" in out and "Hint" not in out


def attention_backward(grad_out, q, k, v, weights, scale=True, jacobian=True):
    d = q.shape[-1]
    dv = np.swapaxes(weights, -1, -2) @ grad_out
    dw = grad_out @ np.swapaxes(v, -1, -2)
    ds = weights * (dw - np.sum(dw * weights, axis=-1, keepdims=True)) if jacobian else dw
    ds = ds / np.sqrt(d) if scale else ds
    return ds @ k, np.swapaxes(ds, -1, -2) @ q, dv


def test_attention_backward_checker_passes_the_derivation_and_names_mistakes(capsys, reader):
    for rng in (0, 1):  # other random inputs, the same verdict
        check_attention_backward(attention_backward, rng=rng)
        assert capsys.readouterr().out == "All 3 checks passed. Well done!\n"
    check_attention_backward(lambda *a: attention_backward(*a, scale=False))
    assert "divided by sqrt(d), so their gradient is too" in capsys.readouterr().out
    check_attention_backward(lambda *a: attention_backward(*a, jacobian=False))
    assert "sits a softmax on every row" in capsys.readouterr().out
    check_attention_backward(lambda g, q, k, v, w: attention_backward(g, q, k, v, w)[:2] + (w @ g,))
    out = capsys.readouterr().out
    assert out.startswith("3 of 3 checks failed") and ("dv fails" in out or "dv has shape" in out)
    check_attention_backward(lambda g, q, k, v, w: attention_backward(g, q, k, v, w)[:2])
    assert "return the 3 arrays (dq, dk, dv)" in capsys.readouterr().out


def test_layer_norm_checker_passes_the_formula_and_names_mistakes(capsys, reader):
    def layer_norm(x, gamma, beta, eps=1e-5, axis=-1, ddof=0, use_eps=True):
        mean = x.mean(axis=axis, keepdims=True)
        var = x.var(axis=axis, ddof=ddof, keepdims=True)
        return gamma * (x - mean) / np.sqrt(var + (eps if use_eps else 0.0)) + beta

    check_layer_norm(layer_norm)
    assert capsys.readouterr().out == "All 3 checks passed. Well done!\n"
    check_layer_norm(lambda x, g, b, eps: layer_norm(x, g, b, eps, axis=0))
    assert "that is batch norm" in capsys.readouterr().out
    check_layer_norm(lambda x, g, b, eps: layer_norm(x, g, b, eps, ddof=1))
    assert "biased variance" in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check_layer_norm(lambda x, g, b, eps: layer_norm(x, g, b, eps, use_eps=False))
    assert "eps belongs inside the square root" in capsys.readouterr().out
    check_layer_norm(lambda x, g, b, eps: layer_norm(x, np.ones_like(g), np.zeros_like(b), eps))
    assert "scale by gamma and shift by beta" in capsys.readouterr().out
