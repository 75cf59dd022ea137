"""RNN, LSTM, GRU against the contract's equations written out step by step, with gradient checks
(inputs, weights and initial states); Embedding, TimeDistributed and temperature sampling."""
import numpy as np
import pytest

from nnlib import GRU, LSTM, RNN, Dense, Embedding, TimeDistributed, gradcheck, numerical_gradient, relative_error
from nnlib.sampling import sample, temperature_probabilities


def sig(z):
    return 1 / (1 + np.exp(-z))


def reference(layer, x, h, c=None):
    """The contract's equations, one sample and one step at a time (no vectorisation to share bugs with)."""
    H = layer.hidden_size
    outs = []
    for t in range(x.shape[1]):
        xt = x[:, t]
        if isinstance(layer, RNN):
            h = np.tanh(xt @ layer.Wx.data + h @ layer.Wh.data + layer.b.data)
        elif isinstance(layer, LSTM):
            a = xt @ layer.Wx.data + h @ layer.Wh.data + layer.b.data
            i, f, g, o = sig(a[:, :H]), sig(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sig(a[:, 3 * H:])
            c = f * c + i * g
            h = o * np.tanh(c)
        else:
            gx, gh = xt @ layer.Wx.data + layer.bx.data, h @ layer.Wh.data + layer.bh.data
            r, z = sig(gx[:, :H] + gh[:, :H]), sig(gx[:, H:2 * H] + gh[:, H:2 * H])
            n = np.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
            h = (1 - z) * n + z * h
        outs.append(h)
    return np.stack(outs, axis=1)


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_forward_follows_the_contract_and_shapes(cls):
    rng = np.random.default_rng(0)
    layer = cls(3, 5, rng=1)
    x, h0, c0 = rng.standard_normal((4, 6, 3)), rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    gates = {RNN: 1, LSTM: 4, GRU: 3}[cls]
    assert layer.Wx.shape == (3, gates * 5) and layer.Wh.shape == (5, gates * 5)
    if cls is LSTM:
        out = layer(x, state=(h0, c0))
        np.testing.assert_allclose(out, reference(layer, x, h0, c0), atol=1e-12)
        np.testing.assert_allclose(layer.state[0], out[:, -1])
    else:
        out = layer(x, h0=h0)
        np.testing.assert_allclose(out, reference(layer, x, h0), atol=1e-12)
        np.testing.assert_allclose(layer.state, out[:, -1])
    np.testing.assert_allclose(layer(x)[:, 0], reference(layer, x[:, :1], np.zeros((4, 5)), np.zeros((4, 5)))[:, 0])


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_backpropagation_through_time_passes_gradcheck(cls):
    x = np.random.default_rng(2).standard_normal((3, 7, 2))
    assert gradcheck(cls(2, 4, rng=3), x, rng=4) < 1e-7


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_gradient_with_respect_to_the_initial_state(cls):
    rng = np.random.default_rng(5)
    layer = cls(2, 3, rng=6)
    x, G = rng.standard_normal((2, 4, 2)), rng.standard_normal((2, 4, 3))
    h0, c0 = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))

    def run(h, c):
        return layer(x, state=(h, c)) if cls is LSTM else layer(x, h0=h)

    run(h0, c0)
    layer.backward(G)
    got_h = layer.grad_state[0] if cls is LSTM else layer.grad_state
    want_h = numerical_gradient(lambda h: np.sum(run(h, c0) * G), h0.copy())
    assert relative_error(got_h, want_h) < 1e-7
    if cls is LSTM:
        run(h0, c0)
        layer.backward(G)
        want_c = numerical_gradient(lambda c: np.sum(run(h0, c) * G), c0.copy())
        assert relative_error(layer.grad_state[1], want_c) < 1e-7


