"""Every sentence of lessons 00, 01, 02, 04 and 05 that states a number, a threshold, a direction
or a comparison, computed here with nnlib.

Each test names its lesson and section, checks that the lesson still says what it tests (`says`:
if the text changes, the test must change with it), and computes the claim. Oracles: a plain-Python
scalar forward and backward pass of the 2-2-2 network (`scalar`, written out from the chain rule,
no numpy, no nnlib), finite differences, Matt Mazur's published numbers ("A Step by Step
Backpropagation Example", 2015), or closed forms (the logit) named where used.
"""
import math

import numpy as np
import pytest

from nnlib import MAZUR, NOTES, Network, all_params, data, loss_curve, loss_surface
import nav
from nnlib.pictures import show
from nnlib.apps import DescentApp, LossApp
from nnlib.training import Training
from oracle import oracle, sig as sigma  # the independent scalar oracle shared by the tests

NET, X, T = NOTES.network, NOTES.x, NOTES.t


def text(lesson):
    """All markdown of a lesson, whitespace collapsed (lines wrap anywhere)."""
    import nbformat
    path = next(p for p in nav.lessons() if p.name.startswith(lesson))
    nb = nbformat.read(path, as_version=4)
    return " ".join(" ".join(c.source for c in nb.cells if c.cell_type == "markdown").split())


def says(lesson, *phrases):
    t = text(lesson)
    for p in phrases:
        assert " ".join(p.split()) in t, f"lesson {lesson} no longer says {p!r}: update this test with it"


def scalar(w, x=X, t=T):
    """Oracle (tests/oracle.py): the 2-2-2 pass in plain Python, w = {1: w1, ..., 8: w8}, no biases.
    Returns (a_h1, a_h2, z_o1, o1, o2, E, {k: dE/dwk})."""
    o = oracle(w, x, t)
    return (*o["a"][:2], o["z"][2], *o["a"][2:], o["E"], o["grad"])


W0 = {k: NET[f"w{k}"] for k in range(1, 9)}


def outputs(**weights):
    return NET.with_params(**weights).forward(X).a2


# -- lesson 00 ---------------------------------------------------------------------------------

def test_00_names_the_givens():
    """Lesson 00, 'Names used in every lesson': x1 = 0.3, x2 = 0.9, t1 = 0.8, t2 = 0.2, no biases."""
    says("00", "$x_1 = 0.3$, $x_2 = 0.9$", "$t_1 = 0.8$, $t_2 = 0.2$", "the notes have none, so all are 0")
    assert NOTES.x == (0.3, 0.9) and NOTES.t == (0.8, 0.2)
    assert not NET.b1.any() and not NET.b2.any()


def test_00_the_network_has_two_inputs_two_hidden_two_outputs_eight_weights():
    """Lesson 00, introduction: two inputs, two hidden units, two outputs and eight weights."""
    says("00", "It has two inputs, two hidden units, two outputs and eight weights")
    assert NET.sizes == (2, 2, 2) and sum(1 for p in all_params(NET.sizes) if p.theta) == 8


def test_00_the_sigmoid_always_rises():
    """Lesson 00, prediction 'Which hidden unit has the larger activation': the sigmoid always rises, so the larger
    net input gives the larger activation (and lesson 02: its slope is at most 1/4)."""
    says("00", "The sigmoid always rises, so the larger net input gives the larger activation")
    says("02", r"the factor $\sigma' \le \tfrac14$ per layer")
    from nnlib import sigmoid as s
    z = np.linspace(-30, 30, 6001)
    assert (np.diff(s(z)) >= 0).all() and (np.diff(s(z))[np.abs(z[1:]) < 20] > 0).all()
    slope = s(z) * (1 - s(z))
    assert slope.max() == pytest.approx(0.25) and (slope <= 0.25).all()


def test_00_net_inputs_are_the_weighted_sums_of_the_table():
    """Lesson 00, 'Names used in every lesson': z_h1 = w1 x1 + w3 x2, z_o1 = w5 a_h1 + w7 a_h2 (any weights)."""
    says("00", "$z_{h1} = w_1 x_1 + w_3 x_2$", "$z_{o1} = w_5 a_{h1} + w_7 a_{h2}$")
    says("01", "z_{h2} = w_2 x_1 + w_4 x_2", "z_{o2} = w_6 a_{h1} + w_8 a_{h2}",
         "A bias, when there is one, is added to its unit's net input")
    rng = np.random.default_rng(0)
    for _ in range(5):
        w = {k: float(v) for k, v in zip(range(1, 9), rng.normal(size=8))}
        f = Network.from_weights(**{f"w{k}": v for k, v in w.items()}).forward(X)
        assert f.z1[0] == pytest.approx(w[1] * X[0] + w[3] * X[1])
        assert f.z2[0] == pytest.approx(w[5] * f.a1[0] + w[7] * f.a1[1])
        assert f.z1[1] == pytest.approx(w[2] * X[0] + w[4] * X[1])
        assert f.z2[1] == pytest.approx(w[6] * f.a1[0] + w[8] * f.a1[1])
    biased = NET.with_params({"b1[0]": 0.7, "b2[1]": -0.4})
    assert biased.forward(X).z1[0] == pytest.approx(NET.forward(X).z1[0] + 0.7)
    assert biased.forward(X).z2[1] == pytest.approx(0.1 * biased.forward(X).a1[0] + 0.9 * biased.forward(X).a1[1] - 0.4)


