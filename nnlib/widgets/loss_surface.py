"""The loss-surface explorer: gradient descent on the mean squared error of a line.

The model is y_hat = w x + b, fitted to 24 noisy points by minimising
L(w, b) = mean((w x + b - y)^2). L is a bowl (a quadratic), so gradient
descent behaves exactly as the theory of chapter 3 says: with H the (constant)
Hessian and lambda_max its largest eigenvalue, a learning rate below
1/lambda_max creeps, up to 2/lambda_max zig-zags but converges, and above
2/lambda_max diverges.
"""
import numpy as np
from contourpy import contour_generator

from .controls import IntSlider, Slider
from .explorer import Explorer
from .scene import Line, Panel, Points, Scene

_rng = np.random.default_rng(3)
DATA_X = np.sort(_rng.uniform(-0.5, 2.5, 24))
DATA_Y = 1.2 * DATA_X - 0.8 + 0.35 * _rng.standard_normal(24)
W_RANGE, B_RANGE = (-2.0, 4.0), (-4.0, 3.0)
HESSIAN = 2 * np.array([[np.mean(DATA_X**2), np.mean(DATA_X)], [np.mean(DATA_X), 1.0]])
LAMBDA_MAX = float(np.linalg.eigvalsh(HESSIAN).max())
BEST = np.linalg.solve(HESSIAN / 2, [np.mean(DATA_X * DATA_Y), np.mean(DATA_Y)])


def mse(w, b):
    """L(w, b) for scalars or arrays of w and b (broadcast)."""
    w, b = np.asarray(w, dtype=float)[..., None], np.asarray(b, dtype=float)[..., None]
    return np.mean((w * DATA_X + b - DATA_Y) ** 2, axis=-1)


def gradient(w, b):
    """(dL/dw, dL/db) = (2 mean(r x), 2 mean(r)) with residuals r = w x + b - y."""
    r = w * DATA_X + b - DATA_Y
    return 2 * np.mean(r * DATA_X), 2 * np.mean(r)


def descend(w, b, lr, steps):
    """The points visited by ``steps`` steps of gradient descent (stops early if it blows up)."""
    path = [(w, b)]
    for _ in range(int(steps)):
        gw, gb = gradient(w, b)
        w, b = w - lr * gw, b - lr * gb
        path.append((w, b))
        if abs(w) > 1e3 or abs(b) > 1e3:
            break
    return np.array(path)


_WG, _BG = np.linspace(*W_RANGE, 60), np.linspace(*B_RANGE, 60)
_LEVELS = np.geomspace(0.05, 40, 12)
_CONTOURS = contour_generator(_WG, _BG, mse(*np.meshgrid(_WG, _BG))).multi_lines(_LEVELS)


def loss_surface_scene(w, b, lr, steps):
    path = descend(w, b, lr, steps)
    losses = mse(path[:, 0], path[:, 1])
    items = [Line(seg, "#9aa5b1", 1.0) for level in _CONTOURS for seg in level if len(seg) > 1]
    items += [Line(path, "#D55E00", 1.8), Points(path[:1], ["#D55E00"], size=6),
              Points([BEST], ["#222222"], size=4)]
    left = Panel(items, W_RANGE, B_RANGE, f"loss contours and {steps} steps of descent", "weight w", "bias b")
    xs = np.array([-0.8, 2.8])
    fit = [Points(np.column_stack([DATA_X, DATA_Y]), ["#0072B2"] * len(DATA_X), size=4),
           Line(np.column_stack([xs, w * xs + b]), "#D55E00", 1.5, dashed=True)]
    if np.isfinite(losses[-1]) and abs(path[-1]).max() < 1e3:
        fit.append(Line(np.column_stack([xs, path[-1, 0] * xs + path[-1, 1]]), "#D55E00", 2.5))
    right = Panel(fit, (-0.8, 2.8), (-3.5, 4.0), "the data, the start (dashed) and the end", "x", "y")
    if lr > 2 / LAMBDA_MAX:
        verdict = "diverges: each step overshoots the valley by more than it corrects"
    elif lr > 1 / LAMBDA_MAX:
        verdict = "zig-zags across the valley but converges"
    elif losses[-1] - mse(*BEST) > 0.05:
        verdict = "has not arrived yet: the steps are small"
    else:
        verdict = "converges"
    end = f"{losses[-1]:.4f}" if np.isfinite(losses[-1]) and losses[-1] < 1e6 else "huge"
    taken = f"after {steps} steps" if len(path) - 1 == steps else f"after {len(path) - 1} of {steps} steps (stopped: blown up)"
    html = [f"<p>Start (w, b) = ({w:.2f}, {b:.2f}), learning rate η = {lr:.2f}; 1/λ<sub>max</sub> = {1 / LAMBDA_MAX:.3f}, 2/λ<sub>max</sub> = {2 / LAMBDA_MAX:.3f}."
            f" Gradient descent {verdict}.</p>",
            f"<p>Loss at the start {losses[0]:.4f}; {taken} {end}"
            f" (the minimum is {float(mse(*BEST)):.4f} at w = {BEST[0]:.3f}, b = {BEST[1]:.3f}).</p>"]
    return Scene([left, right], html, [f"Gradient descent from w = {w:g}, b = {b:g} with learning rate {lr:g}: {verdict}"],
                 size=(9.6, 4.0))


class LossSurfaceExplorer(Explorer):
    """Start point, learning rate and number of steps of gradient descent on a loss surface."""

    name = "loss-surface"
    controls = (
        Slider("w", "start w", W_RANGE[0], W_RANGE[1], 0.1, -1.5, static_values=(-1.5, 0.0, 1.5, 3.0)),
        Slider("b", "start b", B_RANGE[0], B_RANGE[1], 0.1, 2.5, static_values=(-3.0, -1.0, 1.0, 2.5)),
        Slider("lr", "learning rate", 0.01, 0.6, 0.01, 0.1, static_values=(0.02, 0.1, 0.2, 0.4, 0.5), fmt="{:.2f}"),
        IntSlider("steps", "steps", 1, 200, 1, 40, static_values=(5, 40, 120)),
    )

    def update(self, w, b, lr, steps):
        return loss_surface_scene(w, b, lr, steps)
