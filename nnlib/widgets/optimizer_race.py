"""The optimizer race: six optimizers from the same start on the same surface.

Every path is a real nnlib optimizer stepping on a ``Parameter`` (x, y)
(``nnlib.surfaces.optimizer_path``). Plain SGD, momentum and Nesterov take steps
proportional to the gradient; AdaGrad, RMSprop and Adam divide by a running
gradient size, so their steps are about ``lr`` long whatever the scale of the
surface. One learning rate cannot suit both families, so each surface has a
reference rate per family and the slider scales both together.
"""
from functools import lru_cache

import numpy as np
from contourpy import contour_generator

from ..optim import SGD, AdaGrad, Adam, RMSprop
from ..surfaces import SURFACES, get_surface, optimizer_path
from .controls import Choice, IntSlider, ListSlider, Slider
from .explorer import Explorer
from .scene import Line, Panel, Points, Scene

# Okabe-Ito colours, distinguishable with every common colour-vision deficiency (one orange only);
# the adaptive family is drawn dashed as well, so no pair is told apart by hue alone.
COLORS = {"SGD": "#000000", "momentum": "#E69F00", "Nesterov": "#56B4E9",
          "AdaGrad": "#009E73", "RMSprop": "#CC79A7", "Adam": "#0072B2"}
DASHED = {"AdaGrad", "RMSprop", "Adam"}

# Reference learning rates per surface: (gradient-proportional family, adaptive family).
REFERENCE_LR = {"ill-conditioned quadratic": (0.03, 0.05), "Rosenbrock": (0.0005, 0.03), "Beale": (0.01, 0.05),
                "saddle": (0.1, 0.05), "noisy quadratic": (0.03, 0.05)}
ADAGRAD_BOOST = 10  # AdaGrad's steps shrink as 1/sqrt(t), so it starts from a larger rate


def make_optimizers(lr_sgd, lr_adaptive, momentum=0.9, beta1=0.9, beta2=0.999):
    """Name -> factory ``params -> optimizer`` for the six optimizers of the race."""
    return {
        "SGD": lambda ps: SGD(ps, lr=lr_sgd),
        "momentum": lambda ps: SGD(ps, lr=lr_sgd, momentum=momentum),
        "Nesterov": lambda ps: SGD(ps, lr=lr_sgd, momentum=momentum, nesterov=momentum > 0),
        "AdaGrad": lambda ps: AdaGrad(ps, lr=ADAGRAD_BOOST * lr_adaptive),
        "RMSprop": lambda ps: RMSprop(ps, lr=lr_adaptive),
        "Adam": lambda ps: Adam(ps, lr=lr_adaptive, betas=(beta1, beta2)),
    }


@lru_cache(maxsize=None)
def surface_contours(name, levels=10, resolution=50):
    """Contour lines of a surface at geometrically spaced heights above its minimum (computed once)."""
    s = SURFACES[name]
    xs, ys = np.linspace(*s.box[0], resolution), np.linspace(*s.box[1], resolution)
    z = s.loss(*np.meshgrid(xs, ys)) - s.minimum
    heights = np.geomspace(max(np.percentile(z, 1), 1e-3), np.percentile(z, 95), levels)
    lines = contour_generator(xs, ys, z).multi_lines(heights)
    return [np.round(seg, 2) for level in lines for seg in level if len(seg) > 1]


def inside_box(path, box, margin=0.5):
    """The part of a path before it first leaves the (slightly enlarged) box: diverging paths stay drawable."""
    (x0, x1), (y0, y1) = box
    mx, my = margin * (x1 - x0), margin * (y1 - y0)
    ok = (path[:, 0] > x0 - mx) & (path[:, 0] < x1 + mx) & (path[:, 1] > y0 - my) & (path[:, 1] < y1 + my)
    stop = len(path) if ok.all() else max(int(np.argmin(ok)), 1)
    return path[:stop]


def race(surface, x0, y0, lr_scale, momentum, beta1, beta2, steps, rng=0):
    """Name -> path (k, 2) of each optimizer from (x0, y0)."""
    s = get_surface(surface)
    lr_sgd, lr_adaptive = (lr_scale * r for r in REFERENCE_LR[s.name])
    factories = make_optimizers(lr_sgd, lr_adaptive, momentum, beta1, beta2)
    return {name: optimizer_path(s, make, (x0, y0), steps, rng=rng) for name, make in factories.items()}


