"""Lesson 06: what each slip of the notes does (nnlib.handwork.consequences) and the formula slips list.

Oracle: a plain-Python scalar pass of the notes' step (`step` below, written from the chain rule,
independent of nnlib), with a slip planted by hand; and the text of nnlib/handwork/notes.txt.
"""
import math

import pytest

import nnlib
from nnlib.handwork import consequences as cq
from nnlib.handwork.checker import check_sheet
from nnlib.handwork.formula_slips import FORMULA_SLIPS
from nnlib.handwork.notes_sheet import NOTES_FINAL, NOTES_SHEET, notes_lines

D = nnlib.derive(nnlib.NOTES)
V = D.values
LINES = notes_lines()
g = lambda z: 1 / (1 + math.exp(-z))


def step(drop_h1_term=False, drop_o1_slope_for_h2=False):
    """The notes' network, one step, in plain Python; optionally with line 123's or line 423's slip."""
    x1, x2, t1, t2 = 0.3, 0.9, 0.8, 0.2
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.2, 0.1, 0.4, 0.1, 0.5, 0.1, 0.8, 0.9
    a1, a2 = g(w1 * x1 + w3 * x2), g(w2 * x1 + w4 * x2)
    o1 = g(w5 * a1 + w7 * a2)
    o2 = g((0 if drop_h1_term else w6 * a1) + w8 * a2)
    d1, d2 = -(t1 - o1) * o1 * (1 - o1), -(t2 - o2) * o2 * (1 - o2)
    d1_for_h2 = -(t1 - o1) if drop_o1_slope_for_h2 else d1
    e1, e2 = (d1 * w5 + d2 * w6) * a1 * (1 - a1), (d1_for_h2 * w7 + d2 * w8) * a2 * (1 - a2)
    new = dict(w1=w1 - e1 * x1, w2=w2 - e2 * x1, w3=w3 - e1 * x2, w4=w4 - e2 * x2,
               w5=w5 - 0.5 * d1 * a1, w6=w6 - 0.5 * d2 * a1, w7=w7 - 0.5 * d1 * a2, w8=w8 - 0.5 * d2 * a2)
    return new


@pytest.fixture(scope="module")
def report():
    return check_sheet(nnlib.NOTES, NOTES_SHEET)


@pytest.fixture(scope="module")
def effects(report):
    return {(e.slip.step, e.slip.line): e for e in cq.effects(nnlib.NOTES, report)}


def test_replay_with_every_delta_gives_the_notes_weights_and_with_none_the_true_step(report):
    ds = list(cq.deltas(nnlib.NOTES, report).values())
    assert cq.replay(nnlib.NOTES, ds) == {k: float(v) for k, v in NOTES_FINAL.items()}
    assert cq.replay(nnlib.NOTES, []) == pytest.approx(step(), abs=1e-15)


@pytest.mark.parametrize("key, slip, weight", [(("z_o2", 123), dict(drop_h1_term=True), "w6"),
                                               (("w2.dE_dz_o1", 423), dict(drop_o1_slope_for_h2=True), "w4")])
def test_a_conceptual_slip_alone_moves_the_weights_as_the_plain_python_step_with_that_slip(effects, key, slip, weight):
    """Lesson 06, "Which slips matter": the replayed slip agrees with the slip planted by hand."""
    e, true, hand = effects[key], step(), step(**slip)
    for n in true:  # the replay shifts by the notes' own size of the slip (their 4-digit a1, a2): 2e-5 at most
        assert e.dw[n] == pytest.approx(hand[n] - true[n], abs=2e-5), n
    assert e.worst[0] == weight


def test_the_first_slip_changes_nothing_the_first_that_matters_is_line_123(report, effects):
    """Lesson 06, "The first slip and the first that matters"."""
    first = report.first_slip
    assert (first.step, first.line) == ("z_o1.h2", 108) and not effects[("z_o1.h2", 108)].matters
    assert not effects[("o1", 112)].matters
    f = cq.first_that_matters(nnlib.NOTES, report)
    assert (f.step, f.line, f.kind) == ("z_o2", 123, "dropped term")


def test_e_o2_comes_from_line_123_not_134():
    """Lesson 06: o2 used on line 134 (0.6176) is 0.0006 from g(0.47691); line 123's z puts that 0.014 below o2."""
    own = g(0.47691)
    assert abs(0.6176 - own) < 1e-3 < 1e-2 < abs(own - V["o2"])


