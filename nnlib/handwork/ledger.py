"""The checker's ledger: what the writer has for every step so far, and the Findings reported.

Two records per step (`nnlib.handwork.checker` walks the derivation and judges the lines):
`own[step]`, the value the writer carries on with, and `expected[step]`, what the writer's own
earlier values give; each a Held (value, last written digit, honest or not, the slip it comes from).
"""
from dataclasses import dataclass

from .sheet import Entry, Finding, Report, agrees


@dataclass(frozen=True)
class Held:
    """A value the checker holds for a step: `ulp` its last written digit (0: exact), `honest` true up
    to rounding or made from honest values, `origin` the Finding of the slip it comes from (None if honest)."""
    value: float
    ulp: float = 0.0
    honest: bool = True
    origin: object = None


@dataclass(frozen=True)
class Seen:
    """A value written or substituted for a step, and its Finding."""
    value: float
    ulp: float
    finding: Finding


@dataclass(frozen=True)
class Line:
    """One written line being judged: the number read (value, ulp), the dep values it used (step id ->
    Held), what they give (`result`) and how far the rounding of deps it did not show can move that (`tol`)."""
    step: object
    entry: Entry
    value: float
    ulp: float
    inputs: dict
    result: float
    tol: float


class Ledger:
    """The records of every step so far and the Report; `record` adds a Finding and updates them."""

    def __init__(self, true):
        self.true = true    # step id -> exact value
        self.own = {}       # step id -> Held: the value the writer carries on with
        self.expected = {}  # step id -> Held: what the writer's own earlier values give (exact)
        self.last = {}      # step id -> the last Finding recorded for it
        self.seen = {}      # step id -> [Seen]: every value written or substituted for it
        self.cause = {}     # id(a slip in a substituted value) -> the earlier slip that moved it more
        self.report = Report()

    def start(self, step_id, held):
        """Before any line of the step: both records are what the writer's values give."""
        self.own[step_id] = self.expected[step_id] = held

    def behind(self, f):
        """The slip a value that agrees with Finding `f` comes from."""
        return self.cause.get(id(f), f) if f.status == "slip" else f.origin

    def relabel(self, x, why):
        """The last slip of `x` was on the page only: later lines use what the writer's numbers give."""
        f = self.last.get(x)
        if f is not None and f.status == "slip" and not f.relabelled:
            if f.kind in ("arithmetic", "rounding"):
                f.kind = "copied wrong"
            f.relabelled = why
            self.own[x] = self.expected[x]

    def record(self, line, status, origin=None, **slip):
        """Report the Finding for `line` and update the step's two records."""
        s, entry, value, ulp, result = line.step, line.entry, line.value, line.ulp, line.result
        true = self.true[s.id]
        f = Finding(step=s.id, line=entry.line, written=str(entry.written), value=value, true=true, expected=result,
                    status=status, origin=origin, note=entry.note, **slip)
        self.report.append(f)
        honest = status == "ok" or agrees(value, ulp, true)
        inputs = line.inputs
        from_deps = next((self.own[x].origin for x in s.deps if not inputs[x].honest), None) if inputs else None
        origin_now = None if honest else (f if status == "slip" else origin)
        if status == "slip" and from_deps is not None and not honest and abs(result - true) > abs(value - result):
            origin_now = from_deps  # an earlier slip moved this value more than this one did: it is behind what follows
        self.own[s.id] = Held(value, ulp, honest, origin_now)
        expected_honest = status == "ok" or all(h.honest for h in inputs.values())
        expected_origin = None if expected_honest else (origin if status != "slip" else from_deps)
        self.expected[s.id] = Held(result, 0.0, expected_honest, expected_origin)
        self.last[s.id] = f
        self.seen.setdefault(s.id, []).append(Seen(value, ulp, f))
        return f

    def record_substituted(self, f, ulp):
        """Report the slip `f` in a value a line substituted; the Held the line goes on with."""
        x, value = f.step, f.value
        self.report.append(f)
        self.seen.setdefault(x, []).append(Seen(value, ulp, f))
        # what follows is blamed on the slip that moved the value most: if the value the writer should
        # have had was already further off (say, from a dropped term) than this copy moved it, that one
        earlier = self.expected[x].origin
        if earlier is not None and abs(self.expected[x].value - self.true[x]) > abs(value - self.expected[x].value):
            self.cause[id(f)] = earlier
        return Held(value, 0.0, False, self.cause.get(id(f), f))
