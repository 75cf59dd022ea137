"""The initialisation explorer: activations and gradients through a deep network at the first step.

A stack of ``DEPTH`` dense layers of ``WIDTH`` units, weights drawn by one of
``nnlib.init``'s rules, biases zero, applied to standard-normal inputs. The
ridge plot shows each layer's histogram of activations; the right panel the
spread (standard deviation) of the activations going forward and of the
gradients going back, layer by layer, on a log scale. Too small a variance and
both shrink geometrically with depth (vanishing); too large and they grow
(exploding, or saturating for tanh and sigmoid); the fan-in rules hold them level.
Each (initialiser, activation) pair is computed once and cached.
"""
from functools import lru_cache

import numpy as np

from .. import init
from ..activations import ReLU, Sigmoid, Tanh
from ..layers import Dense, Sequential
from .controls import Choice
from .explorer import Explorer
from .scene import Line, Panel, Points, Polygon, Scene, Text

DEPTH, WIDTH, BATCH, BINS = 10, 256, 500, 40
INITIALISERS = {
    "small uniform ±0.01": lambda shape, rng: init.small_uniform(shape, 0.01, rng),
    "standard normal": lambda shape, rng: rng.standard_normal(shape),
    "Glorot (2 / (fan_in + fan_out))": init.glorot_normal,
    "He (2 / fan_in)": init.he_normal,
}
ACTIVATIONS = {"tanh": (Tanh, (-1.0, 1.0)), "ReLU": (ReLU, (0.0, 3.0)), "sigmoid": (Sigmoid, (0.0, 1.0))}


@lru_cache(maxsize=None)
def signal_statistics(initialiser, activation, seed=0):
    """Per layer: activation histograms (DEPTH, BINS), activation std and input-gradient std (DEPTH,)."""
    rng = np.random.default_rng(seed)
    make, (lo, hi) = ACTIVATIONS[activation]
    layers = []
    for _ in range(DEPTH):
        dense = Dense(WIDTH, WIDTH, rng=rng)
        dense.W.data[...] = INITIALISERS[initialiser]((WIDTH, WIDTH), rng)
        layers += [dense, make()]
    net = Sequential(*layers)
    x = rng.standard_normal((BATCH, WIDTH))
    outputs = []
    for layer in net:
        x = layer(x)
        if not isinstance(layer, Dense):
            outputs.append(x)
    grad = rng.standard_normal((BATCH, WIDTH)) / BATCH
    grads = []
    for layer in reversed(list(net)):
        grad = layer.backward(grad)
        if isinstance(layer, Dense):
            grads.append(grad)
    grads.reverse()  # grads[k]: gradient with respect to the input of layer k + 1
    edges = np.linspace(lo, hi, BINS + 1)
    hists = np.array([np.histogram(np.clip(a, lo, hi), edges)[0] / a.size for a in outputs])
    return hists, np.array([a.std() for a in outputs]), np.array([g.std() for g in grads])


def _log_std(values):
    return np.log10(np.clip(values, 1e-30, None))


def initialisation_scene(initialiser, activation):
    hists, act_std, grad_std = signal_statistics(initialiser, activation)
    lo, hi = ACTIVATIONS[activation][1]
    centres = np.linspace(lo, hi, BINS + 1)
    centres = (centres[:-1] + centres[1:]) / 2
    ridges = []
    for k, h in enumerate(hists):  # layer 1 at the bottom; each ridge scaled to its own peak
        base = k
        top = base + 0.9 * h / max(h.max(), 1e-12)
        outline = np.column_stack([np.r_[centres[0], centres, centres[-1]], np.r_[base, top, base]])
        ridges += [Polygon(np.round(outline, 3), "#0072B2", 0.35), Line(np.round(outline, 3), "#0072B2", 1.0),
                   Text(hi + 0.12 * (hi - lo), base + 0.3, f"{act_std[k]:.1e}", "#222222", 9)]
    left = Panel(ridges, (lo, hi + 0.24 * (hi - lo)), (0, DEPTH), "activations, layer 1 (bottom) to 10 (top)",
                 f"{activation} output (std on the right)", "layer")
    layers = np.arange(1, DEPTH + 1)
    a, g = _log_std(act_std), _log_std(grad_std)
    low, high = min(a.min(), g.min(), -3) - 0.5, max(a.max(), g.max(), 1) + 0.5
    right = Panel([Line(np.column_stack([layers, a]), "#0072B2", 2), Points(np.column_stack([layers, a]), ["#0072B2"] * DEPTH, size=4),
                   Line(np.column_stack([layers, g]), "#D55E00", 2, dashed=True),
                   Points(np.column_stack([layers, g]), ["#D55E00"] * DEPTH, size=4)],
                  (0.5, DEPTH + 0.5), (round(low), round(high)), "log10 std per layer",
                  "layer", "", legend=[("activations", "#0072B2", False), ("gradients", "#D55E00", True)])
    ratio_a, ratio_g = act_std[-1] / act_std[0], grad_std[0] / grad_std[-1]
    html = [f"<p>{initialiser} weights, {activation} units, {DEPTH} layers of {WIDTH}. From layer 1 to layer {DEPTH}"
            f" the activations' spread changes by a factor {ratio_a:.2g}; going back from layer {DEPTH} to layer 1 the"
            f" gradients' spread changes by a factor {ratio_g:.2g}. A factor near 1 means the signal survives the depth.</p>"]
    alt = [f"{initialiser} with {activation}: activation spread changes by {ratio_a:.2g} over {DEPTH} layers,"
           f" gradient spread by {ratio_g:.2g}."]
    return Scene([left, right], html, alt, size=(10.0, 4.6))


class InitialisationExplorer(Explorer):
    """Initialiser and activation function: do the signals survive ten layers?"""

    name = "initialisation"
    controls = (
        Choice("initialiser", "weights", tuple(INITIALISERS), "Glorot (2 / (fan_in + fan_out))"),
        Choice("activation", "activation", tuple(ACTIVATIONS), "tanh"),
    )

    def update(self, initialiser, activation):
        return initialisation_scene(initialiser, activation)
