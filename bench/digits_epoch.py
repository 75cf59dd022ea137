"""One training epoch on the 8x8 digits, several ways, same network (64 -> 128 ReLU -> 10).

1. nnlib: ``nnlib.fit`` with mini-batches of 32, as chapter 4 trains it;
2. one example at a time, as in classic tutorials, two ways: an update per image, and
   Nielsen's network.py layout (column vectors, gradients summed over a mini-batch);
3. a hand-written vectorised numpy loop, mini-batches of 32, no library, two ways:
   bare (gradients and update only), and recording each batch's loss and number of
   correct answers, which is the work ``fit`` does for its history and progress bar;
4. scikit-learn's ``MLPClassifier`` (SGD, batch 32, momentum 0.9), one epoch.

Run by hand (``make bench``); prints Markdown tables of median epoch times. nnlib and
the hand-written loops are timed in turns, so that their ratios survive the machine's
drift. Goals: nnlib at least 20x faster than the per-example loop, within 1.5x of
the hand-written loop.
"""
import warnings

import numpy as np

import nnlib
from timing import interleaved_median_seconds, median_seconds  # bench/timing.py

HIDDEN, LR, MOMENTUM, BATCH = 128, 0.05, 0.9, 32


def nnlib_epoch(X, y, rng, batch=BATCH):
    model = nnlib.Sequential(nnlib.Dense(64, HIDDEN, rng=rng), nnlib.ReLU(), nnlib.Dense(HIDDEN, 10, rng=rng))
    opt = nnlib.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    return lambda: nnlib.fit(model, nnlib.CrossEntropyLoss(), opt, X, y, epochs=1, batch_size=batch, rng=rng, progress=False)


def init(rng):
    b1, b2 = 1 / np.sqrt(64), 1 / np.sqrt(HIDDEN)
    return [rng.uniform(-b1, b1, (64, HIDDEN)), np.zeros(HIDDEN), rng.uniform(-b2, b2, (HIDDEN, 10)), np.zeros(10)]


def gradients(params, xb, yb, totals=None):
    """The four gradients of the mean cross-entropy; with ``totals``, also add the batch's
    summed loss and number of correct answers into ``totals[0]`` and ``totals[1]``."""
    W1, b1, W2, b2 = params
    z1 = xb @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    p = np.exp(z2 - z2.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    rows = np.arange(len(yb))
    if totals is not None:
        totals[0] -= np.log(p[rows, yb]).sum()
        totals[1] += np.count_nonzero(z2.argmax(axis=1) == yb)
    p[rows, yb] -= 1
    dz2 = p / len(yb)
    dz1 = (dz2 @ W2.T) * (z1 > 0)
    return [xb.T @ dz1, dz1.sum(0), a1.T @ dz2, dz2.sum(0)]


def numpy_epoch(X, y, rng, batch, record=False, lr=LR):
    """The hand-written loop; ``record=True`` also keeps the epoch's loss and accuracy, as ``fit`` does."""
    params = init(rng)
    velocity = [np.zeros_like(p) for p in params]

    def epoch():
        totals = [0.0, 0] if record else None
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            for p, v, g in zip(params, velocity, gradients(params, X[idx], y[idx], totals)):
                v *= MOMENTUM
                v += g
                p -= lr * v
        return totals

    return epoch


def tutorial_epoch(X, y, rng, batch=BATCH):
    """One example at a time, as classic tutorials write it (Nielsen's network.py): column
    vectors, a backward pass per example, gradients summed over the mini-batch, then one update."""
    W1, b1, W2, b2 = init(rng)
    weights, biases = [W1.T.copy(), W2.T.copy()], [b1[:, None].copy(), b2[:, None].copy()]
    velocity = [np.zeros_like(a) for a in weights + biases]
    columns = [x[:, None] for x in X]

    def backprop(x, label):
        z1 = weights[0] @ x + biases[0]
        a1 = np.maximum(z1, 0)
        z2 = weights[1] @ a1 + biases[1]
        p = np.exp(z2 - z2.max())
        p /= p.sum()
        p[label] -= 1                      # softmax + cross-entropy: dL/dz2 = p - y
        delta1 = (weights[1].T @ p) * (z1 > 0)
        return [delta1 @ x.T, p @ a1.T], [delta1, p]

    def epoch():
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            nabla_w = [np.zeros_like(w) for w in weights]
            nabla_b = [np.zeros_like(b) for b in biases]
            for i in idx:
                dw, db = backprop(columns[i], y[i])
                nabla_w = [nw + d for nw, d in zip(nabla_w, dw)]
                nabla_b = [nb + d for nb, d in zip(nabla_b, db)]
            for param, v, g in zip(weights + biases, velocity, nabla_w + nabla_b):
                v *= MOMENTUM
                v += g / len(idx)
                param -= LR * v

    return epoch


def sklearn_epoch(X, y, rng):
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), solver="sgd", batch_size=BATCH, learning_rate_init=LR,
                        momentum=MOMENTUM, nesterovs_momentum=False, max_iter=1, random_state=0)

    def epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "did not converge after 1 iteration" is the point
            clf.fit(X, y)

    return epoch


