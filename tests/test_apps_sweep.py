"""SweepApp driven headlessly: sliders, the stepper in layer order, the notes' order, mistakes.

Oracle: the plain-Python scalar pass in tests/oracle.py (no nnlib).
"""
import matplotlib
import pytest

matplotlib.use("Agg")

from nnlib.apps.sweep import SweepApp  # noqa: E402
from nnlib.pictures.draw_sweep import fmt as short  # noqa: E402
from nnlib.formulas import fmt  # noqa: E402
from oracle import NOTES_T, NOTES_W, NOTES_X, oracle  # noqa: E402


def diagram_text(app):
    return [t.get_text() for t in app.diagram.artists() if hasattr(t, "get_text")]


def test_moving_a_weight_updates_every_delta_and_edge_gradient_on_the_diagram():
    app = SweepApp()
    app.index.value = 5   # the hidden weights: every δ and every ∂E/∂w is on the diagram
    app.controls.sliders["w6"].value = -0.7
    o = oracle({**NOTES_W, 6: -0.7}, NOTES_X, NOTES_T)
    assert app.errors.last_error is None
    texts = diagram_text(app)
    for u, d in o["delta"].items():
        assert app.diagram.delta_text[u].get_text() == f"δ = {short(d)}", u
        assert fmt(d) in app.deltas.value
    for k, g in o["grad"].items():
        assert f"∂E/∂w{k} = {short(g)}" in texts, k
    # the formulas beside it carry the same numbers with 6 digits
    for k in (1, 2, 3, 4):
        assert fmt(o["grad"][k]) in app.formula.value


def test_the_stepper_walks_the_sweep_in_layer_order_and_lights_each_stage():
    app = SweepApp()
    seen = []
    for k in range(app.index.min, app.index.max + 1):
        app.index.value = k
        seen.append(app.stage.id)
        lit = {u for u, lw in zip(app.diagram.units, app.diagram.nodes.get_linewidths()) if lw > 2}
        assert lit == {p for p in app.stage.places if p in app.diagram.units}
    assert seen == ["forward", "delta_out", "grad_out", "back", "delta_hidden", "grad_hidden", "update"]
    app.move(+1)
    assert app.index.value == 6
    app.index.value = 1   # δ at the outputs: no hidden δ on the diagram yet, no hidden gradient
    assert app.diagram.delta_text["h1"].get_text() == ""
    assert app.diagram.edge_text[0].get_text() == "w1 = 0.20"
    assert "stage 1 of 6" in app.formula.value and r"\delta_{o1}" in app.formula.value


def test_the_notes_order_is_a_toggle_away():
    app = SweepApp()
    app.order.value = "notes"
    assert app.index.max == len(app.lesson.now.derivation) == 108
    app.index.value = 41
    assert "step 41 of 108" in app.formula.value       # the slider and the text count alike
    assert app.stage is app.lesson.now.derivation.steps[40]
    app.order.value = "sweep"
    assert (app.index.min, app.index.max, app.index.value) == (0, 6, 0)


@pytest.mark.parametrize("mistake, wrong, direction", [
    ("none", 0, "(down)"), ("early_update", 4, "(down)"), ("no_slope", 8, "(down)"), ("sign", 0, "(UP)")])
def test_mistake_switches_change_the_check_and_the_loss(mistake, wrong, direction):
    app = SweepApp()
    assert "✔" not in app.effect.value       # no answers before the sweep has reached them
    app.index.value = 5
    app.mistake.value = mistake
    assert app.effect.value.count("✘ WRONG") == wrong
    assert direction in app.effect.value
    assert f"after the right step = {fmt(app.right.loss_after)}" in app.effect.value


def test_a_preset_with_biases_shows_delta_as_the_bias_gradient():
    app = SweepApp("mazur")
    app.index.value = 4
    assert app.diagram.delta_text["h1"].get_text() == f"δ = {short(app.sweep.grads['b1[0]'])}"
    app.index.value = 5
    assert "b1[0]" in app.effect.value and "✘" not in app.effect.value


def test_summary_is_a_text_alternative_with_the_key_numbers():
    o = oracle(NOTES_W, NOTES_X, NOTES_T)
    text = SweepApp().summary()
    assert text.startswith("SweepApp") and fmt(o["E"]) in text
