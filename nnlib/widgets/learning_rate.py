"""The learning-rate explorer: the loss after a fixed budget of steps, against the learning rate.

For one surface and one optimizer, the curve on the right holds one run per
learning rate on a logarithmic grid (computed once per surface and optimizer,
then cached); the path on the left is the run at the chosen rate. The curve has
the shape every practitioner learns to expect: flat and high for rates too small
to get anywhere, a valley of good rates, then a cliff where the steps overshoot
and the run diverges.
"""
from functools import lru_cache

import numpy as np

from ..surfaces import SURFACES, optimizer_path
from .controls import Choice, ListSlider
from .explorer import Explorer
from .optimizer_race import COLORS, inside_box, make_optimizers, surface_contours
from .scene import Line, Panel, Points, Scene

RATES = tuple(float(f"{r:.3g}") for r in np.logspace(-4, 0, 17))  # four per decade
STARTS = {"ill-conditioned quadratic": (-1.5, 0.5), "Rosenbrock": (-1.5, 1.5), "Beale": (1.0, -0.5)}
OPTIMIZERS = ("SGD", "momentum", "Adam")
STEPS = 100
FLOOR, CEILING = 1e-8, 1e4  # the curve's log scale is clipped here; diverged runs sit on the ceiling


def run(surface, optimizer, lr):
    """The path of ``optimizer`` (a name of the race) on ``surface`` with learning rate ``lr``."""
    make = make_optimizers(lr, lr)[optimizer]
    return optimizer_path(surface, make, STARTS[surface], STEPS)


def final_gap(surface, path):
    """Loss minus the minimum at the end of a path; the ceiling if it diverged."""
    s = SURFACES[surface]
    if len(path) < STEPS + 1:
        return CEILING
    return float(np.clip(s.loss(*path[-1]) - s.minimum, FLOOR, CEILING))


@lru_cache(maxsize=None)
def gap_curve(surface, optimizer):
    """log10 of the final gap for every rate of ``RATES``: an array (len(RATES), 2) of (log10 lr, log10 gap)."""
    gaps = [final_gap(surface, run(surface, optimizer, lr)) for lr in RATES]
    return np.column_stack([np.log10(RATES), np.log10(gaps)])


def learning_rate_scene(surface, optimizer, lr):
    s = SURFACES[surface]
    path = run(surface, optimizer, lr)
    gap = final_gap(surface, path)
    color = COLORS[optimizer]
    left = [Line(seg, "#c3cad2", 1.0) for seg in surface_contours(surface)]
    left += [Line(np.round(inside_box(path, s.box), 2), color, 1.8), Points([STARTS[surface]], ["#ffffff"], ["#222222"], 5),
             Points([s.argmin], ["#222222"], size=4)]
    curve = gap_curve(surface, optimizer)
    right = [Line(np.round(curve, 3), color, 1.8), Points(curve, [color] * len(curve), size=3),
             Points([(np.log10(lr), np.log10(gap))], ["#ffffff"], ["#222222"], 6)]
    good = curve[curve[:, 1] <= curve[:, 1].min() + 1][:, 0]
    verdict = ("diverged" if gap >= CEILING else
               "in the good range" if np.log10(lr) in good else
               "too small to get far" if np.log10(lr) < good.min() else "past the best rates")
    panels = [Panel(left, *s.box, f"{optimizer}, learning rate {lr:g}", "x", "y"),
              Panel(right, (-4, 0), (np.log10(FLOOR), np.log10(CEILING)), f"loss − minimum after {STEPS} steps",
                    "log10 learning rate", "log10 loss gap")]
    end = "diverged" if gap >= CEILING else f"{gap:.2e}"
    if len(good) == 1:
        best = f"Only one rate of the grid comes within a factor 10 of the best result: {10 ** good[0]:.3g}."
    else:
        best = (f"Good rates (within a factor 10 of the best result): the {len(good)} rates from {10 ** good.min():.3g}"
                f" to {10 ** good.max():.3g}.")
    html = [f"<p>{optimizer} on the {surface} surface, learning rate {lr:.3g}: loss − minimum after {STEPS} steps is"
            f" <b>{end}</b> ({verdict}). {best}</p>"]
    return Scene(panels, html, [f"{optimizer} on {surface} with learning rate {lr:g}: {end}, {verdict}."],
                 size=(10.0, 4.2))


class LearningRateExplorer(Explorer):
    """Surface, optimizer and learning rate: the final loss against the rate, and the chosen run's path."""

    name = "learning-rate"
    controls = (
        Choice("surface", "surface", tuple(STARTS), "ill-conditioned quadratic"),
        Choice("optimizer", "optimizer", OPTIMIZERS, "SGD"),
        ListSlider("lr", "learning rate", RATES, RATES[8], static_values=RATES[::2], fmt="{:.3g}"),
    )

    def update(self, surface, optimizer, lr):
        return learning_rate_scene(surface, optimizer, lr)
