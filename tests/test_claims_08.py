"""Every sentence of lesson 08 (beyond sigmoid and squared error) that states a number, a sign,
a direction or a comparison, computed here; each test names the section it backs and fails when
that sentence is edited (`says`). Oracles: the plain-Python scalar pass of tests/test_functions.py
(`scalar_pass`, math module only) and elementary algebra; nnlib only where the lesson shows what
nnlib computes (then compared with the oracle).
"""
import math

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from nnlib import beyond
from nnlib.pictures import draw_beyond
from nnlib.functions import Choice
from nnlib.presets import NOTES
from test_claims import says
from test_functions import fprime, scalar_pass

W1, W2 = [[0.2, 0.4], [0.1, 0.1]], [[0.5, 0.8], [0.1, 0.9]]      # the notes, W[j][i]: from i to j
SAT_W2 = [[0.5, 0.8], [5.0, 5.0]]                                 # w6 = w8 = 5
X, T = [0.3, 0.9], [0.8, 0.2]
ZERO = [0.0, 0.0]


def run(c, W1=W1, W2=W2, b1=ZERO, b2=ZERO):
    return scalar_pass(W1, b1, W2, b2, X, T, c)


def train(loss, steps):
    """Plain-Python gradient descent from the saturated start, lr (1, 0.5), biases updated: outputs per step."""
    w1, b1, w2, b2 = [r[:] for r in W1], ZERO[:], [r[:] for r in SAT_W2], ZERO[:]
    c, outs = Choice(loss=loss), []
    for _ in range(steps + 1):
        a1 = [1 / (1 + math.exp(-(w1[j][0] * X[0] + w1[j][1] * X[1] + b1[j]))) for j in range(2)]
        outs.append([1 / (1 + math.exp(-(w2[k][0] * a1[0] + w2[k][1] * a1[1] + b2[k]))) for k in range(2)])
        _, dW1, db1, dW2, db2 = scalar_pass(w1, b1, w2, b2, X, T, c)
        for j in range(2):
            b1[j] -= 1.0 * db1[j]
            b2[j] -= 0.5 * db2[j]
            for i in range(2):
                w1[j][i] -= 1.0 * dW1[j][i]
                w2[j][i] -= 0.5 * dW2[j][i]
    return outs


def within(outs, tol):
    return next(k for k, o in enumerate(outs) if abs(o[0] - T[0]) <= tol and abs(o[1] - T[1]) <= tol)


def test_the_menu_largest_slopes():
    """'The menu': sigmoid's largest slope 1/4 at z = 0, tanh's 1 at z = 0, ReLU's 1 for z > 0;
    the kit's ReLU slope at z = 0 is 0."""
    says("08", r"$\tfrac14$, at $z = 0$", r"$1$, at $z = 0$", r"$1$, for every $z > 0$",
         "The kit uses the slope $0$ there")
    zs = [k / 100 for k in range(-1000, 1001)]
    assert max(fprime("sigmoid", z) for z in zs) == fprime("sigmoid", 0.0) == 0.25
    assert max(fprime("tanh", z) for z in zs) == fprime("tanh", 0.0) == 1.0
    assert {fprime("relu", z) for z in zs if z > 0} == {1.0} and fprime("relu", 0.0) == 0.0


def test_cross_entropy_delta_o1_at_the_notes():
    """'Cross-entropy: the σ' cancels', the prediction and its answer."""
    says("08", r"$\delta_{o1} = (o_1 - t_1)\,o_1(1 - o_1) = -0.0277$",
         r"$\delta_{o1} = o_1 - t_1 = 0.673864 - 0.8 = -0.126$, about 4.6 times larger",
         "The hidden $\\delta$s grow too, by other factors")
    se, ce = run(Choice()), run(Choice(loss="cross_entropy"))
    assert round(se[4][0], 4) == -0.0277 and round(ce[4][0], 3) == -0.126
    o1 = ce[4][0] + 0.8
    assert round(o1, 6) == 0.673864
    assert round(ce[4][0] / se[4][0], 1) == 4.6 == round(1 / (o1 * (1 - o1)), 1)
    factors = [ce[2][j] / se[2][j] for j in range(2)]
    assert all(f > 1 for f in factors) and abs(factors[0] - factors[1]) > 0.5  # both grow, by other factors
    # the table the lesson shows is nnlib's: it equals the oracle
    rows = beyond.side_by_side(NOTES)
    assert rows["sigmoid / sigmoid / cross-entropy"]["δ_o1"] == pytest.approx(ce[4][0], rel=1e-13)


