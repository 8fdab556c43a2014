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

from .. import draw_loss, params
from ..derivation import fmt
from ..surface import loss_surface
from .figure import App, Blitter, canvas, figure
from .controls import ErrorBox, SetupControls, rate_slider
from .runner import ChunkedRun
from .state import Lesson
from .training import Training

FLOOR = 1e-16  # the log-scale loss plot shows max(E, FLOOR): E can reach exactly 0


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


class DescentApp(App):
    """Step / run N / reset gradient descent on the Lesson's (x, t) with its learning rates."""

    def __init__(self, setup="notes", p="w5", q="w7", n=61, lesson=None, chunk=10):
        self.lesson = lesson or Lesson(setup)
        self.n, self.chunk = int(n), int(chunk)
        self.errors = ErrorBox()
        s = self.lesson.setup
        self.training = Training(s.network, s.x, s.t, s.lr, s.update_biases)
        self.names = [x.name for x in params.all_params(s.network.sizes)
                      if x.theta or s.update_biases]
        self.controls = SetupControls(self.lesson, parts=("lr",), errors=self.errors)
        self.alpha = rate_slider("α both layers", s.lr[1])
        pick = dict(options=self.names, layout=W.Layout(width="140px"), style={"description_width": "initial"})
        self.p = W.Dropdown(value=params.find(p, s.network.sizes).name, description="path over", **pick)
        self.q = W.Dropdown(value=params.find(q, s.network.sizes).name, description="and", **pick)
        self.steps = W.BoundedIntText(value=50, min=1, max=5000, description="N", layout=W.Layout(width="130px"))
        self.step_button = W.Button(description="step", icon="step-forward")
        self.run_button = W.Button(description="run N", icon="play")
        self.reset_button = W.Button(description="reset", icon="undo")
        self.readout = W.HTML()
        self.runner = ChunkedRun(self.errors)
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
        self.alpha.observe(guard(lambda c: self.lesson.set_lr(c.new)), "value")
        self.lesson.observe(guard(self._lesson_changed), "setup")
        for w in (self.p, self.q):
            w.observe(guard(lambda c: self.draw()), "value")
        self.step_button.on_click(guard(lambda b: self.train(1)))
        self.run_button.on_click(guard(self._run_clicked))
        self.reset_button.on_click(guard(lambda b: self.reset()))
        buttons = W.HBox([self.step_button, self.steps, self.run_button, self.reset_button])
        self.ui = W.VBox([W.HBox([self.alpha, self.p, self.q]), self.controls, buttons,
                          canvas(self.fig), self.readout])

    # -- state changes -------------------------------------------------------------
    def _lesson_changed(self, change):
        self.training.lr = change.new.lr
        self.draw()

    def train(self, steps):
        """Take `steps` steps at once and draw (what the notebook calls; the buttons too)."""
        try:
            self.training.run(steps)
        finally:
            self.draw()

    def reset(self):
        self.runner.stop()
        self.training.reset(self.lesson.setup.network)
        self.draw()

    def _run_clicked(self, button):
        if self.runner.running:  # a second click stops the run
            self.runner.stop()
            return
        self.run_button.description = "stop"
        self.runner.start(self.steps.value, self.chunk, self.training.run, self.draw, done=self._run_done)

    def _run_done(self):
        self.run_button.description = "run N"

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
