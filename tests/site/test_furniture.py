"""The site's furniture and the Sphinx extensions behind it: search results and links
that read maths, the "Run it yourself" page and its one setting, figures stored with a
palette only where no pixel visibly changes, the icon font's table of icons."""
import importlib.util
import io
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def extension(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_search_results_read_maths_as_text(site, browser):
    """Titles and snippets show "δ", not the TeX source "\\delta" or "\\(\\delta\\)"."""
    base, _ = site
    page = browser.new_page()
    page.goto(f"{base}/search.html?q=error+signal")
    page.wait_for_function("document.querySelectorAll('ul.search li p.context').length > 0", timeout=30000)
    page.wait_for_timeout(500)  # the other snippets arrive one by one
    results = page.locator("ul.search li").all_inner_texts()
    page.close()
    hit = [r for r in results if "error signal" in r]
    assert hit and any("δ" in r for r in hit)
    assert [r for r in results if re.search(r"\\[A-Za-z(\[]", r)] == []


def test_a_link_to_a_section_titled_with_maths_shows_it_typeset(site, browser, book):
    """notation.md links to "the error signal $\\delta$" with {ref}: the link shows δ typeset."""
    _, html = book
    source = (html / "notation.html").read_text()
    links = re.findall(r'<a class="reference internal" href="[^"]*#error-signal">(.*?)</a>', source, re.S)
    assert links and all('class="math' in link for link in links)
    base, _ = site
    page = browser.new_page()
    page.goto(f"{base}/notation.html")
    page.wait_for_function("document.querySelector('a[href$=\"#error-signal\"] mjx-container')", timeout=30000)
    text = page.locator('a[href$="#error-signal"]').first.inner_text()
    page.close()
    assert "\\" not in text and "error signal" in text


def test_run_it_yourself_is_linked_from_the_intro_and_the_sidebar(pages):
    assert 'href="run-it-yourself.html"' in pages["intro.html"].read_text()
    for name in ("intro.html", "chapters/01-perceptrons.html", "notation.html"):
        sidebar = pages[name].read_text().split('bd-docs-nav" aria-label="Main"', 1)[1].split("</nav>", 1)[0]
        assert "run-it-yourself.html" in sidebar, name


def test_run_it_yourself_follows_the_repository_setting(pages):
    """With repository.url empty the page says where the files come from instead of a clone
    command; either way it lists the requirements from requirements.txt itself."""
    import yaml

    url = (yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"] or "").strip()
    article = pages["run-it-yourself.html"].read_text().split('<article class="bd-article">')[1].split("</article>")[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", article).split())
    if url:
        assert f"git clone {url}" in text
    else:
        assert "does not name the repository" in text and "git clone" not in text
    assert "{{" not in text and "make lab" in text and "make book" in text
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        package = line.split("#")[0].split(">")[0].split("=")[0].strip()
        if package:
            assert package in text, package


def test_the_clone_step_follows_the_one_setting():
    launch = extension("launch_buttons")
    assert "git clone" not in launch.clone_step("") and "repository" in launch.clone_step("  ")
    step = launch.clone_step("https://github.com/someone/neural-course.git")
    assert "git clone https://github.com/someone/neural-course.git" in step and "cd neural-course\n" in step
    assert "cd neural-course\n" in launch.clone_step("https://example.org/git/neural-course/")


def png(pixels):
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8)).save(out, "PNG")
    return out.getvalue()


def test_a_figure_gets_a_palette_only_where_no_pixel_visibly_changes():
    from PIL import Image

    palette_png = extension("figure_palette").palette_png
    # a white figure with a few coloured lines and antialiased edges: a palette cannot be told apart
    figure = np.full((120, 200, 3), 255)
    for k, colour in enumerate([(31, 119, 180), (255, 127, 14), (44, 160, 44)]):
        figure[20 + 30 * k: 23 + 30 * k, 10:190] = colour
        figure[19 + 30 * k, 10:190] = (np.array(colour) + 255) // 2
    smaller = palette_png(png(figure))
    assert smaller is not None and len(smaller) < len(png(figure))
    back = np.asarray(Image.open(io.BytesIO(smaller)).convert("RGB"), dtype=int)
    assert np.abs(back - figure).max() <= 16 and (back[figure.sum(-1) == 765] == 255).all()
    # 4,096 colours spread evenly: 256 cannot stay within the tolerance, so the original stays
    r, g = np.meshgrid(np.arange(64) * 4, np.arange(64) * 4)
    ramp = np.stack([r, g, (r + g) // 2], axis=-1)
    assert palette_png(png(ramp)) is None


def test_the_icon_table_reads_the_theme_stylesheet():
    icon_font = extension("icon_font")
    css = '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-list:before{content:"\\f03a"}'
    assert icon_font.icon_table(css) == {"bars": 0xF0C9, "navicon": 0xF0C9, "list": 0xF03A}


@pytest.mark.parametrize("page", ["intro.html", "chapters/06-optimizers-and-training.html"])
def test_the_top_bar_is_gone_and_one_search_remains_in_view(site, browser, page):
    """No 64 px bar holding only a second search box: the sidebar's search at desktop size."""
    base, _ = site
    view = browser.new_page(viewport={"width": 1366, "height": 768})
    view.goto(f"{base}/{page}")
    header = view.evaluate("document.querySelector('#pst-header').getBoundingClientRect().height")
    searches = view.evaluate("""[...document.querySelectorAll('.search-button__button')]
        .filter(b => b.getClientRects().length && b.getBoundingClientRect().width > 0).length""")
    view.close()
    assert header == 0 and searches == 1


def test_the_search_field_magnifier_sits_beside_the_text(site, browser):
    """Drawn with the icon font (no fontawesome.js), the magnifier stays left of the typed text."""
    base, _ = site
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{base}/search.html")
    icon, text_left = page.evaluate("""() => {
        const form = document.querySelector('.bd-search-container form.bd-search');
        const input = form.querySelector('input');
        const pad = parseFloat(getComputedStyle(input).paddingLeft);
        return [form.querySelector('.fa-magnifying-glass').getBoundingClientRect().right,
                input.getBoundingClientRect().left + pad];
    }""")
    page.close()
    assert icon <= text_left
