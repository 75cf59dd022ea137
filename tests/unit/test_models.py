"""The chapter-6 models: the shapes the chapter describes, and training that selects on validation only."""
import warnings

import numpy as np
import pytest

from nnlib import CrossEntropyLoss
from nnlib.models import digits_images, digits_lenet, digits_mlp, train_digits


@pytest.fixture(scope="module")
def images():
    return digits_images()


def test_the_split_and_its_standardisation(images):
    assert [len(y) for y in (images.y_train, images.y_val, images.y_test)] == [1078, 269, 450]
    assert images.X_train.shape[1:] == (1, 8, 8)
    assert abs(images.X_train.mean()) < 1e-12 and abs(images.X_train.std() - 1) < 1e-12


def test_lenet_shapes_and_parameter_count():
    model = digits_lenet(rng=0, channels=(16, 32), hidden=64)
    assert model(np.zeros((3, 1, 8, 8))).shape == (3, 10)
    expected = (25 * 1 + 1) * 16 + (9 * 16 + 1) * 32 + (32 * 2 * 2 + 1) * 64 + (64 + 1) * 10
    assert sum(p.data.size for p in model.parameters()) == expected == 13962


def test_mlp_takes_the_same_images():
    assert digits_mlp(rng=0, hidden=16)(np.zeros((3, 1, 8, 8))).shape == (3, 10)


def test_training_never_reads_the_test_set_and_keeps_the_best_validation_epoch(images):
    poisoned = images._replace(X_test=np.full_like(images.X_test, np.nan), y_test=None)
    model = digits_mlp(rng=0, hidden=16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NaN reaching any layer would warn
        history = train_digits(model, poisoned, lr=0.01, rng=0, epochs=4)
    assert len(history["val_loss"]) == 4
    best = history["best_epoch"]
    assert history["val_loss"][best - 1] == min(history["val_loss"])
    assert CrossEntropyLoss()(model(images.X_val), images.y_val) == pytest.approx(min(history["val_loss"]), rel=1e-12)
