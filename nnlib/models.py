"""The course's named networks, built in one place so that chapters and benchmarks agree.

``digits_lenet`` is chapter 6's LeNet-style network for the 8x8 digits, after
LeCun et al. (1998): convolution and pooling twice, then dense layers.
Its settings (5x5 then 3x3 kernels, 32 and 64 channels, a hidden layer of 128
with dropout 0.5, Adam at 0.001 with a cosine schedule over 40 epochs) came out
of a small search scored by 5-fold cross-validation on the training set, where
the best few settings were level within noise (14 to 16 errors in 1,347).
"""
from collections import namedtuple

from ._checks import as_rng
from .activations import ReLU
from .conv import Conv2D, Flatten, MaxPool2D
from .dropout import Dropout
from .layers import Dense, Sequential
from .losses import CrossEntropyLoss
from .optim import Adam
from .schedules import CosineAnnealingLR
from .train import fit

DIGITS_LENET_EPOCHS = 40
ImageSplit = namedtuple("ImageSplit", "X_train y_train X_val y_val X_test y_test mean std")


def digits_images():
    """The course's digits split as images (N, 1, 8, 8), standardised with one mean and std for all pixels.

    One mean for every pixel (rather than one per pixel, as chapter 4 does for the
    MLP) keeps the images images: a stroke has the same value wherever it is,
    which is what a convolution, sharing its weights across positions, expects.
    """
    from .data import load_digits

    unit = load_digits(scale="unit")
    X_train, X_val, X_test = (X.reshape(-1, 1, 8, 8) for X in (unit.X_train, unit.X_val, unit.X_test))
    mean, std = float(X_train.mean()), float(X_train.std())
    return ImageSplit((X_train - mean) / std, unit.y_train, (X_val - mean) / std, unit.y_val,
                      (X_test - mean) / std, unit.y_test, mean, std)


def digits_lenet(rng=None):
    """8x8 -> conv 5x5 (32) -> 8x8 -> pool -> 4x4 -> conv 3x3 (64) -> pool -> 2x2x64 = 256 -> 128 -> 10."""
    rng = as_rng(rng)
    return Sequential(
        Conv2D(1, 32, 5, padding=2, rng=rng), ReLU(), MaxPool2D(2),
        Conv2D(32, 64, 3, padding=1, rng=rng), ReLU(), MaxPool2D(2),
        Flatten(), Dropout(0.5, rng=rng), Dense(256, 128, rng=rng), ReLU(), Dropout(0.5, rng=rng), Dense(128, 10, rng=rng),
    )


def train_digits_lenet(images, rng=0, epochs=DIGITS_LENET_EPOCHS, progress=True, validation=True):
    """Train ``digits_lenet`` on ``images`` (from ``digits_images``); return (model, history)."""
    gen = as_rng(rng)
    model = digits_lenet(gen)
    optimizer = Adam(model.parameters(), lr=0.001)
    history = fit(model, CrossEntropyLoss(), optimizer, images.X_train, images.y_train, epochs=epochs, batch_size=32,
                  rng=gen, validation=(images.X_val, images.y_val) if validation else None, progress=progress,
                  scheduler=CosineAnnealingLR(optimizer, T_max=epochs))
    return model, history
