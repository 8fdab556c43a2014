"""A hand-written sheet as data: written numbers, their precision, and the findings about them.

`parse` keeps the precision a value was written with ('0.6034' -> last digit 1e-4), `agrees`
says whether a written value is another rounded or cut off at that digit. The checker
(`nnlib.handwork.checker`) fills a Report of Findings from a sheet of Entries.
"""
import math
import numbers
import re
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Entry:
    """One written value: step id, the text as written, the line it is on, values substituted."""
    step: str
    written: object
    line: object = None
    used: dict = field(default_factory=dict)
    note: str = ""
    tol: float = 0.0     # extra tolerance when the line rounds an intermediate it shows (say so in note)


@dataclass
class Finding:
    """The verdict on one written value (or on a value a line substituted), filled in by the checker.

    Where it is:  step (id), line, written (the text), note (from the Entry)
    Its values:   value (read from `written`), true (exact, from nnlib), expected (what the step comes to
                  from the writer's own earlier values)
    The verdict:  status 'ok' | 'carried' | 'slip'; message (the teacher's sentence, `kinds.message`);
                  carried: dep (the dep it was carried from), origin (the Finding of the first slip behind it)
    A slip:       kind (a key of `kinds.KINDS`), dep (the factor, term or weight it is about), other (the
                  step put in its place), factor (the power of ten, the learning rate used, the value
                  multiplied in), had (the writer's own value it involves: the weight an update started
                  from, the value a copy should have read; nan if none)
    Substituted:  used_in (the step whose line used this value), text_only (the line's result did not
                  use it after all), relabelled (why a slip was later seen to be on the page only)
    """
    step: str
    line: object
    written: str
    value: float
    true: float
    expected: float
    status: str
    kind: str = ""
    dep: str = ""
    origin: object = None
    message: str = ""
    note: str = ""
    other: str = ""
    factor: float = math.nan
    had: float = math.nan
    used_in: str = ""
    relabelled: str = ""
    text_only: bool = False


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


LARGEST = 1e15    # a written value must be smaller than this in size (the checks square and multiply them)
_LARGEST_TEXT = f"{LARGEST:.0e}".replace("e+", "e")
LONGEST = 40      # characters in a typed number
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def parse(written, name="written"):
    """(value, unit of the last written digit) of a written number: '0.6034' -> (0.6034, 1e-4).

    The one reader of numbers a person typed or wrote (self-check answers, sheets). Accepts
    '0.5', '-1,25' (a comma as the decimal mark), '1e-3', a '−' sign and spaces around; refuses
    empty text, words, nan and inf, and sizes from LARGEST on ('1e400'), with a ValueError that
    names `name`. A number that is not text is read at its shortest repr.
    """
    if isinstance(written, bool) or not isinstance(written, (str, numbers.Real, Decimal)):
        raise TypeError(f"{name} must be a number or a numeric string, got {type(written).__name__}")
    if isinstance(written, str):
        text = _clean(written, name)
    elif math.isfinite(written):
        text = repr(float(written))
    else:
        raise ValueError(f"{name} must be a finite number, got {written!r}")
    dec = Decimal(text)
    exponent = dec.as_tuple().exponent
    if abs(dec) >= Decimal(LARGEST):
        raise ValueError(f"{name} is out of range: {_show(written)} is not below {_LARGEST_TEXT} in size")
    if exponent > 15:
        raise ValueError(f"{name} is out of range: the last digit of {_show(written)} stands for 1e{exponent}")
    return float(dec), (10.0 ** exponent if exponent > -400 else 0.0)


def _show(written):
    return repr(written if not isinstance(written, str) else written.strip())


def _clean(written, name):
    """The typed text as Decimal reads it: one sign, digits, one decimal point, an exponent."""
    text = written.strip().replace("\u2212", "-")
    text = re.sub(r"^([+-])\s+", r"\1", text)  # '- 0.5'
    if not text:
        raise ValueError(f"{name} is empty: type a number, like 0.42")
    if len(text) > LONGEST:
        raise ValueError(f"{name} is too long ({len(text)} characters): type one number, like 0.42")
    if text.lstrip("+-").lower() in ("nan", "inf", "infinity", "snan"):
        raise ValueError(f"{name} must be a finite number, got {_show(written)}")
    if "," in text and "." in text:
        raise ValueError(f"{name} has both a comma and a point: use one of them as the decimal mark, "
                         f"got {_show(written)}")
    text = text.replace(",", ".", 1) if text.count(",") == 1 else text
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{name} must be a number like 0.42, -1,25 or 1e-3, got {_show(written)}")
    return text


def agrees(w, ulp, e, tol=0.0):
    """Is written `w` (last digit `ulp`) the value `e` rounded or cut off at that digit?"""
    slack = 1e-6 * ulp + 1e-12 * max(1.0, abs(e)) + tol
    if abs(w - e) <= 0.5 * ulp + slack:
        return True
    return (w == 0 or (w > 0) == (e > 0)) and abs(w) <= abs(e) + slack and abs(e) - abs(w) < ulp + slack


def entries(sheet):
    """The sheet as a list of Entry (a dict of step -> value(s) or Entry, or an iterable of Entry)."""
    if isinstance(sheet, dict):
        out = []
        for step, v in sheet.items():
            for item in (v if isinstance(v, (list, tuple)) else [v]):
                if item is None:
                    raise TypeError(f"sheet[{step!r}] must be a number or a numeric string, got None")
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


def entry_tol(entry):
    """Extra tolerance an Entry grants (a line that rounds an intermediate it shows)."""
    return float(entry.tol) if entry.tol else 0.0


def rounded(v, ulp):
    """`v` written to the digit `ulp`, as text."""
    return str(Decimal(repr(v)).quantize(Decimal(repr(ulp)).normalize()))
