"""What a page costs a reader on a cold load, and that it loads nothing it does not use.

Weights are the files the desktop visit of the `survey` fixture fetched with an empty
cache, each counted gzipped as a server sends it (bench/page_weight.py measures the
same by hand and prints a table)."""
import re
from pathlib import Path

BUDGET = 1_000_000  # bytes gzipped, per page


def loaded(views):
    return set(views["desktop"]["files"])


def test_every_page_weighs_at_most_one_megabyte_gzipped(survey):
    weights = {name: sum(gz for _, gz in views["desktop"]["files"].values()) for name, views in survey.items()}
    assert all(weight > 50_000 for weight in weights.values()), weights  # the counting counts
    assert {name: weight for name, weight in weights.items() if weight > BUDGET} == {}


def test_nothing_loaded_that_the_page_does_not_use(survey, pages):
    """Each optional script or stylesheet is fetched exactly by the pages that use it."""
    uses = {
        "_static/copybutton.js": lambda body, classes: "<pre" in body,
        "_static/togglebutton.js": lambda body, classes: bool({"toggle", "dropdown"} & classes),
        "_static/mathjax/tex-chtml.js": lambda body, classes: "math" in classes,
        "searchindex.js": lambda body, classes: False,
        "_static/searchtools.js": lambda body, classes: False,
        "_static/search-math.js": lambda body, classes: False,
        "_static/sphinx-design.min.css": lambda body, classes: any(c.startswith("sd-") for c in classes),
    }
    never = ["_static/scripts/fontawesome.js", "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2",
             "_static/sphinx-thebe.js", "_static/sphinx-thebe.css"]
    wrong = []
    for name, views in survey.items():
        files = loaded(views)
        page = pages[name].read_text()
        body = page.split('<article class="bd-article">', 1)[1].split("</article>")[0] if "<article" in page else ""
        classes = {c for value in re.findall(r'class="([^"]*)"', body) for c in value.split()}
        for asset, used in uses.items():
            expected = used(body, classes) or name == "search.html" and asset in (
                "searchindex.js", "_static/searchtools.js", "_static/search-math.js")
            if (asset in files) != bool(expected):
                wrong.append(f"{name}: {asset} {'loaded' if asset in files else 'missing'}")
        wrong += [f"{name}: {asset} loaded" for asset in never if asset in files]
    assert wrong == []


def test_the_icon_font_holds_every_icon_a_page_shows(survey, site):
    """The icon font is cut down to the site's icons (_ext/icon_font.py): none may be missing."""
    from fontTools.ttLib import TTFont

    _, html = site
    font = Path(html) / "_static" / "icons" / "fa-solid.woff"
    assert font.stat().st_size < 20_000
    cmap = set(TTFont(font).getBestCmap())
    shown = {code for views in survey.values() for size in ("desktop", "phone")
             for code in views[size]["seen"]["icons"]}
    assert len(shown) >= 5 and shown <= cmap, sorted(hex(c) for c in shown - cmap)
    assert all("_static/icons/fa-solid.woff" in loaded(views) for views in survey.values() if views["desktop"]["seen"]["icons"])
