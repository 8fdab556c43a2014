"""The shortcuts a slider update takes (issue 15, second pass) give the same results as the long way:
the parameter tables cached per network size, and lesson 01's numbers table computed from the
forward steps alone instead of the whole derivation. (Speeds: benchmarks/update_cost.py.)"""
import itertools
import re

import numpy as np
import pytest

from nnlib import params
from nnlib.apps.forward import forward_numbers, numbers_table
from nnlib.derivation import derive
from nnlib.presets import PRESETS

SIZES = [(2, 2, 2), (2, 3, 1), (3, 4, 2), (2, 11, 2), (12, 2, 3)]


def scan(name, sizes):
    """The lookup the long way (oracle): every weight and bias named from scratch, the first match wins."""
    key = name.strip().replace(" ", "")
    m = re.match(r"^(?:theta|θ|\\theta)\^\{?(\d)\}?_\{?(?:(\d)(\d)|(\d+),(\d+))\}?$", key)
    if m:
        layer, i, j = (int(g) for g in m.groups() if g is not None)
        key = f"W{layer + 1}[{j - 1},{i - 1}]"
    k = 0
    for layer in (0, 1):
        for i, j in itertools.product(range(sizes[layer]), range(sizes[layer + 1])):
            k += 1
            if key in (f"w{k}", f"W{layer + 1}[{j},{i}]"):
                return f"W{layer + 1}", (j, i)
    for layer in (1, 2):
        for j in range(sizes[layer]):
            if key == f"b{layer}[{j}]":
                return f"b{layer}", (j,)
    return None


@pytest.mark.parametrize("sizes", SIZES)
def test_find_agrees_with_a_scan_for_every_name(sizes):
    names = [p.name for p in params.all_params(sizes)] + [p.entry for p in params.all_params(sizes)]
    names += [p.theta.replace("\\theta", "theta") for p in params.all_params(sizes) if p.theta]
    names += ["θ^1_21", " w1 ", "W1[0, 1]"]
    for name in names:
        want = scan(name, sizes)
        if want is None:
            with pytest.raises(ValueError):
                params.find(name, sizes)
        else:
            p = params.find(name, sizes)
            assert (p.array, p.index) == want, name
    for bad in ("w0", f"w{len(params.weight_names(sizes)) + 1}", "b3[0]", "W1[9,9]"):
        with pytest.raises(ValueError):
            params.find(bad, sizes)


def test_the_cached_tables_cannot_be_changed_through_what_they_return():
    ps = params.all_params((2, 2, 2))
    ps.clear()
    assert len(params.all_params((2, 2, 2))) == 8 + 4 and params.find("w5", [2, 2, 2]).name == "w5"


def setups():
    """The presets, every choice of functions, and random weights, inputs and targets."""
    rng = np.random.default_rng(15)
    out = list(PRESETS.values())
    for hidden, output, loss in [("tanh", "linear", "squared"), ("relu", "sigmoid", "cross_entropy"),
                                 ("sigmoid", "sigmoid", "cross_entropy"), ("tanh", "tanh", "squared")]:
        out.append(PRESETS["notes"].with_choice(hidden=hidden, output=output, loss=loss))
    for s in list(out):
        net = s.network
        values = {p.name: float(rng.uniform(-3, 3)) for p in params.all_params(net.sizes)}
        x = tuple(float(v) for v in rng.uniform(-1, 1, len(s.x)))
        t = tuple(float(v) for v in rng.uniform(0.05, 0.95, len(s.t)))
        out.append(s.replace(network=net.with_params(values), x=x, t=t))
    return out


@pytest.mark.parametrize("setup", setups())
def test_the_forward_numbers_are_the_derivations_own_floats(setup):
    """Lesson 01's numbers table (ForwardApp) from forward_numbers equals the one from the whole
    derivation, float for float: the same operations in the same order."""
    d = derive(setup)
    fast = forward_numbers(setup)
    assert fast == {k: d[k].value for k in fast}
    sizes = setup.network.sizes
    assert numbers_table(fast, sizes, setup.choice.loss) == numbers_table(d, sizes)


