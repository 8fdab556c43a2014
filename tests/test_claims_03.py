"""Every sentence of lesson 03 (the backward sweep) that states a number, a sign, a direction or
a comparison, computed here. Oracle: the plain-Python scalar pass in tests/oracle.py.
"""

import pytest


from nnlib import NOTES, derive
from nnlib.handwork.checker import check_sheet
from nnlib.handwork.notes_sheet import NOTES_SHEET
from nnlib.reuse import counts
from nnlib.sweep import Sweep
from oracle import NOTES_T, NOTES_W, NOTES_X, oracle, sig, step

O = oracle(NOTES_W, NOTES_X, NOTES_T)
D = O["delta"]


def r(v, digits):
    return round(v, digits)


def test_stage1_signs_and_sizes_of_the_output_deltas():
    """'Stage 1: δ at the outputs', the prediction and its answer."""
    o1, o2 = O["a"][2], O["a"][3]
    assert r(o1, 3) == 0.674 and o1 < 0.8 and r(o2, 3) == 0.631 and o2 > 0.2
    assert D["o1"] < 0 < D["o2"]
    assert r(D["o2"] / abs(D["o1"]), 1) == 3.6                   # "about 3.6 times larger"
    assert r(abs(o2 - 0.2), 2) == 0.43 and r(abs(o1 - 0.8), 2) == 0.13
    assert r(o2 * (1 - o2), 3) == 0.233 and r(o1 * (1 - o1), 3) == 0.220
    # "the slope of the sigmoid ... never more than 1/4"
    assert max(s * (1 - s) for s in (sig(z / 100) for z in range(-1000, 1001))) == 0.25


def test_stage2_w6_gets_the_largest_gradient():
    """'Stage 2: the output weights', the prediction and its answer."""
    g = O["grad"]
    assert max((5, 6, 7, 8), key=lambda k: abs(g[k])) == 6
    assert r(g[6], 4) == 0.0606 and g[6] > 0
    assert abs(D["o2"]) > abs(D["o1"]) and O["a"][0] > O["a"][1] and r(O["a"][0], 3) == 0.603
    # positive: the step makes w6 smaller, which lowers o2 toward its target 0.2
    after = oracle(step(NOTES_W, NOTES_X, NOTES_T), NOTES_X, NOTES_T)
    assert step(NOTES_W, NOTES_X, NOTES_T)[6] < NOTES_W[6] and 0.2 < after["a"][3] < O["a"][3]


def test_stages3_4_delta_h1_is_small_because_its_back_signals_cancel():
    """'Stages 3 and 4: δ at the hidden units', the prediction and its answer."""
    w = NOTES_W
    assert r(abs(D["h2"] / D["h1"]), 0) == 19                       # "about 19 times"
    assert (r(w[5] * D["o1"], 5), r(w[6] * D["o2"], 5), r(w[5] * D["o1"] + w[6] * D["o2"], 5)) == \
        (-0.01386, 0.01004, -0.00382)
    assert (r(w[7] * D["o1"], 5), r(w[8] * D["o2"], 5), r(w[7] * D["o1"] + w[8] * D["o2"], 5)) == \
        (-0.02218, 0.09034, 0.06816)
    assert r(-0.01386 + 0.01004, 5) == -0.00382 and r(-0.02218 + 0.09034, 5) == 0.06816   # as printed, they add up
    h1, h2 = O["a"][0], O["a"][1]
    assert (r(h1 * (1 - h1), 3), r(h2 * (1 - h2), 3)) == (0.239, 0.249)
    # the slopes differ by a few percent, the sums by a factor of about 18: the cancellation decides
    assert (h2 * (1 - h2)) / (h1 * (1 - h1)) < 1.05
    assert abs((w[7] * D["o1"] + w[8] * D["o2"]) / (w[5] * D["o1"] + w[6] * D["o2"])) > 17


def test_notes_order_has_108_steps():
    """'The backward sweep, live': the notes' order is 108 small steps."""
    assert len(derive(NOTES)) == 108


def test_reuse_counts_48_vs_20_and_how_they_grow():
    """'Why it is cheap': 20 instead of 48 for 2-2-2; per weight ~n^3 with width, the sweep ~n^2."""
    assert counts((2, 2, 2)) == (48, 20)
    for n in range(1, 9):   # closed forms of the counts for an n-n-n network (see tests/test_sweep.py)
        assert counts((n, n, n)) == (3 * n ** 3 + 6 * n ** 2, 3 * n ** 2 + 4 * n)


def test_mistakes_as_the_lesson_states_them():
    """'Mistakes you can switch on', both predictions and the table of losses."""
    right, early = Sweep(NOTES), Sweep(NOTES, "early_update")
    assert (r(right.loss_after, 7), r(early.loss_after, 7)) == (0.0971886, 0.0971978)
    slope, up = Sweep(NOTES, "no_slope"), Sweep(NOTES, "sign")
    assert r(slope.loss_before, 6) == 0.100917 and r(slope.loss_after, 4) == 0.0828
    assert slope.loss_after < right.loss_after and r(right.loss_after, 4) == 0.0972
    # "several times too large", and pointing the same way
    for k in range(1, 9):
        ratio = slope.grads[f"w{k}"] / right.grads[f"w{k}"]
        assert ratio > 3, k
    assert r(up.loss_after, 4) == 0.1047 and up.loss_after > up.loss_before


