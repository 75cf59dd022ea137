"""Sphinx extension: every script a page loads, loaded once.

Jupyter Book 1.x registers sphinx-thebe's inline configuration script twice, so
each page declares ``const THEBE_JS_URL`` twice and the browser reports a
SyntaxError. This drops repeated entries (same file, same attributes and body)
from each page's script list just before the page is written.
"""


def _key(script):
    """File and attributes (an inline script's body is one); a missing file is None or ''."""
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""
    return str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
