"""The backward sweep's stages as text: each Quantity is `symbol = formula = numbers = value`
(LaTeX), made from the same numbers the Sweep computes (nnlib.sweep), so what a student reads
is what the kit computed. One layer-level idea per Stage.
"""
from dataclasses import dataclass

from .formulas import fmt

SLOPE_TEXT = {"sigmoid": ("{a}(1 - {a})", "the sigmoid's slope"), "tanh": ("(1 - {a}^2)", "tanh's slope"),
              "relu": ("[{a} > 0]", "ReLU's slope (0 or 1)"), "linear": ("1", "the slope 1")}


@dataclass(frozen=True)
class Quantity:
    """One number of the sweep, `symbol = formula = substituted = value` (LaTeX), shown on `place`
    (a unit 'o1', a weight 'w5' or a bias 'b2[0]')."""
    id: str
    symbol: str
    formula: str
    substituted: str
    value: float
    place: str

    @property
    def latex(self):
        """One line: symbol = formula = numbers = value."""
        return " = ".join(p for p in (self.symbol, self.formula, self.substituted, fmt(self.value)) if p)

    @property
    def aligned(self):
        """The same, one part per line (LaTeX aligned): narrow enough for a side panel."""
        parts = [p for p in (self.formula, self.substituted, fmt(self.value)) if p]
        return r"\begin{aligned} %s &= %s \end{aligned}" % (self.symbol, r" \\ &= ".join(parts))


@dataclass(frozen=True)
class Stage:
    """One layer-level idea of the sweep: its id, a title, one sentence, and its quantities."""
    id: str
    title: str
    idea: str
    quantities: tuple

    @property
    def places(self):
        return tuple(q.place for q in self.quantities)


def _n(v):
    """A number inside a formula: negative ones in parentheses."""
    return f"({fmt(v)})" if v < 0 else fmt(v)


FSYM = {"sigmoid": "\\sigma", "tanh": "\\tanh", "relu": "\\mathrm{ReLU}", "linear": ""}


def _slope_of(name, a):
    return SLOPE_TEXT[name][0].format(a=a)


def build(sw, net, x, t, slope1, slope2, W2):
    """The Stages of Sweep `sw` (see nnlib.sweep), with their text made from its numbers, in order.
    (`net`, `slope1`, `slope2`: the Sweep's own numbers, already in `sw`.)"""
    return [forward_stage(sw), delta_out_stage(sw, t),
            Stage("grad_out", "the output weights",
                  "Each weight into o_k: δ of o_k times the activation the weight carries: "
                  "one multiplication, reusing δ.", tuple(grad_rows(sw, x, "o", sw.delta2, "b2"))),
            back_stage(sw, W2), delta_hidden_stage(sw),
            Stage("grad_hidden", "the hidden weights",
                  "The same move one layer down: δ of h_j times the input the weight carries.",
                  tuple(grad_rows(sw, x, "h", sw.delta1, "b1"))),
            update_stage(sw)]


def forward_stage(sw):
    """Every unit's activation, as its function of z."""
    f, c, (_, n_h, n_out) = sw.forward, sw.choice, sw.sizes
    fh, fo = FSYM[c.hidden], FSYM[c.output]
    rows = [Quantity(f"a_h{j + 1}", f"a_{{h{j + 1}}}", f"{fh}(z_{{h{j + 1}}})", f"{fh}({_n(f.z1[j])})",
                     f.a1[j], f"h{j + 1}") for j in range(n_h)]
    rows += [Quantity(f"o{k + 1}", f"o_{{{k + 1}}}", f"{fo}(z_{{o{k + 1}}})", f"{fo}({_n(f.z2[k])})",
                      f.a2[k], f"o{k + 1}") for k in range(n_out)]
    return Stage("forward", "the forward pass",
                 "Every unit's activation, from lesson 01: the sweep needs them all.", tuple(rows))


def delta_out_stage(sw, t):
    """delta of each output: (o - t) times the output's slope (unless it cancels or is left out)."""
    f, c = sw.forward, sw.choice
    out_slope = not (sw.mistake == "no_slope" or c.cancels)
    rows = []
    for k in range(sw.sizes[2]):
        o, tk = f"o_{{{k + 1}}}", f"t_{{{k + 1}}}"
        slope = f"\\cdot {_slope_of(c.output, o)}" if out_slope else ""
        slope_n = f"\\cdot {_slope_of(c.output, _n(f.a2[k]))}" if out_slope else ""
        rows.append(Quantity(f"delta_o{k + 1}", f"\\delta_{{o{k + 1}}}", f"({o} - {tk}) {slope}",
                             f"({fmt(f.a2[k])} - {fmt(t[k])}) {slope_n}", sw.delta2[k], f"o{k + 1}"))
    why = ("(how wrong the output is): with cross-entropy the sigmoid's slope cancels" if c.cancels else
           f"(how wrong the output is) × ({SLOPE_TEXT[c.output][1]} there)")
    return Stage("delta_out", "δ at the outputs",
                 "How much E changes per unit of net input z of each output: "
                 f"{why}. Computed once per output.", tuple(rows))


