"""The regularisation explorer: capacity, L2 weight decay and dropout on a small noisy data set.

Forty noisy "moons" points to train on, four hundred fresh ones to validate on
(the held-out points a setting is chosen by). A 2-h-h-2 ReLU network is trained
full-batch with Adam for ``STEPS`` steps for every combination of the sliders'
values (all precomputed, then cached: training takes far longer than the 50 ms an
explorer may spend). The left panel shows the decision boundary it learned over
the training points; the right panel the training and validation loss as
training went. Small networks underfit (both losses high); big unregularised
ones overfit (training loss near zero, validation loss climbing); weight decay
and dropout pull the big ones back.
"""
from functools import lru_cache

import numpy as np
from contourpy import contour_generator

from ..activations import ReLU
from ..data import moons
from ..dropout import Dropout
from ..layers import Dense, Sequential
from ..losses import CrossEntropyLoss
from ..optim import Adam
from ..train import accuracy
from .controls import ListSlider
from .explorer import Explorer
from .scene import Line, Panel, Points, Scene

SIZES, WEIGHT_DECAYS, DROPOUTS = (2, 8, 64), (0.0, 0.001, 0.01, 0.1), (0.0, 0.2, 0.5)
STEPS, EVERY = 250, 10
BOX = ((-1.8, 2.8), (-1.3, 1.8))
COLORS = ("#D55E00", "#0072B2")


@lru_cache(maxsize=1)
def noisy_moons():
    """(X_train, y_train, X_val, y_val): 40 training and 400 validation points, label noise included."""
    X, y = moons(440, noise=0.35, rng=7)
    order = np.random.default_rng(7).permutation(len(X))  # moons() lists class 0 first
    X, y = X[order], y[order]
    return X[:40], y[:40], X[40:], y[40:]


def make_network(hidden, dropout, rng):
    return Sequential(Dense(2, hidden, rng=rng), ReLU(), Dropout(dropout, rng=rng),
                      Dense(hidden, hidden, rng=rng), ReLU(), Dropout(dropout, rng=rng), Dense(hidden, 2, rng=rng))


@lru_cache(maxsize=None)
def train_network(hidden, weight_decay, dropout, seed=0):
    """Train one network; return it with its training and validation loss every ``EVERY`` steps."""
    rng = np.random.default_rng(seed)
    X, y, X_val, y_val = noisy_moons()
    net, loss = make_network(hidden, dropout, rng), CrossEntropyLoss()
    optimizer = Adam(net.parameters(), lr=0.02, weight_decay=weight_decay)
    curves = []
    for step in range(STEPS + 1):
        if step % EVERY == 0:
            net.eval()
            curves.append((step, loss(net(X), y), loss(net(X_val), y_val)))
            net.train()
        if step == STEPS:
            break
        optimizer.zero_grad()
        loss(net(X), y)
        net.backward(loss.backward())
        optimizer.step()
    net.eval()
    return net, np.array(curves)


_GX, _GY = np.linspace(*BOX[0], 70), np.linspace(*BOX[1], 50)
_GRID = np.column_stack([a.ravel() for a in np.meshgrid(_GX, _GY)])


@lru_cache(maxsize=None)  # 36 settings; a network evaluated over the grid costs more than a move may
def regularisation_scene(hidden, weight_decay, dropout):
    net, curves = train_network(hidden, weight_decay, dropout)
    X, y, X_val, y_val = noisy_moons()
    logits = net(_GRID)
    margin = (logits[:, 1] - logits[:, 0]).reshape(len(_GY), len(_GX))
    boundary = [Line(np.round(seg, 3), "#222222", 2) for seg in contour_generator(_GX, _GY, margin).lines(0.0) if len(seg) > 1]
    left = Panel(boundary + [Points(X, [COLORS[c] for c in y], size=5)], *BOX, "decision boundary over the 40 training points",
                 "x1", "x2")
    top = max(1.0, float(np.ceil(curves[:, 1:].max() * 2) / 2)) if np.isfinite(curves).all() else 2.0
    right = Panel([Line(np.round(curves[:, [0, 1]], 4), "#0072B2", 2), Line(np.round(curves[:, [0, 2]], 4), "#D55E00", 2, dashed=True)],
                  (0, STEPS), (0, min(top, 3.0)), "loss during training", "step", "cross-entropy",
                  legend=[("training", "#0072B2", False), ("validation", "#D55E00", True)])
    train_acc, val_acc = accuracy(net(X), y), accuracy(net(X_val), y_val)
    parameters = sum(p.data.size for p in net.parameters())
    gap = curves[-1, 2] - curves[-1, 1]
    html = [f"<p>2-{hidden}-{hidden}-2 network ({parameters} parameters), weight decay {weight_decay:g}, dropout {dropout:g}."
            f" Training accuracy <b>{train_acc:.0%}</b>, validation accuracy <b>{val_acc:.0%}</b>; final losses"
            f" {curves[-1, 1]:.3f} (training) and {curves[-1, 2]:.3f} (validation), a gap of {gap:.3f}.</p>"]
    alt = [f"Network with {hidden} hidden units per layer, weight decay {weight_decay:g}, dropout {dropout:g}:"
           f" training accuracy {train_acc:.0%}, validation accuracy {val_acc:.0%}."]
    return Scene([left, right], html, alt, size=(10.0, 4.2))


class RegularisationExplorer(Explorer):
    """Network size, weight decay and dropout: from underfitting to overfitting and back."""

    name = "regularisation"
    controls = (
        ListSlider("hidden", "hidden units", SIZES, 64, fmt="{:d}"),
        ListSlider("weight_decay", "L2 weight decay", WEIGHT_DECAYS, 0.0),
        ListSlider("dropout", "dropout rate", DROPOUTS, 0.0),
    )

    def update(self, hidden, weight_decay, dropout):
        return regularisation_scene(hidden, weight_decay, dropout)