@pytest.mark.parametrize("shape", [(1, 1), (7, 13), (120, 201)])
def test_a_frame_png_decodes_to_its_pixels(shape):
    """The live figure's frames (figure.frame_png, written without PIL): PIL reads back the same RGBA."""
    import io

    import PIL.Image

    from nnlib.apps.figure import frame_png
    rng = np.random.default_rng(sum(shape))
    frame = rng.integers(0, 256, (*shape, 4), dtype=np.uint8)
    frame[: shape[0] // 2] = 0  # a diff frame: transparent zeros around the changed pixels
    for level in (1, 6):
        with PIL.Image.open(io.BytesIO(frame_png(frame, level))) as image:
            assert image.mode == "RGBA" and np.array_equal(np.asarray(image), frame)


def test_text_laid_out_with_the_cached_font_metrics_lands_where_matplotlib_puts_it():
    """private.cache_text answers Text._get_layout's font line metrics from a cache: every text's box
    (one and several lines, sizes, weights, families, rotations) is the one a plain renderer gives."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from nnlib.apps import private

    def boxes(cached):
        fig = Figure(figsize=(4, 3), dpi=90)
        texts = [fig.text(0.1, 0.1 * i, s, fontsize=size, weight=weight, family=family, rotation=angle)
                 for i, (s, size, weight, family, angle) in enumerate([
                     ("w5 0.50", 9, "normal", "sans-serif", 0), ("δ = −0.0277\nsecond line", 11, "bold", "serif", 0),
                     ("E", 7.3, "normal", "monospace", 90), ("a\nb\nc", 14, "light", "sans-serif", 30)])]
        renderer = FigureCanvasAgg(fig).get_renderer()
        if cached:
            private.HEIGHTS.clear()
            private.cache_text(renderer)
        return [t.get_window_extent(renderer).extents.tolist() for t in texts for _ in range(2)]

    assert boxes(cached=True) == boxes(cached=False)
    assert private.HEIGHTS  # the cache was used


def test_when_most_artists_change_the_blit_redraws_all_of_them_unmeasured_and_matches_a_full_draw():
    """Lesson 03's sweep at stage 5 (every gradient shown): w5 changes half the labels, so the
    Blitter redraws every artist without measuring where the changed ones were (Blitter.CHANGED);
    the frame is still a full redraw's, and a later small change blits regions again."""
    from canvases import counting, pixels
    from nnlib import apps
    from nnlib.apps import dirty

    app = counting(apps.SweepApp)("notes")
    app.index.value = 5
    canvas = app.fig.canvas
    canvas.draw()
    measured = []
    extent = dirty.extent
    dirty.extent = lambda a, r: measured.append(a) or extent(a, r)
    try:
        for value in (0.55, 0.6, 0.65):
            canvas.drawn, blits = 0, canvas.blits
            app.controls.sliders["w5"].value = value
            assert canvas.drawn == len(app.blitter.artists) and not measured and canvas.blits == blits + 1
        blitted = pixels(canvas)
        canvas.draw()
        assert np.array_equal(blitted, pixels(canvas))
        app.index.value = 0  # the forward pass only: a few labels change
        app.controls.sliders["w5"].value = 0.7
        canvas.drawn = 0
        app.controls.sliders["w5"].value = 0.75
        assert 0 < canvas.drawn < len(app.blitter.artists) and measured
        blitted = pixels(canvas)
        canvas.draw()
        assert np.array_equal(blitted, pixels(canvas))
    finally:
        dirty.extent = extent


def test_a_drag_sends_one_readout_per_frame_and_the_share_string_once_it_pauses(monkeypatch):
    """Lesson 01 (ForwardApp): a slider dragged in the browser (its value applied by set_state, as the
    browser's message is) updates the numbers table at once and the share string once the drag pauses
    (apps.later.Later on the kernel's event loop); a change from code, or with no event loop, shows at once."""
    import asyncio
    import html

    import ipywidgets as W

    from canvases import counting
    from nnlib import apps, share
    sent = []
    send_state = W.Widget.send_state
    monkeypatch.setattr(W.Widget, "send_state", lambda self, key=None: sent.append(self) or send_state(self, key))

    def shown(app):
        return share.encode(app.lesson.setup) in html.unescape(app.controls.share.current.value)

    async def drag():
        app = counting(apps.ForwardApp)("notes")
        later, slider = app.controls.share.later, app.controls.sliders["w5"]
        slider.set_state({"value": 0.55})  # one value alone (a key press, a drag's first value): everything at once
        assert shown(app) and not later.pending
        for value in (0.6, 0.65, 0.7):
            sent.clear()
            slider.set_state({"value": value})
            assert [w for w in sent if isinstance(w, W.HTML)] == [app.numbers] and later.pending
            assert app.lesson.setup.network["w5"] == value
        assert not shown(app)
        await asyncio.sleep(later.delay + 0.2)
        assert shown(app) and not later.pending
        slider.set_state({"value": 0.75})
        slider.value = 0.8  # from code: at once, and the drag's pending string is dropped
        assert shown(app) and not later.pending
        return app

    asyncio.run(drag())
    app = counting(apps.ForwardApp)("notes")  # no event loop here
    app.controls.sliders["w5"].set_state({"value": 0.61})
    assert shown(app) and not app.controls.share.later.pending


def test_lesson_02s_surface_follows_a_drag_on_a_coarse_grid_then_comes_back_full():
    """Lesson 02 (LossApp): dragging w1 (off the axes w5, w6) in the browser recomputes E on every fourth
    grid line, the same E where the grids meet, without contour lines; once the drag pauses the full
    grid is back and the frame is a full redraw's. Headless (no event loop) and from code: the full grid at once."""
    import asyncio

    from canvases import counting, pixels
    from nnlib import apps
    from nnlib.apps.loss import coarse
    from nnlib.formulas import fmt
    from nnlib.surface import loss_surface

    def full(app):
        s = app.lesson.setup
        return loss_surface(s.network, s.x, s.t, "w5", "w6", app.values("p"), app.values("q"))

    async def drag():
        app = counting(apps.LossApp)("notes")
        canvas = app.fig.canvas
        canvas.draw()
        app.controls.sliders["w1"].set_state({"value": 0.22})  # one value alone: the full grid at once
        assert app.surface.image.get_array().shape == (81, 81) and not app.later.pending
        for value in (0.25, 0.3, 0.35):
            app.controls.sliders["w1"].set_state({"value": value})
            E = app.surface.image.get_array()
            assert E.shape == (21, 21) and app.later.pending and app.surface.contours is None
            idx = np.searchsorted(app.values("p"), coarse(app.values("p")))
            assert np.array_equal(E, full(app)[np.ix_(idx, idx)])
            i, j = np.unravel_index(np.argmin(E), E.shape)  # the text alternative reads the grid shown
            ps = coarse(app.values("p"))
            assert f"is {fmt(float(E[i, j]))} at w5 = {fmt(ps[j])}, w6 = {fmt(ps[i])}" in app.summary()
        await asyncio.sleep(app.later.delay + 0.2)
        assert not app.later.pending and np.array_equal(app.surface.image.get_array(), full(app))
        assert app.surface.contours is not None
        blitted = pixels(canvas)
        canvas.draw()
        assert np.array_equal(blitted, pixels(canvas))
        app.controls.sliders["w1"].value = 0.4  # from code: the full grid at once
        assert app.surface.image.get_array().shape == (81, 81) and not app.later.pending

    asyncio.run(drag())
    app = counting(apps.LossApp)("notes")
    app.controls.sliders["w1"].set_state({"value": 0.25})
    assert np.array_equal(app.surface.image.get_array(), full(app))


def test_text_metrics_from_the_cached_layout_are_freetypes_own():
    """private.cache_text measures plain text from its cached layout (one layout per string, not two):
    width, height and descent equal RendererAgg's (FT2Font.set_text) for the apps' kind of strings, in
    several fonts and sizes, measured between rotated draws (which leave a glyph transform set)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from nnlib.apps import private
    rng = np.random.default_rng(7)
    strings = ["−0.0277", "δ_o1 = −0.0277", "∂E/∂w5 = 0.0821", "E = 0.298371", "w5 (x1→h1)", "Ay", "(x)", "ffi",
               " x ", "f", "j", "Wj", "x²", "α hidden", "stage 3 of 6: output deltas, w_{5}"]
    strings += [f"{rng.uniform(-5, 5):.{rng.integers(1, 7)}g}" for _ in range(60)]
    fig = Figure(figsize=(3, 2), dpi=90)
    fig.text(0.5, 0.5, "rotated −0.0277", rotation=33)
    canvas = FigureCanvasAgg(fig)
    renderer = private.cache_text(canvas.get_renderer())
    plain = RendererAgg(300, 200, 90)
    private.LAYOUTS.clear()
    for family, size, weight in [("sans-serif", 10, "normal"), ("serif", 13.5, "bold"), ("monospace", 7.3, "normal")]:
        prop = FontProperties(family=family, size=size, weight=weight)
        for s in strings:
            private.GLYPHS.clear()  # the rotated glyphs rendered afresh, their transform left set
            canvas.draw()
            assert renderer.get_text_width_height_descent(s, prop, False) == \
                plain.get_text_width_height_descent(s, prop, False), (family, size, s)


def test_dragging_alpha_both_layers_moves_the_rate_sliders_and_the_share_string_once_it_pauses(monkeypatch):
    """Lesson 04 (DescentApp): 'α both layers' dragged in the browser (its index applied by set_state,
    as the browser's message is) sets both rates at once, the figure's α title follows every value,
    and the two rate sliders and the share string, which need not, follow once the drag pauses."""
    import asyncio

    import ipywidgets as W

    from canvases import counting
    from nnlib import apps
    sent = []
    send_state = W.Widget.send_state
    monkeypatch.setattr(W.Widget, "send_state", lambda self, key=None: sent.append(self) or send_state(self, key))

    async def drag():
        app = counting(apps.DescentApp)("notes")
        rates = [app.controls.sliders[k] for k in ("alpha_h", "alpha_o")]
        later = app.controls._sync_later
        options = [v for _, v in app.alpha.options][1:]  # after 'per layer'
        app.alpha.set_state({"index": 2})  # one value alone: everything at once
        assert [r.value for r in rates] == [options[1]] * 2 and not later.pending
        for index in (3, 4, 5):
            sent.clear()
            app.alpha.set_state({"index": index})
            assert app.lesson.setup.lr == (options[index - 1],) * 2
            assert f"α = {options[index - 1]:g}" in app.alpha_title.get_text()
            assert not [w for w in sent if w in rates] and later.pending
        await asyncio.sleep(later.delay + 0.2)
        assert [r.value for r in rates] == [options[4]] * 2 and not later.pending
        return app

    asyncio.run(drag())
