"""AdaGrad, RMSprop, Adam against hand-computed steps; schedules; initialisers;
Dropout and BatchNorm1D (gradient checks); gradient clipping."""
import numpy as np
import pytest

import nnlib
from nnlib import SGD, AdaGrad, Adam, BatchNorm1D, Dropout, Parameter, RMSprop, clip_grad_norm, gradcheck, init
from nnlib.schedules import CosineAnnealingLR, ExponentialLR, LinearLR, StepLR


def test_adagrad(optimizer_steps):
    # s1 = [0.25, 1];    w1 = w0 - 0.1 * [0.5/0.5, 1/1] = [0.9, -2.1]
    # s2 = [0.3125, 2];  w2 = w1 - 0.1 * [0.25/0.559017, -1/1.414214] = [0.8552786, -2.0292893]
    w1, w2 = optimizer_steps(AdaGrad, lr=0.1)
    np.testing.assert_allclose(w1, [0.9, -2.1], rtol=1e-9)
    np.testing.assert_allclose(w2, [0.8552786, -2.0292893], rtol=1e-7)


def test_rmsprop(optimizer_steps):
    # s1 = 0.1 g1^2 = [0.025, 0.1];  w1 = w0 - 0.01 g1 / sqrt(s1) = [0.9683772, -2.0316228]
    # s2 = 0.9 s1 + 0.1 g2^2 = [0.02875, 0.19];  w2 = w1 - 0.01 [0.25/0.1695582, -1/0.4358899]
    w1, w2 = optimizer_steps(RMSprop, lr=0.01, alpha=0.9)
    np.testing.assert_allclose(w1, [0.9683772, -2.0316228], rtol=1e-7)
    np.testing.assert_allclose(w2, [0.9536330, -2.0086812], rtol=1e-7)


def test_adam_with_bias_correction(optimizer_steps):
    # t=1: m = [0.05, 0.1], v = [0.00025, 0.001]; corrected m/sqrt(v) = g/|g|: w1 = w0 - 0.1 = [0.9, -2.1]
    # t=2: m = [0.07, -0.01], v = [0.00031225, 0.001999], corrections 0.19 and 0.001999:
    #      m_hat = [0.3684211, -0.0526316], sqrt(v_hat) = [0.3952254, 1]: w2 = [0.8067821, -2.0947368]
    w1, w2 = optimizer_steps(Adam, lr=0.1)
    np.testing.assert_allclose(w1, [0.9, -2.1], rtol=1e-7)
    np.testing.assert_allclose(w2, [0.8067821, -2.0947368], rtol=1e-6)


def test_adam_weight_decay_is_added_to_the_gradient(optimizer_steps):
    # g = [0.5, 1] + 1.0 * [1, -2] = [1.5, -1]: the first Adam step moves each weight by lr against sign(g)
    (w1,) = optimizer_steps(Adam, steps=1, lr=0.1, weight_decay=1.0)
    np.testing.assert_allclose(w1, [0.9, -1.9], rtol=1e-7)


def test_optimizers_reject_bad_hyperparameters():
    with pytest.raises(ValueError, match="RMSprop: alpha must lie in"):
        RMSprop([Parameter([1.0])], alpha=1.0)
    with pytest.raises(ValueError, match="Adam: betas must lie in"):
        Adam([Parameter([1.0])], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="lr must be a non-negative number"):
        AdaGrad([Parameter([1.0])], lr=None)


def test_adaptive_optimizers_train_a_small_network():
    X, y = nnlib.data.blobs(n=120, rng=0)
    for opt_class, kwargs in ((AdaGrad, {"lr": 0.1}), (RMSprop, {"lr": 0.01}), (Adam, {"lr": 0.01})):
        rng = np.random.default_rng(0)
        model = nnlib.Sequential(nnlib.Dense(2, 8, rng=rng), nnlib.Tanh(), nnlib.Dense(8, 2, rng=rng))
        h = nnlib.fit(model, nnlib.CrossEntropyLoss(), opt_class(model.parameters(), **kwargs), X, y,
                      epochs=15, batch_size=16, rng=rng, progress=False)
        assert h["loss"][-1] < 0.5 * h["loss"][0] and h["accuracy"][-1] > 0.9, opt_class.__name__


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda o: StepLR(o, step_size=2, gamma=0.5), [1, 1, 0.5, 0.5, 0.25, 0.25]),
        (lambda o: ExponentialLR(o, gamma=0.5), [1, 0.5, 0.25, 0.125]),
        (lambda o: CosineAnnealingLR(o, T_max=4), [1, 0.8535534, 0.5, 0.1464466, 0, 0.1464466]),  # on, as PyTorch
        (lambda o: LinearLR(o, start_factor=0.25, total_iters=3), [0.25, 0.5, 0.75, 1, 1]),
    ],
    ids=["step", "exponential", "cosine", "linear-warmup"],
)
def test_schedules_set_the_learning_rate(make, expected):
    opt = SGD([Parameter([1.0])], lr=1.0)
    scheduler = make(opt)
    seen = [opt.lr] + [scheduler.step() for _ in expected[1:]]
    np.testing.assert_allclose(seen, expected, atol=1e-7)
    assert scheduler.lr_at(1) == pytest.approx(expected[1])


