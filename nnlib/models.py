"""The course's named networks, built in one place so that chapters and benchmarks agree.

Chapter 6 compares a LeNet-style network (after LeCun et al., 1998: convolution
and pooling twice, then a hidden dense layer and the output) with chapter 4's
MLP on the 8x8 digits, on equal terms: both see the same standardised images,
and ``train_digits`` trains both the same way (Adam, mini-batches of 64, at most
``DIGITS_EPOCHS`` epochs, keeping the weights of the epoch with the lowest
validation loss). The chapter chooses each model's width and learning rate on
the validation set, among ``DIGITS_LENET_CHANNELS``, ``DIGITS_MLP_HIDDEN`` and
``DIGITS_RATES``, then trains the chosen two with several seeds and scores them
once on the test set. The grid is small because the chapter must run in under
a minute. The selection picks 16 and 32 kernels at rate 0.003 for the LeNet and
256 hidden units at 0.003 for the MLP (chapter 6 prints it). The LeNet's choice
is the default of ``digits_lenet`` and ``train_digits_lenet`` (which
``bench/conv.py`` times); ``digits_mlp`` keeps chapter 4's 128 units by default.
"""
from collections import namedtuple

from ._checks import as_rng
from .activations import ReLU
from .conv import Conv2D, Flatten, MaxPool2D
from .layers import Dense, Sequential
from .losses import CrossEntropyLoss
from .optim import Adam
from .train import fit

DIGITS_EPOCHS = 15                  # the budget of every digits run in chapter 6
DIGITS_BATCH_SIZE = 64
DIGITS_RATES = (0.003, 0.01)        # Adam learning rates tried on validation
DIGITS_LENET_CHANNELS = ((8, 16), (16, 32))   # (first, second) convolution widths tried
DIGITS_MLP_HIDDEN = (128, 256)      # hidden widths of the MLP tried
DIGITS_LENET_EPOCHS = DIGITS_EPOCHS
DIGITS_LENET_LR = 0.003             # the rate chapter 6 selects for the LeNet on validation
ImageSplit = namedtuple("ImageSplit", "X_train y_train X_val y_val X_test y_test mean std")


def digits_images():
    """The course's digits split as images (N, 1, 8, 8), standardised with one mean and std for all pixels.

    One mean for every pixel (rather than one per pixel, as chapter 4 does for the
    MLP) keeps the images images: a stroke has the same value wherever it is,
    which is what a convolution, sharing its weights across positions, expects.
    The mean and std are the training set's; validation and test use them too.
    """
    from .data import load_digits

    unit = load_digits(scale="unit")
    X_train, X_val, X_test = (X.reshape(-1, 1, 8, 8) for X in (unit.X_train, unit.X_val, unit.X_test))
    mean, std = float(X_train.mean()), float(X_train.std())
    return ImageSplit((X_train - mean) / std, unit.y_train, (X_val - mean) / std, unit.y_val,
                      (X_test - mean) / std, unit.y_test, mean, std)


def digits_lenet(rng=None, channels=(16, 32), hidden=64):
    """8x8 -> conv 5x5 (c1) -> pool -> 4x4 -> conv 3x3 (c2) -> pool -> 2x2 x c2 -> hidden -> 10, ReLU after each.

    Paddings 2 and 1 keep each convolution's output as large as its input; the
    2x2 max poolings halve it. No dropout: the best-epoch rule of ``train_digits``
    is the only regulariser, as for the MLP.
    """
    rng = as_rng(rng)
    c1, c2 = channels
    return Sequential(
        Conv2D(1, c1, 5, padding=2, rng=rng), ReLU(), MaxPool2D(2),
        Conv2D(c1, c2, 3, padding=1, rng=rng), ReLU(), MaxPool2D(2),
        Flatten(), Dense(4 * c2, hidden, rng=rng), ReLU(), Dense(hidden, 10, rng=rng),
    )


def digits_mlp(rng=None, hidden=128):
    """Chapter 4's MLP, 64 -> hidden -> 10 with a ReLU, taking the (N, 1, 8, 8) images and flattening them."""
    rng = as_rng(rng)
    return Sequential(Flatten(), Dense(64, hidden, rng=rng), ReLU(), Dense(hidden, 10, rng=rng))


def train_digits(model, images, lr, rng=None, epochs=DIGITS_EPOCHS, progress=False):
    """Train ``model`` on ``images.X_train`` with Adam at ``lr``, batches of 64; return the history.

    The validation loss is measured after every epoch and the weights of the
    best epoch are kept (``history["best_epoch"]``): the number of epochs is
    chosen on validation, never on test.
    """
    optimizer = Adam(model.parameters(), lr=lr)
    return fit(model, CrossEntropyLoss(), optimizer, images.X_train, images.y_train, epochs=epochs,
               batch_size=DIGITS_BATCH_SIZE, rng=rng, validation=(images.X_val, images.y_val),
               patience=epochs, progress=progress)  # patience = epochs: never stops early, keeps the best epoch


def train_digits_lenet(images, rng=0, epochs=DIGITS_LENET_EPOCHS, progress=True, lr=DIGITS_LENET_LR):
    """``digits_lenet`` with its default widths, trained by ``train_digits``; return (model, history)."""
    gen = as_rng(rng)
    model = digits_lenet(gen)
    return model, train_digits(model, images, lr, rng=gen, epochs=epochs, progress=progress)
