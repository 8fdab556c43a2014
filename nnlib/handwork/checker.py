"""Check a hand calculation against the true derivation: find every slip and say what kind it is.

API
    check_sheet(setup_or_derivation, sheet) -> Report (a list of Finding, in derivation order)

`sheet` is what the student wrote: a dict step id -> value (a string keeps the written precision:
"0.6034" means 4 decimals; a number is taken at its shortest repr), or -> Entry, or -> a list of
them (the same step written on several lines); or an iterable of Entry. Step ids are those of
`nnlib.derive(setup)` (print them: `[s.id for s in derive(setup)]`). An Entry can also say which
values the line substituted for the step's deps (`used={"o2": "0.6176"}`), when a line used a
value other than the one written before (a rounded one, or a miscopied one).

Each Finding has: step, line, written (str), value (float), true (from nnlib), expected (what the
step comes to from the writer's own earlier values), status, kind, dep, origin, message.
    status 'ok'      : agrees with the true value, or with the writer's own honestly rounded values
           'carried' : wrong, but right given the writer's earlier wrong value (dep = where it came
                       from, origin = the first slip up the chain)
           'slip'    : wrong by itself; kind says how (see nnlib.handwork.slips.KINDS): 'arithmetic',
                       'rounding', 'copied wrong', 'sign', 'dropped factor', 'dropped term',
                       'extra factor', 'decimal point', 'wrong start weight', 'wrong learning rate',
                       'used updated weight', 'used old weight', 'wrong input', 'skipped sigmoid'
A value is honest rounding when it is the value rounded or cut off at the digits written. A slip
in a value the next line did not use ('copied wrong') is found from the line that follows.
"""
import re

from ..derivation import Derivation, derive
from ..formulas import OPS
from ..presets import Setup
from .sheet import Entry, Finding, Report, agrees, entries as _entries, entry_tol, parse, rounded as _round
from .slips import candidates, message

__all__ = ["check_sheet", "Entry", "Finding", "Report", "parse", "agrees"]


def check_sheet(setup_or_derivation, sheet):
    """Every written value of `sheet` judged against the derivation (see the module docstring)."""
    if not isinstance(setup_or_derivation, (Derivation, Setup)):
        raise TypeError(f"setup_or_derivation must be a Setup or a Derivation, got {type(setup_or_derivation).__name__}")
    d = setup_or_derivation if isinstance(setup_or_derivation, Derivation) else derive(setup_or_derivation)
    entries = _entries(sheet)
    for e in entries:
        if e.step not in d:
            raise ValueError(f"sheet: no step {e.step!r} in this derivation (ids look like 'w5.grad', 'o1')")
        bad = [u for u in e.used if u not in d[e.step].deps]
        if bad:
            raise ValueError(f"sheet: {bad[0]!r} is not one of the deps {d[e.step].deps} of {e.step!r}")
    return _Checker(d, entries).run()


