"""Sphinx extension: the website's live mode, explorers and exercises computed by nnlib in the reader's browser.

At the end of the build it fills ``_live/`` beside the pages (nothing in
``_static/``, which every page loads): Pyodide's core runtime and numpy,
verified against the official lock (``tools/pyodide_assets.py``; a mismatch
stops the build), this checkout's nnlib, and the two scripts of live mode
(``nnlib/widgets/live_site.js``, ``live_worker.js``). On each page with an
explorer or a self-checking exercise it

* moves each explorer's recipe (how Pyodide rebuilds it, carried in its data)
  into ``_live/recipes/``, fetched only in live mode;
* writes the chapter's exercises to ``_live/exercises/``: the stub and check
  cells (tagged ``exercise-stub`` and ``exercise-check`` in the notebook) and
  the chapter's numpy and nnlib imports;
* appends one small inline script: a "Run live" button on each explorer and
  "Edit and check here" under each exercise. Pyodide loads on the first click:
  until then the page loads nothing more.
"""
import ast
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ("live_site.js", "live_worker.js")
DATA = re.compile(r'(<script type="application/json" class="nnx-data">)(.*?)(</script>)', re.S)
SETUP_MODULES = ("numpy", "nnlib")  # what a checker needs; the rest of a chapter's imports stay in the notebook

# The page's share of live mode: buttons, and live_site.js loaded on the first click.
BOOT = """<style>
.nnx-livebar { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3em 0.8em; margin: 0 0 0.5em; }
.nnx-livebar button, .nnx-exercise button { font: inherit; font-size: 0.9em; padding: 0.15em 0.7em; border-radius: 4px;
  border: 1px solid var(--pst-color-primary, #0072b2); background: transparent; color: var(--pst-color-primary, #0072b2);
  cursor: pointer; }
.nnx-livebar button:disabled, .nnx-exercise button:disabled { opacity: 0.6; cursor: default; }
.nnx-status { color: var(--pst-color-text-muted, #555); font-size: 0.9em; }
.nnx-exercise { margin: 0.4em 0 1em; }
.nnx-exercise textarea { display: block; width: 100%; box-sizing: border-box; font-family: var(--pst-font-family-monospace,
  monospace); font-size: 0.85em; line-height: 1.45; tab-size: 4; padding: 0.5em; border: 1px solid var(--pst-color-border,
  #d0d7de); border-radius: 4px; background: var(--pst-color-surface, #f6f8fa); color: var(--pst-color-text-base, #222); }
.nnx-exercise .nnx-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3em 0.8em; margin: 0.4em 0; }
.nnx-exercise pre.nnx-output { white-space: pre-wrap; margin: 0.3em 0; }
@media print { .nnx-livebar, .nnx-exercise .nnx-row { display: none; } }
</style>
<script>(function () {
  "use strict";
  var base = "__BASE__", page = "__PAGE__", loading = null;
  var served = location.protocol === "http:" || location.protocol === "https:";
  var offline = "Live mode needs the site served over http (browsers do not run WebAssembly in a page opened as a"
    + " file): run make serve, then open http://127.0.0.1:8000.";
  function live() {
    loading = loading || new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + "live_site.js";
      s.onload = function () { resolve(window.nnlibLive); };
      s.onerror = function () { loading = null; reject(new Error("could not load " + s.src)); };
      document.head.appendChild(s);
    });
    return loading;
  }
  function bar(label, title) {
    var box = document.createElement("div"), button = document.createElement("button"), status = document.createElement("span");
    box.className = "nnx-livebar"; button.type = "button"; button.textContent = label; button.title = title;
    status.className = "nnx-status"; status.setAttribute("role", "status");
    box.append(button, status);
    if (!served) { button.disabled = true; status.textContent = offline; }
    return { box: box, button: button, status: status };
  }
  function wire(b, start) {
    b.button.addEventListener("click", function () {
      b.button.disabled = true;
      live().then(start, function (e) { b.status.textContent = "Live mode could not start: " + e.message; b.button.disabled = false; });
    });
  }
  document.querySelectorAll(".nnx[data-explorer]").forEach(function (root) {
    var b = bar("Run live", "Compute every move with nnlib in this page (loads Python, about 17 MB, once per page)");
    root.insertBefore(b.box, root.querySelector(".nnx-controls"));
    wire(b, function (l) { l.explorer(root, b); });
  });
  var stubs = document.querySelectorAll(".cell.tag_exercise-stub");
  stubs.forEach(function (cell, k) {
    var b = bar("Edit and check here", "Edit this code and run the check in this page (loads Python, about 17 MB, once per page)");
    b.box.classList.add("nnx-exercise-bar");
    cell.after(b.box);
    wire(b, function (l) { l.exercise(cell, k, base + "exercises/" + page + ".json", b); });
  });
})();</script>
"""


