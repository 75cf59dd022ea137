"""Every page as a reader meets it: on a phone (390x844, dark mode) and on a desktop
(1366x768, light mode). The measurements come from the `survey` fixture (conftest.py)."""
import re
from pathlib import Path

import yaml

TOC = Path(__file__).resolve().parents[2] / "_toc.yml"
SURVEY_JS = Path(__file__).with_name("survey.js").read_text()
PHONE = {"width": 390, "height": 844}


def chapters(survey):
    return {name: views for name, views in survey.items() if name.startswith("chapters/")}


def test_the_survey_covers_every_page(survey):
    assert {"intro.html", "notation.html", "run-it-yourself.html", "search.html"} <= set(survey)
    toc = [c["file"] for part in yaml.safe_load(TOC.read_text())["parts"] for c in part["chapters"]]
    assert sorted(chapters(survey)) == sorted(f"{f}.html" for f in toc if f.startswith("chapters/"))


def test_menus_open_and_close_at_phone_size(survey):
    """The chapter list (☰) on every page, and the page contents wherever a page has them."""
    broken = {}
    for name, views in survey.items():
        menus = views["phone"]["menus"]
        if menus["primary"] is None or name.startswith("chapters/") and menus["secondary"] is None:
            broken[name] = f"a menu button is missing: {menus}"
            continue
        for kind, menu in menus.items():
            least = 3 if kind == "primary" else 1  # the chapter list; a page's own contents
            if menu is not None and not (menu["opened"] and menu["links"] >= least and menu["closed"]):
                broken[name] = f"{kind}: {menu}"
    assert broken == {}


def test_the_menu_button_folds_the_sidebar_on_a_desktop(survey):
    assert {name: views["desktop"]["folds"] for name, views in survey.items()
            if views["desktop"]["folds"] is not True} == {}


def test_no_page_scrolls_sideways_at_phone_size(survey):
    assert {name: views["phone"]["seen"]["pageOverflow"] for name, views in survey.items()
            if views["phone"]["seen"]["pageOverflow"] > 0} == {}


def test_display_maths_fits_or_scrolls_in_its_own_box_with_a_cue(survey):
    """A wide equation is never cut: it scrolls inside its box, which shades the side with more."""
    bad = []
    for name, views in survey.items():
        for size in ("phone", "desktop"):
            for eq in views[size]["seen"]["equations"]:
                if not eq["typeset"]:
                    bad.append(f"{size} {name}: not typeset: {eq['tex']}")
                elif eq["clipped"] or eq["overflow"] > 1 and not (eq["scrolls"] and eq["scrollable"] and eq["cue"]):
                    bad.append(f"{size} {name} {eq['section']}: {eq}")
    assert bad == []


def test_an_equation_wider_than_a_phone_scrolls_in_its_box_with_a_cue(site, browser):
    """The chapters' equations all fit a phone today, so the test above meets no wide one: here a
    wide equation is added to a chapter page, typeset by the page's MathJax, and measured the same way."""
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site[0]}/chapters/01-perceptrons.html", wait_until="load")
    page.wait_for_function("window.MathJax?.startup?.promise")
    page.evaluate(r"""async () => {
        await MathJax.startup.promise;
        const box = document.createElement("div");
        box.className = "math notranslate nohighlight";
        box.textContent = "\\[" + Array.from({length: 24}, (_, i) => `w_{${i}} x_{${i}}`).join(" + ") + "\\]";
        document.querySelector(".bd-article section p").after(box);
        await MathJax.typesetPromise([box]);
        window.dispatchEvent(new Event("resize"));
    }""")
    page.wait_for_timeout(400)  # site.js refits equations 200 ms after a resize
    seen = page.evaluate(SURVEY_JS, {"print": False})
    context.close()
    wide = [eq for eq in seen["equations"] if eq["typeset"] and "w_{23}" in eq["tex"]]
    assert len(wide) == 1 and wide[0]["overflow"] > 100, wide
    assert wide[0]["scrolls"] and wide[0]["scrollable"] and wide[0]["cue"] and not wide[0]["clipped"], wide[0]
    assert seen["pageOverflow"] == 0


