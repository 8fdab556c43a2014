"""Self-check exercises: variants from seeds, and feedback for right answers and each kind of mistake.

The oracle is `hand`, a plain-Python scalar computation of the variant (math.exp, no numpy, no
nnlib math), written as a student would work it on paper. Mistakes are made from it by hand.
"""
import math

import pytest

from nnlib.handwork import exercises as ex

SEEDS = [0, 1, 42, 2024, 999_999]


def sig(z):
    return 1 / (1 + math.exp(-z))


def hand(seed):
    """Every question's value for variant `seed`, from the variant's numbers by scalar formulas."""
    s = ex.variant(seed)
    w = {f"w{k}": s.network[f"w{k}"] for k in range(1, 9)}
    (x1, x2), (t1, t2), (ah, ao) = s.x, s.t, s.lr
    v = {"z_h1": w["w1"] * x1 + w["w3"] * x2, "z_h2": w["w2"] * x1 + w["w4"] * x2}
    v["a_h1"], v["a_h2"] = sig(v["z_h1"]), sig(v["z_h2"])
    v["z_o1"] = w["w5"] * v["a_h1"] + w["w7"] * v["a_h2"]
    v["z_o2"] = w["w6"] * v["a_h1"] + w["w8"] * v["a_h2"]
    v["o1"], v["o2"] = sig(v["z_o1"]), sig(v["z_o2"])
    v["E_o1"], v["E_o2"] = 0.5 * (t1 - v["o1"]) ** 2, 0.5 * (t2 - v["o2"]) ** 2
    v["E"] = v["E_o1"] + v["E_o2"]
    wo, wh = ex.chosen_weights(seed)
    k, j = {"w5": (1, 1), "w6": (2, 1), "w7": (1, 2), "w8": (2, 2)}[wo]  # wo = h_j -> o_k
    t, o = (t1, t2)[k - 1], v[f"o{k}"]
    v[f"{wo}.dE_do"], v[f"{wo}.do_dz"], v[f"{wo}.dz_dw"] = -(t - o), o * (1 - o), v[f"a_h{j}"]
    v[f"{wo}.grad"] = v[f"{wo}.dE_do"] * v[f"{wo}.do_dz"] * v[f"{wo}.dz_dw"]
    v[f"{wo}.new"] = w[wo] - ao * v[f"{wo}.grad"]
    h = int(wh[1])  # w1 leaves x1 for h1, w2 leaves x1 for h2
    to_o1, to_o2 = {1: ("w5", "w6"), 2: ("w7", "w8")}[h]
    for kk, wk, tk in ((1, to_o1, t1), (2, to_o2, t2)):
        ok = v[f"o{kk}"]
        v[f"{wh}.dE_dz_o{kk}"] = -(tk - ok) * ok * (1 - ok)
        v[f"{wh}.dz_o{kk}_da"] = w[wk]
        v[f"{wh}.dE_o{kk}_da"] = v[f"{wh}.dE_dz_o{kk}"] * w[wk]
    v[f"{wh}.dE_da"] = v[f"{wh}.dE_o1_da"] + v[f"{wh}.dE_o2_da"]
    a = v[f"a_h{h}"]
    v[f"{wh}.da_dz"], v[f"{wh}.dz_dw"] = a * (1 - a), x1
    v[f"{wh}.grad"] = v[f"{wh}.dE_da"] * v[f"{wh}.da_dz"] * x1
    v[f"{wh}.new"] = w[wh] - ah * v[f"{wh}.grad"]
    return v, w, s


def w6(x):
    """Written to 6 significant digits, as a student copies from a calculator (trailing zeros kept)."""
    return f"{x:#.6g}"


def before(exercise, v, step):
    """Enter every question before `step` correctly."""
    for q in exercise.questions[:exercise.questions.index(step)]:
        assert exercise.check(q, w6(v[q])).status == "correct", q


