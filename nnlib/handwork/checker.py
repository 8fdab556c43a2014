"""Check a hand calculation against the true derivation: find every slip and say what kind it is.

API
    check_sheet(setup_or_derivation, sheet) -> Report (a list of Finding, in derivation order)

`sheet` is what the student wrote: a dict step id -> value (a string keeps the written precision:
"0.6034" means 4 decimals; a number is taken at its shortest repr), or -> Entry, or -> a list of
them (the same step written on several lines); or an iterable of Entry. Step ids are those of
`nnlib.derive(setup)` (print them: `[s.id for s in derive(setup)]`). An Entry can also say which
values the line substituted for the step's deps (`used={"o2": "0.6176"}`), when a line used a
value other than the one written before (a rounded one, or a miscopied one).

Each Finding (see `nnlib.handwork.sheet.Finding`) has a status:
    'ok'      : agrees with the true value, or with the writer's own honestly rounded values
    'carried' : wrong, but right given the writer's earlier wrong value (dep = where it came
                from, origin = the first slip up the chain)
    'slip'    : wrong by itself; kind says how (the keys of `nnlib.handwork.kinds.KINDS`), with the
                structured data of the hypothesis that explains it (dep, other, factor, had)
A value is honest rounding when it is the value rounded or cut off at the digits written. A slip
in a value the next line did not use ('copied wrong') is found from the line that follows.

The algorithm. The steps are walked in derivation order, keeping two records per step (the
`nnlib.handwork.ledger`): `own`, the value the writer carries on with, and `expected`, what the
writer's own earlier values give. Each record holds the value, its last written digit, whether it
is honest (true up to rounding, or made from honest values) and, if not, the slip it comes from.
Each written line is then
  1. read: the dep values it used (the writer's own, or the ones it substituted, each of which is
     itself judged: a substituted value that is not the writer's is a slip of that dep);
  2. explained if possible: by those values ('ok', or 'carried' when one of them was off), by one dep
     swapped for another value the writer had (the value before a miscopy, a value used before),
     by the true value, or by a value written before for the same step;
  3. else classified as a slip: 'rounding' within the last digit, else the first hypothesis of
     `nnlib.handwork.slips` that gives the written value, else 'copied wrong' if the step was
     written before, else 'arithmetic'.
Values that follow are blamed on the slip that moved them most. Last, every Finding gets its sentence.
"""
from dataclasses import replace

from ..derivation import Derivation, derive
from ..formulas import OPS
from ..presets import Setup
from ..step_ids import before_update, is_weight, updated
from . import kinds
from .ledger import Held, Ledger, Line
from .sheet import Entry, Finding, Report, agrees, entries as _entries, entry_tol, parse
from .slips import candidates

__all__ = ["check_sheet", "Entry", "Finding", "Report", "parse", "agrees"]


def check_sheet(setup_or_derivation, sheet):
    """Every written value of `sheet` judged against the derivation (see the module docstring)."""
    if not isinstance(setup_or_derivation, (Derivation, Setup)):
        raise TypeError(f"setup_or_derivation must be a Setup or a Derivation, "
                        f"got {type(setup_or_derivation).__name__}")
    d = setup_or_derivation if isinstance(setup_or_derivation, Derivation) else derive(setup_or_derivation)
    entries = _entries(sheet)
    for entry in entries:
        if entry.step not in d:
            raise ValueError(f"sheet: no step {entry.step!r} in this derivation (ids look like 'w5.grad', 'o1')")
        bad = [x for x in entry.used if x not in d[entry.step].deps]
        if bad:
            raise ValueError(f"sheet: {bad[0]!r} is not one of the deps {d[entry.step].deps} of {entry.step!r}")
    return _Checker(d, entries).run()


