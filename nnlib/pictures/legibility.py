"""Can the back row read this figure? Overlapping texts, clipped texts, small fonts, labels on units.

`problems(fig, min_pt)` draws the figure headless once, the way a saved picture is drawn (every
artist, animated ones too), records every Text that was really drawn (visible, non-empty, tick
labels inside the view) with its window extent, and returns one sentence per problem:
two texts overlapping, a text reaching outside the figure, a font under `min_pt` points, a text
over a unit's circle of the network diagram that is not its own (the diagram's node collection
carries the gid 'units:x1,x2,h1,...'; a text with gid 'unit:h1' belongs to h1).
"""
import io
from contextlib import contextmanager

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.text import Text

TOLERANCE = 1.0  # pixels two boxes may share (anti-aliased edges touching are no overlap)


@contextmanager
def _recording(found):
    """Record text -> extent for every Text drawn while inside."""
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip() and self.get_alpha() != 0:
            found[self] = self.get_window_extent(renderer)  # a layout pass may draw it twice
    Text.draw = draw
    try:
        yield
    finally:
        Text.draw = original


def drawn_texts(fig):
    """[(Text, Bbox in pixels)] of every text drawn in a full draw of `fig` (animated ones too)."""
    found = {}
    with _recording(found):
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)  # saving draws animated artists too
    return list(found.items())


def unit_circles(fig):
    """[(unit name, centre (px), radius (px))] for each network diagram in `fig`."""
    out = []
    for ax in fig.axes:
        for c in ax.collections:
            gid = c.get_gid() or ""
            if isinstance(c, PathCollection) and gid.startswith("units:"):
                names = gid[len("units:"):].split(",")
                centres = ax.transData.transform(c.get_offsets())
                radii = np.sqrt(np.broadcast_to(c.get_sizes(), len(names))) / 2 * fig.dpi / 72
                out += list(zip(names, centres, radii))
    return out


def _name(text):
    s = text.get_text().replace("\n", " ")
    return repr(s if len(s) <= 40 else s[:37] + "...")


def _overlap(a, b, tol=TOLERANCE):
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol


def _hits_circle(box, centre, r, tol=TOLERANCE):
    nx, ny = np.clip(centre[0], box.x0, box.x1), np.clip(centre[1], box.y0, box.y1)
    return np.hypot(nx - centre[0], ny - centre[1]) < r - tol


def problems(fig, min_pt=8.0):
    """Sentences naming every legibility problem of `fig` (empty: none found)."""
    texts = drawn_texts(fig)
    out = []
    W, H = fig.bbox.width, fig.bbox.height
    for t, box in texts:
        if t.get_fontsize() < min_pt - 1e-9:
            out.append(f"{_name(t)} is {t.get_fontsize():.1f} pt, under {min_pt:g} pt")
        if box.x0 < -TOLERANCE or box.y0 < -TOLERANCE or box.x1 > W + TOLERANCE or box.y1 > H + TOLERANCE:
            out.append(f"{_name(t)} is clipped: it reaches outside the figure")
    for i, (a, abox) in enumerate(texts):
        for b, bbox in texts[i + 1:]:
            if _overlap(abox, bbox):
                out.append(f"{_name(a)} overlaps {_name(b)}")
    for unit, centre, r in unit_circles(fig):
        for t, box in texts:
            if (t.get_gid() or "") != f"unit:{unit}" and _hits_circle(box, centre, r):
                out.append(f"{_name(t)} lies over unit {unit}'s circle")
    return out
