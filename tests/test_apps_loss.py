"""The loss apps driven headlessly: move a slider / press a button, read the artists.

Oracles are independent of nnlib's vectorised math: the plain-Python scalar pass of tests/oracle.py
(the notes' naming w1 = x1->h1, w2 = x1->h2, w3 = x2->h1, w4 = x2->h2, w5 = h1->o1, w6 = h1->o2,
w7 = h2->o1, w8 = h2->o2) and a loop forward pass for other sizes.
"""
import asyncio
import math

import numpy as np
import pytest

from nnlib import NOTES, Network, Training, data
from nnlib.apps import DatasetApp, DescentApp, LossApp
from nnlib.apps import runner
from nnlib.apps.runner import ChunkedRun
from oracle import NOTES_W as ORACLE_W, oracle, sig  # the independent scalar oracle shared by the tests

pytestmark = pytest.mark.filterwarnings("error")  # no overflow / runtime warnings anywhere

X, T = NOTES.x, NOTES.t
NOTES_W = {f"w{k}": v for k, v in ORACLE_W.items()}   # the notes' weights by name


def scalar_outputs(W1, b1, W2, b2, x):
    """Forward pass with loops: W[j][i] is the weight from unit i below to unit j above."""
    a1 = [sig(sum(W1[j][i] * x[i] for i in range(len(x))) + b1[j]) for j in range(len(b1))]
    return [sig(sum(W2[k][j] * a1[j] for j in range(len(a1))) + b2[k]) for k in range(len(b2))]


def scalar_loss(w, x=X, t=T, b1=(0, 0), b2=(0, 0)):
    """E = sum 1/2 (t - o)^2 of the 2-2-2 network with weights w = {'w1': .., ..., 'w8': ..} (the oracle)."""
    return oracle({int(n[1:]): v for n, v in w.items()}, x, t, b=(*b1, *b2))["E"]


def scalar_grad(w, name):
    """dE/d`name` for weights w = {'w1': .., ...}, no biases (the oracle's chain rule per weight)."""
    return oracle({int(n[1:]): v for n, v in w.items()}, X, T)["grad"][int(name[1:])]


# -- LossApp ---------------------------------------------------------------------------
def test_moving_a_plotted_weight_moves_point_and_arrow_but_keeps_the_grid():
    app = LossApp("notes", p="w5", q="w6")
    grid = app.surface.image.get_array()
    app.controls.sliders["w5"].value = 1.3
    w = {**NOTES_W, "w5": 1.3}
    E = scalar_loss(w)
    assert app.curve.point.get_data() == ([1.3], [pytest.approx(E, abs=1e-12)])
    assert app.surface.point.get_data() == ([1.3], [0.1])
    assert app.surface.image.get_array() is grid  # the surface over (w5, w6) does not depend on w5
    gp, gq = scalar_grad(w, "w5"), scalar_grad(w, "w6")
    U, V = float(app.surface.arrow.U[0]), float(app.surface.arrow.V[0])
    norm = math.hypot(gp, gq)
    assert (U / math.hypot(U, V), V / math.hypot(U, V)) == (pytest.approx(-gp / norm, abs=1e-6),
                                                             pytest.approx(-gq / norm, abs=1e-6))
    assert tuple(app.surface.arrow.get_offsets()[0]) == (1.3, 0.1)
    assert f"{E:.6g}" in app.readout.value


def test_moving_another_weight_recomputes_the_surface_and_the_curve():
    app = LossApp("notes", p="w5", q="w6", n=21)
    grid = app.surface.image.get_array()
    app.controls.sliders["w1"].value = -1.0
    E = app.surface.image.get_array()
    assert E is not grid
    ps, qs = app.values("p"), app.values("q")
    for i, j in [(0, 0), (20, 0), (7, 13), (20, 20)]:  # E[i, j] is at (p = ps[j], q = qs[i])
        w = {**NOTES_W, "w1": -1.0, "w5": ps[j], "w6": qs[i]}
        assert E[i, j] == pytest.approx(scalar_loss(w), abs=1e-12)
    xs, ys = app.curve.line.get_data()
    for j in (0, 10, 20):
        assert ys[j] == pytest.approx(scalar_loss({**NOTES_W, "w1": -1.0, "w5": xs[j]}), abs=1e-12)


