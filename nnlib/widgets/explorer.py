"""One explorer, two faces.

An explorer is a pure function from control values to a ``Scene``, plus its
controls. This base class turns that into

* the **live face**: ipywidgets controls and the figure, redrawn on every move
  (JupyterLab, Notebook, VS Code);
* the **static face**: HTML with range inputs and an SVG figure, whose frames
  are precomputed by the same pure function over the controls' grids, so the
  picture still responds on the website with no Python kernel.

Displaying an explorer (a chapter cell ending in ``PerceptronExplorer()``)
offers both in one output: front ends with a kernel pick the widget, the book's
HTML builder picks the static face (``nb_mime_priority_overrides`` in
``_config.yml``). A new explorer only declares ``controls`` and ``update``.
"""
import html
import itertools
import json
from importlib import resources

from .controls import Choice

_MIME_WIDGET = "application/vnd.jupyter.widget-view+json"


class Explorer:
    """Subclass and set ``name``, ``controls`` and ``update(**values) -> Scene``."""

    name = "explorer"
    controls = ()
    max_static_frames = 4000

    def __init__(self, **values):
        known = {c.name for c in self.controls}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"{type(self).__name__}: unknown control(s) {sorted(unknown)}; controls are {sorted(known)}")
        self.values = {c.name: values.get(c.name, c.value) for c in self.controls}

    def update(self, **values):
        """The pure function: control values in, ``Scene`` out. Must be fast (< 50 ms)."""
        raise NotImplementedError

    def scene(self):
        return self.update(**self.values)

    # ----- live face -------------------------------------------------------------
    def live(self):
        """ipywidgets controls above the figure and its HTML note; redrawn on every change."""
        import ipywidgets as w

        widgets = {c.name: c.widget(self.values[c.name]) for c in self.controls}
        image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        note = w.HTML()

        def redraw(_=None):
            self.values = {name: wd.value for name, wd in widgets.items()}
            scene = self.scene()
            image.layout.width = f"{scene.size[0] * 100:.0f}px"  # native size: sharp, not stretched
            image.value = scene.to_png()
            note.value = scene.html_text

        for wd in widgets.values():
            wd.observe(redraw, names="value")
        redraw()
        return w.VBox([w.HBox(list(widgets.values()), layout=w.Layout(flex_flow="row wrap")), image, note])

    # ----- static face -----------------------------------------------------------
    def frames(self):
        """Every combination of the controls' grids, in mixed-radix order (last control fastest)."""
        grids = [c.grid() for c in self.controls]
        count = 1
        for g in grids:
            count *= len(g)
        if count > self.max_static_frames:
            raise ValueError(
                f"{type(self).__name__}: the static face would need {count} frames (limit"
                f" {self.max_static_frames}); give the sliders coarser static_values"
            )
        names = [c.name for c in self.controls]
        for combo in itertools.product(*grids):
            yield self.update(**dict(zip(names, combo)))

    def static_data(self):
        """The static face's data: controls, and frames whose parts are stored once each."""
        table, index = [], {}

        def intern(obj):
            key = json.dumps(obj, sort_keys=True, separators=(",", ":"))
            if key not in index:
                index[key] = len(table)
                table.append(obj)
            return index[key]

        frames = []
        size = None
        for scene in self.frames():
            size = scene.size
            panels = [[intern(p.meta_json()), [intern(i.to_json()) for i in p.items]] for p in scene.panels]
            html = [intern(f) for f in scene.fragments(scene.html)]
            alt = [intern(f) for f in scene.fragments(scene.alt)]
            frames.append([panels, html, alt])
        controls = [{"name": c.name, "values": c.grid(), "labels": [c.fmt.format(v) for v in c.grid()]}
                    for c in self.controls]
        return {"name": self.name, "width": size[0] * 100, "height": size[1] * 100,
                "controls": controls, "table": table, "frames": frames}

    def static_html(self):
        """Self-contained HTML: controls, an empty figure, the data and the renderer."""
        # "<\/" keeps any "</script>" inside the data from closing the tag early.
        data = json.dumps(self.static_data(), separators=(",", ":")).replace("</", "<\\/")
        inputs = []
        for c in self.controls:
            i, grid = c.nearest(self.values[c.name]), c.grid()
            label = html.escape(c.label)
            if getattr(c, "live_only", False):  # a notebook-only control: the explorer's note says so
                continue
            if len(grid) == 1:  # fixed on the website; live in a notebook
                inputs.append(f'<span class="nnx-fixed">{label} = {html.escape(c.fmt.format(grid[0]))}'
                              " (run the notebook to change)</span>")
            elif isinstance(c, Choice):
                opts = "".join(
                    f'<option value="{k}"{" selected" if k == i else ""}>{html.escape(str(v))}</option>'
                    for k, v in enumerate(grid)
                )
                inputs.append(f'<label>{label} <select data-control="{c.name}">{opts}</select></label>')
            else:
                inputs.append(
                    f'<label>{label} <input type="range" data-control="{c.name}" min="0" max="{len(grid) - 1}"'
                    f' step="1" value="{i}" aria-label="{label}"> <output>{c.fmt.format(grid[i])}</output></label>'
                )
        here = resources.files(__package__)
        script = here.joinpath("static_face.js").read_text()
        style = here.joinpath("static_face.css").read_text()
        return (
            f'<div class="nnx" data-explorer="{self.name}"><style>{style}</style>'
            f'<div class="nnx-controls">{"".join(inputs)}</div>'
            f'<div class="nnx-figure" role="img"></div><div class="nnx-note"></div>'
            f'<script type="application/json" class="nnx-data">{data}</script>'
            f"<script>{script}\nnnlibExplorer.mount(document.currentScript.parentElement);</script></div>"
        )

    # ----- both faces in one output ------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": f"<{type(self).__name__}: run the notebook for live controls>"}
        bundle["text/html"] = self.static_html()
        try:
            widget = self.live()
        except ImportError:  # no ipywidgets: the static face alone still works
            return bundle
        bundle[_MIME_WIDGET] = widget._repr_mimebundle_()[_MIME_WIDGET]
        return bundle
