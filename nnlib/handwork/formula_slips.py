"""Formula slips in the notes: lines whose *formula* is wrong, which no check of the values can see.

A hand-made list (read from nnlib/handwork/notes.txt). Each FormulaSlip has the line, `written` (the exact
text of the line that is wrong), `meant` (LaTeX of what the line should say), `why` (what goes wrong
if a student takes the line at its word), `step` (the derivation step the meant formula computes),
and two functions of the derivation's values (step id -> number): `read` (the line taken literally,
None where it has no value) and `right` (the meant formula). `also`: other lines with the same slip.
The theta names are the notes' own: theta^l_{ij} is the weight of layer l from unit i to unit j
(theta^0_{11} = w1, theta^0_{12} = w2, theta^0_{21} = w3, theta^0_{22} = w4, theta^1_{11} = w5, ...).
"""
import math
from dataclasses import dataclass


def _g(z):
    return 1.0 / (1.0 + math.exp(-z))


def _dg(z):
    return _g(z) * (1.0 - _g(z))


@dataclass(frozen=True)
class FormulaSlip:
    line: int
    written: str
    meant: str
    why: str
    step: str
    read: object = None     # values -> what the line gives taken literally
    right: object = None    # values -> what the meant formula gives
    also: tuple = ()


_G = "g(z) is the sigmoid itself, the unit's output ({out}); the slope is g'(z) = g(z)(1 - g(z)). {after}"


def _slope_written_as_sigmoid(line, written, meant, out, after, step, zid):
    """A slope dA/dz written as g(z), the sigmoid itself, where g'(z) is meant."""
    return FormulaSlip(line, written, meant, _G.format(out=out, after=after), step,
                       lambda v: _g(v[zid]), lambda v: _dg(v[zid]))


def _sigmoid_inside_exponent(line, z, step, zid, val):
    """1/(1 + e^(-g(z))): the sigmoid applied twice, where the value written uses z."""
    return FormulaSlip(line, rf"\frac{{1}}{{1 + e^{{-g({z})}}}}", rf"\frac{{1}}{{1 + e^{{-{z}}}}}",
                       f"g(z) is 1/(1 + e^(-z)): writing g inside the exponent applies the sigmoid twice. The value "
                       f"written ({val}) uses z, so only the line is wrong.", step,
                       lambda v: _g(_g(v[zid])), lambda v: _g(v[zid]))


