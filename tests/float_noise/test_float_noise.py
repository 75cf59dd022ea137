"""Every stored output survives the float-noise guard (see guard.py), and the guard bites."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import guard

CHAPTERS = sorted((guard.ROOT / "chapters").glob("*.ipynb"))


@pytest.fixture(scope="session")
def perturbed_runs():
    """Every chapter re-run by nbval in a perturbed kernel, two at a time: {path: (ok, report)}."""
    return guard.run_all(CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_stored_outputs_survive_float_noise(perturbed_runs, chapter):
    ok, report = perturbed_runs[chapter]
    assert ok, (
        f"{chapter.name}: {', '.join(guard.failed_cells(report))} print(s) digits that round-off moves."
        f" Print a precision round-off cannot reach, a robust statistic, or the claim itself.\n\n{report}"
    )


PLANTED = {
    "robust": (
        "import numpy as np\n"
        "from nnlib import Dense, Sequential, Tanh\n"
        "X = np.random.default_rng(0).standard_normal((200, 4))\n"
        "y = (X[:, 0] * X[:, 1] > 0).astype(int)\n"
        "print('fraction of class 1:', y.mean())\n"
        "print('1 + 2 =', (np.ones((1, 3)) @ np.array([1.0, 2.0, 0.0]))[0])"
    ),
    "training": (
        "import nnlib\n"
        "from nnlib import CrossEntropyLoss, SGD\n"
        "model = Sequential(Dense(4, 32, rng=1), Tanh(), Dense(32, 2, rng=2))\n"
        "history = nnlib.fit(model, CrossEntropyLoss(), SGD(model.parameters(), lr=3.0), X, y, epochs=30,\n"
        "                    batch_size=16, rng=3, progress=False)\n"
        "print(f\"training loss after 30 epochs at lr 3.0: {history['loss'][-1]:.4f}\")"
    ),
    "elementary function": "print(f'{np.exp(np.linspace(0.1, 1, 30)).sum()!r}')",
}


def planted_notebook(folder):
    """A notebook of three cells: one robust, two whose digits round-off moves; outputs stored."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in PLANTED.values()]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    path = Path(folder) / "planted.ipynb"
    nbformat.write(nb, path)
    return path


def test_guard_flags_planted_sensitive_outputs(tmp_path):
    path = planted_notebook(tmp_path)
    ok, report = guard.run_notebook(path, env=None)  # plain nbval: the stored outputs do reproduce here
    assert ok, report
    (ok, report), = guard.run_all([path]).values()
    assert not ok
    assert guard.failed_cells(report) == ["Cell 1", "Cell 2"], report  # the robust cell 0 survives
    assert "training loss after 30 epochs" in report


def test_guard_stops_a_kernel_it_cannot_perturb(tmp_path):
    """Without the BLAS wrapper the start-up check ends the kernel: the guard never passes by doing nothing."""
    path = planted_notebook(tmp_path)
    env = guard.build(tmp_path / "guard")
    env["LD_PRELOAD"] = ""
    ok, report = guard.run_notebook(path, env)
    assert not ok and "Kernel died" in report, report