def grad_rows(sw, x, unit, delta, bias_array):
    """dE/dw = delta of the units of this layer ('o' or 'h') times what each weight into them carries."""
    f, (n_in, n_h, _) = sw.forward, sw.sizes
    act = {**{f"x{i + 1}": (f"x_{{{i + 1}}}", x[i]) for i in range(n_in)},
           **{f"h{j + 1}": (f"a_{{h{j + 1}}}", f.a1[j]) for j in range(n_h)}}
    rows = []
    for j, d in enumerate(delta):
        for p in (p for p in sw.params if p.theta and p.target == f"{unit}{j + 1}"):
            sym, a = act[p.source]
            rows.append(Quantity(f"grad_{p.name}", f"\\frac{{\\partial E}}{{\\partial w_{{{p.name[1:]}}}}}",
                                 f"\\delta_{{{unit}{j + 1}}} \\cdot {sym}", f"{_n(d)} \\cdot {_n(a)}",
                                 sw.grads[p.name], p.name))
        rows += bias_rows(sw, f"{unit}{j + 1}", d, j, bias_array)
    return rows


def back_stage(sw, W2):
    """What each output sends back along each edge: w delta (W2 before the step, unless the mistake)."""
    rows = []
    for p in sw.params:
        if p.array == "W2":
            k, j = p.index
            w = f"w_{{{p.name[1:]}}}" + ("^{+}" if sw.mistake == "early_update" else "")
            rows.append(Quantity(f"back_{p.name}", f"{w}\\,\\delta_{{o{k + 1}}}", "",
                                 f"{_n(W2[k, j])} \\cdot {_n(sw.delta2[k])}", sw.back[k, j], p.name))
    which = ("here, wrongly, the weight after the update" if sw.mistake == "early_update"
             else "the weight before the update")
    return Stage("back", "δ travels back along the edges",
                 f"Each output sends its δ back to every hidden unit, times the weight between "
                 f"them ({which}).", tuple(rows))


def delta_hidden_stage(sw):
    """delta of each hidden unit: the sum of what reaches it, times its slope."""
    f, c, no_slope = sw.forward, sw.choice, sw.mistake == "no_slope"
    w = "^{+}" if sw.mistake == "early_update" else ""
    rows = []
    for j in range(sw.sizes[1]):
        outs = [p for p in sw.params if p.theta and p.source == f"h{j + 1}"]
        total = " + ".join(f"w_{{{p.name[1:]}}}{w}\\,\\delta_{{{p.target}}}" for p in outs)
        total_n = " + ".join(_n(sw.back[p.index]) for p in outs)
        a = f"a_{{h{j + 1}}}"
        slope = "" if no_slope else f"\\cdot {_slope_of(c.hidden, a)}"
        slope_n = "" if no_slope else f"\\cdot {_slope_of(c.hidden, _n(f.a1[j]))}"
        rows.append(Quantity(f"delta_h{j + 1}", f"\\delta_{{h{j + 1}}}", f"({total}) {slope}",
                             f"({total_n}) {slope_n}", sw.delta1[j], f"h{j + 1}"))
    return Stage("delta_hidden", "δ at the hidden units",
                 f"Add what reaches each hidden unit from all outputs, times {SLOPE_TEXT[c.hidden][1]} "
                 "there. Computed once per hidden unit.", tuple(rows))


def update_stage(sw):
    """Every parameter's new value (the sign flipped for that mistake), and E after the step."""
    rows = []
    op = "+" if sw.mistake == "sign" else "-"
    for p in sw.params:
        if p.theta or sw.setup.update_biases:
            lr = sw.setup.lr[0 if p.array in ("W1", "b1") else 1]
            al = r"\alpha_h" if p.array in ("W1", "b1") else r"\alpha_o"
            sym = f"w_{{{p.name[1:]}}}" if p.theta else p.name.replace("[", "_{[").replace("]", "]}")
            rows.append(Quantity(f"new_{p.name}", sym + "^{+}",
                                 f"{sym} {op} {al}\\,\\frac{{\\partial E}}{{\\partial {sym}}}",
                                 f"{_n(sw.setup.network[p.name])} {op} {_n(lr)} \\cdot {_n(sw.grads[p.name])}",
                                 sw.after[p.name], p.name))
    rows.append(Quantity("E_after", "E^{+}", "", "", sw.loss_after, ""))
    return Stage("update", "the update, all at once",
                 "Every parameter moves against its gradient, all computed from the values "
                 "before the step.", tuple(rows))


def bias_rows(sw, unit, delta, j, array):
    if not sw.show_biases:
        return []
    name = f"{array}[{j}]"
    return [Quantity(f"grad_{name}", f"\\frac{{\\partial E}}{{\\partial b_{{{unit}}}}}",
                     f"\\delta_{{{unit}}} \\cdot 1", _n(delta), sw.grads[name], name)]
