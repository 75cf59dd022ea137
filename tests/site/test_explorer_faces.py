"""The explorers of the built site as a reader sees them: legible on a phone and a desktop, in the
page's dark mode as in its light one, and on paper.

Text sizes are measured as rendered (an SVG's font size times the scale it is drawn at), over every
explorer of every chapter. Also a command, to compare two builds:
``python tests/site/test_explorer_faces.py _build/html`` prints the smallest text of each explorer.
"""
import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}

# Per explorer: the smallest rendered text, whether its figure fits, how its panels are laid out.
MEASURE = """() => [...document.querySelectorAll('.nnx')].map(nnx => {
  const sizes = [];
  for (const t of nnx.querySelectorAll('svg text')) {
    if (!t.textContent.trim()) continue;
    const m = t.getScreenCTM(), scale = m ? Math.hypot(m.a, m.b) : 1;
    sizes.push({size: parseFloat(getComputedStyle(t).fontSize) * scale, text: t.textContent});
  }
  const walker = document.createTreeWalker(nnx, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || el.closest('svg, script, style')) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).visibility === 'hidden') continue;
    sizes.push({size: parseFloat(getComputedStyle(el).fontSize), text: node.textContent.trim().slice(0, 30)});
  }
  sizes.sort((a, b) => a.size - b.size);
  const fig = nnx.querySelector('.nnx-figure'), svg = fig && fig.querySelector('svg');
  return {name: nnx.dataset.explorer, smallest: sizes[0], panels: svg ? svg.querySelectorAll('clipPath').length : 0,
          layout: fig ? fig.dataset.layout : null,
          overflow: svg ? svg.getBoundingClientRect().right - nnx.getBoundingClientRect().right : 0};
})"""

# Every piece of text against what is behind it: the raster cell (data-bg) or the explorer's card.
CONTRAST = """() => {
  const api = window.nnlibExplorer;
  const bad = [];
  for (const nnx of document.querySelectorAll('.nnx')) {
    const card = getComputedStyle(nnx).backgroundColor;
    for (const t of nnx.querySelectorAll('svg text')) {
      if (!t.textContent.trim()) continue;
      const bg = t.getAttribute('data-bg') || card, ratio = api.contrast(t.getAttribute('fill'), bg);
      if (ratio < 4.5) bad.push([nnx.dataset.explorer, t.textContent, t.getAttribute('fill'), bg, ratio.toFixed(2)]);
    }
    for (const el of nnx.querySelectorAll('label, output, select, option, p, td, th, legend, pre, span')) {
      if (!el.textContent.trim() || !el.getBoundingClientRect().width) continue;
      const style = getComputedStyle(el);
      const bg = style.backgroundColor === 'rgba(0, 0, 0, 0)' ? card : style.backgroundColor;
      const ratio = api.contrast(style.color, bg);
      if (ratio < 4.5) bad.push([nnx.dataset.explorer, el.textContent.slice(0, 30), style.color, bg, ratio.toFixed(2)]);
    }
  }
  return bad;
}"""


def open_page(browser, base, path, viewport, dark=False):
    context = browser.new_context(viewport=viewport, color_scheme="dark" if dark else "light")
    page = context.new_page()
    page.goto(f"{base}/{path}", wait_until="load")
    # every explorer drawn by its script, in the theme the page settled on
    page.wait_for_function("document.documentElement.dataset.theme && document.querySelectorAll('.nnx').length"
                           " && document.querySelectorAll('.nnx .nnx-figure svg').length === document.querySelectorAll('.nnx').length")
    page.wait_for_timeout(200)
    return context, page


def chapters_of(paths):
    """The chapter pages among the site's pages (relative paths), in order."""
    return sorted(p for p in paths if p.startswith("chapters/"))


def measure(browser, base, viewport, chapters):
    rows = []
    for path in chapters:
        context, page = open_page(browser, base, path, viewport)
        rows += [dict(r, page=path) for r in page.evaluate(MEASURE)]
        context.close()
    return rows