class _Checker:
    def __init__(self, d, entries):
        self.d, self.true = d, d.values
        self.by_step = {}
        for e in entries:
            self.by_step.setdefault(e.step, []).append(e)
        self.written_ids = {e.step for e in entries if e.written is not None}
        self.own, self.ulp, self.honest, self.origin = {}, {}, {}, {}
        self.expected, self.exp_honest, self.exp_origin, self.last, self.seen = {}, {}, {}, {}, {}
        self.cause = {}  # id(a slip in a substituted value) -> the earlier slip that moved it more
        self.report = Report()

    def run(self):
        for s in self.d:
            e_own = self.d.recompute(s.id, self.own) if s.deps else self.true[s.id]
            h = all(self.honest[x] for x in s.deps)
            org = next((self.origin[x] for x in s.deps if not self.honest[x]), None)
            self.own[s.id], self.ulp[s.id], self.honest[s.id], self.origin[s.id] = e_own, 0.0, h, org
            self.expected[s.id], self.exp_honest[s.id], self.exp_origin[s.id] = e_own, h, org
            for entry in self.by_step.get(s.id, []):
                self.judge(s, entry)
        for f in self.report:
            f.message = message(self.d, f)
        return self.report

    def _tol(self, s, vals, exact):
        """How far the rounding of deps the line did not show can move the step (half a digit each)."""
        f = OPS[s.op]
        base, tol = f([vals[x] for x in s.deps]), 0.0
        for x, u in exact.items():
            if u:
                tol += max(abs(f([vals[y] + (k * u if y == x else 0) for y in s.deps]) - base) for k in (.5, -.5))
        return tol

    def _use(self, s, entry, x, text):
        """A dep value the line substituted: (value, honest, origin); reports a value that is not the writer's."""
        u, uu = parse(text, f"used[{x!r}] of {s.id}")
        own = self.own[x]
        fine, coarse = (own, u) if uu >= self.ulp[x] else (u, own)
        if agrees(coarse, max(uu, self.ulp[x]), fine):
            return u, self.honest[x] or agrees(u, uu, self.true[x]), self.origin[x]
        if agrees(u, uu, self.true[x]) or agrees(u, uu, self.expected[x]):
            self._relabel(x, "later lines use")
            return u, self.honest[x], self.origin[x]
        for v, vu, fnd in self.seen.get(x, []):
            if agrees(u, max(uu, vu), v) or agrees(v, max(uu, vu), u):
                return u, False, self.cause.get(id(fnd), fnd) if fnd.status == "slip" else fnd.origin
        kind, detail = self._used_kind(x, u, uu)
        if kind == "copied wrong" and abs(self.expected[x] - own) > uu:  # what was written before was off too
            detail = f"{self.expected[x]:.9g}"
        f = Finding(x, entry.line, str(text), u, self.true[x], own, "slip", kind, x, None, "", entry.note)
        f.detail, f.used_in = detail, s.id
        self.report.append(f)
        self.seen.setdefault(x, []).append((u, uu, f))
        # what follows is blamed on the slip that moved the value most: if the value the writer should
        # have had was already further off (say, from a dropped term) than this copy moved it, that one
        earlier = self.exp_origin[x]
        if earlier is not None and abs(self.expected[x] - self.true[x]) > abs(u - self.expected[x]):
            self.cause[id(f)] = earlier
        return u, False, self.cause.get(id(f), f)

    def _used_kind(self, x, u, uu):
        own = self.own[x]
        for p in (10.0, 0.1, 100.0, 0.01):
            if agrees(u, uu, own * p):
                return "decimal point", f"{p:g} times your value"
        if agrees(u, uu, -own):
            return "sign", "the sign flipped"
        if re.fullmatch(r"w\d+", x):
            for y, v in self.own.items():
                if y != x and re.fullmatch(r"w\d+(\.new)?", y) and agrees(u, uu, v):
                    return ("used updated weight" if y == f"{x}.new" else "wrong start weight"), f"that is {y}"
        return "copied wrong", ""

    def _relabel(self, x, why):
        f = self.last.get(x)
        if f is not None and f.status == "slip" and not getattr(f, "relabelled", ""):
            if f.kind in ("arithmetic", "rounding"):
                f.kind = "copied wrong"
            f.relabelled = why
            self.own[x], self.ulp[x] = self.expected[x], 0.0
            self.honest[x], self.origin[x] = self.exp_honest[x], self.exp_origin[x]

    def judge(self, s, entry):
        true = self.true[s.id]
        if not s.deps:
            w, wu = parse(entry.written, f"sheet[{s.id!r}]")
            ok = agrees(w, wu, true)
            return self._record(s, entry, w, wu, true, "ok" if ok else "slip", "" if ok else "copied wrong",
                                "", None, "", {})
        vals, hon, src, ulps = {}, {}, {}, {}
        for x in s.deps:
            vals[x], hon[x], src[x], ulps[x] = self.own[x], self.honest[x], self.origin[x], self.ulp[x]
        n_before = len(self.report)
        for x, text in entry.used.items():
            vals[x], hon[x], src[x] = self._use(s, entry, x, text)
            ulps[x] = 0.0
        new = self.report[n_before:]
        e_used = OPS[s.op]([vals[x] for x in s.deps])
        tol = self._tol(s, vals, ulps) + entry_tol(entry)
        if entry.written is None:  # the line used these values but did not write the result
            self.own[s.id], self.ulp[s.id] = e_used, 0.0
            self.honest[s.id] = all(hon.values())
            self.origin[s.id] = None if self.honest[s.id] else self._blame(s, vals, hon, src)[1]
            return None
        w, wu = parse(entry.written, f"sheet[{s.id!r}]")
        if agrees(w, wu, e_used, tol):
            return self._carried(s, entry, w, wu, e_used, vals, hon, src)
        # one dep at a time: the right value of a miscopied dep, or a value the writer used before
        new_deps = {f.step for f in new}
        for x in s.deps:
            alts = [(self.expected[x], 0.0, "expected")] if self.last.get(x) and self.last[x].status == "slip" else []
            alts += [(self.own[x], self.ulp[x], "own")] if x in new_deps else []
            alts += [] if x in entry.used else [(v, vu, fnd) for v, vu, fnd in self.seen.get(x, [])]
            for v, vu, how in alts:
                v2 = dict(vals, **{x: v})
                e2 = OPS[s.op]([v2[y] for y in s.deps])
                if agrees(w, wu, e2, self._tol(s, v2, dict(ulps, **{x: vu})) + entry_tol(entry)):
                    if how in ("expected", "own"):
                        if how == "expected":
                            self._relabel(x, "the next line uses")
                        for fnd in new:  # the line wrote x wrong but its result used the value it had
                            fnd.text_only = fnd.text_only or fnd.step == x
                        hon[x], src[x] = self.honest[x], self.origin[x]
                    else:
                        hon[x], src[x] = False, self.cause.get(id(how), how) if how.status == "slip" else how.origin
                    if agrees(w, wu, true):
                        return self._record(s, entry, w, wu, e2, "ok", "", "", None, "", hon)
                    return self._carried(s, entry, w, wu, e2, v2, hon, src)
        if agrees(w, wu, true):
            return self._record(s, entry, w, wu, e_used, "ok", "", "", None, "", hon)
        if not entry.used:
            for v, vu, fnd in self.seen.get(s.id, []):
                if agrees(w, max(wu, vu), v):
                    return self._record(s, entry, w, wu, v, "carried", "", s.id,
                                        fnd if fnd.status == "slip" else fnd.origin, "", hon)
        kind, dep, detail = "arithmetic", "", ""
        if abs(w - e_used) < wu * (1 + 1e-6) + tol:
            kind, detail = "rounding", _round(e_used, wu)
        else:
            for k, x, v, det in candidates(self.d, s, vals, self.own, self.written_ids):
                if agrees(w, wu, v, tol):
                    kind, dep, detail = k, x or "", det
                    break
            if kind == "arithmetic" and self.seen.get(s.id) and not entry.used:
                kind, detail = "copied wrong", f"{self.seen[s.id][-1][0]:.9g}"
        self._record(s, entry, w, wu, e_used, "slip", kind, dep, None, detail, hon)

    def _blame(self, s, vals, hon, src):
        """The wrong dep that explains most of the error: (dep, its origin Finding)."""
        bad = [x for x in s.deps if not hon[x]]
        miss = lambda x: abs(OPS[s.op]([self.true[y] if y == x else vals[y] for y in s.deps]) - self.true[s.id])
        x = min(bad, key=miss)
        return x, src.get(x)

    def _carried(self, s, entry, w, wu, e, vals, hon, src):
        if all(hon[x] for x in s.deps):
            return self._record(s, entry, w, wu, e, "ok", "", "", None, "", hon)
        dep, org = self._blame(s, vals, hon, src)
        return self._record(s, entry, w, wu, e, "carried", "", dep, org, "", hon)

    def _record(self, s, entry, w, wu, e, status, kind, dep, origin, detail, hon):
        f = Finding(s.id, entry.line, str(entry.written), w, self.true[s.id], e, status, kind, dep, origin, "",
                    entry.note)
        f.detail = detail
        self.report.append(f)
        self.own[s.id], self.ulp[s.id] = w, wu
        self.honest[s.id] = status == "ok" or agrees(w, wu, self.true[s.id])
        self.origin[s.id] = None if self.honest[s.id] else (f if status == "slip" else origin)
        up = next((self.origin[x] for x in s.deps if not hon.get(x, True)), None)
        if status == "slip" and up is not None and not self.honest[s.id] and abs(e - self.true[s.id]) > abs(w - e):
            self.origin[s.id] = up  # an earlier slip moved this value more than this one did: it is behind what follows
        self.expected[s.id], self.exp_honest[s.id] = e, status == "ok" or all(hon.values())
        self.exp_origin[s.id] = None if self.exp_honest[s.id] else (
            origin if status != "slip" else next((self.origin[x] for x in s.deps if not hon.get(x, True)), None))
        self.last[s.id] = f
        self.seen.setdefault(s.id, []).append((w, wu, f))
        return f
