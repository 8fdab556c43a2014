"""ForwardApp and StepperApp driven headlessly: move a slider, read the model, the artists, the text.

Oracle: a plain-Python scalar forward/backward pass written out for the 2-2-2 network with
the notes' naming (w1 = x1->h1, w2 = x1->h2, w3 = x2->h1, w4 = x2->h2, w5 = h1->o1,
w6 = h1->o2, w7 = h2->o1, w8 = h2->o2), and Mazur's published numbers.
"""
import base64
import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from nnlib import MAZUR, NOTES, Network, Setup, share  # noqa: E402
from nnlib.apps import DescentApp, ForwardApp, Lesson, LossApp, StepperApp  # noqa: E402
from nnlib.derivation import fmt  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


from oracle import NOTES_W, oracle, sig  # noqa: E402  (the scalar oracle shared by the tests)


def test_forward_app_slider_moves_model_artists_and_numbers():
    app = ForwardApp()
    fig, edges = app.fig, app.diagram.edges
    app.controls.sliders["w5"].value = -1.25
    app.controls.sliders["x2"].value = 0.4
    app.controls.sliders["t1"].value = 0.3
    w = {**NOTES_W, 5: -1.25}
    o = oracle(w, (0.3, 0.4), (0.3, 0.2))
    assert app.errors.last_error is None
    assert app.lesson.setup.network["w5"] == -1.25
    # the diagram: edge colour array carries the weights, nodes carry x and the activations
    assert edges.get_array()[4] == -1.25 and app.diagram.edge_text[4].get_text() == "w5 -1.25"
    np.testing.assert_allclose(app.diagram.nodes.get_array(), [0.3, 0.4] + o["a"], rtol=1e-12)
    assert app.diagram.z_text["o1"].get_text() == f"z={o['z'][2]:.3f}"
    assert app.diagram.t_text[0].get_text() == "t1=0.30"
    # the sigmoid points sit at (z, a), the bars at o, the ticks at t
    np.testing.assert_allclose(app.curve.points.get_offsets(), np.column_stack([o["z"], o["a"]]), rtol=1e-12)
    np.testing.assert_allclose([b.get_height() for b in app.bars.bars], o["a"][2:], rtol=1e-12)
    np.testing.assert_allclose(app.bars.targets.get_offsets()[:, 1], [0.3, 0.2])
    assert fmt(o["E"]) in app.bars.title.get_text()
    # the numbers table
    for v in o["z"] + o["a"] + [o["E"]]:
        assert fmt(v) in app.numbers.value
    # drawn once: same figure, same artists
    assert app.fig is fig and app.diagram.edges is edges and len(fig.axes) == 3


def test_forward_app_presets_and_reset():
    app = ForwardApp()
    mazur = [s for label, s in app.presets.dropdown.options if "Mazur" in label][0]
    app.presets.dropdown.value = mazur
    # Mazur (2015), "A Step by Step Backpropagation Example": out_o1 = 0.75136507,
    # out_o2 = 0.772928465, E_total = 0.298371109
    assert app.controls.sliders["b1[0]"].value == 0.35
    np.testing.assert_allclose([b.get_height() for b in app.bars.bars], [0.75136507, 0.772928465], atol=1e-8)
    assert "0.298371" in app.numbers.value
    assert app.diagram.bias_text["h1"].get_text() == "b=0.35"
    assert app.presets.reset.description == "reset to Mazur (2015), with biases"
    app.controls.sliders["w1"].value = 2.0
    app.presets.reset.click()
    assert app.lesson.setup == mazur and app.controls.sliders["w1"].value == 0.15
    notes = app.presets.dropdown.options[0][1]
    app.presets.dropdown.value = notes
    assert app.presets.reset.description == "reset to the notes"
    o = oracle(NOTES_W, (0.3, 0.9), (0.8, 0.2))
    np.testing.assert_allclose(app.diagram.nodes.get_array()[2:], o["a"], rtol=1e-12)


