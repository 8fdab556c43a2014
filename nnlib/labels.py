"""Where labels go so they touch nothing: weight labels along their edges, point names stacked.

Both work in display pixels with text sizes measured by the figure's renderer (no drawing).
"""
from functools import lru_cache

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

FRACTIONS = (0.3, 0.38, 0.46, 0.54, 0.62, 0.7, 0.22, 0.78)  # along an edge from its source, nearest first


def text_size(ax, text, fontsize):
    """(width, height) in pixels of `text` at `fontsize` pt."""
    w, h, _ = _renderer(ax.figure.dpi). get_text_width_height_descent(text, FontProperties(size=fontsize), ismath=False)
    return w, h


@lru_cache(maxsize=4)
def _renderer(dpi):
    return RendererAgg(10, 10, dpi)  # measures text as Agg draws it, whatever the figure's canvas


def _area(box, boxes):
    """Total overlap (px²) of box (x0, y0, x1, y1) with boxes (N, 4)."""
    if not len(boxes):
        return 0.0
    b = np.asarray(boxes)
    dx = np.minimum(box[2], b[:, 2]) - np.maximum(box[0], b[:, 0])
    dy = np.minimum(box[3], b[:, 3]) - np.maximum(box[1], b[:, 1])
    return float(np.sum(np.clip(dx, 0, None) * np.clip(dy, 0, None)))


def place_along(ax, segments, nodes, radius, fontsize, widest, below):
    """Data positions of one label per edge (segments (E, 2, 2) in data units), each on its own edge
    as near its source as it can be without touching another label or a unit's circle and texts
    (nodes (N, 2) data; radius pt; the name above and `below` pt of text under each unit)."""
    pt = ax.figure.dpi / 72
    w, h = text_size(ax, widest, fontsize)
    w, h = w + 4, h + 3  # the label's white box
    r = radius * pt + 2
    obstacles = []
    for x, y in ax.transData.transform(nodes):
        obstacles.append((x - r, y - r, x + r, y + r))
        obstacles.append((x - 1.6 * fontsize * pt, y + r - 2, x + 1.6 * fontsize * pt, y + r + 1.3 * fontsize * pt))
        obstacles.append((x - 2.6 * fontsize * pt, y - r - below * pt, x + 2.6 * fontsize * pt, y - r + 2))
    frame = ax.get_window_extent()
    placed, out = [], []
    for seg in segments:
        (x0, y0), (x1, y1) = ax.transData.transform(seg)
        best = None
        for f in FRACTIONS:
            cx, cy = x0 + f * (x1 - x0), y0 + f * (y1 - y0)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            cost = _area(box, obstacles) + _area(box, placed)
            cost += 1e6 * (box[0] < frame.x0 or box[2] > frame.x1)
            if best is None or cost < best[0]:
                best = (cost, box, (cx, cy))
            if cost == 0:
                break
        placed.append(best[1])
        out.append(ax.transData.inverted().transform(best[2]))
    return out


def stack(points, labels, ax, gap=6.0):
    """Display positions (left end, vertical centre) for `labels` (Text) of `points` (N, 2) px:
    beside their point (left of it near the right edge), pushed down until no two overlap."""
    frame = ax.get_window_extent()
    sizes = [(w, 1.3 * h) for w, h in (text_size(ax, t.get_text(), t.get_fontsize()) for t in labels)]
    order = np.argsort(-points[:, 1], kind="stable")
    placed, out = [], [None] * len(labels)
    for i in order:
        (x, y), (w, h) = points[i], sizes[i]
        left = x + gap if x + gap + w < frame.x1 - 2 else x - gap - w
        for box in sorted(placed, key=lambda b: -b[3]):
            if min(left + w, box[2]) > max(left, box[0]) and min(y + h / 2, box[3]) > max(y - h / 2, box[1]) - 1:
                y = box[1] - 1 - h / 2
        placed.append((left, y - h / 2, left + w, y + h / 2))
        out[i] = (left, y)
    return out
