"""One colour language for every figure, and presenter mode (bigger text and lines for a projector).

Colours: each unit one Okabe–Ito colour everywhere (diagram ring and name, sigmoid point, output
bar, curves); weights by sign on a diverging red (−) / blue (+) map without its white middle, so a
small weight stays visible; hidden weights (x→h) solid, output weights (h→o) dashed.
Presenter mode: `presenter(True)` (or `nnlib.apps.presenter(True)`) makes every app built after it
use fonts of 14 pt and more, thicker lines and a figure that fills a 1280×720 projector.
"""
from contextlib import contextmanager

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import ListedColormap, Normalize

# Okabe & Ito (2008), "Color Universal Design": eight colours told apart with any colour vision.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7"}
# the categorical palette: the Okabe–Ito colours that read as lines and text on white (not yellow)
CATEGORICAL = tuple(OKABE_ITO[k] for k in ("orange", "sky blue", "bluish green", "reddish purple",
                                           "vermillion", "blue", "black"))
HIDDEN_COLORS = CATEGORICAL[:4]   # h1..h4
OUTPUT_COLORS = CATEGORICAL[4:6]  # o1, o2
INPUT_COLOR = "0.35"
HIGHLIGHT = OKABE_ITO["yellow"]   # the halo of the edges a derivation step involves
NOW, START = OKABE_ITO["vermillion"], "white"  # the current point on a loss map, the start of a path

# weights: RdBu (ColorBrewer, colour-blind safe) without its near-white middle third
WEIGHT_CMAP = ListedColormap(np.vstack([colormaps["RdBu"](np.linspace(0.0, 0.36, 64)),
                                        colormaps["RdBu"](np.linspace(0.64, 1.0, 64))]), name="weights")
WEIGHT_NORM = Normalize(-3.0, 3.0, clip=True)  # the sliders' range
ACT_CMAP, ACT_NORM = colormaps["Blues"], Normalize(0.0, 1.0, clip=True)
LOSS_CMAP = "viridis"
HIDDEN_STYLE, OUTPUT_STYLE, BIAS_STYLE = "-", (0, (5, 2)), ":"
SOURCE_MARKERS = ("", "o", "s", "^", "D")  # weights out of unit 1, 2, 3, 4 of a layer

UNDER_TICKS = 3.4  # font sizes from an axes' bottom to below its tick labels and x label (a legend there)
NORMAL = dict(small=8.5, text=9.5, title=10.5, lw=1.0, scale=1.0)
PRESENTER = dict(small=14.0, text=15.0, title=16.0, lw=1.6, scale=1.0)
_mode = {"on": False}


def unit_color(name):
    """The colour of unit 'h2', 'o1', ... (inputs are grey)."""
    layer, k = name[0], int(name[1:]) - 1
    if layer == "h":
        return HIDDEN_COLORS[k % len(HIDDEN_COLORS)]
    if layer == "o":
        return OUTPUT_COLORS[k % len(OUTPUT_COLORS)]
    return INPUT_COLOR


def param_style(p, sizes):
    """Line colour, style and marker for parameter `p` (a params.Param) over time: the colour of the
    unit it feeds, solid into hidden units, dashed into outputs, dotted for biases, a marker for its source."""
    if not p.theta:
        return dict(color=unit_color(p.target), ls=BIAS_STYLE, marker="")
    ls = HIDDEN_STYLE if p.target.startswith("h") else OUTPUT_STYLE
    return dict(color=unit_color(p.target), ls=ls, marker=SOURCE_MARKERS[(int(p.source[1:]) - 1) % 5])


def param_key(sizes, biases=True):
    """Legend entries (label, Line2D properties) decoding `param_style` for a network of `sizes`:
    colour = the unit fed, marker = the source unit's number, line style = the layer."""
    units = [f"h{j + 1}" for j in range(sizes[1])] + [f"o{k + 1}" for k in range(sizes[2])]
    out = [(f"into {u}", dict(color=unit_color(u), lw=3)) for u in units]
    def source(k):
        return (f"from x{k + 1}/h{k + 1}" + (" (plain)" if k == 0 else "")) if k < sizes[0] else f"from h{k + 1}"
    out += [(source(k), dict(color="0.3", marker=m, ls=""))
            for k, m in enumerate(SOURCE_MARKERS[:max(sizes[0], sizes[1])])]
    out += [("x→h", dict(color="0.3", ls=HIDDEN_STYLE)), ("h→o", dict(color="0.3", ls=OUTPUT_STYLE))]
    return out + ([("bias", dict(color="0.3", ls=BIAS_STYLE))] if biases else [])


def presenter(on=True):
    """Presenter mode for every figure built from now on: fonts >= 14 pt, thicker lines."""
    if not isinstance(on, (bool, np.bool_)):
        raise TypeError(f"presenter() takes True or False, got {on!r}")
    _mode["on"] = bool(on)


def presenting_now():
    return _mode["on"]


@contextmanager
def presenting(on=True):
    """Presenter mode on (or off) inside a with-block only."""
    old = _mode["on"]
    presenter(on)
    try:
        yield
    finally:
        _mode["on"] = old


def sizes():
    """Font sizes (pt) and line-width factor of the current mode: small, text, title, lw."""
    return PRESENTER if _mode["on"] else NORMAL


def figsize(normal, presenter):
    """The figure size (inches) for the current mode; presenter sizes fit 1280×720 px at 100 dpi."""
    return presenter if _mode["on"] else normal


def rc():
    """matplotlib rc settings for the current mode (used while a figure is built)."""
    s = sizes()
    return {"font.size": s["text"], "axes.titlesize": s["title"], "axes.labelsize": s["text"],
            "xtick.labelsize": s["small"], "ytick.labelsize": s["small"], "legend.fontsize": s["small"],
            "lines.linewidth": 1.5 * s["lw"], "axes.linewidth": 0.8 * s["lw"],
            "axes.titlepad": 0.8 * s["title"]}  # clear of a tick label at the very top
