"""The floor under every live explorer in JupyterLab: one message to the kernel and back, doing nothing.

An anywidget whose kernel side answers each message at once is run in a real JupyterLab in headless
Chromium (the one ``lab_latency.py`` and the notebook tests use). The page sends a message and times,
with ``performance.now()``, until the answer arrives: the path every explorer's move takes (browser,
websocket, Jupyter server, ZMQ, kernel and back) with no maths and no drawing. Compare its median with
``lab_latency.py``'s: what an explorer adds on top is its own update and the SVG.

    python bench/lab_round_trip.py            # 100 round trips, one at a time
"""
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lab"))
from labserver import CHROMIUM_ARGS, open_notebook, run_all, running_lab  # noqa: E402

ECHO = '''import anywidget

class Echo(anywidget.AnyWidget):
    """Answers every message at once."""
    _esm = """
    export default { render({ model, el }) {
      el.textContent = "echo ready";
      window.__roundTrip = () => new Promise((done) => {
        const start = performance.now();
        const answer = () => { model.off("msg:custom", answer); done(performance.now() - start); };
        model.on("msg:custom", answer);
        model.send({ ping: true });
      });
    } }"""

    def __init__(self):
        super().__init__()
        self.on_msg(lambda widget, content, buffers: self.send({"pong": True}))

Echo()'''

TIMES = """async (n) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    times.push(await window.__roundTrip());
    await new Promise((pause) => setTimeout(pause, 40));  // one at a time, as a hand moves
  }
  return times;
}"""


def main(n=100):
    import nbformat
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(ECHO)],
                                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                               "language": "python"}})
        nbformat.write(nb, Path(tmp) / "echo.ipynb")
        with running_lab(tmp) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context, page = open_notebook(browser, url, "echo.ipynb")
            run_all(page)
            page.wait_for_function("typeof window.__roundTrip === 'function'", timeout=60000)
            page.evaluate(TIMES, 10)  # warm up
            times = sorted(page.evaluate(TIMES, n))
            context.close()
            browser.close()
    p95 = times[int(0.95 * (len(times) - 1))]
    print("| round trips | median ms | p95 ms | min ms | max ms |")
    print("|---|---|---|---|---|")
    print(f"| {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | {times[0]:.1f} | {times[-1]:.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
