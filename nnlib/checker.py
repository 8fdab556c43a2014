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
           'slip'    : wrong by itself; kind says how (see nnlib.slips.KINDS): 'arithmetic',
                       'rounding', 'copied wrong', 'sign', 'dropped factor', 'dropped term',
                       'extra factor', 'decimal point', 'wrong start weight', 'wrong learning rate',
                       'used updated weight', 'used old weight', 'wrong input', 'skipped sigmoid'
A value is honest rounding when it is the value rounded or cut off at the digits written. A slip
in a value the next line did not use ('copied wrong') is found from the line that follows.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .derivation import Derivation, derive
from .formulas import OPS
from .slips import candidates


@dataclass(frozen=True)
class Entry:
    """One written value: step id, the text as written, the line it is on, values substituted."""
    step: str
    written: object
    line: object = None
    used: dict = field(default_factory=dict)
    note: str = ""


@dataclass
class Finding:
    step: str
    line: object
    written: str
    value: float
    true: float
    expected: float
    status: str          # 'ok', 'carried', 'slip'
    kind: str = ""       # for slips
    dep: str = ""        # carried from / the factor or weight the slip is about
    origin: object = None  # the Finding of the first slip a carried value comes from
    message: str = ""
    note: str = ""


class Report(list):
    """The findings in order; `.slips`, `.carried`, `.first_slip`, `.find(step, line)`."""

    @property
    def slips(self):
        return [f for f in self if f.status == "slip"]

    @property
    def carried(self):
        return [f for f in self if f.status == "carried"]

    @property
    def first_slip(self):
        return next(iter(self.slips), None)

    def find(self, step, line=None):
        hits = [f for f in self if f.step == step and (line is None or f.line == line)]
        if not hits:
            raise KeyError(f"no finding for step {step!r}" + (f" on line {line}" if line is not None else ""))
        return hits[0]


def parse(written, name="written"):
    """(value, unit of the last written digit) of a written number: '0.6034' -> (0.6034, 1e-4)."""
    if isinstance(written, bool) or written is None:
        raise TypeError(f"{name} must be a number or a numeric string, got {written!r}")
    text = repr(float(written)) if isinstance(written, (int, float)) else str(written)
    text = text.strip().replace("\u2212", "-").replace(" ", "")
    try:
        dec = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{name} must be a number, got {written!r}") from None
    if not dec.is_finite():
        raise ValueError(f"{name} must be finite, got {written!r}")
    return float(dec), 10.0 ** dec.as_tuple().exponent


def agrees(w, ulp, e, tol=0.0):
    """Is written `w` (last digit `ulp`) the value `e` rounded or cut off at that digit?"""
    slack = 1e-6 * ulp + 1e-12 * max(1.0, abs(e)) + tol
    if abs(w - e) <= 0.5 * ulp + slack:
        return True
    return (w == 0 or (w > 0) == (e > 0)) and abs(w) <= abs(e) + slack and abs(e) - abs(w) < ulp + slack


def _entries(sheet):
    if isinstance(sheet, dict):
        out = []
        for step, v in sheet.items():
            for item in (v if isinstance(v, (list, tuple)) else [v]):
                out.append(item if isinstance(item, Entry) else Entry(step, item))
        return out
    try:
        out = list(sheet)
    except TypeError:
        raise TypeError(f"sheet must be a dict or a list of Entry, got {type(sheet).__name__}") from None
    bad = [e for e in out if not isinstance(e, Entry)]
    if bad:
        raise TypeError(f"sheet must hold Entry items, got {type(bad[0]).__name__}")
    return out