def test_initialiser_variances():
    rng = np.random.default_rng(0)
    checks = [
        (init.he_normal((800, 400), rng), 2 / 800),
        (init.he_uniform((800, 400), rng), 2 / 800),
        (init.glorot_normal((300, 700), rng), 2 / 1000),
        (init.glorot_uniform((300, 700), rng), 2 / 1000),
        (init.lecun_normal((500, 400), rng=rng), 1 / 500),
        (init.small_uniform((500, 400), 0.01, rng), 0.01**2 / 3),
    ]
    for w, variance in checks:
        assert w.var() == pytest.approx(variance, rel=0.03) and abs(w.mean()) < 0.01
    np.testing.assert_array_equal(init.zeros((3, 2)), 0.0)
    with pytest.raises(ValueError, match=r"expected a weight shape \(fan_in, fan_out\)"):
        init.he_normal((3,))


def test_zero_weights_keep_hidden_units_identical():
    """The symmetry problem: equal weights get equal gradients and stay equal."""
    X, y = nnlib.data.moons(n=64, rng=0)
    first, second = nnlib.Dense(2, 4, rng=0), nnlib.Dense(4, 2, rng=0)
    first.W.data[...], second.W.data[...] = 0.0, 0.0
    model = nnlib.Sequential(first, nnlib.Tanh(), second)
    nnlib.fit(model, nnlib.CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), X, y, epochs=5, rng=0, progress=False)
    assert np.allclose(first.W.data, first.W.data[:, :1])  # all hidden units still have the same weights


def test_dropout_is_inverted_and_off_in_eval():
    x = np.ones((200, 50))
    layer = Dropout(0.3, rng=0)
    out = layer(x)
    assert abs((out == 0).mean() - 0.3) < 0.02 and out.mean() == pytest.approx(1.0, rel=0.03)
    assert set(np.unique(out)) == {0.0, 1 / 0.7}
    g = np.random.default_rng(1).standard_normal(x.shape)
    np.testing.assert_allclose(layer.backward(g), g * (out != 0) / 0.7, rtol=1e-15)
    layer.eval()
    np.testing.assert_array_equal(layer(x), x)
    with pytest.raises(ValueError, match=r"Dropout: p must lie in \[0, 1\)"):
        Dropout(1.0)


def test_dropout_passes_gradcheck_with_a_fixed_mask():
    class SameNumbers:
        """Stands in for the generator so every forward pass draws the same mask."""

        def random(self, shape):
            return np.random.default_rng(5).random(shape)

    layer = Dropout(0.4)
    layer.rng = SameNumbers()
    assert gradcheck(layer, np.random.default_rng(0).standard_normal((6, 5))) <= 1e-7


def test_batchnorm_standardises_and_passes_gradcheck():
    # Not seed 0: gradcheck projects on a direction drawn with seed 0, and an x drawn the same
    # way would make that direction the standardised input itself, along which BN is flat.
    rng = np.random.default_rng(1)
    x = 3.0 + 2.0 * rng.standard_normal((16, 4))
    bn = BatchNorm1D(4)
    out = bn(x)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1.0, atol=1e-4)
    bn.gamma.data[...], bn.beta.data[...] = rng.standard_normal(4), rng.standard_normal(4)
    assert gradcheck(bn, x) <= 1e-7
    bn.eval()
    assert gradcheck(bn, x) <= 1e-7


def test_batchnorm_running_statistics_and_errors():
    bn = BatchNorm1D(2, momentum=0.5)
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    bn(x)
    np.testing.assert_allclose(bn.running_mean, [1.0, 10.0])        # 0.5 * 0 + 0.5 * [2, 20]
    np.testing.assert_allclose(bn.running_var, [1.5, 100.5])        # 0.5 * 1 + 0.5 * unbiased [2, 200]
    bn.eval()
    np.testing.assert_allclose(bn(np.array([[1.0, 10.0]])), [[0.0, 0.0]], atol=1e-4)
    with pytest.raises(ValueError, match=r"BatchNorm1D\(2\): expected input of shape \(N, 2\), got \(3, 3\)"):
        bn(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="at least 2 samples"):
        BatchNorm1D(2)(np.zeros((1, 2)))


def test_clip_grad_norm():
    a, b = Parameter([0.0, 0.0]), Parameter([0.0])
    a.grad[...], b.grad[...] = [3.0, 0.0], [4.0]
    assert clip_grad_norm([a, b], max_norm=1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(np.concatenate([a.grad, b.grad]), [0.6, 0.0, 0.8], rtol=1e-5)
    assert clip_grad_norm([a, b], max_norm=10.0) == pytest.approx(1.0, rel=1e-5)
    np.testing.assert_allclose(np.concatenate([a.grad, b.grad]), [0.6, 0.0, 0.8], rtol=1e-5)
