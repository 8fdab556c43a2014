"""Figures for apps: made once, shown live (ipympl) or as a static PNG, saved with a picture.

`figure()` builds under `plt.ioff()` so nothing displays twice; with `%matplotlib widget`
`fig.canvas` is an ipympl widget to put in a layout, headless it is an Agg canvas.
`remember_picture(fig)` stores the current pixels in the ipympl widget's state, so a saved
notebook opened cold shows the figure (not a blank box) until the cells are run again.
`static(fig)` is the PNG shown before each interactive figure (nbval, exports, previews).
"""
import base64
import io

import contextlib

import ipywidgets as W
import matplotlib.pyplot as plt

from .. import style

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
    else:  # Agg: closing only forgets it in pyplot; drawing and saving still work
        plt.close(fig)
    return fig


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
        fig.canvas._data_url = "data:image/png;base64," + base64.b64encode(png(fig)).decode("ascii")
        fig.canvas._size = tuple(int(round(v)) for v in fig.bbox.size)


def static(fig):
    """An IPython Image of the figure: a picture that needs no widgets."""
    from IPython.display import Image
    return Image(data=png(fig), format="png")


def remember_all():
    """remember_picture for every figure pyplot knows (run once at the end of a saved run)."""
    from matplotlib._pylab_helpers import Gcf
    for manager in Gcf.get_all_fig_managers():
        remember_picture(manager.canvas.figure)


class Blitter:
    """Redraw only the artists that change: a saved background, then those artists, then blit.

    Matplotlib's blitting recipe: the changing artists are `animated`, so a full draw (the first
    one the browser asks for, a resize, a dpi change) leaves them out and we keep the result as
    the background. A slider event then costs only the changing artists, not the axes, ticks
    and labels around them. `artists` is a list, or a function returning the current list (for
    artists that are re-created, like contour lines). When anything the background shows has
    changed (axis limits, labels, scales, colour limits: `layout`) or `update(full=True)` is
    asked, the update is a full redraw instead. Saving (savefig, static pictures) still draws
    everything, and a draw made while saving is never kept as the background. Canvases that
    cannot blit just get draw_idle.
    """

    def __init__(self, fig, artists, relayout=None):
        self.fig, self.relayout = fig, relayout  # relayout(): fit the axes to new tick labels before a full draw
        self.set_artists(artists)
        # pyplot's interactive mode (on under %matplotlib widget) asks for a full draw_idle
        # whenever an artist of the figure goes stale (a re-created contour line, a title):
        # this Blitter decides between blit and full redraw, so it takes that job over.
        fig.stale_callback = None
        # ipympl can (its blit sends the changed pixels at once; `supports_blit` says False
        # only for matplotlib's own widgets); a headless figure left out of pyplot cannot.
        if hasattr(fig.canvas, "copy_from_bbox"):
            fig.canvas.mpl_connect("draw_event", self._on_draw)

    def set_artists(self, artists):
        """Blit these artists from now on (a figure rebuilt in place, e.g. for presenter mode)."""
        self._artists = artists if callable(artists) else (lambda: artists)
        self.artists = self._current()
        self.background = self.drawn_layout = None

    def _current(self):
        """The artists now, marked animated (a re-created one must not land in the background)."""
        self.artists = sorted(self._artists(), key=lambda a: a.get_zorder())
        for a in self.artists:
            a.set_animated(True)
        return self.artists

    def layout(self):
        """What the background shows that an update may change: per Axes its limits, scales and
        labels (and the title unless it is animated), and the colour limits of artists with a colour bar."""
        key = [(ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_xlabel(),
                ax.get_ylabel(), None if ax.title.get_animated() else ax.get_title()) for ax in self.fig.axes]
        return key + [a.get_clim() for a in self.artists if getattr(a, "colorbar", None) is not None]

    def _on_draw(self, event):
        if self.fig.canvas.is_saving():  # a picture with every artist in it: not a background
            self.background = None
            return
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self.drawn_layout = self.layout()
        self._draw_artists()

    def _draw_artists(self):
        for a in self._current():
            self.fig.draw_artist(a)

    def update(self, full=False):
        """Show the artists' new data: blit over the background when it still holds, else ask
        for a full redraw (`full=True`: something else in the figure changed)."""
        canvas = self.fig.canvas
        self._current()
        if full or self.background is None or self.layout() != self.drawn_layout:
            self.background = None  # until the full draw happens, later updates wait for it too
            if self.relayout is not None:
                self.relayout()
            canvas.draw_idle()
            return
        canvas.restore_region(self.background)
        self._draw_artists()
        canvas.blit(self.fig.bbox)
        # The screen is current now. Left stale, the figure would get a full redraw anyway:
        # ipykernel runs pyplot's draw_all (redraw every stale figure) after each comm message.
        self.fig.stale = False


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
    """
    ui = fig = None

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