def test_recurrent_errors_name_the_layer_and_the_shapes():
    with pytest.raises(ValueError, match=r"LSTM\(3 -> 5\): expected input of shape \(N, T, 3\), got \(4, 6, 2\)"):
        LSTM(3, 5)(np.zeros((4, 6, 2)))
    with pytest.raises(ValueError, match=r"RNN\(3 -> 5\): expected h0 of shape \(4, 5\), got \(4, 3\)"):
        RNN(3, 5)(np.zeros((4, 6, 3)), h0=np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"GRU: hidden_size must be a positive integer"):
        GRU(3, 0)
    layer = RNN(3, 5)
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward(np.zeros((1, 1, 5)))
    layer(np.zeros((4, 6, 3)))
    with pytest.raises(ValueError, match=r"expected gradient of shape \(4, 6, 5\), got \(4, 5, 5\)"):
        layer.backward(np.zeros((4, 5, 5)))


def test_embedding_reads_rows_and_adds_gradients_per_use():
    emb = Embedding(5, 3, rng=0)
    idx = np.array([[1, 4, 1], [0, 1, 2]])
    out = emb(idx)
    np.testing.assert_array_equal(out[0, 0], emb.weight.data[1])
    assert out.shape == (2, 3, 3) and emb.backward(np.ones((2, 3, 3))) is None
    np.testing.assert_array_equal(emb.weight.grad[:, 0], [1, 3, 1, 0, 1])  # token 1 is used three times
    with pytest.raises(ValueError, match=r"token indices must lie in \[0, 4\], got values from 0 to 5"):
        emb(np.array([[0, 5]]))
    with pytest.raises(TypeError, match="expected integer token indices"):
        emb(np.array([[0.5]]))


def test_time_distributed_dense_shares_weights_across_steps():
    rng = np.random.default_rng(7)
    dense = Dense(4, 2, rng=rng)
    td = TimeDistributed(dense)
    x = rng.standard_normal((3, 5, 4))
    np.testing.assert_allclose(td(x)[:, 2], dense(x[:, 2]))
    assert gradcheck(td, x) < 1e-7 and td.parameters() == dense.parameters()
    td(x)
    with pytest.raises(ValueError, match=r"expected gradient of shape \(3, 5, 2\)"):
        td.backward(np.zeros((3, 4, 2)))


def test_temperature_reshapes_the_distribution_and_sampling_follows_it():
    logits = np.log([0.1, 0.2, 0.7])
    np.testing.assert_allclose(temperature_probabilities(logits, 1.0), [0.1, 0.2, 0.7])
    cold, hot = temperature_probabilities(logits, 0.25), temperature_probabilities(logits, 10.0)
    assert cold[2] > 0.99 and np.ptp(hot) < 0.1
    draws = sample(np.tile(logits, (20000, 1)), 1.0, rng=0)
    np.testing.assert_allclose(np.bincount(draws, minlength=3) / 20000, [0.1, 0.2, 0.7], atol=0.01)
    assert isinstance(sample(logits, 0.5, rng=1), int)
    assert sample(logits, 1e-3, rng=2) == 2
    with pytest.raises(ValueError, match="temperature must be positive"):
        sample(logits, 0.0)


def test_last_time_step_and_fit_on_sequences():
    import nnlib
    from nnlib import CrossEntropyLoss, LastTimeStep, Sequential, SGD, Adam

    x = np.random.default_rng(8).standard_normal((2, 4, 3))
    assert gradcheck(LastTimeStep(), x) < 1e-7
    np.testing.assert_array_equal(LastTimeStep()(x), x[:, -1])
    # one prediction per step: targets (N, T) are scored at every step; integer inputs stay integers
    from nnlib.data import binary_addition

    X, Y = binary_addition(600, 6, np.random.default_rng(0))
    rng = np.random.default_rng(1)
    net = Sequential(RNN(2, 8, rng=rng), TimeDistributed(Dense(8, 2, rng=rng)))
    h = nnlib.fit(net, CrossEntropyLoss(), Adam(net.parameters(), lr=0.02), X, Y, epochs=8, rng=rng, progress=False,
                  max_norm=5.0, validation=(X[:100], Y[:100]))
    assert h["accuracy"][-1] > 0.95 and h["val_accuracy"][-1] > 0.95
    emb_net = Sequential(Embedding(3, 2, rng=0), LastTimeStep(), Dense(2, 3, rng=0))
    ids = np.array([[0, 1], [1, 2], [2, 0]] * 10)
    nnlib.fit(emb_net, CrossEntropyLoss(), SGD(emb_net.parameters(), lr=0.1), ids, ids[:, 1], epochs=2, rng=0,
              progress=False)