def test_00_weights_are_numbered_input_by_input():
    """Lesson 00, 'The weights' and its prediction: x2 leaves through w3 (to h1) and w4 (to h2); w5 and w7 feed o1;
    Summary: w1, w2 leave x1, w3, w4 leave x2, w5, w6 leave h1, w7, w8 leave h2."""
    says("00", "$x_2$ leaves through $w_3$ (to $h_1$) and $w_4$ (to $h_2$). "
         "Into $o_1$ come $w_5$ (from $h_1$) and $w_7$",
         "$w_1, w_2$ leave $x_1$, $w_3, w_4$ leave $x_2$, $w_5, w_6$ leave $h_1$, $w_7, w_8$ leave $h_2$")
    edges = {p.name: (p.source, p.target) for p in all_params((2, 2, 2)) if p.theta}
    assert [n for n, (a, _) in edges.items() if a == "x2"] == ["w3", "w4"]
    assert edges["w3"][1] == "h1" and edges["w4"][1] == "h2"
    assert [n for n, (_, b) in edges.items() if b == "o1"] == ["w5", "w7"]
    leaving = {u: [n for n, (a, _) in edges.items() if a == u] for u in ("x1", "x2", "h1", "h2")}
    assert leaving == {"x1": ["w1", "w2"], "x2": ["w3", "w4"], "h1": ["w5", "w6"], "h2": ["w7", "w8"]}


def test_00_h1_is_more_active_than_h2():
    """Lesson 00, 'What the network looks like', prediction: z_h1 = 0.42, a_h1 = 0.603 > a_h2 = 0.530, z_h2 = 0.12."""
    says("00", r"$z_{h1} = 0.2 \cdot 0.3 + 0.4 \cdot 0.9 = 0.42$, so $a_{h1} = \sigma(0.42) = 0.603$",
         r"$z_{h2} = 0.1 \cdot 0.3 + 0.1 \cdot 0.9 = 0.12$, so $a_{h2} = 0.530$")
    f = NET.forward(X)
    assert f.z1.round(6).tolist() == [0.42, 0.12]
    assert f.a1.round(3).tolist() == [0.603, 0.530]
    assert f.a1[0] > f.a1[1]
    assert scalar(W0)[:2] == pytest.approx(tuple(f.a1))


def test_00_raising_w5_raises_o1_only():
    """Lesson 00, 'What the network looks like', prediction: w5 0.5 -> 1 raises o1 from 0.674 to 0.736;
    o2 stays 0.631."""
    says("00", "Only $o_1$: it rises from 0.674 to 0.736", "$o_2$ stays at 0.631")
    before, after = outputs(), outputs(w5=1.0)
    assert (round(before[0], 3), round(after[0], 3)) == (0.674, 0.736)
    assert after[1] == before[1] and round(after[1], 3) == 0.631


# -- lesson 01 ---------------------------------------------------------------------------------

def test_01_w5_threshold_for_o1_below_one_half():
    """Lesson 01, 'Predict, then try' 1 and Summary: o1 < 0.5 only for w5 < -0.703; at w5 = -0.5 o1 = 0.531,
    z_o1 = 0.122, h2's share 0.424; at w5 = -1 o1 = 0.455. The threshold is found by bisection on nnlib's
    forward pass and compared with the closed form -w7 a_h2 / a_h1."""
    says("01", "No: $o_1 = 0.531$", r"-0.5 \cdot 0.603 + 0.8 \cdot 0.530 = 0.122", "$w_7 a_{h2} = 0.424$",
         "$w_5 < -w_7 a_{h2} / a_{h1} = -0.703$; at $w_5 = -1$, $o_1 = 0.455$", "below 0.5 only once $w_5 < -0.703$")
    lo, hi = -3.0, 0.0  # o1(lo) < 0.5 < o1(hi)
    assert outputs(w5=lo)[0] < 0.5 < outputs(w5=hi)[0]
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if outputs(w5=mid)[0] < 0.5 else (lo, mid)
    a_h1, a_h2 = NET.forward(X).a1
    assert lo == pytest.approx(-0.8 * a_h2 / a_h1, abs=1e-9)
    assert round(lo, 3) == -0.703
    assert round(outputs(w5=-0.5)[0], 3) == 0.531 and round(outputs(w5=-1.0)[0], 3) == 0.455
    assert round(NET.with_params(w5=-0.5).forward(X).z2[0], 3) == 0.122
    assert round(0.8 * a_h2, 3) == 0.424 and 0.8 * a_h2 > 0.5 * a_h1


def test_01_an_output_is_above_one_half_exactly_when_its_net_input_is_positive():
    """Lesson 01, Summary: an output is above 0.5 exactly when its net input is positive."""
    says("01", "An output is above 0.5 exactly when its net input is positive")
    for z in [-5.0, -1e-9, 1e-9, 0.3, 5.0]:
        net = Network.from_weights(w5=z / NET.forward(X).a1[0], w7=0.0)
        assert (net.forward(X).a2[0] > 0.5) == (z > 0)


def test_01_raising_w7_gains_less_each_time():
    """Lesson 01, 'Predict, then try' 2: o1 0.697 -> 0.796 (+0.099) -> 0.869 (+0.073); slope 0.211 at w7 = 1,
    0.114 at w7 = 3; each move adds a_h2 = 0.530 to z_o1."""
    says("01", "$o_1$ goes from 0.697 to 0.796 (+0.099); from 2 to 3 only to 0.869 (+0.073)",
         "falls from 0.211 at $w_7 = 1$ to 0.114 at $w_7 = 3$", "the same $a_{h2} = 0.530$")
    o = {w7: outputs(w7=w7)[0] for w7 in (1.0, 2.0, 3.0)}
    assert [round(v, 3) for v in o.values()] == [0.697, 0.796, 0.869]
    assert round(o[2.0] - o[1.0], 3) == 0.099 and round(o[3.0] - o[2.0], 3) == 0.073
    assert o[2.0] - o[1.0] > o[3.0] - o[2.0]
    assert round(o[1.0] * (1 - o[1.0]), 3) == 0.211 and round(o[3.0] * (1 - o[3.0]), 3) == 0.114
    z = [NET.with_params(w7=w7).forward(X).z2[0] for w7 in (1.0, 2.0)]
    assert round(z[1] - z[0], 3) == 0.530
    assert sigma(scalar({**W0, 7: 3.0})[2]) == pytest.approx(o[3.0])


