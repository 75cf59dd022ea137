"""Two-parameter test functions for optimizers, and a runner for nnlib's optimizers on them.

Each surface is a loss L(x, y) of two parameters, with its gradient written out
by hand, a box to draw it in and its minimum value. They isolate one difficulty
each:

* an **ill-conditioned quadratic**: a long narrow valley (curvatures 1 and 25),
  where plain gradient descent zig-zags across and creeps along;
* **Rosenbrock's** banana-shaped valley (Rosenbrock, 1960), curved as well as narrow;
* **Beale's** function, flat plateaus next to steep walls (gradients from 0 to 10^3);
* a **saddle** at the origin, L = x^2/2 + y^4/4 - y^2/2, with minima at y = +-1;
* a **noisy quadratic**: the first surface, but each gradient carries Gaussian
  noise, as a mini-batch gradient does.

``optimizer_path`` runs a real nnlib optimizer on a ``Parameter`` holding (x, y),
so the paths drawn in the chapter are the library's update rules at work.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._checks import as_rng
from .module import Parameter


@dataclass(frozen=True)
class Surface:
    name: str
    loss: Callable  # L(x, y), vectorised over arrays
    gradient: Callable  # (dL/dx, dL/dy)
    box: tuple  # ((x_min, x_max), (y_min, y_max)) to draw
    minimum: float  # the smallest value of L
    argmin: tuple  # where it is reached (one of the places, for the saddle)
    noise: float = 0.0  # standard deviation of the noise added to each gradient component


def _quadratic(x, y):
    return 0.5 * (x**2 + 25 * y**2)


def _quadratic_grad(x, y):
    return x, 25 * y


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)


_BEALE_C = (1.5, 2.25, 2.625)


def _beale(x, y):
    return sum((c - x + x * y ** (k + 1)) ** 2 for k, c in enumerate(_BEALE_C))


def _beale_grad(x, y):
    gx = gy = 0.0
    for k, c in enumerate(_BEALE_C):
        r = c - x + x * y ** (k + 1)
        gx = gx + 2 * r * (y ** (k + 1) - 1)
        gy = gy + 2 * r * (k + 1) * x * y**k
    return gx, gy


def _saddle(x, y):
    return 0.5 * x**2 + 0.25 * y**4 - 0.5 * y**2


def _saddle_grad(x, y):
    return x, y**3 - y


SURFACES = {
    s.name: s
    for s in (
        Surface("ill-conditioned quadratic", _quadratic, _quadratic_grad, ((-2.5, 2.5), (-1.0, 1.0)), 0.0, (0.0, 0.0)),
        Surface("Rosenbrock", _rosenbrock, _rosenbrock_grad, ((-2.0, 2.0), (-1.0, 3.0)), 0.0, (1.0, 1.0)),
        Surface("Beale", _beale, _beale_grad, ((-2.0, 4.0), (-2.0, 2.0)), 0.0, (3.0, 0.5)),
        Surface("saddle", _saddle, _saddle_grad, ((-2.0, 2.0), (-1.8, 1.8)), -0.25, (0.0, 1.0)),
        Surface("noisy quadratic", _quadratic, _quadratic_grad, ((-2.5, 2.5), (-1.0, 1.0)), 0.0, (0.0, 0.0), noise=2.0),
    )
}


def get_surface(surface):
    """A ``Surface`` from itself or its name."""
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; choose one of {sorted(SURFACES)}")
    return SURFACES[surface]


def optimizer_path(surface, make_optimizer, start, steps, rng=0, escape=1e3):
    """The points an optimizer visits on a surface, starting at ``start``: an array (steps + 1, 2).

    ``make_optimizer(params)`` builds the optimizer, e.g. ``lambda ps: Adam(ps, lr=0.1)``.
    ``rng`` seeds the gradient noise of a noisy surface. The run stops early
    (a shorter path) once a coordinate leaves ``[-escape, escape]``: it diverged.
    """
    surface = get_surface(surface)
    point = Parameter(np.array(start, dtype=np.float64).reshape(2))
    optimizer = make_optimizer([point])
    gen = as_rng(rng)
    path = [point.data.copy()]
    for _ in range(int(steps)):
        optimizer.zero_grad()
        point.grad[:] = surface.gradient(*point.data)
        if surface.noise:
            point.grad += surface.noise * gen.standard_normal(2)
        optimizer.step()
        path.append(point.data.copy())
        if not np.all(np.abs(point.data) < escape):
            break
    return np.array(path)
