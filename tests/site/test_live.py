"""Live mode in a real browser: explorers and exercises computed by nnlib in the page (Pyodide), offline.

On every chapter page every explorer goes live (one Pyodide per page, loaded on the first click); one of its
controls moves to a value its static face does not offer (where it offers them all, to another one), and the
scene the page draws must be the one CPython's nnlib computes from the same recipe at the same setting. The
page's first self-checking exercise runs twice in the page, with its stub (a planted bug, or not written yet)
and with the solution the chapter hides, and the checker must say what it says in CPython. No request may
leave 127.0.0.1, and before the first click a page fetches nothing of live mode. The files live mode serves
are the official Pyodide and numpy builds and this checkout's nnlib.
"""
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from nnlib.widgets import browser as session
from nnlib.widgets.recipe import build

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import pyodide_assets  # noqa: E402

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CHAPTERS = sorted(f"{c['file']}.html" for part in TOC["parts"] for c in part["chapters"]
                  if c["file"].startswith("chapters/"))
LIVE_TIMEOUT = 90_000  # ms: Pyodide's first load on a busy 2-core machine, or a slow first computation


# ----- the files ----------------------------------------------------------------------------------------
def test_live_files_are_the_official_builds_and_this_checkout(site):
    _, html = site
    live = Path(html) / "_live"
    for name, data in pyodide_assets.core_files().items():  # from the npm tarball whose sha512 is pinned
        assert (live / "pyodide" / name).read_bytes() == data, name
    lock = json.loads((live / "pyodide" / "pyodide-lock.json").read_text())
    for package in pyodide_assets.PACKAGES:
        entry = lock["packages"][package]
        assert hashlib.sha256((live / "pyodide" / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert "Mozilla Public License Version 2.0" in (live / "pyodide" / "MPL-2.0.txt").read_text()
    assert "Redistribution and use in source and binary forms" in (live / "pyodide" / "numpy-LICENSE.txt").read_text()
    served = json.loads((live / "nnlib-manifest.json").read_text())
    here = {name: hashlib.sha256(data).hexdigest() for name, data in pyodide_assets.nnlib_files(ROOT).items()}
    assert served == here and "nnlib/widgets/browser.py" in here


def test_a_file_that_is_not_the_official_one_stops_the_build(site, tmp_path):
    """A package build whose sha256 is not the lock's, or a tarball that is not the pinned one, is refused."""
    cache = tmp_path / "cache"
    shutil.copytree(pyodide_assets.CACHE, cache)
    wheel = next((cache / "packages").glob("numpy-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 1
    wheel.write_bytes(bytes(data))
    with pytest.raises(pyodide_assets.AssetError, match="is not the lock's"):
        pyodide_assets.wheels(cache)
    tarball = cache / f"pyodide-{pyodide_assets.VERSION}.tgz"
    tarball.write_bytes(tarball.read_bytes() + b"\0")
    with pytest.raises(pyodide_assets.AssetError, match="is not the pinned"):
        pyodide_assets.core_files(cache)


# ----- recipes (CPython) -------------------------------------------------------------------------------
def every_explorer():
    """One of each explorer class; those built from a trained model's results get small stand-ins."""
    import numpy as np

    from nnlib.text import Vocabulary, load_genesis
    from nnlib.transformer import CharTransformer
    from nnlib.widgets import AttentionExplorer, Explorer, TemperatureExplorer

    chars = list(" abc")
    table = {"prompt": "In the", "chars": chars, "temperatures": {
        t: {"probabilities": list(np.random.default_rng(1).dirichlet(np.ones(4))), "sample": "In the cab"} for t in (0.5, 1.0)}}
    vocab = Vocabulary(load_genesis())
    made = {TemperatureExplorer: lambda: TemperatureExplorer(table),
            AttentionExplorer: lambda: AttentionExplorer(CharTransformer(len(vocab), 16, 2, 1, context=32, rng=0), vocab)}
    classes = sorted((c for c in Explorer.__subclasses__() if c.__module__.startswith("nnlib.widgets")), key=lambda c: c.name)
    return [made.get(cls, cls)() for cls in classes]


def test_a_recipe_rebuilds_its_explorer_through_json():
    explorers = every_explorer()
    assert len(explorers) >= 19
    for explorer in explorers:
        recipe = explorer.recipe()
        rebuilt = build(json.loads(json.dumps(recipe)))
        assert type(rebuilt) is type(explorer) and rebuilt.values == explorer.values, explorer.name
        assert [c.live_grid() for c in rebuilt.controls] == [c.live_grid() for c in explorer.controls]
        assert rebuilt.scene().to_json() == explorer.scene().to_json(), explorer.name


def test_recipes_carry_exact_arrays_and_refuse_what_a_browser_cannot_rebuild():
    import numpy as np

    from nnlib.widgets import PerceptronExplorer
    from nnlib.widgets.recipe import decode, encode

    value = {"a": np.arange(6, dtype=np.float64).reshape(2, 3) / 7, 0.5: (1, "x"), "inf": float("inf")}
    back = decode(json.loads(json.dumps(encode(value))))
    assert back["a"].tobytes() == value["a"].tobytes() and back["a"].shape == (2, 3)
    assert back[0.5] == (1, "x") and back["inf"] == float("inf")

    class Unbuildable(PerceptronExplorer):
        def live_arguments(self):
            return {"model": object()}

    assert "cannot be rebuilt in the browser" in Unbuildable().recipe()["error"]


# ----- in the browser --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def live_browser(site, browser, guard):
    """One browser context for every chapter (its cache warms as a reader's would); every request recorded,
    any leaving 127.0.0.1 refused and noted (the Web Worker's requests pass through the same guard)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    seen, problems = [], []
    guard(context, problems, seen)
    yield context, seen, problems
    context.close()


def open_page(live_browser, site, chapter):
    context, seen, problems = live_browser
    base, _ = site
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    start = len(seen)
    page.goto(f"{base}/{chapter}", wait_until="load")
    page.wait_for_load_state("networkidle", timeout=60000)
    return page, seen[start:]


def go_live(page, k):
    page.locator(".nnx[data-explorer]").nth(k).locator(".nnx-livebar button").click()
    page.wait_for_function(
        """(k) => { const root = document.querySelectorAll('.nnx[data-explorer]')[k];
                    if (/failed/.test(root.querySelector('.nnx-status').textContent))
                        throw new Error(root.querySelector('.nnx-status').textContent);
                    return root.dataset.live === 'on'; }""", arg=k, timeout=LIVE_TIMEOUT)


def recipe_of(page, html, k):
    data = json.loads(page.locator(".nnx[data-explorer]").nth(k).locator("script.nnx-data").text_content())
    src = data["recipe"]["src"]  # the build moved it out of the page
    return json.loads((Path(html) / "chapters" / src).resolve().read_text())


def a_move(explorer):
    """(control, position in its live grid): a value the static face does not offer, else another value."""
    index = explorer.live_index()
    for c in explorer.controls:
        off = [i for i, v in enumerate(c.live_grid()) if v not in c.grid()]
        if off:
            return c, off[len(off) // 2]
    c = next(c for c in explorer.controls if len(c.live_grid()) > 1)
    return c, (index[c.name] + 1) % len(c.live_grid())


def differences(got, want, path="scene"):
    """Where two scenes differ: text and structure exactly, numbers beyond the last digit the scene keeps
    (coordinates are rounded to 4 decimals, raster levels to whole numbers; BLAS-free numpy in the page may
    sum in another order than CPython's and land on the other side of a rounding)."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or set(got) != set(want):
            return [f"{path}: keys {sorted(got) if isinstance(got, dict) else got} != {sorted(want)}"]
        return [d for k in want for d in differences(got[k], want[k], f"{path}.{k}")]
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [f"{path}: {got!r:.80} != {want!r:.80}"]
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in differences(g, w, f"{path}[{i}]")]
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(got, (int, float)):
        slack = 1 if ".levels" in path else 1.01e-4 + 1e-9 * abs(want)
        return [] if abs(got - want) <= slack else [f"{path}: {got} != {want}"]
    return [] if got == want and type(got) is type(want) else [f"{path}: {got!r} != {want!r}"]


SHAPES = """([k, scene]) => {
  const root = document.querySelectorAll('.nnx[data-explorer]')[k], figure = root.querySelector('.nnx-figure');
  const probe = document.createElement('div');
  probe.className = 'nnx-figure';
  root.appendChild(probe);
  const width = Math.floor(figure.getBoundingClientRect().width);
  window.nnlibExplorer.renderScene(probe, scene, {width: width});
  const shapes = (el) => [...el.querySelectorAll('svg *')].map(n => n.tagName + ':' + (n.tagName === 'text' ? n.textContent : ''));
  const result = [shapes(figure), shapes(probe)];
  probe.remove();
  return result;
}"""


def explorer_goes_live_and_matches_cpython(page, html, k):
    root = page.locator(".nnx[data-explorer]").nth(k)
    explorer = build(recipe_of(page, html, k))  # CPython, from the recipe the page carries,
    shown = page.evaluate("""(k) => Object.fromEntries([...document.querySelectorAll('.nnx[data-explorer]')[k]
        .querySelectorAll('.nnx-controls [data-control]')].map(i => [i.dataset.control, Number(i.value)]))""", k)
    for c in explorer.controls:  # at the setting the static face shows (its grid's nearest value, if not the default)
        explorer.values[c.name] = c.grid()[shown[c.name]] if c.name in shown else c.grid()[c.nearest(explorer.values[c.name])]
    go_live(page, k)
    spec = page.evaluate("""(k) => [...document.querySelectorAll('.nnx[data-explorer]')[k]
        .querySelectorAll('.nnx-controls [data-control]')].map(i => [i.dataset.control,
        i.tagName === 'SELECT' ? i.options.length : Number(i.max) + 1])""", k)
    # live controls: every control, over its whole live grid
    assert spec == [[c.name, len(c.live_grid())] for c in explorer.controls], explorer.name
    first = page.evaluate("(k) => document.querySelectorAll('.nnx[data-explorer]')[k].querySelector('.nnx-figure').nnxScene", k)
    assert differences({k: v for k, v in first.items() if k not in ("type", "seq", "index")}, explorer.scene().to_json()) == []
    control, position = a_move(explorer)
    page.evaluate("""([k, name, position]) => {
        const input = document.querySelectorAll('.nnx[data-explorer]')[k].querySelector(`[data-control="${name}"]`);
        input.value = String(position);
        input.dispatchEvent(new Event('input', {bubbles: true}));
    }""", [k, control.name, position])
    page.wait_for_function("(k) => document.querySelectorAll('.nnx[data-explorer]')[k].dataset.frame === '1'",
                           arg=k, timeout=LIVE_TIMEOUT)
    index = page.evaluate("""(k) => Object.fromEntries([...document.querySelectorAll('.nnx[data-explorer]')[k]
        .querySelectorAll('.nnx-controls [data-control]')].map(i => [i.dataset.control, Number(i.value)]))""", k)
    assert index[control.name] == position
    want = explorer.move(control.name, index).to_json()
    got = page.evaluate("(k) => document.querySelectorAll('.nnx[data-explorer]')[k].querySelector('.nnx-figure').nnxScene", k)
    assert got["index"] == explorer.live_index(), explorer.name
    assert differences({k: v for k, v in got.items() if k not in ("type", "seq", "index")}, want) == [], explorer.name
    drawn, expected = page.evaluate(SHAPES, [k, want])  # the same renderer draws CPython's scene alike
    assert drawn == expected and len(drawn) > 10, explorer.name
    value = control.live_grid()[position]
    assert f"{control.label} = {control.format(value)}" in root.locator(".nnx-caption").text_content()
    return explorer.name, control.name, value


def solution_of(notebook, check_cell):
    """The chapter's hidden solution for an exercise: the next hidden cell calling the same checker, without
    that call (the check cell makes it)."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    source = lambda c: "".join(c["source"])  # noqa: E731
    at = next(i for i, c in enumerate(cells) if source(c) == check_cell)
    call = [line for line in check_cell.splitlines() if line.strip() and not line.startswith(("from ", "import "))]
    solution = next(c for c in cells[at + 1:] if "hide-cell" in c["metadata"].get("tags", []) and call[0] in source(c))
    return "\n".join(line for line in source(solution).splitlines() if line not in call) + "\n"


def run_check(page, k, code):
    box = page.locator(".nnx-exercise").nth(k)
    done = int(box.get_attribute("data-checked") or 0)
    box.locator("textarea").fill(code)
    box.locator("button.nnx-check").click()
    page.wait_for_function(f"document.querySelectorAll('.nnx-exercise')[{k}].dataset.checked === '{done + 1}'",
                           timeout=LIVE_TIMEOUT)
    return box.locator("pre.nnx-output").text_content()


def in_cpython(monkeypatch, setup, code, check):
    monkeypatch.delenv("NNLIB_HIDE_HINTS", raising=False)  # a reader's run: hints shown, as in the page
    return session.check(json.dumps(setup), code, check)


NNLIB_IN_THE_PAGE = """
import hashlib, json, pathlib, nnlib
root = pathlib.Path(nnlib.__file__).parent.parent
json.dumps({"where": str(root), "files": {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "nnlib").rglob("*")) if p.is_file() and "__pycache__" not in p.parts}})
"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_goes_live(chapter, site, live_browser, monkeypatch):
    _, html = site
    page, before = open_page(live_browser, site, chapter)
    assert not [u for u in before if "/_live/" in u]  # nothing of live mode before a click
    assert "__array__" not in (Path(html) / chapter).read_text()  # recipes' arrays stay out of the page
    explorers = page.locator(".nnx[data-explorer]").count()
    assert explorers >= 1
    moved = [explorer_goes_live_and_matches_cpython(page, html, k) for k in range(explorers)]
    assert len(moved) == explorers
    if chapter == CHAPTERS[0]:  # the nnlib the page runs is this checkout's
        shown = json.loads(page.evaluate("(code) => window.nnlibLive.request('run', {code})", NNLIB_IN_THE_PAGE))
        assert shown["where"] == "/lib/python3.12/site-packages"
        assert shown["files"] == {n: hashlib.sha256(d).hexdigest() for n, d in pyodide_assets.nnlib_files(ROOT).items()}

    # the first self-checking exercise: its stub, then the chapter's own solution, checked in the page
    item = json.loads((Path(html) / "_live" / "exercises" / chapter.replace(".html", ".json")).read_text())
    notebook = json.loads((ROOT / chapter.replace(".html", ".ipynb")).read_text())
    stub, check = item["exercises"][0]["stub"], item["exercises"][0]["check"]
    tagged = [c for c in notebook["cells"] if "exercise-stub" in c["metadata"].get("tags", [])]
    assert stub == "".join(tagged[0]["source"])
    page.locator(".nnx-exercise-bar button").first.click()
    assert page.locator(".nnx-exercise textarea").first.input_value() == stub
    wrong = run_check(page, 0, stub)
    right = run_check(page, 0, solution_of(notebook, check))
    assert wrong == in_cpython(monkeypatch, item["setup"], stub, check)
    assert right == in_cpython(monkeypatch, item["setup"], solution_of(notebook, check), check)
    assert "passed" in right and "passed" not in wrong
    page.close()
    _, seen, problems = live_browser
    assert problems == []
    assert any(u.endswith("/_live/pyodide/pyodide.asm.wasm") for u in seen)  # the worker's requests are guarded too


def test_a_page_opened_as_a_file_keeps_its_static_face_and_says_how_to_go_live(site, browser):
    _, html = site
    context = browser.new_context()
    page = context.new_page()
    page.goto((Path(html) / CHAPTERS[0]).as_uri(), wait_until="load")
    root = page.locator(".nnx[data-explorer]").first
    assert root.locator(".nnx-livebar button").is_disabled()
    assert "make serve" in root.locator(".nnx-status").text_content()
    frame = root.get_attribute("data-frame")
    control = root.locator(".nnx-controls input[type=range]").first
    control.focus()
    page.keyboard.press("End" if control.input_value() == "0" else "Home")
    assert root.get_attribute("data-frame") != frame  # the precomputed frames still answer
    context.close()
