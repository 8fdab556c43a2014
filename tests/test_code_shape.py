"""The package's shape (issue 13): layers that only import downwards, a linter, short functions.

Layers, lowest first: the math (`nnlib/*.py`), the derivation (the modules in DERIVATION), then
hand work (`nnlib/handwork/`) and pictures (`nnlib/pictures/`) side by side, then the widget apps
(`nnlib/apps/`). A module may import its own layer and the layers below, never one above, and hand
work and pictures never import each other. `nnlib/__init__.py` is the facade and may re-export.
Each rule is also run on a small planted package, so a test that could not fail would show.
"""
import ast
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nnlib"
DERIVATION = {"formulas", "derivation", "step_ids", "sweep", "sweep_stages", "reuse", "beyond"}
RANK = {"math": 0, "derivation": 1, "handwork": 2, "pictures": 2, "apps": 3}
LONGEST = 40  # lines; a longer function says why in its docstring ("Long because ...")


def layer(module):
    """The layer of a dotted module name such as 'nnlib.pictures.draw'."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ("handwork", "pictures", "apps"):
        return parts[1]
    return "derivation" if parts[-1] in DERIVATION else "math"


def imports(package):
    """(importer, imported) pairs of dotted module names inside `package` (a folder)."""
    top = package.name
    pairs = set()
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        here = parts[:-1] if parts[-1] == "__init__" else parts
        base = parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:
                    target = ".".join(base[:len(base) - node.level + 1] + ([node.module] if node.module else []))
                if not target.startswith(top):
                    continue
                for alias in node.names:  # `from . import x` imports the module x
                    sub = f"{target}.{alias.name}"
                    is_module = (package.parent / (sub.replace(".", "/") + ".py")).exists()
                    pairs.add((".".join(here), sub if is_module else target))
            elif isinstance(node, ast.Import):
                pairs.update((".".join(here), a.name) for a in node.names if a.name.startswith(top))
    return pairs


def wrong_way(package):
    """The imports that point up a layer, or sideways between hand work and pictures."""
    bad = []
    for importer, imported in sorted(imports(package)):
        if importer == package.name or imported == package.name:
            continue  # the facade, and `from . import x` resolved to the package itself
        a, b = layer(importer), layer(imported)
        if RANK[b] > RANK[a] or (a != b and RANK[a] == RANK[b]):
            bad.append(f"{importer} ({a}) imports {imported} ({b})")
    return bad


def long_functions(package):
    """Functions longer than LONGEST lines whose docstring does not say why."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > LONGEST and "Long because" not in (ast.get_docstring(node) or ""):
                    found.append(f"{path.relative_to(package.parent)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_every_import_points_down_a_layer():
    assert wrong_way(PACKAGE) == []


def test_only_the_apps_import_ipywidgets():
    users = sorted({a for a, b in imports_of(PACKAGE, "ipywidgets")})
    assert users and all(u.startswith("nnlib.apps") for u in users), users


def imports_of(package, name):
    """(module, name) for every module of `package` that imports the top-level package `name`."""
    found = set()
    for path in package.rglob("*.py"):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            found.update((module, name) for n in names if n.split(".")[0] == name)
    return found


def test_no_function_is_longer_than_a_screen_without_a_reason():
    assert long_functions(PACKAGE) == []


def test_the_linter_is_clean():
    ruff = shutil.which("ruff", path=str(pathlib.Path(sys.executable).parent))
    assert ruff, "ruff is pinned in requirements.txt; install it"
    result = subprocess.run([ruff, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def planted(tmp_path):
    """A tiny package with one import of each kind: down, up, sideways, and a long function."""
    pkg = tmp_path / "nnlib"
    for folder in ("", "pictures", "handwork", "apps"):
        (pkg / folder).mkdir(exist_ok=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "network.py").write_text("from .derivation import x\n")        # up: math -> derivation
    (pkg / "derivation.py").write_text("from . import network\nx = 1\n")  # down: fine
    (pkg / "pictures" / "draw.py").write_text("from ..handwork import sheet\n")  # sideways
    (pkg / "handwork" / "sheet.py").write_text("from .. import derivation\n")    # down: fine
    (pkg / "apps" / "app.py").write_text("def f():\n" + "    pass\n" * LONGEST)  # 41 lines
    return pkg


def test_the_rules_catch_planted_breaks(planted):
    assert wrong_way(planted) == ["nnlib.network (math) imports nnlib.derivation (derivation)",
                                  "nnlib.pictures.draw (pictures) imports nnlib.handwork.sheet (handwork)"]
    assert long_functions(planted) == ["nnlib/apps/app.py:1 f (41 lines)"]


def test_the_readme_maps_every_module():
    """The README's module map names each module of the package (a new module must be placed)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**The package, module by module.**"):readme.index("**Projecting.**")]
    modules = sorted(p.stem for p in PACKAGE.rglob("*.py") if p.stem != "__init__")
    assert [m for m in modules if f"`{m}`" not in section] == []