def test_gradient_clipping_in_fit_caps_every_step():
    import nnlib
    from nnlib import CrossEntropyLoss, SGD, Sequential

    X, y = nnlib.data.blobs(n=64, rng=0)
    norms = []

    class Spy(SGD):
        def step(self):
            norms.append(float(np.sqrt(sum(np.sum(p.grad**2) for p in self.params))))
            super().step()

    net = Sequential(Dense(2, 4, rng=0), Dense(4, 2, rng=0))
    nnlib.fit(net, CrossEntropyLoss(), Spy(net.parameters(), lr=0.1), X * 100, y, epochs=2, rng=0, progress=False,
              max_norm=0.5)
    assert max(norms) <= 0.5 + 1e-9 and len(norms) == 4


def test_character_model_vocabulary_windows_and_generation():
    from nnlib import Adam
    from nnlib.text import CharLanguageModel, Vocabulary, load_genesis, temperature_table, train_language_model, windows

    text = load_genesis()
    assert len(text) == 196_867 and text.startswith("In the beginning God created the heaven and the earth.")
    vocab = Vocabulary(text)
    ids = vocab.encode(text)
    assert vocab.decode(ids[:12]) == "In the begin"
    x, y = windows(ids, 5, [0, 10])
    np.testing.assert_array_equal(y[:, :-1], x[:, 1:])
    with pytest.raises(ValueError, match=r"characters \['#'\] are not in the vocabulary"):
        vocab.encode("#")
    model = CharLanguageModel(len(vocab), 8, 16, rng=0)
    history = train_language_model(model, ids, Adam(model.parameters(), lr=0.01), 60, length=16, batch_size=8, rng=1)
    assert history[-1] < history[0] < np.log(len(vocab)) + 0.5  # starts near uniform guessing, then learns
    table = temperature_table(model, vocab, "And God", (0.5, 1.0), length=20, rng=2)
    sample = table["temperatures"][0.5]["sample"]
    assert sample.startswith("And God") and len(sample) == len("And God") + 20
    assert np.isclose(sum(table["temperatures"][1.0]["probabilities"]), 1.0)


def test_recurrent_explorers():
    from nnlib.widgets import TemperatureExplorer
    from nnlib.widgets.gradient_flow import gradient_norms
    from nnlib.widgets.unrolled import PAIRS, unrolled_scene

    vanishing, exploding = gradient_norms("RNN", 0.5, 40), gradient_norms("RNN", 3.0, 40)
    assert vanishing[0] < 1e-6 * vanishing[-1] and exploding[0] > 1e3 * exploding[-1]
    kept = gradient_norms("LSTM", 1.0, 40, forget_bias=5.0)
    assert kept[0] > 1e-2 * kept[-1] > gradient_norms("LSTM", 1.0, 40, forget_bias=0.0)[0]
    for pair in PAIRS:  # the trained adder gets every shown example right
        assert "8 of 8 bits right" in unrolled_scene(pair, 8).alt_text
    table = {"prompt": "ab", "chars": ["a", "b"], "temperatures": {0.5: {"probabilities": [0.9, 0.1], "sample": "abab"},
                                                                   1.0: {"probabilities": [0.7, 0.3], "sample": "abzzz"}}}
    explorer = TemperatureExplorer(table)
    page, data = explorer.static_html(), explorer.static_data()
    assert "zzz" in page  # the sample at the default temperature, 1
    # static_face.js builds one slider over the table's temperatures
    assert [(c["name"], c["kind"], c["labels"]) for c in data["controls"]] == [("temperature", "range", ["0.5", "1"])]
    assert len(data["frames"]) == 2
