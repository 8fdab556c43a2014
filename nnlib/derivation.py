"""The worked example as data: every number of the notes as an ordered list of Steps.

A Step is one line of a hand calculation: `symbol = formula = substituted = value`. It names
the steps it uses (`deps`) and how it combines them (`op`), so any step can be recomputed from
someone else's values (the hand-calculation checker does that), and which units and weights
it involves (so a diagram can light them up). Order follows the notes: forward pass, loss,
output weights w5.., hidden weights grouped by hidden unit, then the forward pass again.
The ops follow the network's Choice (activations, loss): with cross-entropy the output steps
dE/do and do/dz are one step, dE/dz = o - t.
"""
from dataclasses import dataclass

from . import params
from .formulas import OPS, fmt, rhs as _rhs
from .step_ids import gradient, updated

WORD = {"sigmoid": "the sigmoid", "tanh": "tanh", "relu": "ReLU", "linear": "the identity"}

@dataclass(frozen=True)
class Step:
    """One line of the derivation (see module docstring). `value` is exact float64."""
    id: str
    kind: str          # given, forward, loss, backward, update, after
    symbol: str        # LaTeX left-hand side
    op: str            # a key of OPS
    deps: tuple        # ids of the steps the op combines, in order
    value: float
    formula: str       # LaTeX right-hand side in symbols
    substituted: str   # the same with the numbers in
    involves: tuple    # unit and weight names: 'x1', 'h2', 'o1', 'w5', 'b1[0]'
    text: str = ""     # a short sentence for the stepper

    @property
    def latex(self):
        """The whole line, dropping parts that would only repeat: `w_5 = 0.5`, not `w_5 = = 0.5 = 0.5`."""
        parts = [self.symbol]
        for part in (self.formula, self.substituted):
            if part and part != parts[-1] and part.strip("()") != fmt(self.value):
                parts.append(part)
        return " = ".join(parts + [fmt(self.value)])


