"""The website's live mode, Python side: nnlib running in the reader's browser (Pyodide, in a Web Worker).

``live_worker.js`` loads Pyodide, numpy and this checkout's nnlib, then calls
these functions with JSON text and hands their JSON answers to the page:

* ``start(key, recipe, static_index)``: rebuild an explorer from the recipe
  its static face carries, at the setting the static face shows; answer its
  controls over their full live grids and its first scene;
* ``move(key, move)``: one move, as the notebook's live face sends it
  (``{seq, index, changed}``, indices into the live grids); answer the scene;
* ``check(setup, code, check)``: run a reader's exercise (the chapter's
  imports, the reader's code, the check cell) in a fresh namespace and answer
  what it printed, hints included: the reader ran it.

The answers are what ``ExplorerWidget`` (``live.py``) sends a notebook, so the
one renderer, ``static_face.js``, draws both.
"""
import builtins
import contextlib
import io
import json
import os
import traceback

from .recipe import build

explorers = {}


def _answer(explorer, seq, scene):
    data = scene.to_json()
    data.update(type="scene", seq=seq, index=explorer.live_index())
    return data


def start(key, recipe, static_index="{}"):
    """Build the explorer of ``recipe`` (JSON) at the static face's setting: ``{name: index}`` into each moving
    control's ``grid()``; the others at their grid's value nearest their own, as the static face shows them."""
    explorer = build(json.loads(recipe))
    static_index = json.loads(static_index)
    for c in explorer.controls:  # what the static face shows: its grid's value, fixed ones included
        grid = c.grid()
        explorer.values[c.name] = grid[int(static_index[c.name])] if c.name in static_index else grid[c.nearest(explorer.values[c.name])]
    explorers[key] = explorer
    controls = [c.spec(explorer.values[c.name]) for c in explorer.controls]
    return json.dumps({"name": explorer.name, "controls": controls, "scene": _answer(explorer, 0, explorer.scene())})


def move(key, move):
    """One move of the live controls (JSON ``{seq, index, changed}``): the new scene, as JSON."""
    move = json.loads(move)
    explorer = explorers[key]
    scene = explorer.move(move.get("changed"), move.get("index", {}))
    return json.dumps(_answer(explorer, move.get("seq", 0), scene))


ONLY_HERE = ("  (In the page, Python has the standard library, numpy and nnlib; run the notebook on your"
             " computer for the rest.)")


def check(setup, code, check_code):
    """Run an exercise as a fresh notebook would: ``setup`` (JSON list of the chapter's import statements, each
    skipped if it cannot run in the page), the reader's ``code``, then ``check_code``; return what it printed."""
    os.environ.pop("NNLIB_HIDE_HINTS", None)  # the reader ran the check: hints are theirs to see
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        for statement in json.loads(setup):
            try:
                exec(compile(statement, "<chapter setup>", "exec"), namespace)
            except ImportError:
                pass  # e.g. a plotting module: the checks need only numpy and nnlib
        for source, name in ((code, "<your code>"), (check_code, "<check>")):
            try:
                exec(compile(source, name, "exec"), namespace)
            except Exception as exc:  # the reader's code: show the error as a notebook would
                frames = traceback.extract_tb(exc.__traceback__)[1:]  # not this function's own frame
                print("".join(traceback.format_list(frames) if frames else []), end="")
                print("".join(traceback.format_exception_only(type(exc), exc)), end="")
                if isinstance(exc, ImportError):
                    print(ONLY_HERE)
                break
    return out.getvalue()