def _relative_base(pagename):
    return "../" * pagename.count("/") + "_live/"


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _imports(sources):
    """The chapter's import statements of numpy and nnlib, and its numpy print options, in order, once each."""
    found = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            keep = (isinstance(node, ast.Import) and all(a.name.split(".")[0] in SETUP_MODULES for a in node.names)) or (
                isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in SETUP_MODULES) or (
                isinstance(node, ast.Expr) and ast.unparse(node.value).startswith("np.set_printoptions("))
            segment = ast.get_source_segment(source, node)
            if keep and segment not in found:
                found.append(segment)
    return found


def exercises(notebook):
    """``{setup, exercises: [{stub, check}]}`` of a notebook: its tagged exercise cells, in order."""
    cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    source = lambda cell: "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]  # noqa: E731
    tagged = lambda cell, tag: tag in cell.get("metadata", {}).get("tags", [])  # noqa: E731
    stubs = [i for i, c in enumerate(cells) if tagged(c, "exercise-stub")]
    found = []
    for i in stubs:
        check = next((c for c in cells[i + 1:] if tagged(c, "exercise-check")), None)
        if check is None:
            raise ExtensionError(f"live_mode: an exercise-stub cell has no exercise-check cell after it: {source(cells[i])[:60]!r}")
        found.append({"stub": source(cells[i]), "check": source(check)})
    checks = sum(tagged(c, "exercise-check") for c in cells)
    if checks != len(stubs):
        raise ExtensionError(f"live_mode: {len(stubs)} exercise-stub cells but {checks} exercise-check cells")
    last = stubs[-1] if stubs else 0
    return {"setup": _imports(source(c) for c in cells[:last]), "exercises": found}


def add_live_mode(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_live"
    base = _relative_base(pagename)

    def external(match):
        """The explorer's data without its recipe, which goes to a file: ``"recipe": {"src": url}``."""
        data = json.loads(match.group(2))
        recipe = data.get("recipe")
        if recipe is None or "src" in recipe:
            return match.group(0)
        text = json.dumps(recipe, separators=(",", ":"))
        name = hashlib.sha256(text.encode()).hexdigest()[:16] + ".json"
        _write(out / "recipes" / name, text)
        data["recipe"] = {"src": f"{base}recipes/{name}"}
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")  # as explorer.py writes it
        return match.group(1) + payload + match.group(3)

    body = DATA.sub(external, body)
    has_exercises = "tag_exercise-stub" in body
    if has_exercises:
        path = Path(app.env.doc2path(pagename))
        if path.suffix == ".ipynb":
            _write(out / "exercises" / f"{pagename}.json", json.dumps(exercises(json.loads(path.read_text())), indent=1))
    if has_exercises or 'class="nnx" data-explorer=' in body:
        body += BOOT.replace("__BASE__", base).replace("__PAGE__", pagename)
    context["body"] = body


def place_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import pyodide_assets
    finally:
        sys.path.pop(0)
    out = Path(app.outdir) / "_live"
    try:
        pyodide_assets.install(out)
    except pyodide_assets.AssetError as exc:
        raise ExtensionError(f"live mode: {exc}") from exc
    for name in SCRIPTS:
        shutil.copyfile(ROOT / "nnlib" / "widgets" / name, out / name)


def setup(app):
    app.connect("html-page-context", add_live_mode)
    app.connect("build-finished", place_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
