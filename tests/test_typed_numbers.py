"""The one reader of student-typed numbers (`nnlib.handwork.sheet.parse`), as the self-check and sheets use it.

Issue 12, "Overflow escapes": '1e999' typed as an answer gave an OverflowError while the row still
said correct; `Exercise.check("z_h1", "1e400")` and `check_sheet(NOTES, {"E": "1e400"})` did too.
Oracle values are the numbers as a person reads the text (written out by hand below).
"""
import random
import warnings

import pytest

from nnlib.handwork import exercises as ex
from nnlib.handwork.checker import check_sheet
from nnlib.presets import NOTES
from nnlib.handwork.sheet import LARGEST, parse


@pytest.mark.parametrize("text, value, last_digit", [
    ("0.5", 0.5, 0.1), ("-1,25", -1.25, 0.01), ("1e-3", 0.001, 0.001), ("  0.42 ", 0.42, 0.01),
    ("- 0.5", -0.5, 0.1), ("\u22120.3", -0.3, 0.1), (".5", 0.5, 0.1), ("+2", 2.0, 1.0), ("1,5E-2", 0.015, 0.001),
    (0.25, 0.25, 0.01), (-3, -3.0, 0.1),
])
def test_accepted_forms(text, value, last_digit):
    v, ulp = parse(text, "your answer")
    assert v == value and ulp == pytest.approx(last_digit)


@pytest.mark.parametrize("text, words", [
    ("", "empty"), ("   ", "empty"), ("abc", "must be a number like"), ("0.4.2", "must be a number like"),
    ("1e999", "out of range"), ("1e400", "out of range"), ("-1e400", "out of range"), ("1e15", "out of range"),
    ("nan", "finite"), ("NaN", "finite"), ("inf", "finite"), ("-Infinity", "finite"), (float("nan"), "finite"),
    (float("inf"), "finite"), ("1,000.5", "both a comma and a point"), ("0.5 3", "must be a number like"),
    ("1_000", "must be a number like"), ("0x10", "must be a number like"), ("1" * 60, "too long"),
    ("0e99", "out of range"),
])
def test_refused_forms_name_the_field_and_the_problem(text, words):
    with pytest.raises(ValueError, match=words) as info:
        parse(text, "your answer")
    assert "your answer" in str(info.value)


@pytest.mark.parametrize("thing", [None, True, [0.5], b"0.5"])
def test_non_numbers_are_type_errors(thing):
    with pytest.raises(TypeError, match="your answer must be a number or a numeric string"):
        parse(thing, "your answer")


def test_largest_accepted_size_is_just_below_the_limit():
    assert parse("999999999999999")[0] == LARGEST - 1


@pytest.mark.parametrize("text", ["1e400", "1e999", "-1e400", "nan", "inf", "", "abc"])
def test_exercise_check_gives_a_verdict_never_an_exception(text):
    e = ex.Exercise(1)
    fb = e.check("z_h1", text)
    assert fb.status == "unreadable" and "Could not read" in fb.message
    assert "z_h1" not in e.entered  # an unread value is not on the sheet later steps are judged from


def test_a_comma_decimal_is_judged_like_a_point():
    e = ex.Exercise(2024)
    true = e.derivation["a_h1"].value
    assert e.check("a_h1", f"{true:.5f}".replace(".", ",")).correct


def test_check_sheet_refuses_out_of_range_and_bad_setups_clearly():
    with pytest.raises(ValueError, match=r"sheet\['E'\] is out of range"):
        check_sheet(NOTES, {"E": "1e400"})
    with pytest.raises(TypeError, match="setup_or_derivation must be a Setup or a Derivation, got NoneType"):
        check_sheet(None, {"E": "0.3"})
    assert check_sheet(NOTES, {"E": "0,3"}).find("E").value == 0.3  # the sheet reads commas too


def test_large_values_anywhere_never_overflow_or_warn():
    """Values just below the limit in any steps: the checker's squares and products stay finite."""
    rng = random.Random(12)
    values = ["9.99e14", "-9.99e14", "1e-300", "0", "123456789012345"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(150):
            e = ex.Exercise(rng.randrange(1000))
            steps = rng.sample(e.questions, rng.randint(1, len(e.questions)))
            for f in check_sheet(e.derivation, {q: rng.choice(values) for q in steps}):
                assert f.value == f.value and f.message  # no NaN read in, a message for each
