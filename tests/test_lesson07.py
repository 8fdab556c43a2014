"""Lesson 07 (self-check) as saved: its structure, every quantitative sentence, and what it must
not carry (the answer key, a student's answers, paths of the machine that ran it).

Claims about the form's behaviour (answers saved and restored, verdicts cleared by typing, the
factors of each chain-rule product) are tested in tests/test_selfcheck.py; oracles here are
plain-Python scalar computations (`test_exercises.hand`) and elementary algebra.
"""
import json
import math
import re

import nbformat
import numpy as np
import pytest

from nnlib.handwork import exercises as ex
import nav
from nnlib import params
from nnlib.formulas import OPS
from nnlib.sweep import backward

from test_exercises import SEEDS, hand

LESSON = nav.NOTEBOOKS / "07_self_check.ipynb"
KEY = nav.NOTEBOOKS / "instructor" / "answer_key.ipynb"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MACHINE_PATH = r"(^|[\s'\"(])/(home|root|tmp|usr|opt|srv|work|Users)/"  # as in test_notebooks


def markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def section(nb, heading):
    text = markdown(nb)
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end > 0 else None]


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(LESSON, as_version=4)


def test_structure_goals_predictions_summary(nb):
    goals = re.findall(r"^- ", section(nb, "## You will be able to"), flags=re.M)
    assert 2 <= len(goals) <= 4
    answers = re.findall(r"<details><summary>Answer</summary>.+?</details>", markdown(nb), flags=re.S)
    assert len(answers) >= 2
    assert "## Summary" in markdown(nb)


def test_the_student_notebook_never_shows_the_answer_key(nb):
    everything = json.dumps(nb)
    assert "answer_key" not in everything
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert ".derivation" not in code and "derive(" not in code  # no true values one call away


def test_the_saved_lesson_holds_no_answers_and_no_paths(nb):
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    assert {m["state"]["value"] for m in state.values() if m["model_name"] == "TextModel"} == {""}
    assert not any(m["state"].get("value") for m in state.values() if m["model_name"] == "ToggleButtonModel")
    text = LESSON.read_text(encoding="utf-8")
    assert not re.search(MACHINE_PATH, text)
    assert "Saved as you type" not in text  # nothing was typed while it ran


def test_the_instructor_notebook_shows_the_key_of_a_seed():
    key = nbformat.read(KEY, as_version=4)
    code = "\n".join(c.source for c in key.cells if c.cell_type == "code")
    seed = int(re.search(r"^seed = (\d+)$", code, flags=re.M).group(1))
    shown = [o for c in key.cells if c.cell_type == "code" for o in c.outputs if "text/markdown" in o.get("data", {})]
    assert len(shown) == 1
    table = shown[0]["data"]["text/markdown"]
    v, _, _ = hand(seed)
    for q in ex.questions(seed):  # every step with its value to 6 significant digits
        row = next(line for line in table.splitlines() if line.startswith(f"| `{q}` |"))
        assert math.isclose(float(row.split("|")[3]), v[q], rel_tol=5e-6), q
    assert not re.search(MACHINE_PATH, KEY.read_text(encoding="utf-8"))


def test_seeds_run_from_0_to_999999():
    """07, "Your variant": every seed is a whole number from 0 to 999999."""
    assert ex.variant(0) and ex.variant(999_999)
    for bad in (-1, 1_000_000):
        with pytest.raises(ValueError):
            ex.variant(bad)


def test_no_two_of_the_first_1000_seeds_share_weights_and_the_same_seed_repeats(nb):
    """07, "Your variant": no two of the first 1000 seeds give the same weights; same seed, same numbers."""
    assert "No two of the first 1000 seeds give the same weights" in markdown(nb)
    weights = {tuple(ex.variant(s).network.W1.ravel()) + tuple(ex.variant(s).network.W2.ravel()) for s in range(1000)}
    assert len(weights) == 1000
    assert ex.variant(777) == ex.variant(777)


