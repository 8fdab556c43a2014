"""Lesson 07's self-check form, headless: answers that persist, Load that asks, verdicts that
never outlive the value they judged, and the 'no formulas' mode where the student picks the
factors (issue 9 item 6, issue 12 "Lost work" and items 1-2).

Oracle for the factors: the chain rule written out by hand per step below (which quantities a
step multiplies), checked against the plain-Python scalar values of `test_exercises.hand`.
"""
import base64
import json
import math

import pytest

from nnlib.handwork import answers, choices
from nnlib.handwork import exercises as ex
from nnlib.apps.selfcheck import SelfCheck

from test_exercises import SEEDS, hand, w6

SEED = 2024


@pytest.fixture
def path(tmp_path):
    return tmp_path / "selfcheck_answers.json"


def type_and_check(app, step, text):
    app.rows[step].entry.value = text
    app.rows[step].check.click()
    return app.rows[step].feedback.value


# -- answers that persist ------------------------------------------------------------------
def test_answers_come_back_when_the_form_is_built_again(path):
    """07, "How the check works": answers saved as you type come back when the cells run again."""
    v, _, _ = hand(SEED)
    app = SelfCheck(SEED, answers_file=path)
    type_and_check(app, "z_h1", w6(v["z_h1"]))
    app.rows["a_h1"].entry.value = "0.5"  # typed, not checked
    again = SelfCheck(SEED, answers_file=path)  # as after a kernel restart and Run All
    assert again.rows["z_h1"].entry.value == w6(v["z_h1"]) and again.rows["a_h1"].entry.value == "0.5"
    assert "correct" in again.rows["z_h1"].feedback.value  # the checked one is judged again
    assert again.rows["a_h1"].feedback.value == ""  # the unchecked one has no verdict
    assert "1 of 27 steps right" in again.score.value and again.errors.last_error is None


def test_the_file_is_json_keyed_by_seed_and_the_download_link_holds_it(path):
    app = SelfCheck(SEED, answers_file=path)
    app.rows["E"].entry.value = "0,31"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == answers.FORMAT and data["seeds"][str(SEED)]["values"] == {"E": "0,31"}
    link = app.download.value.split("href='")[1].split("'")[0]
    assert link.startswith("data:application/json;base64,")
    assert json.loads(base64.b64decode(link.split(",", 1)[1])) == data
    assert str(path.parent) not in app.download.value + app.saved.value  # no path of the machine on screen


def test_two_seeds_share_the_file_without_overwriting_each_other(path):
    a, b = SelfCheck(1, answers_file=path), SelfCheck(2, answers_file=path)
    a.rows["z_h1"].entry.value = "0.1"
    b.rows["z_h1"].entry.value = "0.2"
    assert SelfCheck(1, answers_file=path).rows["z_h1"].entry.value == "0.1"
    assert SelfCheck(2, answers_file=path).rows["z_h1"].entry.value == "0.2"


def test_load_with_answers_asks_first_and_cancel_keeps_everything(path):
    app = SelfCheck(SEED, answers_file=path)
    app.rows["z_h1"].entry.value = "0.42"
    app.seed.value = 7
    app.load_button.click()
    assert app.exercise.seed == SEED and app.rows["z_h1"].entry.value == "0.42"
    assert "Load seed 7?" in app.load_button.description and "1 answers for seed 2024 stay saved" in \
        app.load_button.description and app.cancel_button.layout.display is None
    app.cancel_button.click()
    assert app.load_button.description == "Load this seed" and app.cancel_button.layout.display == "none"
    app.seed.value = 7
    app.load_button.click()
    app.load_button.click()  # confirmed
    assert app.exercise.seed == 7 and app.answered() == 0
    app.seed.value = SEED
    app.load_button.click()  # nothing typed for seed 7: no question
    assert app.exercise.seed == SEED and app.rows["z_h1"].entry.value == "0.42"  # and back


def test_load_of_the_same_seed_keeps_the_answers(path):
    app = SelfCheck(SEED, answers_file=path)
    app.rows["z_h1"].entry.value = "0.42"
    app.load_button.click()
    assert app.rows["z_h1"].entry.value == "0.42"


