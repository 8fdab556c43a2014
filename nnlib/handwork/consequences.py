"""What each slip of a checked hand calculation does to the step: replayed and measured.

The notes are replayed as the derivation up to the weight updates, each step taking the value the
writer carried on with (the last one a later line used). Where that differs from what the writer's
own earlier numbers give, the step has a *delta*; it belongs to the slip that put it there, or to
honest rounding. A slip with no delta changed nothing after it (a copying slip on the page only).

    deltas(setup, report)      -> {step: Delta}     (replay with all of them gives the notes' weights)
    replay(setup, chosen)      -> {weight: new value} with only the `chosen` Deltas made
    effects(setup, report)     -> [Effect] for every slip, ranked: class, then what it does
    first_that_matters(...)    -> the first slip (in the notes' order) that changes a later value
Classes, most serious first: CLASSES (see `slip_class`).
"""
import math
from dataclasses import dataclass

from ..derivation import derive
from ..network import Network
from ..params import weight_names
from ..step_ids import is_after, updated
from .kinds import KINDS
from .sheet import parse

CLASSES = ("conceptual", "decimal point", "copying", "last digits")


@dataclass
class Delta:
    step: str
    shift: float       # carried value minus what the writer's own carried numbers give
    ratio: float       # carried value over that
    slip: object       # the Finding responsible, or None for honest rounding

    def apply(self, base):
        scaled = self.slip is not None and KINDS[self.slip.kind].scaled and self.ratio == self.ratio
        return base * self.ratio if scaled else base + self.shift


@dataclass
class Effect:
    slip: object       # the Finding
    cls: str           # one of CLASSES
    matters: bool      # does it change a later value (the new weights)?
    dw: dict           # weight -> change of the new weight it makes alone (vs the true step)
    loss: float        # E after the step with only this slip made

    @property
    def worst(self):
        """(weight, change) with the largest change."""
        return max(self.dw.items(), key=lambda kv: abs(kv[1]))


def slip_class(f):
    """'conceptual' (a missing or wrong piece of the method), 'decimal point', 'last digits' (off by at most
    the last written digit or 1 part in 1000 of what it should be), else 'copying' (a number copied or
    worked out wrong)."""
    cls = KINDS[f.kind].cls
    if cls != "copying":
        return cls
    ulp = parse(f.written)[1]
    ref = f.had if f.used_in and not math.isnan(f.had) else f.expected
    return "last digits" if abs(f.value - ref) <= max(ulp, 1e-3 * abs(ref)) * (1 + 1e-9) else "copying"


def _carried(report):
    """{step: (value carried on, responsible Finding or None)} from the findings in order."""
    out = {}
    for f in report:
        if is_after(f.step) or f.text_only or f.relabelled:
            continue
        resp = out.get(f.step, (None, None))[1]
        if f.status == "slip":
            resp = f
        elif f.status == "ok" or f.dep != f.step:
            resp = None
        out[f.step] = (f.value, resp)
    return out


def _steps(d):
    return [s for s in d if s.deps and s.kind != "after"]


def deltas(setup, report):
    """{step: Delta} wherever the notes carry on with a value their own numbers do not give."""
    d = derive(setup)
    carried, vals, out = _carried(report), dict(d.values), {}
    for s in _steps(d):
        base = d.recompute(s.id, vals)
        if s.id in carried:
            v, resp = carried[s.id]
            if v != base:
                out[s.id] = Delta(s.id, v - base, v / base if base else float("nan"), resp)
            vals[s.id] = v
        else:
            vals[s.id] = base
    return out


def replay(setup, chosen, d=None):
    """The new weights when only the Deltas in `chosen` are made (true values everywhere else)."""
    d = d or derive(setup)
    by_step, vals = {x.step: x for x in chosen}, dict(d.values)
    for s in _steps(d):
        base = d.recompute(s.id, vals)
        vals[s.id] = by_step[s.id].apply(base) if s.id in by_step else base
    return {n: vals[updated(n)] for n in weight_names(setup.network.sizes)}


def loss_of(setup, weights):
    """E on the setup's sample for a dict of weights."""
    return float(Network.from_weights(**weights).loss(setup.x, setup.t))


def effects(setup, report):
    """An Effect for every slip of `report`, ranked: by class (CLASSES order), then largest weight change."""
    ds, d = deltas(setup, report), derive(setup)
    true_new = replay(setup, [], d)
    out = []
    for f in report.slips:
        mine = [x for x in ds.values() if x.slip is f]
        alone = replay(setup, mine, d)
        dw = {n: alone[n] - true_new[n] for n in alone}
        out.append(Effect(f, slip_class(f), any(v != 0 for v in dw.values()), dw, loss_of(setup, alone)))
    out.sort(key=lambda e: (CLASSES.index(e.cls), -abs(e.worst[1])))
    return out


def by_class(setup, report):
    """{class: (new weights, E after the step)} with only the slips of that class made; also 'rounding'
    (honest rounding alone), 'all' (the notes' own step) and 'none' (the true step)."""
    ds = list(deltas(setup, report).values())
    groups = {c: [x for x in ds if x.slip is not None and slip_class(x.slip) == c] for c in CLASSES}
    groups.update(rounding=[x for x in ds if x.slip is None], all=ds, none=[])
    d = derive(setup)
    return {c: (w, loss_of(setup, w)) for c, w in ((c, replay(setup, g, d)) for c, g in groups.items())}


def first_that_matters(setup, report):
    """The first slip in the notes' order that changes a later value (None if none does)."""
    matters = {id(e.slip) for e in effects(setup, report) if e.matters}
    return next((f for f in report.slips if id(f) in matters), None)
