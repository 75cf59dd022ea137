"""The bump builder: sums of sigmoid steps approximate any continuous curve.

Two sigmoid neurons with the same large weight w and thresholds a < b give a
bump: sigmoid(w (x - a)) - sigmoid(w (x - b)) is about 1 between a and b and
about 0 elsewhere. Scale n such bumps by the target's height on n equal pieces
of [0, 1] and add them: a network with one hidden layer of 2n sigmoids. The
steeper the sigmoids and the more pieces, the closer the sum (Nielsen, ch. 4).
"""
import numpy as np

from ..activations import sigmoid
from .controls import Choice, IntSlider
from .explorer import Explorer
from .scene import Line, Panel, Scene

TARGETS = {
    "wave": lambda x: 0.5 + 0.35 * np.sin(2 * np.pi * x) + 0.1 * np.sin(6 * np.pi * x),
    "peak": lambda x: 0.1 + 0.8 * np.exp(-((x - 0.4) ** 2) / 0.01),
    "ramp and step": lambda x: np.where(x < 0.6, 0.8 * x, 0.9),
}
X = np.linspace(0, 1, 81)


def bump_network(target, n, steepness, x=X):
    """Heights, the network's output at ``x``, and each bump's contribution (n rows)."""
    edges = np.linspace(0, 1, n + 1)
    centers = (edges[:-1] + edges[1:]) / 2
    heights = TARGETS[target](centers)
    bumps = heights[:, None] * (sigmoid(steepness * (x - edges[:-1, None])) - sigmoid(steepness * (x - edges[1:, None])))
    return heights, bumps.sum(axis=0), bumps


def bumps_scene(target, n, steepness):
    heights, output, bumps = bump_network(target, n, steepness)
    truth = TARGETS[target](X)
    error = np.abs(output - truth)
    items = []
    if n <= 4:  # few enough to see each bump
        items += [Line(np.column_stack([X, b]), "#9aa5b1", 1.0) for b in bumps]
    items += [Line(np.column_stack([X, truth]), "#222222", 2.0, dashed=True), Line(np.column_stack([X, output]), "#0072B2", 2.5)]
    left = Panel(items, (0, 1), (-0.1, 1.1), f"{n} bumps = {2 * n} sigmoid neurons", "x", "output")
    right = Panel([Line(np.column_stack([X, error]), "#D55E00", 2.0)], (0, 1), (0, 0.5), "error |output − target|", "x", "")
    html = [f"<p>{n} bumps: a hidden layer of {2 * n} sigmoids with weight w = {steepness:g}; output weights ±height."
            f" Parameters: {2 * n} weights + {2 * n} biases + {2 * n} output weights + 1 bias = {6 * n + 1}.</p>",
            f"<p>Largest error {error.max():.3f}, mean error {error.mean():.4f}.</p>"]
    return Scene([left, right], html, [f"{n} sigmoid bumps, steepness {steepness:g}, approximating the {target}"], size=(9.0, 3.6))


class BumpExplorer(Explorer):
    """Number of bumps and steepness: watch the sum of sigmoid pairs approach a target curve."""

    name = "bumps"
    controls = (
        Choice("target", "target", tuple(TARGETS), "wave"),
        IntSlider("n", "bumps", 1, 30, 1, 4, static_values=(1, 2, 4, 8, 16, 30)),
        IntSlider("steepness", "steepness w", 5, 1000, 5, 100, static_values=(10, 100, 1000)),
    )

    def update(self, target, n, steepness):
        return bumps_scene(target, n, steepness)