def test_loss_values_and_hidden_deltas_across_choices():
    """The note under the six-choice table: E 1.43 against 0.101; tanh and ReLU hidden δs larger
    than sigmoid's, their slopes 0.84 and more here."""
    says("08", "(1.43 for the notes' network against 0.101 for squared error)",
         "both hidden $\\delta$s are larger than with the sigmoid: their slopes here are 0.84 and more")
    assert round(run(Choice(loss="cross_entropy"))[0], 2) == 1.43 and round(run(Choice())[0], 3) == 0.101
    sig = run(Choice())[2]
    for h in ("tanh", "relu"):
        d = run(Choice(hidden=h))[2]
        assert all(abs(d[j]) > abs(sig[j]) for j in range(2)), h
        z1 = [W1[j][0] * X[0] + W1[j][1] * X[1] for j in range(2)]
        assert min(fprime(h, z) for z in z1) >= 0.84 - 5e-3, h
    assert round(min(fprime("tanh", z) for z in (0.42, 0.12)), 2) == 0.84


def test_saturated_start_deltas():
    """'A saturated start': o2 = 0.9966; δ_o2 = 0.797 × 0.00343 = 0.00274 with squared error, 0.797
    with cross-entropy, about 290 times larger."""
    says("08", "$o_2 = 0.9966$ where its target is 0.2",
         r"Small: $0.797 \times 0.00343 = 0.00274$",
         r"$\delta_{o2} = o_2 - t_2 = 0.797$, about 290 times larger")
    se, ce = run(Choice(), W2=SAT_W2), run(Choice(loss="cross_entropy"), W2=SAT_W2)
    o2 = ce[4][1] + 0.2
    assert round(o2, 4) == 0.9966 and round(o2 - 0.2, 3) == 0.797 and round(o2 * (1 - o2), 5) == 0.00343
    assert round(se[4][1], 5) == 0.00274 and round(ce[4][1], 3) == 0.797
    assert round(ce[4][1] / se[4][1], -1) == 290


def test_saturated_start_runs():
    """'A saturated start', answer and summary: within 0.05 after 17 (cross-entropy) and 154
    (squared error) steps; after 50 steps squared error's o2 is still 0.994."""
    says("08", "within 0.05 of their targets after 17 steps, squared error after 154",
         "$o_2$ is still 0.994", "(17 steps against 154 from the saturated start)")
    se, ce = train("squared", 200), train("cross_entropy", 200)
    assert within(ce, 0.05) == 17 and within(se, 0.05) == 154
    assert round(se[50][1], 3) == 0.994
    runs = beyond.saturated_runs(beyond.SATURATED, 200)   # what the lesson's cell and figure show
    assert runs["cross_entropy"].steps_to(0.05) == 17 and runs["squared"].steps_to(0.05) == 154
    np.testing.assert_allclose(runs["squared"].outputs, se, rtol=1e-10)


def chain(f, L, x=0.5):
    """Oracle: ∂a_L/∂z_1 of a chain of L units, every weight 1: the product of the slopes."""
    z, r = x, 1.0
    for _ in range(L):
        r *= fprime(f, z)
        z = {"sigmoid": lambda v: 1 / (1 + math.exp(-v)), "tanh": math.tanh, "relu": lambda v: max(v, 0.0)}[f](z)
    return r


