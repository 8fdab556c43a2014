"""Binder: the binder/ files are sound, and replaying what repo2docker does with them works.

repo2docker cannot run here (it needs Docker), so `test_replay` does its steps by hand, in the
order its generated Dockerfile does them (seen with `repo2docker --no-build --debug .`):
a Python environment that already holds the base image's Jupyter packages, the whole repository
copied, `pip install -r binder/requirements.txt` run from the repository root, `binder/postBuild`,
and then every notebook under nbval with that environment's Python. The Python is the local
python3, not the 3.12 of binder/runtime.txt: the test proves the files, the version is checked
statically below.

It takes a few minutes (pip's cache makes later runs quicker). Opt out locally with
SKIP_BINDER_REPLAY=1; with CI=true the opt-out is refused.
"""
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"

# What the repo2docker 2026.4.0 base image already holds for Python 3.12 (its file
# buildpacks/conda/environment.py-3.12-linux-64.lock); only the Jupyter packages whose versions
# can clash with ours. Installing over them is what catches a pin that clashes on Binder.
BASE_IMAGE = ["jupyterlab==4.4.9", "notebook==7.4.7", "jupyter_server==2.17.0", "ipywidgets==8.1.7"]

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)\s*(?:#.*)?$")


def requirement_lines(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def pins(path):
    """{normalised name: version} of the exact pins in a requirements file."""
    out = {}
    for line in requirement_lines(path):
        m = PIN.match(line)
        if m:
            out[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return out


def test_runtime_is_python_3_12():
    # without runtime.txt repo2docker picks 3.10, too old for the pinned numpy and matplotlib
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.12"


def test_binder_requirements_point_at_the_root_file():
    lines = requirement_lines(BINDER / "requirements.txt")
    assert "-r ../requirements.txt" in lines
    for line in lines:
        assert line == "-r ../requirements.txt" or PIN.match(line), \
            f"binder/requirements.txt: {line!r} is not an exact pin"


def test_binder_only_pins_do_not_repeat_root_pins():
    # a package pinned in both files could drift; binder/ may only add what Binder alone needs
    shared = set(pins(BINDER / "requirements.txt")) & set(pins(ROOT / "requirements.txt"))
    assert not shared, f"pinned in both requirements files: {sorted(shared)}"


def test_every_root_requirement_is_pinned_exactly():
    for line in requirement_lines(ROOT / "requirements.txt"):
        assert line == "-e ." or PIN.match(line), f"requirements.txt: {line!r} is not an exact pin"


def test_post_build_stops_on_the_first_error():
    lines = (BINDER / "postBuild").read_text().splitlines()
    assert lines[0].startswith("#!")
    first_command = next(line for line in lines[1:] if line.strip() and not line.startswith("#"))
    assert re.match(r"set -e", first_command), first_command
    assert os.access(BINDER / "postBuild", os.X_OK)


def run(cmd, env, step):
    """Run one build step from the repository root; fail with its output if it fails."""
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        pytest.fail(f"{step} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}")
    return proc.stdout


def clean_env(venv):
    """The environment a Binder build step sees: only the new venv on PATH, no outer Python settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "PIP_REQUIRE", "CONDA"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return env


def test_replay(tmp_path):
    if os.environ.get("SKIP_BINDER_REPLAY") == "1":
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("SKIP_BINDER_REPLAY=1 is not allowed in CI: the Binder replay must run there")
        pytest.skip("SKIP_BINDER_REPLAY=1")
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in notebooks, "Binder opens notebooks/00_start_here.ipynb"
    venv = tmp_path / "binder-env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = clean_env(venv)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    run(pip + ["install", "--quiet", "--upgrade", "pip"], env, "upgrading pip")
    run(pip + ["install", "--quiet"] + BASE_IMAGE, env, "installing the base image's Jupyter")
    run(pip + ["install", "--quiet", "-r", "binder/requirements.txt"], env, "pip install -r binder/requirements.txt")
    run(pip + ["check"], env, "pip check (clashing versions)")
    run(["./binder/postBuild"], env, "binder/postBuild")
    # the project's pytest settings (pyproject.toml: sanitizers, full compare) apply here too
    out = run([str(venv / "bin" / "python"), "-m", "pytest", "-q", "--nbval", "--nbval-current-env",
               *[str(nb.relative_to(ROOT)) for nb in notebooks]], env, "nbval over the notebooks")
    assert re.search(r"\d+ passed", out) and "failed" not in out, out[-2000:]
