"""nnlib off the happy path (issue 19): one test per defect found, each failing before its fix.

The sweep over every public object with random shapes and bad inputs is in
``test_robustness_sweep.py``; these are the specific cases a reader met.
"""
import math
import re
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import (GRU, LSTM, RNN, SGD, AdaGrad, Adam, AvgPool2D, BCELoss, Conv2D, CrossEntropyLoss, Dense, Dropout,
                   Flatten, MaxPool2D, MSELoss, Parameter, ReLU, RMSprop, Sequential, Softmax, Tanh, TimeDistributed,
                   clip_grad_norm, gradcheck, numerical_gradient)
from nnlib.schedules import CosineAnnealingLR

OPTIMIZERS = [(SGD, {"lr": 0.1}), (SGD, {"lr": 0.1, "momentum": 0.9}), (AdaGrad, {}), (RMSprop, {}), (Adam, {})]


# 1. fit on targets that are not class labels ----------------------------------------------------

def test_fit_trains_an_autoencoder_on_3d_targets_and_records_loss_only(capsys):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((24, 5, 3))
    model = TimeDistributed(Dense(3, 3, rng=rng))
    h = nnlib.fit(model, MSELoss(), SGD(model.parameters(), lr=0.1), X, X, epochs=6, batch_size=8, rng=rng,
                  validation=(X[:8], X[:8]))
    assert len(h["loss"]) == len(h["val_loss"]) == 6 and h["loss"][-1] < 0.5 * h["loss"][0]
    assert h["accuracy"] == [] and h["val_accuracy"] == []  # no accuracy for a regression
    out = capsys.readouterr().out
    assert "val_loss" in out and "acc" not in out


def test_fit_records_no_accuracy_for_a_regression_on_one_column():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((40, 2))
    y = X @ np.array([[1.5], [-2.0]]) + 0.3
    model = Dense(2, 1, rng=rng)
    h = nnlib.fit(model, MSELoss(), SGD(model.parameters(), lr=0.1), X, y, epochs=20, rng=rng, progress=False)
    assert h["accuracy"] == [] and h["loss"][-1] < 1e-3


def test_fit_still_scores_classification_targets():
    X, y = nnlib.data.blobs(n=60, rng=0)
    model = Sequential(Dense(2, 4, rng=0), Tanh(), Dense(4, 2, rng=1))
    h = nnlib.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), X, y, epochs=3, rng=0, progress=False)
    assert len(h["accuracy"]) == 3 and 0 <= h["accuracy"][-1] <= 1
    binary = Sequential(Dense(2, 1, rng=0), nnlib.Sigmoid())
    h = nnlib.fit(binary, BCELoss(), SGD(binary.parameters(), lr=0.5), X, y[:, None].astype(float), epochs=3, rng=0,
                  progress=False)
    assert len(h["accuracy"]) == 3 and h["accuracy"][-1] > 0.8


# 2. a layer used twice in one Sequential --------------------------------------------------------

def test_a_layer_used_twice_gets_the_gradient_of_both_uses():
    rng = np.random.default_rng(2)
    shared = Dense(3, 3, rng=rng)
    model = Sequential(shared, Tanh(), shared)
    assert [p.shape for p in model.parameters()] == [(3, 3), (3,)]  # listed once
    assert gradcheck(model, rng.standard_normal((4, 3))) <= 1e-7


def test_sharing_across_nesting_levels_and_in_fits_backward():
    rng = np.random.default_rng(3)
    shared = Dense(3, 3, rng=rng)
    model = Sequential(shared, Sequential(Tanh(), shared, ReLU()), Dense(3, 2, rng=rng))
    x = rng.standard_normal((5, 3))
    assert gradcheck(model, x) <= 1e-7
    g = rng.standard_normal((5, 2))
    model.zero_grad()
    model(x)
    model.backward(g)
    full = [p.grad.copy() for p in model.parameters()]
    model.zero_grad()
    model(x)
    model.backward_params(g)  # what fit runs
    for a, b in zip(full, model.parameters()):
        np.testing.assert_allclose(b.grad, a, rtol=1e-12, atol=1e-15)


def test_a_shared_layer_keeps_the_state_of_its_last_use_after_backward():
    rng = np.random.default_rng(4)
    rnn = RNN(2, 2, rng=rng)
    model = Sequential(rnn, rnn)
    x = rng.standard_normal((3, 4, 2))
    out = model(x)
    final_state = rnn.state.copy()
    np.testing.assert_array_equal(final_state, out[:, -1])
    model.backward(np.ones_like(out))
    np.testing.assert_array_equal(rnn.state, final_state)