def test_where_nothing_can_be_saved_load_says_it_discards(tmp_path):
    app = SelfCheck(SEED, answers_file=tmp_path / "missing-folder" / "answers.json")
    app.rows["z_h1"].entry.value = "0.42"
    assert "Could not save your answers here" in app.saved.value and "download" in app.saved.value
    app.load_button.click()  # same seed, but a reload would lose what is typed
    assert app.load_button.description == "Load and discard 1 answers?" and app.rows["z_h1"].entry.value == "0.42"
    assert app.errors.last_error is None


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"format": "backprop self-check answers", "seeds": '
                                     '{"7": {"values": {"z_h1": 5}}}}', "\udcff"])
def test_a_damaged_file_gives_a_message_and_is_kept(path, content):
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    app = SelfCheck(SEED, answers_file=path)
    assert "could not be read" in app.saved.value and "selfcheck_answers.json.unreadable" in app.saved.value
    kept = (path.parent / "selfcheck_answers.json.unreadable").read_bytes()
    assert kept == content.encode("utf-8", "surrogateescape")
    app.rows["z_h1"].entry.value = "0.42"  # and new answers are saved again
    assert json.loads(path.read_text())["seeds"][str(SEED)]["values"] == {"z_h1": "0.42"}
    assert app.errors.last_error is None


# -- verdicts and typed numbers --------------------------------------------------------------
def test_typing_clears_the_verdict_until_the_next_check(path):
    """07, "How the check works": typing a new number clears the old verdict until Check."""
    v, _, _ = hand(SEED)
    app = SelfCheck(SEED, answers_file=path)
    assert "correct" in type_and_check(app, "z_h1", w6(v["z_h1"])) and "1 of 27" in app.score.value
    app.rows["z_h1"].entry.value = "0.9"
    assert app.rows["z_h1"].feedback.value == "" and "0 of 27" in app.score.value
    assert "z_h1" not in app.exercise.entered  # later steps are not judged from an unchecked value
    assert "wrong" in type_and_check(app, "z_h1", "0.9")


@pytest.mark.parametrize("text", ["1e999", "1e400", "nan", "inf", "", "abc"])
def test_bad_numbers_get_a_verdict_in_the_row_not_a_traceback(path, text):
    v, _, _ = hand(SEED)
    app = SelfCheck(SEED, answers_file=path)
    type_and_check(app, "z_h1", w6(v["z_h1"]))
    feedback = type_and_check(app, "z_h1", text)
    assert "unreadable" in feedback and "correct" not in feedback and "True value" not in feedback
    assert "0 of 27" in app.score.value and app.errors.last_error is None


# -- no formulas: pick the factors -----------------------------------------------------------------
def chain(seed):
    """{step: the step ids the chain rule multiplies} for the variant's two weights, by hand."""
    wo, wh = ex.chosen_weights(seed)
    k, j = {"w5": (1, 1), "w6": (2, 1), "w7": (1, 2), "w8": (2, 2)}[wo]  # wo = h_j -> o_k
    h = int(wh[1])  # w1: x1 -> h1, w2: x1 -> h2
    to = {1: ("w5", "w6"), 2: ("w7", "w8")}[h]
    out = {f"{wo}.dz_dw": [f"a_h{j}"], f"{wo}.grad": [f"{wo}.dE_do", f"{wo}.do_dz", f"a_h{j}"],
           f"{wh}.dz_dw": ["x1"], f"{wh}.grad": [f"{wh}.dE_da", f"{wh}.da_dz", "x1"]}
    for kk, wk in ((1, to[0]), (2, to[1])):
        first = "w5" if kk == 1 else "w6"  # the derivation's row for dE/do_k, do_k/dz: its first weight into o_k
        out[f"{wh}.dE_dz_o{kk}"] = [f"{first}.dE_do", f"{first}.do_dz"]
        out[f"{wh}.dz_o{kk}_da"] = [wk]
        out[f"{wh}.dE_o{kk}_da"] = [f"{wh}.dE_dz_o{kk}", wk]
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_the_right_factors_are_right_and_multiply_to_the_step(seed):
    """07, "Summary": an output weight's gradient is ∂E/∂o · σ′(z_o) · the activation it multiplies; a
    hidden weight's is the sum over both outputs · σ′(z_h) · the input (and the instructor key's column)."""
    v, w, s = hand(seed)
    known = dict(v, **w, x1=s.x[0], x2=s.x[1])
    e = ex.Exercise(seed)
    d = e.derivation
    for step, factors in chain(seed).items():
        assert e.check_factors(step, factors).right, (step, factors)
        value = math.prod(known[f] if f in known else d[f].value for f in factors)
        assert math.isclose(value, v[step], rel_tol=1e-12), step  # the hand chain rule agrees with the value


