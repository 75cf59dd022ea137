"""The gradient-flow explorer: how much gradient from the last step reaches each earlier step.

An RNN and an LSTM of 32 units read T steps of noise; a gradient is applied at
the last output only, and backpropagation through time carries it back. The
curve is log10 of the gradient's size at each input step. For the RNN the
recurrent matrix is ``scale`` times a random orthogonal matrix, so every
backward step multiplies by (at most) ``scale`` times tanh's slope: below 1 the
gradient vanishes geometrically, above 1 it can explode. The LSTM's long path
runs through the cell state instead, multiplied at each step by the forget
gate f = sigmoid(. + forget bias): with the bias large, f is near 1 and the
gradient survives whatever the recurrent weights.
"""
from functools import lru_cache

import numpy as np

from ..recurrent import LSTM, RNN
from .controls import ListSlider
from .explorer import Explorer
from .scene import Line, Panel, Scene

HIDDEN, BATCH = 32, 16
COLORS = {"RNN": "#D55E00", "LSTM": "#0072B2"}


@lru_cache(maxsize=None)
def gradient_norms(cell, scale, steps, forget_bias=0.0, seed=0):
    """Size of dL/dx_t for t = 1..steps, with L depending on the last output only."""
    rng = np.random.default_rng(seed)
    layer = (RNN if cell == "RNN" else LSTM)(1, HIDDEN, rng=rng)
    blocks = 1 if cell == "RNN" else 4
    layer.Wh.data[...] = np.concatenate([scale * np.linalg.qr(rng.standard_normal((HIDDEN, HIDDEN)))[0]
                                         for _ in range(blocks)], axis=1)
    if cell == "LSTM":
        layer.b.data[HIDDEN:2 * HIDDEN] = forget_bias
    out = layer(0.5 * rng.standard_normal((BATCH, steps, 1)))
    grad = np.zeros_like(out)
    grad[:, -1] = rng.standard_normal((BATCH, HIDDEN))
    return np.linalg.norm(layer.backward(grad), axis=(0, 2))


def gradient_flow_scene(scale, steps, forget_bias):
    curves, ends = [], {}
    for cell in ("RNN", "LSTM"):
        norms = np.log10(np.clip(gradient_norms(cell, scale, steps, forget_bias), 1e-30, None))
        lag = steps - np.arange(1, steps + 1)  # how many steps before the end
        curves.append(Line(np.round(np.column_stack([lag, np.clip(norms, -20, 12)]), 2), COLORS[cell], 2.2))
        ends[cell] = norms[0] - norms[-1]
    panel = Panel(curves, (0, steps - 1), (-20, 12), f"log10 gradient size over a sequence of {steps} steps",
                  "steps back from the end", "", legend=[(cell, COLORS[cell], False) for cell in COLORS])
    html = (f"<p>Sequence length {steps}: over {steps - 1} steps back, the RNN's gradient changes by a factor 10<sup>{ends['RNN']:.1f}</sup>,"
            f" the LSTM's by 10<sup>{ends['LSTM']:.1f}</sup>. RNN recurrent scale {scale:g} (spectral radius of W<sub>h</sub>);"
            f" LSTM forget-gate bias {forget_bias:g}, so f starts near {1 / (1 + np.exp(-forget_bias)):.2f}.</p>")
    alt = (f"Gradient size against steps back, scale {scale:g}, {steps} steps: the RNN's changes by 10 to the"
           f" {ends['RNN']:.1f}, the LSTM's by 10 to the {ends['LSTM']:.1f}.")
    return Scene([panel], html, alt, size=(7.0, 4.2))


class GradientFlowExplorer(Explorer):
    """Recurrent weight scale, sequence length and the LSTM's forget bias: vanishing, exploding, surviving."""

    name = "gradient-flow"
    controls = (
        ListSlider("scale", "RNN recurrent scale", (0.5, 0.8, 0.9, 1.0, 1.1, 1.2, 1.5, 2.0, 3.0), 1.0,
                   static_values=(0.5, 0.9, 1.0, 1.2, 1.5, 2.0)),
        ListSlider("steps", "sequence length", (10, 20, 30, 40, 60, 80), 40, static_values=(10, 40, 80), fmt="{:d}"),
        ListSlider("forget_bias", "LSTM forget bias", (0.0, 1.0, 2.0, 3.0, 5.0), 1.0, static_values=(0.0, 1.0, 3.0, 5.0)),
    )

    def update(self, scale, steps, forget_bias):
        return gradient_flow_scene(scale, steps, forget_bias)
