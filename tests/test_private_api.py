"""The private matplotlib/ipympl APIs named in nnlib/apps/private.py exist and behave as the apps use
them, on the versions pinned in requirements.txt (issue 13, item 4)."""
import io
import re
import types
from importlib.metadata import version
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import pytest
from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore
from matplotlib.figure import Figure

from nnlib.apps import private

PINS = dict(re.findall(r"^([\w-]+)==(\S+)", (Path(__file__).parents[1] / "requirements.txt").read_text(), re.M))


@pytest.mark.parametrize("package", ["matplotlib", "ipympl"])
def test_the_installed_version_is_the_pinned_one_the_private_names_were_checked_against(package):
    assert version(package) == PINS[package], (
        f"{package} {version(package)} is installed, requirements.txt pins {PINS[package]}: "
        "check every name in nnlib/apps/private.py against the new version, then move the pin")


def test_every_name_listed_is_one_the_module_uses():
    source = Path(private.__file__).read_text().split("NAMES = {")[1]
    for name in private.NAMES:
        assert name.rsplit(".", 1)[1] in source, name


def test_ipympl_canvas_keeps_a_saved_picture_in_synced_traits():
    backend = matplotlib.get_backend()
    try:
        from ipympl.backend_nbagg import Canvas  # importing it makes ipympl pyplot's backend
        traits = Canvas.class_traits(sync=True)
        assert {"_data_url", "_size"} <= set(traits)
        canvas = Canvas(Figure(figsize=(2, 1), dpi=50))
        private.save_picture(canvas, "data:image/png;base64,AAAA", (100, 50))
        assert canvas.get_state()["_data_url"] == "data:image/png;base64,AAAA"
        assert tuple(canvas.get_state()["_size"]) == (100, 50)
    finally:
        plt.switch_backend(backend)  # the other tests keep the backend they started with


def test_pyplot_figures_are_the_ones_pyplot_holds():
    fig = plt.figure()
    try:
        assert fig in private.pyplot_figures()
    finally:
        plt.close(fig)
    assert fig not in private.pyplot_figures()


def frames(canvas, line):
    """(mode, pixels) of a full frame, then of the frame after `line` moved."""
    out = []
    for y in ([0, 1], [1, 0]):
        line.set_ydata(y)
        canvas.draw()
        png = canvas.get_diff_image()
        out.append((canvas._current_image_mode, np.asarray(PIL.Image.open(io.BytesIO(png)))))
    return out


@pytest.mark.parametrize("level", [1, 6])
def test_frames_encoded_by_the_kit_are_matplotlibs_frames(level):
    """Against matplotlib's own get_diff_image on a twin figure: the same modes, the same pixels."""
    figs = [Figure(figsize=(2, 1.5), dpi=60) for _ in range(2)]
    canvases = [FigureCanvasWebAggCore(f) for f in figs]
    for c in canvases:  # its draw tells the page to fetch the frame: no page here
        c.manager = types.SimpleNamespace(refresh_all=lambda: None, _send_event=lambda *a, **k: None)
    lines = [f.add_subplot().plot([0, 1], [0, 1])[0] for f in figs]
    for f in figs:
        f.patch.set_alpha(1.0)
    assert all(hasattr(canvases[0], a) for a in private.FRAME_STATE)
    assert private.encode_frames_with(canvases[0], lambda rgba: png_bytes(rgba, level))
    ours, theirs = frames(canvases[0], lines[0]), frames(canvases[1], lines[1])
    assert [m for m, _ in ours] == [m for m, _ in theirs] == ["full", "diff"]
    for (_, a), (_, b) in zip(ours, theirs):
        assert np.array_equal(a, b)
    assert canvases[0].get_diff_image() is None  # nothing new drawn: no frame


def png_bytes(rgba, level):
    out = io.BytesIO()
    PIL.Image.fromarray(rgba).save(out, format="png", compress_level=level)
    return out.getvalue()


def test_a_canvas_without_webagg_frames_is_left_alone():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    canvas = FigureCanvasAgg(Figure())
    assert not private.encode_frames_with(canvas, png_bytes)
    assert not hasattr(canvas, "get_diff_image")


def test_text_drawn_from_the_cache_is_the_text_matplotlib_draws():
    """Strings, sizes, rotations, boxes, an unantialiased label and math text: the same pixels as
    matplotlib's own renderer, the second time from the cache."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def make():
        fig = Figure(figsize=(3, 2), dpi=80)
        for i, (text, angle, size) in enumerate([("w5 0.50", 0, 9), ("δ = −0.0277", 30, 11), ("E", 90, 7.3),
                                                 ("z=0.120", 12.5, 10), (r"$\sigma(z)$", 0, 10)]):
            fig.text(0.1 + 0.17 * i, 0.3 + 0.1 * i, text, rotation=angle, fontsize=size,
                     bbox=dict(fc="white", ec="0.5") if i % 2 else None)
        fig.text(0.5, 0.9, "no antialias", antialiased=False)
        canvas = FigureCanvasAgg(fig)
        return fig, canvas

    fig, canvas = make()
    canvas.draw()
    plain = np.asarray(canvas.buffer_rgba()).copy()
    fig, canvas = make()
    private.LAYOUTS.clear()
    private.GLYPHS.clear()
    private.cache_text(canvas.get_renderer())
    for _ in range(2):
        canvas.draw()
        assert np.array_equal(np.asarray(canvas.buffer_rgba()), plain)
    assert private.LAYOUTS and private.GLYPHS