@pytest.mark.parametrize("seed", SEEDS)
def test_each_left_out_factor_is_named_missing_and_each_wrong_one_extra(seed):
    """07, "Work it on paper": the check names a factor that is missing and one that does not belong."""
    e = ex.Exercise(seed)
    d = e.derivation
    for step, factors in chain(seed).items():
        opts = choices.options(d, step)
        for f in factors:
            picked = [x for x in factors if x != f]
            got = e.check_factors(step, [x for x in opts if choices.key(d, x) in {choices.key(d, y) for y in picked}])
            assert not got.right and choices.label(d, f) in got.missing, (step, f, got)
        for extra in opts:
            if choices.key(d, extra) not in {choices.key(d, y) for y in factors} and d[extra].op != "mul":
                picked = [x for x in opts if choices.key(d, x) in {choices.key(d, y) for y in factors}] + [extra]
                got = e.check_factors(step, picked)
                assert got.extra == (choices.label(d, extra),) and not got.missing, (step, extra, got)


def test_classic_confusions_are_offered_and_named():
    e = ex.Exercise(SEED)  # update w8 (h2 -> o2) and w2 (x1 -> h2); h2 reaches o1 through w7
    got = e.check_factors("w8.grad", ["w8.dE_do", "o2", "a_h2"])  # o instead of o(1 - o)
    assert got.message == "Factors: missing σ′(z_o₂) = o₂(1 − o₂); not part of this step: o₂."
    got = e.check_factors("w2.dz_o1_da", ["w7.new"])  # the weight after the step
    assert got.missing == ("w₇ (before the step)",) and got.extra == ("w₇⁺ (after the step)",)
    got = e.check_factors("w2.grad", ["w2.dE_o1_da", "w2.da_dz", "x1"])  # one output's share only
    assert got.missing == ("∂E/∂a_h₂",) and got.extra == ("∂E_o₁/∂a_h₂",)
    got = e.check_factors("w2.new", ["w2", "alpha_o", "w2.grad"])  # the other layer's rate
    assert got.missing == ("α_h (hidden layer's rate)",) and got.extra == ("α_o (output layer's rate)",)
    assert e.check_factors("w2.dE_o1_da", ["w5.dE_do", "w5.do_dz", "w7"]).right  # a product picked as its factors
    with pytest.raises(ValueError, match="chosen factors must be a list of some of"):
        e.check_factors("w8.grad", ["w9"])
    with pytest.raises(ValueError, match="has no factors to choose"):
        e.check_factors("z_h1", [])


def test_no_formulas_mode_in_the_form(path):
    v, _, _ = hand(SEED)
    app = SelfCheck(SEED, formulas=False, answers_file=path)
    row = app.rows["w8.grad"]
    assert row.label.value == r"$\frac{\partial E_{total}}{\partial w_{8}}$"  # the symbol, no formula
    assert row.chooser.layout.display is None and app.rows["z_h1"].chooser.layout.display == "none"
    before = [q for q in app.exercise.questions[:app.exercise.questions.index("w8.grad")]]
    for q in before:
        for f in chain(SEED).get(q, []):
            app.rows[q].factors[f].value = True
        type_and_check(app, q, w6(v[q]))
    assert f"{len(before)} of 27" in app.score.value
    row.factors["w8.dE_do"].value = row.factors["a_h2"].value = True  # σ′ forgotten
    feedback = type_and_check(app, "w8.grad", w6(v["w8.grad"]))
    assert "correct" in feedback and "missing σ′(z_o₂)" in feedback
    assert f"{len(before)} of 27" in app.score.value  # a right number with wrong factors does not count
    row.factors["w8.do_dz"].value = True
    assert row.feedback.value == ""  # a new choice clears the old verdict
    assert "Right factors" in type_and_check(app, "w8.grad", w6(v["w8.grad"]))
    assert f"{len(before) + 1} of 27" in app.score.value
    again = SelfCheck(SEED, formulas=False, answers_file=path)  # the choice is saved with the answer
    assert sorted(again.rows["w8.grad"].chosen) == sorted(["w8.dE_do", "w8.do_dz", "a_h2"])
    assert "Right factors" in again.rows["w8.grad"].feedback.value