# 3. a parameter given twice to an optimizer -----------------------------------------------------

@pytest.mark.parametrize("cls, kwargs", OPTIMIZERS, ids=lambda v: getattr(v, "__name__", ""))
def test_optimizers_refuse_a_parameter_given_twice(cls, kwargs):
    p = Parameter([1.0, 2.0])
    with pytest.raises(ValueError, match=rf"{cls.__name__}: parameter 1 is the same Parameter as parameter 0"):
        cls([p, p], **kwargs)


# 4. early stopping when training diverges -------------------------------------------------------

def _diverging_regression():
    X = np.linspace(1.0, 30.0, 40)[:, None]
    return X, 2 * X, Dense(1, 1, rng=0)


def _fit_warnings(*args, **kwargs):
    """Run fit, returning its history and the messages of fit's own warnings (the losses warn too)."""
    with np.errstate(all="ignore"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h = nnlib.fit(*args, **kwargs)
    return h, [str(w.message) for w in caught if str(w.message).startswith("fit:")]


def test_early_stopping_ends_a_diverged_run_with_the_history_so_far():
    X, y, model = _diverging_regression()
    h, messages = _fit_warnings(model, MSELoss(), SGD(model.parameters(), lr=1e6), X, y, epochs=50, batch_size=1,
                                rng=0, validation=(X, y), patience=3, progress=False)
    assert len(messages) == 1
    assert re.match(r"fit: the validation loss is (nan|inf) after epoch 1: training diverged; stopping with the history"
                    r" so far \(no epoch had a finite validation loss", messages[0])
    assert len(h["loss"]) == len(h["val_loss"]) == 1 and not math.isfinite(h["val_loss"][0])
    assert "best_epoch" not in h and not model.training


def test_early_stopping_puts_back_the_last_finite_best_when_a_run_diverges_later():
    X, y, model = _diverging_regression()
    before = [p.data.copy() for p in model.parameters()]
    h, messages = _fit_warnings(model, MSELoss(), SGD(model.parameters(), lr=10.0), X, y, epochs=100, batch_size=40,
                                rng=0, validation=(X, y), patience=100, progress=False)
    stop = len(h["val_loss"])
    assert 1 < stop < 100 and not math.isfinite(h["val_loss"][-1])
    best = h["best_epoch"]
    assert messages == [f"fit: the validation loss is {h['val_loss'][-1]} after epoch {stop}: training diverged;"
                        f" stopping with the history so far (the weights of epoch {best} are put back)"]
    assert h["val_loss"][best - 1] == min(v for v in h["val_loss"] if math.isfinite(v))
    assert MSELoss()(model(X), y) == pytest.approx(h["val_loss"][best - 1])
    assert not all(np.array_equal(a, p.data) for a, p in zip(before, model.parameters()))


# 5. an interrupted fit ---------------------------------------------------------------------------

@pytest.mark.parametrize("error", [KeyboardInterrupt, ValueError])
def test_an_interrupted_fit_restores_eval_mode_and_attaches_the_history(error):
    X, y = nnlib.data.blobs(n=64, rng=0)
    model = Sequential(Dense(2, 8, rng=0), ReLU(), Dropout(0.5, rng=0), Dense(8, 2, rng=1))
    calls = []

    def augment(batch, gen):  # stands in for a Ctrl-C or an error in the middle of epoch 3
        calls.append(1)
        if len(calls) == 2 * 4 + 2:
            raise error("stop here")
        return batch

    with pytest.raises(error) as info:
        nnlib.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), X, y, epochs=10, batch_size=16, rng=0,
                  validation=(X, y), patience=5, augment=augment, progress=False)
    history = info.value.history
    assert len(history["loss"]) == len(history["val_loss"]) == 2 and history["best_epoch"] in (1, 2)
    assert not model.training and not model[2].training
    best = history["val_loss"][history["best_epoch"] - 1]
    assert CrossEntropyLoss()(model(X), y) == pytest.approx(best)  # the best weights so far are back


# 6. NaN and infinity warn ------------------------------------------------------------------------

def test_nan_targets_of_the_element_wise_losses_warn():
    pred, target = np.full((2, 2), 0.5), np.array([[1.0, np.nan], [0.0, 1.0]])
    with pytest.warns(RuntimeWarning, match="MSELoss: target contains 1 non-finite"):
        MSELoss()(pred, target)
    with pytest.warns(RuntimeWarning, match="BCELoss: target contains 1 non-finite"):
        BCELoss()(pred, target)