def test_the_answers_file_named_in_the_lesson_is_the_one_the_form_writes(nb, tmp_path):
    """07, "How the check works" and "Summary": answers in selfcheck_answers.json beside the notebook;
    on Binder, the downloaded file uploaded beside the notebook brings them back."""
    import base64
    from nnlib.handwork import answers
    from nnlib.apps.selfcheck import SelfCheck
    assert answers.FILE == "selfcheck_answers.json" and markdown(nb).count("`selfcheck_answers.json`") >= 2
    first = SelfCheck(5, answers_file=tmp_path / answers.FILE)
    first.rows["z_h1"].entry.value = "0.123"
    link = first.download.value.split("href='")[1].split("'")[0]
    assert f"download='{answers.FILE}'" in first.download.value
    fresh = tmp_path / "new session"
    fresh.mkdir()
    (fresh / answers.FILE).write_bytes(base64.b64decode(link.split(",", 1)[1]))  # the upload
    assert answers.read(fresh / answers.FILE)["seeds"]["5"]["values"] == {"z_h1": "0.123"}
    assert SelfCheck(5, answers_file=fresh / answers.FILE).rows["z_h1"].entry.value == "0.123"


def test_three_significant_digits_are_enough_and_two_are_not():
    """07, "How the check works" and the instructor notebook: at least three significant digits."""
    v, _, _ = hand(2024)
    e = ex.Exercise(2024)
    assert e.check("a_h1", f"{v['a_h1']:.3g}").correct
    assert e.check("a_h1", f"{v['a_h1']:.2g}").status == "too coarse"


def test_sigmoid_slope_is_at_most_a_quarter_at_one_half():
    """07, prediction 1: o(1 - o) is at most 1/4, at o = 0.5; so every σ′ factor in any variant is too."""
    grid = [k / 10_000 for k in range(10_001)]
    best = max(grid, key=lambda o: OPS["sigmoid_prime"]([o]))
    assert best == 0.5 and OPS["sigmoid_prime"]([best]) == 0.25
    for seed in range(300):
        d = ex.Exercise(seed).derivation
        assert all(s.value <= 0.25 for s in d if s.op == "sigmoid_prime")


@pytest.mark.parametrize("seed", SEEDS)
def test_the_hidden_unit_gets_two_terms_one_per_output(seed):
    """07, prediction 2: ∂E/∂a_h has two terms, one through o1 and one through o2."""
    v, _, _ = hand(seed)
    _, wh = ex.chosen_weights(seed)
    d = ex.Exercise(seed).derivation
    assert d[f"{wh}.dE_da"].deps == (f"{wh}.dE_o1_da", f"{wh}.dE_o2_da")
    assert math.isclose(v[f"{wh}.dE_da"], v[f"{wh}.dE_o1_da"] + v[f"{wh}.dE_o2_da"], rel_tol=1e-12)
    assert all(abs(v[f"{wh}.dE_o{k}_da"]) > 0 for k in (1, 2))  # both terms count


@pytest.mark.parametrize("seed", SEEDS)
def test_the_path_to_an_output_uses_the_weight_before_its_step(seed):
    """07, prediction 3: backprop uses the output weight from before the step."""
    v, w, _ = hand(seed)
    _, wh = ex.chosen_weights(seed)
    into_o1 = {"w1": "w5", "w2": "w7"}[wh]
    e = ex.Exercise(seed)
    assert v[f"{wh}.dz_o1_da"] == w[into_o1] != e.derivation[f"{into_o1}.new"].value


