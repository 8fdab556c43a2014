"""SweepApp: backprop as the backward sweep, stage by stage, live on the diagram.

The diagram carries every δ (on its unit) and every ∂E/∂w (on its edge) reached so far; a
stepper walks the stages in layer order (prev / next / play), the current stage's units and
edges lit and its formulas, in symbols and with the numbers, beside it. A toggle walks the
notes' order instead (the 108 steps of the handwritten derivation). A mistake switch computes
the sweep a classic wrong way; the check compares its gradients with finite differences and
shows the loss after the step it would take. The check and the numbers appear only once the
sweep has reached them, so a lesson can ask students to predict them first.
"""
import html

import ipywidgets as W

from ..pictures import draw_sweep, style
from ..formulas import fmt
from ..surface import gradient_check
from ..sweep import MISTAKES, Sweep, compare
from .controls import ErrorBox, PresetPicker, SetupControls
from .figure import App, canvas, figure, presenter_toggle
from .formula_panel import FormulaPanel
from .state import Lesson
from .stepper import KIND

CHECK_FROM = 5   # the stage from which every gradient is known and the check is shown


def stage_title(k, n, stage):
    """'stage 3 of 6: ...'; stage 0 is the forward pass the sweep starts from."""
    return f"stage {k} of {n}: {stage.title}" if k else f"stage 0: {stage.title}, before the sweep"


def deltas_text(sweep, units):
    """'δ_o1 = ... · δ_h1 = ...' for the units in `units`, outputs first."""
    d = [(f"o{k + 1}", v) for k, v in enumerate(sweep.delta2)] + [(f"h{j + 1}", v) for j, v in enumerate(sweep.delta1)]
    return " · ".join(f"δ_{u} = {fmt(v)}" for u, v in d if u in units)


def effect_html(sweep, right, numeric):
    """The sweep's gradients against finite differences (✔ / ✘), and E before and after its step."""
    rows = "".join(
        f"<tr{'' if ok else ' style=background:#fbd3c4'}><td>{name}</td><td>{fmt(g)}</td><td>{fmt(num)}</td>"
        f"<td>{'✔ agree' if ok else '✘ WRONG'}</td></tr>" for name, g, num, ok in compare(sweep, numeric))
    head = "<tr><th>parameter</th><th>this sweep's ∂E/∂θ</th><th>finite difference</th><th>check</th></tr>"
    verdict = "down" if sweep.loss_after < sweep.loss_before else "UP"
    return (f"<b>Check ({html.escape(MISTAKES[sweep.mistake])})</b>: each gradient against a finite "
            "difference of the loss (✔: they agree to 6 digits)"
            "<table style='font-family:monospace;border-spacing:10px 1px'>" + head + rows + "</table>"
            f"E before the step = {fmt(sweep.loss_before)} · after this sweep's step = {fmt(sweep.loss_after)}"
            f" ({verdict}) · after the right step = {fmt(right.loss_after)}")


