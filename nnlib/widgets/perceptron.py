"""The perceptron explorer: move w1, w2 and b and watch the decision line and the truth table.

The unit outputs 1 where ``w1 x1 + w2 x2 + b >= 0``. That region is a half-plane
whose edge, the decision line ``w1 x1 + w2 x2 + b = 0``, is perpendicular to
``(w1, w2)``; ``b`` slides it along that direction.
"""
import numpy as np

from ..data import logic_gate
from .controls import Choice, Slider
from .explorer import Explorer
from .scene import Line, Panel, Points, Polygon, Scene, Text

ONE, ZERO = "#0072B2", "#D55E00"  # blue and vermilion: safe for colour-blind readers
WRONG = "#111111"
BOX = (-0.5, 1.5)


def halfplane(w, b, box=BOX):
    """Corners of the part of the square ``box`` x ``box`` where ``w . x + b >= 0``.

    Walks round the square keeping the corners inside and adding the points where
    an edge crosses the line (Sutherland-Hodgman clipping by one half-plane).
    """
    lo, hi = box
    square = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]])
    side = square @ np.asarray(w, dtype=float) + b
    out = []
    for k in range(4):
        p, q, sp, sq = square[k], square[(k + 1) % 4], side[k], side[(k + 1) % 4]
        if sp >= 0:
            out.append(p)
        if (sp >= 0) != (sq >= 0):
            out.append(p + (q - p) * sp / (sp - sq))
    return np.array(out).reshape(-1, 2)


def decision_line(w, b, box=BOX):
    """Two points of ``w . x + b = 0`` on the square's edges (the drawing clips the rest); ``None`` if w = 0."""
    w1, w2 = w
    lo, hi = box
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) >= abs(w1):
        xs = np.array([lo, hi])
        pts = np.column_stack([xs, -(w1 * xs + b) / w2])
    else:
        ys = np.array([lo, hi])
        pts = np.column_stack([-(w2 * ys + b) / w1, ys])
    return pts


def perceptron_scene(gate, w1, w2, b):
    """The pure update function of the explorer: a ``Scene`` for one setting of the controls."""
    X, y = logic_gate(gate)
    w = np.array([w1, w2], dtype=float)
    z = X @ w + b
    out = (z >= 0).astype(int)
    correct = int(np.sum(out == y))
    items = [
        Polygon(halfplane(w, b), ONE, 0.16),
        Polygon(halfplane(-w, -b), ZERO, 0.12),
    ]
    line = decision_line(w, b)
    if line is not None:
        items.append(Line(line, "#222222", 2.0))
    items.append(Points(X, [ONE if t else ZERO for t in y], [None if o == t else WRONG for o, t in zip(out, y)]))
    items += [Text(x1, x2 - 0.17, f"({x1:.0f},{x2:.0f})", size=11) for x1, x2 in X]
    title = f"{gate}: {correct} of 4 correct"
    panel = Panel(items, BOX, BOX, title, "x1", "x2", equal=True)
    rows = [
        f"<tr><td>{x1:.0f}</td><td>{x2:.0f}</td><td>{t}</td><td>{zi:+.2f}</td><td>{o}</td>"
        f"<td>{'✓' if o == t else '✗'}</td></tr>"
        for (x1, x2), t, zi, o in zip(X, y, z, out)
    ]
    html = [
        "<table><thead><tr><th>x1</th><th>x2</th><th>target</th><th>w1·x1 + w2·x2 + b</th>"
        "<th>output</th><th></th></tr></thead><tbody>",
        *rows,
        f"</tbody></table><p><b>{correct} of 4 correct.</b> Output 1 (blue side) where"
        " w1·x1 + w2·x2 + b ≥ 0; a black ring marks a wrong output.</p>",
    ]
    alt = [
        f"Perceptron with w1 = {w1:.2f}, w2 = {w2:.2f}, b = {b:.2f}",
        f" on the {gate} gate: {correct} of the 4 inputs classified correctly.",
    ]
    return Scene([panel], html, alt, size=(4.6, 4.4))


class PerceptronExplorer(Explorer):
    """Sliders for w1, w2, b and a gate: the decision line, shaded half-planes, truth table."""

    name = "perceptron"
    weights = (-1.0, -0.5, 0.0, 0.5, 1.0)
    controls = (
        Choice("gate", "gate", ("AND", "OR", "NAND", "XOR"), "AND"),
        Slider("w1", "w1", -2.0, 2.0, 0.05, 1.0, static_values=weights),
        Slider("w2", "w2", -2.0, 2.0, 0.05, 1.0, static_values=weights),
        Slider("b", "b", -3.0, 3.0, 0.05, -2.0, static_values=(-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)),
    )

    def update(self, gate, w1, w2, b):
        return perceptron_scene(gate, w1, w2, b)
