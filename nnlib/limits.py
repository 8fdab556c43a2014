"""Axis limits that hold still while the data moves a little, so a live figure can blit.

A blitted update redraws only the changing artists over a saved background; new axis limits
(ticks, labels) need a full redraw. `steady` keeps the current limits while the data fits in
them and fills enough of them (and leaves room when it must move); `box` does the same for the
descent map's square around a path that starts as a single point; `ladder` grows a step axis in
coarse steps.
"""
import math

import numpy as np

LADDER = (1, 1.5, 2, 3, 5, 7)


def ladder(n, smallest=10):
    """The first of 10, 15, 20, 30, 50, 70, 100, 150, ... that is >= n: the end of a step axis."""
    top = max(float(n), smallest)
    k = math.floor(math.log10(top))
    for m in LADDER + (10,):
        if m * 10**k >= top * (1 - 1e-12):
            return int(round(m * 10**k))


def steady(current, lo, hi, log=False, fill=0.5, pad=0.05, room=0.25):
    """Limits for data spanning [lo, hi] (in decades when `log`): `current` (a pair or None),
    moved out by `pad` + `room` of the data's span on a side the data left, while the data
    spans at least `fill` of them; else new limits, `pad` of the span each side."""
    f, inverse = (math.log10, lambda v: 10**v) if log else (float, float)
    a, b = (f(max(lo, 1e-300)), f(max(hi, 1e-300))) if log else (f(lo), f(hi))
    span = (b - a) or abs(b) or 1.0
    if current is not None:
        c0, c1 = sorted(f(c) for c in current)
        g0 = c0 if a >= c0 else a - (pad + room) * span
        g1 = c1 if b <= c1 else b + (pad + room) * span
        if b - a >= fill * (g1 - g0):
            return tuple(current) if (g0, g1) == (c0, c1) else (inverse(g0), inverse(g1))
    return inverse(a - pad * span), inverse(b + pad * span)


def box(values, current=None, margin=0.5):
    """(lo, hi) around `values` with a margin m (at least `margin`, 15% of their spread); the
    `current` box while the values stay m/4 inside it and it is not over twice what it needs.

    Not `steady`: a descent path starts as one point (no spread), so the box needs a margin of its
    own and a fill measured with it; `steady` measures fill on the data alone, which suits series."""
    lo, hi = float(np.min(values)), float(np.max(values))
    m = max(margin, 0.15 * (hi - lo))
    if current is not None:
        c0, c1 = current
        if c0 + m / 4 <= lo and hi <= c1 - m / 4 and c1 - c0 <= 2 * (hi - lo + 2 * m):
            return current
    return lo - m, hi + m