@pytest.fixture(scope="module")
def phone(site, browser, pages):
    return measure(browser, site[0], PHONE, chapters_of(pages))


@pytest.fixture(scope="module")
def desktop(site, browser, pages):
    return measure(browser, site[0], DESKTOP, chapters_of(pages))


def test_every_explorer_is_measured(phone, desktop):
    assert len(phone) == len(desktop) >= 16
    assert all(r["smallest"] for r in phone + desktop)


def test_no_explorer_text_below_10px_on_a_phone(phone):
    small = [(r["name"], r["smallest"]) for r in phone if r["smallest"]["size"] < 10]
    assert small == []


def test_no_explorer_text_below_11px_on_a_desktop(desktop):
    small = [(r["name"], r["smallest"]) for r in desktop if r["smallest"]["size"] < 11]
    assert small == []


def test_panels_stack_on_a_phone_and_stand_side_by_side_on_a_desktop(phone, desktop):
    assert [r["name"] for r in phone if r["panels"] > 1 and r["layout"] != "stacked"] == []
    assert [r["name"] for r in desktop if r["panels"] > 1 and r["layout"] != "row"] == []
    assert [(r["name"], r["overflow"]) for r in phone + desktop if r["overflow"] > 0.5] == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_explorers_follow_the_theme_with_legible_contrast(site, browser, pages, dark):
    problems = []
    for path in chapters_of(pages):
        context, page = open_page(browser, site[0], path, DESKTOP, dark=dark)
        assert page.evaluate("document.documentElement.dataset.theme") == ("dark" if dark else "light")
        page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        cards = page.evaluate("[...document.querySelectorAll('.nnx')].map(n => [getComputedStyle(n).backgroundColor,"
                              " getComputedStyle(n.querySelector('svg > rect')).fill || n.querySelector('svg > rect').getAttribute('fill'),"
                              " [...n.querySelectorAll('select')].map(s => getComputedStyle(s).backgroundColor)])")
        for card, figure, selects in cards:
            # the card, its figure and its selects all wear the page's background: no white card on a dark page
            luminance = page.evaluate("([a, b]) => window.nnlibExplorer.contrast(a, b)", [card, page_bg])
            if luminance > 1.05 or any(page.evaluate("([a, b]) => window.nnlibExplorer.contrast(a, b)", [s, page_bg]) > 1.05
                                       for s in selects + [figure]):
                problems.append((path, "card", card, figure, selects, page_bg))
        problems += [(path, *bad) for bad in page.evaluate(CONTRAST)]
        context.close()
    assert problems == []


def test_print_shows_the_figure_and_its_settings_without_controls(site, browser):
    context, page = open_page(browser, site[0], "chapters/01-perceptrons.html", DESKTOP, dark=True)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    nnx = page.locator(".nnx").first
    assert not nnx.locator(".nnx-controls").is_visible()
    assert nnx.locator(".nnx-figure svg").is_visible()
    caption = nnx.locator(".nnx-caption")
    assert caption.is_visible() and "gate = AND" in caption.inner_text()
    # in light colours on paper, whatever the screen's theme
    assert nnx.locator(".nnx-figure svg > rect").first.get_attribute("fill") == "#ffffff"
    context.close()


# ----- as a command: the smallest text of each explorer in a built site -------------------------------
def main(html_dir):
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=html_dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        chapters = chapters_of(str(p.relative_to(html_dir)) for p in Path(html_dir).rglob("*.html"))
        results = {name: measure(browser, base, viewport, chapters) for name, viewport in (("390", PHONE), ("1366", DESKTOP))}
        browser.close()
    server.shutdown()
    print("| explorer | smallest text at 390 px | at 1366 px |")
    print("|---|---|---|")
    for a, b in zip(results["390"], results["1366"]):
        print(f"| {a['name']} | {a['smallest']['size']:.1f} ({a['smallest']['text']!r}) |"
              f" {b['smallest']['size']:.1f} ({b['smallest']['text']!r}) |")


if __name__ == "__main__":
    main(str(Path(sys.argv[1]).resolve()))
