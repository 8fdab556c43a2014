"""The backward sweep: backprop as an algorithm, one layer-level idea per stage.

Stage "delta_out" puts the error signal on each output unit once,
delta_ok = dE/dz_ok = (o_k - t_k) * o_k (1 - o_k); every weight into o_k then costs one
multiplication, delta_ok * a_hj ("grad_out"). "back" sends each delta_ok back along its edges
(w * delta_ok), "delta_hidden" adds what reaches h_j and multiplies by the slope sigma'(z_hj),
"grad_hidden" gives delta_hj * x_i, and "update" moves every parameter at once, from the values
before the step. Each delta is computed once and reused by every weight into its unit.

`mistake` switches on one classic wrong version (see MISTAKES), so a lesson can show what it
does. Values are float64 arrays; the text of each quantity is LaTeX made from the same numbers.
The stages follow the network's Choice: f' of the chosen activations in place of σ′, and with
cross-entropy δ at the outputs is o − t, with no slope factor.
"""
import functools
from dataclasses import dataclass

import numpy as np

from . import functions, params
from .formulas import fmt

SLOPE_TEXT = {"sigmoid": ("{a}(1 - {a})", "the sigmoid's slope"), "tanh": ("(1 - {a}^2)", "tanh's slope"),
              "relu": ("[{a} > 0]", "ReLU's slope (0 or 1)"), "linear": ("1", "the slope 1")}

MISTAKES = {
    None: "no mistake",
    "early_update": "update w5..w8 first, then use the new values for δ at the hidden units",
    "no_slope": "forget the sigmoid's slope σ′(z) = a(1 − a) in every δ",
    "sign": "step uphill: w + α ∂E/∂w instead of w − α ∂E/∂w",
}


def backward(net, x, t):
    """Backprop for one sample, the sweep as code: delta2 (n_out,), dW2, delta1 (n_hidden,), dW1."""
    f = net.forward(x)
    delta2 = (f.a2 - t) * f.a2 * (1 - f.a2)            # δ at the outputs, computed once
    dW2 = np.outer(delta2, f.a1)                        # reused: one product per weight into o_k
    delta1 = (net.W2.T @ delta2) * f.a1 * (1 - f.a1)    # sent back along W2, times σ′
    dW1 = np.outer(delta1, f.x)                         # reused: one product per weight into h_j
    return delta2, dW2, delta1, dW1


def _sigmoid_and_squared_error_only(fn):
    """`backward` is the sweep lesson 03 prints, for the notes' functions: it refuses others
    (their sweep is backward_any) rather than compute a sigmoid's slope where there is none."""
    @functools.wraps(fn)  # inspect.getsource (show.source) unwraps: the lesson prints fn itself
    def checked(net, x, t):
        if not net.choice.is_default:
            raise ValueError(f"backward is the sweep for sigmoid units and squared error; this network has "
                             f"{net.choice}: use backward_any (or Sweep) for it")
        return fn(net, x, t)
    return checked


backward = _sigmoid_and_squared_error_only(backward)


def backward_any(net, x, t):
    """The same sweep for any Choice: δ at the outputs from choice.delta_out, f′ of the hidden activation."""
    f, c = net.forward(x), net.choice
    delta2 = c.delta_out(t, f.a2)
    dW2 = np.outer(delta2, f.a1)
    delta1 = (net.W2.T @ delta2) * functions.slope(c.hidden, f.a1)
    return delta2, dW2, delta1, np.outer(delta1, f.x)


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