def test_a_table_wider_than_a_phone_shows_there_is_more(survey):
    tables = [(name, t) for name, views in survey.items() for t in views["phone"]["seen"]["wideTables"]]
    assert tables, "no table is wider than a phone: the test checks nothing"
    assert [f"{name} {t['section']}" for name, t in tables if not t["cue"]] == []


def test_printed_output_wraps_instead_of_being_cut(survey):
    """Self-check messages and tables continue on the next line, at phone and desktop size."""
    cut = [f"{size} {name} {out['section']}: {out['start']}"
           for name, views in survey.items() for size in ("phone", "desktop")
           for out in views[size]["seen"]["outputs"] if out["scrolls"]]
    assert cut == []


def test_one_cell_one_block_of_printed_output(survey):
    many = [f"{name} {cell['section']}: {cell['blocks']} blocks from {cell['start']!r}"
            for name, views in survey.items() for cell in views["desktop"]["seen"]["textBlocks"]
            if cell["blocks"] > 1]
    empty = [f"{name} {out['section']}" for name, views in survey.items()
             for out in views["desktop"]["seen"]["outputs"] if out["empty"]]
    assert many == [] and empty == []
    assert sum(len(views["desktop"]["seen"]["textBlocks"]) for views in chapters(survey).values()) > 50


def test_no_raw_tex_a_reader_can_see(survey):
    """Outside code, no backslash command or maths delimiter is left as text, typeset maths included."""
    raw = [f"{size} {name} {hit['section']}: {hit['text']}"
           for name, views in survey.items() for size in ("phone", "desktop")
           for hit in views[size]["seen"]["rawTex"]]
    assert raw == []


def test_each_heading_level_is_lighter_than_the_one_above(survey):
    for name, views in survey.items():
        h2, h3 = views["desktop"]["seen"]["h2"], views["desktop"]["seen"]["h3"]
        if h2 and h3:
            assert h3["weight"] <= h2["weight"] and h3["size"] < h2["size"], (name, h2, h3)
    assert any(views["desktop"]["seen"]["h3"] for views in survey.values())


def test_figures_sit_on_a_white_card_in_dark_mode(survey):
    """matplotlib draws on white: in dark mode the figure keeps a white card and is not dimmed."""
    figures = [(name, fig) for name, views in chapters(survey).items() for fig in views["phone"]["seen"]["figures"]]
    assert len(figures) >= 10
    assert [(name, fig) for name, fig in figures
            if fig["filter"] != "none" or fig["background"] != "rgb(255, 255, 255)"] == []


def test_no_console_error_or_missing_file_at_either_size(survey):
    problems = {f"{size} {name}": views[size]["problems"] for name, views in survey.items()
                for size in ("phone", "desktop") if views[size]["problems"]}
    assert problems == {}


def test_every_page_has_an_icon_of_its_own(pages):
    for name, path in pages.items():
        page = path.read_text()
        if 'id="main-content"' in page:
            icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
            assert icon, name
            assert (path.parent / icon.group(1)).resolve().is_file(), name


def test_each_exercise_has_one_solution_toggle(survey):
    """The hidden solution cell opens with the "Solution" dropdown, not with a toggle of its own."""
    for name, views in chapters(survey).items():
        solutions = [s for s in views["desktop"]["seen"]["solutions"] if (s["title"] or "").startswith("Solution")]
        assert len(solutions) >= 3, name
        assert not any(s["followedByCellToggle"] for s in solutions), name
        assert sum(s["cells"] for s in solutions) >= 2, name


def test_punctuation_stays_on_the_line_of_its_maths(survey):
    """On a phone no full stop or comma after inline maths starts the next line alone."""
    orphans = [f"{name} {hit['section']}: {hit['text']!r}" for name, views in survey.items()
               for hit in views["phone"]["seen"]["orphanPunctuation"]]
    assert orphans == []


def test_inline_maths_wider_than_a_line_scrolls_instead_of_being_cut(survey):
    cut = [f"{size} {name} {eq['section']}: {eq['tex'][:50]}" for name, views in survey.items()
           for size in ("phone", "desktop") for eq in views[size]["seen"]["inlineMath"] if not eq["scrollable"]]
    assert cut == []