FORMULA_SLIPS = [_slope_written_as_sigmoid(*row) for row in (
    # (line, written, meant, the unit's output, what the notes do next, step, z)
    (156, r"\frac{\partial O_i}{\partial z_i} = g(z_i)", r"\frac{\partial o_1}{\partial z_{o1}} = g'(z_{o1})", "o1",
     "Line 160 then writes the right product.", "w5.do_dz", "z_o1"),
    (202, r"\frac{\partial O_2}{\partial z_2'} = g(z_2')", r"\frac{\partial o_2}{\partial z_{o2}} = g'(z_{o2})", "o2",
     "Line 204 then writes the right product.", "w6.do_dz", "z_o2"),
    (238, r"\frac{\partial o_1}{\partial z_i} &= g(z_i)",
     r"\frac{\partial o_1}{\partial z_{o1}} = g(z_{o1})(1 - g(z_{o1}))", "o1",
     "The next part, (1 = g(z_i)), has = where - is meant.", "w7.do_dz", "z_o1"),
    (355, r"\frac{\partial a_1}{\partial z_1^0} = g(z_1^0)", r"\frac{\partial a_1}{\partial z_{h1}} = g'(z_{h1})", "a1",
     "Line 357 then writes the right product.", "w1.da_dz", "z_h1"),
    (455, r"\frac{\partial a_2}{\partial z_2^0} = g(z_2^0)", r"\frac{\partial a_2}{\partial z_{h2}} = g'(z_{h2})", "a2",
     "Line 457 then uses the right product.", "w2.da_dz", "z_h2"),
)]
FORMULA_SLIPS += [
    FormulaSlip(162, r"1 - \frac{1}{1 + e^{-0.6738}}", r"1 - \frac{1}{1 + e^{-0.72562}}",
                "The second factor puts o1 = 0.6738 where z = 0.72562 belongs: g(o1) is not o1. (The first factor's "
                "0.72552 is 0.72562 miscopied.)", "w5.do_dz",
                lambda v: _g(v["z_o1"]) * (1 - _g(v["o1"])), lambda v: _g(v["z_o1"]) * (1 - _g(v["z_o1"]))),
    FormulaSlip(164, r"0.6738 \times (1 - 0.6738)^{-1}", r"0.6738 \times (1 - 0.6738)",
                "The power -1 divides instead of multiplying: read literally the line is 2.07, nine times the slope "
                "it should be. Line 166 (0.21919356, a miscopy of 0.21979356) is the product, so only the line is "
                "wrong.",
                "w5.do_dz", lambda v: v["o1"] / (1 - v["o1"]), lambda v: v["o1"] * (1 - v["o1"])),
    FormulaSlip(206, r"\left( \frac{1}{1 + e^{0.4176}} \right) \left( 1 - \frac{1}{1 + e^{-0.4176}} \right)",
                r"\left( \frac{1}{1 + e^{-0.47691}} \right) \left( 1 - \frac{1}{1 + e^{-0.47691}} \right)",
                "0.4176 is dE/do2 from line 200, put in where z2' belongs (and the first exponent lost its minus). "
                "The result written (0.23616) is o2(1 - o2), so only the line is wrong.", "w6.do_dz",
                lambda v: _g(-v["w6.dE_do"]) * (1 - _g(v["w6.dE_do"])), lambda v: _dg(v["z_o2"])),
    FormulaSlip(425, r"\theta_{21}^1 = w_2 = 0", r"\theta_{21}^1 = w_7 = 0.8",
                "theta^1_21 is the weight from h2 to o1, w7 = 0.8, not w2; and no weight here is 0. Line 427 "
                "uses 0.8, so only the line is wrong.", "w2.dz_o1_da", lambda v: 0.0, lambda v: v["w7"]),
    FormulaSlip(150, r"\frac{\partial E_{\text{total}}}{\partial o_1} &= \frac{1}{2} (\text{target}_{o1} - "
                r"\text{Output}_{o1})^2 +",
                r"\frac{\partial E}{\partial o_1} = \frac{\partial}{\partial o_1}\Big[\tfrac{1}{2}(t_1 - o_1)^2 + "
                r"\tfrac{1}{2}(t_2 - o_2)^2\Big] = -(t_1 - o_1)",
                "The derivative is written equal to the loss itself; it is the derivative of the loss. "
                "Line 154 gets the derivative right.", "w5.dE_do", lambda v: v["E"], lambda v: -(v["t1"] - v["o1"])),
    FormulaSlip(189, r"\frac{\partial E_{\text{total}}}{\partial O_2} = \frac{1}{2} (\text{target}_{O_2} - "
                r"\text{Output}_{O_2})^2",
                r"\frac{\partial E}{\partial o_2} = -(t_2 - o_2)",
                "Again the derivative is written equal to the loss (and line 192 writes o2's term twice where the "
                "first should be o1's). Line 196 gets the derivative right.", "w6.dE_do",
                lambda v: v["E"], lambda v: -(v["t2"] - v["o2"])),
    FormulaSlip(168, r"\frac{\partial z_i}{\partial w_5} = \theta_{1i}' a_1 + \theta_{2i}' a_2",
                r"\frac{\partial z_{o1}}{\partial w_5} = \frac{\partial}{\partial w_5}(w_5 a_1 + w_7 a_2) = a_1",
                "The derivative is written equal to z itself. Read it as 'differentiate this': the next line "
                "(a1 + 0) does so. The same shorthand is on the other lines listed.", "w5.dz_dw",
                lambda v: v["z_o1"], lambda v: v["a_h1"], also=(210, 240, 264, 303, 336, 363, 402, 439, 494)),
    FormulaSlip(313, r"\frac{\partial E_{\text{total}}}{\partial w_T} = \frac{\partial E_{\text{total}}}{\partial "
                r"O_1} \times \frac{\partial O_1}{\partial z_1'}",
                r"\frac{\partial E}{\partial z_{o1}} = \frac{\partial E}{\partial o_1} \times \frac{\partial "
                r"o_1}{\partial z_{o1}}",
                "The left side names a weight's gradient; the product is dE/dz1', the error signal of o1 "
                "(which the same line says at its end). It is no weight's gradient.", "w1.dE_dz_o1",
                lambda v: v["w7.grad"], lambda v: v["w5.dE_do"] * v["w5.do_dz"]),
    FormulaSlip(396, r"\frac{\partial E_{01}}{\partial a_1} = \frac{E_{01}}{\partial a_1} \frac{\partial "
                r"a_1}{\partial z_1^0}",
                r"\frac{\partial E_{o1}}{\partial a_1} = \frac{\partial E_{o1}}{\partial z_{o1}} \frac{\partial "
                r"z_{o1}}{\partial a_1}",
                "How E_o1 changes with a1 does not involve the slope of a1 (that comes after, for w1 and w3). "
                "The sum on line 394 rightly leaves it out.", "w1.dE_o1_da",
                lambda v: v["w1.dE_o1_da"] * v["w1.da_dz"], lambda v: v["w1.dE_dz_o1"] * v["w5"]),
    FormulaSlip(365, r"\frac{\partial w_i}{\partial w_j} = \theta_{ij}^0 = x_1 + 0",
                r"\frac{\partial z_{h1}}{\partial w_1} = x_1",
                "The derivative of a weight by a weight would be 1; what is meant is how z_h1 changes with w1, "
                "which is x1 = 0.3 (line 369).", "w1.dz_dw", lambda v: 1.0, lambda v: v["x1"]),
    FormulaSlip(402, r"&= 0 + 1 \\ &= 0.9", r"= 0 + x_2 = 0.9",
                "The derivative of theta^0_21 x2 by theta^0_21 is x2 = 0.9, not 1 (the next part writes 0.9).",
                "w3.dz_dw", lambda v: 1.0, lambda v: v["x2"]),
    FormulaSlip(496, r"w_4 = \theta_{22} = 0 + x_2", r"\frac{\partial z_{h2}}{\partial w_4} = 0 + x_2 = 0.9",
                "The weight w4 (0.1) is set equal to its derivative x2 (0.9); only the derivative is x2.",
                "w4.dz_dw", lambda v: v["w4"], lambda v: v["x2"]),
    FormulaSlip(92, r"Z_{21}' = \Theta_{21} \Theta_{12}' a_1 + b \rightarrow O_2", r"z_{12}' = \theta_{12}^1 a_1 + b "
                r"\rightarrow o_2",
                "What h1 sends to o2 is theta^1_12 a1 (w6 a1); the extra theta and the name Z'_21 (already used on "
                "line 90 for what h2 sends to o1) mix up the two output units.", "z_o2.h1",
                lambda v: v["w3"] * v["w6"] * v["a_h1"], lambda v: v["w6"] * v["a_h1"]),
]
FORMULA_SLIPS += [_sigmoid_inside_exponent(*row) for row in (
    # (line, z as the notes write it, step, z's step, the value written)
    (526, "z_1^0", "after.a_h1", "after.z_h1", "0.60606"),
    (532, "z_2^0", "after.a_h2", "after.z_h2", "0.530487"),
    (544, "z_1'", "after.o1", "after.z_o1", "0.676"),
    (561, "z_2'", "after.o2", "after.z_o2", "0.6239"),
)]
