"""The saved lessons: nbval compares stored outputs, so every lesson must carry them.

A notebook saved with outputs stripped (or a cell without an execution count) tests nothing
under nbval; a widget view whose model is not in the saved widget state shows
"Error displaying widget: model not found" when a student opens it cold.
"""
import re

import nbformat
import pytest

import nav

LESSONS = nav.lessons()
IDS = [p.name for p in LESSONS]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def read(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_lessons_and_00_starts():
    assert nav.START in IDS
    assert len(LESSONS) >= 2


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_code_cell_was_run_in_order(path):
    counts = [c.execution_count for c in code_cells(read(path))]
    assert counts, f"{path.name} has no code cells"
    assert None not in counts, f"{path.name}: cells without an execution count are never compared by nbval"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name} was not saved from one Run All: {counts}"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_errors_only_where_tagged(path):
    for c in code_cells(read(path)):
        errors = [o for o in c.outputs if o.output_type == "error"]
        stderr = [o for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
        tagged = "raises-exception" in c.metadata.get("tags", [])
        assert bool(errors) == tagged, f"{path.name}: cell {c.execution_count} error outputs {errors} vs tag {tagged}"
        assert not stderr, f"{path.name}: cell {c.execution_count} wrote to stderr: {stderr}"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_saved_outputs_name_no_file_of_the_machine_that_ran_them(path):
    # a saved traceback lists absolute source paths ("File /home/.../nnlib/network.py:108")
    for c in code_cells(read(path)):
        for o in c.outputs:
            text = ("\n".join(o.get("traceback", [])) + str(o.get("text", ""))
                    + str(o.get("data", {}).get("text/plain", "")))
            text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # tracebacks are coloured with ANSI codes
            assert not re.search(r"(^|[\s'\"(])/(home|root|tmp|usr|opt|srv|work|Users)/", text), \
                f"{path.name}: cell {c.execution_count} shows a path of this machine"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_saved_widget_view_has_its_model(path):
    nb = read(path)
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    views = [o.data[WIDGET_VIEW]["model_id"]
             for c in code_cells(nb) for o in c.outputs if WIDGET_VIEW in o.get("data", {})]
    missing = [m for m in views if m not in state]
    assert not missing, f"{path.name}: saved widget views without saved state (would show 'model not found')"
    for s in state.values():  # a saved figure must carry its picture, or it opens blank
        if s["model_name"] == "MPLCanvasModel":
            assert str(s["state"].get("_data_url")).startswith("data:image/png;base64,"), \
                f"{path.name}: a saved figure has no static image"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_widget_outputs_say_what_they_are_in_plain_text(path):
    """Frontends without widgets (exports, previews) fall back to text/plain: it must not be a repr dump."""
    for c in code_cells(read(path)):
        for o in c.outputs:
            if WIDGET_VIEW in o.get("data", {}):
                text = o.data.get("text/plain", "")
                assert len(text) < 400 and "children=" not in text, f"{path.name}: {text[:120]!r}"


def test_navigation_is_up_to_date():
    assert nav.update(write=False) == [], "run `python notebooks/nav.py`"


def test_every_lesson_is_listed_in_00():
    start = read(nav.NOTEBOOKS / nav.START)
    contents = [c.source for c in start.cells if "contents" in c.metadata.get("tags", [])]
    assert len(contents) == 1
    for name in IDS:
        if name != nav.START:
            assert f"]({name})" in contents[0], f"{name} is not in the contents of 00"


def test_nav_links_prev_and_next(tmp_path):
    for name, heading in [("00_start_here.ipynb", "Start"), ("01_a.ipynb", "A"), ("02_b.ipynb", "B")]:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {heading}\ntext")])
        nbformat.write(nb, tmp_path / name)
    assert nav.update(tmp_path) == ["00_start_here.ipynb", "01_a.ipynb", "02_b.ipynb"]
    assert nav.update(tmp_path) == []  # idempotent
    middle = read(tmp_path / "01_a.ipynb")
    bars = [c.source for c in middle.cells if "nav" in c.metadata.get("tags", [])]
    assert bars == ["[← Start](00_start_here.ipynb) | [Contents](00_start_here.ipynb#Contents) | [B →](02_b.ipynb)"] * 2
    assert middle.cells[0].source == bars[0] and middle.cells[-1].source == bars[0]
    start = read(tmp_path / "00_start_here.ipynb")
    contents = [c.source for c in start.cells if "contents" in c.metadata.get("tags", [])]
    assert contents == ["## Contents\n\n1. [A](01_a.ipynb)\n2. [B](02_b.ipynb)"]


def test_nav_needs_a_heading(tmp_path):
    headless = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("no heading")])
    nbformat.write(headless, tmp_path / "00_x.ipynb")
    with pytest.raises(ValueError, match="heading"):
        nav.update(tmp_path)



def structure(nb):
    """(has '## You will be able to' with 2-4 goals, number of <details> answers, ends with '## Summary')."""
    cells = [c for c in nb.cells if c.cell_type == "markdown"
             and not {"nav", "contents"} & set(c.metadata.get("tags", []))]
    goals = [c.source for c in cells if c.source.lstrip().startswith("## You will be able to")]
    n_goals = len([l for l in goals[0].splitlines() if re.match(r"\s*([*-]|\d+\.)\s", l)]) if goals else 0
    answers = sum(len(re.findall(r"<details>\s*<summary>Answer</summary>.*?</details>", c.source, re.S)) for c in cells)
    last = cells[-1].source.lstrip() if cells else ""
    return 2 <= n_goals <= 4, answers, last.startswith("## Summary")


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_lesson_has_goals_predictions_and_a_summary(path):
    """Every lesson opens with '## You will be able to' (2-4 goals), has at least two predict-then-reveal answers
    (<details><summary>Answer</summary> ... </details>), and its last cell before navigation is '## Summary'."""
    goals, answers, summary = structure(read(path))
    assert goals, f"{path.name}: no '## You will be able to' with 2-4 goals"
    assert answers >= 2, f"{path.name}: {answers} hidden answers, at least 2 wanted"
    assert summary, f"{path.name}: the last cell is not a '## Summary'"


def test_the_structure_check_catches_a_lesson_without_it():
    md = nbformat.v4.new_markdown_cell
    good = [md("# T"), md("## You will be able to\n\n* a\n* b"),
            md("Q?\n\n<details><summary>Answer</summary>\n\nA\n\n</details>"),
            md("Q2?\n<details><summary>Answer</summary>B</details>"), md("## Summary\n\n* s")]
    assert structure(nbformat.v4.new_notebook(cells=good)) == (True, 2, True)
    assert structure(nbformat.v4.new_notebook(cells=good[:1] + good[2:])) == (False, 2, True)  # no goals
    assert structure(nbformat.v4.new_notebook(cells=good[:3] + good[4:])) == (True, 1, True)  # one answer
    assert structure(nbformat.v4.new_notebook(cells=good[:4])) == (True, 2, False)  # no summary
    five_goals = md("## You will be able to\n\n" + "* g\n" * 5)
    assert structure(nbformat.v4.new_notebook(cells=[good[0], five_goals] + good[2:]))[0] is False
