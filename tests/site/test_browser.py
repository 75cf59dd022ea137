"""Every page in a real browser: no console error, no request leaving 127.0.0.1,
maths typeset, and every explorer's static face redraws when each control moves."""
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

# Every chapter the table of contents names, as the site's page for it.
TOC = yaml.safe_load((Path(__file__).resolve().parents[2] / "_toc.yml").read_text())
CHAPTERS = sorted(f"{c['file']}.html" for part in TOC["parts"] for c in part["chapters"]
                  if c["file"].startswith("chapters/"))


@pytest.fixture
def visit(site, browser):
    """Open a page and record console errors, page errors, failed and outside requests."""
    base, _ = site
    contexts = []

    def _visit(path):
        context = browser.new_context()
        contexts.append(context)
        problems = []

        def route(r):
            url = urlparse(r.request.url)
            if url.scheme in ("data", "blob") or url.hostname == "127.0.0.1":
                r.continue_()
            else:
                problems.append(f"outside request: {r.request.url}")
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
        page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
        page.goto(f"{base}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle", timeout=60000)
        return page, problems

    yield _visit
    for c in contexts:
        c.close()


def test_every_page_loads_cleanly_offline(pages, visit):
    found = sorted(pages)
    assert {"intro.html", "chapters/01-perceptrons.html", "search.html"} <= set(found)
    report = {}
    for path in found:
        page, problems = visit(path)
        if page.locator(".math").count():
            page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=15000)
        if problems:
            report[path] = problems
    assert report == {}


@pytest.mark.parametrize("path", ["intro.html", "notation.html", *CHAPTERS])
def test_maths_is_typeset(visit, path):
    page, _ = visit(path)
    page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=15000)
    # No raw TeX left: every math element holds a typeset container.
    assert page.evaluate(
        "[...document.querySelectorAll('.math')].every(m => m.querySelector('mjx-container'))"
    )


def chapter_pages(pages):
    return {name: path for name, path in sorted(pages.items()) if name.startswith("chapters/")}


def test_every_chapter_has_an_explorer(pages):
    for name, path in chapter_pages(pages).items():
        assert path.read_text().count('class="nnx"') >= 1, name


def test_the_chapter_list_is_complete(pages):
    assert list(chapter_pages(pages)) == CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_explorer_control_redraws_the_figure(site, visit, chapter):
    page, problems = visit(chapter)
    explorers = page.locator(".nnx")
    assert explorers.count() >= 1
    moved = 0
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        controls = explorer.locator("[data-control]")
        assert controls.count() >= 1
        for c in range(controls.count()):
            control = controls.nth(c)
            before = explorer.locator(".nnx-figure svg").inner_html()
            note_before = explorer.locator(".nnx-note").inner_html()
            if control.evaluate("el => el.tagName") == "SELECT":
                options = control.locator("option")
                current = control.input_value()
                choice = next(options.nth(i).get_attribute("value") for i in range(options.count())
                              if options.nth(i).get_attribute("value") != current)
                control.select_option(choice)
            else:
                current, top = int(control.input_value()), int(control.get_attribute("max"))
                control.fill(str(0 if current > 0 else top))
            after = explorer.locator(".nnx-figure svg").inner_html()
            assert after != before or explorer.locator(".nnx-note").inner_html() != note_before, (
                f"moving {control.get_attribute('data-control')} did not change the figure"
            )
            moved += 1
    assert moved >= 2 and problems == []


def test_perceptron_static_face_matches_the_python_function(visit):
    """The AND gate at w = (1, 1), b = -2: four of four correct, as perceptron_scene says."""
    from nnlib.widgets import perceptron_scene

    page, _ = visit("chapters/01-perceptrons.html")
    title = page.locator(".nnx[data-explorer=perceptron] svg text").filter(has_text="correct").first.text_content()
    assert title == perceptron_scene("AND", 1.0, 1.0, -2.0).panels[0].title
    page.locator(".nnx [data-control=gate]").select_option(label="XOR")
    title = page.locator(".nnx[data-explorer=perceptron] svg text").filter(has_text="correct").first.text_content()
    assert title == perceptron_scene("XOR", 1.0, 1.0, -2.0).panels[0].title


def test_search_finds_the_perceptron_chapter(visit):
    page, problems = visit("search.html?q=perceptron")
    page.wait_for_function("document.querySelectorAll('ul.search li').length > 0", timeout=15000)
    hits = page.locator("ul.search li a").all_text_contents()
    assert any("Perceptrons" in h for h in hits) and problems == []


def test_explorer_figures_have_a_text_alternative(visit):
    page, _ = visit("chapters/02-feedforward-networks.html")
    labels = page.locator(".nnx svg").evaluate_all("svgs => svgs.map(s => s.getAttribute('aria-label'))")
    assert len(labels) == 3 and all(label and len(label) > 20 for label in labels)
