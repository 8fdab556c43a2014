"""The operations a derivation step can perform: their value and their LaTeX.

Each op combines the values of a step's deps; `rhs` writes the same op in symbols and with
the numbers substituted, so the text a student reads is generated from the op that computes.
"""
import math

from .functions import sigmoid


def _cross_entropy(t, o):
    """-[t ln o + (1 - t) ln(1 - o)]; o kept inside (0, 1) by one ulp so a rounded 0 or 1 stays finite."""
    o = min(max(o, 5e-324), 1 - 2 ** -53)
    return -(t * math.log(o) + (1 - t) * math.log1p(-o))


OPS = {  # how a step combines its deps' values ("given" steps have none)
    "copy": lambda v: v[0],
    "mul": math.prod,
    "sum": math.fsum,
    "sigmoid": lambda v: float(sigmoid(v[0])),
    "sigmoid_prime": lambda v: v[0] * (1 - v[0]),
    "tanh": lambda v: math.tanh(v[0]),
    "tanh_prime": lambda v: 1 - v[0] * v[0],
    "relu": lambda v: max(v[0], 0.0),
    "relu_prime": lambda v: 1.0 if v[0] > 0 else 0.0,   # the subgradient 0 at the kink z = 0
    "linear": lambda v: v[0],
    "linear_prime": lambda v: 1.0,
    "cross_entropy": lambda v: _cross_entropy(v[0], v[1]),
    "out_minus_target": lambda v: v[1] - v[0],           # deps (t, o): the delta o - t of cross-entropy
    "neg_error": lambda v: -(v[0] - v[1]),
    "half_sq": lambda v: 0.5 * (v[0] - v[1]) ** 2,
    "update": lambda v: v[0] - v[1] * v[2],
}


def fmt(v):
    """A number as the kit prints it: 6 significant digits, no exponent for usual sizes."""
    s = f"{v:.6g}"
    return s if "e" not in s else f"{v:.3e}"


def rhs(op, syms, vals):
    """(formula, substituted) LaTeX for an op on symbols / values."""
    n = [f"({fmt(v)})" if v < 0 else fmt(v) for v in vals]
    if op in ("given", "copy"):
        return syms[0], n[0]
    if op == "mul":
        return r" \cdot ".join(syms), r" \cdot ".join(n)
    if op == "sum":
        return " + ".join(syms), " + ".join(n)
    if op == "sigmoid":
        return r"\sigma(%s) = \frac{1}{1 + e^{-%s}}" % (syms[0], syms[0]), r"\frac{1}{1 + e^{-(%s)}}" % fmt(vals[0])
    if op == "sigmoid_prime":
        return r"%s\,(1 - %s)" % (syms[0], syms[0]), r"%s\,(1 - %s)" % (n[0], n[0])
    if op == "tanh":
        return r"\tanh(%s)" % syms[0], r"\tanh(%s)" % n[0]
    if op == "tanh_prime":
        return r"1 - %s^2" % syms[0], r"1 - %s^2" % n[0]
    if op == "relu":
        return r"\max(0, %s)" % syms[0], r"\max(0, %s)" % n[0]
    if op == "relu_prime":
        return r"[%s > 0]" % syms[0], r"[%s > 0]" % n[0]
    if op == "linear":
        return syms[0], n[0]
    if op == "linear_prime":
        return "1", "1"
    if op == "cross_entropy":
        return (r"-[%s \ln %s + (1 - %s) \ln(1 - %s)]" % (syms[0], syms[1], syms[0], syms[1]),
                r"-[%s \ln %s + (1 - %s) \ln(1 - %s)]" % (n[0], n[1], n[0], n[1]))
    if op == "out_minus_target":
        return r"%s - %s" % (syms[1], syms[0]), r"%s - %s" % (n[1], n[0])
    if op == "neg_error":
        return r"-(%s - %s)" % tuple(syms), r"-(%s - %s)" % tuple(n)
    if op == "half_sq":
        return r"\tfrac{1}{2}(%s - %s)^2" % tuple(syms), r"\tfrac{1}{2}(%s - %s)^2" % tuple(n)
    if op == "update":
        return r"%s - %s \cdot %s" % tuple(syms), r"%s - %s \cdot %s" % tuple(n)
    raise ValueError(f"unknown op {op!r}")
