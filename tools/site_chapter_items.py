"""What the chapters themselves must change for the website to fit every screen.

Run on a built book (``make book`` first)::

    python tools/site_chapter_items.py [_build/html] > notes.md

Opens every chapter in headless Chromium at 1366x768 and 390x844, with the site's
own stylesheet (which already scrolls wide maths in its own box and wraps
printed output), and lists, as Markdown, what only the notebook can fix:

- display equations still wider than the column, with their section and the
  start of their TeX (break them over lines, e.g. with ``aligned`` or
  ``\\begin{gathered}``), and inline formulas wider than a line;
- code lines longer than the column at 1366 px, with their length in characters
  and how many fit;
- raw TeX a reader sees (a command MathJax left as text);
- cells printing more than one block of text, and empty output blocks;
- a Solution's prose that still speaks of "the hidden cell" (the cell now sits
  inside the dropdown, right after that prose).

Collapsed solutions and cells are opened first, so their code is measured too.

It measures with the same script as the browser tests (tests/site/survey.js).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from page_weight import ARGS, CHROMIUM, serve  # noqa: E402

SURVEY_JS = (ROOT / "tests" / "site" / "survey.js").read_text()
SIZES = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}


def short(text, n=70):
    """The start of ``text`` on one line, safe inside a Markdown table cell."""
    text = " ".join(text.split())
    text = text if len(text) <= n else text[: n - 1] + "…"
    return text.replace("|", "\\|")


def wide_formula_rows(seen, kind):
    """Table rows: each formula of ``kind`` wider than its column, with its overflow at each size."""
    rows = []
    for name, sizes in seen.items():
        wide = {}
        for size, data in sizes.items():
            for eq in data[kind]:
                if eq.get("typeset", True) and eq["overflow"] > 1:
                    wide.setdefault((eq["section"], eq["tex"]), {})[size] = eq["overflow"]
        rows += [f"| {Path(name).stem} | {section} | {over.get('1366', '')} | {over.get('390', '')} | `{short(tex)}` |"
                 for (section, tex), over in wide.items()]
    return rows


def survey(browser, base, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base}/{name}", wait_until="load")
    page.wait_for_load_state("networkidle", timeout=60000)
    page.evaluate("""() => {
        document.querySelectorAll('details').forEach(d => d.open = true);
        document.querySelectorAll('.admonition.toggle-hidden button.toggle-button').forEach(b => b.click());
    }""")
    page.wait_for_timeout(500)
    seen = page.evaluate(SURVEY_JS, {})
    seen["hiddenCellProse"] = page.evaluate("""() => [...document.querySelectorAll('.admonition.dropdown')]
        .filter(d => d.querySelector('.solution-cell'))
        .flatMap(d => [...d.querySelectorAll(':scope > p')].map(p => p.textContent))
        .flatMap(t => t.split(/(?<=[.;:])\\s+/)).filter(t => /hidden cell/.test(t))""")
    page.close()
    return seen


def report(html):
    from playwright.sync_api import sync_playwright

    chapters = sorted(str(p.relative_to(html)) for p in (Path(html) / "chapters").glob("*.html"))
    server, base = serve(html)
    seen = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name in chapters:
            seen[name] = {size: survey(browser, base, name, viewport) for size, viewport in SIZES.items()}
        browser.close()
    server.shutdown()

    lines = ["# Chapter items for the website", "",
             f"Measured by `tools/site_chapter_items.py` on `{html}`, with the site's stylesheet.", ""]

    lines += ["## Display equations wider than the column", "",
              "They scroll in their own box (with a shaded edge) rather than being cut, but a reader",
              "should not need to: break them over lines. Width over the column in CSS pixels.", "",
              "| chapter | section | at 1366 | at 390 | TeX starts |", "|---|---|---|---|---|"]
    lines += wide_formula_rows(seen, "equations")
    lines += ["", "## Inline formulas wider than a line", "",
              "They scroll sideways inside the line on a phone; shorter pieces, or display maths, read better.", "",
              "| chapter | section | at 1366 | at 390 | TeX starts |", "|---|---|---|---|---|"]
    lines += wide_formula_rows(seen, "inlineMath")
    lines += ["", "## Code lines longer than the column at 1366 px", "",
              "Each forces its cell to scroll sideways on a desktop. Length in characters, and how many fit.", "",
              "| chapter | section | length | fits | line starts |", "|---|---|---|---|---|"]
    count = 0
    for name, sizes in seen.items():
        for block in sizes["1366"]["code"]:
            for length, start in block["long"]:
                count += 1
                lines.append(f"| {Path(name).stem} | {block['section']} | {length} | {block['fits']} "
                             f"| `{short(start, 50)}` |")
    cells = sum(1 for sizes in seen.values() for block in sizes["1366"]["code"] if block["scrolls"])
    total = sum(len(sizes["1366"]["code"]) for sizes in seen.values())
    lines += ["", f"{count} lines in {cells} of {total} code blocks.", ""]

    lines += ["## Raw TeX a reader sees", ""]
    raw = {(Path(name).stem, hit["section"], hit["text"]) for name, sizes in seen.items()
           for data in sizes.values() for hit in data["rawTex"]}
    lines += [f"- {chapter}, {section}: `{text}`" for chapter, section, text in sorted(raw)] or ["None."]

    lines += ["", "## Printed output", ""]
    blocks = [f"- {Path(name).stem}, {cell['section']}: {cell['blocks']} blocks (`{short(cell['start'], 40)}`)"
              for name, sizes in seen.items() for cell in sizes["1366"]["textBlocks"] if cell["blocks"] > 1]
    empty = [f"- {Path(name).stem}, {out['section']}: an empty output block"
             for name, sizes in seen.items() for out in sizes["1366"]["outputs"] if out["empty"]]
    lines += blocks + empty or ["Every cell prints one block of text at most; none is empty."]

    lines += ["", "## A Solution's prose that points at \"the hidden cell\"", "",
              "On the website the hidden solution cell now opens inside its Solution dropdown",
              "(`_ext/solutions.py`), right after this prose; \"the cell below\" would now read better.", ""]
    found = [f"- {Path(name).stem}: \"{short(text, 110)}\"" for name, sizes in seen.items()
             for text in sizes["1366"]["hiddenCellProse"]]
    lines += found or ["None."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    html = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html")
    if not (html / "intro.html").exists():
        sys.exit(f"{html} holds no built book (run make book)")
    sys.stdout.write(report(html))
