"""The live face: an anywidget whose browser half is ``static_face.js``, the same renderer as the website's.

The browser builds the controls and sends their positions (indices into each
control's ``live_grid()``) in a custom message; the kernel calls the explorer's
pure ``update`` and answers with the scene as JSON in another. Only numbers and
short JSON cross the wire, no images, and no synchronised state beyond the first
scene: the kernel's share of a move is the explorer's own maths. The browser
keeps at most one move in flight, so a fast drag never queues stale frames.
"""
import anywidget
import traitlets

from .explorer import asset


class ExplorerWidget(anywidget.AnyWidget):
    """``ExplorerWidget(explorer)``: the explorer's controls and figure, live in a notebook."""

    _esm = traitlets.Unicode(asset("static_face.js") + "\nexport default nnlibFactory().afm;\n").tag(sync=True)
    _css = traitlets.Unicode(asset("static_face.css")).tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    scene = traitlets.Dict().tag(sync=True)  # the first scene, drawn as soon as the widget shows

    def __init__(self, explorer, **kwargs):
        self.explorer = explorer
        controls = [c.spec(explorer.values[c.name]) for c in explorer.controls]
        super().__init__(spec={"name": explorer.name, "controls": controls, "notes": []}, **kwargs)
        self.scene = self._answer(explorer.scene(), 0)
        self.last = self.scene
        self.on_msg(self._on_message)

    def _answer(self, scene, seq):
        data = scene.to_json()
        data.update(type="scene", seq=seq, index=self.explorer.live_index())
        return data

    def _on_message(self, _, content, buffers=None):
        if content.get("type") == "move":
            self.handle_move(content)

    def handle_move(self, move):
        """Answer one move ({seq, index, changed}) with the new scene; returns what was sent."""
        scene = self.explorer.move(move.get("changed"), move.get("index", {}))
        self.last = self._answer(scene, move.get("seq", 0))
        self.send(self.last)
        return self.last

    def note_samples(self, static_data, k=6):
        """Give the browser the longest notes of the static frames: it reserves their height, so the
        figure below a note never jumps when the note changes length."""
        table = static_data["table"]
        notes = {"".join(table[i] for i in frame[1]) for frame in static_data["frames"]}
        self.spec = {**self.spec, "notes": sorted(notes, key=len, reverse=True)[:k]}