@pytest.mark.parametrize("make, call", [
    (lambda: RNN(2, 3, rng=0), lambda layer, x, h: layer(x, h0=h)),
    (lambda: GRU(2, 3, rng=0), lambda layer, x, h: layer(x, h0=h)),
    (lambda: LSTM(2, 3, rng=0), lambda layer, x, h: layer(x, state=(h, np.zeros_like(h)))),
    (lambda: LSTM(2, 3, rng=0), lambda layer, x, h: layer(x, state=(np.zeros_like(h), h))),
], ids=["RNN h0", "GRU h0", "LSTM h0", "LSTM c0"])
def test_non_finite_initial_states_warn(make, call):
    layer = make()
    h = np.zeros((4, 3))
    h[1, 2] = np.inf
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning, match=rf"{type(layer).__name__}\(2 -> 3\): [hc]0 contains"
                                                                       r" 1 non-finite"):
        call(layer, np.zeros((4, 5, 2)), h)


@pytest.mark.parametrize("layer", [Flatten(), Dropout(0.5, rng=0)], ids=repr)
def test_flatten_and_dropout_warn_on_nan_input(layer):
    x = np.ones((3, 2, 2))
    x[0, 1, 1] = np.nan
    with pytest.warns(RuntimeWarning, match=rf"{type(layer).__name__}.*: input contains 1 non-finite"):
        layer(x)


# 7. empty input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("layer, shape, out_shape", [
    (Conv2D(2, 3, 3, padding=1, rng=0), (0, 2, 5, 5), (0, 3, 5, 5)),
    (MaxPool2D(2), (0, 2, 4, 4), (0, 2, 2, 2)),
    (AvgPool2D(2), (0, 2, 4, 4), (0, 2, 2, 2)),
    (MaxPool2D(2), (3, 0, 4, 4), (3, 0, 2, 2)),
    (Flatten(), (0, 2, 3, 3), (0, 18)),
    (RNN(2, 3, rng=0), (0, 4, 2), (0, 4, 3)),
    (RNN(2, 3, rng=0), (4, 0, 2), (4, 0, 3)),
    (LSTM(2, 3, rng=0), (0, 4, 2), (0, 4, 3)),
    (LSTM(2, 3, rng=0), (4, 0, 2), (4, 0, 3)),
    (GRU(2, 3, rng=0), (0, 4, 2), (0, 4, 3)),
    (GRU(2, 3, rng=0), (4, 0, 2), (4, 0, 3)),
], ids=lambda v: repr(v) if isinstance(v, nnlib.Layer) else str(v))
def test_empty_batches_and_sequences_give_empty_results(layer, shape, out_shape):
    out = layer(np.zeros(shape))
    assert out.shape == out_shape
    assert layer.backward(np.zeros(out_shape)).shape == shape
    for p in layer.parameters():  # nothing was seen, so nothing is learned
        np.testing.assert_array_equal(p.grad, 0.0)


def test_an_empty_sequence_leaves_the_state_as_it_was():
    lstm = LSTM(2, 3, rng=0)
    h0, c0 = np.ones((4, 3)), np.full((4, 3), 2.0)
    lstm(np.zeros((4, 0, 2)), state=(h0, c0))
    np.testing.assert_array_equal(lstm.state[0], h0)
    lstm.backward(np.zeros((4, 0, 3)))
    np.testing.assert_array_equal(lstm.grad_state[0], 0.0)


@pytest.mark.parametrize("loss, pred, target", [
    (MSELoss(), np.zeros((0, 2)), np.zeros((0, 2))),
    (BCELoss(), np.zeros((0, 1)), np.zeros((0, 1))),
    (CrossEntropyLoss(), np.zeros((0, 3)), np.zeros(0, dtype=int)),
], ids=["MSELoss", "BCELoss", "CrossEntropyLoss"])
def test_losses_refuse_an_empty_batch(loss, pred, target):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"{type(loss).__name__}: got an empty batch"):
            loss(pred, target)


def test_fit_refuses_empty_data():
    model = Dense(2, 2, rng=0)
    with pytest.raises(ValueError, match=r"fit: no training data \(X has shape \(0, 2\)\)"):
        nnlib.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), np.zeros((0, 2)), np.zeros(0, int),
                  epochs=1, progress=False)


