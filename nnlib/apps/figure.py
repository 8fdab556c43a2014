"""Figures for apps: made once, shown live (ipympl) or as a static PNG, saved with a picture.

`figure()` builds under `plt.ioff()` so nothing displays twice; with `%matplotlib widget`
`fig.canvas` is an ipympl widget to put in a layout, headless it is an Agg canvas.
`remember_picture(fig)` stores the current pixels in the ipympl widget's state, so a saved
notebook opened cold shows the figure (not a blank box) until the cells are run again.
`static(fig)` is the PNG shown before each interactive figure (nbval, exports, previews).
"""
import base64
import io
import struct
import zlib

import contextlib

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..pictures import style
from . import private
from .blitter import Blitter  # noqa: F401  (apps import it from here)

CANVAS = dict(header_visible=False, footer_visible=False, resizable=False, toolbar_visible=False)


def is_widget(fig):
    """True when the figure lives in an ipympl widget canvas."""
    return type(fig.canvas).__module__.startswith("ipympl")


def figure(figsize, **kwargs):
    """A new figure, not displayed; headless figures are left out of pyplot's registry."""
    with plt.ioff():
        fig = plt.figure(figsize=figsize, **kwargs)
    if is_widget(fig):
        for key, value in CANVAS.items():
            setattr(fig.canvas, key, value)
        quick_frames(fig.canvas)
    else:  # Agg: closing only forgets it in pyplot; drawing and saving still work
        plt.close(fig)
    return fig


def quick_frames(canvas, level=1):
    """Send the canvas's frames as PNGs compressed at zlib `level` 1 instead of 6, unfiltered
    (`frame_png`): the same pixels, a few times faster to encode (a third of a slider update's
    kernel time at 6), a little larger on a local socket. The frame logic stays matplotlib's (see
    private.encode_frames_with); a canvas without it is left alone."""
    private.encode_frames_with(canvas, lambda rgba: frame_png(rgba, level))


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def frame_png(rgba, level):
    """An (h, w, 4) uint8 frame as PNG bytes (8-bit RGBA), deflated at zlib `level` with run-length
    matching and no row filter: a frame is mostly runs (a diff frame is zeros around the changed
    pixels), which this compresses about as well as a filtered PNG in half the time or less."""
    h, w, _ = rgba.shape
    rows = np.zeros((h, 4 * w + 1), np.uint8)  # each row: filter type 0 (none), then its pixels
    rows[:, 1:] = rgba.reshape(h, 4 * w)
    deflate = zlib.compressobj(level, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    data = deflate.compress(rows.tobytes()) + deflate.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))


@contextlib.contextmanager
def building():
    """Artists made inside take the current mode's font sizes and line widths."""
    with plt.rc_context(style.rc()):
        yield


def finish(fig):
    """Tick labels in the mode's size (ticks made later copy the first one)."""
    size = style.sizes()["small"]
    for ax in fig.axes:
        ax.tick_params(labelsize=size)


def png(fig, dpi=None):
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi)
    return buf.getvalue()


def remember_picture(fig):
    """Put the figure's current pixels into its widget state (no-op headless)."""
    if is_widget(fig):
        private.save_picture(fig.canvas, "data:image/png;base64," + base64.b64encode(png(fig)).decode("ascii"),
                             tuple(int(round(v)) for v in fig.bbox.size))


def static(fig):
    """An IPython Image of the figure: a picture that needs no widgets."""
    from IPython.display import Image
    return Image(data=png(fig), format="png")


def remember_all():
    """remember_picture for every figure pyplot knows (run once at the end of a saved run)."""
    for fig in private.pyplot_figures():
        remember_picture(fig)


def canvas(fig, note="<i>(the live figure needs %matplotlib widget)</i>"):
    """The widget to put in a layout: the ipympl canvas, or a note when headless (Agg)."""
    return fig.canvas if is_widget(fig) else W.HTML(note)


def presenter_toggle(app):
    """A toggle button that rebuilds `app`'s figure in presenter mode (or back), in place."""
    button = W.ToggleButton(value=style.presenting_now(), description="presenter", icon="television",
                            tooltip="bigger text and lines for a projector (1280×720)", layout=W.Layout(width="auto"))
    button.observe(app.errors.guard(lambda change: app.present(change.new)), "value")
    return button


class App:
    """Base for the lesson apps: `.ui` is the widget tree, `.fig` the figure made once.

    A notebook shows an app by naming it: one output carrying three representations. A
    frontend with widgets shows the live app; one without (GitHub, nbviewer, an untrusted
    notebook, an HTML export) shows the PNG of the figure as it is now, and `summary()` is
    the text fallback. Showing the app also stores the figure's picture in its widget state,
    so a saved notebook opened cold and trusted shows it too. `static()` is the PNG alone.
    Every app takes `figure=`, the factory figure(figsize) -> Figure it draws on (`figure` above
    unless given: tests and benchmarks pass one whose canvas blits headless and counts draws).
    """
    ui = fig = None

    def _make_figure(self, figure, relayout=None):
        """The figure, made once in the mode's sizes, its artists (`_build()`), and a Blitter over
        them. `relayout()` (a tight layout) runs again only before a full draw: run at every draw
        it would move the axes under the blitted artists."""
        with building():
            self.fig = figure(style.figsize(*self._figsize()))
            artists = self._build()
        finish(self.fig)
        self.blitter = Blitter(self.fig, artists, relayout=relayout)

    def present(self, on):
        """Presenter mode for this app's figure: the same figure cleared and built again with the
        mode's sizes (subclasses define `_figsize()`, `_build()` returning the artists to blit, `_refresh()`)."""
        with style.presenting(on):
            self.fig.clear()
            self.fig.set_size_inches(*style.figsize(*self._figsize()), forward=True)
            with building():
                artists = self._build()
            finish(self.fig)
        self.blitter.set_artists(artists)
        self._refresh()
        self.blitter.update(full=True)

    def summary(self):
        return type(self).__name__

    def static(self):
        return static(self.fig)

    def _repr_mimebundle_(self, **kwargs):
        remember_picture(self.fig)
        bundle = self.ui._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(png(self.fig)).decode("ascii")
        bundle["text/plain"] = self.summary()
        return bundle