class _Checker(Ledger):
    """One pass over the derivation, judging each line (the algorithm is in the module docstring)."""

    def __init__(self, d, entries):
        super().__init__(d.values)
        self.d = d
        self.lines = {}     # step id -> its Entries, in order
        for entry in entries:
            self.lines.setdefault(entry.step, []).append(entry)
        self.written_ids = {entry.step for entry in entries if entry.written is not None}

    def run(self):
        for s in self.d:
            deps = [self.own[x] for x in s.deps]
            value = OPS[s.op]([h.value for h in deps]) if s.deps else self.true[s.id]
            bad = [h for h in deps if not h.honest]
            self.start(s.id, Held(value, 0.0, not bad, bad[0].origin if bad else None))
            for entry in self.lines.get(s.id, []):
                self.judge(s, entry)
        for f in self.report:
            f.message = kinds.message(self.d, f)
        return self.report

    # -- reading a line ------------------------------------------------------------------------
    def judge(self, s, entry):
        """Judge one written line of step `s`: explain it if the writer's numbers can, else classify the slip."""
        if not s.deps:  # a given value (a weight, an input) written down
            value, ulp = parse(entry.written, f"sheet[{s.id!r}]")
            line = Line(s, entry, value, ulp, {}, self.true[s.id], 0.0)
            ok = agrees(value, ulp, self.true[s.id])
            return self.record(line, "ok") if ok else self.record(line, "slip", kind="copied wrong")
        n_before = len(self.report)
        inputs = {x: self.own[x] for x in s.deps}
        for x, text in entry.used.items():
            inputs[x] = self._substituted(s, entry, x, text)
        substituted_slips = self.report[n_before:]
        result = self._op(s, inputs)
        if entry.written is None:  # the line used these values but did not write the result
            honest = all(h.honest for h in inputs.values())
            self.own[s.id] = Held(result, 0.0, honest, None if honest else self._blame(s, inputs)[1])
            return None
        value, ulp = parse(entry.written, f"sheet[{s.id!r}]")
        line = Line(s, entry, value, ulp, inputs, result, self._tol(s, inputs) + entry_tol(entry))
        return self._explain(line, substituted_slips) or self._classify(line)

    def _op(self, s, inputs):
        return OPS[s.op]([inputs[x].value for x in s.deps])

    def _tol(self, s, inputs):
        """How far the rounding of deps the line did not show can move the step (half a digit each)."""
        f = OPS[s.op]
        base, tol = self._op(s, inputs), 0.0
        for x, held in inputs.items():
            if held.ulp:
                shifted = lambda k: f([inputs[y].value + (k * held.ulp if y == x else 0) for y in s.deps])
                tol += max(abs(shifted(k) - base) for k in (.5, -.5))
        return tol

    # -- values a line substituted --------------------------------------------------------------
    def _substituted(self, s, entry, x, text):
        """The Held of dep `x` as the line of `s` used it; a value that is not the writer's is reported."""
        value, ulp = parse(text, f"used[{x!r}] of {s.id}")
        own = self.own[x]
        fine, coarse = (own.value, value) if ulp >= own.ulp else (value, own.value)
        if agrees(coarse, max(ulp, own.ulp), fine):  # the writer's value, rounded
            return Held(value, 0.0, own.honest or agrees(value, ulp, self.true[x]), own.origin)
        if agrees(value, ulp, self.true[x]) or agrees(value, ulp, self.expected[x].value):
            self.relabel(x, "later lines use")  # what was written before was a slip on the page only
            return Held(value, 0.0, self.own[x].honest, self.own[x].origin)
        for seen in self.seen.get(x, []):
            tol = max(ulp, seen.ulp)
            if agrees(value, tol, seen.value) or agrees(seen.value, tol, value):
                return Held(value, 0.0, False, self.behind(seen.finding))
        slip = self._substituted_kind(x, value, ulp)
        f = Finding(step=x, line=entry.line, written=str(text), value=value, true=self.true[x], expected=own.value,
                    status="slip", dep=x, note=entry.note, used_in=s.id, **slip)
        return self.record_substituted(f, ulp)

    def _substituted_kind(self, x, value, ulp):
        """The kind (and its data) of a substituted value of `x` that is not the writer's."""
        own = self.own[x].value
        for p in (10.0, 0.1, 100.0, 0.01):
            if agrees(value, ulp, own * p):
                return dict(kind="decimal point", factor=p)
        if agrees(value, ulp, -own):
            return dict(kind="sign")
        if is_weight(x):
            for y, held in self.own.items():
                if y != x and is_weight(before_update(y)) and agrees(value, ulp, held.value):
                    return dict(kind="used updated weight" if y == updated(x) else "wrong start weight", other=y)
        before = self.expected[x].value
        return dict(kind="copied wrong", **({"had": before} if abs(before - own) > ulp else {}))

    # -- explaining a line ---------------------------------------------------------------------
    def _explain(self, line, substituted_slips):
        """The Finding when the writer's own numbers explain the line ('ok' or 'carried'), else None."""
        s, entry, value, ulp = line.step, line.entry, line.value, line.ulp
        if agrees(value, ulp, line.result, line.tol):
            return self._carried(line)
        swapped = self._swap_one_dep(line, substituted_slips)
        if swapped is not None:
            return swapped
        if agrees(value, ulp, self.true[s.id]):
            return self.record(line, "ok")
        if not entry.used:  # a value written before for this step, copied again
            for seen in self.seen.get(s.id, []):
                if agrees(value, max(ulp, seen.ulp), seen.value):
                    origin = seen.finding if seen.finding.status == "slip" else seen.finding.origin
                    return self.record(replace(line, result=seen.value), "carried", dep=s.id, origin=origin)
        return None

    def _alternatives(self, x, entry, substituted):
        """Other values of dep `x` the line may have used: (Held, how) with how 'expected', 'own' or a Finding."""
        out = []
        if x in self.last and self.last[x].status == "slip":  # the value before the slip (a miscopy)
            out.append((Held(self.expected[x].value), "expected"))
        if x in substituted:  # the line wrote x wrong but may have used the value it had
            out.append((Held(self.own[x].value, self.own[x].ulp), "own"))
        if x not in entry.used:  # a value used for x before
            out += [(Held(seen.value, seen.ulp), seen.finding) for seen in self.seen.get(x, [])]
        return out

    def _swap_one_dep(self, line, substituted_slips):
        """The Finding when the line agrees with one dep swapped for another value the writer had."""
        s, entry, value, ulp = line.step, line.entry, line.value, line.ulp
        substituted = {f.step for f in substituted_slips}
        for x in s.deps:
            for alt, how in self._alternatives(x, entry, substituted):
                inputs = dict(line.inputs, **{x: alt})
                result = self._op(s, inputs)
                if not agrees(value, ulp, result, self._tol(s, inputs) + entry_tol(entry)):
                    continue
                if how in ("expected", "own"):
                    if how == "expected":
                        self.relabel(x, "the next line uses")
                    for f in substituted_slips:  # the line wrote x wrong but its result used the value it had
                        f.text_only = f.text_only or f.step == x
                    inputs[x] = replace(alt, honest=self.own[x].honest, origin=self.own[x].origin)
                else:
                    inputs[x] = replace(alt, honest=False, origin=self.behind(how))
                swapped = replace(line, inputs=inputs, result=result)
                return self.record(swapped, "ok") if agrees(value, ulp, self.true[s.id]) else self._carried(swapped)
        return None

    def _blame(self, s, inputs):
        """The wrong dep that explains most of the error: (dep, its origin Finding)."""
        bad = [x for x in s.deps if not inputs[x].honest]
        miss = lambda x: abs(OPS[s.op]([self.true[y] if y == x else inputs[y].value for y in s.deps]) - self.true[s.id])
        x = min(bad, key=miss)
        return x, inputs[x].origin

    def _carried(self, line):
        if all(h.honest for h in line.inputs.values()):
            return self.record(line, "ok")
        dep, origin = self._blame(line.step, line.inputs)
        return self.record(line, "carried", dep=dep, origin=origin)

    # -- classifying a slip --------------------------------------------------------------------
    def _classify(self, line):
        """A slip: rounding, the first hypothesis that gives the written value, a miscopy, else arithmetic."""
        s, value, ulp = line.step, line.value, line.ulp
        if abs(value - line.result) < ulp * (1 + 1e-6) + line.tol:
            return self.record(line, "slip", kind="rounding")
        own = {x: held.value for x, held in self.own.items()}
        for hyp in candidates(self.d, s, {x: held.value for x, held in line.inputs.items()}, own, self.written_ids):
            if agrees(value, ulp, hyp.value, line.tol):
                return self.record(line, "slip", kind=hyp.kind, dep=hyp.dep, other=hyp.other, factor=hyp.factor,
                                   had=hyp.had)
        if self.seen.get(s.id) and not line.entry.used:
            return self.record(line, "slip", kind="copied wrong", had=self.seen[s.id][-1].value)
        return self.record(line, "slip", kind="arithmetic")
