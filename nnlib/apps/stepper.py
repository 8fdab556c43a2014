"""StepperApp: walk the derivation of backprop one step at a time, on a live network.

Each step shows its formula in symbols, the same formula with the numbers in, and its value,
and lights up the units and weights it involves on the diagram. The sliders change the
numbers at once (the derivation is recomputed once per event by the Lesson); the gradient
check (backprop vs finite differences) sits beside it and marks the current weight's row.
"""
import ipywidgets as W

from ..pictures import draw, style
from .. import step_ids
from ..derivation import fmt
from ..surface import gradient_check
from .controls import ErrorBox, PresetPicker, SetupControls
from .figure import App, canvas, figure, presenter_toggle
from .state import Lesson

KIND = {"given": "given", "forward": "forward pass", "loss": "loss", "backward": "backward pass",
        "update": "gradient-descent update", "after": "forward pass with the new weights"}


def step_html(step, k, n):
    """The step as HTML with LaTeX: symbols, numbers, value (lines that would repeat are left out)."""
    lines = [f"<b>step {k + 1} of {n}</b> · {KIND.get(step.kind, step.kind)} · {step.text}"]
    lines.append(r"<div>$$%s = %s$$</div>" % (step.symbol, step.formula or fmt(step.value)))
    if step.formula and step.substituted not in (step.formula, fmt(step.value)):
        lines.append(r"<div>$$\phantom{%s} = %s$$</div>" % (step.symbol, step.substituted))
    if step.formula:
        lines.append(r"<div>$$\phantom{%s} = %s$$</div>" % (step.symbol, fmt(step.value)))
    return "\n".join(lines)


def check_html(rows, mark=None):
    """The gradient check as an HTML table; the row of parameter `mark` is highlighted."""
    head = "<tr><th>parameter</th><th>backprop</th><th>finite difference</th><th>rel. error</th></tr>"
    body = "".join(
        f"<tr style='background:{'#ffe0b3' if r.name == mark else 'none'}'><td>{r.name}</td><td>{fmt(r.backprop)}</td>"
        f"<td>{fmt(r.numeric)}</td><td>{r.rel_error:.1e}</td></tr>" for r in rows)
    return ("<b>gradient check</b>: ∂E/∂θ by backprop vs (E(θ−2h) − 8E(θ−h) + 8E(θ+h) − E(θ+2h)) / 12h"
            "<table style='font-family:monospace;border-spacing:10px 1px'>" + head + body + "</table>")


class StepperApp(App):
    """prev / next / play over `derive(setup)`; sliders change the numbers live.

    StepperApp(None | 'notes' | 'mazur' | a share string | a Setup, lesson=None); None: the
    page's ?preset= under Voila, else the notes. Headless: set `app.index.value`,
    move `app.controls.sliders[...]`, read `app.step`, `app.formula.value`, `app.checks`.
    """

    def __init__(self, setup=None, lesson=None, figure=figure):
        self.lesson = lesson if lesson is not None else Lesson(setup)
        self.errors = ErrorBox()
        self.sizes = self.lesson.setup.network.sizes
        self._make_figure(figure)
        n = len(self.lesson.now.derivation)
        self.index = W.IntSlider(0, 0, n - 1, description="step", continuous_update=True,
                                 layout=W.Layout(width="420px"))
        self.play = W.Play(0, 0, n - 1, interval=1500, description="play")
        W.link((self.play, "value"), (self.index, "value"))
        self.prev = W.Button(description="◀ prev", layout=W.Layout(width="80px"))
        self.next = W.Button(description="next ▶", layout=W.Layout(width="80px"))
        self.prev.on_click(self.errors.guard(lambda _: self.move(-1)))
        self.next.on_click(self.errors.guard(lambda _: self.move(+1)))
        self.formula = W.HTMLMath(layout=W.Layout(min_height="170px", width="440px"))
        self.checks_view = W.HTML()
        self.controls = SetupControls(self.lesson, errors=self.errors)
        self.presets = PresetPicker(self.lesson, self.errors)
        self.index.observe(self.errors.guard(self._moved), "value")
        self.lesson.observe(self.errors.guard(self._changed), "setup")
        self.show()
        view = canvas(self.fig)
        self.ui = W.VBox([
            W.HBox([self.prev, self.next, self.play, self.index]),
            W.HBox([view, self.formula], layout=W.Layout(flex_flow="row wrap")),
            W.HBox([self.presets, presenter_toggle(self)]), self.controls, self.checks_view])

    def _figsize(self):
        """(normal, presenter) inches: taller for more hidden units; presenter fits 1280×720."""
        extra = max(self.sizes[1] - 2, 0)
        return ((5.6, 3.9 + 0.6 * extra), (10.0, 6.0 + 0.5 * extra))

    def _build(self):
        """The diagram with the step's caption above it; returns the artists to blit."""
        self.fig.subplots_adjust(0.01, 0.13, 0.99, 0.9)
        ax = self.fig.add_subplot()
        self.diagram = draw.network(ax, self.sizes)
        self.caption = ax.text(0.5, 1.02, "", transform=ax.transAxes, ha="center", va="bottom", color="0.1",
                               fontsize=style.sizes()["text"])
        return self.diagram.artists() + [self.caption]

    def _refresh(self):
        self.show()

    # -- state ----------------------------------------------------------------
    @property
    def steps(self):
        return self.lesson.now.derivation.steps

    @property
    def step(self):
        """The Step shown now."""
        return self.steps[self.index.value]

    def move(self, by):
        """Go `by` steps forward (negative: back), stopping at the ends."""
        self.index.value = min(max(self.index.value + by, 0), self.index.max)

    # -- callbacks ------------------------------------------------------------
    def _moved(self, change):
        self.show_step()
        self.blitter.update()

    def _changed(self, change):
        n = len(self.steps)
        if self.index.max != n - 1:  # a preset with another number of steps
            self.index.value = min(self.index.value, n - 1)
            self.index.max = self.play.max = n - 1
        self.show()
        self.blitter.update()

    def show(self):
        """Numbers of the current setup on the diagram, the step and the check (no redraw)."""
        now = self.lesson.now
        self.diagram.set_network(now.setup.network, now.forward, now.setup.t)
        self.checks = gradient_check(now.setup.network, now.setup.x, now.setup.t)
        self.show_step()

    def show_step(self):
        step = self.step
        self.diagram.highlight(step.involves)
        self.caption.set_text(f"step {self.index.value + 1}: {step.id} = {fmt(step.value)}")
        self.formula.value = step_html(step, self.index.value, len(self.steps))
        name = step_ids.quantity(step.id) if step_ids.part(step.id) in ("grad", step_ids.NEW) else None
        self.checks_view.value = check_html(self.checks, name)

    # -- display --------------------------------------------------------------
    def summary(self):
        """The step shown, in words, with its value (the text alternative where no picture shows)."""
        step = self.step
        return (f"StepperApp: step {self.index.value + 1} of {len(self.steps)} of backprop on a "
                f"{'-'.join(map(str, self.sizes))} network: {step.text}; {step.id} = {fmt(step.value)}"
                f" (it involves {', '.join(step.involves) or 'no unit'}). (Run the notebook to step through them.)")