def check_sheet(setup_or_derivation, sheet):
    """Every written value of `sheet` judged against the derivation (see the module docstring)."""
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
        self.written_ids = set(self.by_step)
        self.own, self.ulp, self.honest, self.origin = {}, {}, {}, {}
        self.expected, self.exp_honest, self.last, self.seen = {}, {}, {}, {}
        self.report = Report()

    def run(self):
        for s in self.d:
            deps = s.deps
            e_own = self.d.recompute(s.id, self.own) if deps else self.true[s.id]
            h = all(self.honest[x] for x in deps)
            self.own[s.id], self.ulp[s.id], self.honest[s.id] = e_own, 0.0, h
            self.origin[s.id] = next((self.origin[x] for x in deps if not self.honest[x]), None)
            self.expected[s.id], self.exp_honest[s.id] = e_own, h
            for entry in self.by_step.get(s.id, []):
                self.judge(s, entry)
        return self.report

    def _tol(self, s, vals, explicit):
        """How far rounding of deps the line did not show can move the step (half a digit each)."""
        f, base = OPS[s.op], OPS[s.op]([vals[x] for x in s.deps])
        tol = 0.0
        for x in s.deps:
            if x in explicit or not self.ulp[x]:
                continue
            moved = [abs(f([vals[y] + (k * self.ulp[x] if y == x else 0) for y in s.deps]) - base) for k in (.5, -.5)]
            tol += max(moved)
        return tol

    def _use(self, s, entry, x, text):
        """The dep value a line substituted: (value, honest, origin, new slip Finding or None)."""
        u, uu = parse(text, f"used[{x!r}] of {s.id}")
        own, coarse = self.own[x], max(uu, self.ulp[x])
        if agrees(u if uu >= self.ulp[x] else own, coarse, own if uu >= self.ulp[x] else u):
            return u, self.honest[x] or agrees(u, uu, self.true[x]), self.origin[x], None
        if agrees(u, uu, self.true[x]) or agrees(u, uu, self.expected[x]):
            self._relabel(x, "later lines use the right value")
            return u, self.honest[x], self.origin[x], None
        for v, vu, fnd in self.seen.get(x, []):
            if agrees(u, max(uu, vu), v) or agrees(v, max(uu, vu), u):
                return u, False, fnd, None
        kind, detail = self._used_kind(x, u, uu)
        f = Finding(x, entry.line, str(text), u, self.true[x], own, "slip", kind, x, None,
                    f"In {s.id} you used {x} = {text}, but your value was {own:.9g}: {detail}.", entry.note)
        self.report.append(f)
        self.seen.setdefault(x, []).append((u, uu, f))
        return u, False, f, f

    def _used_kind(self, x, u, uu):
        own = self.own[x]
        for p in (10.0, 0.1, 100.0, 0.01):
            if agrees(u, uu, own * p):
                return "decimal point", f"{p:g} times your value (a slipped decimal point)"
        if agrees(u, uu, -own):
            return "sign", "the sign flipped"
        for y, v in self.own.items():
            if y != x and y.startswith("w") and (y[1:].isdigit() or y.endswith(".new")) and x.startswith("w") \
                    and x[1:].isdigit() and agrees(u, uu, v):
                return ("used updated weight" if y == f"{x}.new" else "wrong start weight"), f"that is {y}"
        return "copied wrong", "copied wrong"

    def _relabel(self, x, why):
        f = self.last.get(x)
        if f is not None and f.status == "slip" and why not in f.message:
            if f.kind in ("arithmetic", "rounding"):
                f.kind = "copied wrong"
            f.message += f" ({why}: a copying slip only)"
            self.own[x], self.ulp[x] = self.expected[x], 0.0
            self.honest[x], self.origin[x] = self.exp_honest[x], None if self.exp_honest[x] else self.origin[x]

    def judge(self, s, entry):
        w, wu = parse(entry.written, f"sheet[{s.id!r}]")
        true = self.true[s.id]
        if not s.deps:
            ok = agrees(w, wu, true)
            self._record(s, entry, w, wu, true, "ok" if ok else "slip", "" if ok else "copied wrong", "", None,
                         [] if ok else ["wrong given"])
            return
        vals, hon, src, new = {x: self.own[x] for x in s.deps}, {x: self.honest[x] for x in s.deps}, {}, []
        for x, text in entry.used.items():
            vals[x], hon[x], src[x], fnd = self._use(s, entry, x, text)
            new += [fnd] if fnd else []
        for x in s.deps:
            src.setdefault(x, self.origin[x])
        e_used = OPS[s.op]([vals[x] for x in s.deps])
        tol = self._tol(s, vals, entry.used)
        if agrees(w, wu, true):
            return self._record(s, entry, w, wu, e_used, "ok", "", "", None, [])
        if agrees(w, wu, e_used, tol):
            return self._carried(s, entry, w, wu, e_used, vals, hon, src)
        own_vals = {x: self.own[x] for x in s.deps}
        e_own = OPS[s.op]([own_vals[x] for x in s.deps])
        if new and agrees(w, wu, e_own, tol):
            for fnd in new:
                fnd.message += " Your result used the right value, so it is a copying slip on the page only."
            return self._carried(s, entry, w, wu, e_own, own_vals, {x: self.honest[x] for x in s.deps},
                                 {x: self.origin[x] for x in s.deps})
        for x in s.deps:
            f = self.last.get(x)
            if x in entry.used or f is None or f.status != "slip":
                continue
            v2 = dict(vals, **{x: self.expected[x]})
            if agrees(w, wu, OPS[s.op]([v2[y] for y in s.deps]), tol):
                self._relabel(x, "the next step used the right value")
                hon[x], src[x] = self.honest[x], self.origin[x]
                return self._carried(s, entry, w, wu, OPS[s.op]([v2[y] for y in s.deps]), v2, hon, src)
        for v, vu, fnd in self.seen.get(s.id, []):
            if agrees(w, max(wu, vu), v):
                return self._record(s, entry, w, wu, e_used, "carried", "", s.id, fnd, [])
        kind, dep, detail = "arithmetic", "", "the arithmetic is off"
        if abs(w - e_used) < wu * (1 + 1e-6) + tol:
            kind, detail = "rounding", f"{e_used:.9g} rounded to these digits is {self._round(e_used, wu)}"
        else:
            for k, x, v, det in candidates(self.d, s, vals, self.own, self.written_ids):
                if agrees(w, wu, v, tol):
                    kind, dep, detail = k, x or "", det
                    break
            if kind == "arithmetic" and self.seen.get(s.id):
                kind, detail = "copied wrong", f"you had {self.seen[s.id][-1][0]:.9g} before"
        self._record(s, entry, w, wu, e_used, "slip", kind, dep, None, [detail])

    @staticmethod
    def _round(v, ulp):
        q = Decimal(repr(ulp)).normalize()
        return str(Decimal(repr(v)).quantize(q))

    def _carried(self, s, entry, w, wu, e, vals, hon, src):
        bad = [x for x in s.deps if not hon[x]]
        if not bad:
            return self._record(s, entry, w, wu, e, "ok", "", "", None, [])
        return self._record(s, entry, w, wu, e, "carried", "", bad[0], src.get(bad[0]), [])

    def _record(self, s, entry, w, wu, e, status, kind, dep, origin, details):
        true = self.true[s.id]
        msg = {"ok": f"{s.id} = {entry.written} is right.",
               "carried": f"{s.id} = {entry.written} follows from your {dep} (true value {true:.9g}).",
               "slip": f"{s.id} = {entry.written} is a slip ({kind}): {'; '.join(details)}; from your own values "
                       f"it is {e:.9g}, the true value is {true:.9g}."}[status]
        f = Finding(s.id, entry.line, str(entry.written), w, true, e, status, kind, dep, origin, msg, entry.note)
        self.report.append(f)
        self.own[s.id], self.ulp[s.id] = w, wu
        self.honest[s.id] = status == "ok" or agrees(w, wu, true)
        self.origin[s.id] = None if self.honest[s.id] else (f if status == "slip" else origin)
        self.expected[s.id] = e
        self.exp_honest[s.id] = status == "ok" or (status == "slip" and all(self.honest[x] for x in s.deps))
        self.last[s.id] = f
        self.seen.setdefault(s.id, []).append((w, wu, f))
        return f
