"""The activation explorer: an activation function, its derivative, and a point sliding along z.

The curves come from nnlib's own layers: ``forward`` gives f(z) and ``backward``
of a gradient of ones gives f'(z), so the picture shows exactly what the
library computes.
"""
import numpy as np

from ..activations import Identity, LeakyReLU, ReLU, Sigmoid, Tanh
from .controls import Choice, Slider
from .explorer import Explorer
from .scene import Line, Panel, Points, Scene


FUNCTIONS = {  # the layer, f(z) and f'(z) as HTML
    "sigmoid": (Sigmoid, "σ(z) = 1/(1 + e<sup>−z</sup>)", "σ(z)(1 − σ(z))"),
    "tanh": (Tanh, "tanh(z)", "1 − tanh<sup>2</sup>(z)"),
    "ReLU": (ReLU, "max(0, z)", "1 if z > 0, else 0"),
    "leaky ReLU (α = 0.1)": (lambda: LeakyReLU(0.1), "z if z > 0, else 0.1 z", "1 if z > 0, else 0.1"),
    "linear": (Identity, "z", "1"),
}
Z = np.linspace(-5, 5, 201)
F_LIMITS = {"sigmoid": (-0.15, 1.15), "tanh": (-1.2, 1.2)}  # otherwise (ReLU, leaky, linear) -1.5 to 5
BLUE, ORANGE = "#0072B2", "#D55E00"


def value_and_slope(name, z):
    """f(z) and f'(z) from the nnlib layer: forward, then backward of ones."""
    layer = FUNCTIONS[name][0]()
    f = layer.forward(np.asarray(z, dtype=np.float64))
    return f, layer.backward(np.ones_like(f))


def activation_scene(function, z):
    f_all, df_all = value_and_slope(function, Z)
    (f,), (df,) = value_and_slope(function, [z])
    # the tangent: the line with slope f'(z) through (z, f(z)), long enough to read its slope
    tangent = np.array([[z - 2.5, f - 2.5 * df], [z + 2.5, f + 2.5 * df]])
    left = Panel([Line(np.column_stack([Z, f_all]), BLUE, 2.5), Line(tangent, ORANGE, 2.0),
                  Points([[z, f]], [ORANGE])], (-5, 5), F_LIMITS.get(function, (-1.5, 5)),
                 f"{function}: f(z) and its tangent at z", "z", "f(z)")
    right = Panel([Line(np.column_stack([Z, df_all]), BLUE), Points([[z, df]], [ORANGE])],
                  (-5, 5), (-0.1, 1.1), "its derivative f′(z)", "z", "f′(z)")
    _, formula, derivative = FUNCTIONS[function]
    note = f"at z = {z:.2f}: f(z) = {f:.4f}, f′(z) = {df:.4f}"
    if df < 0.01 and function in ("sigmoid", "tanh"):
        note += " — saturated: almost no gradient flows back through this unit"
    elif df == 0:
        note += " — no gradient flows back: the unit is 'off'"
    html = [f"<p><b>f(z) = {formula}</b>, f′(z) = {derivative}.</p>", f"<p>{note}.</p>"]
    return Scene([left, right], html, [f"{function} and its derivative", f", marker at z = {z:.2f}"], size=(9.0, 3.6))


class ActivationExplorer(Explorer):
    """Pick an activation function; slide a point along z and read f(z) and f'(z)."""

    name = "activation"
    controls = (
        Choice("function", "function", tuple(FUNCTIONS), "sigmoid"),
        Slider("z", "z", -5.0, 5.0, 0.1, 1.0, static_values=tuple(np.round(np.arange(-5, 5.01, 0.5), 2))),
    )

    def update(self, function, z):
        return activation_scene(function, z)