def test_forward_app_other_sizes():
    setup = Setup(Network.random((2, 3, 2), seed=3), x=(0.5, -0.2), t=(0.1, 0.9))
    app = ForwardApp(setup)
    assert len(app.controls.sliders) == 12 + 5 + 2 + 2
    assert [label for label, _ in app.presets.dropdown.options] == ["the start of this app"]
    app.controls.sliders["w12"].value = 1.5  # h3 -> o2
    f = app.lesson.now.forward
    z_o2 = sum(app.lesson.setup.network[f"W2[1,{j}]"] * f.a1[j] for j in range(3)) + app.lesson.setup.network["b2[1]"]
    assert app.lesson.setup.network["W2[1,2]"] == 1.5
    assert math.isclose(app.bars.bars[1].get_height(), sig(z_o2), rel_tol=1e-12)
    assert len(app.curve.points.get_offsets()) == 5


def test_callback_errors_are_shown_not_swallowed():
    app = ForwardApp()

    def broken(now):
        raise RuntimeError("drawing failed")
    app.show = broken
    app.controls.sliders["w1"].value = 0.7
    assert isinstance(app.errors.last_error, RuntimeError)
    assert "drawing failed" in app.errors.outputs[0]["text"]


@pytest.mark.parametrize("make", [ForwardApp, StepperApp])
def test_apps_display_as_widgets_with_a_short_text_fallback(make):
    data = make()._repr_mimebundle_()
    assert WIDGET_VIEW in data
    # one output for both kinds of frontend: the picture is in the same bundle as the widget
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert data["text/plain"].startswith(make.__name__) and "children" not in data["text/plain"]


def ids(app):
    return [s.id for s in app.steps]


def test_stepper_walks_the_derivation_and_highlights():
    app = StepperApp()
    assert app.step.id == "x1"
    app.next.click()
    app.next.click()
    assert app.index.value == 2
    app.prev.click()
    assert app.step.id == "x2"
    app.index.value = ids(app).index("w5.grad")
    o = oracle(NOTES_W, (0.3, 0.9), (0.8, 0.2))
    assert math.isclose(app.step.value, o["grad"][5], rel_tol=1e-12)
    assert fmt(o["grad"][5]) in app.formula.value and r"\frac{\partial" in app.formula.value
    assert set(app.step.involves) == {"w5", "h1", "o1"}
    assert app.caption.get_text() == f"step {app.index.value + 1}: w5.grad = {fmt(o['grad'][5])}"
    halo = app.diagram.halo.get_segments()
    assert len(halo) == 1 and np.allclose(halo[0], app.diagram.segments[4])  # w5 is h1 -> o1
    rings = app.diagram.nodes.get_linewidths()
    assert [u for u, lw in zip(app.diagram.units, rings) if lw > 2] == ["h1", "o1"]
    assert "#ffe0b3" in app.checks_view.value.split("<td>w5</td>")[0].rsplit("<tr", 1)[1]
    app.index.value = app.index.max
    app.next.click()  # stays at the end
    assert app.index.value == app.index.max


def test_stepper_sliders_change_the_numbers_live_and_the_check_agrees():
    app = StepperApp()
    app.index.value = ids(app).index("w1.grad")
    app.controls.sliders["w6"].value = -0.7
    app.controls.sliders["x1"].value = 0.8
    w = {**NOTES_W, 6: -0.7}
    o = oracle(w, (0.8, 0.9), (0.8, 0.2))
    assert app.errors.last_error is None and app.step.id == "w1.grad"
    assert math.isclose(app.step.value, o["grad"][1], rel_tol=1e-12)
    assert fmt(o["grad"][1]) in app.formula.value
    check = {r.name: r for r in app.checks}
    for k in range(1, 9):
        assert math.isclose(check[f"w{k}"].backprop, o["grad"][k], rel_tol=1e-12)
        assert math.isclose(check[f"w{k}"].numeric, o["grad"][k], rel_tol=1e-7, abs_tol=1e-12)
        assert fmt(check[f"w{k}"].numeric) in app.checks_view.value


def test_stepper_follows_a_preset_with_other_steps_and_other_sizes():
    app = StepperApp()
    app.index.value = app.index.max
    mazur = [s for label, s in app.presets.dropdown.options if "Mazur" in label][0]
    app.presets.dropdown.value = mazur
    assert app.errors.last_error is None and app.index.max == len(app.steps) - 1
    small = StepperApp(Setup(Network.random((2, 3, 2), seed=1), x=(1, 0), t=(0, 1), update_biases=True))
    small.index.value = ids(small).index("w12.grad")
    assert set(small.step.involves) == {"w12", "h3", "o2"}
    assert len(small.diagram.halo.get_segments()) == 1


