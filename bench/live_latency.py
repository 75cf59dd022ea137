"""Live mode in headless Chromium on a local server: the page's cold weight, going live, and each update.

Run by hand on a built site (``make book`` first)::

    python bench/live_latency.py [_build/html] [--moves 20] [--chapters 01,06]

It serves the site on 127.0.0.1 (counting the bytes it sends) and prints three Markdown tables:

1. **Cold weight**: each chapter page loaded with an empty cache and nothing clicked: requests, bytes
   (gzipped, as a server would send them), requests into ``_live/`` (must be 0), and what live mode adds
   to the HTML (the inline button script and each explorer's recipe address), raw and gzipped.
2. **Going live**: on each chapter page, from the click on the first explorer's "Run live" to its first
   live frame (``data-live="on"``, the SVG drawn), with a cold cache (a new browser context) and a warm
   one (the same page opened again in that context); the bytes sent for live mode; then every other
   explorer of the page (Pyodide is loaded by then).
3. **Updates**: per explorer, ``--moves`` moves of a random control to a random position of its live grid
   (seeded): time from the input event to the new SVG in the DOM, and to the next animation frame.

The machine's load average is printed: on a shared 2-core machine the numbers are inflated.
"""
import argparse
import functools
import gzip
import http.server
import os
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
BOOT = re.compile(r"<style>\n\.nnx-livebar.*?</script>\n", re.S)  # what _ext/live_mode.py appends
RECIPE_SRC = re.compile(r',"recipe":\{"src":"[^"]*"\}')


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of each response body, by path."""

    sent = {}

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        path = unquote(urlparse(self.path).path)
        CountingHandler.sent[path] = CountingHandler.sent.get(path, 0) + len(data)


def serve(html):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def gz(data):
    return len(gzip.compress(data, 6))


def cold_weight(browser, base, html, pages):
    rows = []
    for name in pages:
        context = browser.new_context()
        page = context.new_page()
        urls = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(f"{base}/{name}", wait_until="load")
        page.wait_for_load_state("networkidle")
        context.close()
        files = [Path(html) / (unquote(urlparse(u).path).lstrip("/") or "index.html") for u in dict.fromkeys(urls)]
        total = sum(gz(p.read_bytes()) for p in files if p.is_file())
        text = (Path(html) / name).read_text()
        plain = RECIPE_SRC.sub("", BOOT.sub("", text))
        live = [u for u in urls if "/_live/" in u]
        rows.append(f"| {name} | {len(urls)} | {total / 1000:.0f} KB | {len(live)} |"
                    f" {len(text.encode()) - len(plain.encode())} B / {gz(text.encode()) - gz(plain.encode())} B |")
    print("| page | requests | cold weight (gzipped) | requests into _live/ | live mode's share of the HTML (raw / gzipped) |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


MOVE = """async ([k, name, position]) => {
  const root = document.querySelectorAll('.nnx[data-explorer]')[k];
  const input = root.querySelector(`.nnx-controls [data-control="${name}"]`);
  const figure = root.querySelector('.nnx-figure');
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const watch = new MutationObserver(() => {
      watch.disconnect();
      const drawn = performance.now() - t0;
      requestAnimationFrame(() => resolve([drawn, performance.now() - t0]));
    });
    watch.observe(figure, {childList: true});
    input.value = position;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  });
}"""

GO_LIVE = """async (k) => {
  const root = document.querySelectorAll('.nnx[data-explorer]')[k];
  const t0 = performance.now();
  root.querySelector('.nnx-livebar button').click();
  while (root.dataset.live !== 'on') {
    if (/failed/.test(root.querySelector('.nnx-status').textContent)) return -1;
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - t0;
}"""


def live_bytes(before):
    return sum(v - before.get(k, 0) for k, v in CountingHandler.sent.items() if k.startswith("/_live/"))


def going_live(playwright, base, pages, moves, rng):
    live_rows, update_rows, all_updates, steps = [], [], [], []
    for name in pages:
        # a profile of its own: a disk cache, as a reader's browser has (an incognito context keeps no
        # response as large as Pyodide's 10 MB WebAssembly module)
        profile = tempfile.TemporaryDirectory()
        context = playwright.chromium.launch_persistent_context(profile.name, executable_path=CHROMIUM, args=ARGS,
                                                                viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/{name}", wait_until="load")
        before = dict(CountingHandler.sent)
        cold = page.evaluate(GO_LIVE, 0)
        cold_bytes = live_bytes(before)
        page = context.new_page()  # the same page again: the browser's cache is warm now
        page.goto(f"{base}/{name}", wait_until="load")
        before = dict(CountingHandler.sent)
        warm = page.evaluate(GO_LIVE, 0)
        warm_bytes = live_bytes(before)
        steps.append((name, page.evaluate("""() => performance.getEntriesByType('mark')
            .filter(m => m.name.startsWith('nnx-live')).map(m => m.name.replace('nnx-live: ', '') + ' at ' + (m.startTime / 1000).toFixed(2) + ' s')""")))
        names = page.evaluate("[...document.querySelectorAll('.nnx[data-explorer]')].map(e => e.dataset.explorer)")
        others = [page.evaluate(GO_LIVE, k) for k in range(1, len(names))]
        live_rows.append(f"| {name} | {names[0]} | {cold / 1000:.2f} s | {warm / 1000:.2f} s | {cold_bytes / 1e6:.1f} MB |"
                         f" {warm_bytes / 1e6:.2f} MB | " + ", ".join(f"{n} {t:.0f} ms" for n, t in zip(names[1:], others)) + " |")
        for k, explorer in enumerate(names):
            controls = page.evaluate("""(k) => [...document.querySelectorAll('.nnx[data-explorer]')[k]
                .querySelectorAll('.nnx-controls [data-control]')].map(i => [i.dataset.control,
                i.tagName === 'SELECT' ? i.options.length : Number(i.max) + 1, Number(i.value)])""", k)
            times = []
            for _ in range(moves):
                cname, size, now = controls[rng.integers(len(controls))]
                if size < 2:
                    continue
                position = int((now + rng.integers(1, size)) % size)  # always a new position
                times.append(page.evaluate(MOVE, [k, cname, position]))
                controls = [[c, s, position if c == cname else v] for c, s, v in controls]
            drawn = [t[0] for t in times]
            framed = [t[1] for t in times]
            all_updates += drawn
            update_rows.append(f"| {explorer} | {len(times)} | {statistics.median(drawn):.1f} / {np.percentile(drawn, 95):.1f}"
                               f" / {max(drawn):.0f} | {statistics.median(framed):.1f} / {np.percentile(framed, 95):.1f} |")
        context.close()
        profile.cleanup()
    print("| page | first explorer | first live frame, cold cache | warm cache | bytes sent, cold | warm |"
          " other explorers of the page |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(live_rows))
    print()
    print("| explorer | moves | input event to new SVG in the DOM: median / p95 / max ms | to the next frame: median / p95 ms |")
    print("|---|---|---|---|")
    print("\n".join(update_rows))
    print(f"| **all** | {len(all_updates)} | {statistics.median(all_updates):.1f} / {np.percentile(all_updates, 95):.1f}"
          f" / {max(all_updates):.0f} | |")
    print("\nWhere the warm first frame's time goes (marks in the page; the worker's own clock in brackets):")
    for name, marks in steps:
        print(f"- {name}: " + "; ".join(marks))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--chapters", default="", help="comma-separated chapter numbers (default: all)")
    args = parser.parse_args()
    html = Path(args.html)
    if not (html / "_live" / "pyodide" / "pyodide.asm.wasm").exists():
        raise SystemExit(f"{html} has no live mode: build the site first (make book)")
    wanted = [c for c in args.chapters.split(",") if c]
    pages = sorted(str(p.relative_to(html)) for p in (html / "chapters").glob("*.html")
                   if not wanted or p.name.split("-")[0] in wanted)
    from playwright.sync_api import sync_playwright

    server, base = serve(html)
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared by other work: numbers inflated)\n")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cold_weight(browser, base, html, pages)
        browser.close()
        print()
        going_live(p, base, pages, args.moves, np.random.default_rng(0))
    server.shutdown()
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
