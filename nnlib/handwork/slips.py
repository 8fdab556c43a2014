"""What kind of slip is it? Hypotheses tried on a written value the checker could not explain.

Each hypothesis redoes the step from the writer's own dep values with one thing changed
(a sign, a factor left out or put in twice, another weight, another learning rate, a decimal
point) and says what the step would then come to. `candidates` yields them as Hypothesis records
in the order they are tried; the checker keeps the first whose value agrees with what is written
(none: 'arithmetic'). The words for each kind are in `nnlib.handwork.kinds`.
"""
import math
from typing import NamedTuple

from ..formulas import OPS
from ..step_ids import before_update, family, is_updated, is_weight, updated

LEARNING_RATES = (0.0, 1.0, 0.5, 0.1, 2.0, 0.01)
POWERS = (10.0, 0.1, 100.0, 0.01, 1000.0, 0.001)


class Hypothesis(NamedTuple):
    """One way the step could have been done wrong, and the value it gives (see kinds.KINDS for `kind`)."""
    kind: str
    dep: str             # the dep, factor, term or weight it is about ('' for the step as a whole)
    value: float         # what the step comes to this way
    other: str = ""      # the step put in place of `dep` (wrong input)
    factor: float = math.nan  # the power of ten, the learning rate used, or the value multiplied in
    had: float = math.nan     # the writer's own value it involves (the weight an update started from)


def factors(derivation, step_id, written_ids):
    """The mul factors of a step, opening up unwritten mul deps (the student may have skipped them)."""
    out = []
    for d in derivation[step_id].deps:
        if derivation[d].op == "mul" and d not in written_ids:
            out += factors(derivation, d, written_ids)
        else:
            out.append(d)
    return out


def candidates(derivation, step, vals, own, written_ids):
    """Yield the Hypotheses for `step` in the order they are tried.

    `vals`: the dep values the line used; `own`: every value the writer has so far (step id -> number).
    """
    if step.op == "update":
        yield from _update(step, vals, own)
        return
    e = OPS[step.op]([vals[d] for d in step.deps])
    yield Hypothesis("sign", "", -e)
    yield from _by_op(derivation, step, vals, own, written_ids, e)
    yield from _swapped(step, vals, own)
    for p in POWERS:
        yield Hypothesis("decimal point", "", e * p, factor=p)
    yield from _extra_factor(derivation, step, vals, own, e)


def _update(step, vals, own):
    """w+ = w - alpha * grad: the step added, a scaled gradient, another rate, another start weight."""
    w0, a, g = step.deps
    yield Hypothesis("sign", g, vals[w0] + vals[a] * vals[g])
    for p in POWERS:
        yield Hypothesis("decimal point", g, vals[w0] - vals[a] * vals[g] * p, factor=p)
    others = [x for x in ("alpha_h", "alpha_o") if x in own and x != a]
    for lr in [own[x] for x in others] + list(LEARNING_RATES):
        if not math.isclose(lr, vals[a]):
            yield Hypothesis("wrong learning rate", a, vals[w0] - lr * vals[g], factor=lr)
    if updated(w0) in own:
        yield Hypothesis("used updated weight", w0, own[updated(w0)] - vals[a] * vals[g])
    for x in sorted(own):
        base = before_update(x)
        if family(base) == family(w0) and base != w0 and (is_weight(base) or "[" in base):
            yield Hypothesis("wrong start weight", x, own[x] - vals[a] * vals[g], had=own[x])


def _by_op(derivation, step, vals, own, written_ids, e):
    """The slips that belong to the step's op: a factor or term left out, σ′ or ½ forgotten."""
    deps = step.deps
    if step.op == "mul":
        fs = factors(derivation, step.id, written_ids)
        fv = {x: vals[x] if x in vals else own[x] for x in fs}
        for x in fs:
            yield Hypothesis("dropped factor", x, math.prod(fv[y] for y in fs if y != x))
    if step.op == "sum":
        for x in deps:
            if vals[x] != 0:
                yield Hypothesis("dropped term", x, e - vals[x])
    if step.op == "sigmoid_prime":
        a = vals[deps[0]]
        yield Hypothesis("dropped factor", "", a)  # a instead of a(1 - a)
        s = float(OPS["sigmoid"]([a]))
        yield Hypothesis("wrong input", deps[0], s * (1 - s))  # σ′(a) in place of σ′(z)
    if step.op == "half_sq":
        yield Hypothesis("dropped factor", "", 2 * e)  # the 1/2 left out
    if step.op == "sigmoid":
        yield Hypothesis("skipped sigmoid", "", vals[deps[0]])


def _swapped(step, vals, own):
    """One dep replaced: the updated weight for the old one (or back), another of its family."""
    f, deps = OPS[step.op], step.deps
    alt = lambda d, v: f([v if x == d else vals[x] for x in deps])
    for d in deps:
        if is_weight(d) and updated(d) in own:
            yield Hypothesis("used updated weight", d, alt(d, own[updated(d)]))
        if is_updated(d) and before_update(d) in own:
            yield Hypothesis("used old weight", d, alt(d, own[before_update(d)]))
    for d in deps:
        for x in sorted(own):
            if x != d and family(x) == family(d) and not is_updated(x):
                yield Hypothesis("wrong input", d, alt(d, own[x]), other=x)


def _extra_factor(derivation, step, vals, own, e):
    """The value multiplied once more by one of its deps or a given number (not 0, ±1 or a power of ten)."""
    extra = list(dict.fromkeys(list(step.deps) + [x for x in own if derivation[x].kind == "given"]))
    for c in extra:
        if c in vals or c in own:
            v = vals.get(c, own.get(c))
            if v not in (0.0, 1.0, -1.0) and min(abs(abs(v) - p) for p in POWERS) > 1e-12:
                yield Hypothesis("extra factor", c, e * v, factor=v)
