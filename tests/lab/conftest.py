"""Fixtures for the notebook tests: a real JupyterLab on 127.0.0.1 serving a temporary copy of the
chapters, and headless Debian Chromium (the same browser as the website tests)."""
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TOKEN = "nnlib-lab-test"
# What a reader meets, minus what would reach outside this machine (news, update checks), and with
# every cell rendered (JupyterLab otherwise renders only the cells in view).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def execute(path):
    """Run a notebook in place, as ``make outputs`` stores it: the faces a reader opens."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab serving a copy of the chapters; yields (base URL, the copy's folder)."""
    home = tmp_path_factory.mktemp("lab")
    chapters = home / "chapters"
    shutil.copytree(ROOT / "chapters", chapters)
    settings = home / "settings"
    for name, value in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    log = open(home / "lab.log", "w+")
    args = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", f"--ServerApp.token={TOKEN}",
            "--port=0", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={chapters}",
            f"--LabApp.user_settings_dir={settings}", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=home)
    try:
        deadline, url = time.time() + 60, None
        while url is None:
            log.seek(0)
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read())
            if match:
                url = f"http://127.0.0.1:{match.group(1)}"
            elif server.poll() is not None or time.time() > deadline:
                log.seek(0)
                pytest.fail(f"JupyterLab did not start:\n{log.read()[-3000:]}")
            else:
                time.sleep(0.3)
        yield url, chapters
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def open_notebook(browser, url, name, viewport=None):
    """A new page with notebook ``name`` open in JupyterLab, every cell rendered."""
    context = browser.new_context(viewport=viewport or {"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/lab/tree/{name}?token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60000)
    page.wait_for_function("document.querySelector('.jp-NotebookPanel .jp-Notebook-footer, .jp-NotebookPanel .jp-Cell:last-child')")
    return context, page
