"""What an explorer draws, as plain data: panels holding polygons, lines, points, text and rasters.

An explorer's update function returns a ``Scene``. One renderer draws it as SVG,
``static_face.js``, for every face: the website's static face (precomputed
frames, ``Explorer.static_data``), the notebook's live face (the kernel sends
``Scene.to_json()`` to an anywidget) and, later, a live face on the website.
``svg.py`` draws the same picture server-side for the face a reader meets
before running a notebook. Matplotlib stays optional: ``Scene.to_png`` and
``Scene.plot`` import it only when called.

Colours are literal hex strings. The neutral ones (``INK``, ``MUTED``, ``FAINT``,
``PAPER`` and the greys listed in ``static_face.js``) stand for roles that follow
the page's light or dark theme; the others are kept, lightened or darkened only
as far as they need to stand out from the background.
"""
import io
from dataclasses import dataclass, field

import numpy as np

INK, MUTED, FAINT, PAPER = "#222222", "#555555", "#9aa5b1", "#ffffff"


def _xy(points):
    return np.round(np.asarray(points, dtype=np.float64), 4).tolist()


@dataclass
class Polygon:
    """A filled region, e.g. one side of a decision line."""

    xy: np.ndarray
    color: str
    alpha: float = 0.2

    def draw(self, ax):
        if len(self.xy) >= 3:
            ax.fill(*np.asarray(self.xy).T, color=self.color, alpha=self.alpha, linewidth=0)

    def to_json(self):
        return {"kind": "polygon", "xy": _xy(self.xy), "color": self.color, "alpha": self.alpha}


@dataclass
class Line:
    """A polyline through ``xy`` (k, 2)."""

    xy: np.ndarray
    color: str = "#222222"
    width: float = 2.0
    dashed: bool = False

    def draw(self, ax):
        xy = np.asarray(self.xy)
        ax.plot(xy[:, 0], xy[:, 1], color=self.color, linewidth=self.width, linestyle="--" if self.dashed else "-")

    def to_json(self):
        return {"kind": "line", "xy": _xy(self.xy), "color": self.color, "width": self.width, "dashed": self.dashed}


@dataclass
class Points:
    """Markers at ``xy``; one fill colour each, and an optional edge colour each (``None``: no edge)."""

    xy: np.ndarray
    colors: list
    edges: list = None
    size: float = 9.0  # radius in pixels at 100 dpi

    def draw(self, ax):
        given = self.edges or [None] * len(self.colors)
        edges = [e or c for e, c in zip(given, self.colors)]
        widths = [3 if e else 0 for e in given]
        xy = np.asarray(self.xy)
        # scatter sizes are areas in points^2; a radius of r pixels at 100 dpi is 0.72 r points
        ax.scatter(xy[:, 0], xy[:, 1], s=(1.44 * self.size) ** 2, c=self.colors, edgecolors=edges,
                   linewidths=widths, zorder=3)

    def to_json(self):
        return {"kind": "points", "xy": _xy(self.xy), "colors": list(self.colors), "edges": self.edges, "size": self.size}


@dataclass
class Text:
    """A short label at data coordinates (x, y); ``anchor`` "middle", "start" (left end at x) or "end".

    The renderers never draw text smaller than 11 px; on a raster cell, text takes
    whichever of its colour, near-black or white stands out from that cell.
    """

    x: float
    y: float
    text: str
    color: str = "#222222"
    size: float = 11.0
    anchor: str = "middle"

    def draw(self, ax):
        ha = {"middle": "center", "start": "left", "end": "right"}[self.anchor]
        ax.text(self.x, self.y, self.text, color=self.color, fontsize=self.size * 0.75 * 1.33, ha=ha, va="center", zorder=4)

    def to_json(self):
        out = {"kind": "text", "x": round(float(self.x), 4), "y": round(float(self.y), 4), "text": self.text,
               "color": self.color, "size": self.size}
        if self.anchor != "middle":
            out["anchor"] = self.anchor
        return out


PALETTES = {  # level 0 -> 100: grey (white to black) for images, diverging (blue, white, red) for signed maps
    "gray": ((1.0, 1.0, 1.0), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)),
    "diverging": ((0.129, 0.400, 0.675), (1.0, 1.0, 1.0), (0.698, 0.094, 0.169)),
}


@dataclass
class Raster:
    """A small image: one square cell per value, coloured on a palette between ``vmin`` and ``vmax``.

    ``extent`` is (x0, x1, y0, y1) in data coordinates; row 0 is drawn at the top.
    Values are stored as integer levels 0..100, which keeps static frames small.
    """

    values: np.ndarray
    extent: tuple
    vmin: float
    vmax: float
    palette: str = "gray"

    def levels(self):
        v = np.asarray(self.values, dtype=np.float64)
        span = self.vmax - self.vmin
        return np.clip(np.round(100 * (v - self.vmin) / (span if span > 0 else 1.0)), 0, 100).astype(int)

    def rgb(self):
        """The colours the browser draws too: linear from the palette's start to middle to end."""
        low, mid, high = (np.array(c) for c in PALETTES[self.palette])
        t = self.levels()[..., None] / 100.0
        return np.where(t < 0.5, low + (mid - low) * 2 * t, mid + (high - mid) * (2 * t - 1))

    def draw(self, ax):
        x0, x1, y0, y1 = self.extent
        ax.imshow(self.rgb(), extent=(x0, x1, y0, y1), interpolation="nearest", aspect="auto", zorder=0)

    def to_json(self):
        rows, cols = np.shape(self.values)
        return {"kind": "raster", "rows": rows, "cols": cols, "extent": [float(e) for e in self.extent],
                "levels": self.levels().ravel().tolist(), "palette": [list(c) for c in PALETTES[self.palette]]}


