"""Sphinx extension: the icon font cut down to the icons the site shows.

The theme draws its icons (menu, search, contents, admonition signs) with Font
Awesome's solid font: 156 KB as WOFF2 for some 1,400 icons, of which a page
shows about fifteen. Once the site is written, this collects every icon it can
show:

- each ``fa-NAME`` class in the pages and the theme's scripts, looked up in the
  theme's stylesheet (``.fa-NAME:before{content:"\\f0c9"}``);
- each icon character the stylesheets use by themselves (admonition signs,
  the contents arrow), that is every private-use character left once the
  ``.fa-NAME`` table is taken out;

and writes a font with only those glyphs to ``_static/icons/fa-solid.woff``.
``_static/site.css`` declares it under the theme's family name, after the
theme's own declaration, so the browser fetches it instead of the full font.
"""
import re
from pathlib import Path

SOURCE = "_static/vendor/fontawesome/webfonts/fa-solid-900.ttf"
TARGET = "_static/icons/fa-solid.woff"
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
# `.fa-bars:before,.fa-navicon:before{content:"\f0c9"}`: the table from class names to icons
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"(\\[0-9a-f]+|[^"])"\}')
ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b", re.I)
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")


def _codepoint(content):
    return int(content[1:], 16) if content.startswith("\\") else ord(content)


def icon_table(css):
    """{icon name: codepoint} from the theme stylesheet's ``.fa-NAME:before`` rules."""
    table = {}
    for selectors, content in ICON_RULE.findall(css):
        for name in re.findall(r"\.fa-([a-z0-9-]+):", selectors):
            table[name] = _codepoint(content)
    return table


def used_codepoints(outdir):
    """Every icon codepoint a page of the built site in ``outdir`` can show."""
    outdir = Path(outdir)
    table = icon_table((outdir / THEME_CSS).read_text(encoding="utf-8"))
    texts = [p.read_text(encoding="utf-8") for p in outdir.rglob("*.html") if "_sources" not in p.parts]
    texts += [p.read_text(encoding="utf-8") for p in (outdir / "_static").rglob("*.js")
              if p.name != "fontawesome.js" and "mathjax" not in p.parts]
    used = {table[name] for text in texts for name in CLASS.findall(text) if name in table}
    for css in (outdir / "_static").rglob("*.css"):
        rest = ICON_RULE.sub("", css.read_text(encoding="utf-8"))
        used |= {int(code, 16) for code in ESCAPE.findall(rest)}
        used |= {ord(ch) for ch in PRIVATE_USE.findall(rest)}
    return used


def write_subset(source, target, codepoints):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    options = subset.Options()
    options.flavor = "woff"  # zlib: needs no extra package, unlike WOFF2's brotli
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(target)


def subset_icon_font(app, exception):
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not (outdir / SOURCE).exists():
        return
    write_subset(outdir / SOURCE, outdir / TARGET, used_codepoints(outdir))


def setup(app):
    app.connect("build-finished", subset_icon_font)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
