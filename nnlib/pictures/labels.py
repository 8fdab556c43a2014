"""Where labels go so they touch nothing: weight labels along their edges, point names stacked.

Both work in display pixels with text sizes measured by the figure's renderer (no drawing).
"""
from functools import lru_cache

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

# along an edge from its source: 0.3 of the way first, then farther and nearer
FRACTIONS = tuple(sorted(np.round(np.arange(0.16, 0.85, 0.04), 2), key=lambda f: abs(f - 0.3)))


def text_size(ax, text, font):
    """(width, height) in pixels of `text` in `font` (a size in pt, or FontProperties)."""
    font = font if isinstance(font, FontProperties) else FontProperties(size=font)
    w, h, _ = _renderer(ax.figure.dpi).get_text_width_height_descent(text, font, ismath=False)
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


def place_along(ax, segments, nodes, radius, fontsize, widest, below, below_width=None):
    """Data positions of one label per edge (segments (E, 2, 2) in data units), each on its own edge
    as near its source as it can be without touching another label or a unit's circle and texts
    (nodes (N, 2) data; radius pt; the name above and `below` pt of text under each unit, as wide
    as `below_width` pt, or 5.2 font sizes)."""
    pt = ax.figure.dpi / 72
    w, h = text_size(ax, widest, fontsize)
    w, h = w + 4, h + 3  # the label's white box
    r = radius * pt + 2
    obstacles = []
    for x, y in ax.transData.transform(nodes):
        obstacles.append((x - r, y - r, x + r, y + r))
        obstacles.append((x - 1.6 * fontsize * pt, y + r - 2, x + 1.6 * fontsize * pt, y + r + 1.3 * fontsize * pt))
        half = (below_width / 2 if below_width else 2.6 * fontsize) * pt
        obstacles.append((x - half, y - r - below * pt, x + half, y - r + 2))
    frame = ax.get_window_extent()

    def boxes(seg):
        (x0, y0), (x1, y1) = ax.transData.transform(seg)
        for f in FRACTIONS:
            cx, cy = x0 + f * (x1 - x0), y0 + f * (y1 - y0)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            yield box, _area(box, obstacles) + 1e6 * (box[0] < frame.x0 or box[2] > frame.x1)

    placed, out = [], [None] * len(segments)
    for i in range(len(segments)):
        cost, box = min(((c + _area(b, placed), b) for b, c in boxes(segments[i])), key=lambda cb: cb[0])
        placed.append(box)
        out[i] = ax.transData.inverted().transform(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2))
    return out


def stack(points, labels, ax, gap=6.0):
    """Display positions (left end, vertical centre) for `labels` (Text) of `points` (N, 2) px:
    beside their point (left of it near the right edge), pushed down until no two overlap."""
    frame = ax.get_window_extent()
    sizes = [(w, 1.3 * h) for w, h in (text_size(ax, t.get_text(), t.get_fontproperties()) for t in labels)]
    lefts = [x + gap if x + gap + w < frame.x1 - 2 else x - gap - w for (x, _), (w, _) in zip(points, sizes)]
    ys = _pushed(points[:, 1], lefts, sizes)
    below = frame.y0 - min(y - h / 2 for y, (_, h) in zip(ys, sizes))
    if below > 0:  # off the bottom: start every label that much higher
        ys = _pushed(points[:, 1] + below, lefts, sizes)
    return list(zip(lefts, ys))


def _pushed(ys, lefts, sizes):
    """Label centres moved down, top label first, until no two labels overlap."""
    order = np.argsort(-np.asarray(ys), kind="stable")
    placed, out = [], list(ys)
    for i in order:
        (w, h), left, y = sizes[i], lefts[i], ys[i]
        moved = True
        while moved:
            moved = False
            for x0, y0, x1, y1 in placed:
                if min(left + w, x1) > max(left, x0) and min(y + h / 2, y1) > max(y - h / 2, y0):
                    y = y0 - h / 2 - 1
                    moved = True
        placed.append((left, y - h / 2, left + w, y + h / 2))
        out[i] = y
    return out
