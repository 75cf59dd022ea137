"""Sphinx extension: the scripts each page loads, cleaned up before it is written.

1. Every script once. Jupyter Book 1.x registers sphinx-thebe's inline
   configuration script twice, so each page would declare ``const THEBE_JS_URL``
   twice and the browser would report a SyntaxError.
2. No widget state. Executing a chapter stores the state of its live widgets
   (slider positions, rendered figures) in the notebook, and MyST-NB embeds it in
   the page. The website never shows those widgets (each explorer's static face
   is chosen instead, see ``nb_mime_priority_overrides``), so it is dead weight.
"""

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _key(script):
    """File and attributes (an inline script's body is one); a missing file is None or ''."""
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""
    return str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def clean_page_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = _key(script)
        if key in seen or (getattr(script, "attributes", None) or {}).get("type") == WIDGET_STATE:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", clean_page_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