@dataclass
class Panel:
    """One set of axes: limits, labels and the items drawn in it (in order)."""

    items: list
    xlim: tuple
    ylim: tuple
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    equal: bool = False
    axis: bool = True  # False: no frame or ticks (diagrams)
    legend: tuple = ()  # (label, colour, dashed) entries, drawn as a row of keys under the title

    def draw(self, ax):
        for item in self.items:
            item.draw(ax)
        for label, color, dashed in self.legend:
            ax.plot([], [], color=color, linestyle="--" if dashed else "-", label=label)
        if self.legend:
            ax.legend(fontsize=8)
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)
        ax.set_xticks(self._ticks(self.xlim))
        ax.set_yticks(self._ticks(self.ylim))
        ax.set_title(self.title)
        ax.set_xlabel(self.xlabel)
        ax.set_ylabel(self.ylabel)
        if self.equal:
            ax.set_aspect("equal")
        if not self.axis:
            ax.axis("off")

    @staticmethod
    def _ticks(lim):
        return nice_ticks(*lim)

    def meta_json(self):
        """Everything but the items: usually the same in every frame, so stored once."""
        meta = {
            "xlim": list(map(float, self.xlim)), "ylim": list(map(float, self.ylim)),
            "xticks": self._ticks(self.xlim), "yticks": self._ticks(self.ylim),
            "title": self.title, "xlabel": self.xlabel, "ylabel": self.ylabel, "equal": self.equal,
            "axis": self.axis,
        }
        if self.legend:
            meta["legend"] = [[str(label), color, bool(dashed)] for label, color, dashed in self.legend]
        return meta

    def to_json(self):
        return {"meta": self.meta_json(), "items": [item.to_json() for item in self.items]}


def nice_ticks(lo, hi, bins=5):
    """At most ``bins`` + 1 round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) within [lo, hi]."""
    span = float(hi) - float(lo)
    if not span > 0:
        return [float(lo)]
    raw = span / bins
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = np.ceil(lo / step - 1e-9) * step
    ticks = np.arange(first, hi + step * 1e-6, step)
    return [float(round(t, 10)) + 0.0 for t in ticks if lo - 1e-9 <= t <= hi + 1e-9]


def rectangle(x0, y0, x1, y1):
    """The closed outline of an axis-aligned rectangle, for a ``Line`` or ``Polygon``."""
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def image_panel(values, title, vmin, vmax, palette="gray", items=()):
    """A panel showing a 2-D array as a framed ``Raster`` (row 0 at the top), with ``items`` drawn on it."""
    rows, cols = np.shape(values)
    drawn = [Raster(values, (0, cols, 0, rows), vmin, vmax, palette), Line(rectangle(0, 0, cols, rows), "#555555", 1.0)]
    return Panel(drawn + list(items), (0, cols), (0, rows), title, "", "", equal=True, axis=False)


@dataclass
class Scene:
    """Panels side by side, an HTML note under them, and alt text describing the picture.

    ``html`` and ``alt`` may be lists of fragments (joined when shown): the static
    face stores each distinct fragment once, so a table whose rows recur across
    frames costs little.
    """

    panels: list
    html: object = ""
    alt: object = ""
    size: tuple = field(default=(5.0, 4.2))  # inches; 100 px each in the browser

    @staticmethod
    def fragments(text):
        return [text] if isinstance(text, str) else list(text)

    @property
    def html_text(self):
        return "".join(self.fragments(self.html))

    @property
    def alt_text(self):
        return "".join(self.fragments(self.alt))

    def to_json(self):
        """The whole picture as JSON-ready data, as the live face sends it to ``static_face.js``."""
        return {"width": self.size[0] * 100, "height": self.size[1] * 100,
                "panels": [panel.to_json() for panel in self.panels], "html": self.html_text, "alt": self.alt_text}

    def to_svg(self):
        """The picture as a standalone SVG document at its natural size (light colours), drawn in Python."""
        from .svg import scene_svg

        return scene_svg(self)

    def draw(self, fig):
        # Fixed margins: a layout engine would cost more than the drawing itself.
        fig.subplots_adjust(left=0.75 / self.size[0], right=1 - 0.15 / self.size[0],
                            bottom=0.55 / self.size[1], top=1 - 0.4 / self.size[1], wspace=0.35)
        axes = fig.subplots(1, len(self.panels), squeeze=False)[0]
        for panel, ax in zip(self.panels, axes):
            panel.draw(ax)
        return fig

    def plot(self):
        """Draw with pyplot, for a notebook cell that ends with ``plt.show()``."""
        import matplotlib.pyplot as plt

        return self.draw(plt.figure(figsize=self.size, facecolor="white"))

    def to_png(self):
        """PNG bytes drawn by matplotlib, off-screen (no pyplot figure is left open)."""
        from matplotlib.figure import Figure

        fig = self.draw(Figure(figsize=self.size, dpi=100, facecolor="white"))
        buf = io.BytesIO()
        fig.savefig(buf, format="png", facecolor="white")
        return buf.getvalue()
