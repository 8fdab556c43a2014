"""What kind of slip is it? Hypotheses tried on a written value the checker could not explain.

Each hypothesis redoes the step from the writer's own dep values with one thing changed
(a sign, a factor left out or put in twice, another weight, another learning rate, a decimal
point) and asks whether the written value then agrees. The first that agrees names the kind.
`explain` returns (kind, dep, value_it_would_give, detail); kind 'arithmetic' when none agrees.
"""
import math
import re

from ..formulas import OPS

KINDS = ("arithmetic", "rounding", "copied wrong", "sign", "dropped factor", "dropped term", "extra factor",
         "decimal point", "wrong start weight", "wrong learning rate", "used updated weight", "used old weight",
         "wrong input", "skipped sigmoid")
LEARNING_RATES = (0.0, 1.0, 0.5, 0.1, 2.0, 0.01)
POWERS = (10.0, 0.1, 100.0, 0.01, 1000.0, 0.001)


def family(step_id):
    """'w5' -> 'w#', 'a_h1' -> 'a_h#', 'w5.dE_do' -> 'w#.dE_do': steps that can be swapped by mistake."""
    return re.sub(r"\d+", "#", step_id)


def factors(derivation, step_id, written_ids):
    """The mul factors of a step, opening up unwritten mul deps (the student may have skipped them)."""
    out = []
    for d in derivation[step_id].deps:
        if derivation[d].op == "mul" and d not in written_ids:
            out += factors(derivation, d, written_ids)
        else:
            out.append(d)
    return out


def _is_weight(step_id):
    return re.fullmatch(r"w\d+", step_id) is not None


def candidates(derivation, step, vals, own, written_ids):
    """Yield (kind, dep, value, detail) in the order they are tried."""
    f = OPS[step.op]
    deps = list(step.deps)
    e = f([vals[d] for d in deps])
    alt = lambda d, v: f([v if x == d else vals[x] for x in deps])
    if step.op == "update":
        w0, a, g = deps
        yield "sign", g, vals[w0] + vals[a] * vals[g], "added the step instead of subtracting it"
        for p in POWERS:
            yield "decimal point", g, vals[w0] - vals[a] * vals[g] * p, f"used the gradient times {p:g}"
        others = [x for x in ("alpha_h", "alpha_o") if x in own and x != a]
        for lr in [own[x] for x in others] + list(LEARNING_RATES):
            if not math.isclose(lr, vals[a]):
                yield "wrong learning rate", a, vals[w0] - lr * vals[g], f"used the learning rate {lr:g}"
        if f"{w0}.new" in own:
            yield "used updated weight", w0, own[f"{w0}.new"] - vals[a] * vals[g], f"started from the updated {w0}"
        for x in sorted(own):
            base = x[:-4] if x.endswith(".new") else x
            if family(base) == family(w0) and base != w0 and (_is_weight(base) or "[" in base):
                yield "wrong start weight", x, own[x] - vals[a] * vals[g], f"started from {x} = {own[x]:.6g}"
        return
    yield "sign", None, -e, "the sign is flipped"
    if step.op == "mul":
        fs = factors(derivation, step.id, written_ids)
        fv = {x: vals[x] if x in vals else own[x] for x in fs}
        for x in fs:
            yield "dropped factor", x, math.prod(fv[y] for y in fs if y != x), f"left out the factor {x}"
    if step.op == "sum":
        for x in deps:
            if vals[x] != 0:
                yield "dropped term", x, e - vals[x], f"left out the term {x}"
    if step.op == "sigmoid_prime":
        yield "dropped factor", None, vals[deps[0]], "wrote a instead of a(1 - a)"
        yield "wrong input", deps[0], float(OPS["sigmoid"]([vals[deps[0]]])) * (1 - float(OPS["sigmoid"]([vals[deps[0]]]))), \
            "put the activation into σ′(z) in place of z"
    if step.op == "half_sq":
        yield "dropped factor", None, 2 * e, "left out the 1/2"
    if step.op == "sigmoid":
        yield "skipped sigmoid", None, vals[deps[0]], "wrote z instead of σ(z)"
    for d in deps:
        if _is_weight(d) and f"{d}.new" in own:
            yield "used updated weight", d, alt(d, own[f"{d}.new"]), f"used the updated {d}"
        if d.endswith(".new") and d[:-4] in own:
            yield "used old weight", d, alt(d, own[d[:-4]]), f"used the old {d[:-4]}"
    for d in deps:
        for x in sorted(own):
            if x != d and family(x) == family(d) and not x.endswith(".new"):
                yield "wrong input", d, alt(d, own[x]), f"used {x} in place of {d}"
    for p in POWERS:
        yield "decimal point", None, e * p, f"the value is {p:g} times the right one (a slipped decimal point)"
    extra = list(dict.fromkeys(list(deps) + [x for x in own if derivation[x].kind == "given"]))
    for c in extra:
        if c in vals or c in own:
            v = vals.get(c, own.get(c))
            if v not in (0.0, 1.0, -1.0) and min(abs(abs(v) - p) for p in POWERS) > 1e-12:
                yield "extra factor", c, e * v, f"multiplied by {c} = {v:.6g} once too often"


