"""The sliding-window explorer: input size, kernel size, stride and padding, and the output they give.

The left panel is the padded input (padding shaded), with a dot at the centre
of every position the window takes and the first and last windows outlined; the
right panel the output grid, one cell per position. When (n + 2p - k) / s + 1 is
not a whole number the last window would hang over the edge: the explorer says
so with ``conv_output_size``'s own message, as ``Conv2D`` would.
"""
import numpy as np

from ..conv import conv_output_size
from .controls import ListSlider
from .explorer import Explorer
from .scene import Line, Panel, Points, Polygon, Scene, Text, rectangle

INPUT, PAD, WINDOW, OUTPUT = "#e8eef4", "#f6d8b8", "#D55E00", "#0072B2"


def _grid(n, color):
    """Cell borders of an n x n grid with its top-left corner at (0, n)."""
    ticks = np.arange(n + 1)
    return [Line([(t, 0), (t, n)], color, 0.8) for t in ticks] + [Line([(0, t), (n, t)], color, 0.8) for t in ticks]


def sliding_window_scene(n, k, s, p):
    side = n + 2 * p
    items = [Polygon(rectangle(0, 0, side, side), PAD, 1.0), Polygon(rectangle(p, p, p + n, p + n), INPUT, 1.0),
             *_grid(side, "#9aa5b1")]
    formula = f"(n + 2p − k) / s + 1 = ({n} + 2·{p} − {k}) / {s} + 1"
    try:
        out = conv_output_size(n, k, s, p)
    except ValueError as exc:
        out, message = None, str(exc)
    if out is None:
        starts = np.arange(0, side - k + 1, s) if side >= k else np.array([], dtype=int)
        verdict = f"<p><b>Does not fit.</b> {message}.</p>"
    else:
        starts = np.arange(out) * s
        verdict = f"<p>{formula} = <b>{out}</b>: the output is {out}x{out}.</p>"
    if len(starts):
        centres = [(c + k / 2, side - (r + k / 2)) for r in starts for c in starts]
        items.append(Points(centres, [WINDOW] * len(centres), size=3))
        first, last = starts[0], starts[-1]
        items += [Line(rectangle(first, side - first - k, first + k, side - first), WINDOW, 2.5),
                  Line(rectangle(last, side - last - k, last + k, side - last), WINDOW, 2.5, dashed=True)]
        if out is None and last + k < side:  # the strip no window reaches
            items.append(Text(side - (side - last - k) / 2, side / 2, "✗", "#b2182b", 16))
    left = Panel(items, (0, max(side, 1)), (0, max(side, 1)), f"input {n}x{n}, padding {p}: {side}x{side}", "", "",
                 equal=True, axis=False)
    if out is None:
        right = Panel([Text(0.5, 0.5, "no whole-number output size", "#b2182b", 13)], (0, 1), (0, 1), "output", "", "",
                      equal=True, axis=False)
        alt = f"Input {n}, kernel {k}, stride {s}, padding {p}: the windows do not fit."
    else:
        right = Panel([Polygon(rectangle(0, 0, out, out), "#d6e6f4", 1.0), *_grid(out, OUTPUT)], (0, max(out, side)),
                      (0, max(out, side)), f"output {out}x{out}", "", "", equal=True, axis=False)
        alt = f"Input {n}, kernel {k}, stride {s}, padding {p}: output {out} by {out}."
    html = [verdict, f"<p>{len(starts)} window positions per row; products per output cell: {k}·{k} = {k * k}"
                     " per channel.</p>"]
    return Scene([left, right], html, alt, size=(8.0, 4.4))


class SlidingWindowExplorer(Explorer):
    """Input size, kernel size, stride and padding: where the window goes and how big the output is."""

    name = "sliding-window"
    controls = (
        ListSlider("n", "input size n", (4, 5, 6, 7, 8, 9, 10), 6, static_values=(5, 6, 7, 8), fmt="{:d}"),
        ListSlider("k", "kernel size k", (1, 2, 3, 4, 5), 3, static_values=(1, 2, 3, 5), fmt="{:d}"),
        ListSlider("s", "stride s", (1, 2, 3, 4), 1, static_values=(1, 2, 3), fmt="{:d}"),
        ListSlider("p", "padding p", (0, 1, 2, 3), 0, static_values=(0, 1, 2), fmt="{:d}"),
    )

    def update(self, n, k, s, p):
        return sliding_window_scene(n, k, s, p)