# 8. argument errors name the object -------------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    (lambda: Conv2D(2, 1, 2.0), ValueError, r"Conv2D: kernel_size must be a positive integer or a pair of them, got 2.0"),
    (lambda: Conv2D(2, 1, 3, stride=None), ValueError, r"Conv2D: stride must be a positive integer .*got None"),
    (lambda: MaxPool2D(2.0), ValueError, r"MaxPool2D: kernel_size must be a positive integer .*got 2.0"),
    (lambda: LSTM(2, 3, rng=0)(np.zeros((4, 5, 2)), state=np.zeros((4, 3))), TypeError,
     r"LSTM\(2 -> 3\): state must be a pair \(h0, c0\)"),
    (lambda: LSTM(2, 3, rng=0)(np.zeros((4, 5, 2)), state=(np.zeros((4, 3)),)), TypeError,
     r"LSTM\(2 -> 3\): state must be a pair \(h0, c0\)"),
    (lambda: Adam([Parameter([1.0])], betas=0.9), ValueError, r"Adam: betas must be a pair \(beta1, beta2\), got 0.9"),
    (lambda: Dropout("0.5"), ValueError, r"Dropout: p must lie in \[0, 1\), got '0.5'"),
    (lambda: Softmax(axis=5)(np.zeros((3, 4))), ValueError, r"Softmax\(axis=5\): input of shape \(3, 4\) has no axis 5"),
    (lambda: SGD(Dense(3, 2, rng=0), lr=0.1), TypeError, r"SGD: got the layer Dense\(3 -> 2\).*\.parameters\(\)"),
    (lambda: clip_grad_norm([np.zeros(3)], 1.0), TypeError, r"clip_grad_norm: item 0 of params is a ndarray, not a Parameter"),
    (lambda: nnlib.fit(Dense(2, 2, rng=0), CrossEntropyLoss(), SGD(Dense(2, 2, rng=0).parameters(), lr=0.1),
                       np.zeros((4, 2)), np.zeros(4, int), epochs=2.5), ValueError,
     r"fit: epochs must be a non-negative integer, got 2.5"),
], ids=["Conv2D kernel", "Conv2D stride", "MaxPool2D kernel", "LSTM state array", "LSTM state 1-tuple",
        "Adam betas", "Dropout p", "Softmax axis", "SGD(layer)", "clip_grad_norm arrays", "fit epochs"])
def test_argument_errors_name_the_object(call, error, message):
    with pytest.raises(error, match=message):
        call()


# 9. a gradient of the wrong shape ---------------------------------------------------------------

@pytest.mark.parametrize("cls, kwargs", OPTIMIZERS, ids=lambda v: getattr(v, "__name__", ""))
@pytest.mark.parametrize("grad_shape", [(1,), (1, 3), (3, 1)])
def test_optimizers_refuse_a_gradient_of_the_wrong_shape(cls, kwargs, grad_shape):
    p = Parameter([1.0, 2.0, 3.0])
    optimizer = cls([p], **kwargs)
    p.grad = np.ones(grad_shape)
    with pytest.raises(ValueError, match=rf"{cls.__name__}: parameter 0 has data of shape \(3,\) but grad of shape"):
        optimizer.step()
    np.testing.assert_array_equal(p.data, [1.0, 2.0, 3.0])


# 10. the cosine schedule after T_max --------------------------------------------------------------

def test_cosine_schedule_continues_the_cosine_after_t_max_as_pytorch_does():
    optimizer = SGD([Parameter([1.0])], lr=1.0)
    scheduler = CosineAnnealingLR(optimizer, T_max=4)
    seen = [scheduler.step() for _ in range(8)]
    expected = [(1 + math.cos(math.pi * t / 4)) / 2 for t in range(1, 9)]  # PyTorch's closed form
    np.testing.assert_allclose(seen, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(seen[4:], [0.1464466, 0.5, 0.8535534, 1.0], atol=1e-7)
    assert scheduler.lr_at(6) == pytest.approx(0.5)


# 11. numerical_gradient on a view ----------------------------------------------------------------

@pytest.mark.parametrize("view", [lambda a: a.T, lambda a: a[:, ::2], lambda a: a[::-1]], ids=["T", "step", "reversed"])
def test_numerical_gradient_perturbs_the_array_it_is_given_even_a_view(view):
    W = view(np.arange(1.0, 25.0).reshape(4, 6) / 10)
    assert not W.flags.c_contiguous
    grad = numerical_gradient(lambda _: np.sum(W**3), W)  # reads W through the closure
    np.testing.assert_allclose(grad, 3 * W**2, rtol=1e-7)


# Also: BCELoss at exactly 0 or 1 --------------------------------------------------------------------

def test_bce_at_exactly_zero_or_one_matches_pytorchs_log_clamp_at_minus_100():
    loss = BCELoss()
    pred, target = np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert loss(pred, target) == pytest.approx((100 + 100 + 0 + 0) / 4)
        grad = loss.backward()
    # PyTorch: (p - y) / max(p (1 - p), 1e-12), averaged
    np.testing.assert_allclose(grad, np.array([-1e12, 1e12, 0.0, 0.0]) / 4)
