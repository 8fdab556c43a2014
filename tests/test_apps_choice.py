"""The function dropdowns (nnlib.apps.choicebox.ChoiceBox) inside SetupControls, driven headlessly.

Oracle for the numbers: the plain-Python scalar pass of tests/test_functions.py (`scalar_pass`).
"""
import matplotlib
import pytest

matplotlib.use("Agg")

from nnlib import share  # noqa: E402
from nnlib.apps import DescentApp, ForwardApp, Lesson, StepperApp, SweepApp  # noqa: E402
from nnlib.functions import Choice  # noqa: E402
from nnlib.presets import MAZUR, NOTES  # noqa: E402
from test_functions import scalar_pass  # noqa: E402

APPS = [ForwardApp, StepperApp, SweepApp, DescentApp]


def oracle_delta2(setup):
    n = setup.network
    return scalar_pass(n.W1.tolist(), n.b1.tolist(), n.W2.tolist(), n.b2.tolist(), list(setup.x), list(setup.t),
                       setup.choice)[4]


@pytest.mark.parametrize("App", APPS)
def test_no_dropdowns_unless_offered(App):
    """Existing lessons keep their layout: no dropdowns for the notes unless the lesson offers them."""
    assert App(lesson=Lesson("notes")).controls.functions is None
    assert App(lesson=Lesson("notes", choosing=True)).controls.functions is not None
    assert App(lesson=Lesson(NOTES.with_choice(hidden="tanh"))).controls.functions is not None


def test_one_lesson_many_apps_one_choice():
    """A pick in one app's box reaches the lesson, every other app's box, and the numbers shown."""
    lesson = Lesson(NOTES, choosing=True)
    sweep, stepper, descent = SweepApp(lesson=lesson), StepperApp(lesson=lesson), DescentApp(lesson=lesson)
    stepper.controls.functions.dropdowns["loss"].value = "cross_entropy"
    sweep.controls.functions.dropdowns["hidden"].value = "relu"
    want = Choice("relu", "sigmoid", "cross_entropy")
    assert lesson.setup.choice == want and lesson.setup.network.with_choice(hidden="sigmoid", loss="squared") == \
        NOTES.network
    for app in (sweep, stepper, descent):
        assert app.errors.last_error is None
        assert {f: d.value for f, d in app.controls.functions.dropdowns.items()} == want.__dict__
    assert sweep.sweep.delta2.tolist() == pytest.approx(oracle_delta2(lesson.setup), rel=1e-13)
    assert descent.training.net.choice == want
    assert "ce" in share.encode(lesson.setup).split("_")[-2]


def test_a_choice_that_does_not_exist_is_refused_and_put_back():
    lesson = Lesson(NOTES.with_choice(loss="cross_entropy"), choosing=True)
    app = SweepApp(lesson=lesson)
    app.controls.functions.dropdowns["output"].value = "tanh"
    assert "cross-entropy needs sigmoid outputs" in str(app.errors.last_error)
    assert app.controls.functions.dropdowns["output"].value == "sigmoid"
    assert lesson.setup.choice == Choice(loss="cross_entropy")
    app.controls.functions.dropdowns["loss"].value = "squared"     # then tanh is fine
    app.controls.functions.dropdowns["output"].value = "tanh"
    assert app.errors.last_error is None and lesson.setup.choice == Choice(output="tanh")


def test_loading_a_preset_or_a_string_moves_the_dropdowns():
    lesson = Lesson(NOTES.with_choice(hidden="relu"), choosing=True)
    app = SweepApp(lesson=lesson)
    app.presets.dropdown.value = MAZUR if MAZUR in [v for _, v in app.presets.dropdown.options] else NOTES
    assert app.controls.functions.dropdowns["hidden"].value == "sigmoid"
    app.controls.share.load(share.encode(MAZUR.with_choice(hidden="tanh", output="linear")))
    assert {f: d.value for f, d in app.controls.functions.dropdowns.items()} == \
        {"hidden": "tanh", "output": "linear", "loss": "squared"}
    assert app.errors.last_error is None


def test_forward_app_draws_the_chosen_curves_and_names_the_loss():
    """ForwardApp: after a pick every unit's operating point (z, a) lies on its layer's curve, the
    curve panel says which is which, and the numbers table writes the chosen loss."""
    import math

    import numpy as np
    lesson = Lesson(NOTES, choosing=True)
    app = ForwardApp(lesson=lesson)
    assert app.curve.ax.get_ylabel() == "a = σ(z)" and "½(t − o)²" in app.numbers.value
    app.controls.functions.dropdowns["hidden"].value = "tanh"
    app.controls.functions.dropdowns["output"].value = "linear"
    zs = app.curve.curve.get_xdata()
    assert np.allclose(app.curve.curve.get_ydata(), [math.tanh(z) for z in zs])
    assert np.allclose(app.curve.curve_out.get_ydata(), zs) and app.curve.curve_out.get_visible()
    f = lesson.now.forward
    for z, a, line in [(f.z1[0], f.a1[0], app.curve.curve), (f.z2[1], f.a2[1], app.curve.curve_out)]:
        assert np.interp(z, zs, line.get_ydata()) == pytest.approx(a, abs=2e-3)
    assert "tanh (solid)" in app.curve.ax.get_ylabel() and "linear (dashed)" in app.curve.ax.get_ylabel()
    app.controls.functions.dropdowns["output"].value = "sigmoid"
    app.controls.functions.dropdowns["loss"].value = "cross_entropy"
    assert "E = Σ −[t ln o + (1 − t) ln(1 − o)]" in app.numbers.value and app.errors.last_error is None
    assert app.curve.curve_out.get_visible() and app.curve.functions == ("tanh", "sigmoid")
