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

``--firefox`` runs the same visit in Debian's Firefox ESR instead (``apt-get install firefox-esr``; Playwright
cannot drive a stock Firefox, so this speaks WebDriver BiDi to it directly): on each chapter page, the first
explorer goes live, one control moves 10 times, and the first exercise is checked. It runs in a network
namespace of its own with only the loopback device (``unshare -n``, as root), so Firefox's background
services cannot reach any other host and the visit is offline by construction.
"""
import argparse
import functools
import gzip
import http.server
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
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


class Firefox:
    """Debian's Firefox ESR, headless, driven through WebDriver BiDi (the W3C protocol it speaks itself)."""

    def __init__(self, port=9333):
        import websocket  # websocket-client, installed with Jupyter

        self.profile = tempfile.TemporaryDirectory()
        self.process = subprocess.Popen(["firefox-esr", "--headless", "--no-remote", "--profile", self.profile.name,
                                         "--remote-debugging-port", str(port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}/session", timeout=300, suppress_origin=True)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("Firefox's WebDriver BiDi did not answer")
        self.ids = itertools.count(1)
        self.version = self.command("session.new", capabilities={})["capabilities"]["browserVersion"]
        self.context = self.command("browsingContext.getTree")["contexts"][0]["context"]

    def command(self, method, **params):
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            answer = json.loads(self.ws.recv())
            if answer.get("id") == number:
                if answer.get("type") == "error":
                    raise RuntimeError(f"{method}: {answer.get('message')}")
                return answer["result"]

    def go(self, url):
        self.command("browsingContext.navigate", context=self.context, url=url, wait="complete")

    def js(self, expression):
        """An expression's value (awaited), as JSON."""
        result = self.command("script.evaluate", expression=f"(async () => JSON.stringify(await ({expression})))()",
                              target={"context": self.context}, awaitPromise=True)
        if result.get("type") == "exception":
            raise RuntimeError(result["exceptionDetails"]["text"])
        return json.loads(result["result"]["value"])

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait()
        self.profile.cleanup()


FIREFOX_VISIT = """(async () => {
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const root = document.querySelector('.nnx[data-explorer]'), status = root.querySelector('.nnx-status');
  const t0 = performance.now();
  root.querySelector('.nnx-livebar button').click();
  while (root.dataset.live !== 'on') { if (/failed/.test(status.textContent)) return {failed: status.textContent}; await wait(20); }
  const first = performance.now() - t0, input = root.querySelector('.nnx-controls [data-control]'), moves = [];
  const size = input.tagName === 'SELECT' ? input.options.length : Number(input.max) + 1;
  for (let k = 0; k < 10 && size > 1; k++) {
    const before = root.dataset.frame, t = performance.now();
    input.value = String((Number(input.value) + 1 + (k % (size - 1))) % size);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    while (root.dataset.frame === before) await wait(1);
    moves.push(performance.now() - t);
  }
  document.querySelector('.nnx-exercise-bar button').click();
  while (!document.querySelector('.nnx-exercise')) await wait(20);
  document.querySelector('.nnx-exercise .nnx-check').click();
  while (document.querySelector('.nnx-exercise').dataset.checked !== '1') await wait(20);
  return {explorer: root.dataset.explorer, first: first, moves: moves,
          verdict: document.querySelector('.nnx-exercise pre').textContent.split('\\n')[0]};
})()"""


def firefox(base, pages):
    fox = Firefox()
    print(f"Firefox {fox.version} (Debian's firefox-esr), headless, offline (loopback-only network namespace)\n")
    print("| page | explorer | first live frame (new profile: cold cache on the first page) | 10 moves: median / max ms"
          " | exercise: the checker's first line |")
    print("|---|---|---|---|---|")
    for name in pages:
        fox.go(f"{base}/{name}")
        r = fox.js(FIREFOX_VISIT)
        if "failed" in r:
            print(f"| {name} | | {r['failed']} | | |")
            continue
        moves = r["moves"] or [float("nan")]
        print(f"| {name} | {r['explorer']} | {r['first'] / 1000:.2f} s | {statistics.median(moves):.0f} / {max(moves):.0f} |"
              f" {r['verdict']} |")
    fox.close()


def isolated(argv):
    """Run this script again in a network namespace with only the loopback device up (root only)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        raise SystemExit("--firefox runs Firefox in a loopback-only network namespace: run it as root (unshare -n)")
    command = " ".join(map(repr, [sys.executable, *argv, "--isolated"]))
    os.execvp("unshare", ["unshare", "-n", "sh", "-c", f"ip link set lo up && exec {command}"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--chapters", default="", help="comma-separated chapter numbers (default: all)")
    parser.add_argument("--firefox", action="store_true", help="visit with Debian's Firefox ESR instead (as root)")
    parser.add_argument("--isolated", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.firefox and not args.isolated:
        isolated(sys.argv)
    html = Path(args.html)
    if not (html / "_live" / "pyodide" / "pyodide.asm.wasm").exists():
        raise SystemExit(f"{html} has no live mode: build the site first (make book)")
    wanted = [c for c in args.chapters.split(",") if c]
    pages = sorted(str(p.relative_to(html)) for p in (html / "chapters").glob("*.html")
                   if not wanted or p.name.split("-")[0] in wanted)
    server, base = serve(html)
    if args.firefox:
        firefox(base, pages)
        server.shutdown()
        return
    from playwright.sync_api import sync_playwright

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
