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


def build(sw, net, x, t, slope1, slope2, W2):
    """The Stages of Sweep `sw` (see nnlib.sweep), with their text made from its numbers."""
    f, n_in, n_h, n_out = sw.forward, *sw.sizes
    no_slope, c = sw.mistake == "no_slope", sw.choice
    fsym = {"sigmoid": "\\sigma", "tanh": "\\tanh", "relu": "\\mathrm{ReLU}", "linear": ""}
    slope_of = lambda name, a: SLOPE_TEXT[name][0].format(a=a)
    Q = Quantity
    weights = [p for p in sw.params if p.theta]
    into = lambda u: [p for p in weights if p.target == u]
    act = {**{f"x{i + 1}": (f"x_{{{i + 1}}}", x[i]) for i in range(n_in)},
           **{f"h{j + 1}": (f"a_{{h{j + 1}}}", f.a1[j]) for j in range(n_h)}}
    stages = []

    fh, fo = fsym[c.hidden], fsym[c.output]
    rows = [Q(f"a_h{j + 1}", f"a_{{h{j + 1}}}", f"{fh}(z_{{h{j + 1}}})", f"{fh}({_n(f.z1[j])})",
              f.a1[j], f"h{j + 1}") for j in range(n_h)]
    rows += [Q(f"o{k + 1}", f"o_{{{k + 1}}}", f"{fo}(z_{{o{k + 1}}})", f"{fo}({_n(f.z2[k])})",
               f.a2[k], f"o{k + 1}") for k in range(n_out)]
    stages.append(Stage("forward", "the forward pass",
                        "Every unit's activation, from lesson 01: the sweep needs them all.", tuple(rows)))

    rows = []
    for k in range(n_out):
        o, tk = f"o_{{{k + 1}}}", f"t_{{{k + 1}}}"
        out_slope = not (no_slope or c.cancels)
        slope = f"\\cdot {slope_of(c.output, o)}" if out_slope else ""
        slope_n = f"\\cdot {slope_of(c.output, _n(f.a2[k]))}" if out_slope else ""
        rows.append(Q(f"delta_o{k + 1}", f"\\delta_{{o{k + 1}}}", f"({o} - {tk}) {slope}",
                      f"({fmt(f.a2[k])} - {fmt(t[k])}) {slope_n}", sw.delta2[k], f"o{k + 1}"))
    why = ("(how wrong the output is): with cross-entropy the sigmoid's slope cancels" if c.cancels else
           f"(how wrong the output is) × ({SLOPE_TEXT[c.output][1]} there)")
    stages.append(Stage("delta_out", "δ at the outputs",
                        "How much E changes per unit of net input z of each output: "
                        f"{why}. Computed once per output.", tuple(rows)))

    def grad_rows(unit, delta, bias_array):
        """dE/dw = delta of the units of this layer times what each weight into them carries."""
        rows = []
        for j, d in enumerate(delta):
            for p in into(f"{unit}{j + 1}"):
                sym, a = act[p.source]
                rows.append(Q(f"grad_{p.name}", f"\\frac{{\\partial E}}{{\\partial w_{{{p.name[1:]}}}}}",
                              f"\\delta_{{{unit}{j + 1}}} \\cdot {sym}", f"{_n(d)} \\cdot {_n(a)}",
                              sw.grads[p.name], p.name))
            rows += bias_rows(sw, f"{unit}{j + 1}", d, j, bias_array)
        return rows

    rows = grad_rows("o", sw.delta2, "b2")
    stages.append(Stage("grad_out", "the output weights",
                        "Each weight into o_k: δ of o_k times the activation the weight carries: "
                        "one multiplication, reusing δ.", tuple(rows)))

    rows = []
    for p in weights:
        if p.array == "W2":
            k, j = p.index
            w = f"w_{{{p.name[1:]}}}" + ("^{+}" if sw.mistake == "early_update" else "")
            rows.append(Q(f"back_{p.name}", f"{w}\\,\\delta_{{o{k + 1}}}", "",
                          f"{_n(W2[k, j])} \\cdot {_n(sw.delta2[k])}", sw.back[k, j], p.name))
    which = ("here, wrongly, the weight after the update" if sw.mistake == "early_update"
             else "the weight before the update")
    stages.append(Stage("back", "δ travels back along the edges",
                        f"Each output sends its δ back to every hidden unit, times the weight between "
                        f"them ({which}).", tuple(rows)))

    rows = []
    for j in range(n_h):
        outs = [p for p in weights if p.source == f"h{j + 1}"]
        w = "^{+}" if sw.mistake == "early_update" else ""
        total = " + ".join(f"w_{{{p.name[1:]}}}{w}\\,\\delta_{{{p.target}}}" for p in outs)
        total_n = " + ".join(_n(sw.back[p.index]) for p in outs)
        a = f"a_{{h{j + 1}}}"
        slope = "" if no_slope else f"\\cdot {slope_of(c.hidden, a)}"
        slope_n = "" if no_slope else f"\\cdot {slope_of(c.hidden, _n(f.a1[j]))}"
        rows.append(Q(f"delta_h{j + 1}", f"\\delta_{{h{j + 1}}}", f"({total}) {slope}",
                      f"({total_n}) {slope_n}", sw.delta1[j], f"h{j + 1}"))
    stages.append(Stage("delta_hidden", "δ at the hidden units",
                        f"Add what reaches each hidden unit from all outputs, times {SLOPE_TEXT[c.hidden][1]} "
                        "there. Computed once per hidden unit.", tuple(rows)))

    rows = grad_rows("h", sw.delta1, "b1")
    stages.append(Stage("grad_hidden", "the hidden weights",
                        "The same move one layer down: δ of h_j times the input the weight carries.",
                        tuple(rows)))

    rows = []
    op = "+" if sw.mistake == "sign" else "-"
    for p in sw.params:
        if p.theta or sw.setup.update_biases:
            lr = sw.setup.lr[0 if p.array in ("W1", "b1") else 1]
            al = r"\alpha_h" if p.array in ("W1", "b1") else r"\alpha_o"
            sym = f"w_{{{p.name[1:]}}}" if p.theta else p.name.replace("[", "_{[").replace("]", "]}")
            rows.append(Q(f"new_{p.name}", sym + "^{+}",
                          f"{sym} {op} {al}\\,\\frac{{\\partial E}}{{\\partial {sym}}}",
                          f"{_n(sw.setup.network[p.name])} {op} {_n(lr)} \\cdot {_n(sw.grads[p.name])}",
                          sw.after[p.name], p.name))
    rows.append(Q("E_after", "E^{+}", "", "", sw.loss_after, ""))
    stages.append(Stage("update", "the update, all at once",
                        "Every parameter moves against its gradient, all computed from the values "
                        "before the step.", tuple(rows)))
    return stages

def bias_rows(sw, unit, delta, j, array):
    if not sw.show_biases:
        return []
    name = f"{array}[{j}]"
    return [Quantity(f"grad_{name}", f"\\frac{{\\partial E}}{{\\partial b_{{{unit}}}}}",
                     f"\\delta_{{{unit}}} \\cdot 1", _n(delta), sw.grads[name], name)]
