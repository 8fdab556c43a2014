"""Navigation cells for the lessons, and executing lessons into their saved form.

    python notebooks/nav.py                      # rewrite prev / contents / next cells of every NN_*.ipynb
    python notebooks/nav.py --check              # exit 1 if any navigation cell is out of date
    python notebooks/nav.py --execute NB.ipynb   # run notebooks in place (then rewrite navigation)

Navigation cells are markdown cells tagged `nav` (one at the top, one at the bottom); the
contents list in 00 is the markdown cell tagged `contents`. Missing ones are added. Titles are
each notebook's first `# ` heading. Only these cells are touched, so outputs stay as they were.

The saved form of an executed lesson: every code cell with its outputs and execution count,
plus the widget state (notebook metadata `widgets`), so a student who opens it cold sees the
sliders and the figures as they were saved instead of "model not found". See the README (Saved lessons).
"""
import argparse
import pathlib
import re
import sys

import nbformat

NOTEBOOKS = pathlib.Path(__file__).resolve().parent
LESSON = re.compile(r"^\d\d_.+\.ipynb$")
START = "00_start_here.ipynb"


def lessons(folder=NOTEBOOKS):
    """The lesson files NN_*.ipynb of `folder`, in order."""
    return sorted(p for p in pathlib.Path(folder).iterdir() if LESSON.match(p.name))


def _tagged(cell, tag):
    return tag in cell.get("metadata", {}).get("tags", [])


def title(nb):
    """The text of the first '# ' heading outside navigation cells."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not _tagged(cell, "nav") and not _tagged(cell, "contents"):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("a lesson needs a '# ' heading to be listed")


def nav_text(names, titles, i):
    """The markdown of the navigation bar of lesson i."""
    parts = []
    if i > 0:
        parts.append(f"[← {titles[i - 1]}]({names[i - 1]})")
    if names[i] != START:
        parts.append(f"[Contents]({START}#Contents)")
    if i + 1 < len(names):
        parts.append(f"[{titles[i + 1]} →]({names[i + 1]})")
    return " | ".join(parts)


def contents_text(names, titles):
    lines = ["## Contents", ""]
    lines += [f"{k}. [{t}]({n})" for k, (n, t) in enumerate(zip(names, titles)) if n != START]
    return "\n".join(lines)


def _set(nb, tag, text, where):
    """Make the cells tagged `tag` hold `text`; add one at `where` if none. True if changed."""
    cells = [c for c in nb.cells if _tagged(c, tag)]
    if not cells:
        return _insert(nb, tag, text, where)
    changed = False
    for c in cells:
        if c.source != text:
            c.source, changed = text, True
    return changed


def update(folder=NOTEBOOKS, write=True):
    """Rewrite navigation in every lesson; return the names of the lessons that changed."""
    paths = lessons(folder)
    nbs = [nbformat.read(p, as_version=4) for p in paths]
    names = [p.name for p in paths]
    titles = [title(nb) for nb in nbs]
    changed = []
    for i, (path, nb) in enumerate(zip(paths, nbs)):
        text = nav_text(names, titles, i)
        navs = [c for c in nb.cells if _tagged(c, "nav")]
        dirty = False
        if len(navs) < 2:  # one at the top, one at the bottom
            for where in ((0, "end") if not navs else ("end",)):
                dirty |= _insert(nb, "nav", text, where)
        for c in navs:
            if c.source != text:
                c.source, dirty = text, True
        if path.name == START:
            dirty |= _set(nb, "contents", contents_text(names, titles), "end")
        if dirty:
            changed.append(path.name)
            if write:
                nbformat.write(nb, path)
    return changed


def _insert(nb, tag, text, where):
    """Insert a tagged markdown cell at index `where`, or at the end (above a bottom nav bar)."""
    if where == "end":
        where = len(nb.cells) - 1 if nb.cells and _tagged(nb.cells[-1], "nav") and tag != "nav" else len(nb.cells)
    nb.cells.insert(where, nbformat.v4.new_markdown_cell(text, metadata={"tags": [tag]}))
    return True


REMEMBER = """import sys
if "matplotlib.pyplot" in sys.modules:
    from nnlib.apps.figure import remember_all
    remember_all()"""


def execute(path, timeout=600):
    """Run a notebook top to bottom in a fresh kernel and save it with outputs and widget state."""
    from nbclient import NotebookClient  # only needed here; keeps importing this module light

    path = pathlib.Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    # a last, unsaved cell stores every live figure's picture in the widget state
    nb.cells.append(nbformat.v4.new_code_cell(REMEMBER))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    finally:
        nb.cells.pop()
    for cell in nb.cells:  # nbclient leaves an empty 'execution' dict on some cells
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                # the full traceback names files of the machine that ran it; the saved
                # lesson keeps the message a student needs (a re-run shows the rest)
                out.traceback = [f"{out.ename}: {out.evalue}"]
    nbformat.write(nb, path)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python notebooks/nav.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if any navigation is out of date")
    ap.add_argument("--execute", nargs="+", metavar="NOTEBOOK", help="run these notebooks in place")
    ap.add_argument("--folder", default=str(NOTEBOOKS), help="the lessons folder")
    args = ap.parse_args(argv)
    if args.check:
        stale = update(args.folder, write=False)
        print("navigation out of date in: " + ", ".join(stale) if stale else "navigation up to date")
        return 1 if stale else 0
    for name in update(args.folder):
        print(f"navigation updated: {name}")
    for nb in args.execute or ():
        print(f"executing {nb} ...", flush=True)
        execute(nb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
