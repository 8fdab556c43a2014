"""What a slider event costs (issue 15): typeset formulas stay put, a blit redraws only where the
figure changed and still matches a full redraw pixel for pixel, an event that changes nothing
sends no frame. (Speeds are measured in benchmarks/latency.py, never asserted here.)"""
import numpy as np
import pytest

from canvases import counting, pixels  # the tests' shared headless canvas
from nnlib import apps
from nnlib.apps.formula_panel import tex_html

ForwardApp, SweepApp = counting(apps.ForwardApp), counting(apps.SweepApp)


def test_a_weight_move_redraws_a_few_artists_and_matches_a_full_draw():
    app = ForwardApp("notes")
    canvas = app.fig.canvas
    canvas.draw()
    for value in (0.55, 0.6, 0.65):
        canvas.drawn = 0
        app.controls.sliders["w5"].value = value  # w5: its edge, its label, o1, E
        assert 0 < canvas.drawn < len(app.blitter.artists) / 2, (canvas.drawn, len(app.blitter.artists))
    blitted = pixels(canvas)
    canvas.draw()
    assert np.array_equal(blitted, pixels(canvas))


def test_an_event_that_changes_nothing_on_the_figure_sends_no_frame():
    app = SweepApp("notes")
    canvas = app.fig.canvas
    canvas.draw()
    blits = canvas.blits
    app.lesson.set_lr((0.3, 0.2))  # stage 0 (the forward pass) shows no rate: a new sweep, the same picture
    assert app.sweep.setup.lr == (0.3, 0.2) and canvas.blits == blits
    app.controls.sliders["w5"].value = 0.7  # a weight it shows
    assert canvas.blits == blits + 1


def test_the_sweep_formulas_are_typeset_once_per_stage_and_their_numbers_follow_the_slider():
    app = SweepApp("notes")
    app.index.value = 2  # the output weights: dE/dw5 = delta_o1 * a_h1
    symbols, numbers = app.formula.symbols.value, app.formula.numbers.value
    app.controls.sliders["w5"].value = 0.9
    assert app.formula.symbols.value == symbols  # MathJax has nothing to typeset again
    assert app.formula.numbers.value != numbers
    s = app.lesson.setup
    g = s.network.gradients(s.x, s.t)
    from nnlib.formulas import fmt
    assert fmt(float(g.dW2[0, 0])) in app.formula.numbers.value  # w5 (h1 -> o1), nnlib from scratch
    assert "$" not in app.formula.numbers.value and "\\" not in app.formula.numbers.value
    app.index.value = 3
    assert app.formula.symbols.value != symbols


@pytest.mark.parametrize("tex, html", [
    (r"\frac{\partial E_{total}}{\partial w_{5}}", "∂E<sub>total</sub>/∂w<sub>5</sub>"),
    (r"(-0.0277211) \cdot 0.603483", "(-0.0277211) · 0.603483"),
    (r"w_{1}^{+}", "w<sub>1</sub><sup>+</sup>"),
    (r"\tfrac12(0.8 - 0.673864)^{2}", "½(0.8 - 0.673864)<sup>2</sup>"),
    (r"[0.42 > 0]", "[0.42 &gt; 0]"),
    (r"\sigma(0.42)", "σ(0.42)"),
])
def test_formulas_with_numbers_as_plain_html(tex, html):
    assert tex_html(tex) == html


def test_the_rate_slider_redraws_the_title_with_alpha_not_the_figure():
    """Lesson 04: α is in the loss panel's title; a new α blits that title (no full redraw, the
    surface not recomputed) and the frame equals a full redraw."""
    app = counting(apps.DescentApp)("notes")
    canvas = app.fig.canvas
    canvas.draw()
    background, image = app.blitter.background, app.surface.image.get_array().copy()
    blits = canvas.blits
    app.alpha.value = 0.3
    assert app.lesson.setup.lr == (0.3, 0.3)
    assert app.blitter.background is background and canvas.blits == blits + 1  # blitted, no full draw asked
    assert "α = 0.3 (x→h), 0.3 (h→o)" in app.alpha_title.get_text()
    assert np.array_equal(app.surface.image.get_array(), image)
    blitted = pixels(canvas)
    canvas.draw()
    assert np.array_equal(blitted, pixels(canvas))


@pytest.mark.parametrize("make", [lambda: ForwardApp("notes"), lambda: ForwardApp("mazur"), lambda: SweepApp("notes")])
def test_a_weight_near_the_inputs_redraws_what_changed_in_one_pass_and_matches_a_full_draw(make):
    """w1 changes h1 and everything after it: every region redrawn once, the pixels of a full redraw."""
    app = make()
    canvas = app.fig.canvas
    canvas.draw()
    for value in (0.5, -0.7, 0.15):
        canvas.drawn = 0
        app.controls.sliders["w1"].value = value
        assert canvas.drawn <= len(app.blitter.artists)  # no artist drawn twice for one frame
        blitted = pixels(canvas)
        canvas.draw()
        assert np.array_equal(blitted, pixels(canvas)), value
