"""Where a blitted figure changed since its last frame: the rectangles to redraw, in display pixels.

A slider event changes a few of a figure's animated artists (a label, one edge of the diagram, one
unit); redrawing all of them costs about a millisecond per text. `changes(artists, last, renderer)`
compares each artist with what it showed at the last frame (`signature`) and returns the regions
that must be redrawn: the old and the new place of every changed text, line, patch, and of every
changed element of a line or marker collection. An artist it cannot locate (an image, contours, a
quiver, any other type) counts as changed all over its Axes whenever matplotlib marks it stale, so
a region is never too small; the pixels are checked against a full redraw in tests/test_drag_updates.py
and tests/test_blitting.py.
"""
import numpy as np
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

PAD = 3.0  # pixels around every extent: antialiasing and rounding


def _arr(values):
    return np.array(values, dtype=float)


def _text_key(a):
    patch = a.get_bbox_patch()
    box = patch and (tuple(patch.get_facecolor()), tuple(patch.get_edgecolor()), patch.get_linewidth(),
                     patch.get_visible(), patch.get_alpha(), str(patch.get_boxstyle()))
    return (a.get_text(), tuple(a.get_unitless_position()), str(a.get_color()), a.get_fontsize(), a.get_fontweight(),
            a.get_fontstyle(), str(a.get_fontfamily()), a.get_rotation(), a.get_ha(), a.get_va(), a.get_alpha(),
            a.get_visible(), a.get_zorder(), box)


def _items(a):
    """Per-element arrays of a collection (one row per segment or marker), broadcast to its length."""
    if isinstance(a, LineCollection):
        places = [_arr(s).ravel() for s in a.get_segments()]
    else:
        places = list(_arr(a.get_offsets()))
        sizes = _arr(a.get_sizes())
    n = len(places)
    cols = [_arr(a.get_facecolor()).reshape(-1, 4), _arr(a.get_edgecolor()).reshape(-1, 4),
            _arr(a.get_linewidths()).reshape(-1, 1)]
    if isinstance(a, PathCollection):
        cols.append(sizes.reshape(-1, 1))
    if a.get_array() is not None:  # colour-mapped: the colours are computed only when drawn
        cols.append(_arr(a.get_array()).reshape(n, -1) if n else _arr([]).reshape(0, 1))
    cols = [np.zeros((n, c.shape[1])) if len(c) == 0 else np.broadcast_to(c, (n, c.shape[1])) if len(c) == 1 else c
            for c in cols]
    if any(len(c) != n for c in cols):
        return None
    return [(tuple(p), *(tuple(c[i]) for c in cols)) for i, p in enumerate(places)]


def signature(a):
    """What `a` shows, comparable with ==; None when unknown (then it counts as changed when stale)."""
    common = (a.get_visible(), a.get_alpha(), a.get_zorder())
    if isinstance(a, Text):
        return ("text", _text_key(a))
    if isinstance(a, (LineCollection, PathCollection)):
        items = _items(a)
        mapped = a.get_array() is not None and (a.get_clim(), a.get_cmap().name, str(a.norm))
        return None if items is None else ("items", (*common, mapped, len(a.get_paths())), len(items), items)
    if isinstance(a, Line2D):
        return ("line", common, a.get_xydata().tobytes(), str(a.get_color()), a.get_linewidth(), a.get_linestyle(),
                str(a.get_marker()), a.get_markersize(), str(a.get_markerfacecolor()), str(a.get_markeredgecolor()))
    if isinstance(a, Patch):
        return ("patch", common, a.get_path().vertices.tobytes(), a.get_patch_transform().get_matrix().tobytes(),
                tuple(a.get_facecolor()), tuple(a.get_edgecolor()), a.get_linewidth(), a.get_hatch())
    return None


def _grow(bbox, pixels):
    return Bbox.from_extents(bbox.x0 - pixels, bbox.y0 - pixels, bbox.x1 + pixels, bbox.y1 + pixels)


