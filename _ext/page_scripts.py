"""Sphinx extension: each page loads the scripts and stylesheets it uses, once.

1. Every script once. Jupyter Book 1.x registers sphinx-thebe's inline
   configuration script twice, so each page would declare ``const THEBE_JS_URL``
   twice and the browser would report a SyntaxError.
2. No widget state. Executing a chapter stores the state of its live widgets
   (slider positions, rendered figures) in the notebook, and MyST-NB embeds it in
   the page. The website never shows those widgets (each explorer's static face
   is chosen instead, see ``nb_mime_priority_overrides``), so it is dead weight.
3. Nothing a page does not use. Jupyter Book loads every extension's files on
   every page; a page keeps the copy button's scripts only if it shows code, the
   toggle button's only if it has a dropdown, sphinx-design's stylesheet only if
   it uses one of its components, and thebe's only if live code is switched on
   (``launch_buttons.thebe``, off here). The theme's template hard-codes two more
   (see ``templates/layout.html``): ``fontawesome.js``, 1.5 MB that turns ten
   icons into SVG although the theme's stylesheet already draws them with a
   font (``icon_font.py`` cuts that font down to the icons the site shows), and
   the search index with its tools, which only ``search.html`` needs.
"""
import re
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TEMPLATES = str(Path(__file__).with_name("templates"))

# file (or the start of an inline script) -> is it needed on a page with this body?
USES = {
    "clipboard.min.js": lambda body: "<pre" in body,
    "copybutton.js": lambda body: "<pre" in body,
    "copybutton.css": lambda body: "<pre" in body,
    "togglebutton.js": lambda body: re.search(r'class="[^"]*\b(toggle|dropdown)\b', body),
    "togglebutton.css": lambda body: re.search(r'class="[^"]*\b(toggle|dropdown)\b', body),
    "let toggleHint": lambda body: re.search(r'class="[^"]*\b(toggle|dropdown)\b', body),
    "let toggleOpenOnPrint": lambda body: re.search(r'class="[^"]*\b(toggle|dropdown)\b', body),
    "var togglebuttonSelector": lambda body: re.search(r'class="[^"]*\b(toggle|dropdown)\b', body),
    "design-tabs.js": lambda body: 'class="sd-tab' in body,
    "sphinx-design.min.css": lambda body: re.search(r'class="[^"]*\bsd-', body),
}
THEBE = ("sphinx-thebe.js", "sphinx-thebe.css", "const THEBE_JS_URL")
SEARCH_PAGE_ONLY = ("search-math.js",)  # from _static: makes search results read maths as text


def _key(asset):
    """File and attributes (an inline script's body is one); a missing file is None or ''."""
    attributes = getattr(asset, "attributes", {}) or {}
    filename = getattr(asset, "filename", asset) or ""
    return str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def _label(asset):
    """The file name, or the first characters of an inline script."""
    filename = getattr(asset, "filename", asset)
    if filename:
        return str(filename).rsplit("/", 1)[-1]
    return str((getattr(asset, "attributes", {}) or {}).get("body", "")).strip()


def thebe_is_on(app):
    return bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))


def needed(app, asset, pagename, body):
    label = _label(asset)
    if label.startswith(THEBE):
        return thebe_is_on(app)
    if label in SEARCH_PAGE_ONLY:
        return pagename == "search"
    for start, uses in USES.items():
        if label.startswith(start):
            return bool(uses(body))
    return True


def clean_page_assets(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    for name in ("script_files", "css_files"):
        seen, kept = set(), []
        for asset in context.get(name, []):
            key = _key(asset)
            attributes = getattr(asset, "attributes", None) or {}
            if key in seen or attributes.get("type") == WIDGET_STATE:
                continue
            seen.add(key)
            if needed(app, asset, pagename, body):
                kept.append(asset)
        context[name] = kept


def drop_thebe_config(app, doctree, docname):
    """sphinx-thebe appends its kernel settings to every page as raw HTML; drop them when it is off."""
    if thebe_is_on(app):
        return
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or node.astext().startswith("<script>kernelName"):
            node.parent.remove(node)


def without_scripts(html, names):
    """Remove every ``<script src=...>`` (and its preload link) whose file is one of ``names``."""
    for name in names:
        pattern = re.escape(name)
        html = re.sub(rf'\s*<script\b[^>]*\bsrc="[^"]*{pattern}[^"]*"[^>]*>\s*</script>', "", str(html))
        html = re.sub(rf'\s*<link\b[^>]*\bhref="[^"]*{pattern}[^"]*"[^>]*/?>', "", html)
    return html


def add_template_filter(app):
    if hasattr(app.builder, "templates") and hasattr(app.builder.templates, "environment"):
        from markupsafe import Markup

        env = app.builder.templates.environment
        env.filters["without_scripts"] = lambda html, *names: Markup(without_scripts(html, names))


def add_templates(app, config):
    config.templates_path.append(TEMPLATES)


def setup(app):
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", add_template_filter)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", clean_page_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
