"""Figures for apps: made once, shown live (ipympl) or as a static PNG, saved with a picture.

`figure()` builds under `plt.ioff()` so nothing displays twice; with `%matplotlib widget`
`fig.canvas` is an ipympl widget to put in a layout, headless it is an Agg canvas.
`remember_picture(fig)` stores the current pixels in the ipympl widget's state, so a saved
notebook opened cold shows the figure (not a blank box) until the cells are run again.
`static(fig)` is the PNG shown before each interactive figure (nbval, exports, previews).
"""
import base64
import io

import matplotlib.pyplot as plt

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


def redraw(fig):
    """Ask for one redraw after artists changed (coalesced by the canvas)."""
    fig.canvas.draw_idle()


def remember_all():
    """remember_picture for every figure pyplot knows (run once at the end of a saved run)."""
    from matplotlib._pylab_helpers import Gcf
    for manager in Gcf.get_all_fig_managers():
        remember_picture(manager.canvas.figure)
