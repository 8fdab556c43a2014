"""Blitter: a figure's changing artists redrawn over a saved background, only where they changed.

See `Blitter`; where a frame changed comes from `dirty.changes`.
"""
import math

import numpy as np

from matplotlib.transforms import Bbox

from . import dirty, private


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
    cannot blit just get draw_idle. A blit redraws only the regions where an artist changed since
    the last frame (`dirty.changes`: a moved label, one edge of a diagram), in one pass: the
    background in every region, then each artist overlapping any of them, once; when that would
    draw most of the artists anyway, all of them at once, and when most artists changed, all of them
    without measuring where (`CHANGED`).

    It takes over the figure's `stale_callback` (sets it to None): pyplot's interactive mode puts
    a callback there that asks for a full redraw whenever any artist goes stale, which would undo
    every blit. From then on this Blitter alone decides when the figure is redrawn, so a change
    made to the figure outside `update()` shows only at the next `update()` or full draw.
    """
    MOST = 0.8  # regions that draw more artists than this fraction of all: restore and redraw everything
    # more changed artists than this fraction of all: redraw everything without measuring where they
    # were (their old and new places would send most of the others into the regions anyway)
    CHANGED = 0.45

    def __init__(self, fig, artists, relayout=None):
        self.fig, self.relayout = fig, relayout  # relayout(): fit the axes to new tick labels before a full draw
        self.set_artists(artists)
        # Taken over on purpose (see the class docstring): pyplot's interactive mode (on under
        # %matplotlib widget) asks for a full draw_idle whenever an artist goes stale.
        fig.stale_callback = None
        # ipympl can (its blit sends the changed pixels at once; `supports_blit` says False
        # only for matplotlib's own widgets); a headless figure left out of pyplot cannot.
        if hasattr(fig.canvas, "copy_from_bbox"):
            fig.canvas.mpl_connect("draw_event", self._on_draw)
            private.cache_text(fig.canvas.get_renderer())  # the same labels again and again: see private

    def set_artists(self, artists):
        """Blit these artists from now on (a figure rebuilt in place, e.g. for presenter mode)."""
        self._artists = artists if callable(artists) else (lambda: artists)
        self.artists = self._current()
        self.background = self.drawn_layout = None
        self.last = {}  # per artist: what it showed at the last frame, and where (see dirty.changes)

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

    def _draw_artists(self, now=None):
        """Every artist; `now`: what they show (dirty.changes), if already known."""
        for a in self._current():
            self.fig.draw_artist(a)
        self.last = now if now is not None else dirty.changes(self.artists, {}, self.fig.canvas.get_renderer(), 1.0)[1]

    def _draw_regions(self, boxes, artists):
        """The background in each box (display Bboxes), then `artists` (every one overlapping any box),
        each drawn once in z order; what they draw outside the boxes is put back from the frame before."""
        canvas, height = self.fig.canvas, self.fig.canvas.get_renderer().height
        frame = canvas.copy_from_bbox(self.fig.bbox)
        for r in boxes:
            canvas.restore_region(self.background, bbox=(r.x0, height - r.y1, r.x1, height - r.y0), xy=(0, 0))
        for a in artists:
            self.fig.draw_artist(a)
        patches = [canvas.copy_from_bbox(r) for r in boxes]
        canvas.restore_region(frame)
        for patch in patches:
            canvas.restore_region(patch)

    def update(self, full=False):
        """Show the artists' new data: blit over the background when it still holds, else ask
        for a full redraw (`full=True`: something else in the figure changed)."""
        canvas = self.fig.canvas
        self._current()
        if hasattr(canvas, "copy_from_bbox"):
            private.cache_text(canvas.get_renderer())  # a new renderer after a resize or a dpi change
        if full or self.background is None or self.layout() != self.drawn_layout:
            self.background = None  # until the full draw happens, later updates wait for it too
            if self.relayout is not None:
                self.relayout()
            canvas.draw_idle()
            return
        regions, now = dirty.changes(self.artists, self.last, canvas.get_renderer(), most=self.CHANGED)
        self.last = now
        boxes = pixel_boxes(regions, self.fig.bbox) if regions is not None else [self.fig.bbox]
        where = _extents(boxes)
        drawn = self.artists if regions is None else [a for a in self.artists if overlapping(now[a][1], where)]
        if len(drawn) > self.MOST * len(self.artists):
            canvas.restore_region(self.background)
            self._draw_artists(now)
        elif boxes:
            self._draw_regions(boxes, drawn)
        if boxes:  # else nothing on screen changed: no frame to send
            canvas.blit(self.fig.bbox)
        # The screen is current now. Left stale, the figure would get a full redraw anyway:
        # ipykernel runs pyplot's draw_all (redraw every stale figure) after each comm message.
        self.fig.stale = False


def overlapping(boxes, regions):
    """True if any of `boxes` (Bboxes) overlaps any of `regions` (see _extents); touching counts, as in
    Bbox.overlaps."""
    if not boxes or not len(regions):
        return False
    a, b = _extents(boxes), regions
    return bool(((a[:, None, 0] <= b[None, :, 2]) & (b[None, :, 0] <= a[:, None, 2])
                 & (a[:, None, 1] <= b[None, :, 3]) & (b[None, :, 1] <= a[:, None, 3])).any())


def _extents(boxes):
    """(N, 4) x0, y0, x1, y1 with x0 <= x1 and y0 <= y1."""
    e = np.array([b.extents for b in boxes], dtype=float).reshape(-1, 4)
    return np.concatenate([np.minimum(e[:, :2], e[:, 2:]), np.maximum(e[:, :2], e[:, 2:])], axis=1)


def pixel_boxes(regions, bounds):
    """Regions on whole pixels (rounded outwards), inside `bounds`, empty ones left out."""
    out = []
    for r in regions:
        x0, y0 = max(math.floor(r.x0), int(bounds.x0)), max(math.floor(r.y0), int(bounds.y0))
        x1, y1 = min(math.ceil(r.x1), int(bounds.x1)), min(math.ceil(r.y1), int(bounds.y1))
        if x1 > x0 and y1 > y0:
            out.append(Bbox.from_extents(x0, y0, x1, y1))
    return out  # not merged: the one pass restores and copies each box, overlaps do no harm
