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

from .. import validate, params
from ..pictures import draw_loss, style
from ..derivation import fmt
from ..limits import box
from ..surface import loss_surface
from .figure import canvas, figure, presenter_toggle
from .controls import RATES, SLIDER, ErrorBox, SetupControls, rate_options, reject_unless
from .later import DragClock
from .runner import TrainingApp
from .state import Lesson
from ..training import Training

FLOOR = 1e-16  # the log-scale loss plot shows max(E, FLOOR): E can reach exactly 0
PER_LAYER = "per layer"  # what the 'α both layers' slider shows while the two rates differ


def both_value(lr):
    """The 'α both layers' slider's value for rates (hidden, output): the rate, or PER_LAYER."""
    return lr[0] if lr[0] == lr[1] else PER_LAYER


class DescentApp(TrainingApp):
    """Step / run N / reset gradient descent on the Lesson's (x, t) with its learning rates."""

    def __init__(self, setup=None, p="w5", q="w7", n=61, lesson=None, chunk=10, figure=figure):
        self.lesson = lesson or Lesson(setup)
        self.n, self.chunk = validate.whole_number(n, "n", 2, 1000), validate.whole_number(chunk, "chunk", 1)
        self.errors = ErrorBox()
        s = self.lesson.setup
        self.training = Training(s.network, s.x, s.t, s.lr, s.update_biases)
        self.names = [x.name for x in params.all_params(s.network.sizes)
                      if x.theta or s.update_biases]
        p, q = self._pair(p, q, s.network.sizes)
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
        self.boxes = (None, None)
        self._make_figure(figure, relayout=lambda: self.fig.tight_layout(w_pad=3.0))
        self.draw()
        guard = self.errors.guard
        self._alpha_clock = DragClock()
        self.alpha.observe(guard(self._alpha_moved), "value")
        self.lesson.observe(guard(self._lesson_changed), "setup")
        for w in (self.p, self.q):
            w.observe(guard(self._picked), "value")
        self.ui = W.VBox([W.HBox([self.alpha, self.p, self.q, presenter_toggle(self)]), self.controls, buttons,
                          canvas(self.fig), self.readout])

    def _pair(self, p, q, sizes):
        """The names of the two parameters the path is drawn over: both updated, and different."""
        p, q = (params.find(v, sizes).name for v in (p, q))
        for v in (p, q):
            if v not in self.names:
                raise ValueError(f"{v} does not change in this setup (biases are not updated); pick from {self.names}")
        if p == q:
            raise ValueError(f"p and q must be two different parameters, got {p} twice")
        return p, q

    def _figsize(self):
        """(normal, presenter) inches; presenter fits 1280×720."""
        return ((12, 4.0), (11.0, 7.0))

    def _build(self):
        """Loss per step, the path on E over (p, q) with a colour bar, the parameters over time."""
        s = self.lesson.setup
        sizes = s.network.sizes
        if style.presenting_now():  # two rows: 14 pt labels leave three panels in a row too narrow
            grid = self.fig.add_gridspec(2, 2)
            ax1, ax2, ax3 = (self.fig.add_subplot(g) for g in (grid[0, 0], grid[0, 1], grid[1, :]))
        else:
            ax1, ax2, ax3 = self.fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1.15, 1]})
        self.history = draw_loss.draw_series(ax1, ["E"], [[self.training.loss]], "E (log scale)", logy=True)
        self.surface = draw_loss.draw_surface(ax2, self.p.value, self.q.value, [0, 1], [0, 1], np.zeros((2, 2)),
                                              path=True)
        self.fig.colorbar(self.surface.image, ax=ax2, label="E (from 0)", format=draw_loss.SHORT)
        styles = [style.param_style(params.find(n, sizes), sizes) for n in self.names]
        key = style.param_key(sizes, len(self.names) > len(styles) or any(n.startswith("b") for n in self.names))
        self.weights = draw_loss.draw_series(ax3, self.names, self.training.series(self.names), "value",
                                             styles=styles, key=None if len(self.names) <= 12 else key,
                                             ncol=2 if style.presenting_now() else 1)
        # α is in this title: blitted (animated), so the α slider redraws the title, not the figure
        self.alpha_title = ax1.set_title(self._alpha_title())
        ax3.set_title("parameters over time")
        self.fig.tight_layout(w_pad=3.0)
        self._surface_key = None
        return lambda: self.history.lines + self.surface.artists() + self.weights.lines + [self.alpha_title]

    def _alpha_moved(self, change):
        """'α both layers' sets both rates; dragged in the browser, what need not follow every frame
        (the rate sliders, the share string) waits until the drag pauses."""
        if change.new == PER_LAYER:
            return
        self.lesson.dragging = self._alpha_clock.dragging(self.alpha)
        try:
            self.lesson.set_lr(change.new)
        finally:
            self.lesson.dragging = False

    def _alpha_title(self):
        lr = self.lesson.setup.lr
        return f"loss per step\nα = {fmt(lr[0])} (x→h), {fmt(lr[1])} (h→o)"

    def _refresh(self):
        self.boxes = (None, None)
        self._surface_key = None
        self.draw()

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
        key = (pair, self.boxes[1], tr.net, tr.x.tobytes(), tr.t.tobytes())
        if key != self._surface_key:  # e.g. a new rate alone: the same surface, not computed again
            ps, qs = (np.linspace(*b, self.n) for b in self.boxes[1])
            self.surface.set_grid(ps, qs, loss_surface(tr.net, tr.x, tr.t, *pair, ps, qs))
            self._surface_key = key
        self.surface.set_path(W_t[:, i], W_t[:, j])
        self.surface.set_point(W_t[-1, i], W_t[-1, j])
        ax = self.surface.image.axes
        ax.set_xlabel(self.p.value)
        ax.set_ylabel(self.q.value)
        ax.title.set_text(f"path over ({self.p.value}, {self.q.value})")
        self.alpha_title.set_text(self._alpha_title())
        self.readout.value = (f"step {tr.steps}: E = {fmt(tr.loss)} · α = ({fmt(s.lr[0])}, {fmt(s.lr[1])})"
                              f" (hidden, output) · steps where E went up: {tr.rises()}")
        self.blitter.update()

    def summary(self):
        """The figure in words, with its numbers (the text alternative where no picture shows)."""
        tr, lr = self.training, self.lesson.setup.lr
        net, p, q = tr.net, self.p.value, self.q.value
        return (f"DescentApp: step {tr.steps}, E = {fmt(tr.loss)} (E at the start {fmt(tr.losses[0])}), "
                f"α = {fmt(lr[0])} (x→h) and {fmt(lr[1])} (h→o); steps where E went up: {tr.rises()}. "
                f"The path over ({p}, {q}) is now at {p} = {fmt(net[p])}, {q} = {fmt(net[q])}. "
                f"(Run the notebook to use it.)")
