"""The checker: every slip of the handwritten notes, and synthetic sheets with one planted slip.

Oracle: true values come from nnlib's derivation, which tests/test_derivation.py checks against
the vectorised network; the notes' key output o2 is also recomputed here in plain Python.
"""
import math

import pytest

import nnlib
from nnlib.handwork.checker import Entry, check_sheet, parse
from nnlib.handwork.notes_sheet import NOTES_FINAL, NOTES_SHEET, notes_lines

D = nnlib.derive(nnlib.NOTES)

# (step, line) -> kind: every slip in the notes (see notebooks/06_checking_the_notes.ipynb)
NOTES_SLIPS = {
    ("z_o1.h2", 108): "copied wrong",        # 0.8 x 0.5299 written 0.412392, summed as 0.42392
    ("o1", 112): "copied wrong",             # g(0.72562) = 0.673843..., written 0.613843376
    ("z_o2", 123): "dropped term",           # the 0.06034 term is left out
    ("o2", 125): "arithmetic",               # g(0.47691) written 0.517614906
    ("o2", 134): "copied wrong",             # ... and used as 0.6176
    ("w5.do_dz", 166): "copied wrong",       # 0.21919356, the product uses 0.21979356
    ("w6.grad", 220): "arithmetic",
    ("w7.grad", 254): "copied wrong",        # -0.04698338 for -0.014698338 (the result used the right one)
    ("w7.new", 256): "rounding",             # 0.807349 rounded to 0.808
    ("w5.do_dz", 301): "copied wrong",       # 0.29179356 for 0.21979356 (the result used the right one)
    ("w1.dE_o1_da", 311): "copied wrong",    # -0.013868947, the sum uses -0.013868973
    ("a_h1", 361): "copied wrong",           # 0.60348329 for 0.60348325
    ("w1.da_dz", 361): "arithmetic",         # 9th digit
    ("w1.dE_da", 375): "copied wrong",       # -0.054506897 for -0.004006897
    ("w1.grad", 386): "decimal point",       # -0.00287644 for -0.000287644
    ("w1.new", 571): "copied wrong",         # listed as 0.209 after computing 0.20287644
    ("w3.grad", 411): "decimal point",       # -0.009 for -0.0009
    ("w2.dE_dz_o1", 423): "dropped factor",  # do1/dz1' left out of dE_o1/da2
    ("w2.da_dz", 473): "copied wrong",       # 0.249102188 for 0.249102158
    ("w2.grad", 473): "decimal point",       # -0.0000911812, the update uses -0.000911812
    ("w4.new", 508): "wrong start weight",   # the update starts from 0.9 (w8)
    ("after.z_o1", 540): "arithmetic",
    ("after.z_o2", 557): "arithmetic",
}


@pytest.fixture(scope="module")
def report():
    return check_sheet(nnlib.NOTES, NOTES_SHEET)


def test_every_slip_in_the_notes_is_found_with_its_kind_and_nothing_else(report):
    found = {(f.step, f.line): f.kind for f in report.slips}
    assert found == NOTES_SLIPS


def test_slips_carry_the_true_value_from_nnlib(report):
    for f in report:
        assert f.true == D[f.step].value
    s = lambda z: 1 / (1 + math.exp(-z))
    o2 = s(0.1 * s(0.2 * 0.3 + 0.4 * 0.9) + 0.9 * s(0.1 * 0.3 + 0.1 * 0.9))  # plain-Python forward pass
    assert report.find("o2", 125).true == pytest.approx(o2, rel=1e-12)
    assert report.find("o2", 125).expected == pytest.approx(s(0.47691), rel=1e-12)  # from the notes' own z2'


def test_kinds_name_the_factor_or_weight(report):
    assert report.find("z_o2", 123).dep == "z_o2.h1"
    assert report.find("w2.dE_dz_o1", 423).dep == "w5.do_dz"
    assert report.find("w4.new", 508).dep == "w8"
    assert "dropped the factor w5.do_dz" in report.find("w2.dE_dz_o1", 423).message


@pytest.mark.parametrize("step, line, dep, origin", [
    ("E_o2", 134, "o2", ("z_o2", 123)),   # 0.6176 is 0.0006 from g(0.47691), which is 0.014 below the true o2
    ("E", 138, "E_o2", ("z_o2", 123)),
    ("w8.grad", 277, "w8.dE_do", ("z_o2", 123)),
    ("w6.new", 578, "w6.new", ("z_o2", 123)),  # line 220's last-digit slip moves w6.grad 6e-6, line 123 1e-3
    ("w1.new", 386, "w1.grad", ("w1.grad", 386)),  # here the decimal point moves it far more than line 123
    ("w2.dE_o1_da", 429, "w2.dE_dz_o1", ("w2.dE_dz_o1", 423)),
    ("w2.new", 482, "w2.grad", ("w2.dE_dz_o1", 423)),
    ("w3.new", 411, "w3.grad", ("w3.grad", 411)),
    ("after.z_h2", 522, "after.z_h2.x2", ("w4.new", 508)),
])
def test_values_that_follow_from_an_earlier_slip_are_carried(report, step, line, dep, origin):
    f = report.find(step, line)
    assert (f.status, f.dep, (f.origin.step, f.origin.line)) == ("carried", dep, origin)


