"""Headless figures for the app tests: an Agg canvas that blits as ipympl's does and counts.

Apps take a figure factory (`figure=`); `counting_figure` is the one the tests pass, and
`counting(App)` is an app class that always gets it.
"""
import functools

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


class CountingCanvas(FigureCanvasAgg):
    """Counts full draws (`draws`), blits (`blits`) and the artists drawn one by one for a frame
    (`drawn`); a blit sends nothing (there is no browser), the pixels stay in the buffer."""

    def __init__(self, fig):
        super().__init__(fig)
        self.draws = self.blits = self.drawn = 0
        draw_artist = fig.draw_artist

        def counted(a):
            self.drawn += 1
            return draw_artist(a)
        fig.draw_artist = counted

    def draw(self):
        self.draws += 1
        super().draw()

    def blit(self, bbox=None):
        self.blits += 1


def counting_figure(figsize, **kwargs):
    """A Figure on a CountingCanvas: the factory the apps get in tests."""
    fig = Figure(figsize=figsize, **kwargs)
    CountingCanvas(fig)
    return fig


def counting(app_class):
    """`app_class` with its figures on counting canvases."""
    return functools.partial(app_class, figure=counting_figure)


def pixels(canvas):
    return np.asarray(canvas.buffer_rgba()).copy()