@pytest.mark.parametrize("seed", SEEDS)
def test_the_forms_rows_are_the_sweeps_deltas(seed, nb):
    """07, 'Work it on paper, then check': ∂E_total/∂o_k · ∂o_k/∂z_ok is δ_ok; the hidden weight's rows
    ∂E_o1/∂z_o1 and ∂E_o2/∂z_o2 are δ_o1 and δ_o2; ∂E_total/∂a_hj · ∂a_hj/∂z_hj is δ_hj; so the δ of the
    output weight's unit turns up in both parts of the form. Oracle: the plain-Python pass
    (`test_exercises.hand`), against lesson 03's sweep (`nnlib.sweep.backward`)."""
    text = " ".join(markdown(nb).split())
    assert "The form writes the chain rule out per weight" in text
    assert "Lesson 03's sweep groups the same products into δs" in text
    assert "the δ of the output your output weight feeds turns up in both parts of the form" in text
    v, _, _ = hand(seed)
    wo, wh = ex.chosen_weights(seed)
    s = ex.variant(seed)
    delta2, _, delta1, _ = backward(s.network, np.asarray(s.x), np.asarray(s.t))
    k, j = params.find(wo, (2, 2, 2)).index[0], params.find(wh, (2, 2, 2)).index[0]  # W2[k, j], W1[j, i]
    assert math.isclose(v[f"{wo}.dE_do"] * v[f"{wo}.do_dz"], delta2[k], rel_tol=1e-12)
    assert math.isclose(v[f"{wh}.dE_dz_o1"], delta2[0], rel_tol=1e-12)
    assert math.isclose(v[f"{wh}.dE_dz_o2"], delta2[1], rel_tol=1e-12)
    assert math.isclose(v[f"{wh}.dE_da"] * v[f"{wh}.da_dz"], delta1[j], rel_tol=1e-12)
    assert math.isclose(v[f"{wh}.dE_dz_o{k + 1}"], v[f"{wo}.dE_do"] * v[f"{wo}.do_dz"], rel_tol=1e-12)  # in both parts


def test_the_factor_check_names_every_missing_and_every_extra_factor(nb):
    """07, 'Work it on paper': "The check names every factor that is missing and every one that does
    not belong." Seed 3's w7 gradient is built from ∂E/∂o1, σ′(z_o1) and a_h2; picking o1 and x1
    misses all three and adds two."""
    assert "names every factor that is missing and every one that does not belong" in " ".join(markdown(nb).split())
    e = ex.Exercise(3)
    feedback = e.check_factors("w7.grad", ["o1", "x1"])
    assert len(feedback.missing) == len(e.derivation["w7.grad"].deps) == 3 and len(feedback.extra) == 2
    assert all(label in feedback.message for label in feedback.missing + feedback.extra)


def test_the_demo_answer_is_folded_and_its_first_line_gives_nothing_away(nb):
    """07, "The same check without the form": the prediction's answer is the next cell's output, saved
    folded; a folded output still shows its first line, so that line is a heading, not a verdict."""
    assert "In JupyterLab the answer below is folded" in " ".join(markdown(nb).split())
    demo = next(c for c in nb.cells if c.cell_type == "code" and "exercises.Exercise(3)" in c.source)
    assert demo.metadata.get("jupyter", {}).get("outputs_hidden") is True
    first = "".join(o.get("text", "") for o in demo.outputs).splitlines()[0]
    assert first == "What the check says, line by line:"


def test_the_demo_sheet_is_what_the_text_says(nb):
    """07, "The same check without the form": for seed 3 the student wrote z_h1 again for a_h1, then
    a_h1 rounded; their output weight is w7, and their gradient is ∂E/∂o1 · ∂z_o1/∂w7 without σ′."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "exercises.Exercise(3)" in code
    written = re.findall(r"demo\.check\('([\w.]+)', '([-\d.]+)'\)", code)
    assert [q for q, _ in written] == ["z_h1", "a_h1", "a_h1", "w7.grad"]
    (_, z), (_, z_again), (_, a), (_, grad) = written
    v, _, _ = hand(3)
    assert ex.chosen_weights(3)[0] == "w7"
    assert z == z_again and math.isclose(float(z), v["z_h1"], rel_tol=1e-12)
    assert float(a) == round(v["a_h1"], len(a.split(".")[1]))
    assert float(grad) == round(v["w7.dE_do"] * v["w7.dz_dw"], len(grad.split(".")[1]))
    assert abs(float(grad) - v["w7.grad"]) > 0.1  # far from the right gradient: the slip shows
