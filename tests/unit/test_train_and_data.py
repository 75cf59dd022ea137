"""The training loop, mini-batches, accuracy, the digits and stairs data, the folded-bias layers."""
import numpy as np
import pytest

import nnlib
from nnlib import CrossEntropyLoss, Dense, PrependOnes, Sequential, Sigmoid, SGD, gradcheck
from nnlib.train import accuracy, fit, minibatches


def test_minibatches_cover_every_index_once():
    batches = list(minibatches(10, 4, rng=0))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches)) == list(range(10))
    assert [b.tolist() for b in minibatches(5, 2, shuffle=False)] == [[0, 1], [2, 3], [4]]
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        list(minibatches(5, 0))


def test_accuracy_from_logits_probabilities_and_one_hot():
    assert accuracy(np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]), np.array([0, 1, 1])) == pytest.approx(2 / 3)
    assert accuracy(np.array([[0.7], [0.2]]), np.array([[1], [1]])) == 0.5
    assert accuracy(np.array([[0.1, 0.9]]), np.array([[0.0, 1.0]])) == 1.0
    with pytest.raises(ValueError, match="2 predictions but 3 targets"):
        accuracy(np.zeros((2, 2)), np.zeros(3))


def test_fit_learns_a_separable_problem_and_is_reproducible(capsys):
    X, y = nnlib.data.blobs(n=200, rng=0)

    def run():
        rng = np.random.default_rng(1)
        model = Sequential(Dense(2, 8, rng=rng), Sigmoid(), Dense(8, 2, rng=rng))
        return fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), X, y, epochs=20,
                   batch_size=16, rng=rng, validation=(X, y))

    h1, h2 = run(), run()
    assert h1 == h2
    assert h1["val_accuracy"][-1] >= 0.95 and h1["loss"][-1] < h1["loss"][0]
    assert set(h1) == {"loss", "accuracy", "val_loss", "val_accuracy", "lr"} and len(h1["loss"]) == 20
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("epoch 20/20 [####################]") and len(out) == 20


def test_fit_rejects_mismatched_data():
    model = Dense(2, 2, rng=0)
    with pytest.raises(ValueError, match="X has 3 rows but y has 2"):
        fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), np.zeros((3, 2)), np.zeros(2, int), epochs=1)


def test_load_digits_split_is_fixed_stratified_and_scaled():
    a, b = nnlib.data.load_digits(), nnlib.data.load_digits()
    np.testing.assert_array_equal(a.X_test, b.X_test)
    np.testing.assert_array_equal(a.X_val, b.X_val)
    assert a.X_train.shape == (1078, 64) and a.X_val.shape == (269, 64) and a.X_test.shape == (450, 64)
    for labels, (low, high) in ((a.y_test, (44, 46)), (a.y_val, (26, 27))):
        counts = np.bincount(labels)
        assert counts.min() >= low and counts.max() <= high
    np.testing.assert_allclose(a.X_train.mean(axis=0), 0.0, atol=1e-12)
    unit = nnlib.data.load_digits(scale="unit")
    assert unit.X_train.min() == 0.0 and unit.X_train.max() == 1.0
    np.testing.assert_array_equal(unit.y_train, a.y_train)
    assert not np.array_equal(nnlib.data.load_digits(rng=1).y_test, a.y_test)


def test_the_three_digit_sets_are_disjoint_and_cover_the_data():
    unit = nnlib.data.load_digits(scale="unit")
    rows = [tuple(r) for X in (unit.X_train, unit.X_val, unit.X_test) for r in X]
    from sklearn.datasets import load_digits as sklearn_digits
    everything = sorted(tuple(r) for r in sklearn_digits().data / 16.0)
    assert sorted(rows) == everything


def test_validation_fraction_zero_leaves_the_test_set_alone():
    a, b = nnlib.data.load_digits(), nnlib.data.load_digits(val_fraction=0.0)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert len(b.X_val) == 0 and len(b.X_train) == 1347
    with pytest.raises(ValueError, match="leave training data"):
        nnlib.data.load_digits(test_fraction=0.5, val_fraction=0.5)


def test_load_stairs_matches_the_shared_file():
    d = nnlib.data.load_stairs()
    assert d["X1"].shape == (4, 5) and d["W1"].shape == (5, 2) and d["W2"].shape == (3, 2)
    np.testing.assert_array_equal(d["X1"][:, 0], 1.0)
    assert d["step_size"] == 0.1 and d["classes"] == ["stairs", "something else"]


def test_folded_bias_layers_pass_gradcheck():
    x = np.random.default_rng(0).standard_normal((3, 4))
    assert gradcheck(Dense(4, 3, rng=0, bias=False), x) <= 1e-7
    assert Dense(4, 3, rng=0, bias=False).parameters()[0].shape == (4, 3)
    assert len(Dense(4, 3, rng=0, bias=False).parameters()) == 1
    assert gradcheck(Sequential(PrependOnes(), Dense(5, 2, rng=0, bias=False), Sigmoid()), x) <= 1e-7
    np.testing.assert_array_equal(PrependOnes()(np.zeros((2, 1))), [[1, 0], [1, 0]])


def test_stairs_step_through_nnlib_equals_the_boxed_formulas():
    d = nnlib.data.load_stairs()
    X1, Y, W1, W2 = d["X1"], d["Y"], d["W1"], d["W2"]
    l1, l2 = Dense(5, 2, bias=False), Dense(3, 2, bias=False)
    l1.W.data[...], l2.W.data[...] = W1, W2
    model, loss = Sequential(l1, Sigmoid(), PrependOnes(), l2), CrossEntropyLoss()
    ce = loss(model(X1), Y)
    model.backward(loss.backward())
    # the same by the formulas of chapter 4, in plain numpy
    A1 = 1 / (1 + np.exp(-(X1 @ W1)))
    X2 = np.hstack([np.ones((4, 1)), A1])
    Z2 = X2 @ W2
    Yhat = np.exp(Z2) / np.exp(Z2).sum(axis=1, keepdims=True)
    dZ2 = Yhat - Y
    dZ1 = (dZ2 @ W2.T)[:, 1:] * A1 * (1 - A1)
    assert ce == pytest.approx(-np.mean(np.sum(Y * np.log(Yhat), axis=1)), abs=1e-15)
    np.testing.assert_allclose(l2.W.grad, X2.T @ dZ2 / 4, atol=1e-15)
    np.testing.assert_allclose(l1.W.grad, X1.T @ dZ1 / 4, atol=1e-15)
    SGD(model.parameters(), lr=d["step_size"]).step()
    assert loss(model(X1), Y) < ce