def _g(v):
    return f"{v:.9g}"


def _name(derivation, step_id):
    text = derivation[step_id].text if step_id in derivation else ""
    return f"{step_id} ({text})" if text else step_id


OWN = "from your own numbers"
TRUE = "the true value (exact, from nnlib) is"


def message(derivation, f):
    """One sentence a student understands, for a checker Finding."""
    where = f" (line {f.line})" if f.line is not None else ""
    if f.status == "ok":
        return f"{f.step} = {f.written} is right{'' if abs(f.value - f.true) <= abs(f.true) * 1e-9 else ' at the digits written'}."
    if f.status == "carried":
        o = f.origin
        first = f"; the slip behind it is {o.step} on line {o.line}" if o is not None and o.line is not None \
            else (f"; the slip behind it is {o.step}" if o is not None else "")
        return (f"{f.step} = {f.written}{where} is what your own {f.dep} = {_g(f.expected) if f.dep == f.step else ''}"
                .rstrip(" =") + f" gives, but that was already off{first}; {TRUE} {_g(f.true)}.")
    tiny = abs(f.value - f.expected) <= 1e-6 * max(abs(f.expected), 1e-12)
    size = " Only the last digits are off." if tiny else ""
    if f.used_in:  # a value substituted in another step's line
        say = {"decimal point": f"{f.detail}, a slipped decimal point",
               "wrong start weight": f"{f.detail}: the update started from the wrong weight",
               "used updated weight": f"{f.detail}: the updated weight instead of the old one",
               "sign": "the sign flipped"}.get(f.kind, "a copying slip" + (
                   f" (from your own numbers it comes to {f.detail})" if f.detail else ""))
        tail = (f" The result on that line used {_g(f.expected)} after all, so only the page is wrong." if f.text_only
                else f" Later lines use {_g(f.expected)} again." if f.relabelled else "")
        return (f"In the line for {f.used_in}{where} you used {f.step} = {f.written}, but you had {_g(f.expected)}: "
                f"{say}; {TRUE} {_g(f.true)}.{tail}{size}")
    right = f"{OWN} it comes to {_g(f.expected)}; {TRUE} {_g(f.true)}"
    if f.kind == "copied wrong" and f.detail:
        right = f"{TRUE} {_g(f.true)}"
    if f.relabelled:
        return (f"You wrote {f.step} = {f.written}{where}, but {f.relabelled} {_g(f.expected)}, what your own numbers "
                f"give: a copying slip on the page{'' if f.kind == 'copied wrong' else ' (' + f.kind + ')'} that "
                f"changes nothing after it; {TRUE} {_g(f.true)}.{size}")
    say = {
        "arithmetic": "the arithmetic is off",
        "rounding": f"rounded the wrong way ({_g(f.expected)} to these digits is {f.detail})",
        "copied wrong": f"you had {f.detail} for it before and copied it wrong" if f.detail else "copied wrong",
        "sign": "the sign is flipped",
        "dropped factor": f"you dropped the factor {_name(derivation, f.dep)}" if f.dep else f"you {f.detail}",
        "dropped term": f"you dropped the term {_name(derivation, f.dep)}",
        "extra factor": f"you {f.detail}",
        "decimal point": f"a slipped decimal point: you {f.detail}" if f.detail.startswith("used") else f.detail,
        "wrong start weight": f"the update {f.detail} instead of its own old value",
        "wrong learning rate": f"you {f.detail} instead of {_g(derivation[f.dep].value) if f.dep in derivation else ''}",
        "used updated weight": f"you {f.detail}, but backprop uses the weights before the step",
        "used old weight": f"you {f.detail}, but this pass uses the updated weights",
        "wrong input": f"you {f.detail}",
        "skipped sigmoid": f"you {f.detail}",
    }.get(f.kind, f.kind)
    return f"{f.step} = {f.written}{where}: {say}; {right}.{size}"
