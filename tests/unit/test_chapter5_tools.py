"""Chapter 6's tools: test surfaces and the optimizer runner, fit's schedule / early stopping /
augmentation options, the filter-normalised loss landscape, and the chapter's explorers."""
import numpy as np
import pytest

import nnlib
from nnlib import SGD, Adam, CrossEntropyLoss, Dense, ReLU, Sequential, numerical_gradient
from nnlib.landscape import filter_normalised_direction, loss_slice
from nnlib.schedules import StepLR
from nnlib.surfaces import SURFACES, get_surface, optimizer_path
from nnlib.widgets import ListSlider


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_gradients_match_finite_differences_and_vanish_at_the_minimum(name):
    s = SURFACES[name]
    for point in ([0.3, -0.7], [-1.2, 1.1], [1.7, 0.4]):
        numeric = numerical_gradient(lambda q: float(s.loss(*q)), np.array(point))
        np.testing.assert_allclose(s.gradient(*point), numeric, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(s.gradient(*s.argmin), 0.0, atol=1e-12)
    assert s.loss(*s.argmin) == pytest.approx(s.minimum)
    grid = np.stack(np.meshgrid(np.linspace(*s.box[0], 41), np.linspace(*s.box[1], 41)))
    assert s.loss(*grid).min() >= s.minimum - 1e-12


def test_optimizer_path_steps_a_real_optimizer_and_stops_when_it_diverges():
    quadratic = get_surface("ill-conditioned quadratic")
    path = optimizer_path(quadratic, lambda ps: SGD(ps, lr=0.01), (1.0, 1.0), 3)
    # gradient (x, 25 y): each SGD step multiplies x by 0.99 and y by 0.75
    np.testing.assert_allclose(path, [[1, 1], [0.99, 0.75], [0.99**2, 0.75**2], [0.99**3, 0.75**3]])
    diverging = optimizer_path(quadratic, lambda ps: SGD(ps, lr=0.1), (1.0, 1.0), 500)  # |1 - 2.5| > 1 in y
    assert len(diverging) < 501 and abs(diverging[-1, 1]) >= 1e3
    noisy = [optimizer_path("noisy quadratic", lambda ps: Adam(ps, lr=0.05), (1.0, 1.0), 20, rng=r) for r in (1, 1, 2)]
    np.testing.assert_array_equal(noisy[0], noisy[1])
    assert not np.allclose(noisy[0], noisy[2])
    with pytest.raises(ValueError, match="unknown surface 'bowl'"):
        get_surface("bowl")


def test_momentum_beats_plain_sgd_in_the_narrow_valley():
    quadratic = SURFACES["ill-conditioned quadratic"]
    plain = optimizer_path(quadratic, lambda ps: SGD(ps, lr=0.03), (-1.5, 0.5), 100)
    heavy = optimizer_path(quadratic, lambda ps: SGD(ps, lr=0.03, momentum=0.9), (-1.5, 0.5), 100)
    assert quadratic.loss(*heavy[-1]) < 0.1 * quadratic.loss(*plain[-1])


def _blobs_setup(seed=0):
    X, y = nnlib.data.blobs(n=160, std=1.2, rng=seed)
    rng = np.random.default_rng(seed)
    model = Sequential(Dense(2, 16, rng=rng), ReLU(), Dense(16, 2, rng=rng))
    return X, y, model, rng


def test_fit_steps_the_scheduler_once_per_epoch_and_records_the_rate():
    X, y, model, rng = _blobs_setup()
    optimizer = SGD(model.parameters(), lr=0.4)
    h = nnlib.fit(model, CrossEntropyLoss(), optimizer, X, y, epochs=5, rng=rng, progress=False,
                  scheduler=StepLR(optimizer, step_size=2, gamma=0.5))
    assert h["lr"] == [0.4, 0.4, 0.2, 0.2, 0.1] and optimizer.lr == 0.1


def test_early_stopping_restores_the_best_weights(capsys):
    X, y, model, rng = _blobs_setup()
    X_val, y_val = X[:40] + 0.8, y[:40]  # a shifted validation set, so it stops improving early
    h = nnlib.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.5), X[40:], y[40:], epochs=200,
                  rng=rng, validation=(X_val, y_val), patience=3)
    epochs_run, best = len(h["loss"]), h["best_epoch"]
    assert epochs_run == best + 3 < 200
    assert CrossEntropyLoss()(model(X_val), y_val) == pytest.approx(min(h["val_loss"]))
    assert f"weights of epoch {best} restored" in capsys.readouterr().out
    with pytest.raises(ValueError, match="early stopping needs validation data"):
        nnlib.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), X, y, epochs=1, patience=2)


def test_augment_sees_every_training_batch_with_the_training_rng():
    X, y, model, rng = _blobs_setup()
    seen = []

    def augment(batch, gen):
        seen.append(len(batch))
        return batch + 0.1 * gen.standard_normal(batch.shape)

    nnlib.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), X, y, epochs=2, batch_size=50,
              rng=rng, progress=False, augment=augment)
    assert seen == [50, 50, 50, 10] * 2


