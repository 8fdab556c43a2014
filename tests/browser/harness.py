"""Real servers and a real browser for the browser tests and the latency benchmark.

`jupyter lab` and `voila` run from this Python (sys.executable) on free loopback ports, with no
token and fresh settings/workspaces directories; Playwright drives Debian's chromium (never a
downloaded browser). Notebooks are copied into a scratch folder first, so running them in the
browser (and JupyterLab's autosave) never touches the repository's saved outputs.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
FLOOR = "floor_bare_ipympl.ipynb"


def chromium_path():
    """Debian's chromium, or a RuntimeError that says how to install it."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError("the browser tests need Debian's chromium on PATH (apt-get install -y chromium); "
                           "they never download a browser, and a skipped browser test counts as failing")
    return path


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def notebook_paths():
    """The lessons, discovered from notebooks/ (numbered .ipynb files)."""
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not p.name.startswith("."))


# The floor of this stack: a bare ipympl line plot whose y data a FloatSlider sets, redrawn with
# draw_idle. One cell, names kept local, so the benchmark can also run it inside any lesson.
FLOOR_CODE = """%matplotlib widget
def _kit_floor():
    import numpy as np, matplotlib.pyplot as plt, ipywidgets as W
    x = np.linspace(0, 2 * np.pi, 200)
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(6, 4))
    line, = ax.plot(x, np.sin(x))
    ax.set_ylim(-3.2, 3.2)
    a = W.FloatSlider(value=1.0, min=-3, max=3, step=0.01, description="floor a")
    def update(change):
        line.set_ydata(change.new * np.sin(x))
        fig.canvas.draw_idle()
    a.observe(update, "value")
    return W.VBox([a, fig.canvas])
_kit_floor()"""


def floor_notebook():
    """The floor as a notebook, with one formula to typeset."""
    md = nbformat.v4.new_markdown_cell("The floor: $y = a \\sin x$, redrawn on every slider step.")
    nb = nbformat.v4.new_notebook(cells=[md, nbformat.v4.new_code_cell(FLOOR_CODE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    return nb


def workdir():
    """A scratch copy of notebooks/ plus the floor notebook; returns its Path."""
    root = Path(tempfile.mkdtemp(prefix="kit-browser-"))
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    nbformat.write(floor_notebook(), root / "notebooks" / FLOOR)
    return root


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Settings a fresh JupyterLab would otherwise fetch or pop up: news, update checks, autosave.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # every cell stays in the DOM, so sliders below the fold are counted and screenshots are whole
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


class Server:
    """A jupyter lab or voila process on 127.0.0.1:port, stopped by .stop() (its own PID only)."""

    def __init__(self, kind, root, timeout=90):
        self.kind, self.root, self.port = kind, Path(root), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        scratch = Path(tempfile.mkdtemp(prefix=f"kit-{kind}-"))
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(scratch / "runtime")}
        env.pop("JUPYTER_CONFIG_DIR", None)
        if kind == "lab":
            settings = scratch / "settings"
            for name, value in LAB_SETTINGS.items():
                (settings / name).parent.mkdir(parents=True, exist_ok=True)
                (settings / name).write_text(json.dumps(value))
            cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
                   "--ServerApp.allow_root=True",
                   "--ServerApp.password=", f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True",
                   f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
                   "--ServerApp.disable_check_xsrf=True"]
            self.ready = "/api/status"
        elif kind == "voila":
            cmd = [sys.executable, "-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1", f"--port={self.port}",
                   "--Voila.port_retries=0", "--token=", f"--Voila.root_dir={self.root}", str(self.root)]
            self.ready = "/"
        else:
            raise ValueError(f"kind must be 'lab' or 'voila', got {kind!r}")
        self.log = open(scratch / "server.log", "w+")
        # voila runs from the repository, as an instructor would, so it reads the repo's voila.json
        cwd = REPO if kind == "voila" else self.root
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait(timeout)

    def _wait(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + self.ready, timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.kind} did not answer within {timeout} s:\n{self.tail()}")

    def tail(self, n=4000):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-n:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()
