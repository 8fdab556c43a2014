"""DescentApp (lesson 04): gradient descent you can step, run and reset, with live plots.

State is a `Training` (networks visited, losses) started from the Lesson's network; the
Lesson also holds the learning rates (per layer, as the notes use). Panels: the loss per step
(log scale), the path on the loss surface of a chosen pair of parameters (the surface is
E at the current values of all the other parameters), and every weight over time. Every
panel changes with a step, but its axes only now and then (they grow in coarse steps), so a
step redraws only the lines, the surface and the point over a saved background (Blitter).
"""
import ipywidgets as W
import numpy as np

from .. import checks, draw_loss, params
from ..derivation import fmt
from ..surface import loss_surface
from .figure import Blitter, canvas, figure
from .controls import RATES, SLIDER, ErrorBox, SetupControls, rate_options, reject_unless
from .runner import TrainingApp
from .state import Lesson
from .training import Training

FLOOR = 1e-16  # the log-scale loss plot shows max(E, FLOOR): E can reach exactly 0
PER_LAYER = "per layer"  # what the 'α both layers' slider shows while the two rates differ


def both_value(lr):
    """The 'α both layers' slider's value for rates (hidden, output): the rate, or PER_LAYER."""
    return lr[0] if lr[0] == lr[1] else PER_LAYER


def box(values, current=None, margin=0.5):
    """(lo, hi) around `values` with a margin m (at least `margin`, 15% of their spread); the
    `current` box while the values stay m/4 inside it and it is not over twice what it needs."""
    lo, hi = float(np.min(values)), float(np.max(values))
    m = max(margin, 0.15 * (hi - lo))
    if current is not None:
        c0, c1 = current
        if c0 + m / 4 <= lo and hi <= c1 - m / 4 and c1 - c0 <= 2 * (hi - lo + 2 * m):
            return current
    return lo - m, hi + m


class DescentApp(TrainingApp):
    """Step / run N / reset gradient descent on the Lesson's (x, t) with its learning rates."""

    def __init__(self, setup=None, p="w5", q="w7", n=61, lesson=None, chunk=10):
        self.lesson = lesson or Lesson(setup)
        self.n, self.chunk = checks.whole_number(n, "n", 2, 1000), checks.whole_number(chunk, "chunk", 1)
        self.errors = ErrorBox()
        s = self.lesson.setup
        self.training = Training(s.network, s.x, s.t, s.lr, s.update_biases)
        self.names = [x.name for x in params.all_params(s.network.sizes)
                      if x.theta or s.update_biases]
        p, q = (params.find(v, s.network.sizes).name for v in (p, q))
        for v in (p, q):
            if v not in self.names:
                raise ValueError(f"{v} does not change in this setup (biases are not updated); pick from {self.names}")
        if p == q:
            raise ValueError(f"p and q must be two different parameters, got {p} twice")
        self.controls = SetupControls(self.lesson, parts=("lr",), errors=self.errors)
        self.alpha = W.SelectionSlider(options=[(PER_LAYER, PER_LAYER)] + rate_options(s.lr[0], RATES + s.lr[1:]),
                                       index=1, description="α both layers",
                                       **{k: v for k, v in SLIDER.items() if k != "readout_format"})
        self.alpha.value = both_value(s.lr)  # set after: ipywidgets leaves the label empty for index 0 at creation
        pick = dict(options=self.names, layout=W.Layout(width="140px"), style={"description_width": "initial"})
        self.p = W.Dropdown(value=params.find(p, s.network.sizes).name, description="path over", **pick)
        self.q = W.Dropdown(value=params.find(q, s.network.sizes).name, description="and", **pick)
        buttons = self.buttons(50, 5000)
        self.readout = W.HTML()
        self.fig = figure((12, 3.6))
        ax1, ax2, ax3 = self.fig.subplots(1, 3)
        self.history = draw_loss.draw_series(ax1, ["E"], [[s.loss()]], "E (log scale)", logy=True)
        self.surface = draw_loss.draw_surface(ax2, self.p.value, self.q.value, [0, 1], [0, 1], np.zeros((2, 2)))
        self.weights = draw_loss.draw_series(ax3, self.names, self.training.series(self.names), "value")
        ax1.set_title("loss per step", fontsize=10)
        ax3.set_title("parameters over time", fontsize=10)
        self.fig.tight_layout()
        self.boxes = (None, None)
        self.blitter = Blitter(self.fig, lambda: self.history.lines + self.surface.artists() + self.weights.lines)
        self.draw()
        guard = self.errors.guard
        self.alpha.observe(guard(lambda c: c.new == PER_LAYER or self.lesson.set_lr(c.new)), "value")
        self.lesson.observe(guard(self._lesson_changed), "setup")
        for w in (self.p, self.q):
            w.observe(guard(self._picked), "value")
        self.ui = W.VBox([W.HBox([self.alpha, self.p, self.q]), self.controls, buttons,
                          canvas(self.fig), self.readout])

    # -- state changes -------------------------------------------------------------
    def _picked(self, change):
        reject_unless(self.p.value != self.q.value, change,
                      f"pick two different parameters for the path (both were {change.new}); kept {change.old}")
        self.draw()

    def _lesson_changed(self, change):
        old, new = change.old, change.new
        if (old.network, old.x, old.t, old.update_biases) != (new.network, new.x, new.t, new.update_biases):
            self.runner.stop()  # another setup (e.g. pasted in the share box): start again from it
            self.training = Training(new.network, new.x, new.t, new.lr, new.update_biases)
        self.training.lr = new.lr
        both = both_value(new.lr)
        self.alpha.value = both if both in [v for _, v in self.alpha.options] else PER_LAYER
        self.draw()

    def reset(self):
        self.runner.stop()
        self.training.reset(self.lesson.setup.network)
        self.draw()

    # -- drawing -------------------------------------------------------------------
    def draw(self):
        """Update every artist from the training state; one draw_idle."""
        tr, s = self.training, self.lesson.setup
        if self.p.value == self.q.value:
            raise ValueError(f"pick two different parameters for the path (both are {self.p.value})")
        self.history.set_series(np.maximum(np.array(tr.losses)[:, None], FLOOR), logy=True)
        W_t = tr.series(self.names)
        self.weights.set_series(W_t)
        i, j = self.names.index(self.p.value), self.names.index(self.q.value)
        pair = (self.p.value, self.q.value)
        old = self.boxes[1] if self.boxes[0] == pair else (None, None)
        self.boxes = (pair, (box(W_t[:, i], old[0]), box(W_t[:, j], old[1])))
        ps, qs = (np.linspace(*b, self.n) for b in self.boxes[1])
        self.surface.set_grid(ps, qs, loss_surface(tr.net, tr.x, tr.t, self.p.value, self.q.value, ps, qs))
        self.surface.set_path(W_t[:, i], W_t[:, j])
        self.surface.set_point(W_t[-1, i], W_t[-1, j])
        ax = self.surface.image.axes
        ax.set_xlabel(self.p.value)
        ax.set_ylabel(self.q.value)
        ax.set_title(f"path over ({self.p.value}, {self.q.value})", fontsize=10)
        self.readout.value = (f"step {tr.steps}: E = {fmt(tr.loss)} · α = ({fmt(s.lr[0])}, {fmt(s.lr[1])})"
                              f" (hidden, output) · steps where E went up: {tr.rises()}")
        self.blitter.update()

    def summary(self):
        tr = self.training
        return f"DescentApp: step {tr.steps}, E = {fmt(tr.loss)}, lr = {self.lesson.setup.lr} (run the notebook to use it)"
