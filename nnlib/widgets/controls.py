"""The controls of an explorer: ``Slider`` and ``IntSlider`` for numbers, ``ListSlider`` for a list of values,
``Choice`` for options.

Each control knows two grids of values: ``live_grid()``, every value the
notebook's live face offers, and ``grid()``, the coarser set the website's
static face precomputes one frame for. Both faces move along a grid by index,
so a value always arrives exactly as written in the grid (an integer stays an
integer, 0.3 stays 0.3): no face ever sends 2.9999999999999996.
"""
from dataclasses import dataclass

import numpy as np


class _Control:
    """What every control shares: its grids, formatting, and a plain-text statement of a value."""

    group = ""  # controls with the same group are drawn together under this caption (live face)
    live_only = False

    def grid(self):
        raise NotImplementedError

    def live_grid(self):
        return self.grid()

    def nearest(self, value):
        """Index in ``grid()`` of the value closest to ``value``."""
        return _nearest(self.grid(), value)

    def live_index(self, value):
        """Index in ``live_grid()`` of the value closest to ``value``."""
        return _nearest(self.live_grid(), value)

    def format(self, value):
        return self.fmt.format(value)

    def statement(self, value):
        """``label = value``, as the caption under a printed or pre-run figure states it."""
        return f"{self.label} = {self.format(value)}"

    def spec(self, value, static=False):
        """What the browser needs to draw this control: its labels along a grid, and where it stands."""
        grid = self.grid() if static else self.live_grid()
        return {"name": self.name, "label": self.label, "kind": self.kind, "labels": [self.format(v) for v in grid],
                "index": _nearest(grid, value), "group": self.group}


def _nearest(grid, value):
    if isinstance(value, str) or any(isinstance(v, str) for v in grid):
        return grid.index(value) if value in grid else 0
    return int(np.argmin(np.abs(np.array(grid, dtype=float) - value)))


@dataclass(frozen=True)
class Slider(_Control):
    """A number from ``min`` to ``max`` in steps of ``step``; the static face offers ``static_values``."""

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float
    static_values: tuple = None  # default: every ``step`` from min to max
    fmt: str = "{:.2f}"
    live_only: bool = False  # True: not on the website at all (its value stays at ``value``)
    group: str = ""

    kind = "range"

    def __post_init__(self):
        if not self.min <= self.value <= self.max:
            raise ValueError(f"{type(self).__name__} {self.name!r}: value {self.value} outside [{self.min}, {self.max}]")
        if not self.step > 0:
            raise ValueError(f"{type(self).__name__} {self.name!r}: step must be positive, got {self.step}")

    def live_grid(self):
        """Every ``step`` from min to max, each rounded to 10 decimals (so 0.1 * 3 is 0.3)."""
        n = int(round((self.max - self.min) / self.step))
        return [round(self.min + i * self.step, 10) for i in range(n + 1)]

    number = float  # the type every value of the grid has (a class attribute, not a field)

    def grid(self):
        if self.live_only:
            return [self.number(self.value)]
        if self.static_values is not None:
            return [self.number(v) for v in self.static_values]
        return self.live_grid()


@dataclass(frozen=True)
class IntSlider(Slider):
    """A whole number: both faces hand the explorer Python ``int``s, never a float to truncate."""

    fmt: str = "{:d}"

    def __post_init__(self):
        for field in ("min", "max", "step", "value"):
            if not isinstance(getattr(self, field), (int, np.integer)) or isinstance(getattr(self, field), bool):
                raise TypeError(f"IntSlider {self.name!r}: {field} must be an int, got {getattr(self, field)!r}")
        super().__post_init__()

    number = int

    def live_grid(self):
        return list(range(int(self.min), int(self.max) + 1, int(self.step)))


@dataclass(frozen=True)
class Choice(_Control):
    """One of ``options`` (strings); the website may offer only ``static_options``."""

    name: str
    label: str
    options: tuple
    value: str
    static_options: tuple = None  # the options the website offers (default: all)
    group: str = ""

    fmt = "{}"
    kind = "select"

    def __post_init__(self):
        if self.value not in self.options:
            raise ValueError(f"Choice {self.name!r}: value {self.value!r} not among {self.options}")

    def grid(self):
        return list(self.static_options or self.options)

    def live_grid(self):
        return list(self.options)


@dataclass(frozen=True)
class ListSlider(_Control):
    """A slider over a fixed list of values (e.g. 0.001, 0.01, 0.1): log scales, precomputed settings.

    The live face moves along the whole list; the static face along
    ``static_values``, a sub-list, or the whole list.
    """

    name: str
    label: str
    values: tuple
    value: float
    static_values: tuple = None
    fmt: str = "{:g}"
    group: str = ""

    kind = "range"

    def __post_init__(self):
        if self.value not in self.values:
            raise ValueError(f"ListSlider {self.name!r}: value {self.value!r} not among {self.values}")
        missing = set(self.static_values or ()) - set(self.values)
        if missing:
            raise ValueError(f"ListSlider {self.name!r}: static values {sorted(missing)} not among {self.values}")

    def grid(self):
        return list(self.static_values or self.values)

    def live_grid(self):
        return list(self.values)