class Derivation:
    """The ordered steps for a Setup; `derivation[id]` is a Step, iteration is in order."""

    def __init__(self, setup):
        self.setup = setup
        self.steps, self._by_id, self._sym = [], {}, {}
        self.choice = setup.network.choice
        sizes = setup.network.sizes
        self._given(setup, sizes)
        units = self._forward("", sizes)
        self._backward(sizes, units, setup.update_biases)
        self._forward("after.", sizes)

    def __iter__(self):
        return iter(self.steps)

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, step_id):
        try:
            return self._by_id[step_id]
        except KeyError:
            raise KeyError(f"no step {step_id!r} in this derivation") from None

    def __contains__(self, step_id):
        return step_id in self._by_id

    @property
    def values(self):
        return {s.id: s.value for s in self.steps}

    def recompute(self, step_id, values):
        """What `step_id` comes to from the dep values in `values` (id -> number)."""
        s = self[step_id]
        if s.op == "given":
            return values.get(step_id, s.value)
        return OPS[s.op]([values[d] for d in s.deps])

    # -- building ---------------------------------------------------------------
    def _add(self, id, kind, symbol, op, deps, involves, text="", value=None):
        vals = [self._by_id[d].value for d in deps]
        value = OPS[op](vals) if value is None else float(value)
        formula, subst = _rhs(op, [self._sym[d] for d in deps], vals) if deps else ("", fmt(value))
        step = Step(id, kind, symbol, op, tuple(deps), value, formula, subst, tuple(involves), text)
        self.steps.append(step)
        self._by_id[id] = step
        self._sym[id] = symbol
        return id

    def _given(self, setup, sizes):
        n_in, n_h, n_out = sizes
        for i in range(n_in):
            self._add(f"x{i + 1}", "given", f"x_{{{i + 1}}}", "given", (), (f"x{i + 1}",), "input", setup.x[i])
        for k in range(n_out):
            self._add(f"t{k + 1}", "given", f"t_{{{k + 1}}}", "given", (), (f"o{k + 1}",), "target", setup.t[k])
        for p in params.all_params(sizes):
            self._add(p.name, "given", p.latex, "given", (), tuple(filter(None, (p.name, p.source, p.target))),
                      "start value",
                      setup.network[p.name])
        self._add("alpha_h", "given", r"\alpha_h", "given", (), (), "learning rate, hidden layer", setup.lr[0])
        self._add("alpha_o", "given", r"\alpha_o", "given", (), (), "learning rate, output layer", setup.lr[1])

    def _forward(self, pre, sizes):
        """z and a of every unit, then E; `pre`='after.' redoes it with the updated weights."""
        ps = params.all_params(sizes)
        kind = "after" if pre else "forward"
        plus = "^{+}" if pre else ""
        new = (lambda name: updated(name) if updated(name) in self._by_id else name) if pre else (lambda n: n)
        acts = {f"x{i + 1}": f"x{i + 1}" for i in range(sizes[0])}
        for layer, unit in ((1, "h"), (2, "o")):
            for j in range(sizes[layer]):
                u = f"{unit}{j + 1}"
                terms = []
                for p in ps:
                    if p.target == u and p.source:
                        tid = f"{pre}z_{u}.{p.source}"
                        self._add(tid, kind, r"%s\,%s" % (self._sym[new(p.name)], self._sym[acts[p.source]]), "mul",
                                  (new(p.name), acts[p.source]), (p.name, p.source, u), f"what {p.source} sends to {u}")
                        terms.append(tid)
                    elif p.target == u:
                        terms.append(new(p.name))
                zsym = r"z_{%s}%s" % (u, plus)
                self._add(f"{pre}z_{u}", kind, zsym, "sum", terms, (u,), f"net input of {u}")
                asym = (f"o_{{{j + 1}}}" if unit == "o" else f"a_{{{u}}}") + plus
                aid = f"{pre}o{j + 1}" if unit == "o" else f"{pre}a_{u}"
                f = self.choice.hidden if unit == "h" else self.choice.output
                acts[u] = self._add(aid, kind, asym,
                                    f, (f"{pre}z_{u}",), (u,), f"activation of {u}")
        loss = "half_sq" if self.choice.loss == "squared" else "cross_entropy"
        for k in range(sizes[2]):
            self._add(f"{pre}E_o{k + 1}", kind, f"E_{{o_{k + 1}}}{plus}", loss, (f"t{k + 1}", f"{pre}o{k + 1}"),
                      (f"o{k + 1}",), f"error at output {k + 1}")
        self._add(f"{pre}E", kind, r"E_{total}" + plus, "sum", [f"{pre}E_o{k + 1}" for k in range(sizes[2])],
                  tuple(f"o{k + 1}" for k in range(sizes[2])), "total error")
        return acts

    def _backward(self, sizes, acts, update_biases):
        """The chain rule written out per weight, as the notes do: the output weights, then the
        hidden weights (a factor already written for another weight is copied, not recomputed),
        then the biases if they are updated."""
        ps = params.all_params(sizes)
        W1 = [p for p in ps if p.array == "W1"]
        W2 = [p for p in ps if p.array == "W2"]
        first_into = self._output_weights(W2, acts)
        first_from = self._hidden_weights(W1, W2, acts, first_into)
        if update_biases:
            self._biases([p for p in ps if p.array.startswith("b")], first_into, first_from)

    def _output_weights(self, W2, acts):
        """Steps for each weight into an output; returns {output: its first weight} (whose delta others reuse)."""
        first_into = {}
        d = _partial
        for p in W2:
            o, h, w = p.target, p.source, p.name
            k = o[1:]
            first_into.setdefault(o, w)
            inv = (w, h, o)
            if self.choice.cancels:
                self._add(f"{w}.dE_dz", "backward", d("E_{total}", f"z_{{{o}}}"), "out_minus_target",
                          (f"t{k}", f"o{k}"), inv, f"delta at {o}: with cross-entropy the sigmoid's slope cancels")
                out_factors = (f"{w}.dE_dz",)
            else:
                self._add(f"{w}.dE_do", "backward", d("E_{total}", f"o_{{{k}}}"), "neg_error", (f"t{k}", f"o{k}"),
                          inv, f"how E changes with {o}")
                self._add(f"{w}.do_dz", "backward", d(f"o_{{{k}}}", f"z_{{{o}}}"), f"{self.choice.output}_prime",
                          (f"o{k}",), inv, f"slope of {WORD[self.choice.output]} at {o}")
                out_factors = (f"{w}.dE_do", f"{w}.do_dz")
            self._add(f"{w}.dz_dw", "backward", d(f"z_{{{o}}}", p.latex), "copy", (acts[h],), inv,
                      f"{w} multiplies {h}'s activation")
            self._add(gradient(w), "backward", d("E_{total}", p.latex), "mul",
                      out_factors + (f"{w}.dz_dw",), inv, f"chain rule for {w}")
            self._add(updated(w), "update", p.latex + "^{+}", "update", (w, "alpha_o", gradient(w)), inv,
                      f"gradient-descent step for {w}")
        return first_into

    def _hidden_weights(self, W1, W2, acts, first_into):
        """Steps for each weight into a hidden unit, its dE/da written once per unit (the first weight
        into it) and copied for the others; returns {hidden unit: that first weight}."""
        first_from = {}
        d = _partial
        for p in sorted(W1, key=lambda p: (p.target, p.source)):
            h, x, w = p.target, p.source, p.name
            inv = (w, x, h)
            if h not in first_from:
                first_from[h] = w
                parts = []
                for q in (q for q in W2 if q.source == h):
                    o, k, wo = q.target, q.target[1:], first_into[q.target]
                    dz = self._add(f"{w}.dE_dz_{o}", "backward", d(f"E_{{o_{k}}}", f"z_{{{o}}}"),
                                   *(("copy", (f"{wo}.dE_dz",)) if self.choice.cancels else
                                     ("mul", (f"{wo}.dE_do", f"{wo}.do_dz"))), (o,), f"error signal at {o} (delta)")
                    da = self._add(f"{w}.dz_{o}_da", "backward", d(f"z_{{{o}}}", f"a_{{{h}}}"), "copy", (q.name,),
                                   (q.name, h, o), f"{h} reaches {o} through {q.name} (its value before the step)")
                    parts.append(self._add(f"{w}.dE_{o}_da", "backward", d(f"E_{{o_{k}}}", f"a_{{{h}}}"), "mul",
                                           (dz, da), (q.name, h, o), f"{o}'s share of dE/d{h}"))
                self._add(f"{w}.dE_da", "backward", d("E_{total}", f"a_{{{h}}}"), "sum", parts,
                          (h,) + tuple(q.target for q in W2 if q.source == h), "every output's share added")
                self._add(f"{w}.da_dz", "backward", d(f"a_{{{h}}}", f"z_{{{h}}}"), f"{self.choice.hidden}_prime",
                          (acts[h],), (h,), f"slope of {WORD[self.choice.hidden]} at {h}")
            else:
                w0 = first_from[h]
                self._add(f"{w}.dE_da", "backward", d("E_{total}", f"a_{{{h}}}"), "copy", (f"{w0}.dE_da",), (h,),
                          f"same as for {w0}")
                self._add(f"{w}.da_dz", "backward", d(f"a_{{{h}}}", f"z_{{{h}}}"), "copy", (f"{w0}.da_dz",), (h,),
                          f"same as for {w0}")
            self._add(f"{w}.dz_dw", "backward", d(f"z_{{{h}}}", p.latex), "copy", (x,), inv, f"{w} multiplies {x}")
            self._add(gradient(w), "backward", d("E_{total}", p.latex), "mul",
                      (f"{w}.dE_da", f"{w}.da_dz", f"{w}.dz_dw"), inv, f"chain rule for {w}")
            self._add(updated(w), "update", p.latex + "^{+}", "update", (w, "alpha_h", gradient(w)), inv,
                      f"gradient-descent step for {w}")
        return first_from

    def _biases(self, biases, first_into, first_from):
        """Each bias's gradient from the factors already written for the first weight into its unit."""
        for p in biases:
            u = p.target
            src = f"{first_into[u]}" if u.startswith("o") else first_from[u]
            out = (f"{src}.dE_dz",) if self.choice.cancels else (f"{src}.dE_do", f"{src}.do_dz")
            factors = out if u.startswith("o") else (f"{src}.dE_da", f"{src}.da_dz")
            self._add(gradient(p.name), "backward", _partial("E_{total}", p.latex), "mul", factors, (p.name, u),
                      f"chain rule for the bias of {u} (dz/db = 1)")
            self._add(updated(p.name), "update", p.latex + "^{+}", "update",
                      (p.name, "alpha_o" if u.startswith("o") else "alpha_h", gradient(p.name)), (p.name, u),
                      f"gradient-descent step for the bias of {u}")


def _partial(top, bottom):
    """LaTeX d top / d bottom."""
    return r"\frac{\partial %s}{\partial %s}" % (top, bottom)


def derive(setup):
    """The Derivation of a Setup (network, x, t, lr, update_biases)."""
    return Derivation(setup)
