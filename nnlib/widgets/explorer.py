"""One explorer, one renderer, three faces.

An explorer is a pure function from control values to a ``Scene``, plus its
controls. This base class turns that into

* the **live face** (a notebook with a kernel): an anywidget whose browser half
  is ``static_face.js``; each move of a control sends the controls' positions to
  the kernel, which answers with the new scene as JSON (``live.py``);
* the **static face** (the website): the same script draws frames precomputed by
  the same pure function over the controls' static grids, with no kernel;
* the **pre-run face** (a notebook opened before it runs, whose scripts
  JupyterLab does not run): the default frame drawn as SVG in Python
  (``svg.py``), with the settings it shows and "run the cell to interact";
* the website's **live mode**: the static face carries a recipe
  (``recipe.py``: class and arguments) from which Pyodide rebuilds the explorer
  in the reader's browser and computes every move (``browser.py``).

Displaying an explorer (a chapter cell ending in ``PerceptronExplorer()``)
offers the live widget and the HTML of the other two faces in one output: a
front end with a kernel picks the widget, the book's HTML builder picks the
HTML (``nb_mime_priority_overrides`` in ``_config.yml``). A new explorer only
declares ``name``, ``controls`` and ``update``; it states the value of each of
its controls somewhere in its figure or note, so a reader (and a test) can check
that what the figure shows is what the controls say.
"""
import html
import itertools
import json
from importlib import resources

from .recipe import recipe as make_recipe
from .svg import scene_svg, svg_data_uri

_MIME_WIDGET = "application/vnd.jupyter.widget-view+json"


def asset(name):
    """The text of one of the package's browser files (``static_face.js``, ``static_face.css``)."""
    return resources.files(__package__).joinpath(name).read_text()


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

    def adjust(self, changed, values):
        """Values after the reader moved control ``changed``: a hook for controls that depend on
        each other (e.g. moving a kernel weight selects the "custom" kernel). Default: unchanged."""
        return values

    def scene(self):
        return self.update(**self.values)

    def caption(self, values=None, controls=None):
        """The settings a frame shows, in words: ``gate = AND, w1 = 1.00, ...`` (website controls only)."""
        values = self.values if values is None else values
        shown = [c for c in (self.controls if controls is None else controls) if not c.live_only]
        return ", ".join(c.statement(values[c.name]) for c in shown)

    # ----- live face -------------------------------------------------------------------------------
    def live(self):
        """The live face: an anywidget drawn by ``static_face.js``, the kernel computing each new scene."""
        from .live import ExplorerWidget

        return ExplorerWidget(self)

    def move(self, changed, index):
        """Set every control to its ``live_grid()`` position in ``index`` (name -> int), let ``adjust`` react
        to ``changed``, and return the new scene. The live face calls this on every move."""
        values = dict(self.values)
        for c in self.controls:
            if c.name in index:
                grid = c.live_grid()
                values[c.name] = grid[min(max(int(index[c.name]), 0), len(grid) - 1)]
        self.values = self.adjust(changed, values)
        return self.scene()

    def live_index(self):
        return {c.name: c.live_index(self.values[c.name]) for c in self.controls}

    # ----- the website's live mode ---------------------------------------------------------------------
    def live_arguments(self):
        """Keyword arguments that rebuild this explorer in a browser (``from_live_arguments``): its control
        values. An explorer built from data a browser cannot make (a trained model, scikit-learn's digits)
        adds that data, as arrays, numbers and strings (see ``recipe.py``)."""
        return dict(self.values)

    @classmethod
    def from_live_arguments(cls, **arguments):
        return cls(**arguments)

    def recipe(self):
        """The recipe (``recipe.py``), or ``{"error": why}`` when this explorer cannot be rebuilt in a browser."""
        try:
            return make_recipe(self)
        except TypeError as exc:
            return {"error": f"{type(self).__name__} cannot be rebuilt in the browser: {exc}"}

    # ----- static face -------------------------------------------------------------------------------
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
            html_parts = [intern(f) for f in scene.fragments(scene.html)]
            alt = [intern(f) for f in scene.fragments(scene.alt)]
            frames.append([panels, html_parts, alt])
        controls = []
        for c in self.controls:
            spec = c.spec(self.values[c.name], static=True)
            spec["values"] = c.grid()
            if c.live_only:
                spec["live_only"] = True
            controls.append(spec)
        return {"name": self.name, "width": size[0] * 100, "height": size[1] * 100,
                "controls": controls, "table": table, "frames": frames}

    def static_html(self, data=None):
        """Self-contained HTML of the static and pre-run faces.

        Without scripts (a notebook not yet run) it shows the figure at the current
        values as an SVG image, the settings in words, and how to make it move. With
        scripts (the website) ``static_face.js`` builds the controls and redraws the
        figure from the precomputed frames; the settings line then shows only in print.
        """
        data = self.static_data() if data is None else data
        # "<\/" keeps any "</script>" inside the data from closing the tag early. The recipe is for the
        # website's live mode (the book's build moves it to a file of its own, fetched only in live mode).
        payload = json.dumps({**data, "recipe": self.recipe()}, separators=(",", ":")).replace("</", "<\\/")
        scene = self.scene()
        alt = html.escape(scene.alt_text, quote=True)
        width, height = data["width"], data["height"]
        image = (f'<img src="{svg_data_uri(scene_svg(scene))}" alt="{alt}" width="{width:g}" height="{height:g}"'
                 ' style="max-width: 100%; height: auto">')
        card = ("border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6em 0.7em; margin: 1em 0;"
                " background-color: #ffffff; color: #222222")
        return (
            f'<div class="nnx" data-explorer="{html.escape(self.name)}" style="{card}">'
            f"<style>{asset('static_face.css')}</style>"
            '<p class="nnx-hint" style="color: #555555"><b>Run this cell</b> (Shift+Enter, or Run All) to get the'
            " controls. Until then, the figure at the settings listed under it.</p>"
            f'<div class="nnx-controls"></div>'
            f'<div class="nnx-figure">{image}</div>'
            f'<div class="nnx-note">{scene.html_text}</div>'
            f'<p class="nnx-caption">Shown: {html.escape(self.caption())}.</p>'
            f'<script type="application/json" class="nnx-data">{payload}</script>'
            f"<script>{asset('static_face.js')}\n"
            "(window.nnlibExplorer = window.nnlibExplorer || nnlibFactory()).mount(document.currentScript.parentElement);"
            "</script></div>"
        )

    # ----- every face in one output ------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        data = self.static_data()
        bundle = {"text/plain": f"<{type(self).__name__}: run the notebook for live controls>",
                  "text/html": self.static_html(data)}
        try:
            widget = self.live()
        except ImportError:  # no anywidget: the static face alone still works
            return bundle
        widget.note_samples(data)
        shown = widget._repr_mimebundle_()
        shown = shown[0] if isinstance(shown, tuple) else shown  # anywidget answers (data, metadata)
        bundle[_MIME_WIDGET] = shown[_MIME_WIDGET]
        return bundle
