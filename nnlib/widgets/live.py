"""The live face: an anywidget whose browser half is ``static_face.js``, the same renderer as the website's.

The browser builds the controls and sends their positions (indices into each
control's ``live_grid()``) as ``request``; the kernel calls the explorer's pure
``update`` and answers with the scene as JSON in ``scene``. Only numbers and
short JSON cross the wire, no images: the kernel's share of a move is the
explorer's own maths. The browser keeps at most one request in flight, so a fast
drag never queues stale frames.
"""
import anywidget
import traitlets

from .explorer import asset


class ExplorerWidget(anywidget.AnyWidget):
    """``ExplorerWidget(explorer)``: the explorer's controls and figure, live in a notebook."""

    _esm = traitlets.Unicode(asset("static_face.js") + "\nexport default nnlibFactory().afm;\n").tag(sync=True)
    _css = traitlets.Unicode(asset("static_face.css")).tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    request = traitlets.Dict().tag(sync=True)
    scene = traitlets.Dict().tag(sync=True)

    def __init__(self, explorer, **kwargs):
        self.explorer = explorer
        controls = [c.spec(explorer.values[c.name]) for c in explorer.controls]
        super().__init__(spec={"name": explorer.name, "controls": controls, "notes": []}, **kwargs)
        self.scene = self._answer(explorer.scene(), 0)
        self.observe(self._on_request, names="request")

    def _answer(self, scene, seq):
        data = scene.to_json()
        data["seq"] = seq
        data["index"] = self.explorer.live_index()
        return data

    def _on_request(self, change):
        request = change["new"]
        scene = self.explorer.move(request.get("changed"), request.get("index", {}))
        self.scene = self._answer(scene, request.get("seq", 0))

    def note_samples(self, static_data, k=6):
        """Give the browser the longest notes of the static frames: it reserves their height, so the
        figure below a note never jumps when the note changes length."""
        table = static_data["table"]
        notes = {"".join(table[i] for i in frame[1]) for frame in static_data["frames"]}
        self.spec = {**self.spec, "notes": sorted(notes, key=len, reverse=True)[:k]}

    def set_values(self, **values):
        """Move controls from Python (e.g. in a test); the browser's controls follow."""
        unknown = set(values) - set(self.explorer.values)
        if unknown:
            raise ValueError(f"{type(self.explorer).__name__}: unknown control(s) {sorted(unknown)}")
        self.explorer.values = {**self.explorer.values, **values}
        self.scene = self._answer(self.explorer.scene(), self.scene.get("seq", 0))