def test_the_toggle_shows_the_formulas_and_judges_again(path):
    v, _, _ = hand(SEED)
    app = SelfCheck(SEED, formulas=False, answers_file=path)
    app.rows["w8.dz_dw"].factors["a_h1"].value = True
    assert "not part of this step: a_h₁" in type_and_check(app, "w8.dz_dw", w6(v["w8.dz_dw"]))
    app.formulas.value = True
    row = app.rows["w8.dz_dw"]
    assert row.label.value == r"$\frac{\partial z_{o2}}{\partial w_{8}} = a_{h2}$"
    assert row.chooser.layout.display == "none" and "Factors" not in row.feedback.value
    assert "correct" in row.feedback.value and app.errors.last_error is None


def test_later_verdicts_follow_a_changed_earlier_value(path):
    """A 'right method, carried' verdict names an earlier value: when that value changes, it is judged again."""
    v, w, _ = hand(SEED)
    app = SelfCheck(SEED, answers_file=path)
    type_and_check(app, "z_h1", w6(v["z_h1"]))
    wrong = v["a_h1"] + 0.05
    type_and_check(app, "a_h1", w6(wrong))
    z_o1_from_wrong = w["w5"] * float(w6(wrong)) + w["w7"] * v["a_h2"]
    assert "Right method" in type_and_check(app, "z_o1", w6(z_o1_from_wrong))
    app.rows["a_h1"].entry.value = w6(v["a_h1"])  # being fixed: no longer on the sheet
    assert "Right method" not in app.rows["z_o1"].feedback.value and "wrong" in app.rows["z_o1"].feedback.value
    app.rows["a_h1"].entry.value = w6(wrong)  # back to the old value, checked again
    app.rows["a_h1"].check.click()
    assert "Right method" in app.rows["z_o1"].feedback.value


@pytest.mark.parametrize("kwargs, err, words", [
    ({"seed": -1}, ValueError, "seed must be >= 0"), ({"seed": 10 ** 6}, ValueError, "seed must be below"),
    ({"seed": 1.5}, TypeError, "seed must be a whole number"), ({"formulas": "no"}, TypeError, "formulas must be"),
    ({"answers_file": None}, TypeError, "answers_file must be"),
])
def test_bad_arguments_are_named(path, kwargs, err, words):
    with pytest.raises(err, match=words):
        SelfCheck(**{"seed": 1, "answers_file": path, **kwargs})


def test_random_student_actions_never_raise_and_the_score_matches_the_verdicts(path):
    """Issue 12: a bounded random sequence of typing (hostile text too), factor clicks, checks, loads,
    cancels and mode switches; nothing escapes into the error box, every shown verdict is current."""
    import random
    rng = random.Random(9)
    app = SelfCheck(SEED, formulas=False, answers_file=path)
    texts = ["0.5", "-1,25", "1e-3", "1e999", "nan", "", "abc", " 0.42 ", "0,1,2", "9" * 50, "−0.3"]
    for _ in range(150):
        q = rng.choice(list(app.rows))
        row, act = app.rows[q], rng.random()
        if act < 0.35:
            row.entry.value = rng.choice(texts + [w6(app.exercise.derivation[q].value)])
        elif act < 0.45 and row.factors:
            t = rng.choice(list(row.factors.values()))
            t.value = not t.value
        elif act < 0.85:
            row.check.click()
        elif act < 0.93:
            app.seed.value = rng.choice([SEED, 3, 3])
            app.load_button.click()
            if rng.random() < 0.5:
                app.cancel_button.click()
        else:
            app.formulas.value = not app.formulas.value
        assert app.errors.last_error is None
        right = sum(fb.correct and (c is None or c.right) for fb, c in app.results.values())
        assert app.score.value.startswith(f"<b>{right} of ")
        for step, r in app.rows.items():  # a verdict only where a check judged the current value
            assert (r.feedback.value == "") == (step not in app.results), step
    json.loads(path.read_text(encoding="utf-8"))


def test_the_form_is_an_app_exported_with_the_others(path):
    """Issue 13: SelfCheck is an App like the lesson apps: `.ui` the form, and a sentence without widgets."""
    import nnlib.apps
    from nnlib.apps.figure import App
    app = nnlib.apps.SelfCheck(SEED, answers_file=path)
    assert isinstance(app, App) and nnlib.apps.SelfCheck is SelfCheck and "SelfCheck" in nnlib.apps.__all__
    bundle = app._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == app.ui.model_id
    assert bundle["text/plain"] == f"Self-check form for exercise variant {SEED}: 27 steps to compute and check"
