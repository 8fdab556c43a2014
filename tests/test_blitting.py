"""The loss apps redraw only what changes: blit while the axes hold still, full redraw otherwise.

Headless figures cannot blit, so the apps get a figure on an Agg canvas that counts full draws
and blits (as ipympl's would); a blitted frame must match a full draw of the same state pixel
for pixel, and a picture saved with every artist in it must never become the background.
"""
import numpy as np
import pytest
from matplotlib.figure import Figure

from canvases import CountingCanvas, counting, pixels  # the tests' shared headless canvas
from nnlib import apps
from nnlib.limits import box, ladder, steady

DatasetApp, DescentApp, LossApp = counting(apps.DatasetApp), counting(apps.DescentApp), counting(apps.LossApp)


def shown(app):
    """The app as first displayed: one full draw, the background saved."""
    app.fig.canvas.draw()
    return app.fig.canvas


def test_a_step_with_the_same_axes_blits_and_matches_a_full_draw():
    app = DescentApp("notes")
    app.train(110)  # the step axis runs to 150
    canvas = shown(app)
    draws = canvas.draws
    app.step_button.click()
    assert (canvas.draws, canvas.blits) == (draws, 1)
    assert len(app.history.lines[0].get_xdata()) == 112
    blitted = pixels(canvas)
    canvas.draw()
    assert np.array_equal(blitted, pixels(canvas))


def test_growing_the_step_axis_redraws_everything_once():
    app = DatasetApp()
    app.train(99)
    canvas = shown(app)
    draws = canvas.draws
    app.train(1)  # 100 steps: still on the axis (0..100)
    assert canvas.draws == draws
    app.train(1)  # 101: the axis grows to 150
    assert canvas.draws == draws + 1 and app.history.lines[0].axes.get_xlim() == (0, 150)
    app.train(1)
    assert canvas.draws == draws + 1 and canvas.blits == 2


def test_loss_app_blits_a_weight_move_and_redraws_for_a_new_pair():
    app = LossApp("notes", n=21)
    canvas = shown(app)
    draws = canvas.draws
    app.controls.sliders["w5"].value = 0.6  # only the point and the arrow move
    app.controls.sliders["w1"].value = 0.21  # the surface changes a little: its colours hold
    assert (canvas.draws, canvas.blits) == (draws, 2)
    blitted = pixels(canvas)
    canvas.draw()
    assert np.array_equal(blitted, pixels(canvas))
    app.q.value = "w7"  # new axis label: the background is redrawn
    assert canvas.draws == draws + 2 and canvas.blits == 2


def test_a_saved_picture_is_never_kept_as_the_background():
    app = DescentApp("notes")
    canvas = shown(app)
    app.static()  # savefig draws the animated artists too
    assert app.blitter.background is None
    draws = canvas.draws
    app.step_button.click()
    assert canvas.draws == draws + 1


def test_reset_redraws_the_samples():
    app = DatasetApp()
    canvas = shown(app)
    draws = canvas.draws
    app.gate.value = "and"  # new targets: the samples' colours are in the background
    assert canvas.draws == draws + 1


def test_limits_hold_still_grow_with_room_and_start_afresh():
    assert [ladder(n) for n in (0, 10, 11, 100, 101, 3001)] == [10, 10, 15, 100, 150, 5000]
    assert steady((0, 2), 0.2, 1.8) == (0, 2)
    assert steady((0, 2), 0.5, 2.5) == (0, pytest.approx(2.5 + 0.3 * 2.0))  # grows on the side it left
    assert steady((0, 2), 0.9, 1.0) == (pytest.approx(0.895), pytest.approx(1.005))  # too loose: refit
    assert steady((1e-3, 1), 1e-4, 0.5, log=True)[0] < 1e-4


def test_the_descent_box_starts_around_a_point_and_holds_while_the_path_stays_inside():
    """Worked by hand: one point 0.5 gets the least margin 0.5 each side; the path then grows
    to 0.5..0.8 (margin max(0.5, 0.15 * 0.3) = 0.5, m/4 = 0.125 inside) and the box holds."""
    assert box([0.5]) == (0.0, 1.0)
    assert box([0.5, 0.8], (0.0, 1.0)) == (0.0, 1.0)
    assert box([0.5, 0.9], (0.0, 1.0)) == (pytest.approx(0.0), pytest.approx(1.4))  # 0.9 > 1 - 0.125: refit
    assert box([0.5, 0.6], (-5.0, 5.0)) == (pytest.approx(0.0), pytest.approx(1.1))  # 10 > 2 * 1.1: too loose


class RequestCountingCanvas(CountingCanvas):
    """Counts draw_idle requests as ipympl sees them: each is a message asking the browser for
    a full redraw (the base class drops requests made inside pyplot's own idle-draw context)."""

    def __init__(self, fig):
        super().__init__(fig)
        self.requests = 0

    def draw_idle(self, *args, **kwargs):
        self.requests += 1


def test_pyplot_interactive_mode_asks_for_no_extra_full_draws(monkeypatch):
    # Under %matplotlib widget pyplot is interactive and gives each figure a callback that asks
    # for a full draw_idle whenever an artist goes stale (a re-created contour line does).
    import matplotlib
    from matplotlib import pyplot

    def pyplot_figure(figsize, **kwargs):
        fig = Figure(figsize=figsize, **kwargs)
        RequestCountingCanvas(fig)
        fig.stale_callback = pyplot._auto_draw_if_interactive
        return fig
    monkeypatch.setattr(matplotlib, "is_interactive", lambda: True)
    app = apps.DatasetApp(figure=pyplot_figure)
    app.train(1100)  # well inside the step axis (it grows at 1500)
    canvas = shown(app)
    requests = canvas.requests
    for _ in range(5):
        app.step_button.click()
    assert (canvas.requests - requests, canvas.blits) == (0, 5)
    # after each widget message ipykernel runs pyplot's draw_all, which redraws stale figures
    assert not app.fig.stale
