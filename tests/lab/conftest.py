"""Fixtures for the notebook tests: a real JupyterLab (``labserver.py``) serving a temporary copy of
the chapters; the browser is the one in tests/conftest.py, shared with the website tests."""
import shutil
from pathlib import Path

import pytest

from labserver import running_lab

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab serving a copy of the chapters; yields (base URL, the copy's folder)."""
    chapters = tmp_path_factory.mktemp("lab") / "chapters"
    shutil.copytree(ROOT / "chapters", chapters)
    with running_lab(chapters) as url:
        yield url, chapters
