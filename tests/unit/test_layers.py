"""Layers: gradient checks, shapes, bad input, the accumulate-into-grad contract."""
import warnings

import numpy as np
import pytest

from nnlib import Dense, LeakyReLU, ReLU, Sequential, Sigmoid, Softmax, Tanh, gradcheck

TOL = 1e-7


def away_from_zero(rng, shape, margin=0.05):
    """Random inputs kept off ReLU's kink at 0, where the derivative jumps."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < margin, margin, x) * np.sign(x + (x == 0))


@pytest.mark.parametrize(
    "layer",
    [Sigmoid(), Tanh(), ReLU(), LeakyReLU(0.1), Softmax(), Softmax(axis=0)],
    ids=repr,
)
def test_activation_layers_pass_gradcheck(layer):
    x = away_from_zero(np.random.default_rng(0), (5, 4))
    assert gradcheck(layer, x) <= TOL


def test_dense_passes_gradcheck_for_input_weights_and_bias():
    layer = Dense(4, 3, rng=1)
    x = np.random.default_rng(2).standard_normal((6, 4))
    errors = gradcheck(layer, x, details=True)
    assert set(errors) == {"input", "param0(4, 3)", "param1(3,)"}
    assert max(errors.values()) <= TOL


def test_sequential_mlp_passes_gradcheck():
    rng = np.random.default_rng(3)
    model = Sequential(Dense(3, 5, rng=rng), Tanh(), Dense(5, 4, rng=rng), Sigmoid(), Dense(4, 2, rng=rng), Softmax())
    assert gradcheck(model, rng.standard_normal((7, 3))) <= TOL


def test_gradcheck_catches_a_wrong_backward():
    class BrokenSigmoid(Sigmoid):
        def _df(self, x, s):
            return s  # forgot the (1 - s)

    x = np.random.default_rng(0).standard_normal((3, 3))
    assert gradcheck(BrokenSigmoid(), x) > 1e-2


def test_dense_forward_matches_the_formula():
    layer = Dense(2, 3, rng=0)
    x = np.array([[1.0, 2.0]])
    np.testing.assert_allclose(layer(x), x @ layer.W.data + layer.b.data)
    assert layer.W.shape == (2, 3) and layer.b.shape == (3,)
    np.testing.assert_array_equal(layer.b.data, 0.0)


def test_backward_adds_into_grad_and_zero_grad_clears():
    layer = Dense(2, 1, rng=0)
    x, g = np.array([[1.0, 2.0]]), np.array([[1.0]])
    layer(x)
    layer.backward(g)
    first = layer.W.grad.copy()
    layer(x)
    layer.backward(g)
    np.testing.assert_allclose(layer.W.grad, 2 * first)
    layer.zero_grad()
    np.testing.assert_array_equal(layer.W.grad, 0.0)


def test_seeded_layers_are_reproducible_and_unseeded_ones_differ():
    np.testing.assert_array_equal(Dense(3, 3, rng=7).W.data, Dense(3, 3, rng=7).W.data)
    assert not np.array_equal(Dense(3, 3).W.data, Dense(3, 3).W.data)


def test_dense_rejects_wrong_input_shape_naming_layer_and_shapes():
    with pytest.raises(ValueError, match=r"Dense\(4 -> 2\): expected input of shape \(N, 4\), got \(3, 5\)"):
        Dense(4, 2, rng=0)(np.zeros((3, 5)))
    with pytest.raises(ValueError, match=r"Dense\(4 -> 2\): expected input of shape \(N, 4\), got \(4,\)"):
        Dense(4, 2, rng=0)(np.zeros(4))


def test_sequential_error_names_the_inner_layer():
    model = Sequential(Dense(2, 3, rng=0), ReLU(), Dense(4, 1, rng=0))
    with pytest.raises(ValueError, match=r"Dense\(4 -> 1\): expected input of shape \(N, 4\), got \(5, 3\)"):
        model(np.zeros((5, 2)))


def test_backward_rejects_gradient_of_wrong_shape():
    layer = Dense(2, 3, rng=0)
    layer(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"Dense\(2 -> 3\): expected gradient of shape \(4, 3\), got \(4, 2\)"):
        layer.backward(np.zeros((4, 2)))
    act = Tanh()
    act(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"Tanh\(\): expected gradient of shape \(2, 2\)"):
        act.backward(np.zeros(3))


def test_backward_before_forward_is_a_clear_error():
    with pytest.raises(RuntimeError, match="call forward before backward"):
        Dense(2, 2, rng=0).backward(np.zeros((1, 2)))


def test_bad_constructor_arguments():
    with pytest.raises(ValueError, match="in_features must be a positive integer"):
        Dense(0, 2)
    with pytest.raises(TypeError, match="not a Layer"):
        Sequential(Dense(2, 2, rng=0), "relu")
    with pytest.raises(TypeError, match="numeric array"):
        Dense(2, 2, rng=0)("not numbers")
    with pytest.raises(TypeError, match="rng must be"):
        Dense(2, 2, rng="seed")


def test_nan_input_warns_instead_of_passing_silently():
    x = np.array([[np.nan, 1.0]])
    with pytest.warns(RuntimeWarning, match=r"Dense\(2 -> 1\): input contains 1 non-finite"):
        Dense(2, 1, rng=0)(x)
    with pytest.warns(RuntimeWarning, match=r"Sigmoid\(\): input contains"):
        Sigmoid()(x)


def test_parameters_train_eval_and_len():
    model = Sequential(Dense(2, 3, rng=0), ReLU(), Dense(3, 1, rng=0))
    assert [p.shape for p in model.parameters()] == [(2, 3), (3,), (3, 1), (1,)]
    model.eval()
    assert not model.training and not model[0].training
    model.train()
    assert model[2].training and len(model) == 3


def test_huge_finite_inputs_raise_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Dense(2, 1, rng=0)(np.array([[1e308, 1e308]]))


def test_backward_params_gives_the_parameter_gradients_of_backward_and_nothing_else():
    class NoBackward(Tanh):
        def backward(self, grad_out):
            raise AssertionError("nothing before the first layer with parameters needs a gradient")

    rng = np.random.default_rng(5)
    x, g = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    full = Sequential(Tanh(), Dense(3, 4, rng=1), ReLU(), Dense(4, 2, rng=2))
    lean = Sequential(NoBackward(), Dense(3, 4, rng=1), ReLU(), Dense(4, 2, rng=2))
    full(x)
    full.backward(g)
    lean(x)
    assert lean.backward_params(g) is None
    for p, q in zip(full.parameters(), lean.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)