def test_the_notes_drop_the_slope_once_in_w2s_gradient():
    """'Mistakes you can switch on': the handwritten notes make the second mistake once, for w2."""
    dropped = [f for f in check_sheet(NOTES, NOTES_SHEET) if f.status == "slip" and f.kind == "dropped factor"]
    assert [f.step for f in dropped] == ["w2.dE_dz_o1"]


def test_summary_numbers():
    """'Summary': 20 multiplications instead of 48."""
    assert counts((2, 2, 2)) == (48, 20)
    assert Sweep(NOTES).loss_after < Sweep(NOTES).loss_before


def test_stage5_w4_gets_the_largest_hidden_gradient():
    """'Stage 5: the hidden weights', the prediction and its answer."""
    g = O["grad"]
    assert max((1, 2, 3, 4), key=lambda k: abs(g[k])) == 4 and r(g[4], 4) == 0.0153
    assert abs(g[4]) > abs(g[7]) and r(abs(g[7]), 4) == 0.0147
    assert min((1, 2, 3, 4), key=lambda k: abs(g[k])) == 1 and r(g[1], 6) == -0.000274
    assert r(abs(g[5] / g[1]), 0) == 61


def test_stage6_the_loss_falls_by_3_7_percent():
    """'Stage 6: the update, all at once', the prediction and its answer."""
    before, after = O["E"], oracle(step(NOTES_W, NOTES_X, NOTES_T), NOTES_X, NOTES_T)["E"]
    assert (r(before, 6), r(after, 7)) == (0.100917, 0.0971886)
    assert r(100 * (before - after) / before, 1) == 3.7


def test_things_to_try():
    """'Things to try in the app': x1 = 0, t1 = o1, w6 = -0.5."""
    z = oracle(NOTES_W, (0.0, 0.9), NOTES_T)["grad"]
    assert z[1] == 0 and z[2] == 0
    o1 = O["a"][2]
    assert r(o1, 3) == 0.674
    right = oracle(NOTES_W, NOTES_X, (o1, 0.2))
    assert right["delta"]["o1"] == 0 and right["grad"][5] == 0 and right["grad"][7] == 0
    neg = oracle({**NOTES_W, 6: -0.5}, NOTES_X, NOTES_T)
    d = neg["delta"]
    assert 0.5 * d["o1"] < 0 and -0.5 * d["o2"] < 0                   # both signals negative
    assert (r(D["h1"], 4), r(d["h1"], 4)) == (-0.0009, -0.0135)
    assert r(d["h1"] / D["h1"], 0) == 15


def test_the_notes_order_in_numbers():
    """'The backward sweep, live': 108 steps, 18 given, 19 forward and loss, 52 backprop and update,
    19 forward with the new weights; 'Why it is cheap': the notes reuse dE/da for w3 and w4."""
    kinds = [s.kind for s in derive(NOTES)]
    assert (kinds.count("given"), kinds.count("forward"), kinds.count("backward") + kinds.count("update"),
            kinds.count("after")) == (18, 19, 52, 19)
    d = derive(NOTES)
    assert (d["w3.dE_da"].op, d["w3.dE_da"].deps) == ("copy", ("w1.dE_da",))
    assert (d["w4.dE_da"].op, d["w4.dE_da"].deps) == ("copy", ("w2.dE_da",))   # so line 423 spoils w2 and w4


def test_counts_of_the_three_ways_and_of_finite_differences():
    """'Why it is cheap': 48 (nothing reused), 30 (the notes' order), 20 (the sweep); finite
    differences: two forward passes of 8 multiplications per weight, 128 for eight weights."""
    from nnlib.reuse import derivation_count, forward_count
    assert derivation_count(derive(NOTES)) == 30
    # the notes' 30 by hand: 4 output weights x (sigma' 1 + chain 2) = 12; w1 and w2 each: 2 outputs
    # x (dE/dz 1 + times w 1) + sigma' 1 + chain 2 = 7; w3 and w4 reuse dE/da: chain 2 each
    assert 4 * 3 + 2 * 7 + 2 * 2 == 30
    assert forward_count((2, 2, 2)) == 8 and 2 * 8 * forward_count((2, 2, 2)) == 128


def test_forgetting_the_slope_scales_output_gradients_4_3_to_4_6_hidden_17_to_22():
    """'Mistakes you can switch on': 'the output gradients 4.3 to 4.6 times and the hidden ones 17 to 22
    times too large'."""
    right, slope = Sweep(NOTES), Sweep(NOTES, "no_slope")
    ratio = {k: slope.grads[f"w{k}"] / right.grads[f"w{k}"] for k in range(1, 9)}
    out, hidden = [ratio[k] for k in (5, 6, 7, 8)], [ratio[k] for k in (1, 2, 3, 4)]
    assert (r(min(out), 1), r(max(out), 1)) == (4.3, 4.6)
    assert (r(min(hidden), 0), r(max(hidden), 0)) == (17, 22)


def test_the_notes_drop_the_output_slope_on_the_path_to_h2():
    """'Mistakes you can switch on': the notes multiply dE/do1 by w7 without o1(1 - o1)."""
    from nnlib.handwork.notes_sheet import NOTES_SHEET
    d = derive(NOTES)
    written = float(next(e.written for e in NOTES_SHEET if e.step == "w2.dE_dz_o1"))
    assert written == pytest.approx(d["w5.dE_do"].value, abs=5e-4)     # dE/do1, not delta_o1
    assert abs(written - d["w2.dE_dz_o1"].value) > 0.05