def extent(a, renderer):
    """Where `a` draws now (display pixels, padded), for artists `signature` knows; else its Axes (or figure)."""
    dpi = a.figure.dpi / 72.0
    if isinstance(a, Text):
        if not a.get_visible() or not a.get_text():
            return None
        box, patch = a.get_window_extent(renderer), a.get_bbox_patch()
        if patch is None:
            return _grow(box, PAD)
        pad = getattr(patch.get_boxstyle(), "pad", None)
        if pad is None or patch.get_mutation_aspect() not in (None, 1):
            a.update_bbox_position_size(renderer)
            return _grow(Bbox.union([box, patch.get_window_extent(renderer)]), PAD + dpi * patch.get_linewidth())
        # the box drawn around the text: pad x the font size out, its edge half its line width beyond
        return _grow(box, PAD + dpi * (pad * a.get_fontsize() + patch.get_linewidth()))
    if isinstance(a, Line2D):
        return _grow(a.get_window_extent(renderer), PAD + dpi * (a.get_linewidth() + a.get_markersize()))
    if isinstance(a, Patch):
        return _grow(a.get_window_extent(renderer), PAD + dpi * a.get_linewidth())
    return (a.axes or a.figure).bbox.frozen()


def item_extents(a, items):
    """Display boxes of the given collection elements (segments or markers), padded by their width or size."""
    dpi, boxes = a.figure.dpi / 72.0, []
    for place, face, edge, lw, *size in items:
        if isinstance(a, LineCollection):
            xy = a.get_transform().transform(np.reshape(place, (-1, 2)))
            pad = dpi * lw[0]
        else:
            xy = a.get_offset_transform().transform(np.reshape(place, (1, 2)))
            pad = dpi * (np.sqrt(size[0][0]) + lw[0])
        if np.isfinite(xy).all():
            boxes.append(_grow(Bbox.from_extents(*xy.min(0), *xy.max(0)), PAD + pad))
    return boxes


def changes(artists, last, renderer, most=0.35):
    """The regions to redraw (display Bboxes, not merged: a one-pass redraw needs no merging, and small
    boxes touch fewer artists; `merge` unions them) and the new `last`:
    {artist: (signature, boxes)}, boxes being where it draws now (for an element collection or an
    unknown artist: its whole Axes; None: not measured yet). `last` is the same mapping from the
    frame before. When more than `most` of the artists changed, regions is None (redraw them all)
    and nothing is measured: an upstream weight changes most labels, and measuring costs time."""
    sigs = [signature(a) for a in artists]
    old = [last.get(a, (None, None)) for a in artists]
    changed = [sig is None and (a.stale or a not in last) or sig != o[0]
               for a, sig, o in zip(artists, sigs, old)]
    if sum(changed) > most * len(artists):
        return None, {a: (sig, None if c else o[1]) for a, sig, o, c in zip(artists, sigs, old, changed)}
    regions, now = [], {}
    for a, sig, (old_sig, old_boxes), c in zip(artists, sigs, old, changed):
        whole = (a.axes or a.figure).bbox.frozen()
        if sig is not None and sig[0] == "items":
            if c and (old_sig is None or old_sig[:3] != sig[:3]):  # new, or another count or visibility
                regions.append(whole)
            elif c:
                moved = [i for i, (p, q) in enumerate(zip(old_sig[3], sig[3])) if p != q]
                regions += item_extents(a, [old_sig[3][i] for i in moved] + [sig[3][i] for i in moved])
            now[a] = (sig, [whole])
            continue
        if not c and old_boxes is not None:  # unchanged: where it was
            now[a] = (sig, old_boxes)
            continue
        box = extent(a, renderer)
        boxes = [box] if box is not None else []
        if c:
            regions += [whole] if sig is None or old_boxes is None else boxes + old_boxes
        now[a] = (sig, boxes)
    return regions, now


def merge(boxes):
    """Union boxes that overlap until none do."""
    boxes = [b for b in boxes if b.width > 0 and b.height > 0]
    merged = True
    while merged:
        merged, out = False, []
        for b in boxes:
            for i, o in enumerate(out):
                if b.overlaps(o):
                    out[i], merged = Bbox.union([b, o]), True
                    break
            else:
                out.append(b)
        boxes = out
    return boxes