class SweepApp(App):
    """The backward sweep on a live network; SweepApp(None | 'notes' | 'mazur' | a Setup, lesson=None);
    None: the setup in a Voilà page's ?preset=, else the notes.

    Headless: set `app.index.value` (the stage 0..6, or the notes' step 1..108), `app.order.value`
    ('sweep' | 'notes'), `app.mistake.value` (a key of MISTAKES, "none" for None), move
    `app.controls.sliders[...]`; read `app.sweep`, `app.stage`, `app.formula.value`,
    `app.deltas.value`, `app.effect.value` and the diagram's artists.
    """

    def __init__(self, setup=None, lesson=None, figure=figure):
        self.lesson = lesson if lesson is not None else Lesson(setup)
        self.errors = ErrorBox()
        self.sizes = self.lesson.setup.network.sizes
        self.sweep = Sweep(self.lesson.setup)
        self._make_figure(figure)
        self.order = W.ToggleButtons(options=[("backward sweep", "sweep"), ("the notes' order", "notes")],
                                     value="sweep", description="order")
        # a Dropdown shows a None value as an empty box: "none" stands for no mistake here
        self.mistake = W.Dropdown(options=[(label, key or "none") for key, label in MISTAKES.items()], value="none",
                                  description="mistake", layout=W.Layout(width="560px"))
        # sweep order: stage 0 is the forward pass, 1..6 the sweep; the notes' order: steps 1..108
        self.index = W.IntSlider(0, 0, len(self.sweep) - 1, description="stage", layout=W.Layout(width="360px"))
        self.play = W.Play(0, 0, len(self.sweep) - 1, interval=2500, description="play")
        W.link((self.play, "value"), (self.index, "value"))
        self.prev = W.Button(description="◀ prev", layout=W.Layout(width="80px"))
        self.next = W.Button(description="next ▶", layout=W.Layout(width="80px"))
        self.formula = FormulaPanel(layout=W.Layout(min_height="220px", width="520px"))
        self.deltas, self.effect = W.HTML(), W.HTML()
        self.controls = SetupControls(self.lesson, errors=self.errors)
        self.presets = PresetPicker(self.lesson, self.errors)
        guard = self.errors.guard
        self.prev.on_click(guard(lambda _: self.move(-1)))
        self.next.on_click(guard(lambda _: self.move(+1)))
        self.index.observe(guard(lambda _: self._redraw()), "value")
        self.order.observe(guard(self._order_changed), "value")
        self.mistake.observe(guard(lambda _: self._recompute()), "value")
        self.lesson.observe(guard(lambda _: self._recompute(numeric=True)), "setup")
        self._recompute(numeric=True, draw=False)
        self.ui = W.VBox([
            W.HBox([self.order, self.mistake, presenter_toggle(self)], layout=W.Layout(flex_flow="row wrap")),
            W.HBox([self.prev, self.next, self.play, self.index]),
            W.HBox([canvas(self.fig), self.formula], layout=W.Layout(flex_flow="row wrap")),
            self.deltas, self.effect, self.presets, self.controls])

    def _figsize(self):
        """(normal, presenter) inches; presenter fits 1280×720."""
        n = max(self.sizes)
        return (8.0, 2.2 + 1.3 * n), (11.0, min(7.0, 2.8 + 1.6 * n))

    def _build(self):
        """The diagram, the stage's caption above it and the colour key below; the artists to blit."""
        self.fig.subplots_adjust(0.01, 0.2, 0.99, 0.9)
        ax = self.fig.add_subplot()
        S = style.sizes()
        # in the Axes, not the figure: savefig (the saved picture) leaves out animated figure texts
        self.caption = ax.text(0.0, 1.04, "", transform=ax.transAxes, fontsize=S["title"] + 1.5, weight="bold",
                               va="bottom")
        ax.text(0.0, -0.06, draw_sweep.KEY, transform=ax.transAxes, fontsize=S["small"] + 0.5, va="top", color="0.15")
        self.diagram = draw_sweep.sweep_diagram(ax, self.sweep.params, self.sizes)
        return self.diagram.artists() + [self.caption]

    def _refresh(self):
        self._redraw(draw=False)

    # -- state ------------------------------------------------------------------------
    @property
    def steps(self):
        """What the stepper walks: the sweep's stages, or the notes' derivation steps."""
        return self.sweep.stages if self.order.value == "sweep" else self.lesson.now.derivation.steps

    @property
    def stage(self):
        """The Stage (sweep order) or derivation Step (notes' order) shown now."""
        return self.steps[self.index.value - (self.order.value == "notes")]

    def move(self, by):
        """Go `by` stages forward (negative: back), stopping at the ends."""
        self.index.value = min(max(self.index.value + by, self.index.min), self.index.max)

    @property
    def numeric(self):
        """{parameter: finite-difference gradient} for the current setup (weights, and biases if shown)."""
        if self._numeric is None:
            setup = self.lesson.setup
            shown = [p.name for p in self.sweep.params if p.theta or self.sweep.show_biases]
            self._numeric = {r.name: r.numeric for r in gradient_check(setup.network, setup.x, setup.t)
                             if r.name in shown}
        return self._numeric

    def view(self):
        """What the diagram shows now (see draw_sweep.stage_view / notes_view)."""
        if self.order.value == "sweep":
            return draw_sweep.stage_view(self.sweep.params, self.index.value)
        done = {s.id for s in self.steps[:self.index.value]}
        return draw_sweep.notes_view(self.sweep.params, done)

    # -- callbacks --------------------------------------------------------------------
    def _order_changed(self, change):
        notes = change.new == "notes"
        lo, hi = (1, len(self.steps)) if notes else (0, len(self.steps) - 1)
        with self.index.hold_trait_notifications():   # one redraw, at the first stage or step
            self.index.min, self.index.max = min(lo, self.index.min), max(hi, self.index.max)
            self.index.value = lo
            self.index.min, self.index.max = lo, hi
        self.play.min, self.play.max = lo, hi
        self.index.description = "step" if notes else "stage"
        self._redraw()

    def _recompute(self, numeric=False, draw=True):
        setup = self.lesson.setup
        mistake = None if self.mistake.value == "none" else self.mistake.value
        self.sweep = Sweep(setup, mistake)
        self.right = self.sweep if mistake is None else Sweep(setup)
        if numeric:
            self._numeric = None   # finite differences of this setup, computed when first shown
        if self.order.value == "notes":   # another preset can have another number of steps
            self.index.max = self.play.max = len(self.steps)
        self._redraw(draw)

    def _redraw(self, draw=True):
        k, n = self.index.value, len(self.steps)
        view = self.view()
        if self.order.value == "sweep":
            stage = self.stage
            self.diagram.set_sweep(self.sweep, view, stage.places)
            self.caption.set_text(f"Backward sweep, {stage_title(k, n - 1, stage)}")
            self.formula.show(f"<b>{html.escape(stage_title(k, n - 1, stage))}</b><br><i>{html.escape(stage.idea)}</i>",
                              stage.quantities)
        else:
            step = self.stage
            self.diagram.set_sweep(self.sweep, view, step.involves)
            self.caption.set_text(f"The notes' order, step {k} of {n}")
            self.formula.show(f"<b>step {k} of {n}</b> · {KIND.get(step.kind, step.kind)} · {step.text}", [step])
        if self.order.value == "notes":
            self.deltas.value = "<i>The notes name no δ: each weight's chain rule is written out on its own.</i>"
        else:
            self.deltas.value = f"<b>Error signals so far</b>: {deltas_text(self.sweep, view[1]) or '(none yet)'}"
        every_gradient = all(kind != "weight" for kind in view[0].values())
        if every_gradient or self.mistake.value != "none":
            self.effect.value = effect_html(self.sweep, self.right, self.numeric)
        else:
            self.effect.value = (f"<i>The check of every gradient against finite differences, and the loss after "
                                 f"the step, appear once the sweep has computed every gradient (stage {CHECK_FROM}), "
                                 f"or when you switch on a mistake.</i>")
        if draw:
            self.blitter.update()

    def summary(self):
        s = self.sweep
        return (f"SweepApp: the backward sweep on a {'-'.join(map(str, self.sizes))} network, {len(s) - 1} stages "
                f"after the forward pass; one step takes E from {fmt(s.loss_before)} to {fmt(s.loss_after)} "
                f"(run the notebook to step through it)")
