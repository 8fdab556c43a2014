"""The kinds of slip, one row each: how serious, and what it is called in each voice.

KINDS[kind] is a Kind:
    cls      for `consequences`: 'conceptual' (a piece of the method missing or wrong), 'decimal point'
             or 'copying' (a copying slip within the last digit counts as 'last digits' there)
    scaled   it replays as a ratio (a factor), not as a shift
    what     a short phrase for tables: 'left out the factor w5.do_dz'
    teacher  the clause of the teacher's sentence, `message` (lesson 06 prints it)
    student  the self-check's sentence, `explain` (lesson 07 shows it)
    used     for a value substituted in another step's line (Finding.used_in): (what, teacher)
Each is a function of (derivation, Finding) reading the Finding's fields (kind, dep, other,
factor, had, expected, ...): never its message.
"""
import math
from dataclasses import dataclass

from ..step_ids import before_update
from .sheet import parse, rounded

OWN = "from your own numbers"
TRUE = "the true value (exact, from nnlib) is"


def _g(v):
    return f"{v:.9g}"


def _name(d, step_id):
    """The teacher's name of a step: 'w5.do_dz (the slope of o1)'."""
    text = d[step_id].text if step_id in d else ""
    return f"{step_id} ({text})" if text else step_id


def _sym(d, step_id):
    """The student's name of a step: its symbol, as inline math."""
    return f"${d[step_id].symbol}$" if step_id in d else step_id


def _op(d, f):
    return d[f.step].op if f.step in d else ""


def _had(f):
    return _g(f.had) if not math.isnan(f.had) else ""


@dataclass(frozen=True)
class Kind:
    cls: str
    scaled: bool
    what: object
    teacher: object
    student: object
    used: tuple = ()


def _dropped_factor_student(d, f):
    if (d[f.dep].op if f.dep in d else _op(d, f)) == "sigmoid_prime":
        return "You dropped the σ′(z) factor: the slope of the sigmoid, a(1 − a), belongs in the chain."
    if _op(d, f) == "half_sq":
        return "You left out the ½ in E = ½(t − o)²."
    return f"You dropped the factor {_sym(d, f.dep) if f.dep else ''} from the chain."


def _lr_student(d, f):
    return (f"Wrong learning rate: this layer's rate is {_sym(d, d[f.step].deps[1])}." if _op(d, f) == "update"
            else "Wrong learning rate.")


def _wrong_input_student(d, f):
    if f.other in d:
        return f"You used {_sym(d, f.other)} in place of {_sym(d, f.dep)}."
    return f"A wrong value went in for {_sym(d, f.dep) if f.dep else ''}."


def _used_copy(d, f):
    return "a copying slip" + (f" (from your own numbers it comes to {_had(f)})" if _had(f) else "")


_UPDATE_SIGN = "You added the step: gradient descent subtracts, w⁺ = w − α·∂E/∂w."
_UPDATED = "You used the updated weight {}⁺: backprop uses the weights from before the step."

KINDS = {
    "arithmetic": Kind(
        "copying", False,
        what=lambda d, f: "",
        teacher=lambda d, f: "the arithmetic is off",
        student=lambda d, f: "The arithmetic is off: redo this step from your numbers above."),
    "rounding": Kind(
        "copying", False,
        what=lambda d, f: rounded(f.expected, parse(f.written)[1]),
        teacher=lambda d, f: f"rounded the wrong way ({_g(f.expected)} to these digits is {what(d, f)})",
        student=lambda d, f: "Rounded wrong in the last digit."),
    "copied wrong": Kind(
        "copying", False,
        what=lambda d, f: _had(f),
        teacher=lambda d, f: f"you had {_had(f)} for it before and copied it wrong" if _had(f) else "copied wrong",
        student=lambda d, f: "A value was copied wrong.",
        used=(lambda d, f: _had(f), _used_copy)),
    "sign": Kind(
        "conceptual", False,
        what=lambda d, f: ("added the step instead of subtracting it" if _op(d, f) == "update"
                           else "the sign is flipped"),
        teacher=lambda d, f: "the sign is flipped",
        student=lambda d, f: _UPDATE_SIGN if _op(d, f) == "update" else "The sign is flipped.",
        used=(lambda d, f: "the sign flipped", lambda d, f: "the sign flipped")),
    "dropped factor": Kind(
        "conceptual", True,
        what=lambda d, f: (f"left out the factor {f.dep}" if f.dep else
                           "wrote a instead of a(1 - a)" if _op(d, f) == "sigmoid_prime" else "left out the 1/2"),
        teacher=lambda d, f: f"you dropped the factor {_name(d, f.dep)}" if f.dep else f"you {what(d, f)}",
        student=_dropped_factor_student),
    "dropped term": Kind(
        "conceptual", False,
        what=lambda d, f: f"left out the term {f.dep}",
        teacher=lambda d, f: f"you dropped the term {_name(d, f.dep)}",
        student=lambda d, f: f"You left out the term {_sym(d, f.dep)}: every output's share is added up."),
    "extra factor": Kind(
        "conceptual", True,
        what=lambda d, f: f"multiplied by {f.dep} = {f.factor:.6g} once too often",
        teacher=lambda d, f: f"you {what(d, f)}",
        student=lambda d, f: f"You multiplied by {_sym(d, f.dep)} once too often."),
    "decimal point": Kind(
        "decimal point", True,
        what=lambda d, f: (f"used the gradient times {f.factor:g}" if _op(d, f) == "update"
                           else f"the value is {f.factor:g} times the right one (a slipped decimal point)"),
        teacher=lambda d, f: f"a slipped decimal point: you {what(d, f)}" if _op(d, f) == "update" else what(d, f),
        student=lambda d, f: "A decimal point slipped: the value is off by a power of ten.",
        used=(lambda d, f: f"{f.factor:g} times your value", lambda d, f: f"{what(d, f)}, a slipped decimal point")),
    "wrong start weight": Kind(
        "conceptual", False,
        what=lambda d, f: f"started from {f.dep} = {f.had:.6g}",
        teacher=lambda d, f: f"the update {what(d, f)} instead of its own old value",
        student=lambda d, f: f"You started from the wrong weight ({_sym(d, f.dep)}).",
        used=(lambda d, f: f"that is {f.other}",
              lambda d, f: f"{what(d, f)}: the update started from the wrong weight")),
    "wrong learning rate": Kind(
        "conceptual", False,
        what=lambda d, f: f"used the learning rate {f.factor:g}",
        teacher=lambda d, f: f"you {what(d, f)} instead of {_g(d[f.dep].value) if f.dep in d else ''}",
        student=_lr_student),
    "used updated weight": Kind(
        "conceptual", False,
        what=lambda d, f: f"started from the updated {f.dep}" if _op(d, f) == "update" else f"used the updated {f.dep}",
        teacher=lambda d, f: f"you {what(d, f)}, but backprop uses the weights before the step",
        student=lambda d, f: _UPDATED.format(_sym(d, f.dep)),
        used=(lambda d, f: f"that is {f.other}",
              lambda d, f: f"{what(d, f)}: the updated weight instead of the old one")),
    "used old weight": Kind(
        "conceptual", False,
        what=lambda d, f: f"used the old {before_update(f.dep)}",
        teacher=lambda d, f: f"you {what(d, f)}, but this pass uses the updated weights",
        student=lambda d, f: f"You used the old weight where the updated {_sym(d, f.dep)} belongs."),
    "wrong input": Kind(
        "conceptual", False,
        what=lambda d, f: (f"used {f.other} in place of {f.dep}" if f.other
                           else "put the activation into σ′(z) in place of z"),
        teacher=lambda d, f: f"you {what(d, f)}",
        student=_wrong_input_student),
    "skipped sigmoid": Kind(
        "conceptual", False,
        what=lambda d, f: "wrote z instead of σ(z)",
        teacher=lambda d, f: f"you {what(d, f)}",
        student=lambda d, f: "You wrote z instead of σ(z): the activation is the sigmoid of the net input."),
}