@pytest.mark.parametrize("seed", SEEDS)
def test_correct_answers_pass_at_every_step(seed):
    v, _, _ = hand(seed)
    e = ex.Exercise(seed)
    assert set(e.questions) == set(v)
    for q in e.questions:
        fb = e.check(q, w6(v[q]))
        assert fb.correct, (q, fb)
        assert math.isclose(fb.true, v[q], rel_tol=1e-12, abs_tol=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_rounded_or_cut_answers_with_three_digits_pass(seed):
    v, _, _ = hand(seed)
    e = ex.Exercise(seed)
    for q in e.questions:
        digits = 3 - 1 - math.floor(math.log10(abs(v[q])))  # decimals for 3 significant digits
        cut = math.trunc(v[q] * 10 ** digits) / 10 ** digits
        assert e.check(q, f"{round(v[q], digits):.{max(digits, 0)}f}").correct, q
        assert e.check(q, f"{cut:.{max(digits, 0)}f}").correct, q


def test_same_seed_same_variant_and_seeds_differ():
    assert ex.variant(2024) == ex.variant(2024) and ex.questions(2024) == ex.questions(2024)
    weights = {tuple(ex.variant(s).network.W1.ravel()) + tuple(ex.variant(s).network.W2.ravel()) for s in range(200)}
    assert len(weights) == 200  # answers cannot be copied from a neighbour's variant
    assert len({ex.chosen_weights(s) for s in range(200)}) == 8


def test_answer_key_is_the_teachers_copy_of_the_variant():
    v, _, _ = hand(2024)
    key = ex.answer_key(2024)
    assert [q for q, _, _ in key] == ex.questions(2024)
    for q, symbol, value in key:
        assert symbol and math.isclose(value, v[q], rel_tol=1e-12, abs_tol=1e-15)


# Each mistake: (step, how the student gets it wrong from the hand values, words in the feedback)
def _updated(v, w, s, seed):
    wo, wh = ex.chosen_weights(seed)
    into_o1 = {"w1": "w5", "w2": "w7"}[wh]  # the weight the hidden unit reaches o1 through
    return f"{wh}.dz_o1_da", w[into_o1] - s.lr[1] * (v[f"{wo}.grad"] if wo == into_o1 else _grad(v, w, s, into_o1))


def _grad(v, w, s, wk):
    k, j = {"w5": (1, 1), "w6": (2, 1), "w7": (1, 2), "w8": (2, 2)}[wk]
    o = v[f"o{k}"]
    return -(s.t[k - 1] - o) * o * (1 - o) * v[f"a_h{j}"]


MISTAKES = {
    "sign": lambda v, w, s, seed, wo, wh: (f"{wo}.dE_do", -v[f"{wo}.dE_do"], "sign is flipped"),
    "dropped sigma prime": lambda v, w, s, seed, wo, wh: (
        f"{wo}.grad", v[f"{wo}.dE_do"] * v[f"{wo}.dz_dw"], "dropped the σ′(z) factor"),
    "dropped sigma prime, hidden": lambda v, w, s, seed, wo, wh: (
        f"{wh}.grad", v[f"{wh}.dE_da"] * v[f"{wh}.dz_dw"], "dropped the σ′(z) factor"),
    "added the step": lambda v, w, s, seed, wo, wh: (
        f"{wo}.new", w[wo] + s.lr[1] * v[f"{wo}.grad"], "gradient descent subtracts"),
    "used updated weight": lambda v, w, s, seed, wo, wh: _updated(v, w, s, seed) + ("used the updated weight",),
    "dropped term": lambda v, w, s, seed, wo, wh: (f"{wh}.dE_da", v[f"{wh}.dE_o1_da"], "left out the term"),
    "skipped sigmoid": lambda v, w, s, seed, wo, wh: ("a_h1", v["z_h1"], "instead of σ(z)"),
    "no half": lambda v, w, s, seed, wo, wh: ("E_o1", (s.t[0] - v["o1"]) ** 2, "left out the ½"),
    "decimal point": lambda v, w, s, seed, wo, wh: ("z_h2", 10 * v["z_h2"], "decimal point slipped"),
    "other hidden unit": lambda v, w, s, seed, wo, wh: (
        f"{wo}.dz_dw", v["a_h2"] if wo in ("w5", "w6") else v["a_h1"], "in place of"),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_gets_its_message(seed, mistake):
    v, w, s = hand(seed)
    wo, wh = ex.chosen_weights(seed)
    written = {q: float(w6(x)) for q, x in v.items()}  # the mistake is made from the numbers on the page
    step, value, words = MISTAKES[mistake](written, w, s, seed, wo, wh)
    e = ex.Exercise(seed)
    before(e, v, step)
    fb = e.check(step, w6(value))
    assert fb.status == "wrong" and words in fb.message, (step, value, v[step], fb)
    assert math.isclose(fb.true, v[step], rel_tol=1e-12, abs_tol=1e-15)  # revealed after the attempt
    assert e.check(step, w6(v[step])).correct  # and a second attempt can put it right


def test_wrong_learning_rate_is_named():
    # a rate ten times the right one reads as a slipped decimal point, so pick rates that are not
    seed = next(s for s in range(100) if math.log10(ex.variant(s).lr[0] / ex.variant(s).lr[1]) % 1 != 0)
    v, w, s = hand(seed)
    wo, _ = ex.chosen_weights(seed)
    e = ex.Exercise(seed)
    before(e, v, f"{wo}.new")
    fb = e.check(f"{wo}.new", w6(w[wo] - s.lr[0] * v[f"{wo}.grad"]))  # the hidden layer's rate
    assert fb.status == "wrong" and "Wrong learning rate" in fb.message, fb


@pytest.mark.parametrize("seed", SEEDS)
def test_a_wrong_value_carries_but_the_method_is_recognised(seed):
    v, _, s = hand(seed)
    wo, _ = ex.chosen_weights(seed)
    k = 1 if wo in ("w5", "w7") else 2
    e = ex.Exercise(seed)
    before(e, v, f"o{k}")
    o_wrong = v[f"o{k}"] + 0.05
    assert e.check(f"o{k}", w6(o_wrong)).status == "wrong"
    fb = e.check(f"{wo}.dE_do", w6(-(s.t[k - 1] - o_wrong)))
    assert fb.status == "carried" and "Right method" in fb.message and "Fix" in fb.message, fb


def test_too_few_digits_and_unreadable_input():
    v, _, _ = hand(42)
    e = ex.Exercise(42)
    fb = e.check("z_h1", f"{v['z_h1']:.1g}")
    assert fb.status == "too coarse" and "3 significant digits" in fb.message
    assert e.check("z_h1", w6(v["z_h1"]).replace(".", ",")).correct  # a comma decimal is read too
    fb = e.check("z_h1", "0.4.2")
    assert fb.status == "unreadable" and math.isnan(fb.true)  # nothing revealed without an attempt
    assert e.check("z_h1", "").status == "unreadable"


def test_bad_seeds_and_steps_are_named():
    with pytest.raises(TypeError, match="seed must be a whole number"):
        ex.variant(1.5)
    for f in (ex.variant, ex.chosen_weights, ex.questions, ex.answer_key):  # issue 12: chosen_weights(10**9) answered
        with pytest.raises(ValueError, match="seed must be below"):
            f(10 ** 9)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        ex.Exercise(-1)
    with pytest.raises(ValueError, match="step must be one of"):
        ex.Exercise(1).check("w9.grad", "0.1")


# The app, driven headless as a student would: type, press Check, read the feedback.
def test_app_gives_feedback_per_step_and_reveals_only_after_an_attempt(tmp_path):
    from nnlib.apps.selfcheck import SelfCheck
    seed = 2024
    v, _, _ = hand(seed)
    app = SelfCheck(seed, answers_file=tmp_path / "answers.json")
    assert list(app.rows) == ex.questions(seed)
    true_text = f"{v['a_h1']:.6g}"
    assert all(true_text not in r.feedback.value for r in app.rows.values())  # nothing shown before trying
    assert "x_1 = " in app.givens.value and "tell your teacher" in app.score.value
    app.rows["z_h1"].entry.value = w6(v["z_h1"])
    app.rows["z_h1"].check.click()
    app.rows["a_h1"].entry.value = w6(v["z_h1"])  # forgot the sigmoid
    app.rows["a_h1"].check.click()
    assert "correct" in app.rows["z_h1"].feedback.value
    fb = app.rows["a_h1"].feedback.value
    assert "wrong" in fb and "instead of σ(z)" in fb and "True value" in fb
    assert "1 of 27 steps right" in app.score.value
    app.rows["a_h1"].entry.value = w6(v["a_h1"])
    app.rows["a_h1"].check.click()
    assert "correct" in app.rows["a_h1"].feedback.value and "2 of 27" in app.score.value
    assert app.errors.last_error is None


def test_app_loads_another_seed_and_shows_input_errors(tmp_path):
    from nnlib.apps.selfcheck import SelfCheck
    app = SelfCheck(1, answers_file=tmp_path / "answers.json")
    app.rows["z_h1"].entry.value = "zero point four"
    app.rows["z_h1"].check.click()
    assert "unreadable" in app.rows["z_h1"].feedback.value and "True value" not in app.rows["z_h1"].feedback.value
    app.seed.value = 2024
    app.load_button.click()  # answers present: the first click asks, the second loads
    assert app.exercise.seed == 1
    app.load_button.click()
    assert app.exercise.seed == 2024 and list(app.rows) == ex.questions(2024)
    assert all(r.entry.value == "" and r.feedback.value == "" for r in app.rows.values())
    assert app.errors.last_error is None
