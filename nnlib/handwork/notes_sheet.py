"""The handwritten notes transcribed as data: every value they write, as written, with its line.

`NOTES_TEXT` is the notes (nnlib/handwork/notes.txt, the OCR text of the handwritten pages) and
`notes_lines()` its lines; `NOTES_SHEET` is a list of checker Entries: step id, the value exactly
as written (a string, so its precision is known), the line of notes.txt, and, where a line
substitutes numbers, the values it used for the step's deps. OCR garble read as: "2 = 1" and
"λ = 1" mean α = 1; w_f, w_T mean w7; "g(z)" where g'(z) is meant; "q_1" is ∂E/∂a1.
Nothing here is a true value: `nnlib.handwork.checker.check_sheet(NOTES, NOTES_SHEET)` judges them.
`NOTES_FINAL` is the list of new weights the notes end with (lines 571-580).
"""
from pathlib import Path

from .checker import Entry

NOTES_TEXT = (Path(__file__).parent / "notes.txt").read_text(encoding="utf-8")


def notes_lines():
    """{line number (1-based): text} of the notes."""
    return dict(enumerate(NOTES_TEXT.splitlines(), start=1))


def _e(step, written, line, note="", **used):
    return Entry(step, written, line, {k.replace("__", "."): v for k, v in used.items()}, note)


