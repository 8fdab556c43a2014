"""Self-check exercises: a variant of the worked example per seed, and feedback on each step.

A seed (a whole number 0..999999) decides the weights, input, target, learning rates and which
output weight and hidden weight to update. Same seed, same numbers on any machine (Python's
`random.Random(str).random()` stream is guaranteed stable), so a student tells the teacher the seed
and the teacher regenerates the variant and its answer key: `answer_key(seed)` (the instructor
notebook `notebooks/instructor/answer_key.ipynb` shows it as a table).

Judging is `nnlib.handwork.checker.check_sheet` on everything the student entered so far. This module is
a thin layer over it: the student's sentence per kind of slip (from `nnlib.handwork.kinds`) and a
minimum of significant digits (the checker accepts any honest rounding, even '1' for 0.6). Typed numbers are read by
`nnlib.handwork.sheet.parse`, the one reader of student numbers (comma decimals, '1e-3'; never inf or nan).
"""
import math
import random
from dataclasses import dataclass

from .. import validate
from . import choices, kinds
from .checker import check_sheet
from ..derivation import derive
from ..formulas import fmt
from ..network import Network
from ..presets import Setup
from .sheet import parse

SEEDS = 1_000_000
DIGITS = 3  # significant digits a value needs to count as correct


def _uniform_steps(rng, lo, hi, step):
    """One of lo, lo+step, ..., hi, from rng.random() alone (the stream Python keeps stable)."""
    n = round((hi - lo) / step) + 1
    return round(lo + step * min(int(rng.random() * n), n - 1), 10)


def _seed(seed):
    seed = validate.whole_number(seed, "seed")
    if seed >= SEEDS:
        raise ValueError(f"seed must be below {SEEDS}, got {seed}")
    return seed


def _rng(seed):
    return random.Random(f"backprop-exercise-{_seed(seed)}")


def variant(seed):
    """The Setup of variant `seed`: weights ±0.10..0.90, x and t in 0.1..0.9, no biases (as the notes)."""
    rng = _rng(seed)
    w = {f"w{k}": _uniform_steps(rng, 0.1, 0.9, 0.05) * (-1 if rng.random() < 0.3 else 1) for k in range(1, 9)}
    x = (_uniform_steps(rng, 0.1, 0.9, 0.1), _uniform_steps(rng, 0.1, 0.9, 0.1))
    t = (_uniform_steps(rng, 0.05, 0.95, 0.05), _uniform_steps(rng, 0.05, 0.95, 0.05))
    lr = tuple((0.1, 0.25, 0.5, 1.0)[int(rng.random() * 4)] for _ in range(2))
    return Setup(Network.from_weights(**w), x=x, t=t, lr=lr, update_biases=False, title=f"exercise variant {seed}")


def chosen_weights(seed):
    """(output weight, hidden weight) the variant asks about: one of w5..w8, and w1 or w2."""
    rng = random.Random(f"backprop-exercise-{_seed(seed)}-weights")
    return f"w{5 + int(rng.random() * 4)}", f"w{1 + int(rng.random() * 2)}"


FORWARD = ("z_h1", "a_h1", "z_h2", "a_h2", "z_o1", "o1", "z_o2", "o2", "E_o1", "E_o2", "E")
OUTPUT = ("dE_do", "do_dz", "dz_dw", "grad", "new")
HIDDEN = ("dE_dz_o1", "dz_o1_da", "dE_o1_da", "dE_dz_o2", "dz_o2_da", "dE_o2_da", "dE_da", "da_dz", "dz_dw",
          "grad", "new")


def questions(seed):
    """The step ids to compute, in order: forward pass, one output weight, one hidden weight."""
    wo, wh = chosen_weights(seed)
    return list(FORWARD) + [f"{wo}.{s}" for s in OUTPUT] + [f"{wh}.{s}" for s in HIDDEN]


def answer_key(seed):
    """[(step id, LaTeX symbol, true value)] of variant `seed`, for the teacher."""
    d = derive(variant(seed))
    return [(q, d[q].symbol, d[q].value) for q in questions(seed)]


def answer_key_markdown(seed):
    """The teacher's key of variant `seed` as a Markdown table, with what each no-formulas row is built from."""
    d = derive(variant(seed))
    lines = ["| step | quantity | true value | built from (no-formulas mode) |", "|---|---|---|---|"]
    for q, symbol, value in answer_key(seed):
        built = ", ".join(choices.label(d, x) for x in d[q].deps) if choices.chooses(d, q) else ""
        lines.append(f"| `{q}` | ${symbol}$ | {fmt(value)} | {built} |")
    return "\n".join(lines)


@dataclass(frozen=True)
class Feedback:
    """One step's verdict: status 'correct', 'carried', 'wrong', 'too coarse' or 'unreadable'."""
    step: str
    status: str
    kind: str
    message: str
    true: float = math.nan      # revealed: feedback exists only after an attempt
    expected: float = math.nan  # what the step comes to from the student's own earlier values

    @property
    def correct(self):
        return self.status == "correct"


def coarse(written, written_ulp, true, digits=DIGITS):
    """Is `written` a rounding of `true` coarser than `digits` significant digits? (Exact is never coarse.)"""
    if true == 0 or math.isclose(written, true, rel_tol=1e-9):
        return False
    return written_ulp > 10.0 ** (math.floor(math.log10(abs(true))) - digits + 1) * (1 + 1e-9)


class Exercise:
    """Variant `seed` and what the student entered; `check(step, text)` -> Feedback for that step."""

    def __init__(self, seed):
        self.seed, self.setup = seed, variant(seed)
        self.derivation = derive(self.setup)
        self.questions = questions(seed)
        self.entered = {}

    def _step(self, step):
        if step not in self.questions:
            raise ValueError(f"step must be one of this exercise's steps {self.questions}, got {step!r}")

    def check_factors(self, step, chosen):
        """choices.Choice on the quantities (step ids) picked for `step` in 'no formulas' mode."""
        self._step(step)
        return choices.judge(self.derivation, step, list(chosen))

    def check(self, step, text):
        """Feedback on `text` typed for `step`, judged with every value checked so far."""
        self._step(step)
        d = self.derivation
        try:
            value, ulp = parse(text, "your answer")
        except (TypeError, ValueError) as exc:
            self.entered.pop(step, None)
            return Feedback(step, "unreadable", "", f"Could not read that as a number: {exc}.")
        self.entered[step] = text
        report = check_sheet(d, {q: self.entered[q] for q in self.questions if q in self.entered})
        f = report.find(step)
        true = d[step].value
        if f.kind in ("", "rounding") and coarse(value, ulp, f.expected if f.status == "carried" else true):
            return Feedback(step, "too coarse", "", f"Give at least {DIGITS} significant digits: {text} is too "
                            f"rounded to tell.", true, f.expected)
        status = {"ok": "correct", "carried": "carried", "slip": "wrong"}[f.status]
        return Feedback(step, status, f.kind, kinds.explain(d, f), true, f.expected)
