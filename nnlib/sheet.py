"""A hand-written sheet as data: written numbers, their precision, and the findings about them.

`parse` keeps the precision a value was written with ('0.6034' -> last digit 1e-4), `agrees`
says whether a written value is another rounded or cut off at that digit. The checker
(`nnlib.checker`) fills a Report of Findings from a sheet of Entries.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation


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
    detail: str = ""     # what the kind hypothesis found, e.g. 'left out the factor w5.do_dz'
    used_in: str = ""    # for a value substituted in another step's line: that step
    relabelled: str = ""  # why a slip was later seen to be a copying slip only
    text_only: bool = False  # a substituted value the line's result did not actually use


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