def main():
    split = nnlib.data.load_digits()
    X, y = split.X_train, split.y_train
    rng = np.random.default_rng(0)
    print(f"One epoch over {len(X)} digits, 64 -> {HIDDEN} ReLU -> 10, SGD with momentum {MOMENTUM}\n")

    per_example = {  # the two tutorial loops; the network.py one sums per batch of 32 whatever the table's batch
        # a step per image is a batch of 1; a rate 32 times smaller keeps it from diverging
        "one example at a time, an update per example": numpy_epoch(X, y, rng, batch=1, lr=LR / BATCH),
        "one example at a time, summed per batch of 32 (network.py style)": tutorial_epoch(X, y, rng),
    }
    # Every contender at a batch size is timed in turns with the others, so that the ratios
    # hold even as the machine drifts. "per-example" is the faster of the two tutorial loops,
    # the harder one to beat by 20x; the last column is the ceiling: how much faster than it
    # the bare hand-written loop itself is.
    print("| batch | nnlib (ms) | hand-written, bare (ms) | hand-written, recording loss and accuracy (ms)"
          " | nnlib / bare | nnlib / recording | per-example / nnlib | per-example / bare |")
    print("|---|---|---|---|---|---|---|---|")
    by_batch = {}
    for batch in (16, 32, 64, 128):
        t = by_batch[batch] = interleaved_median_seconds({
            "nnlib": nnlib_epoch(X, y, rng, batch),
            "bare": numpy_epoch(X, y, rng, batch),
            "recording": numpy_epoch(X, y, rng, batch, record=True),
            **per_example,
        }, 25)
        fastest_per_example = min(t[name] for name in per_example)
        print(f"| {batch} | {t['nnlib'] * 1e3:.1f} | {t['bare'] * 1e3:.1f} | {t['recording'] * 1e3:.1f}"
              f" | {t['nnlib'] / t['bare']:.2f} | {t['nnlib'] / t['recording']:.2f}"
              f" | {fastest_per_example / t['nnlib']:.1f}x | {fastest_per_example / t['bare']:.1f}x |")

    at_32 = by_batch[BATCH]
    rows = [("nnlib (nnlib.fit, batch 32)", at_32["nnlib"]), *((name, at_32[name]) for name in per_example),
            ("hand-written numpy, batch 32, bare", at_32["bare"]),
            ("hand-written numpy, batch 32, recording loss and accuracy", at_32["recording"]),
            ("scikit-learn MLPClassifier", median_seconds(sklearn_epoch(X, y, rng), 5))]
    print("\n| implementation (batch 32) | median epoch (ms) | relative to nnlib |")
    print("|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.1f} | {seconds / at_32['nnlib']:.2f}x |")


if __name__ == "__main__":
    main()