def test_browser_snapping_a_value_onto_the_slider_grid_does_not_change_the_lesson():
    """The browser rounds an off-grid value set from Python to the slider's step and sends it back."""
    app = StepperApp()
    w1, a_o = app.controls.sliders["w1"], app.controls.sliders["alpha_o"]
    app.lesson.set_param("w1", 0.123456)
    w1.set_state({"value": 0.12})       # the echo (step 0.01), as the browser's message applies it
    assert app.lesson.setup.network["w1"] == 0.123456
    w1.set_state({"value": 0.13})       # a real move by one step
    assert app.lesson.setup.network["w1"] == 0.13
    assert a_o.value == 0.5 and a_o.label == "0.5"   # rates are exact choices: nothing to snap
    a_o.value = 0.2
    assert app.lesson.setup.lr == (1.0, 0.2)


def test_code_can_set_a_slider_by_less_than_half_its_step():
    """Issue 12: a change from code below half a step was taken for the browser's echo and dropped."""
    app = StepperApp()
    w1 = app.controls.sliders["w1"]
    w1.value = 0.204                    # 0.4 of a step (0.01) from 0.2, from code
    assert app.lesson.setup.network["w1"] == 0.204
    app.lesson.set_param("w1", 0.123456)
    w1.value = 0.12                     # from code it is a deliberate change, not an echo
    assert app.lesson.setup.network["w1"] == 0.12
    assert app.lesson.now.forward.z1[0] == pytest.approx(0.12 * 0.3 + 0.4 * 0.9)


# -- issue 12, "Half-wired presets": a share box in every app with a network, and ?preset= ----------

APPS = {"forward": lambda **k: ForwardApp(**k), "stepper": lambda **k: StepperApp(**k),
        "loss": lambda **k: LossApp(n=11, **k), "descent": lambda **k: DescentApp(n=11, **k)}


@pytest.mark.parametrize("kind", APPS)
def test_a_pasted_share_string_opens_that_setup(kind):
    app = APPS[kind](setup="notes")
    box = app.controls.share
    assert share.encode(NOTES) in box.current.value   # the string to copy
    box.paste.value = f"https://hub.example.edu/voila/render/02.ipynb?preset={share.encode(MAZUR)}#top"
    assert app.errors.last_error is None
    assert app.lesson.setup == MAZUR.replace(title="shared preset")
    assert share.encode(MAZUR) in box.current.value
    if hasattr(app, "controls") and "w1" in app.controls.sliders:
        assert app.controls.sliders["w1"].value == MAZUR.network["w1"]


@pytest.mark.parametrize("kind", APPS)
@pytest.mark.parametrize("text, message", [
    ("bp1_nonsense", "damaged"),
    ("hello", "not a preset share string"),
    (share.encode(NOTES.replace(network=Network.random((2, 3, 2), seed=1))),
     "for a 2-3-2 network; this app shows a 2-2-2"),
])
def test_a_bad_share_string_is_named_and_the_setup_kept(kind, text, message):
    app = APPS[kind](setup="notes")
    before = app.lesson.setup
    app.controls.share.paste.value = text
    assert isinstance(app.errors.last_error, ValueError) and message in str(app.errors.last_error)
    assert app.lesson.setup is before
    app.controls.share.open_button.click()  # the button reports it too
    assert isinstance(app.errors.last_error, ValueError)


@pytest.mark.parametrize("kind", APPS)
def test_apps_without_a_setup_take_the_pages_preset(kind, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "preset=" + share.encode(MAZUR))
    assert APPS[kind]().lesson.setup == MAZUR.replace(title="shared preset")
    assert APPS[kind](setup="notes").lesson.setup == NOTES      # an explicit setup wins
    monkeypatch.delenv("QUERY_STRING")
    assert APPS[kind]().lesson.setup == NOTES


def test_a_damaged_page_preset_opens_the_notes_and_says_why(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "preset=" + share.encode(MAZUR)[:-2])
    app = ForwardApp()
    assert app.lesson.setup == NOTES
    assert isinstance(app.errors.last_error, ValueError) and "page's preset was not used" in str(app.errors.last_error)


def test_a_lesson_loads_a_share_string_and_names_unknown_presets():
    lesson = Lesson("notes")
    lesson.load(share.encode(MAZUR))
    assert lesson.setup == MAZUR.replace(title="shared preset")
    with pytest.raises(ValueError, match="unknown preset 'Notes'"):
        lesson.load("Notes")
