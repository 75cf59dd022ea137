"""A chapter as a reader meets it in JupyterLab: before running, the explorers show their figure and
say how to make them move, and the MyST reads as on the website; after Run All, every control of
the chapter's explorers moves by keyboard or menu and the figure states the value its readout shows."""
import re

import pytest

from labserver import execute, open_notebook, run_all

CHAPTER = "02-feedforward-networks.ipynb"  # three explorers: a menu, float sliders and integer sliders

FIGURE_TEXT = """root => [...root.querySelectorAll('.nnx-figure svg text')].map(t => t.textContent)
  .concat([root.querySelector('.nnx-note').textContent, root.querySelector('.nnx-figure svg').getAttribute('aria-label')])
  .join(' ')"""


def states(text, shown, choice=False):
    if choice:
        shown = shown.split(" (")[0]
    return re.search(r"(?<![\w.])" + re.escape(shown) + r"(?![\w]|\.\d)", text) is not None


@pytest.fixture(scope="module")
def chapter(lab):
    url, folder = lab
    execute(folder / CHAPTER)  # the stored outputs a reader opens (as `make outputs` writes them)
    return url


@pytest.fixture(scope="module")
def opened(chapter, browser):
    context, page = open_notebook(browser, chapter, CHAPTER)
    yield page
    context.close()


def test_before_running_each_explorer_shows_its_figure_and_how_to_move_it(opened):
    page = opened
    faces = page.locator(".jp-OutputArea-output .nnx")
    page.wait_for_function("document.querySelectorAll('.jp-OutputArea-output .nnx img').length >= 3")
    assert faces.count() == 3
    for k in range(3):
        face = faces.nth(k)
        image = face.locator(".nnx-figure img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 100"), "the figure's SVG did not load"
        assert len(image.get_attribute("alt")) > 20
        assert "Run this cell" in face.inner_text() and "Shown: " in face.inner_text()
        assert face.locator("input, select").count() == 0  # no inert controls
        assert face.locator(".nnx-note").inner_text().strip()  # the default frame's note, as text


def test_myst_is_rendered_and_solutions_are_collapsed(opened):
    page = opened
    # jupyterlab-myst renders each markdown cell on its own, after the notebook opens: wait for all
    page.wait_for_function(
        "() => { const cells = [...document.querySelectorAll('.jp-MarkdownCell')];"
        " return cells.length > 10 && cells.every(c => c.querySelector('.jp-RenderedMarkdown, .myst')); }",
        timeout=60000,
    )
    text = page.locator(".jp-Notebook").inner_text()
    assert ":::{admonition}" not in text and ":class: dropdown" not in text
    objectives = page.locator(".myst-admonition").filter(has_text="Learning objectives")
    assert objectives.count() == 1 and objectives.first.is_visible()
    solutions = page.locator("details.myst-admonition").filter(has_text="Solution")
    assert solutions.count() >= 2
    assert solutions.evaluate_all("ds => ds.every(d => !d.open)")
    body = solutions.first.locator(":scope > :not(summary)").first
    assert not body.is_visible()  # collapsed until the reader opens it
    solutions.first.locator("summary").click()
    assert solutions.first.evaluate("d => d.open") and body.is_visible()


def settle(page, root, readout, choice=False):
    """Wait until the figure states ``readout`` (the kernel answered); return the figure's text."""
    handle = root.element_handle()
    try:
        page.wait_for_function(
            "([root, shown, choice]) => { const text = (" + FIGURE_TEXT + ")(root);"
            " if (choice) shown = shown.split(' (')[0];"
            " const escaped = shown.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');"
            " return new RegExp('(?<![\\\\w.])' + escaped + '(?![\\\\w]|\\\\.\\\\d)').test(text); }",
            arg=[handle, readout, choice], timeout=10000)
    except Exception:
        pass  # the assertion below reports what the figure says instead
    return root.evaluate(FIGURE_TEXT)


def test_every_control_moves_and_the_figure_states_its_readout(opened):
    page = opened
    run_all(page)
    page.wait_for_function("document.querySelectorAll('.nnx-live .nnx-figure svg').length === 3", timeout=120000)
    explorers = page.locator(".nnx-live")
    moved = []
    for e in range(explorers.count()):
        root = explorers.nth(e)
        name = root.get_attribute("data-explorer")
        for c in range(root.locator("[data-control]").count()):
            control = root.locator("[data-control]").nth(c)
            label = control.get_attribute("data-control")
            if control.evaluate("el => el.tagName") == "SELECT":
                options = control.locator("option").all_inner_texts()
                for text in options[1:] + options[:1]:
                    control.select_option(label=text)
                    said = settle(page, root, text, choice=True)
                    assert states(said, text, choice=True), (name, label, text, said[:300])
                    moved.append((name, label, text))
                    root.evaluate("r => (r.__heights = r.__heights || []).push(r.getBoundingClientRect().height)")
                continue
            control.click()  # as a reader would: the slider jumps to the click, then the keys take over
            readout = control.locator("xpath=following-sibling::output").inner_text()
            said = settle(page, root, readout)
            assert states(said, readout), (name, label, "click", readout, said[:300])
            active = page.evaluate("[...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
                                   ".findIndex(c => c.classList.contains('jp-mod-active'))")
            for key in ["ArrowRight", "ArrowRight", "ArrowLeft", "ArrowUp", "End", "ArrowLeft", "Home", "ArrowRight"]:
                control.press(key)
                readout = control.locator("xpath=following-sibling::output").inner_text()
                said = settle(page, root, readout)
                assert states(said, readout), (name, label, key, readout, said[:300])
                moved.append((name, label, readout))
                root.evaluate("r => (r.__heights = r.__heights || []).push(r.getBoundingClientRect().height)")
            # the keys moved the slider, not the notebook's selection
            assert page.evaluate("document.activeElement && document.activeElement.dataset.control") == label
            assert page.evaluate("[...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
                                 ".findIndex(c => c.classList.contains('jp-mod-active'))") == active
        heights = root.evaluate("r => r.__heights || []")
        # the note keeps the height of its longest text: the output never shrinks under the reader
        assert heights == sorted(heights), (name, heights)
    names = {m[0] for m in moved}
    assert names == {"activation", "xor-network", "bumps"} and len(moved) > 40