def test_01_zero_inputs_make_w1_to_w4_irrelevant_and_a_bias_moves_h1():
    """Lesson 01, 'Predict, then try' 3: inputs 0 give a_h1 = a_h2 = 0.5 whatever w1..w4;
    b1[0] = 1 gives a_h1 = 0.731."""
    says("01", r"Both are $\sigma(0) = 0.5$, and $w_1 \dots w_4$ no longer change anything",
         r"$a_{h1} = \sigma(1) = 0.731$")
    for w in [dict(w1=-3.0, w2=2.0, w3=1.5, w4=-0.7), dict(w1=3.0, w2=-3.0, w3=0.0, w4=2.5)]:
        net = NET.with_params(**w)
        assert net.forward((0.0, 0.0)).a1.tolist() == [0.5, 0.5]
        assert not net.gradients((0.0, 0.0), T).dW1.any()
    assert round(NET.with_params({"b1[0]": 1.0}).forward((0.0, 0.0)).a1[0], 3) == 0.731


# Mazur's post, as published: weights by his names, outputs and loss.
MAZUR_POST = dict(w1=0.15, w2=0.20, w3=0.25, w4=0.30, w5=0.40, w6=0.45, w7=0.50, w8=0.55)


def test_01_mazur_numbers_and_names():
    """Lesson 01, 'A second worked example': biases 0.35 and 0.60, inputs (0.05, 0.10), targets (0.01, 0.99),
    o1 = 0.75136507, o2 = 0.772928465, E = 0.298371109 (published); his w2 is the kit's w3, the edge x1 -> h2
    is the kit's w2 = 0.25 and his w3 = 0.25."""
    says("01", "biases 0.35 (both hidden units) and 0.60 (both outputs), "
         "inputs $(0.05, 0.10)$ and targets $(0.01, 0.99)$",
         "$o_1 = 0.75136507$, $o_2 = 0.772928465$, $E = 0.298371109$",
         "his $w_2$ is the edge $x_2 \\to h_1$, which this kit calls $w_3$",
         "$x_1 \\to h_2$ as $w_2 = 0.25$ where his post says $w_3 = 0.25$")
    assert MAZUR.network.b1.tolist() == [0.35, 0.35] and MAZUR.network.b2.tolist() == [0.60, 0.60]
    assert MAZUR.x == (0.05, 0.10) and MAZUR.t == (0.01, 0.99)
    assert MAZUR.network.forward(MAZUR.x).a2.round(9).tolist() == [0.75136507, 0.772928465]
    assert round(MAZUR.loss(), 9) == 0.298371109
    for kit, his in show.MAZUR_NAMES.items():
        assert MAZUR.network[kit] == MAZUR_POST[his], (kit, his)
    assert show.MAZUR_NAMES["w3"] == "w2" and show.MAZUR_NAMES["w2"] == "w3"
    edge = next(p for p in all_params((2, 2, 2)) if (p.source, p.target) == ("x1", "h2"))
    assert edge.name == "w2" and MAZUR.network["w2"] == 0.25 == MAZUR_POST["w3"]


def test_01_wide_network_has_twelve_weights_and_five_biases():
    """Lesson 01, 'Other sizes': a 2-3-2 network with random weights, seeded so everyone sees the same one, has
    twelve weights and five biases."""
    says("01", "(seeded, so everyone sees the same one) gets sliders for its twelve weights and five biases")
    ps = all_params((2, 3, 2))
    assert sum(1 for p in ps if p.theta) == 12 and sum(1 for p in ps if not p.theta) == 5
    assert Network.random((2, 3, 2), seed=0) == Network.random((2, 3, 2), seed=0) != Network.random((2, 3, 2), seed=1)


def test_01_lowering_w5_lowers_z_o1_and_backprop_uses_the_sigmoid_slope():
    """Lesson 01, 'Predict, then try' 1 and 2, Summary: a negative weight times the positive a_h1 pushes z_o1 down;
    the slope is sigma'(z) = sigma(z)(1 - sigma(z)) (central differences), and backprop multiplies by it."""
    says("01", "A negative weight times the positive $a_{h1}$ pushes $z_{o1}$ down",
         r"Its slope $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ comes back in backprop",
         "Backprop (lesson 03) multiplies by exactly this slope")
    z = [NET.with_params(w5=w5).forward(X).z2[0] for w5 in (0.5, 0.0, -0.5)]
    assert NET.forward(X).a1[0] > 0 and z[0] > z[1] > z[2]
    for v in (-3.0, 0.0, 0.725, 2.0):
        h = 1e-6
        assert (sigma(v + h) - sigma(v - h)) / (2 * h) == pytest.approx(sigma(v) * (1 - sigma(v)), rel=1e-7)
    o, g = NET.forward(X).a2, NET.gradients(X, T)
    assert g.da2_dz2 == pytest.approx(o * (1 - o))


def test_01_an_unknown_weight_name_is_an_error_that_lists_the_names():
    """Lesson 01: a weight the network does not have is an error that says which names exist."""
    says("01", "a weight the network does not have is an error that says which names exist")
    with pytest.raises(ValueError, match="w1..w8"):
        NET.with_params(w9=1.0)


# -- lesson 02 ---------------------------------------------------------------------------------

def test_02_the_notes_loss_and_outputs():
    """Lesson 02, 'One number' and Summary: o = (0.674, 0.631), o1 below its target, o2 above; E = 0.100917."""
    says("02", "The outputs are $o = (0.674, 0.631)$", "for the notes it is $0.100917$")
    o = NET.forward(X).a2
    assert o.round(3).tolist() == [0.674, 0.631] and o[0] < T[0] and o[1] > T[1]
    assert round(NET.loss(X, T), 6) == 0.100917 == round(scalar(W0)[5], 6)