def test_dropdowns_pick_any_pair_including_biases():
    app = LossApp("notes", n=11)
    app.p.value = "b2[0]"
    app.q.value = "w8"
    assert app.surface.image.axes.get_xlabel() == "b2[0]"
    xs, ys = app.curve.line.get_data()
    assert ys[3] == pytest.approx(scalar_loss(NOTES_W, b2=(xs[3], 0)), abs=1e-12)
    E = app.surface.image.get_array()
    qs = app.values("q")
    assert E[4, 3] == pytest.approx(scalar_loss({**NOTES_W, "w8": qs[4]}, b2=(xs[3], 0)), abs=1e-12)
    app.controls.sliders["b2[0]"].value = 0.5  # on the axes now: the point moves to it
    assert app.surface.point.get_data() == ([0.5], [0.9])


def test_the_same_parameter_twice_is_reported_not_swallowed():
    app = LossApp("notes")
    app.q.value = "w5"
    assert isinstance(app.errors.last_error, ValueError)
    assert "w5" in str(app.errors.last_error)
    app.q.value = "w7"
    assert app.errors.last_error is None


def test_ranges_change_the_grid():
    app = LossApp("notes", n=5)
    app.p_range.value = (-1.0, 1.0)
    assert app.surface.image.get_extent()[:2] == [-1.0, 1.0]
    assert list(app.curve.line.get_xdata()) == [-1.0, -0.5, 0.0, 0.5, 1.0]


# -- DescentApp ------------------------------------------------------------------------
def test_step_button_takes_one_step_with_the_notes_rates():
    app = DescentApp("notes")
    app.step_button.click()
    lr = {n: (1.0 if n in ("w1", "w2", "w3", "w4") else 0.5) for n in NOTES_W}
    new = {n: v - lr[n] * scalar_grad(NOTES_W, n) for n, v in NOTES_W.items()}
    for name, v in new.items():
        assert app.training.net[name] == pytest.approx(v, abs=1e-8)
    ys = app.history.lines[0].get_ydata()
    assert list(ys) == [pytest.approx(scalar_loss(NOTES_W), abs=1e-12), pytest.approx(scalar_loss(new), abs=1e-8)]
    assert app.surface.point.get_data() == ([app.training.net["w5"]], [app.training.net["w7"]])


def test_run_n_draws_the_whole_history_and_reset_goes_back():
    app = DescentApp("notes", chunk=7)
    app.steps.value = 30
    app.run_button.click()
    assert app.training.steps == 30
    ys = app.history.lines[0].get_ydata()
    assert len(ys) == 31
    last = {n: app.training.net[n] for n in NOTES_W}
    assert ys[-1] == pytest.approx(scalar_loss(last), abs=1e-12)
    w3 = app.weights.lines[app.names.index("w3")].get_ydata()
    assert w3[0] == 0.4 and w3[-1] == last["w3"]
    ps, qs = app.surface.path.get_data()
    assert (ps[0], qs[0], ps[-1], qs[-1]) == (0.5, 0.8, last["w5"], last["w7"])
    assert app.run_button.description == "run N"
    app.reset_button.click()
    assert app.training.steps == 0 and len(app.history.lines[0].get_ydata()) == 1