def test_correct_steps_are_ok_and_agree_with_truth_or_own_rounded_values(report):
    for f in report:
        if f.status == "ok":
            ulp = parse(f.written)[1]
            assert abs(f.value - f.true) <= ulp or abs(f.value - f.expected) <= ulp + 1e-5, f


def test_every_entry_points_at_a_line_that_shows_its_value():
    lines = notes_lines()
    for e in NOTES_SHEET:
        if e.written is not None:
            digits = e.written.lstrip("-").lstrip("0").lstrip(".").lstrip("0")
            assert digits in lines[e.line].replace(" ", ""), (e.step, e.line)
    assert NOTES_FINAL["w1"] == "0.209" and len(NOTES_FINAL) == 8


# -- synthetic sheets: the true derivation with one planted slip -----------------------------
def sheet_with(d, step, value, propagate=True):
    """Every non-given step written to 10 digits; `step` replaced by `value`, later steps recomputed."""
    vals = dict(d.values)
    vals[step] = value
    seen = False
    for s in d:
        if seen and propagate and s.deps:
            vals[s.id] = d.recompute(s.id, vals)
        seen = seen or s.id == step
    return {s.id: f"{vals[s.id]:.10g}" for s in d if s.deps}


def planted(d, step, value, propagate=True):
    r = check_sheet(d, sheet_with(d, step, value, propagate))
    assert [f.step for f in r.slips] == [step], [(f.step, f.kind) for f in r.slips]
    assert all(f.status == "carried" for f in r if f.status != "ok" and f.step != step)
    return r.find(step)


v = D.values


@pytest.mark.parametrize("step, value, kind, dep", [
    ("w5.grad", -v["w5.grad"], "sign", ""),
    ("w5.grad", v["w5.dE_do"] * v["w5.dz_dw"], "dropped factor", "w5.do_dz"),
    ("w5.grad", v["w5.grad"] * v["a_h1"], "extra factor", "w5.dz_dw"),
    ("z_o2", v["z_o2.h2"], "dropped term", "z_o2.h1"),
    ("w4.new", v["w8"] - v["alpha_h"] * v["w4.grad"], "wrong start weight", "w8"),
    ("w5.new", v["w5"] - 1.0 * v["w5.grad"], "wrong learning rate", "alpha_o"),
    ("w1.dz_o1_da", v["w5.new"], "used updated weight", "w5"),
    ("w6.grad", 10 * v["w6.grad"], "decimal point", ""),
    ("w6.grad", v["w6.grad"] + 0.0123, "arithmetic", ""),
    ("after.z_h1.x1", v["w1"] * v["x1"] + 1e-9, "arithmetic", ""),
])
def test_planted_slip_is_classified(step, value, kind, dep):
    f = planted(D, step, value)
    assert (f.kind, f.dep, f.true) == (kind, dep, D[step].value)


def test_dropped_factor_is_found_through_a_skipped_step():
    sheet = sheet_with(D, "w2.dE_o1_da", v["w5.dE_do"] * v["w2.dz_o1_da"])
    del sheet["w2.dE_dz_o1"]  # the student did not write the delta
    f = check_sheet(D, sheet).find("w2.dE_o1_da")
    assert (f.kind, f.dep) == ("dropped factor", "w5.do_dz")


def test_value_miscopied_but_used_right_is_a_copy_slip():
    sheet = sheet_with(D, "w5.do_dz", v["w5.do_dz"] + 0.01, propagate=False)
    r = check_sheet(D, sheet)
    assert [(f.step, f.kind) for f in r.slips] == [("w5.do_dz", "copied wrong")]
    assert r.find("w5.grad").status == "ok"


def test_rounding_the_wrong_way_and_honest_rounding():
    r = check_sheet(D, {"w7.new": "0.808", "w5.new": "0.5084", "o1": "0.6738", "w8.new": "0.87"})
    assert [(f.step, f.kind) for f in r.slips] == [("w7.new", "rounding")]