A1, A2 = "0.6034", "0.5299"     # the rounded activations the notes list on line 114 and use from then on
NOTES_SHEET = [
    # forward pass, hidden layer (lines 64-84)
    _e("z_h1.x1", "0.06", 68, w1="0.2", x1="0.3"),
    _e("z_h1.x2", "0.36", 68, w3="0.4", x2="0.9"),
    _e("z_h1", "0.42", 70),
    _e("z_h2.x1", "0.03", 68, w2="0.1", x1="0.3"),
    _e("z_h2.x2", "0.09", 68, w4="0.1", x2="0.9"),
    _e("z_h2", "0.12", 72),
    _e("a_h1", "0.60348324986", 82),
    _e("a_h2", "0.52996405176", 84),
    # output layer (lines 104-125)
    _e("z_o1.h1", "0.3017", 108, w5="0.5", a_h1=A1),
    _e("z_o1.h2", "0.412392", 108, w7="0.8", a_h2=A2),
    _e("z_o1", "0.72562", 110),
    _e("o1", "0.613843376", 112),
    _e("z_o2.h1", "0.06034", 121, w6="0.1", a_h1=A1),
    _e("z_o2.h2", "0.47691", 121, w8="0.9", a_h2=A2),
    _e("z_o2", "0.47691", 123),
    _e("o2", "0.517614906", 125),
    # loss (lines 131-138)
    _e("E_o1", "0.00796322", 131, o1="0.6738"),
    _e("E_o2", "0.08719488", 134, o2="0.6176"),
    _e("E", "0.0951581", 138, E_o1="0.00796322", E_o2="0.08719488"),
    # w5 (lines 154-183)
    _e("w5.dE_do", "-0.1262", 154, o1="0.6738"),
    _e("w5.do_dz", "0.21919356", 166, o1="0.6738"),
    _e("w5.dz_dw", "0.603483", 172),
    _e("w5.grad", "-0.016739", 174, w5__dE_do="-0.1262", w5__do_dz="0.21919356", w5__dz_dw="0.603483"),
    _e("w5.new", "0.5083695", 183, w5="0.5", alpha_o="0.5", w5__grad="-0.016739"),
    # w6 (lines 198-228)
    _e("w6.dE_do", "0.4176", 200, o2="0.6176"),
    _e("w6.do_dz", "0.23616083", 208, "the line is garbled (e^{0.4176}); 0.61764 x 0.38236 = 0.23616083",
       o2="0.61764"),
    _e("w6.dz_dw", "0.603483", 216),
    _e("w6.grad", "0.059510036", 220, w6__dE_do="0.4176", w6__do_dz="0.23616083", w6__dz_dw="0.603483"),
    Entry("w6.new", "0.07025", 228, {"w6": "0.1", "alpha_o": "0.5", "w6.grad": "0.059510036"},
          "the line rounds (0.5)(0.059510036) to 0.02975 before subtracting", tol=1e-5),
    # w7 (lines 234-256)
    _e("w7.dE_do", "-0.1262", 236, o1="0.6738"),
    _e("w7.do_dz", "0.21979356", 238, o1="0.6738"),
    _e("w7.dz_dw", "0.5299", 240),
    _e("w7.grad", "-0.014698338", 244, w7__dE_do="-0.1262", w7__do_dz="0.21979356", w7__dz_dw="0.5299"),
    _e("w7.new", "0.807349169", 254, w7="0.8", alpha_o="0.5", w7__grad="-0.04698338"),
    _e("w7.new", "0.808", 256),
    # w8 (lines 262-283)
    _e("w8.dE_do", "0.4176", 262),
    _e("w8.do_dz", "0.23616083", 268),
    _e("w8.dz_dw", "0.5299", 272),
    _e("w8.grad", "0.052259142", 277, w8__dE_do="0.4176", w8__do_dz="0.23616083", w8__dz_dw="0.5299"),
    _e("w8.new", "0.873870429", 283, w8="0.9", alpha_o="0.5", w8__grad="0.052259142"),
    # w1: dE/da1 through both outputs (lines 295-375)
    _e("w1.dE_dz_o1", "-0.027737947", 301, w5__dE_do="-0.1262", w5__do_dz="0.29179356"),
    _e("w1.dz_o1_da", "0.5", 307),
    _e("w1.dE_o1_da", "-0.013868947", 311, w1__dE_dz_o1="-0.027737947", w1__dz_o1_da="0.5"),
    _e("w1.dE_dz_o2", "0.09862076", 330, "OCR writes 0.09862076^2", w6__dE_do="0.4176", w6__do_dz="0.23616083"),
    _e("w1.dz_o2_da", "0.1", 340),
    _e("w1.dE_o2_da", "0.009862076", 347, w1__dE_dz_o2="0.098620762", w1__dz_o2_da="0.1"),
    _e("w1.dE_da", "-0.004006897", 353, "OCR writes q_1", w1__dE_o1_da="-0.013868973", w1__dE_o2_da="0.009862076"),
    _e("w1.da_dz", "0.239291219", 361, a_h1="0.60348329"),
    _e("w1.dz_dw", "0.3", 369),
    _e("w1.grad", "-0.000287644", 375, w1__dE_da="-0.054506897", w1__da_dz="0.239291219", w1__dz_dw="0.3"),
    _e("w1.new", "0.20287644", 386, w1="0.2", alpha_h="1", w1__grad="-0.00287644"),
    # w3 (lines 394-411)
    _e("w3.dE_da", "-0.004006897", 394),
    _e("w3.da_dz", "0.239291219", 400),
    _e("w3.dz_dw", "0.9", 402),
    _e("w3.grad", "-0.000862933", 407, w3__dE_da="-0.004006897", w3__da_dz="0.239291219", w3__dz_dw="0.9"),
    _e("w3.grad", "-0.0009", 407),
    _e("w3.new", "0.409", 411, "OCR writes λ for α", w3="0.4", alpha_h="1", w3__grad="-0.009"),
    # w2: dE/da2 (lines 421-484)
    _e("w2.dE_dz_o1", "-0.1262", 423, "the line keeps dE/do1 only: -0.1262 * dz1'/da2"),
    _e("w2.dz_o1_da", "0.8", 427, "OCR writes θ21 = w2 = 0 on line 425; line 427 uses 0.8"),
    _e("w2.dE_o1_da", "-0.10096", 429, w2__dE_dz_o1="-0.1262", w2__dz_o1_da="0.8"),
    _e("w2.dE_dz_o2", "0.09862076", 433),
    _e("w2.dz_o2_da", "0.9", 443),
    _e("w2.dE_o2_da", "0.088758684", 447, w2__dE_dz_o2="0.09862076", w2__dz_o2_da="0.9"),
    _e("w2.dE_da", "-0.012201316", 453, w2__dE_o1_da="-0.10096", w2__dE_o2_da="0.088758684"),
    _e("w2.da_dz", "0.249102158", 459, a_h2="0.529964"),
    _e("w2.dz_dw", "0.3", 465),
    _e("w2.grad", "-0.0000911812", 473, w2__dE_da="-0.012201316", w2__da_dz="0.249102188", w2__dz_dw="0.3"),
    _e("w2.new", "0.100911812", 482, "OCR: '2 = 1' (line 475) is α = 1; line 480 reads 0.1 - 0(...)",
       w2="0.1", alpha_h="1", w2__grad="-0.0000911812"),
    _e("w2.new", "0.101", 484),
    # w4 (lines 492-508)
    _e("w4.dE_da", "-0.012201316", 492),
    _e("w4.da_dz", "0.249102158", 492),
    _e("w4.dz_dw", "0.9", 498),
    _e("w4.grad", "-0.002735436", 502, w4__dE_da="-0.012201316", w4__da_dz="0.249102158", w4__dz_dw="0.9"),
    _e("w4.new", "0.902735436", 508, "line 506: w4 0.9 - (-0.002735436)", alpha_h="1", w4__grad="-0.002735436"),
    _e("w4.new", "0.102735", 508),
    # the list of new weights (lines 569-580)
    _e("w1.new", "0.209", 571), _e("w2.new", "0.101", 572), _e("w3.new", "0.409", 573),
    _e("w4.new", "0.102", 574), _e("w5.new", "0.51", 577), _e("w6.new", "0.0703", 578),
    _e("w7.new", "0.808", 579), _e("w8.new", "0.874", 580),
    # the forward pass again with those weights (lines 510-563); two versions where a2 is redone
    _e("after.z_h1", "0.4308", 514, "0.209 x 0.3 + 0.409 x 0.9",
       after__z_h1__x1="0.0627", after__z_h1__x2="0.3681"),
    _e("after.z_h2.x1", "0.0303", 520, w2__new="0.101", x1="0.3"),
    _e("after.z_h2.x2", "0.8118", 520, "first version, w4 = 0.902", w4__new="0.902", x2="0.9"),
    _e("after.z_h2.x2", "0.0918", 518, "second version, w4 = 0.102", w4__new="0.102", x2="0.9"),
    _e("after.z_h2", "0.8421", 522, "first version", after__z_h2__x1="0.0303", after__z_h2__x2="0.8118"),
    _e("after.z_h2", "0.1221", 522, "second version", after__z_h2__x1="0.0303", after__z_h2__x2="0.0918"),
    _e("after.a_h1", "0.60606", 528, after__z_h1="0.4308"),
    _e("after.a_h2", "0.69890", 534, "first version", after__z_h2="0.8421"),
    _e("after.a_h2", "0.530487", 534, "second version", after__z_h2="0.1221"),
    _e("after.z_o1.h1", "0.30909", 538, w5__new="0.51", after__a_h1="0.60606"),
    _e("after.z_o1.h2", "0.5647112", 538, "first version", w7__new="0.808", after__a_h2="0.69890"),
    _e("after.z_o1", "0.8738012", 540, "first version", after__z_o1__h1="0.30909", after__z_o1__h2="0.5647112"),
    _e("after.z_o1.h2", None, 540, "second version, not written: w7 a2 with a2 = 0.530487", w7__new="0.808",
       after__a_h2="0.530487"),
    _e("after.z_o1", "0.73771704", 540, "second version (a2 = 0.530487)", after__z_o1__h1="0.30909"),
    _e("after.o1", "0.70553", 548, "first version", after__z_o1="0.8738012"),
    _e("after.o1", "0.676", 546, "second version", after__z_o1="0.73771704"),
    _e("after.z_o2.h1", "0.042606", 555, w6__new="0.0703", after__a_h1="0.60606"),
    _e("after.z_o2.h2", "0.61083", 555, "first version", w8__new="0.874", after__a_h2="0.69890"),
    _e("after.z_o2.h2", "0.4636", 552, "second version", w8__new="0.874", after__a_h2="0.530487"),
    _e("after.z_o2", "0.65344", 559, "first version", after__z_o2__h1="0.042606", after__z_o2__h2="0.61083"),
    _e("after.z_o2", "0.50624", 557, "second version", after__z_o2__h1="0.042606", after__z_o2__h2="0.4636"),
    _e("after.o2", "0.657", 563, "first version; OCR runs two values together: 0.6570.6239", after__z_o2="0.65344"),
    _e("after.o2", "0.6239", 563, "second version", after__z_o2="0.50624"),
]

NOTES_FINAL = {f"w{k}": next(e.written for e in NOTES_SHEET if e.step == f"w{k}.new" and e.line == line)
               for k, line in zip(range(1, 9), (571, 572, 573, 574, 577, 578, 579, 580))}
