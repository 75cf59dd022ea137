"""The book builds with Sphinx's strictest settings: zero warnings, nitpicky references."""
import re


# Printed by each chapter's kernel as the build runs it (jupyter_client talks to
# its kernel over local TCP); a notice of the kernel's, not a warning of the book.
KERNEL_NOTICE = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption"


def test_book_builds_without_warnings(book):
    proc, html = book
    output = proc.stdout + proc.stderr
    warnings = [line for line in output.splitlines()
                if ("WARNING" in line or "ERROR" in line) and not line.startswith(KERNEL_NOTICE)]
    assert proc.returncode == 0, output[-4000:]
    assert warnings == []
    assert (html / "intro.html").exists() and (html / "chapters" / "01-perceptrons.html").exists()


def test_mathjax_is_served_by_the_site(book):
    _, html = book
    page = (html / "intro.html").read_text()
    # (an incremental build adds a "?v=" checksum once the file is in place)
    assert re.search(r'src="_static/mathjax/tex-chtml\.js(\?v=\w+)?"', page)
    assert (html / "_static" / "mathjax" / "tex-chtml.js").exists()


def test_chapters_render_the_static_face_not_the_widget(book):
    _, html = book
    page = (html / "chapters" / "01-perceptrons.html").read_text()
    assert page.count('class="nnx" data-explorer="perceptron"') == 1
    assert "widget-view+json" not in page and "embed-amd" not in page
    assert "widget-state+json" not in page