def test_02_twelve_parameters():
    """Lesson 02, introduction: eight weights and four biases, a function of twelve variables."""
    says("02", "eight weights $w_1 \\dots w_8$ and four biases, a function of twelve variables")
    ps = all_params(NET.sizes)
    assert len(ps) == 12 and sum(1 for p in ps if p.theta) == 8


def test_02_the_arrow_has_a_fixed_length():
    """Lesson 02, 'The surface over two parameters': the arrow's length is fixed (direction only)."""
    says("02", "its length is fixed")
    from nnlib.apps.loss import arrow
    for gp, gq in [(1e-6, 2e-6), (-3.0, 0.5), (0.02, -0.06)]:
        assert math.hypot(*arrow(gp, gq, 8.0)) == pytest.approx(0.15 * 8.0)


def test_02_the_w5_slice_bottoms_out_at_the_error_of_o2():
    """Lesson 02, 'A slice along one weight', prediction and Summary: the bottom is E = 0.093 at w5 = 1.59,
    where o1 = 0.8; 1/2 (0.2 - 0.631)^2 = 0.093. Oracle for the place: o1 = 0.8 needs z_o1 = logit(0.8)."""
    says("02", r"$\tfrac12 (0.2 - 0.631)^2 = 0.093$", r"$E = 0.093$, at $w_5 \approx 1.59$",
         r"$E = 0.093$ at $w_5 \approx 1.59$")
    w5 = np.linspace(-4, 4, 801)
    E = loss_curve(NET, X, T, "w5", w5)
    a_h1, a_h2 = NET.forward(X).a1
    best = (math.log(0.8 / 0.2) - 0.8 * a_h2) / a_h1
    assert round(best, 2) == 1.59 and abs(w5[E.argmin()] - best) <= 0.01
    o2 = NET.forward(X).a2[1]
    assert round(E.min(), 3) == 0.093 and E.min() == pytest.approx(0.5 * (0.2 - o2) ** 2, abs=1e-7)
    assert round(outputs(w5=best)[0], 9) == 0.8


def test_02_right_of_the_bottom_the_slice_is_flat():
    """Lesson 02, 'A slice along one weight': from w5 = 2 to 4 E rises by less than 0.01, from -4 to -2 it falls by
    more than 0.1; o1 = 0.945 at w5 = 4."""
    says("02", "from $w_5 = 2$ to $w_5 = 4$, $E$ rises by less than 0.01, "
         "while from $w_5 = -4$ to $-2$ it falls by more than 0.1",
         "(0.945 at $w_5 = 4$)")
    E = dict(zip([-4, -2, 2, 4], loss_curve(NET, X, T, "w5", np.array([-4.0, -2.0, 2.0, 4.0]))))
    assert 0 < E[4] - E[2] < 0.01
    assert E[-4] - E[-2] > 0.1
    assert round(outputs(w5=4.0)[0], 3) == 0.945


def test_02_the_map_moves_with_other_parameters_only():
    """Lesson 02, 'Predict, then try' 1: moving w5 leaves the (w5, w6) map as it is; moving w1 changes it."""
    says("02", "Dragging $w_5$ leaves the map as it is", "Dragging $w_1$ changes the whole map")
    grid = np.linspace(-4, 4, 21)
    surface = lambda n: loss_surface(n, X, T, "w5", "w6", grid, grid)
    assert np.array_equal(surface(NET.with_params(w5=2.0)), surface(NET))
    assert np.abs(surface(NET.with_params(w1=-2.0)) - surface(NET)).max() > 1e-4


def test_02_the_arrow_points_right_and_down():
    """Lesson 02, 'Predict, then try' 2: dE/dw5 = -0.0167, dE/dw6 = 0.0606, so -grad points right (w5 up) and down
    (w6 down), down more than right. Oracle: the scalar backprop and central differences."""
    says("02", r"$\partial E/\partial w_5 = -0.0167$ and $\partial E/\partial w_6 = 0.0606$",
         "Right and down", "Down more than right")
    g = NET.gradients(X, T).dW2
    d5, d6 = g[0, 0], g[1, 0]
    assert (round(d5, 4), round(d6, 4)) == (-0.0167, 0.0606)
    assert (d5, d6) == pytest.approx((scalar(W0)[6][5], scalar(W0)[6][6]))
    h = 1e-6
    fd = lambda k: (scalar({**W0, k: W0[k] + h})[5] - scalar({**W0, k: W0[k] - h})[5]) / (2 * h)
    assert (d5, d6) == pytest.approx((fd(5), fd(6)), rel=1e-6)
    assert -d5 > 0 and -d6 < 0 and abs(d6) > abs(d5)
    says("02", "Lowering $w_6$ lowers $o_2$, which is far above its target")
    assert outputs(w6=0.0)[1] < outputs()[1] and outputs()[1] - T[1] > 0.4
    assert "∂E/∂w5 = -0.0167292" in LossApp("notes", p="w5", q="w6").readout.value


