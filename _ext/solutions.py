"""Sphinx extension: an exercise's hidden solution cell opens with its "Solution" dropdown.

A chapter writes each exercise's solution as a dropdown admonition titled
"Solution" (the explanation), followed by a code cell tagged ``hide-cell`` (the
solution's code and its output). MyST-NB gives that cell a toggle of its own,
"Show code cell content", so the reader met two toggles for one solution. On the
website the hidden cell now moves into the dropdown just before it, after the
explanation: one "Solution" toggle shows both. The cell keeps its tags (and the
notebook is unchanged: in JupyterLab the cell stays collapsed).
"""
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


def is_solution_dropdown(node):
    if not isinstance(node, nodes.admonition) or "dropdown" not in node["classes"]:
        return False
    title = node.next_node(nodes.title)
    return title is not None and title.astext().strip().lower().startswith("solution")


def is_hidden_cell(node):
    return (isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"
            and node.get("hide_mode") == "all")


class SolutionCellsInDropdowns(SphinxPostTransform):
    default_priority = 150  # before MyST-NB wraps hidden cells in their own toggle (199)
    formats = ("html",)

    def run(self, **kwargs):
        for dropdown in list(self.document.findall(nodes.admonition)):
            if not is_solution_dropdown(dropdown) or dropdown.parent is None:
                continue
            siblings = dropdown.parent.children
            after = siblings.index(dropdown) + 1
            if after < len(siblings) and is_hidden_cell(siblings[after]):
                cell = siblings[after]
                dropdown.parent.remove(cell)
                del cell["hide_mode"]
                cell["classes"].append("solution-cell")
                dropdown.append(cell)


def setup(app):
    app.add_post_transform(SolutionCellsInDropdowns)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
