"""The XOR network explorer: a 2-2-1 sigmoid network whose hidden weights you set.

Both hidden units see x1 + x2 with the same weight w and their own biases b1,
b2: each draws a line x1 + x2 = -b_j / w across the plane. The output unit
computes sigmoid(10 (h1 - h2) - 5): "h1 but not h2". With h1 an OR (b1 = -w/2)
and h2 an AND (b2 = -3w/2), the band between the two lines is exactly XOR.
"""
import numpy as np
from contourpy import contour_generator

from ..activations import sigmoid
from ..data import logic_gate
from .controls import Slider
from .explorer import Explorer
from .scene import Line, Panel, Points, Scene, Text

OUT_WEIGHT, OUT_BIAS = 10.0, -5.0
GRID = np.linspace(-0.5, 1.5, 41)
G1, G2 = np.meshgrid(GRID, GRID)
ONE, ZERO = "#0072B2", "#D55E00"


def xor_network(x, w, b1, b2):
    """Hidden activations (N, 2) and output (N,) for inputs x (N, 2)."""
    s = x[..., 0] + x[..., 1]
    h = sigmoid(np.stack([w * s + b1, w * s + b2], axis=-1))
    return h, sigmoid(OUT_WEIGHT * (h[..., 0] - h[..., 1]) + OUT_BIAS)


def xor_scene(w, b1, b2):
    X, y = logic_gate("XOR")
    h, out = xor_network(X, w, b1, b2)
    _, surface = xor_network(np.stack([G1, G2], axis=-1), w, b1, b2)
    gen = contour_generator(GRID, GRID, surface)
    items = []
    for level, color, width in ((0.1, "#9aa5b1", 1.0), (0.5, "#222222", 2.5), (0.9, "#9aa5b1", 1.0)):
        items += [Line(seg, color, width) for seg in gen.lines(level) if len(seg) > 1]
    for b, label, at in ((b1, "h1", 1.25), (b2, "h2", -0.25)):
        if w != 0:  # the hidden unit's own line x1 + x2 = -b / w, labelled high (h1) or low (h2): never on each other
            c = -b / w
            items.append(Line(np.array([[c + 0.5, -0.5], [c - 1.5, 1.5]]), "#009E73", 1.5, dashed=True))
            items.append(Text(min(max(c - at + 0.12, -0.38), 1.38), at, label, "#009E73", 12))  # kept inside the view
    wrong = [None if (o >= 0.5) == bool(t) else "#111111" for o, t in zip(out, y)]
    items.append(Points(X, [ONE if t else ZERO for t in y], wrong))
    correct = int(sum(e is None for e in wrong))
    panel = Panel(items, (-0.5, 1.5), (-0.5, 1.5), f"output contours 0.1, 0.5, 0.9: {correct} of 4 correct",
                  "x1", "x2", equal=True)
    rows = [f"<tr><td>({a:.0f}, {b:.0f})</td><td>{hh[0]:.3f}</td><td>{hh[1]:.3f}</td><td>{o:.3f}</td><td>{t}</td></tr>"
            for (a, b), hh, o, t in zip(X, h, out, y)]
    html = ["<table><thead><tr><th>input</th><th>h1</th><th>h2</th><th>output</th><th>XOR</th></tr></thead><tbody>",
            *rows, f"</tbody></table><p><b>{correct} of 4 correct</b> (output ≥ 0.5 counts as 1).</p>"]
    return Scene([panel], html, [f"2-2-1 network with w = {w:.1f}, b1 = {b1:.1f}, b2 = {b2:.1f}: {correct} of 4 XOR outputs correct"],
                 size=(4.8, 4.6))


class XorNetworkExplorer(Explorer):
    """Hidden weight and biases of a 2-2-1 network: find the band that computes XOR."""

    name = "xor-network"
    controls = (
        Slider("w", "hidden weight w", 0.0, 20.0, 0.5, 10.0, static_values=(5.0, 10.0, 20.0), fmt="{:.1f}"),
        Slider("b1", "bias b1", -40.0, 10.0, 0.5, -5.0, static_values=(-30, -25, -20, -15, -10, -5, 0), fmt="{:.1f}"),
        Slider("b2", "bias b2", -40.0, 10.0, 0.5, -5.0, static_values=(-30, -25, -20, -15, -10, -5, 0), fmt="{:.1f}"),
    )

    def update(self, w, b1, b2):
        return xor_scene(w, b1, b2)
