"""Fixtures for the website tests: one build of the book per session, served on 127.0.0.1."""
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]


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


# ---- One survey of every page, shared by the reader, weight and print tests ----
#
# Each page is opened twice: on a desktop in light mode with an empty cache (what
# it downloads, its console, the sidebar button, then the same page as printed on
# A4), and on a phone in dark mode (the menus, then what fits and what shows).
# survey.js measures what a reader sees once MathJax has typeset the page.

SURVEY_JS = Path(__file__).with_name("survey.js").read_text()
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PAPER = {"width": 718, "height": 1000}  # A4's width less Chromium's default print margins, in CSS px


def _bench(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def guard_requests(context, problems, requests):
    """Record every request of a browser context (its pages' and their workers'); refuse and note any
    leaving 127.0.0.1."""
    def route(r):
        url = urlparse(r.request.url)
        if url.scheme in ("data", "blob") or url.hostname == "127.0.0.1":
            requests.append(r.request.url)
            r.continue_()
        else:
            problems.append(f"outside request: {r.request.url}")
            r.abort()

    context.route("**/*", route)


@pytest.fixture(scope="session")
def guard():
    """``guard_requests``, for the tests' own browser contexts."""
    return guard_requests


def _watch(context, page, problems, requests):
    """Record every request; refuse any leaving 127.0.0.1; note console errors and failures."""
    guard_requests(context, problems, requests)
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))


def _sidebar_shown(page):
    return page.evaluate("""() => {
        const s = document.querySelector('#pst-primary-sidebar');
        return !!s && getComputedStyle(s).visibility !== 'hidden' && !s.classList.contains('pst-sidebar-hidden');
    }""")


def survey_desktop(browser, base, html, name, file_weight):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    problems, requests = [], []
    _watch(context, page, problems, requests)
    page.goto(f"{base}/{name}", wait_until="load")
    page.wait_for_load_state("networkidle", timeout=60000)
    seen = page.evaluate(SURVEY_JS, {})
    page.wait_for_load_state("networkidle", timeout=60000)  # fonts MathJax asked for as it typeset
    # The article bar's menu button folds the sidebar away and brings it back.
    folds = None
    button = page.locator(".bd-header-article .primary-toggle")
    if button.count() and button.first.is_visible():
        button.first.click()
        page.wait_for_timeout(400)
        folded = not _sidebar_shown(page)
        page.mouse.move(DESKTOP["width"] // 2, DESKTOP["height"] - 10)
        button.first.click()
        page.wait_for_timeout(400)
        folds = folded and _sidebar_shown(page)
    # The same page printed: on paper's width, as the browser lays it out for print.
    page.set_viewport_size(PAPER)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed = page.evaluate(SURVEY_JS, {"print": True})
    files = {}
    for url in dict.fromkeys(requests):
        path = Path(html) / (unquote(urlparse(url).path).lstrip("/") or "index.html")
        if path.is_file():
            files[str(path.relative_to(html))] = file_weight(str(path))
    context.close()
    return {"seen": seen, "printed": printed, "problems": problems, "files": files, "folds": folds}


def survey_phone(browser, base, name):
    context = browser.new_context(viewport=PHONE, color_scheme="dark", is_mobile=True, has_touch=True)
    page = context.new_page()
    problems, requests = [], []
    _watch(context, page, problems, requests)
    page.goto(f"{base}/{name}", wait_until="load")
    page.wait_for_load_state("networkidle", timeout=60000)
    menus = {}
    for kind in ("primary", "secondary"):
        button = page.locator(f".bd-header-article .{kind}-toggle")
        dialog = f"#pst-{kind}-sidebar-modal"
        if not (button.count() and button.first.is_visible()):
            menus[kind] = None
            continue
        button.first.tap()
        try:
            page.wait_for_function(f"document.querySelector('{dialog}')?.open", timeout=5000)
            opened = True
        except Exception:  # noqa: BLE001 - the menu did not open: that is the finding
            opened = False
        links = page.evaluate(f"""[...document.querySelectorAll('{dialog} a')]
            .filter(a => a.getClientRects().length && a.getBoundingClientRect().width > 0).length""")
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
        closed = not page.evaluate(f"!!document.querySelector('{dialog}')?.open")
        menus[kind] = {"opened": opened, "links": links, "closed": closed}
    seen = page.evaluate(SURVEY_JS, {})
    context.close()
    return {"seen": seen, "menus": menus, "problems": problems}


@pytest.fixture(scope="session")
def reader_pages(pages):
    """The pages a reader reads (index.html only redirects to intro.html)."""
    return [name for name, path in pages.items() if 'id="main-content"' in path.read_text()]


@pytest.fixture(scope="session")
def survey(site, browser, reader_pages):
    """{page: {"desktop": ..., "phone": ...}} for every page a reader reads."""
    base, html = site
    file_weight = _bench("page_weight").file_weight
    return {name: {"desktop": survey_desktop(browser, base, html, name, file_weight),
                   "phone": survey_phone(browser, base, name)}
            for name in reader_pages}