def test_one_rate_for_both_layers_and_huge_rates_stay_finite():
    app = DescentApp("notes")
    app.alpha.value = 1000.0
    assert app.lesson.setup.lr == (1000.0, 1000.0)
    assert app.controls.sliders["alpha_h"].value == 1000.0
    app.train(100)  # saturates the sigmoids: a plateau, no NaN, no warning (filterwarnings=error)
    losses = np.array(app.training.losses)
    assert np.all(np.isfinite(losses)) and np.all(np.isfinite(app.weights.lines[0].get_ydata()))
    assert app.errors.last_error is None


def test_a_non_finite_step_is_shown_in_the_error_box(monkeypatch):
    real_step = Network.step

    def step(self, x, t, lr, update_biases=True):  # stands in for a step that overflows
        if lr[0] > 1e6:
            raise ValueError("the step made W1 non-finite: the learning rate is too large")
        return real_step(self, x, t, lr, update_biases)

    monkeypatch.setattr(Network, "step", step)
    app = DescentApp("notes")
    app.step_button.click()
    app.lesson.set_lr(1e7)
    app.step_button.click()
    assert isinstance(app.errors.last_error, ValueError)
    assert app.training.steps == 1 and len(app.history.lines[0].get_ydata()) == 2


# -- DatasetApp ------------------------------------------------------------------------
def test_default_xor_run_learns_all_four_corners():
    app = DatasetApp()
    assert app.training.net.sizes == (2, 2, 1)
    app.steps.value = 1000
    app.run_button.click()
    net = app.training.net
    W1, b1, W2, b2 = (getattr(net, k).tolist() for k in ("W1", "b1", "W2", "b2"))
    for (x1, x2) in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        o = scalar_outputs(W1, b1, W2, b2, (x1, x2))[0]
        assert (o > 0.5) == bool(x1 ^ x2)
    A = app.boundary.image.get_array()
    xs = np.linspace(-0.25, 1.25, app.n)
    for i, j in [(0, 0), (40, 13), (80, 80)]:  # A[i, j] is the output at (x1 = xs[j], x2 = xs[i])
        assert A[i, j] == pytest.approx(scalar_outputs(W1, b1, W2, b2, (xs[j], xs[i]))[0], abs=1e-12)
    assert app.boundary.contours is not None
    assert "4 of 4 right" in app.readout.value


def test_seed_and_size_restart_from_the_seeds_network():
    app = DatasetApp()
    app.train(10)
    app.seed.value = 7
    assert app.training.steps == 0 and app.training.net == Network.random((2, 2, 1), seed=7)
    app.hidden.value = 3
    assert app.training.net.sizes == (2, 3, 1)
    app.gate.value = "and"
    assert [lbl.get_text() for lbl in app.boundary.labels] == ["t=0", "t=0", "t=0", "t=1"]


def test_a_stuck_seed_stays_stuck_the_local_minimum_lesson():
    app = DatasetApp(seed=0)
    app.train(3000)
    assert data.accuracy(app.training.net, data.xor()) < 1
    assert app.training.loss > 0.06  # two outputs sit at 0.5: E = 2 * 1/2 * 0.5^2 / 4 = 0.0625
    assert app.training.losses[-1] == pytest.approx(app.training.losses[-200], rel=1e-2)


# -- state and helpers -----------------------------------------------------------------
def test_training_validates_and_keeps_the_steps_before_an_error():
    tr = Training(NOTES.network, X, T, lr=0.5)
    with pytest.raises(TypeError, match="steps"):
        tr.run(1.5)
    with pytest.raises(ValueError, match="steps"):
        tr.run(-1)
    tr.run(3)
    assert tr.steps == 3 and len(tr.losses) == 4
    assert tr.series(["w1", "w5"]).shape == (4, 2)


def test_xor_dataset_is_the_truth_table():
    d = data.xor()
    assert d.x.shape == (4, 2) and d.t.shape == (4, 1)
    assert [int(t) for t in d.t[:, 0]] == [int(a) ^ int(b) for a, b in d.x]
    with pytest.raises(ValueError, match="gate"):
        data.gate("nand")


