"""The controls of an explorer: a ``Slider`` for numbers, a ``Choice`` for options.

Each control knows its live widget (ipywidgets) and the values its static face
offers. The static face precomputes one frame per combination of values, so
sliders usually offer a coarser grid there (``static_values``) than live.
"""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Slider:
    name: str
    label: str
    min: float
    max: float
    step: float
    value: float
    static_values: tuple = None  # default: every ``step`` from min to max
    fmt: str = "{:.2f}"
    live_only: bool = False  # True: not shown on the website at all (its value stays at ``value``)

    def __post_init__(self):
        if not self.min <= self.value <= self.max:
            raise ValueError(f"Slider {self.name!r}: value {self.value} outside [{self.min}, {self.max}]")

    def grid(self):
        """The values the static face offers."""
        if self.live_only:
            return [float(self.value)]
        if self.static_values is not None:
            return [float(v) for v in self.static_values]
        n = int(round((self.max - self.min) / self.step))
        return [round(self.min + i * self.step, 10) for i in range(n + 1)]

    def nearest(self, value):
        """Index in ``grid()`` of the value closest to ``value``."""
        return int(np.argmin(np.abs(np.array(self.grid()) - value)))

    def widget(self, value):
        import ipywidgets as w

        return w.FloatSlider(
            value=value, min=self.min, max=self.max, step=self.step, description=self.label,
            continuous_update=True, readout_format=self.fmt[2:-1],
        )


@dataclass(frozen=True)
class Choice:
    name: str
    label: str
    options: tuple
    value: str
    static_options: tuple = None  # the options the website offers (default: all)

    def __post_init__(self):
        if self.value not in self.options:
            raise ValueError(f"Choice {self.name!r}: value {self.value!r} not among {self.options}")

    fmt = "{}"

    def grid(self):
        return list(self.static_options or self.options)

    def nearest(self, value):
        grid = self.grid()
        return grid.index(value) if value in grid else 0

    def widget(self, value):
        import ipywidgets as w

        return w.Dropdown(options=list(self.options), value=value, description=self.label)


@dataclass(frozen=True)
class ListSlider:
    """A slider over a fixed list of values (e.g. 0.001, 0.01, 0.1): log scales, precomputed settings.

    The live face snaps to the list (``SelectionSlider``); the static face offers
    ``static_values``, a sub-list, or the whole list.
    """

    name: str
    label: str
    values: tuple
    value: float
    static_values: tuple = None
    fmt: str = "{:g}"

    def __post_init__(self):
        if self.value not in self.values:
            raise ValueError(f"ListSlider {self.name!r}: value {self.value!r} not among {self.values}")
        missing = set(self.static_values or ()) - set(self.values)
        if missing:
            raise ValueError(f"ListSlider {self.name!r}: static values {sorted(missing)} not among {self.values}")

    def grid(self):
        return list(self.static_values or self.values)

    def nearest(self, value):
        return int(np.argmin(np.abs(np.array(self.grid(), dtype=float) - value)))

    def widget(self, value):
        import ipywidgets as w

        options = [(self.fmt.format(v), v) for v in self.values]
        return w.SelectionSlider(options=options, value=value, description=self.label, continuous_update=True)
