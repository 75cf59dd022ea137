"""Fixtures for the notebook tests: a real JupyterLab (``labserver.py``) serving a temporary copy of
the chapters, and headless Debian Chromium (the same browser as the website tests)."""
import os
import shutil
from pathlib import Path

import pytest

from labserver import CHROMIUM_ARGS, running_lab

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab serving a copy of the chapters; yields (base URL, the copy's folder)."""
    chapters = tmp_path_factory.mktemp("lab") / "chapters"
    shutil.copytree(ROOT / "chapters", chapters)
    with running_lab(chapters) as url:
        yield url, chapters


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