def test_signal_left_after_ten_layers():
    """'Deeper: one slope per layer': sigmoid 3.5e-7 after 10, below (1/4)^10 = 9.5e-7; tanh 0.22; ReLU
    exactly 1, every z in the chain 0.5; at most (1/4)^L through L sigmoid units."""
    says("08", r"Sigmoid: $3.5 \times 10^{-7}$, below $(\tfrac14)^{10} = 9.5 \times 10^{-7}$",
         "Tanh: 0.22", "exactly 1, since every $z$ in this chain is 0.5", r"at most $(\tfrac14)^L$")
    assert f"{chain('sigmoid', 10):.1e}" == "3.5e-07" and f"{0.25 ** 10:.1e}" == "9.5e-07"
    assert round(chain("tanh", 10), 2) == 0.22 and chain("relu", 10) == 1.0
    assert all(chain("sigmoid", L) <= 0.25 ** L for L in range(1, 30))
    reach = beyond.reach_by_depth(10)
    for f in ("sigmoid", "tanh", "relu"):
        assert reach[f][9] == pytest.approx(chain(f, 10), rel=1e-12)
    assert beyond.chain("relu", 10)[0].tolist() == [0.5] * 10


def test_bias_gradient_is_delta():
    """'The biases learn δ': ∂E/∂b = δ of its unit, for every choice in the table."""
    says("08", r"$\partial E/\partial b = \delta$ of that unit, whatever the functions are")
    for c in beyond.CHOICES:
        _, _, db1, _, db2 = run(c, b1=[0.1, -0.2], b2=[0.3, 0.05])
        E0 = run(c, b1=[0.1, -0.2], b2=[0.3, 0.05])[0]
        h = 1e-6
        fd = (run(c, b1=[0.1, -0.2], b2=[0.3 + h, 0.05])[0] - E0) / h      # forward difference, b_o1
        assert fd == pytest.approx(db2[0], rel=1e-4, abs=1e-8), c
    rows = beyond.side_by_side(NOTES)
    assert all(r[f"δ_{u}"] == r[f"∂E/∂b_{u}"] for r in rows.values() for u in ("o1", "o2", "h1", "h2"))


