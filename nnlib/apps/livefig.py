"""What the loss apps share: the canvas in a layout, and showing an app by naming it.

Figures come from `figure.figure` (built under plt.ioff(), ipympl canvas when live). Headless
(Agg, in tests) there is no canvas widget, so an empty Output takes its place and the artists
are still drawn and readable.
"""
import ipywidgets as W

from . import figure as _figure
from .figure import redraw  # noqa: F401  (the apps call livefig.redraw)


def figure(width, height):
    return _figure.figure((width, height))


def canvas(fig):
    """The widget to put in a layout: the ipympl canvas, or an empty Output when headless."""
    return fig.canvas if _figure.is_widget(fig) else W.Output()


class App:
    """Base for the apps: `.ui` is the widget tree, `.fig` the figure.

    A notebook shows an app by naming it; `summary()` is the text a reader without a kernel
    sees (text/plain), and `static()` a PNG of the figure as it is now.
    """
    ui = fig = None

    def summary(self):
        return type(self).__name__

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.ui._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.summary()
        return bundle

    def static(self):
        return _figure.static(self.fig)