def race_scene(surface, x0, y0, lr_scale, momentum, beta1, beta2, steps):
    s = SURFACES[surface]
    paths = race(surface, x0, y0, lr_scale, momentum, beta1, beta2, steps)
    left = [Line(seg, "#c3cad2", 1.0) for seg in surface_contours(surface)]
    right, rows, finals = [], [], {}
    for name, path in paths.items():
        drawn = inside_box(path, s.box)
        left.append(Line(np.round(drawn, 2), COLORS[name], 1.8, dashed=name in DASHED))
        gap = s.loss(path[:, 0], path[:, 1]) - s.minimum
        finite = np.isfinite(gap)
        curve = np.log10(np.clip(gap[finite], 1e-8, 1e8))
        every = max(1, len(curve) // 50)  # at most ~50 vertices: the static face stores every frame
        t = np.r_[np.arange(0, len(curve) - 1, every), len(curve) - 1]
        right.append(Line(np.column_stack([t, np.round(curve[t], 1)]), COLORS[name], 1.8, dashed=name in DASHED))
        diverged = len(path) < steps + 1 or not finite.all()
        finals[name] = np.inf if diverged else gap[-1]
        end = "diverged" if diverged else f"{gap[-1]:.2e}"
        rows.append(f'<tr><td><span class="nnx-swatch" style="background-color: {COLORS[name]}"></span> {name}</td>'
                    f"<td>{end}</td></tr>")
    left += [Points([(x0, y0)], ["#ffffff"], ["#222222"], size=5), Points([s.argmin], ["#222222"], size=4)]
    legend = [(name, COLORS[name], name in DASHED) for name in paths]
    panels = [Panel(left, *s.box, f"{surface}: paths from ({x0:.1f}, {y0:.2f})", "x", "y"),
              Panel(right, (0, steps), (-8, 8), "log10(loss − minimum) per step", "step", "", legend=legend)]
    lr_sgd, lr_adaptive = (lr_scale * r for r in REFERENCE_LR[surface])
    best = min(finals, key=finals.get)
    html = [f"<p>Learning rates: {lr_sgd:g} for SGD, momentum and Nesterov; {lr_adaptive:g} for RMSprop and Adam;"
            f" {ADAGRAD_BOOST * lr_adaptive:g} for AdaGrad (learning rate × {lr_scale:g} the surface's reference rates)."
            f" Momentum {momentum:.2f}; Adam's betas ({beta1:.2f}, {beta2:g}).</p>",
            "<table><thead><tr><th>optimizer</th><th>loss − minimum after "
            f"{steps} steps</th></tr></thead><tbody>", *rows, "</tbody></table>"]
    alt = [f"Six optimizers on the {surface} surface from ({x0:g}, {y0:g}), {steps} steps; lowest final loss: {best}."]
    return Scene(panels, html, alt, size=(10.0, 4.2))


class OptimizerRaceExplorer(Explorer):
    """Surface, start, learning rate, momentum and Adam's betas: six optimizers side by side."""

    name = "optimizer-race"
    controls = (
        Choice("surface", "surface", tuple(SURFACES), "ill-conditioned quadratic"),
        Slider("x0", "start x", -2.0, 2.0, 0.1, -1.5, static_values=(-1.5,), fmt="{:.1f}"),
        Slider("y0", "start y", -1.8, 1.8, 0.05, 0.5, static_values=(0.05, 1.5), fmt="{:.2f}"),
        ListSlider("lr_scale", "learning rate ×", (0.1, 0.25, 0.5, 1.0, 2.0, 4.0), 1.0, static_values=(0.25, 1.0, 4.0)),
        Slider("momentum", "momentum", 0.0, 0.99, 0.01, 0.9, static_values=(0.9,)),
        Slider("beta1", "Adam β1", 0.0, 0.99, 0.01, 0.9, static_values=(0.9,)),
        ListSlider("beta2", "Adam β2", (0.9, 0.99, 0.999, 0.9999), 0.999, static_values=(0.999,)),
        IntSlider("steps", "steps", 10, 400, 10, 100, static_values=(100,)),
    )

    def update(self, surface, x0, y0, lr_scale, momentum, beta1, beta2, steps):
        return race_scene(surface, x0, y0, lr_scale, momentum, beta1, beta2, steps)
