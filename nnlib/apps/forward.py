"""ForwardApp: every weight, bias, input and target on a slider; the forward pass redrawn live.

One figure (diagram, sigmoid with operating points, outputs vs targets) made once; each slider
event changes the Lesson, which computes the forward pass once (`lesson.now`), then only the
artists' data and the numbers table are updated. The table's numbers are the derivation's
forward steps computed alone (`forward_numbers`: the same operations in the same order, so the
same floats), not the whole derivation with its backward pass (a few ms per update).
"""
import ipywidgets as W

from .. import params
from ..pictures import draw, draw_units, style
from ..derivation import fmt
from ..formulas import OPS
from .controls import ErrorBox, PresetPicker, SetupControls
from .figure import App, canvas, figure, presenter_toggle
from .state import Lesson


def forward_numbers(setup):
    """{step id: value} of the derivation's forward steps for `setup` (z_h1, a_h1, .., z_o1, o1, t1,
    E_o1, .., E), computed as nnlib.derivation computes them: each z a math.fsum of w·a terms in
    the parameters' order (biases last), then the Choice's activation and loss ops."""
    net, choice, sizes = setup.network, setup.network.choice, setup.network.sizes
    acts = {f"x{i + 1}": float(v) for i, v in enumerate(setup.x)}
    out = {f"t{k + 1}": float(v) for k, v in enumerate(setup.t)}
    ps = params.all_params(sizes)
    for layer, unit, f in ((1, "h", choice.hidden), (2, "o", choice.output)):
        for j in range(sizes[layer]):
            u = f"{unit}{j + 1}"
            z = OPS["sum"]([OPS["mul"]((net[p.name], acts[p.source])) if p.source else net[p.name]
                            for p in ps if p.target == u])
            acts[u] = OPS[f]([z])
            out[f"z_{u}"] = z
            out[f"o{j + 1}" if unit == "o" else f"a_{u}"] = acts[u]
    loss = "half_sq" if choice.loss == "squared" else "cross_entropy"
    per = [OPS[loss]((out[f"t{k + 1}"], acts[f"o{k + 1}"])) for k in range(sizes[2])]
    out.update({f"E_o{k + 1}": e for k, e in enumerate(per)}, E=OPS["sum"](per))
    return out


def numbers_table(d, sizes, loss="squared"):
    """HTML table of the worked example's forward numbers from `d`: forward_numbers(setup) (then
    `loss` names the setup's loss), or a Derivation (its own choice's loss)."""
    if hasattr(d, "steps"):
        d, loss = {s.id: s.value for s in d.steps}, d.choice.loss
    row = lambda u, z, a, extra="": f"<tr><td>{u}</td><td>{fmt(z)}</td><td>{fmt(a)}</td>{extra}</tr>"
    rows = [row(f"h{j}", d[f"z_h{j}"], d[f"a_h{j}"], "<td></td><td></td>") for j in range(1, sizes[1] + 1)]
    rows += [row(f"o{k}", d[f"z_o{k}"], d[f"o{k}"],
                 f"<td>{fmt(d[f't{k}'])}</td><td>{fmt(d[f'E_o{k}'])}</td>") for k in range(1, sizes[2] + 1)]
    per = "½(t − o)²" if loss == "squared" else "−[t ln o + (1 − t) ln(1 − o)]"
    head = f"<tr><th>unit</th><th>z</th><th>a (o)</th><th>target t</th><th>{per}</th></tr>"
    total = f"<tr><td colspan=4><b>E = Σ {per}</b></td><td><b>{fmt(d['E'])}</b></td></tr>"
    return ("<table style='font-family:monospace;border-spacing:10px 2px'>" + head + "".join(rows) + total
            + "</table>")