def what(d, f):
    """A slip Finding in a few words, for tables: 'left out the factor w5.do_dz' ('' if nothing to add)."""
    kind = KINDS.get(f.kind)
    if kind is None:
        return ""
    return (kind.used[0] if f.used_in and kind.used else kind.what)(d, f)


def _teacher(d, f):
    kind = KINDS.get(f.kind)
    if f.used_in:
        return kind.used[1](d, f) if kind and kind.used else _used_copy(d, f)
    return kind.teacher(d, f) if kind else f.kind


def message(d, f):
    """The teacher's sentence for a checker Finding: what is wrong, from which numbers, and the true value."""
    where = f" (line {f.line})" if f.line is not None else ""
    if f.status == "ok":
        exact = abs(f.value - f.true) <= abs(f.true) * 1e-9
        return f"{f.step} = {f.written} is right{'' if exact else ' at the digits written'}."
    if f.status == "carried":
        o = f.origin
        first = (f"; the slip behind it is {o.step}" + (f" on line {o.line}" if o.line is not None else "")
                 if o is not None else "")
        return (f"{f.step} = {f.written}{where} is what your own {f.dep} = {_g(f.expected) if f.dep == f.step else ''}"
                .rstrip(" =") + f" gives, but that was already off{first}; {TRUE} {_g(f.true)}.")
    tiny = abs(f.value - f.expected) <= 1e-6 * max(abs(f.expected), 1e-12)
    size = " Only the last digits are off." if tiny else ""
    if f.used_in:
        tail = (f" The result on that line used {_g(f.expected)} after all, so only the page is wrong." if f.text_only
                else f" Later lines use {_g(f.expected)} again." if f.relabelled else "")
        return (f"In the line for {f.used_in}{where} you used {f.step} = {f.written}, but you had {_g(f.expected)}: "
                f"{_teacher(d, f)}; {TRUE} {_g(f.true)}.{tail}{size}")
    if f.relabelled:
        return (f"You wrote {f.step} = {f.written}{where}, but {f.relabelled} {_g(f.expected)}, what your own numbers "
                f"give: a copying slip on the page{'' if f.kind == 'copied wrong' else ' (' + f.kind + ')'} that "
                f"changes nothing after it; {TRUE} {_g(f.true)}.{size}")
    right = f"{TRUE} {_g(f.true)}" if f.kind == "copied wrong" and _had(f) else \
        f"{OWN} it comes to {_g(f.expected)}; {TRUE} {_g(f.true)}"
    return f"{f.step} = {f.written}{where}: {_teacher(d, f)}; {right}.{size}"


def explain(d, f):
    """The student's sentence for a checker Finding, in the words of lesson 07."""
    if f.status == "ok":
        return "Correct (within rounding)."
    if f.status == "carried":
        return (f"Right method: this follows from your {_sym(d, f.dep)}, which was off, so the number differs "
                f"from the true one. Fix {_sym(d, f.dep)} first.")
    kind = KINDS.get(f.kind, KINDS["arithmetic"])
    return kind.student(d, f)