def test_02_E_hardly_depends_on_w1_w3_because_h1s_effects_cancel():
    """Lesson 02, 'Predict, then try' 3 and Summary: on the app's square E spans 0.075..0.137 over (w2, w4) and
    0.1004..0.1060 over (w1, w3), about 11 times less; both sigma' 0.239 and 0.249; h1's shares -0.01386 + 0.01004 =
    -0.00382, h2's -0.02218 + 0.09034 = 0.06816, 18 times more (the printed terms add up to the printed sums)."""
    says("02", "$E$ ranges from 0.075 to 0.137 there, "
         "but only from 0.1004 to 0.1060 over $(w_1, w_3)$, about 11 times less",
         r"both hidden units have $\sigma'(z)$ close to its largest value $\tfrac14$ (0.239 and 0.249)",
         r"$\partial E/\partial a_{h1} = -0.01386 + 0.01004 = -0.00382$",
         "$-0.02218 + 0.09034 = 0.06816$, 18 times more", "since $o_1 = 0.674$ is below its target 0.8",
         "since $o_2 = 0.631$ is above its target 0.2")
    app = LossApp("notes", p="w1", q="w3")  # the app's own grid
    ps, qs = app.values("p"), app.values("q")
    assert (ps[0], ps[-1]) == (-4.0, 4.0)
    E13 = loss_surface(NET, X, T, "w1", "w3", ps, qs)
    E24 = loss_surface(NET, X, T, "w2", "w4", ps, qs)
    assert (round(E13.min(), 4), round(E13.max(), 4)) == (0.1004, 0.1060)
    assert (round(E24.min(), 3), round(E24.max(), 3)) == (0.075, 0.137)
    assert round(np.ptp(E24) / np.ptp(E13)) == 11
    g = NET.gradients(X, T)
    assert g.da1_dz1.round(3).tolist() == [0.239, 0.249]
    shares = g.dE_da1_by_output  # [k, j]: output k's share of dE/da_hj
    assert shares[:, 0].round(5).tolist() == [-0.01386, 0.01004] and round(g.dE_da1[0], 5) == -0.00382
    assert shares[:, 1].round(5).tolist() == [-0.02218, 0.09034] and round(g.dE_da1[1], 5) == 0.06816
    assert round(-0.01386 + 0.01004, 5) == -0.00382 and round(-0.02218 + 0.09034, 5) == 0.06816
    assert round(g.dE_da1[1] / abs(g.dE_da1[0])) == 18


def test_02_the_w5_w7_valley_is_a_straight_trough():
    """Lesson 02, 'Predict, then try' 4: every (w5, w7) with w5 a_h1 + w7 a_h2 = logit(0.8) = 1.386 gives o1 = 0.8;
    slope -a_h1/a_h2 = -1.14; along it E = 0.093."""
    says("02", r"$w_5 a_{h1} + w_7 a_{h2} = \sigma^{-1}(0.8) = 1.386$", "slope $-a_{h1}/a_{h2} = -1.14$",
         "$E$ is the same 0.093")
    a_h1, a_h2 = NET.forward(X).a1
    assert round(math.log(0.8 / 0.2), 3) == 1.386 and round(-a_h1 / a_h2, 2) == -1.14
    for w5 in (-2.0, 0.0, 1.0, 3.0):
        w7 = (math.log(4.0) - w5 * a_h1) / a_h2
        net = NET.with_params(w5=w5, w7=w7)
        assert net.forward(X).a2[0] == pytest.approx(0.8)
        assert round(net.loss(X, T), 3) == 0.093


# -- lesson 04 ---------------------------------------------------------------------------------

def test_04_one_step_moves_w1_up_a_little_and_w6_down_far():
    """Lesson 04, 'One step': w1 0.2 -> 0.200274, w6 0.1 -> 0.0697, a hundred times further; E 0.100917 -> 0.097189
    (and Summary). Oracle: the scalar backprop."""
    says("04", r"$w_1 \leftarrow 0.2 - 1 \cdot (-0.000274) = 0.200274$",
         r"$w_6 \leftarrow 0.1 - 0.5 \cdot 0.0606 = 0.0697$",
         "a hundred times further", "from 0.100917 to 0.097189", "$E$ goes from 0.100917 to 0.097189")
    says("04", "and they do not update the biases")
    assert NOTES.lr == (1.0, 0.5) and NOTES.update_biases is False
    after, g = NOTES.step(), scalar(W0)[6]
    assert after["w1"] == pytest.approx(0.2 - 1.0 * g[1]) and round(after["w1"], 6) == 0.200274
    assert after["w6"] == pytest.approx(0.1 - 0.5 * g[6]) and round(after["w6"], 4) == 0.0697
    assert round((0.1 - after["w6"]) / (after["w1"] - 0.2), -2) == 100
    assert (round(NET.loss(X, T), 6), round(after.loss(X, T), 6)) == (0.100917, 0.097189)


def test_04_first_step_moves_w5_and_w7_up():
    """Lesson 04, 'Predict, then try' 1: dE/dw5 = -0.0167, dE/dw7 = -0.0147, so w5 grows by 0.0084, w7 by 0.0073."""
    says("04", r"$\partial E/\partial w_5 = -0.0167$", r"$\partial E/\partial w_7 = -0.0147$",
         r"$w_5$ by $0.5 \cdot 0.0167 = 0.0084$ and $w_7$ by $0.0073$")
    g = NET.gradients(X, T).dW2
    assert (round(g[0, 0], 4), round(g[0, 1], 4)) == (-0.0167, -0.0147)
    after = NOTES.step()
    assert (round(after["w5"] - 0.5, 4), round(after["w7"] - 0.8, 4)) == (0.0084, 0.0073)


@pytest.fixture(scope="module")
def notes_run():
    tr = Training(NET, X, T, lr=NOTES.lr, update_biases=False)
    tr.run(200)
    return tr


