"""What a reader downloads to open each page of the built site, cold (empty cache).

Run by hand on a built book::

    python bench/page_weight.py                 # _build/html
    python bench/page_weight.py path/to/html --json weights.json

Every page is opened in a fresh headless Chromium context (no cache), at desktop
size, and left until the network is idle and MathJax has typeset (its fonts load
then). Each file the page fetched is counted once, with its size on disk and its
size gzipped (level 6, what a web server sends; a PNG or a font, already
compressed, counts at whichever is smaller). Prints a Markdown table, heaviest
page first, and the files that weigh most across the site.

``tests/site/test_page_weight.py`` uses :func:`cold_load` and asserts the budget.
"""
import argparse
import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

BUDGET_GZIPPED = 1_000_000  # bytes: the most any page may cost a reader on a cold load
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@functools.lru_cache(maxsize=None)
def file_weight(path):
    """(bytes on disk, bytes gzipped) of one file; gzip never counts above the raw size."""
    data = Path(path).read_bytes()
    return len(data), min(len(data), len(gzip.compress(data, 6)))


def cold_load(browser, base, html, page_path, viewport=(1366, 768)):
    """Open ``page_path`` cold; return {site-relative file: (raw, gzipped)} for every file fetched."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    fetched = []
    context.on("request", lambda r: fetched.append(r.url))
    page = context.new_page()
    page.goto(f"{base}/{page_path}", wait_until="load")
    if page.locator(".math").count():
        page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=30000)
    page.wait_for_load_state("networkidle", timeout=60000)
    files = {}
    for url in fetched:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob"):
            continue
        name = unquote(parsed.path).lstrip("/") or "index.html"
        path = Path(html) / name
        if path.is_file():
            files[name] = file_weight(str(path))
    context.close()
    return files


def serve(html):
    """Serve ``html`` on a free port of 127.0.0.1; return (server, base URL)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def site_pages(html):
    return sorted(str(p.relative_to(html)) for p in Path(html).rglob("*.html") if "_static" not in p.parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default="_build/html")
    parser.add_argument("--json", help="also write {page: {file: [raw, gzipped]}} here")
    args = parser.parse_args()
    html = Path(args.html)
    if not (html / "intro.html").exists():
        sys.exit(f"{html} holds no built book (run make book)")
    from playwright.sync_api import sync_playwright

    server, base = serve(html)
    weights = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name in site_pages(html):
            weights[name] = cold_load(browser, base, html, name)
        browser.close()
    server.shutdown()

    print("| page | files | raw (KB) | gzipped (KB) | within 1.0 MB gzipped |")
    print("|---|---|---|---|---|")
    totals = {name: (sum(r for r, _ in f.values()), sum(g for _, g in f.values())) for name, f in weights.items()}
    for name, (raw, gz) in sorted(totals.items(), key=lambda kv: -kv[1][1]):
        print(f"| {name} | {len(weights[name])} | {raw / 1000:.0f} | {gz / 1000:.0f} | "
              f"{'yes' if gz <= BUDGET_GZIPPED else 'NO'} |")
    shared = {}
    for files in weights.values():
        for name, (raw, gz) in files.items():
            count, _, _ = shared.get(name, (0, raw, gz))
            shared[name] = (count + 1, raw, gz)
    print("\nHeaviest files (loaded by how many pages):\n")
    print("| file | pages | raw (KB) | gzipped (KB) |")
    print("|---|---|---|---|")
    for name, (count, raw, gz) in sorted(shared.items(), key=lambda kv: -kv[1][2] * kv[1][0])[:15]:
        print(f"| {name} | {count} | {raw / 1000:.0f} | {gz / 1000:.0f} |")
    if args.json:
        Path(args.json).write_text(json.dumps(weights, indent=1))


if __name__ == "__main__":
    main()
