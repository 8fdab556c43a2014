"""Fuzz the lesson apps (issue 12, item 6): random sequences of what a student can do.

Hypothesis draws up to 6 actions per example (slider moves, extremes included; buttons; share
strings pasted, good and bad; p/q and range picks, equal ones included; runs and resets) and
after every action checks that
  - no exception escaped (a refused action may show in the app's ErrorBox: that is its job),
  - no readout, label or figure text shows nan or inf,
  - every readout agrees with nnlib recomputed from scratch for the current state,
  - the frame on the canvas (blitted or not) equals a full redraw of the same state, pixel for
    pixel (Agg canvases that count draws and blits: tests/canvases.py).
Bounded: 12 examples of up to 6 actions per app, derandomized, no deadline, no shrinking (a failure
prints its whole action list).
"""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from matplotlib.text import Text

from nnlib import MAZUR, NOTES, Network, apps, derive, fmt, share
from nnlib.pictures import draw_sweep
from nnlib.sweep import Sweep
from nnlib.apps.figure import Blitter

from canvases import counting, pixels  # the tests' shared headless canvas

pytestmark = pytest.mark.filterwarnings("error")  # an overflow or matplotlib warning is a failure
# no shrinking: a failure prints its whole action list at once, and the time stays bounded
FUZZ = settings(max_examples=12, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

BAD_STRINGS = ["", "hello", "bp1_", share.encode(NOTES)[:-3], share.encode(MAZUR).replace("0.5", "0.6", 1),
               "bp2_2-2-2_0.2_n_00000000", share.encode(NOTES.replace(network=Network.random((2, 3, 2), seed=1))),
               "https://example.org/page.ipynb?preset=nope#x", "bp1_" + "9" * 500]
GOOD_STRINGS = [share.encode(NOTES), share.encode(MAZUR),
                f"https://example.org/voila/render/02.ipynb?theme=dark&preset={share.encode(MAZUR)}#top"]
BAD_TEXT = re.compile(r"\b(nan|inf|-inf)\b|∞", re.IGNORECASE)


DescentApp, ForwardApp, LossApp, StepperApp, SweepApp = (
    counting(app) for app in (apps.DescentApp, apps.ForwardApp, apps.LossApp, apps.StepperApp, apps.SweepApp))


def good_setups():
    """Valid 2-2-2 setups, extremes included, as share strings."""
    weight = st.sampled_from([-3.0, 3.0, 0.0, 1e-9]) | st.floats(-3, 3)
    unit = st.sampled_from([-1.0, 1.0, 0.0]) | st.floats(-1, 1)

    def build(ws, bs, x, t, lr, b):
        net = NOTES.network.with_params({f"w{i + 1}": w for i, w in enumerate(ws)},
                                        **{"b1[0]": bs[0], "b1[1]": bs[1], "b2[0]": bs[2], "b2[1]": bs[3]})
        return share.encode(NOTES.replace(network=net, x=x, t=t, lr=lr, update_biases=b))
    return st.builds(build, st.lists(weight, min_size=8, max_size=8), st.lists(weight, min_size=4, max_size=4),
                     st.tuples(unit, unit), st.tuples(st.floats(0, 1), st.floats(0, 1)),
                     st.tuples(st.sampled_from([0.001, 0.5, 1.0, 1000.0]), st.sampled_from([0.5, 5.0])),
                     st.booleans())


def pastes():
    pasted = st.sampled_from(BAD_STRINGS + GOOD_STRINGS) | good_setups() | st.text(max_size=30)
    return st.tuples(st.just("paste"), pasted)


def slider_moves():
    """('slider', index into the app's sliders, where: 'min', 'max' or a fraction of the range)."""
    return st.tuples(st.just("slider"), st.integers(0, 100), st.sampled_from(["min", "max"]) | st.floats(0, 1))


# -- doing an action --------------------------------------------------------------------------
def move_slider(app, index, where):
    keys = sorted(app.controls.sliders)
    slider = app.controls.sliders[keys[index % len(keys)]]
    if hasattr(slider, "options") and not hasattr(slider, "step"):  # a rate slider: exact choices
        values = [v for _, v in slider.options]
        i = 0 if where == "min" else len(values) - 1 if where == "max" else int(where * (len(values) - 1))
        slider.value = values[i]
    else:
        slider.value = slider.min if where == "min" else slider.max if where == "max" else \
            slider.min + where * (slider.max - slider.min)


def act(app, action):
    kind, *args = action
    if kind == "slider":
        move_slider(app, *args)
    elif kind == "paste":
        app.controls.share.paste.value = args[0]
        app.controls.share.open_button.click()
    elif kind in ("p", "q"):
        widget = getattr(app, kind)
        widget.value = widget.options[args[0] % len(widget.options)]
    elif kind in ("p_range", "q_range"):
        getattr(app, kind).value = tuple(sorted(args))  # the slider itself cannot hold lo > hi
    elif kind == "click":
        getattr(app, args[0]).click()
    elif kind == "train":
        app.train(args[0])
    elif kind == "run":
        app.steps.value = args[0]
        app.run_button.click()
    elif kind == "index":
        app.index.value = args[0] % (app.index.max + 1)
    elif kind == "order":
        app.order.value = ("sweep", "notes")[args[0] % 2]
    elif kind == "mistake":
        options = app.mistake.options
        app.mistake.value = options[args[0] % len(options)][1]
    elif kind == "preset":
        options = app.presets.dropdown.options
        app.presets.dropdown.value = options[args[0] % len(options)][1]
    else:
        raise AssertionError(kind)


# -- what must hold after every action ----------------------------------------------------------
def texts(app):
    """Every text the student can see: HTML readouts and every Text artist of the figure."""
    names = ("readout", "numbers", "formula", "checks_view", "deltas", "effect")
    widgets = [getattr(app, name, None) for name in names]
    html = [w.value for w in widgets if w is not None] + [app.controls.share.current.value]
    return html + [t.get_text() for t in app.fig.findobj(Text) if t.get_visible()]


def check_screen(app):
    for text in texts(app):
        assert not BAD_TEXT.search(text), text[:300]
    s = app.lesson.setup
    E = s.network.loss(s.x, s.t)  # nnlib from scratch, not the app's cached Snapshot
    assert share.encode(s) in app.controls.share.current.value
    if isinstance(app, apps.LossApp):
        g = s.network.gradients(s.x, s.t)
        p, q = app.p.value, app.q.value
        assert p != q
        assert app.readout.value.startswith(f"E = {fmt(E)} · ∂E/∂{p} = {fmt(g[p])} · ∂E/∂{q} = {fmt(g[q])}")
        assert app.surface.image.get_extent() == [*app.p_range.value, *app.q_range.value]
    elif isinstance(app, apps.DescentApp):
        tr = app.training
        assert app.p.value != app.q.value
        assert app.readout.value.startswith(f"step {tr.steps}: E = {fmt(tr.net.loss(s.x, s.t))} "
                                            f"· α = ({fmt(s.lr[0])}, {fmt(s.lr[1])})")
        assert tr.lr == s.lr and len(app.history.lines[0].get_ydata()) == tr.steps + 1
    elif isinstance(app, apps.ForwardApp):
        assert f"<b>{fmt(E)}</b>" in app.numbers.value
        assert app.bars.artists() and np.allclose(s.network.forward(s.x).a2, app.lesson.now.forward.a2)
    elif isinstance(app, apps.SweepApp):
        sw = Sweep(s, None if app.mistake.value == "none" else app.mistake.value)   # from scratch
        if app.order.value == "sweep":
            stage = sw.stages[app.index.value]
            assert app.stage.id == stage.id and all(fmt(q.value) in app.formula.value for q in stage.quantities)
            reached = draw_sweep.stage_view(sw.params, app.index.value)[1]
            for k, d in enumerate(sw.delta2):
                assert (f"δ_o{k + 1} = {fmt(d)}" in app.deltas.value) == (f"o{k + 1}" in reached)
            for j, d in enumerate(sw.delta1):
                assert (f"δ_h{j + 1} = {fmt(d)}" in app.deltas.value) == (f"h{j + 1}" in reached)
        if "✔" in app.effect.value or "✘" in app.effect.value:
            assert f"E before the step = {fmt(E)}" in app.effect.value
            assert f"after this sweep's step = {fmt(sw.loss_after)}" in app.effect.value
            for p in (p for p in sw.params if p.theta):
                assert f"<td>{p.name}</td><td>{fmt(sw.grads[p.name])}</td>" in app.effect.value
    elif isinstance(app, apps.StepperApp):
        step = derive(s).steps[app.index.value]
        assert app.step.id == step.id and fmt(step.value) in app.formula.value
        assert app.caption.get_text() == f"step {app.index.value + 1}: {step.id} = {fmt(step.value)}"


def check_frame(app):
    """What the canvas holds now (blitted, or fully drawn) is what a full redraw draws. (Only
    after a blit: a frame fully drawn since is a full redraw already.)"""
    canvas = app.fig.canvas
    if canvas.blits == getattr(canvas, "checked_blits", 0):
        return
    canvas.checked_blits = canvas.blits
    now = pixels(canvas)
    canvas.draw()
    assert np.array_equal(now, pixels(canvas)), "a blitted frame differs from a full redraw"


def drive(app, actions):
    app.fig.canvas.draw()  # as first shown: the background saved
    for action in actions:
        act(app, action)    # anything it raises fails the test: nothing may escape
        check_screen(app)
        check_frame(app)


# -- the apps ---------------------------------------------------------------------------------
common = slider_moves() | pastes()
steps = st.integers(1, 12)


@FUZZ
@given(st.lists(common | st.tuples(st.just("preset"), st.integers(0, 3)), max_size=6))
def test_forward_app_survives_anything(actions):
    drive(ForwardApp("notes"), actions)


@FUZZ
@given(st.lists(common | st.tuples(st.just("index"), st.integers(0, 200))
                | st.tuples(st.just("click"), st.sampled_from(["prev", "next"]))
                | st.tuples(st.just("preset"), st.integers(0, 3)), max_size=6))
def test_stepper_app_survives_anything(actions):
    drive(StepperApp("notes"), actions)


@FUZZ
@given(st.lists(common | st.tuples(st.just("index"), st.integers(0, 200))
                | st.tuples(st.just("click"), st.sampled_from(["prev", "next"]))
                | st.tuples(st.sampled_from(["order", "mistake", "preset"]), st.integers(0, 3)), max_size=6))
def test_sweep_app_survives_anything(actions):
    drive(SweepApp("notes"), actions)


ends = st.sampled_from([-10.0, -4.0, -0.5, 0.0, 0.5, 2.0, 10.0])


@FUZZ
@given(st.lists(common | st.tuples(st.sampled_from(["p", "q"]), st.integers(0, 11))
                | st.tuples(st.sampled_from(["p_range", "q_range"]), ends, ends), max_size=6))
def test_loss_app_survives_anything(actions):
    drive(LossApp("notes", n=11), actions)


@FUZZ
@given(st.lists(common | st.tuples(st.sampled_from(["p", "q"]), st.integers(0, 7))
                | st.tuples(st.just("train"), steps) | st.tuples(st.just("run"), steps)
                | st.tuples(st.just("click"), st.sampled_from(["step_button", "reset_button"])), max_size=6))
def test_descent_app_survives_anything(actions):
    drive(DescentApp("notes", n=11), actions)


def test_the_frame_check_can_fail(monkeypatch):
    """If a blit left a changed artist out, check_frame must notice: drop the blitted artists."""
    app = LossApp("notes", n=11)
    app.fig.canvas.draw()

    def forgetful(self, full=False):  # restores the background, forgets to draw the artists on it
        self._current()
        self.fig.canvas.restore_region(self.background)
        self.fig.canvas.blit(self.fig.bbox)
    monkeypatch.setattr(Blitter, "update", forgetful)
    app.controls.sliders["w5"].value = 0.9  # blitted: the background only, no point, no curve
    with pytest.raises(AssertionError, match="differs from a full redraw"):
        check_frame(app)


def test_the_screen_check_can_fail():
    app = LossApp("notes", n=11)
    app.readout.value = app.readout.value.replace("E = ", "E = nan ", 1)
    with pytest.raises(AssertionError):
        check_screen(app)
    app = DescentApp("notes", n=11)
    app.training.run(1)  # a step the screen was not told about: its readout says step 0
    with pytest.raises(AssertionError):
        check_screen(app)
