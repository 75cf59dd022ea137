"""From a key press to new pixels: every explorer's live face in a real JupyterLab, timed in Chromium.

A notebook holding every explorer, one per cell (the chapters' explorers without the chapters'
training runs, so the timing is the explorers' own), is opened in JupyterLab and run (Run All).
Then every control of every explorer is moved by keyboard, as a reader would (arrow keys on
sliders and menus), and the time is taken in the page from the keydown event to the first
animation frame after the figure changed (a new SVG, or a new PNG decoded for the older
matplotlib face). For nnlib's face it also reads the renderer's own mark of the moment the new SVG
is in the page ('nnx-drawn'): the difference is the browser's wait for its next frame. Prints a
Markdown table per explorer: moves timed, then median, 95th percentile and worst to new pixels,
and median and 95th percentile to the new SVG, in milliseconds.

    python bench/lab_latency.py                  # every explorer
    python bench/lab_latency.py Kernel Pooling   # explorers whose class name starts so
    PYTHONPATH=/path/to/old/checkout python bench/lab_latency.py   # an older nnlib, for comparison

Run by hand (``make bench`` does not: it takes a few minutes); one heavy job at a time.
"""
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lab"))  # the JupyterLab the notebook tests use
from labserver import CHROMIUM_ARGS, open_notebook, run_all, running_lab  # noqa: E402

MOVES_PER_CONTROL = 6
EXPLORER_CLASSES = ("PerceptronExplorer", "ActivationExplorer", "XorNetworkExplorer", "BumpExplorer", "LossSurfaceExplorer",
                    "BackpropExplorer", "OptimizerRaceExplorer", "LearningRateExplorer", "InitialisationExplorer",
                    "RegularisationExplorer", "SlidingWindowExplorer", "PoolingExplorer", "KernelExplorer",
                    "GradientFlowExplorer", "UnrolledExplorer", "TemperatureExplorer")
# The temperature explorer shows a trained model's table (chapter 8): a small stand-in of the same shape.
TABLE = """chars = list(" etaoinshrdlu")
table = {"prompt": "In the beginning", "chars": chars, "temperatures": {t: {"probabilities":
         list(np.exp(-np.arange(len(chars)) / t) / np.exp(-np.arange(len(chars)) / t).sum()),
         "sample": "In the beginning God created"} for t in (0.2, 0.5, 0.8, 1.0, 1.5)}}"""
# Installed once per page: the time of the latest keydown, and a promise per move that resolves on
# the first animation frame after the watched figure changed.
PROBE = """() => {
  window.__keyAt = 0;
  document.addEventListener('keydown', e => { window.__keyAt = e.timeStamp; }, true);
  window.__nextFrame = (figure, timeout) => new Promise(resolve => {
    let start = 0;
    // the new SVG is in the page at the renderer's 'nnx-drawn' mark; on screen at the next frame
    const drawnAt = () => {
      const marks = performance.getEntriesByName('nnx-drawn').filter(m => m.startTime >= start);
      return marks.length ? marks[0].startTime - start : null;
    };
    const done = () => requestAnimationFrame(() => resolve({frame: performance.now() - start, drawn: drawnAt()}));
    const watch = new MutationObserver(records => {
      start = window.__keyAt;  // the key press this change answers
      watch.disconnect(); clearTimeout(timer);
      const img = figure.tagName === 'IMG' ? figure : figure.querySelector('img');
      if (img && records.some(r => r.target === img || r.target.contains(img))) img.decode().then(done, done);
      else done();
    });
    watch.observe(figure, {childList: true, subtree: true, attributes: true, attributeFilter: ['src']});
    const timer = setTimeout(() => { watch.disconnect(); resolve(null); }, timeout);
  });
}"""
# The explorers' live outputs, whichever face: nnlib's renderer (.nnx-live) or ipywidgets' VBox of
# controls, PNG and note (an older nnlib).
EXPLORERS = """() => [...document.querySelectorAll('.jp-OutputArea-output')].filter(o =>
  o.querySelector('.nnx-live') || o.querySelector('.widget-vbox .widget-image, .widget-vbox img'))"""
CONTROLS = ".nnx-live [data-control], .widget-vbox select, .widget-vbox .noUi-handle, .widget-vbox input[type=range]"


def control_state(control):
    return control.evaluate("el => el.getAttribute('aria-valuenow') || el.value")


