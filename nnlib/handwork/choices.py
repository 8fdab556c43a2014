"""'No formulas' self-check: the student picks the factors a chain-rule step multiplies.

For a product step (op 'mul'), a step that is one value under another name (op 'copy', e.g.
dz/dw5 = a_h1) and an update w+ = w - alpha * dE/dw, `options(d, step)` lists candidate
quantities: the right ones and the classic confusions (o instead of o(1 - o), the updated
weight instead of the one before the step, the other hidden unit, the other learning rate,
one output's share instead of the sum...), in derivation order so the position gives nothing
away. `judge(d, step, chosen)` names what is missing and what is extra. A product may be picked
whole or as its factors: dE_o1/dz_o1 counts the same as dE/do1 and o1(1 - o1).
"""
import re
from collections import Counter
from dataclasses import dataclass

from ..step_ids import before_update, is_hidden_activation, is_input, is_updated, is_weight, part, quantity, updated

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(text):
    """'a_h2' -> 'a_h₂': digits after a letter become subscripts ('(1 − o)' keeps its 1)."""
    return re.sub(r"(?<=[a-z])\d+", lambda m: m.group(0).translate(_SUB), text)


def chooses(d, step_id):
    """Does this step get a factor chooser? (products, renamed values, updates)"""
    return d[step_id].op in ("mul", "copy", "update")


def _source(d, sid):
    """A 'copy' step is the value it copies: dz_o2/dw8 -> a_h2."""
    while d[sid].op == "copy":
        sid = d[sid].deps[0]
    return sid


def key(d, sid):
    """One name per quantity: dE/do2 is the same value whichever weight's row computed it."""
    s = d[_source(d, sid)]
    return f"{s.op}:{s.deps[-1]}" if s.op in ("neg_error", "sigmoid_prime") else s.id


def _atoms(d, sid):
    """The factors a quantity stands for: a product opened up, everything else itself."""
    sid = _source(d, sid)
    if d[sid].op == "mul":
        return [a for dep in d[sid].deps for a in _atoms(d, dep)]
    return [key(d, sid)]


def _confusions(d, sid):
    """Quantities mistaken for `sid` (each a step id of `d`)."""
    s, names = d[sid], list(d.values)
    out = []
    if s.op == "sigmoid_prime":
        out.append(s.deps[0])  # o instead of o(1 - o)
    if s.op == "neg_error":
        out.append(f"E_{s.deps[1]}")  # the loss itself instead of its slope
    if is_hidden_activation(sid):
        out += [x for x in names if is_hidden_activation(x) or is_input(x)]
    if is_input(sid):
        out += [x for x in names if is_input(x)]
    if is_weight(sid):
        out.append(updated(sid))  # the weight after the step
    if s.op == "sum" and part(sid) == "dE_da":
        out.append(s.deps[0])  # one output's share instead of the sum
    return [x for x in out if x in d]


def options(d, step_id):
    """Candidate step ids for the chooser of `step_id`, in derivation order, one per quantity."""
    s = d[step_id]
    if s.op == "update":
        w, _, grad = s.deps
        found = [w, "alpha_h", "alpha_o", grad, _source(d, d[grad].deps[0])]
    else:
        found = [s.involves[0]] if step_id.endswith(".grad") else []  # the weight itself, a classic extra
        for p in (_source(d, x) for x in s.deps):
            found += [p] + _confusions(d, p)
            if d[p].op == "mul":  # a product may be picked whole or as its factors
                for q in (_source(d, x) for x in d[p].deps):
                    found += [q] + _confusions(d, q)
    order = {x.id: i for i, x in enumerate(d)}
    picked = {}
    for sid in sorted(set(x for x in found if x in d), key=order.get):
        picked.setdefault(key(d, sid), sid)
    return [sid for sid in picked.values() if sid != step_id]


def label(d, sid):
    """Plain-text name of a quantity, for a checkbox: 'σ′(z_o2) = o₂(1 − o₂)', 'w₇⁺ (after the step)'."""
    s, sid = d[_source(d, sid)], _source(d, sid)
    sub = _sub
    if s.op == "neg_error":
        return sub(f"∂E/∂{s.deps[1]}")
    if s.op == "sigmoid_prime":
        v = s.deps[0]
        return sub(f"σ′({d[v].deps[0]}) = {v}(1 − {v})")
    if is_weight(before_update(sid)):
        return sub(before_update(sid)) + ("⁺ (after the step)" if is_updated(sid) else " (before the step)")
    fixed = {"alpha_h": "α_h (hidden layer's rate)", "alpha_o": "α_o (output layer's rate)"}
    if sid in fixed:
        return fixed[sid]
    if sid.startswith("E_"):
        return sub(f"E_{sid[2:]} (the loss at {sid[2:]})")
    return sub(_backward_label(s))


def _backward_label(s):
    """'∂E_o1/∂z_o1', '∂E_o1/∂a_h1', '∂E/∂a_h1', '∂E/∂w1' for those pieces of a weight's gradient, else the id."""
    w, piece = quantity(s.id), part(s.id)
    unit = {u[0]: u for u in reversed(s.involves) if u[:1] in ("h", "o")}  # the first hidden and output unit
    o, h = unit.get("o", ""), unit.get("h", "")
    if not is_weight(w):
        return s.id
    return {f"dE_dz_{o}": f"∂E_{o}/∂z_{o}", f"dE_{o}_da": f"∂E_{o}/∂a_{h}", "dE_da": f"∂E/∂a_{h}",
            "grad": f"∂E/∂{w}"}.get(piece, s.id)


@dataclass(frozen=True)
class Choice:
    """The verdict on a set of factors: `missing` and `extra` as labels; right when both empty."""
    step: str
    missing: tuple
    extra: tuple

    @property
    def right(self):
        return not self.missing and not self.extra

    @property
    def message(self):
        if self.right:
            return "Right factors."
        parts = ([f"missing {' and '.join(self.missing)}"] if self.missing else []) + \
                ([f"not part of this step: {' and '.join(self.extra)}"] if self.extra else [])
        return "Factors: " + "; ".join(parts) + "."


def judge(d, step_id, chosen):
    """Choice for the step ids `chosen`: which needed quantities are missing, which are extra."""
    if not chooses(d, step_id):
        raise ValueError(f"step {step_id!r} has no factors to choose (op {d[step_id].op!r})")
    allowed = options(d, step_id)
    if isinstance(chosen, str) or not all(c in allowed for c in chosen):
        raise ValueError(f"chosen factors must be a list of some of {allowed}, got {chosen!r}")
    need = Counter(key(d, x) for x in d[step_id].deps)
    got = Counter(key(d, c) for c in chosen)
    if d[step_id].op != "update":  # a product counts whole or as its factors, on either side
        for a, b in ((need, got), (got, need)):
            for k in [k for k in a if k not in b and d[_step(d, k)].op == "mul"]:
                parts = Counter(_atoms(d, _step(d, k)))
                if parts & b:  # some of its factors were picked: compare factor by factor
                    n = a.pop(k)
                    a.update({p: m * n for p, m in parts.items()})
    return Choice(step_id, tuple(_name(d, k) for k in (need - got).elements()),
                  tuple(_name(d, k) for k in (got - need).elements()))


def _step(d, k):
    """The first step of `d` whose quantity has key `k`."""
    return next(s.id for s in d if key(d, s.id) == k)


def _name(d, k):
    """The label of the quantity with key `k`."""
    return label(d, _step(d, k))