def test_classes_rank_conceptual_first_and_last_digit_slips_barely_move_anything(effects):
    """Lesson 06, "Which slips matter": the numbers the ranking table and its text quote."""
    ranked = list(effects.values())
    order = [cq.CLASSES.index(e.cls) for e in ranked]
    assert order == sorted(order)
    cls = lambda c: [e for e in ranked if e.cls == c]
    assert [(e.slip.line, e.slip.kind) for e in cls("conceptual")] == [
        (423, "dropped factor"), (123, "dropped term"), (508, "wrong start weight")]
    assert max(abs(e.worst[1]) for e in cls("last digits")) < 1e-3
    assert min(abs(e.worst[1]) for e in cls("conceptual") if e.matters) > 5e-4
    assert not effects[("w4.new", 508)].matters   # the line itself goes on to 0.102735 (w4 = 0.1)
    assert "0.102735" in LINES[508]


def test_by_class_numbers_of_the_lesson(report):
    """Lesson 06, "Which slips matter": E before, after the true step, after the notes' step, per class."""
    c = cq.by_class(nnlib.NOTES, report)
    true_w, true_e = c["none"]
    assert true_w == pytest.approx(step(), abs=1e-15)
    notes_e = c["all"][1]
    assert true_e < notes_e < float(nnlib.NOTES.loss())
    assert c["conceptual"][1] - true_e > 0.8 * (notes_e - true_e)  # the conceptual slips make most of the gap
    w_c = c["conceptual"][0]
    assert w_c["w2"] > 0.1 and w_c["w4"] > 0.1 > true_w["w2"] > true_w["w4"]  # w2, w4 go up, not down
    assert c["decimal point"][1] < true_e  # ten-times steps on w1, w3 happen to lower E a little


@pytest.mark.parametrize("fs", FORMULA_SLIPS, ids=[str(f.line) for f in FORMULA_SLIPS])
def test_each_formula_slip_is_on_its_line_and_means_the_true_value(fs):
    assert fs.written in LINES[fs.line], (fs.line, LINES[fs.line])
    assert fs.right(V) == pytest.approx(D[fs.step].value, rel=1e-12)
    assert abs(fs.read(V) - fs.right(V)) > 0.01 * abs(fs.right(V))  # taken literally, the line is wrong
    for line in fs.also:
        assert r"\partial z" in LINES[line].replace("Z", "z") and ("a_2" in LINES[line] or "x_2" in LINES[line])


def test_the_formula_slips_the_brief_names_are_listed():
    """Lesson 06, "What the value check cannot see": g for g' (5 lines), the power -1, e^0.4176, w2 = 0, dE/do."""
    assert [f.line for f in FORMULA_SLIPS if "g'(" in f.meant or "g(z_{o1})(1" in f.meant] == [156, 202, 238, 355, 455]
    lines = {f.line for f in FORMULA_SLIPS}
    assert {164, 206, 425, 150, 189} <= lines


def test_numbers_quoted_in_the_formula_slips():
    """The 'why' texts: 2.07 and nine times (164); o2(1 - o2) on 206; the g(z) values of 526-561; line 394."""
    f164 = next(f for f in FORMULA_SLIPS if f.line == 164)
    assert round(0.6738 / (1 - 0.6738), 2) == 2.07 and round(f164.read(V) / f164.right(V)) == 9
    assert 0.6738 * (1 - 0.6738) == pytest.approx(0.21979356, abs=1e-8)
    assert 0.61764 * (1 - 0.61764) == pytest.approx(0.23616083, abs=1e-8)
    for z, val in ((0.4308, "0.60606"), (0.1221, "0.530487"), (0.73771704, "0.676"), (0.50624, "0.6239")):
        assert round(g(z), len(val) - 2) == float(val)
    assert -0.013868973 + 0.009862076 == pytest.approx(-0.004006897, abs=1e-12)


def test_a_decimal_point_slip_alone_is_ten_times_the_true_gradient(effects):
    """Lesson 06, "Which slips matter": line 386 uses ten times w1's gradient; alone, w1 moves 9 more gradients."""
    true = step()
    grad = 0.2 - true["w1"]  # learning rate 1 for w1 (notes' line 382): new = w1 - grad
    e = effects[("w1.grad", 386)]
    assert e.dw["w1"] == pytest.approx(-9 * grad, abs=1e-7)  # the notes multiply by 10.0000002, not exactly 10
    assert all(v == 0 for k, v in e.dw.items() if k != "w1")
