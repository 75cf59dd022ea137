r"""Sphinx extension: inline maths keeps the punctuation that touches it on its line.

A browser may break a line right after typeset inline maths, even before a full
stop: on a phone "the threshold $\theta$." showed the stop alone at the start of
the next line. Each inline formula and the punctuation written against it (a
closing stop, comma or bracket after, an opening bracket before) are wrapped in
one ``<span class="math-word">``, which ``_static/site.css`` keeps unbroken.
"""
import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

AFTER = re.compile(r"^[.,;:!?)\]’”'…]+")
BEFORE = re.compile(r"[(\[‘“]+$")


class MathWords(SphinxPostTransform):
    default_priority = 30
    formats = ("html",)

    def run(self, **kwargs):
        for math in list(self.document.findall(nodes.math)):
            parent = math.parent
            if parent is None or isinstance(parent, nodes.inline) and "math-word" in parent["classes"]:
                continue
            at = parent.index(math)
            after = parent[at + 1] if at + 1 < len(parent) else None
            before = parent[at - 1] if at > 0 else None
            tail = AFTER.match(after.astext()) if isinstance(after, nodes.Text) else None
            head = BEFORE.search(before.astext()) if isinstance(before, nodes.Text) else None
            if not (tail or head):
                continue
            word = nodes.inline(classes=["math-word"])
            if head:
                parent.replace(before, nodes.Text(before.astext()[: head.start()]))
                word += nodes.Text(head.group(0))
            parent.replace(math, word)
            word += math
            if tail:
                parent.replace(after, nodes.Text(after.astext()[tail.end():]))
                word += nodes.Text(tail.group(0))


def setup(app):
    app.add_post_transform(MathWords)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
