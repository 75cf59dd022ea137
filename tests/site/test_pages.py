"""The built pages as files: alt text, internal links and anchors, notebook downloads."""
import re
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse


class PageParser(HTMLParser):
    """Collects the ids, the link targets and the images of one page."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.images = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)


def parse(path):
    parser = PageParser()
    parser.feed(path.read_text())
    return parser


def test_every_image_has_alt_text(book, pages):
    _, html = book
    missing = {name: [img.get("src") for img in parse(path).images if not (img.get("alt") or "").strip()]
               for name, path in pages.items()}
    assert {k: v for k, v in missing.items() if v} == {}
    chapter = parse(html / "chapters" / "04-backpropagation.html")
    assert any("confusion matrix" in (img.get("alt") or "").lower() for img in chapter.images)


def test_no_broken_internal_link_or_anchor(book, pages):
    _, html = book
    parsed = {name: parse(path) for name, path in pages.items()}
    broken = []
    for name, page in parsed.items():
        for href in page.links:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = name if not url.path else str(PurePosixPath(name).parent / unquote(url.path))
            target = str(PurePosixPath(*[p for p in PurePosixPath(target).parts if p != "."]))
            while "/../" in f"/{target}":  # resolve ".." by hand (PurePosixPath keeps them)
                parts = target.split("/")
                i = parts.index("..")
                target = "/".join(parts[: i - 1] + parts[i + 1:])
            if not (html / target).exists():
                broken.append(f"{name}: {href} (no file {target})")
            elif url.fragment and target.endswith(".html"):
                ids = parsed[target].ids if target in parsed else parse(html / target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{name}: {href} (no anchor #{url.fragment})")
    assert broken == []


def test_every_chapter_offers_its_notebook_for_download(pages):
    for name, path in pages.items():
        if name.startswith("chapters/"):
            notebook = PurePosixPath(name).with_suffix(".ipynb").name
            links = [h for h in parse(path).links if h.endswith(notebook)]
            assert links, f"{name} has no download link for {notebook}"
            assert (path.parent / links[0]).resolve().exists()


def test_launch_buttons_stay_off_while_no_repository_is_set(book):
    _, html = book
    page = (html / "chapters" / "01-perceptrons.html").read_text()
    assert "mybinder" not in page and "colab.research" not in page


def test_launch_urls_are_kept_only_with_a_repository():
    import importlib.util
    from pathlib import Path
    from types import SimpleNamespace

    path = Path(__file__).resolve().parents[2] / "_ext" / "launch_buttons.py"
    spec = importlib.util.spec_from_file_location("launch_buttons", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    launch = {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com"}
    without = SimpleNamespace(html_theme_options={"repository_url": "", "launch_buttons": dict(launch)})
    module.launch_only_with_repository(None, without)
    assert without.html_theme_options["launch_buttons"]["binderhub_url"] == ""
    with_repo = SimpleNamespace(html_theme_options={"repository_url": "https://github.com/o/r", "launch_buttons": dict(launch)})
    module.launch_only_with_repository(None, with_repo)
    assert with_repo.html_theme_options["launch_buttons"] == launch


def test_figures_have_an_opaque_white_background(book):
    """Legible in the site's dark mode: no transparent or dark PNG backgrounds."""
    import matplotlib.image as mpimg

    _, html = book
    figures = sorted((html / "_images").glob("*.png"))
    assert len(figures) >= 10
    for path in figures:
        image = mpimg.imread(path)
        corners = image[[0, 0, -1, -1], [0, -1, 0, -1]]
        assert (corners[:, :3] > 0.98).all(), f"{path.name} has a corner that is not white"
        if image.shape[2] == 4:
            assert (image[..., 3] == 1.0).all(), f"{path.name} is partly transparent"


def test_exercises_look_the_same_in_every_chapter(book):
    """Each chapter: an Exercises section, solutions in dropdowns, a self-checking exercise."""
    _, html = book
    for path in sorted((html / "chapters").glob("*.html")):
        page = path.read_text()
        assert 'id="exercises"' in page, path.name
        exercises = page[page.index('id="exercises"'):]
        assert exercises.count('class="dropdown admonition"') >= 3, path.name
        assert "checks passed" in exercises and re.search(r">check_\w+<", exercises), path.name
        assert exercises.count("tag_hide-cell") >= 2, path.name