def test_chunked_run_draws_per_chunk_headless_and_in_an_event_loop(monkeypatch):
    work, draws = [], []
    run = ChunkedRun(errors=None)
    run.start(105, 50, work.append, lambda: draws.append(len(work)))
    assert work == [50, 50, 5] and draws[:3] == [1, 2, 3]

    from nnlib.apps.controls import ErrorBox
    work2, draws2, done = [], [], []

    async def main():
        # as inside a kernel: the loop that runs the cell is the one the task goes to
        monkeypatch.setattr(runner, "_kernel_loop", asyncio.get_running_loop)
        run2 = ChunkedRun(ErrorBox(), pause=0)
        run2.start(25, 10, work2.append, lambda: draws2.append(len(work2)), done=lambda: done.append(True))
        assert run2.running and work2 == []  # started, not yet run: the click returns at once
        await run2.task

    asyncio.run(main())
    assert work2 == [10, 10, 5] and draws2 == [1, 2, 3] and done == [True]


def test_a_running_loop_outside_a_kernel_runs_to_the_end(monkeypatch):
    # a test process driving a browser has a running loop too, but nobody awaits tasks on it
    work = []

    async def main():
        ChunkedRun(errors=None).start(30, 10, work.append, lambda: None)
        assert work == [10, 10, 10]
    asyncio.run(main())


def test_rate_sliders_hold_the_lessons_rates_exactly():
    # a FloatLogSlider showed the notes' 0.5 as 0.501 (the browser snaps to its grid)
    app = DescentApp("notes")
    rates = app.controls.sliders
    assert (rates["alpha_h"].value, rates["alpha_o"].value) == (1.0, 0.5)
    assert rates["alpha_o"].label == "0.5"
    rates["alpha_o"].value = 2.0  # a real move
    assert app.lesson.setup.lr == (1.0, 2.0)
    app.lesson.set_lr((0.25, 0.7))  # off the grid: the sliders gain the value, exactly
    assert (rates["alpha_h"].value, rates["alpha_o"].value) == (0.25, 0.7)


def test_the_rate_slider_sets_the_rate_of_the_next_steps():
    app = DatasetApp(lr=5.0)
    app.lr.value = 0.5
    before = app.training.net
    app.step_button.click()
    g = before.gradients(data.xor().x, data.xor().t)
    assert np.allclose(app.training.net.W1, before.W1 - 0.5 * g.dW1, rtol=0, atol=1e-15)


# -- issue 12, "Stale screens" and "Arguments reaching numpy" in the apps ------------------------
def readout_number(text, label):
    """The number after `label = ` in a readout (fmt writes plain decimals or e-notation)."""
    import re
    m = re.search(re.escape(label) + r" = (−?-?[0-9.e+-]+)", text)
    return float(m.group(1).replace("−", "-"))


def test_p_equal_q_is_refused_and_the_readout_stays_current():
    """Issue 12: choosing p == q left the old E in the readout after a slider move."""
    app = LossApp("notes", n=11)
    app.q.value = "w5"                      # p is w5
    assert isinstance(app.errors.last_error, ValueError) and "different parameters" in str(app.errors.last_error)
    assert (app.p.value, app.q.value) == ("w5", "w6")  # the previous choice is kept
    app.controls.sliders["w1"].value = 0.7  # a slider move afterwards: the readout follows it
    w = {**NOTES_W, "w1": 0.7}
    assert app.errors.last_error is None
    assert readout_number(app.readout.value, "E") == pytest.approx(scalar_loss(w), abs=1e-6)
    assert readout_number(app.readout.value, "∂E/∂w6") == pytest.approx(scalar_grad(w, "w6"), abs=1e-6)