def test_04_hidden_weights_start_slow_then_overtake(notes_run):
    """Lesson 04, 'Predict, then try' 2: step 1 moves w1 by 0.0003, w3 by 0.0008, w5 by 0.0084, w7 by 0.0073; in 100
    steps w3 0.40 -> 1.05, further than w5 (0.50 -> 0.92) or w7 (0.80 -> 1.12); w6 negative by step 4, then h1's
    two effects add up; dE/dw3 -0.0008 at the start, -0.0093 at step 20."""
    says("04", "the first step moves $w_1$ by 0.0003 and $w_3$ by 0.0008, but $w_5$ by 0.0084 and $w_7$ by 0.0073",
         "in 100 steps $w_3$ goes from 0.40 to 1.05, further than $w_5$ (0.50 to 0.92) or $w_7$ (0.80 to 1.12)",
         "by step 4 it is negative", r"grows from $-0.0008$ at the start to $-0.0093$ at step 20")
    W = notes_run.series(["w1", "w3", "w5", "w6", "w7"])
    assert (W[1] - W[0])[[0, 1, 2, 4]].round(4).tolist() == [0.0003, 0.0008, 0.0084, 0.0073]
    assert W[100, [1, 2, 4]].round(2).tolist() == [1.05, 0.92, 1.12]
    moved = np.abs(W[100] - W[0])
    assert moved[1] > moved[2] and moved[1] > moved[4]
    assert int(np.argmax(W[:, 3] < 0)) == 4
    says("04", "Gradient descent lowers $w_6$ quickly", "now raising $a_{h1}$ *lowers* $o_2$, which helps too")
    after = notes_run.networks[1].arrays()
    first = np.abs(after["W1"].ravel().tolist() + after["W2"].ravel().tolist()
                   - np.array([W0[k] for k in (1, 3, 2, 4, 5, 7, 6, 8)]))
    assert first.argmax() == 6  # W2 flattened: w5, w7, w6, w8 -> w6 moves most in step 1
    o2 = notes_run.networks[4].forward(X).a2[1]
    assert o2 > T[1]  # o2 still above its target, so lowering it helps
    for k in (0, 4, 20):
        shares = notes_run.networks[k].gradients(X, T).dE_da1_by_output[:, 0]
        assert (np.sign(shares[0]) == np.sign(shares[1])) == (k >= 4)
    dw3 = [notes_run.networks[k].gradients(X, T).dW1[0, 1] for k in (0, 20)]
    assert [round(v, 4) for v in dw3] == [-0.0008, -0.0093]


def test_04_small_and_large_single_rates(notes_run):
    """Lesson 04, 'Predict, then try' 3: at 0.01 E = 0.0938 after 100 steps (start 0.1009); at 10 below 0.001 after
    6 steps; the notes' rates need 118."""
    says("04", "after 100 steps $E = 0.0938$, hardly below the start (0.1009)", "below 0.001 after 6 steps",
         "The notes' rates need 118 steps for that")

    def losses(lr, n=100):
        tr = Training(NET, X, T, lr, update_biases=False)
        tr.run(n)
        return np.array(tr.losses)

    assert round(losses(0.01)[-1], 4) == 0.0938 and round(NET.loss(X, T), 4) == 0.1009
    L = losses(10.0)
    assert int(np.argmax(L < 1e-3)) == 6
    assert int(np.argmax(np.array(notes_run.losses) < 1e-3)) == 118


@pytest.fixture(scope="module")
def rate_runs():
    runs = {}
    for lr in [0.1, 1, 10, 30, 100, 300, 1000]:
        tr = Training(NET, X, T, lr, update_biases=False)
        tr.run(100)
        runs[lr] = tr
    return runs


def test_04_how_large_can_alpha_be(rate_runs, notes_run):
    """Lesson 04, 'How large can α be?': up to 30 E ends lower the larger α; 10 and 30 end far below the notes' 0.00185;
    100 rises on 54 steps and ends at 0.0004; 300 rises on 11 and does not get down; 1000 is stuck at 0.04 from the
    first step, hardly better than 0.1's 0.047."""
    says("04", "The loss falls faster up to 30", "hardly better than the 0.047 that the smallest rate, 0.1, reaches",
         "lower than the notes' rates (0.00185 after 100 steps)", "it goes up on 54 and 11 of the 100 steps",
         "$\\alpha = 100$ still gets down to 0.0004 in the end")
    E = {lr: tr.loss for lr, tr in rate_runs.items()}
    assert E[0.1] > E[1] > E[10] >= E[30]
    assert round(notes_run.losses[100], 5) == 0.00185
    assert E[10] < 1e-3 * notes_run.losses[100] and E[30] < 1e-3 * notes_run.losses[100]
    assert (rate_runs[100].rises(), rate_runs[300].rises()) == (54, 11)
    says("04", "$E$ goes up on 54 and 11 of the 100 steps")
    assert round(E[100], 4) == 0.0004 and E[300] > 0.03
    assert round(E[1000], 2) == 0.04 and round(rate_runs[1000].losses[1], 2) == 0.04 and round(E[0.1], 3) == 0.047
    assert E[1000] < E[0.1] and E[0.1] - E[1000] < 0.01


def test_04_alpha_1000_saturates_the_units_at_once(rate_runs):
    """Lesson 04, 'How large can α be?': at α = 1000 the first step leaves a_h2, o1, o2 within 1e-5 of 0 or 1; E stays
    at 0.04 = 1/2 (0.8 - 1)^2 + 1/2 (0.2 - 0)^2; 300 ends there too; every loss is finite."""
    says("04", "$a_{h2}$, $o_1$ and $o_2$ all end within $10^{-5}$ of 0 or 1",
         r"$E$ stays at 0.04, $\tfrac12 (0.8 - 1)^2 + \tfrac12 (0.2 - 0)^2$", "the run at $300$ ends there too",
         "every loss in these runs is a finite number")
    for tr in (rate_runs[1000].networks[1], rate_runs[1000].net):
        f = tr.forward(X)
        for v in (f.a1[1], f.a2[0], f.a2[1]):
            assert min(v, 1 - v) < 1e-5
    target = 0.5 * (0.8 - 1) ** 2 + 0.5 * (0.2 - 0) ** 2
    assert rate_runs[1000].losses[1:] == pytest.approx([target] * 100, abs=1e-4)
    assert rate_runs[300].loss == pytest.approx(target, abs=5e-4)
    assert all(np.isfinite(tr.losses).all() for tr in rate_runs.values())