def test_a_2_3_2_network():
    setup = nnlib.Setup(nnlib.Network.random((2, 3, 2), seed=3), x=(0.5, -1.0), t=(0.1, 0.9), lr=(0.5, 0.25))
    d = nnlib.derive(setup)
    hidden = [p for p in nnlib.all_params((2, 3, 2)) if p.array == "W1"][4].name  # a weight into h3
    g = d[f"{hidden}.grad"]
    f = planted(d, g.id, d[g.deps[0]].value * d[g.deps[2]].value)
    assert (f.kind, f.dep) == ("dropped factor", g.deps[1])
    f = planted(d, "b2[1].new", d["b2[1]"].value + d["alpha_o"].value * d["b2[1].grad"].value)
    assert f.kind == "sign"
    f = planted(d, "w9.new", d["w10"].value - d["alpha_o"].value * d["w9.grad"].value)
    assert (f.kind, f.dep) == ("wrong start weight", "w10")


@pytest.mark.parametrize("bad, err", [({"nope": "1"}, ValueError), ({"o1": "abc"}, ValueError),
                                      ({"o1": None}, TypeError), ({"o1": True}, TypeError), (42, TypeError),
                                      ([Entry("o1", "0.6", 1, {"x1": "0.3"})], ValueError)])
def test_bad_sheets_raise_clear_errors(bad, err):
    with pytest.raises(err):
        check_sheet(D, bad)


def test_parse_keeps_written_precision():
    assert parse("0.6034") == (0.6034, pytest.approx(1e-4))
    assert parse("-0.0000911812")[1] == pytest.approx(1e-10)
    with pytest.raises(ValueError, match="finite"):
        parse("nan")


def test_messages_never_call_two_different_values_right(report):
    """Lesson 06, "The slips": one wording for the value from the writer's own numbers, one for the true value."""
    o1 = report.find("o1", 112)
    assert "later lines use 0.673843377, what your own numbers give" in o1.message
    assert "the true value (exact, from nnlib) is 0.673863786" in o1.message
    s = lambda z: 1 / (1 + math.exp(-z))
    assert float("0.673843377") == pytest.approx(s(0.5 * 0.6034 + 0.8 * 0.5299), abs=1e-9)  # the notes' own a1, a2
    assert float("0.673863786") == pytest.approx(s(0.5 * s(0.42) + 0.8 * s(0.12)), abs=1e-9)  # exact a1, a2
    for f in report:
        assert "right value" not in f.message, f.message
    assert "the slip behind it is z_o2 on line 123" in report.find("E", 138).message


# -- structured slip data: the fields say what the message says, and logic reads only the fields -----------
@pytest.mark.parametrize("step, value, kind, field, expected", [
    ("w6.grad", 10 * v["w6.grad"], "decimal point", "factor", 10.0),           # planted 10 times the value
    ("w5.new", v["w5"] - 1.0 * v["w5.grad"], "wrong learning rate", "factor", 1.0),  # rate 1 for alpha_o = 0.5
    ("w4.new", v["w8"] - v["alpha_h"] * v["w4.grad"], "wrong start weight", "had", v["w8"]),
    ("w5.dz_dw", v["a_h2"], "wrong input", "other", "a_h2"),                    # a_h2 put in place of a_h1
])
def test_a_slip_carries_what_its_hypothesis_changed(step, value, kind, field, expected):
    f = planted(D, step, value)
    assert (f.kind, getattr(f, field)) == (kind, expected)


def test_a_miscopied_substituted_value_carries_the_value_it_should_have_read(report):
    f = report.find("o2", 134)  # line 134 uses 0.6176 for o2; line 125 wrote 0.517614906
    assert (f.used_in, f.kind, f.value) == ("E_o2", "copied wrong", 0.6176)
    assert f.had == pytest.approx(1 / (1 + math.exp(-0.47691)), rel=1e-12)  # g(z2') from the notes' own z2'
    assert f"{f.had:.9g}" in f.message


def test_no_logic_reads_a_message():
    """Scrambling every message changes no class, effect, table row or student sentence (issue 13)."""
    from nnlib.handwork import consequences, errata, kinds
    plain, scrambled = check_sheet(nnlib.NOTES, NOTES_SHEET), check_sheet(nnlib.NOTES, NOTES_SHEET)
    for f in scrambled:
        f.message = "used x9 in place of w1; 7 times; started from w2"  # prose that would fool a parser

    def seen(r):
        effects = consequences.effects(nnlib.NOTES, r)
        return ([(e.slip.step, e.slip.line, e.cls, e.dw) for e in effects], errata.ranked_md(nnlib.NOTES, effects),
                [kinds.explain(D, f) for f in r])
    assert seen(plain) == seen(scrambled)
    wrong_input = planted(D, "w5.dz_dw", v["a_h2"])
    wrong_input.message = ""
    assert kinds.explain(D, wrong_input) == "You used $a_{h2}$ in place of $a_{h1}$."