def test_figure_is_legible():
    """The lesson's picture: no text touches another text, no legend covers a curve's points."""
    fig, _ = draw_beyond.figure(beyond.saturated_runs(beyond.SATURATED, 200), beyond.reach_by_depth(10))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    def shown(ax):  # tick labels matplotlib draws: those inside the axis limits
        lo_x, hi_x = sorted(ax.get_xlim())
        lo_y, hi_y = sorted(ax.get_ylim())
        return ([t for t in ax.get_xticklabels() if lo_x <= t.get_position()[0] <= hi_x]
                + [t for t in ax.get_yticklabels() if lo_y <= t.get_position()[1] <= hi_y])
    texts = [t for ax in fig.axes for t in [ax.title, ax.xaxis.label, ax.yaxis.label, *shown(ax)] if t.get_text()]
    boxes = [t.get_window_extent(r) for t in texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
    for ax in fig.axes:
        legend = ax.get_legend().get_window_extent(r)
        for line in ax.get_lines():
            pts = ax.transData.transform(np.column_stack(line.get_data()))
            inside = ((pts[:, 0] > legend.x0) & (pts[:, 0] < legend.x1)
                      & (pts[:, 1] > legend.y0) & (pts[:, 1] < legend.y1))
            assert not inside.any(), (ax.get_title(), line.get_label())


def test_table_rows_and_the_saturated_setup():
    """'The table below has it in the second row'; 'Both runs below also update the biases (from 0)';
    'a unit with z < 0 passes nothing back at all'."""
    says("08", "The table below has it in the second row", "Both runs below also update the biases (from 0)",
         "a unit with $z < 0$ passes nothing back at all")
    assert list(beyond.side_by_side(NOTES))[1] == "sigmoid / sigmoid / cross-entropy"
    s = beyond.SATURATED
    assert s.update_biases and s.network["b1[0]"] == s.network["b1[1]"] == s.network["b2[0]"] == s.network["b2[1]"] == 0
    assert (s.network["w6"], s.network["w8"]) == (5.0, 5.0) and s.network.with_params(w6=0.1, w8=0.9) == NOTES.network
    assert {fprime("relu", -k / 10) for k in range(1, 100)} == {0.0}


def test_the_sweep_app_text():
    """'In stage 2 each output's bias gets δ · 1 ...; in stage 5 the hidden biases get theirs. Pick
    cross-entropy and watch δo1 and δo2 lose the slope factor; pick ReLU ... the slope become 1.'"""
    from nnlib.sweep import Sweep
    says("08", r"In stage 2 each output's bias gets $\delta \cdot 1$", "in stage 5 the hidden biases get theirs",
         "pick ReLU for the hidden units and see the slope become 1")
    setup = NOTES.replace(update_biases=True)
    sw = Sweep(setup)
    assert [s.id for s in sw.stages][2] == "grad_out" and [s.id for s in sw.stages][5] == "grad_hidden"
    stage2 = {q.id: q for q in sw.stages[2].quantities}
    stage5 = {q.id: q for q in sw.stages[5].quantities}
    assert stage2["grad_b2[0]"].value == sw.delta2[0] and stage2["grad_b2[0]"].formula == r"\delta_{o1} \cdot 1"
    assert stage5["grad_b1[1]"].value == sw.delta1[1]
    ce = Sweep(setup.with_choice(loss="cross_entropy"))
    assert "(1 - o_{1})" in sw["delta_o1"].formula and "(1 - o_{1})" not in ce["delta_o1"].formula
    assert ce["delta_o1"].value == pytest.approx(run(Choice(loss="cross_entropy"))[4][0], rel=1e-13)
    relu = Sweep(setup.with_choice(hidden="relu"))
    assert "[a_{h1} > 0]" in relu["delta_h1"].formula and "[0.42 > 0]" in relu["delta_h1"].substituted
    z1 = [W1[j][0] * X[0] + W1[j][1] * X[1] for j in range(2)]
    assert [fprime("relu", z) for z in z1] == [1.0, 1.0]


def test_the_descent_app_restarts_with_the_new_functions():
    """'the dropdowns restart the run with the new functions (same weights)'."""
    from nnlib.apps import DescentApp, Lesson
    says("08", "the dropdowns restart the run with the new functions (same weights)")
    app = DescentApp(lesson=Lesson(beyond.SATURATED, choosing=True), p="w6", q="w8")
    app.train(5)
    assert app.training.steps == 5
    app.controls.functions.dropdowns["loss"].value = "cross_entropy"
    assert app.errors.last_error is None and app.training.steps == 0
    assert app.training.net.choice == Choice(loss="cross_entropy")
    assert app.training.net.with_choice(loss="squared") == beyond.SATURATED.network


def test_08_cross_entropy_cannot_go_below_the_targets_entropy():
    """Lesson 08, after the comparison table: with t = (0.8, 0.2) cross-entropy's smallest value, at o = t,
    is 1.0008. Oracle: the formula in plain Python, and the kit's loss at outputs set to the targets."""
    import math

    from nnlib import NOTES, Network
    says("08", r"is $-\sum_k \big[t_k \ln t_k + (1 - t_k)\ln(1 - t_k)\big] = 1.0008$ for $t = (0.8, 0.2)$")
    floor = -sum(t * math.log(t) + (1 - t) * math.log(1 - t) for t in (0.8, 0.2))
    assert round(floor, 4) == 1.0008
    # a network whose outputs are exactly the targets (z = logit t, no hidden influence) sits on the floor
    logit = [math.log(t / (1 - t)) for t in (0.8, 0.2)]
    zeros = [[0.0, 0.0], [0.0, 0.0]]
    net = Network(zeros, [0.0, 0.0], zeros, logit).with_choice(loss="cross_entropy")
    assert net.loss(NOTES.x, NOTES.t) == pytest.approx(floor, rel=1e-12)
    assert NOTES.network.with_choice(loss="cross_entropy").loss(NOTES.x, NOTES.t) > floor
