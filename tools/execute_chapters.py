"""Re-execute chapter notebooks in place, storing fresh outputs (``make outputs``).

Chapters keep their outputs, and nbval checks in CI that a re-run reproduces
them; after editing a chapter or ``nnlib``, run this and commit the result.
Widget state is not stored: the website shows each explorer's static face, so
it needs no widget JavaScript.

The fresh outputs then go through the float-noise guard (``tests/float_noise``),
as ``make test`` will: a cell whose printed digits move with round-off is
named here, at once, rather than on a reader's machine or in CI.
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "float_noise"))
import guard  # noqa: E402  (the guard lives with the tests)


def execute(path):
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("jupytext", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", store_widget_state=False, record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


if __name__ == "__main__":
    os.environ["NNLIB_HIDE_HINTS"] = "1"  # stored pages show a check's verdict, never its hint
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path("chapters").glob("*.ipynb"))
    for path in paths:
        print(f"{path}: executed in {execute(path):.1f} s", flush=True)
    print("float-noise guard: re-running them as another CPU would ...", flush=True)
    sys.exit(guard.main([str(p) for p in paths]))