@pytest.mark.parametrize("which", ["p_range", "q_range"])
def test_an_empty_range_is_refused_with_a_message_and_no_warning(which):
    """Issue 12: lo == hi blanked both panels with matplotlib warnings and no message."""
    app = LossApp("notes", n=11)
    slider = getattr(app, which)
    extent = app.surface.image.get_extent()
    slider.value = (2.0, 2.0)               # pytestmark turns any warning into an error
    assert isinstance(app.errors.last_error, ValueError) and "two different ends" in str(app.errors.last_error)
    assert slider.value == (-4.0, 4.0) and app.surface.image.get_extent() == extent
    slider.value = (-2.0, 2.0)
    assert app.errors.last_error is None


def test_descent_readout_counts_the_steps_taken():
    """Issue 12: a step was taken but the readout said step 0 (after p == q had been picked)."""
    app = DescentApp("notes")
    app.q.value = "w5"                      # p is w5: refused, kept w7
    assert app.q.value == "w7" and isinstance(app.errors.last_error, ValueError)
    app.step_button.click()
    assert app.readout.value.startswith("step 1: ") and app.errors.last_error is None
    assert readout_number(app.readout.value, "E") == pytest.approx(app.training.loss, rel=1e-5)
    app.train(2)
    assert app.readout.value.startswith("step 3: ")


def test_a_preset_loaded_into_the_descent_app_starts_its_training_again():
    from nnlib import MAZUR, share
    app = DescentApp("notes")
    app.train(3)
    app.controls.share.load(share.encode(MAZUR))
    assert app.training.steps == 0 and app.training.net == MAZUR.network
    assert app.readout.value.startswith("step 0: ") and app.training.lr == MAZUR.lr


@pytest.mark.parametrize("make, exc, message", [
    (lambda: LossApp(n=0), ValueError, "n must be >= 2"),
    (lambda: LossApp(n=2.5), TypeError, "n must be a whole number"),
    (lambda: LossApp(span=(4, -4)), ValueError, "span must have lo < hi"),
    (lambda: LossApp(span=(1, 1)), ValueError, "span must have lo < hi"),
    (lambda: LossApp(span=(-20, 4)), ValueError, "span must be >= -10"),
    (lambda: LossApp(span=4), TypeError, "span must be a pair"),
    (lambda: LossApp(p="w9"), ValueError, "unknown parameter 'w9'"),
    (lambda: LossApp(p="w5", q="theta^1_{11}"), ValueError, "two different parameters"),
    (lambda: DescentApp(n=1), ValueError, "n must be >= 2"),
    (lambda: DescentApp(chunk=0), ValueError, "chunk must be >= 1"),
    (lambda: DescentApp(chunk=-1), ValueError, "chunk must be >= 1"),
    (lambda: DescentApp(p="b1[0]"), ValueError, "b1\\[0\\] does not change in this setup"),
    (lambda: DescentApp(p="w7", q="w7"), ValueError, "two different parameters"),
    (lambda: DescentApp(q="x1"), ValueError, "unknown parameter 'x1'"),
    (lambda: DatasetApp(gate="nand"), ValueError, "unknown gate 'nand'"),
    (lambda: DatasetApp(hidden=0), ValueError, "hidden must be 1, 2, 3 or 4"),
    (lambda: DatasetApp(seed=-1), ValueError, "seed must be >= 0"),
    (lambda: DatasetApp(lr="fast"), TypeError, "lr must be a real number"),
    (lambda: DatasetApp(n=0), ValueError, "n must be >= 2"),
    (lambda: DatasetApp(chunk=0), ValueError, "chunk must be >= 1"),
    (lambda: Training(NOTES.network, X, T, 0.5, update_biases="no"), TypeError, "update_biases must be True or False"),
    (lambda: Training(NOTES.network, X, T, 0.5).run(10**8), ValueError, "at most 100000 steps"),
    (lambda: ChunkedRun(None).start(10, 0, None, None), ValueError, "chunk must be >= 1"),
])
def test_app_arguments_get_clear_errors(make, exc, message):
    with pytest.raises(exc, match=message):
        make()