class ForwardApp(App):
    """Sliders -> live diagram, sigmoid operating points, outputs vs targets, and the numbers.

    ForwardApp(None | 'notes' | 'mazur' | a share string | a Setup, lesson=None); None: the
    page's ?preset= under Voila, else the notes. Headless, drive it through
    `app.controls.sliders['w5'].value = ...` and read `app.lesson.now` and the artists.
    """

    def __init__(self, setup=None, lesson=None, figure=figure):
        self.lesson = lesson if lesson is not None else Lesson(setup)
        self.errors = ErrorBox()
        sizes = self.lesson.setup.network.sizes
        self.sizes = sizes
        self._make_figure(figure)
        self.numbers = W.HTML()
        self.presets = PresetPicker(self.lesson, self.errors)
        self.controls = SetupControls(self.lesson, parts=("weights", "biases", "inputs", "targets"),
                                      errors=self.errors)
        self.lesson.observe(self.errors.guard(self._changed), "setup")
        self.show(self.lesson.now)
        view = canvas(self.fig)
        self.ui = W.VBox([W.HBox([self.presets, presenter_toggle(self)]), self.controls, view, self.numbers])

    def _figsize(self):
        """(normal, presenter) inches: taller for more hidden units; presenter fits 1280×720."""
        extra = max(self.sizes[1] - 2, 0)
        return ((9.0, 4.3 + 0.6 * extra), (11.0, 5.8 + 0.4 * extra))

    def _build(self):
        """Diagram on the left, sigmoid and output bars on the right; returns the artists to blit."""
        sizes = self.sizes
        ratio = 1.9 if style.presenting_now() else 1.5  # the diagram gets more room for 14 pt labels
        grid = self.fig.add_gridspec(2, 2, width_ratios=(ratio, 1), hspace=0.5, left=0.01, right=0.98,
                                     top=0.92, bottom=0.11, wspace=0.18)
        self.diagram = draw.network(self.fig.add_subplot(grid[:, 0]), sizes)
        units = [f"h{j + 1}" for j in range(sizes[1])] + [f"o{k + 1}" for k in range(sizes[2])]
        self.curve = draw_units.sigmoid_curve(self.fig.add_subplot(grid[0, 1]), units)
        self.bars = draw_units.output_bars(self.fig.add_subplot(grid[1, 1]), sizes[2])
        return self.diagram.artists() + self.curve.artists() + self.bars.artists()

    def _refresh(self):
        self.show(self.lesson.now)

    def _changed(self, change):
        self.show(self.lesson.now)
        self.blitter.update(full=change.old.choice != change.new.choice)  # other curves: not blitted

    def show(self, now):
        """Put the numbers of Snapshot `now` on every artist and in the table (no redraw)."""
        s, f = now.setup, now.forward
        self.diagram.set_network(s.network, f, s.t)
        if self.curve.functions != (s.choice.hidden, s.choice.output):
            self.curve.set_functions(s.choice.hidden, s.choice.output)
        self.curve.set_points(list(f.z1) + list(f.z2), list(f.a1) + list(f.a2))
        self.bars.set_outputs(f.a2, s.t, now.loss)
        self.numbers.value = numbers_table(forward_numbers(s), self.sizes, s.choice.loss)

    def summary(self):
        """The figure in words, with its numbers (the text alternative where no picture shows)."""
        s, f, n = self.lesson.setup, self.lesson.now.forward, "-".join(map(str, self.sizes))
        v = lambda xs: "(" + ", ".join(fmt(round(float(x), 4)) for x in xs) + ")"
        weights = ", ".join(f"{p.name} = {fmt(round(s.network[p.name], 4))}" for p in self.diagram.weights)
        weights = f" Weights: {weights}." if len(self.diagram.weights) <= 8 else ""  # text/plain stays short
        return (f"ForwardApp: a {n} network. Inputs x = {v(s.x)}; hidden activations a = {v(f.a1)} "
                f"(net inputs z = {v(f.z1)}); outputs o = {v(f.a2)} against targets t = {v(s.t)}; "
                f"E = {fmt(self.lesson.now.loss)}.{weights} (Run the notebook to move the sliders.)")
