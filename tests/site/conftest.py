"""Fixtures for the website tests: one build of the book per session, served on 127.0.0.1."""
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    """Build the book into a temporary folder (the tree stays clean); return the result."""
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, cwd=ROOT,
    )
    return proc, out / "_build" / "html"


@pytest.fixture(scope="session")
def pages(book):
    """Every HTML page of the built site, by its path relative to the site root (sorted)."""
    _, html = book
    return {str(p.relative_to(html)): p for p in sorted(html.rglob("*.html")) if "_static" not in p.parts}


@pytest.fixture(scope="session")
def site(book):
    """Serve the built HTML on 127.0.0.1 (a free port); yields the base URL."""
    proc, html = book
    if proc.returncode != 0:
        pytest.fail(f"the book did not build:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", html
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        )
        yield b
        b.close()
