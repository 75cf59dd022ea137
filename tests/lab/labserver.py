"""A real JupyterLab on 127.0.0.1 for the notebook tests and ``bench/lab_latency.py``.

It serves one folder with a throw-away home (runtime, configuration, workspaces and
settings in a temporary folder), every cell rendered (JupyterLab otherwise renders
only the cells in view) and nothing fetched from outside (news, update checks).
"""
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOKEN = "nnlib-lab-test"
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def running_lab(folder, env=None, timeout=60):
    """Start ``jupyter lab`` on a free port serving ``folder``; yield its base URL; stop it afterwards."""
    with tempfile.TemporaryDirectory(prefix="nnlib-lab-") as home:
        home = Path(home)
        for name, value in SETTINGS.items():
            target = home / "settings" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(value))
        env = dict(os.environ if env is None else env, JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                   JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
        args = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", f"--ServerApp.token={TOKEN}",
                "--port=0", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={folder}",
                f"--LabApp.user_settings_dir={home / 'settings'}", "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--allow-root")
        with open(home / "lab.log", "w+") as log:
            server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=home)
            try:
                deadline = time.time() + timeout
                while True:
                    log.seek(0)
                    text = log.read()
                    match = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
                    if match:
                        break
                    if server.poll() is not None or time.time() > deadline:
                        raise RuntimeError(f"JupyterLab did not start:\n{text[-3000:]}")
                    time.sleep(0.3)
                yield f"http://127.0.0.1:{match.group(1)}"
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()


def execute(path):
    """Run a notebook in place, as ``make outputs`` stores it: the faces a reader opens."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)


def open_notebook(browser, url, name, viewport=None):
    """A new browser context and page with notebook ``name`` open in JupyterLab."""
    context = browser.new_context(viewport=viewport or {"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/lab/tree/{name}?token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60000)
    return context, page


def wait_for_kernel(page, timeout=60):
    """Wait until the notebook's kernel is idle, accepting the kernel the notebook asks for if JupyterLab asks."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count() and dialog.first.is_visible():
            dialog.first.click()
        if page.locator(".jp-StatusBar-TextItem", has_text="| Idle").count():
            return
        page.wait_for_timeout(200)
    raise TimeoutError("the notebook's kernel did not become idle")


def run_all(page, timeout=300000):
    """Run All Cells from the menu, as a reader would, once the kernel is ready; wait until every cell ran."""
    wait_for_kernel(page)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # queued cells show [*] until they ran: wait for the stars to appear, then for the last one to go
    prompts = "[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent)"
    page.wait_for_function(f"{prompts}.some(p => p.includes('*'))", timeout=30000)
    page.wait_for_function(f"!{prompts}.some(p => p.includes('*'))", timeout=timeout)