def test_filter_normalised_directions_match_each_filter_norm_and_skip_biases():
    rng = np.random.default_rng(1)
    model = Sequential(Dense(5, 4, rng=rng), ReLU(), Dense(4, 3, rng=rng))
    params = model.parameters()
    direction = filter_normalised_direction(params, rng=2)
    for p, d in zip(params, direction):
        if p.data.ndim == 1:
            assert not d.any()
        else:  # one filter per output unit: a column of W
            np.testing.assert_allclose(np.linalg.norm(d, axis=0), np.linalg.norm(p.data, axis=0))
    conv_weights = [nnlib.Parameter(rng.standard_normal((6, 2, 3, 3)))]
    (d,) = filter_normalised_direction(conv_weights, rng=3)
    np.testing.assert_allclose(np.linalg.norm(d.reshape(6, -1), axis=1), np.linalg.norm(conv_weights[0].data.reshape(6, -1), axis=1))


def test_loss_slice_is_centred_on_the_trained_loss_and_restores_the_weights():
    X, y, model, rng = _blobs_setup()
    before = [p.data.copy() for p in model.parameters()]
    dirs = [filter_normalised_direction(model.parameters(), rng) for _ in range(2)]
    alphas = betas = np.linspace(-1, 1, 5)
    surface = loss_slice(model, CrossEntropyLoss(), X, y, dirs, alphas, betas)
    assert surface.shape == (5, 5)
    assert surface[2, 2] == pytest.approx(CrossEntropyLoss()(model(X), y))
    for p, b in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.data, b)
    a, b = 0.5, -1.0  # one off-centre point, evaluated by hand
    for p, c, u, v in zip(model.parameters(), before, *dirs):
        p.data[...] = c + a * u + b * v
    assert loss_slice(model, CrossEntropyLoss(), X, y, [[np.zeros_like(c) for c in before]] * 2, [0.0], [0.0])[0, 0] == \
        pytest.approx(surface[0, 3])


def test_list_slider_offers_its_values_and_rejects_strangers():
    s = ListSlider("lr", "rate", (0.001, 0.01, 0.1), 0.01, static_values=(0.001, 0.1))
    assert s.grid() == [0.001, 0.1] and s.nearest(0.02) == 0
    # the live face offers every value of the list, standing at 0.01; the website the static ones
    assert s.live_grid() == [0.001, 0.01, 0.1] and s.live_index(0.01) == 1
    live, static = s.spec(0.01), s.spec(0.01, static=True)
    assert (live["kind"], live["labels"], live["index"]) == ("range", ["0.001", "0.01", "0.1"], 1)
    assert static["labels"] == ["0.001", "0.1"]
    with pytest.raises(ValueError, match="not among"):
        ListSlider("lr", "rate", (0.001, 0.01), 0.5)
    with pytest.raises(ValueError, match=r"static values \[0.5\] not among"):
        ListSlider("lr", "rate", (0.001, 0.01), 0.01, static_values=(0.5,))


def test_optimizer_race_paths_are_nnlib_optimizers():
    from nnlib.widgets.optimizer_race import REFERENCE_LR, race, race_scene

    paths = race("Rosenbrock", -1.5, 1.5, 1.0, 0.9, 0.9, 0.999, 30)
    lr_sgd, _ = REFERENCE_LR["Rosenbrock"]
    expected = optimizer_path("Rosenbrock", lambda ps: SGD(ps, lr=lr_sgd, momentum=0.9, nesterov=True), (-1.5, 1.5), 30)
    np.testing.assert_array_equal(paths["Nesterov"], expected)
    assert set(paths) == {"SGD", "momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"}
    scene = race_scene("Beale", -1.5, 0.5, 4.0, 0.9, 0.9, 0.999, 100)
    assert "diverged" in scene.html_text  # momentum flies off Beale's wall at 4x the reference rate


def test_learning_rate_explorer_finds_the_stability_limit_of_the_quadratic():
    from nnlib.widgets.learning_rate import CEILING, RATES, gap_curve, learning_rate_scene

    curve = gap_curve("ill-conditioned quadratic", "SGD")
    diverged = [r for r, log_gap in zip(RATES, curve[:, 1]) if log_gap >= np.log10(CEILING)]
    assert diverged == [r for r in RATES if r > 2 / 25]  # SGD on curvature 25 diverges exactly when lr > 2 / 25
    assert "too small" in learning_rate_scene("ill-conditioned quadratic", "SGD", RATES[0]).html_text
    assert "diverged" in learning_rate_scene("ill-conditioned quadratic", "SGD", RATES[-1]).html_text


def test_initialisation_explorer_shows_vanishing_and_preserved_signals():
    from nnlib.widgets.initialisation import signal_statistics

    _, small, _ = signal_statistics("small uniform ±0.01", "tanh")
    _, he_relu, he_grads = signal_statistics("He (2 / fan_in)", "ReLU")
    assert small[-1] < 1e-6 * small[0]  # the signal dies out
    assert 0.5 < he_relu[-1] / he_relu[0] < 2 and 0.5 < he_grads[0] / he_grads[-1] < 2


def test_regularisation_explorer_overfits_without_regularisation_and_decay_helps():
    from nnlib.widgets.regularisation import train_network

    _, free = train_network(64, 0.0, 0.0)
    _, decayed = train_network(64, 0.01, 0.0)
    assert free[-1, 1] < 0.01 and free[-1, 2] > 2 * free[:, 2].min()  # training loss ~0, validation loss climbing back
    assert decayed[-1, 2] < 0.5 * free[-1, 2]