def test_04_the_both_layers_slider_reads_per_layer_while_the_rates_differ():
    """Lesson 04, 'The live app': 'α both layers' reads 'per layer' while the rates differ (at the start: (1, 0.5));
    it sets one rate for all weights."""
    says("04", "it reads *per layer* while the two rates differ, as they do at the start")
    app = DescentApp("notes")
    assert app.lesson.setup.lr == (1.0, 0.5) and app.alpha.label == "per layer"
    app.alpha.value = 10.0
    assert app.lesson.setup.lr == (10.0, 10.0) and app.controls.sliders["alpha_o"].value == 10.0
    app.controls.sliders["alpha_o"].value = 0.5
    assert app.alpha.label == "per layer"
    app.controls.sliders["alpha_o"].value = 10.0
    assert app.alpha.value == 10.0 and app.errors.last_error is None


# -- lesson 05 ---------------------------------------------------------------------------------

XOR = data.xor()


def xor_run(seed, hidden=2, steps=1000, gate=XOR):
    return xor_run_from(Network.random((2, hidden, 1), seed=seed), steps, gate)


def xor_run_from(net, steps, gate=XOR):
    tr = Training(net, gate.x, gate.t, lr=5.0)
    tr.run(steps)
    return tr


@pytest.fixture(scope="module")
def seed2():
    return xor_run(2)


def test_05_the_data_and_the_seeded_network():
    """Lesson 05, 'The data' and 'An untrained network': x has shape (4, 2), t (4, 1); the same seed gives the same
    network."""
    says("05", "`x` has shape (4, 2), `t` has shape (4, 1)", "the same seed gives the same network")
    assert XOR.x.shape == (4, 2) and XOR.t.shape == (4, 1)
    assert XOR.t.ravel().tolist() == [float((a + b) % 2) for a, b in XOR.x.tolist()]
    assert Network.random((2, 2, 1), seed=2) == Network.random((2, 2, 1), seed=2)


def test_05_untrained_outputs_and_the_mean_loss():
    """Lesson 05, 'An untrained network': the four outputs lie between 0.53 and 0.65, all above 0.5, so only the two
    samples with target 1 are right; E is the mean over samples of 1/2 (t - o)^2 (oracle: a plain loop)."""
    says("05", "the four outputs are close together (0.53 to 0.65), all above 0.5, "
         "so only the two samples with target 1 are on the right side")
    net = Network.random((2, 2, 1), seed=2)
    o = net.forward(XOR.x).a2.ravel()
    assert o.min() > 0.53 and o.max() < 0.65 and (o > 0.5).all()
    assert data.accuracy(net, XOR) == 0.5
    mean = sum(0.5 * (float(t) - float(v)) ** 2 for t, v in zip(XOR.t.ravel(), o)) / 4
    assert net.loss(XOR.x, XOR.t) == pytest.approx(mean)


def test_05_the_gradient_of_a_dataset_is_the_mean_of_the_per_sample_gradients():
    """Lesson 05, introduction: with a dataset the loss is the mean over samples, so its gradient is the mean of the
    per-sample gradients."""
    says("05", "so its gradient is the mean of the per-sample gradients")
    net = Network.random((2, 2, 1), seed=2)
    whole = net.gradients(XOR.x, XOR.t)
    each = [net.gradients(XOR.x[n], XOR.t[n]) for n in range(4)]
    for name in ("dW1", "db1", "dW2", "db2"):
        assert getattr(whole, name) == pytest.approx(np.mean([getattr(g, name) for g in each], axis=0))


def test_05_after_1000_steps_every_output_is_right(seed2):
    """Lesson 05, 'Training': α = 5, 1000 steps, every output on the right side of 0.5."""
    says("05", r"$\alpha = 5$, 1000 steps. Afterwards every output is on the right side of $0.5$")
    assert data.accuracy(seed2.net, XOR) == 1.0


def test_05_the_xor_loss_falls_slowly_then_steeply(seed2):
    """Lesson 05, 'Predict, then try' 1: 0.130 at the start, 0.120 at step 150, 0.078 at 300; steep between 340 and
    400 (0.066 -> 0.016); the steepest single step near 360."""
    says("05", "It falls slowly for about 300 steps (0.130 at the start, 0.120 at step 150, 0.078 at step 300)",
         "then steeply between steps 340 and 400 (from 0.066 to 0.016; the steepest single step is near step 360)")
    L = np.array(seed2.losses)
    assert L[[0, 150, 300, 340, 400]].round(3).tolist() == [0.130, 0.120, 0.078, 0.066, 0.016]
    steepest = 10 + int(np.argmin(np.diff(L)[10:]))
    assert 350 <= steepest <= 370
    says("05", "At step 338, just as the steep part begins, all four samples come onto the right side")
    right = [data.accuracy(seed2.networks[k], XOR) for k in (337, 338)]
    assert right == [0.75, 1.0]
    # "slowly ... then steeply": per step, 340-400 lose over four times as fast as 0-300
    assert (L[340] - L[400]) / 60 > 4 * (L[0] - L[300]) / 300


def test_05_and_or_are_learned_faster_than_xor():
    """Lesson 05, 'Predict, then try' 2: seed 2, all four right after 50 steps (AND), 51 (OR), XOR 338."""
    says("05", "With seed 2 all four samples are right after 50 steps for AND and 51 for OR; XOR needs 338")

    def first_all_right(name):
        d = data.gate(name)
        tr = xor_run(2, gate=d)
        return next(k for k, n in enumerate(tr.networks) if data.accuracy(n, d) == 1.0)

    assert [first_all_right(g) for g in ("and", "or", "xor")] == [50, 51, 338]