class Sweep:
    """The stages of one backprop step for a Setup; `mistake` is a key of MISTAKES.

    After construction: `delta2`, `delta1` (per unit), `grads` {name: dE/dθ as this sweep
    computes it}, `after` (the Network after the step), `loss_before`, `loss_after`.
    """

    def __init__(self, setup, mistake=None):
        if mistake not in MISTAKES:
            raise ValueError(f"mistake must be one of {list(MISTAKES)}, got {mistake!r}")
        self.setup, self.mistake = setup, mistake
        net, x, t = setup.network, np.array(setup.x), np.array(setup.t)
        self.sizes = net.sizes
        self.params = params.all_params(self.sizes)
        self.show_biases = setup.update_biases or any(net[p.name] != 0 for p in self._biases)
        f = self.forward = net.forward(x)
        lr_h, lr_o = setup.lr
        c = self.choice = net.choice
        slope2 = np.ones_like(f.a2) if mistake == "no_slope" or c.cancels else functions.slope(c.output, f.a2)
        slope1 = np.ones_like(f.a1) if mistake == "no_slope" else functions.slope(c.hidden, f.a1)
        self.delta2 = (f.a2 - t) * slope2
        dW2 = np.outer(self.delta2, f.a1)
        W2 = net.W2 - lr_o * dW2 if mistake == "early_update" else net.W2
        self.back = W2 * self.delta2[:, None]          # back[k, j]: what o_k sends to h_j
        self.delta1 = self.back.sum(axis=0) * slope1
        dW1 = np.outer(self.delta1, x)
        arrays = {"W1": dW1, "b1": self.delta1, "W2": dW2, "b2": self.delta2}
        self.grads = {p.name: float(arrays[p.array][p.index]) for p in self.params}
        sign = 1.0 if mistake == "sign" else -1.0
        rate = {"W1": lr_h, "b1": lr_h, "W2": lr_o, "b2": lr_o}
        new = net.arrays()
        for p in self.params:
            if p.array.startswith("W") or setup.update_biases:
                new[p.array][p.index] = net[p.name] + sign * rate[p.array] * self.grads[p.name]
        self.after = type(net)(**new, choice=c)
        self.loss_before, self.loss_after = net.loss(x, t), self.after.loss(x, t)
        self.stages = self._stages(net, x, t, slope1, slope2, W2)

    @property
    def _biases(self):
        return [p for p in self.params if not p.theta]

    def __iter__(self):
        return iter(self.stages)

    def __len__(self):
        return len(self.stages)

    def __getitem__(self, quantity_id):
        """The Quantity with this id ('delta_o1', 'grad_w5', 'back_w5', 'new_w5', ...)."""
        for s in self.stages:
            for q in s.quantities:
                if q.id == quantity_id:
                    return q
        raise KeyError(f"no quantity {quantity_id!r} in this sweep")

    # -- the text of each stage ---------------------------------------------------------
    def _stages(self, net, x, t, slope1, slope2, W2):
        f, n_in, n_h, n_out = self.forward, *self.sizes
        no_slope, c = self.mistake == "no_slope", self.choice
        fsym = {"sigmoid": "\\sigma", "tanh": "\\tanh", "relu": "\\mathrm{ReLU}", "linear": ""}
        slope_of = lambda name, a: SLOPE_TEXT[name][0].format(a=a)
        Q = Quantity
        weights = [p for p in self.params if p.theta]
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
                          f"({fmt(f.a2[k])} - {fmt(t[k])}) {slope_n}", self.delta2[k], f"o{k + 1}"))
        why = ("(how wrong the output is): with cross-entropy the sigmoid's slope cancels" if c.cancels else
               f"(how wrong the output is) × ({SLOPE_TEXT[c.output][1]} there)")
        stages.append(Stage("delta_out", "δ at the outputs",
                            "How much E changes per unit of net input z of each output: "
                            f"{why}. Computed once per output.", tuple(rows)))

        rows = []
        for k in range(n_out):
            for p in into(f"o{k + 1}"):
                sym, a = act[p.source]
                rows.append(Q(f"grad_{p.name}", f"\\frac{{\\partial E}}{{\\partial w_{{{p.name[1:]}}}}}",
                              f"\\delta_{{o{k + 1}}} \\cdot {sym}", f"{_n(self.delta2[k])} \\cdot {_n(a)}",
                              self.grads[p.name], p.name))
            rows += self._bias_rows(f"o{k + 1}", self.delta2[k], k, "b2")
        stages.append(Stage("grad_out", "the output weights",
                            "Each weight into o_k: δ of o_k times the activation the weight carries: "
                            "one multiplication, reusing δ.", tuple(rows)))

        rows = []
        for p in weights:
            if p.array == "W2":
                k, j = p.index
                w = f"w_{{{p.name[1:]}}}" + ("^{+}" if self.mistake == "early_update" else "")
                rows.append(Q(f"back_{p.name}", f"{w}\\,\\delta_{{o{k + 1}}}", "",
                              f"{_n(W2[k, j])} \\cdot {_n(self.delta2[k])}", self.back[k, j], p.name))
        which = ("here, wrongly, the weight after the update" if self.mistake == "early_update"
                 else "the weight before the update")
        stages.append(Stage("back", "δ travels back along the edges",
                            f"Each output sends its δ back to every hidden unit, times the weight between "
                            f"them ({which}).", tuple(rows)))

        rows = []
        for j in range(n_h):
            outs = [p for p in weights if p.source == f"h{j + 1}"]
            w = "^{+}" if self.mistake == "early_update" else ""
            total = " + ".join(f"w_{{{p.name[1:]}}}{w}\\,\\delta_{{{p.target}}}" for p in outs)
            total_n = " + ".join(_n(self.back[p.index]) for p in outs)
            a = f"a_{{h{j + 1}}}"
            slope = "" if no_slope else f"\\cdot {slope_of(c.hidden, a)}"
            slope_n = "" if no_slope else f"\\cdot {slope_of(c.hidden, _n(f.a1[j]))}"
            rows.append(Q(f"delta_h{j + 1}", f"\\delta_{{h{j + 1}}}", f"({total}) {slope}",
                          f"({total_n}) {slope_n}", self.delta1[j], f"h{j + 1}"))
        stages.append(Stage("delta_hidden", "δ at the hidden units",
                            f"Add what reaches each hidden unit from all outputs, times {SLOPE_TEXT[c.hidden][1]} "
                            "there. Computed once per hidden unit.", tuple(rows)))

        rows = []
        for j in range(n_h):
            for p in into(f"h{j + 1}"):
                sym, a = act[p.source]
                rows.append(Q(f"grad_{p.name}", f"\\frac{{\\partial E}}{{\\partial w_{{{p.name[1:]}}}}}",
                              f"\\delta_{{h{j + 1}}} \\cdot {sym}", f"{_n(self.delta1[j])} \\cdot {_n(a)}",
                              self.grads[p.name], p.name))
            rows += self._bias_rows(f"h{j + 1}", self.delta1[j], j, "b1")
        stages.append(Stage("grad_hidden", "the hidden weights",
                            "The same move one layer down: δ of h_j times the input the weight carries.",
                            tuple(rows)))

        rows = []
        op = "+" if self.mistake == "sign" else "-"
        for p in self.params:
            if p.theta or self.setup.update_biases:
                lr = self.setup.lr[0 if p.array in ("W1", "b1") else 1]
                al = r"\alpha_h" if p.array in ("W1", "b1") else r"\alpha_o"
                sym = f"w_{{{p.name[1:]}}}" if p.theta else p.name.replace("[", "_{[").replace("]", "]}")
                rows.append(Q(f"new_{p.name}", sym + "^{+}",
                              f"{sym} {op} {al}\\,\\frac{{\\partial E}}{{\\partial {sym}}}",
                              f"{_n(self.setup.network[p.name])} {op} {_n(lr)} \\cdot {_n(self.grads[p.name])}",
                              self.after[p.name], p.name))
        rows.append(Q("E_after", "E^{+}", "", "", self.loss_after, ""))
        stages.append(Stage("update", "the update, all at once",
                            "Every parameter moves against its gradient, all computed from the values "
                            "before the step.", tuple(rows)))
        return stages

    def _bias_rows(self, unit, delta, j, array):
        if not self.show_biases:
            return []
        name = f"{array}[{j}]"
        return [Quantity(f"grad_{name}", f"\\frac{{\\partial E}}{{\\partial b_{{{unit}}}}}",
                         f"\\delta_{{{unit}}} \\cdot 1", _n(delta), self.grads[name], name)]


def compare(sweep, numeric, tol=1e-6):
    """[(name, this sweep's dE/dθ, the finite difference, agree?)] for each name in `numeric`
    ({name: finite-difference gradient}); agree: relative difference below `tol` (gradients
    under 1e-5 compared absolutely, as gradient_check does)."""
    rows = []
    for name, num in numeric.items():
        g = sweep.grads[name]
        rows.append((name, g, num, abs(g - num) / max(abs(g), abs(num), 1e-5) < tol))
    return rows