def time_moves(page, output, control):
    """Times (ms) of up to MOVES_PER_CONTROL keyboard moves of one control; moves that change nothing are skipped.

    nnlib's controls and menus move by arrow keys. The older ipywidgets slider does not take arrow
    keys here: it is moved by typing a value into its readout and pressing Enter (timed from Enter).
    """
    figure = output.query_selector(".nnx-figure") or output.query_selector("img")
    if "noUi-handle" in (control.get_attribute("class") or ""):
        return time_typed_moves(page, figure, control)
    is_select = control.evaluate("el => el.tagName") == "SELECT"
    keys = ["ArrowDown", "ArrowUp"] if is_select else ["ArrowRight", "ArrowLeft"]
    times, direction, tries = [], 0, 0
    control.focus()
    while len(times) < MOVES_PER_CONTROL and tries < 3 * MOVES_PER_CONTROL:
        tries += 1
        before = control_state(control)
        page.evaluate("f => { window.__pending = window.__nextFrame(f, 3000); }", figure)
        control.press(keys[direction])
        if control_state(control) == before:  # at the end of its range: turn round
            direction = 1 - direction
            continue
        elapsed = page.evaluate("() => window.__pending")
        if elapsed is not None:
            times.append(elapsed)
        if len(times) % 3 == 0:
            direction = 1 - direction
    return times


def time_typed_moves(page, figure, handle):
    low, high = (float(handle.get_attribute(a)) for a in ("aria-valuemin", "aria-valuemax"))
    readout = handle.evaluate_handle("h => h.closest('.widget-slider').querySelector('.widget-readout')").as_element()
    times = []
    for fraction in (0.2, 0.4, 0.6, 0.8, 0.3, 0.7)[:MOVES_PER_CONTROL]:
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(f"{low + fraction * (high - low):.6g}")
        page.evaluate("f => { window.__pending = window.__nextFrame(f, 3000); }", figure)
        page.keyboard.press("Enter")
        elapsed = page.evaluate("() => window.__pending")
        if elapsed is not None:
            times.append(elapsed)
    return times


def write_notebook(path, classes):
    import nbformat

    cells = [nbformat.v4.new_code_cell("import numpy as np\nfrom nnlib.widgets import *\n" + TABLE)]
    cells += [nbformat.v4.new_code_cell(f"{name}({'table' if name == 'TemperatureExplorer' else ''})") for name in classes]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                         "language": "python"}})
    nbformat.write(nb, path)


def measure(url, notebook, browser):
    context, page = open_notebook(browser, url, notebook.name)
    try:
        run_all(page)
        page.wait_for_timeout(1500)
        page.evaluate(PROBE)
        results = {}
        outputs = page.evaluate_handle(EXPLORERS)
        for k in range(page.evaluate("os => os.length", outputs)):
            output = page.evaluate_handle("([os, k]) => os[k]", [outputs, k]).as_element()
            name = output.evaluate("o => o.closest('.jp-CodeCell').querySelector('.jp-InputArea-editor').textContent")
            name = name.split("(")[0].strip()
            times = []
            for control in output.query_selector_all(CONTROLS):
                if not control.is_visible():
                    continue
                times += time_moves(page, output, control)
            results[name] = times
        return results
    finally:
        context.close()


def percentiles(values):
    """Median and 95th percentile of ``values``, as table cells."""
    if not values:
        return "| |"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"| {statistics.median(ordered):.0f} | {p95:.0f}"


def summary(times):
    """One table row's cells: moves, key press to new pixels (median, p95, worst), key press to new SVG."""
    if not times:
        return "| 0 | | | | | |"
    frames = [t["frame"] for t in times]
    drawn = [t["drawn"] for t in times if t["drawn"] is not None]
    return f"| {len(times)} {percentiles(frames)} | {max(frames):.0f} {percentiles(drawn)} |"


def main(prefixes):
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        notebook = Path(tmp) / "explorers.ipynb"
        write_notebook(notebook, [c for c in EXPLORER_CLASSES if not prefixes or c.startswith(tuple(prefixes))])
        rows, everything = [], []
        with running_lab(tmp) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, times in measure(url, notebook, browser).items():
                rows.append(f"| {name} {summary(times)}")
                everything += times
                print(rows[-1], flush=True)
            browser.close()
    print("\n| explorer | moves | to new pixels: median ms | p95 ms | max ms | to new SVG: median ms | p95 ms |"
          "\n|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"| all {summary(everything)}")


if __name__ == "__main__":
    main(sys.argv[1:])
