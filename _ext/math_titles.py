r"""Sphinx extension: a link to a section whose title holds maths shows the maths typeset.

``{ref}`error-signal``` takes its text from the section's title, and Sphinx
flattens that title to plain text: "the error signal $\delta$" becomes the
link text "the error signal \delta". Once references are resolved, each such
link gets the title's own nodes back (maths included), after the section number
Sphinx puts in front; MathJax then typesets it like any other maths.
"""
from copy import deepcopy

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


def _title_with_math(env, docname, anchor, cache):
    """The title node of section ``anchor`` in ``docname`` if it holds maths, else None."""
    if docname not in cache:
        try:
            cache[docname] = env.get_doctree(docname)
        except Exception:  # noqa: BLE001 - a page not read (yet): leave its links alone
            cache[docname] = None
    doctree = cache[docname]
    if doctree is None:
        return None
    for section in doctree.findall(nodes.section):
        if anchor in section["ids"] and isinstance(section[0], nodes.title):
            title = section[0]
            return title if any(True for _ in title.findall(nodes.math)) else None
    return None


class MathInReferenceTitles(SphinxPostTransform):
    default_priority = 20  # after the references are resolved (10)
    formats = ("html",)

    def run(self, **kwargs):
        labels = self.env.get_domain("std").labels  # name -> (docname, anchor, title text)
        by_anchor = {}
        for docname, anchor, text in labels.values():
            if text and "\\" in text:
                by_anchor.setdefault(anchor, []).append((docname, text))
        cache = {}
        for reference in list(self.document.findall(nodes.reference)):
            # a link to another page has a refuri ("page.html#anchor"), one within the page a refid
            target = reference.get("refuri") or "#" + reference.get("refid", "")
            if not reference.get("internal") or "#" not in target:
                continue
            inner = reference[0] if len(reference) == 1 else None
            if not isinstance(inner, nodes.inline) or "std-ref" not in inner["classes"]:
                continue
            anchor, text = target.split("#", 1)[1], inner.astext()
            for docname, title_text in by_anchor.get(anchor, []):
                if not text.endswith(title_text):
                    continue  # a link with text of its own
                title = _title_with_math(self.env, docname, anchor, cache)
                if title is None:
                    continue
                prefix = text[: len(text) - len(title_text)]  # the section number, if any
                inner.children = []
                if prefix:
                    inner += nodes.Text(prefix)
                inner.extend(deepcopy(child) for child in title.children)
                self.env.get_domain("math").data.setdefault("has_equations", {})[self.env.docname] = True
                break


def setup(app):
    app.add_post_transform(MathInReferenceTitles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