def test_05_the_learned_boundary_is_a_band_around_the_0s(seed2):
    """Lesson 05, 'Predict, then try' 1: at step 338 the boundary is two nearly straight lines, one per hidden
    unit, with (0,0) and (1,1) in the band between them and the 1s outside."""
    says("05", "the boundary is now two nearly straight lines, one from each hidden unit, with the 0s, $(0,0)$ and "
               "$(1,1)$, in the band between them and the 1s outside")
    net = seed2.networks[338]
    # across the band, from (1, 0) through (0.5, 0.5) to (0, 1): high, low, high
    s = np.linspace(0, 1, 101)
    o = net.forward(np.column_stack([1 - s, s])).a2[:, 0]
    crossings = np.flatnonzero(np.diff(np.sign(o - 0.5)))
    assert o[0] > 0.5 and o[50] < 0.5 and o[-1] > 0.5 and len(crossings) == 2
    # along the band (the diagonal x1 = x2) the output stays below 0.5: it is a band, not a closed region
    d = net.forward(np.column_stack([s, s])).a2[:, 0]
    assert d.max() < 0.5
    # each boundary line is where one hidden unit's net input is a constant: nearly straight
    # (the output is one sigmoid of a sum of two sigmoids, each of one weighted sum of x)
    assert net.sizes == (2, 2, 1)


def test_05_one_hidden_unit_never_learns_xor():
    """Lesson 05, 'Predict, then try' 3: with one hidden unit no seed learns XOR; the best is 3 of 4 samples."""
    says("05", "The best such a network can do is 3 of the 4 samples")
    right = [data.accuracy(xor_run(s, hidden=1, steps=3000).net, XOR) for s in range(12)]
    assert max(right) == 0.75


@pytest.fixture(scope="module")
def twelve_seeds():
    return {s: xor_run(s, steps=3000) for s in range(12)}


def test_05_three_seeds_get_stuck(twelve_seeds):
    """Lesson 05, 'When training gets stuck': seeds 0, 10, 11 stop at E about 0.063 with two samples wrong; more steps
    do not help (seed 0, 6000 steps)."""
    says("05", "Seeds 0, 10 and 11 stop at $E \\approx 0.063$ with two samples wrong, and more steps do not help")
    stuck = [s for s, tr in twelve_seeds.items() if data.accuracy(tr.net, XOR) < 1.0]
    assert stuck == [0, 10, 11]
    for s in stuck:
        assert round(twelve_seeds[s].loss, 3) == 0.063 and data.accuracy(twelve_seeds[s].net, XOR) == 0.5
    longer = xor_run(0, steps=6000)
    assert data.accuracy(longer.net, XOR) == 0.5 and round(longer.loss, 3) == 0.063


def test_05_seed_0_maps_two_inputs_onto_the_same_saturated_hidden_point(twelve_seeds):
    """Lesson 05, 'When training gets stuck': (0,1) and (1,1) land on hidden (0, 1); the best common output 0.5 gives
    E = 1/4 (2 · 1/2 · 0.5^2) = 0.0625; both hidden units saturated there (sigma' about 0)."""
    says("05", "The inputs $(0,1)$ and $(1,1)$ land on the *same* hidden activations $(0, 1)$",
         r"$E = \frac14\,(2 \cdot \tfrac12 \cdot 0.5^2) = 0.0625$")
    a1 = twelve_seeds[0].net.forward(XOR.x).a1
    assert a1[1].round(2).tolist() == a1[3].round(2).tolist() == [0.0, 1.0]
    assert XOR.t[1, 0] != XOR.t[3, 0]
    assert (a1[[1, 3]] * (1 - a1[[1, 3]]) < 0.01).all()
    assert 0.25 * (2 * 0.5 * 0.5 ** 2) == 0.0625
    assert twelve_seeds[0].loss == pytest.approx(0.0625, abs=0.001)


def test_05_three_hidden_units_learn_xor_from_every_seed():
    """Lesson 05, 'When training gets stuck': with three hidden units all twelve seeds learn XOR."""
    says("05", "With three hidden units all twelve seeds learn XOR")
    assert all(data.accuracy(xor_run(s, hidden=3, steps=3000).net, XOR) == 1.0 for s in range(12))


def test_05_identical_hidden_units_stay_identical():
    """Lesson 05, 'When training gets stuck', the symmetry prediction: all weights 0.5, biases 0: the hidden
    units stay identical, 3 of 4 right after 3000 steps, E = 0.0838; all zeros: every gradient exactly 0, E 0.125.
    Oracle for the zero start: the mean of (o - t) over XOR's targets is 0 with o = 0.5 everywhere."""
    says("05", "After 3000 steps it gets 3 of the 4 samples right ($E = 0.0838$)",
         "Hidden units that start identical stay identical: a random start is what lets them learn different lines",
         "for XOR every gradient is exactly 0 at the start, so nothing moves ($E$ stays at $0.125$)")
    same = xor_run_from(Network([[0.5, 0.5], [0.5, 0.5]], [0, 0], [[0.5, 0.5]], [0]), 3000)
    W1, b1 = same.net.W1, same.net.b1
    assert np.array_equal(W1[0], W1[1]) and b1[0] == b1[1] and same.net.W2[0, 0] == same.net.W2[0, 1]
    assert data.accuracy(same.net, XOR) == 0.75 and round(same.loss, 4) == 0.0838
    zero = Network.zeros(2, 2, 1)
    g = zero.gradients(XOR.x, XOR.t)
    assert all(not np.any(a) for a in (g.dW1, g.db1, g.dW2, g.db2))
    assert sum(0.5 - t for t in (0, 1, 1, 0)) == 0
    assert xor_run_from(zero, 50).loss == 0.125


def test_04_weight_lines_take_the_colour_of_the_unit_fed():
    """Lesson 04, 'The live app': each weight's line has the colour of the unit it feeds, solid into a hidden
    unit, dashed into an output, a marker for its source; the app draws them so."""
    from nnlib.pictures import style
    says("04", "each line has the colour of the unit the weight feeds",
         "solid for a weight into a hidden unit and dashed for one into an output")
    app = DescentApp("notes", n=11)
    by_name = {line.get_label(): line for line in app.weights.lines}
    for p in all_params((2, 2, 2)):
        if p.theta:
            line = by_name[p.name]
            assert line.get_color() == style.unit_color(p.target)
            assert (line.get_linestyle() == "-") == p.target.startswith("h")
