"""DatasetApp (lesson 05): a 2-H-1 network learns a logic gate (XOR by default), live.

Left: the network's output over the input plane (red > 0.5 > blue), the 0.5 line (the decision
boundary) and the four samples coloured by target. Right: the loss per step. The start is
Network.random((2, H, 1), seed): the seed is shown and can be changed, so a run can be shared.
A step redraws only the output image, the 0.5 line, the title and the loss line over a saved
background (Blitter); the step axis grows in coarse steps, so most steps need no full redraw.
"""
import ipywidgets as W
import numpy as np

from .. import validate, data
from ..pictures import draw_data, draw_loss
from ..derivation import fmt
from ..network import Network
from .figure import canvas, figure, presenter_toggle
from .controls import ErrorBox, rate_slider
from .runner import TrainingApp
from ..training import Training

EXTENT = (-0.25, 1.25, -0.25, 1.25)
RATES = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)


def plane(n, extent=EXTENT):
    """The grid of the input plane as a batch: points (n*n, 2), row-major over (x2, x1)."""
    x1, x2 = np.meshgrid(np.linspace(extent[0], extent[1], n), np.linspace(extent[2], extent[3], n))
    return np.column_stack([x1.ravel(), x2.ravel()])


class DatasetApp(TrainingApp):
    """Train a (2, hidden, 1) network on a gate: step / run N / reset, seed and size pickers."""

    def __init__(self, gate="xor", hidden=2, seed=2, lr=5.0, n=81, chunk=50, figure=figure):
        self.n, self.chunk = validate.whole_number(n, "n", 2, 400), validate.whole_number(chunk, "chunk", 1)
        data.gate(gate)  # ValueError/TypeError for an unknown gate, before any widget sees it
        if isinstance(hidden, bool) or hidden not in (1, 2, 3, 4):
            raise ValueError(f"hidden must be 1, 2, 3 or 4 (hidden units), got {hidden!r}")
        seed = validate.whole_number(seed, "seed", 0, 2**31 - 1)
        lr = validate.real_number(lr, "lr", 0.0)
        self.errors = ErrorBox()
        wide = {"description_width": "initial"}
        self.gate = W.Dropdown(options=["xor", "and", "or"], value=gate, description="gate",
                               layout=W.Layout(width="130px"), style=wide)
        self.hidden = W.Dropdown(options=[1, 2, 3, 4], value=hidden, description="hidden units",
                                 layout=W.Layout(width="150px"), style=wide)
        self.seed = W.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="seed",
                                     layout=W.Layout(width="150px"), style=wide)
        self.lr = rate_slider("α", lr, RATES)
        buttons = self.buttons(500, 20000)
        self.readout = W.HTML()
        self.data = data.gate(gate)
        self.training = Training(self.start(), self.data.x, self.data.t, lr)
        self.grid = plane(self.n)
        self._make_figure(figure, relayout=lambda: self.fig.tight_layout())
        self.draw()
        guard = self.errors.guard
        for w in (self.gate, self.hidden, self.seed):
            w.observe(guard(lambda c: self.reset()), "value")
        self.lr.observe(guard(self._lr_changed), "value")
        self.ui = W.VBox([W.HBox([self.gate, self.hidden, self.seed, self.lr, presenter_toggle(self)]), buttons,
                          canvas(self.fig), self.readout, self.errors])

    def _figsize(self):
        """(normal, presenter) inches; presenter fits 1280×720."""
        return ((9.5, 4.2), (11.0, 5.8))

    def _build(self):
        """Output over the input plane with its colour bar and key; the loss per step."""
        ax1, ax2 = self.fig.subplots(1, 2)
        self.boundary = draw_data.draw_boundary(ax1, EXTENT, self.output(), self.data.x, self.data.t[:, 0])
        self.fig.colorbar(self.boundary.image, ax=ax1, label="output o (1: says 1, 0: says 0)")
        self.history = draw_loss.draw_series(ax2, ["E"], [[self.training.loss]], "E (log scale)", logy=True)
        ax2.set_title("loss per step (mean over the 4 samples)")
        self.fig.tight_layout()
        return lambda: self.boundary.artists() + self.history.lines + [ax1.title]

    def _refresh(self):
        self.draw(full=True)

    def start(self):
        """The starting network for the current size and seed."""
        return Network.random((2, self.hidden.value, 1), seed=self.seed.value)

    def output(self):
        """The current network's output on the plane grid, (n, n)."""
        return self.training.net.forward(self.grid).a2[:, 0].reshape(self.n, self.n)

    # -- state changes -------------------------------------------------------------
    def _lr_changed(self, change):
        self.training.lr = (change.new, change.new)
        self.draw()

    def reset(self):
        """Start again from the seed's network (on the chosen gate)."""
        self.runner.stop()
        self.data = data.gate(self.gate.value)
        self.boundary.set_targets(self.data.t[:, 0])
        self.training = Training(self.start(), self.data.x, self.data.t, self.lr.value)
        self.draw(full=True)  # the samples' colours and labels are in the background

    # -- drawing -------------------------------------------------------------------
    def draw(self, full=False):
        """Update the artists from the training state; blit, or a full redraw when `full`."""
        tr = self.training
        self.boundary.set_output(self.output())
        self.history.set_series(np.maximum(np.array(tr.losses)[:, None], 1e-16), logy=True)
        a2 = tr.net.forward(self.data.x).a2[:, 0]
        rows = "".join(f"<td>x = ({x[0]:g}, {x[1]:g}), t = {t:g}: o = {a:.3f} "
                       f"{'✓' if (a > 0.5) == (t > 0.5) else '✗'}</td>"
                       for x, t, a in zip(self.data.x, self.data.t[:, 0], a2))
        right = data.accuracy(tr.net, self.data)
        self.boundary.set_wrong((a2 > 0.5) != (self.data.t[:, 0] > 0.5))
        n_right = int(round(4 * right))
        self.boundary.image.axes.title.set_text(f"{self.data.name.upper()}, 2-{self.hidden.value}-1, "
                                                f"seed {self.seed.value}: step {tr.steps}, {n_right}/4 right")
        self.readout.value = (f"step {tr.steps}: E = {fmt(tr.loss)} · {int(round(4 * right))} of 4 right"
                              f"<table><tr>{rows}</tr></table>")
        self.blitter.update(full)

    def summary(self):
        """The figure in words, with its numbers (the text alternative where no picture shows)."""
        tr = self.training
        a2 = tr.net.forward(self.data.x).a2[:, 0]
        verdict = lambda a, t: "right" if (a > 0.5) == (t > 0.5) else "wrong"
        rows = "; ".join(f"x = ({x[0]:g}, {x[1]:g}), t = {t:g}: o = {a:.3f} {verdict(a, t)}"
                         for x, t, a in zip(self.data.x, self.data.t[:, 0], a2))
        return (f"DatasetApp: {self.data.name} with a 2-{self.hidden.value}-1 network, seed {self.seed.value}: "
                f"step {tr.steps}, E = {fmt(tr.loss)}. {rows}. (Run the notebook to use it.)")
