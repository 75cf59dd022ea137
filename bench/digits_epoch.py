"""One training epoch on the 8x8 digits, four ways, same network (64 -> 128 ReLU -> 10).

1. nnlib: ``nnlib.fit`` with mini-batches of 32;
2. one example at a time, as in classic tutorials, two ways: an update per image, and
   Nielsen's network.py layout (column vectors, gradients summed over a mini-batch);
3. a hand-written vectorised numpy loop, mini-batches of 32, no library;
4. scikit-learn's ``MLPClassifier`` (SGD, batch 32, momentum 0.9), one epoch.

Run by hand (``make bench``); prints a Markdown table of median epoch times.
Goals: nnlib at least 20x faster than the per-example loop, within 1.5x of the
hand-written loop.
"""
import warnings

import numpy as np

import nnlib
from timing import median_seconds  # bench/timing.py

HIDDEN, LR, MOMENTUM, BATCH = 128, 0.05, 0.9, 32


def nnlib_epoch(X, y, rng, batch=BATCH):
    model = nnlib.Sequential(nnlib.Dense(64, HIDDEN, rng=rng), nnlib.ReLU(), nnlib.Dense(HIDDEN, 10, rng=rng))
    opt = nnlib.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    return lambda: nnlib.fit(model, nnlib.CrossEntropyLoss(), opt, X, y, epochs=1, batch_size=batch, rng=rng, progress=False)


def init(rng):
    b1, b2 = 1 / np.sqrt(64), 1 / np.sqrt(HIDDEN)
    return [rng.uniform(-b1, b1, (64, HIDDEN)), np.zeros(HIDDEN), rng.uniform(-b2, b2, (HIDDEN, 10)), np.zeros(10)]


def gradients(params, xb, yb):
    W1, b1, W2, b2 = params
    z1 = xb @ W1 + b1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2 + b2
    p = np.exp(z2 - z2.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(yb)), yb] -= 1
    dz2 = p / len(yb)
    dz1 = (dz2 @ W2.T) * (z1 > 0)
    return [xb.T @ dz1, dz1.sum(0), a1.T @ dz2, dz2.sum(0)]


def numpy_epoch(X, y, rng, batch):
    params = init(rng)
    velocity = [np.zeros_like(p) for p in params]

    def epoch():
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            for p, v, g in zip(params, velocity, gradients(params, X[idx], y[idx])):
                v *= MOMENTUM
                v += g
                p -= LR * v

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
    rows = [
        ("nnlib (nnlib.fit, batch 32)", median_seconds(nnlib_epoch(X, y, rng), 15)),
        ("one example at a time, an update per example (tight numpy)", median_seconds(numpy_epoch(X, y, rng, batch=1), 3)),
        ("one example at a time, summed per batch of 32 (network.py style)", median_seconds(tutorial_epoch(X, y, rng), 3)),
        ("hand-written numpy, batch 32", median_seconds(numpy_epoch(X, y, rng, batch=BATCH), 15)),
        ("scikit-learn MLPClassifier", median_seconds(sklearn_epoch(X, y, rng), 5)),
    ]
    base = rows[0][1]
    print(f"One epoch over {len(X)} digits, 64 -> {HIDDEN} ReLU -> 10, SGD with momentum {MOMENTUM}\n")
    print("| implementation | median epoch (ms) | relative to nnlib |")
    print("|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.1f} | {seconds / base:.2f}x |")

    print("\nnnlib against the hand-written loop by batch size (per-batch Python overhead matters less as batches grow)\n")
    print("| batch size | nnlib (ms) | hand-written (ms) | nnlib / hand-written |")
    print("|---|---|---|---|")
    for batch in (16, 32, 64, 128):
        ours = median_seconds(nnlib_epoch(X, y, rng, batch), 15)
        theirs = median_seconds(numpy_epoch(X, y, rng, batch), 15)
        print(f"| {batch} | {ours * 1000:.1f} | {theirs * 1000:.1f} | {ours / theirs:.2f} |")


if __name__ == "__main__":
    main()
