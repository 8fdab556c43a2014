"""One colour language, safe for colour-vision deficiencies (issue 11, items 3 and 5, acceptance).

Colour-vision deficiency is simulated with the matrices of Machado, Oliveira & Fernandes (2009),
"A Physiologically-based Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6),
severity 1.0 (their published table), applied to linear RGB. Colours are compared by CIE76 ΔE in
CIELAB (D65). A ΔE of about 2.3 is a just-noticeable difference for large patches (Sharma 2003,
"Digital Color Imaging Handbook"); lines and 8-pixel dots need far more, so we ask for
ΔE > 15 (about six JNDs) between every two categorical colours, with and without the deficiency.
The computation here is plain numpy, independent of nnlib.
"""
import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from nnlib.pictures import style

MACHADO_2009 = {  # severity 1.0
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    "normal": np.eye(3).tolist(),
}
BOUND = 15.0


def linear(rgb):
    """sRGB (0..1) to linear RGB (IEC 61966-2-1)."""
    c = np.asarray(rgb, float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear):
    """Linear sRGB to CIELAB, D65 white."""
    M = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    t = (M @ rgb_linear) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(color, vision):
    """CIELAB of `color` as seen with `vision` (a key of MACHADO_2009)."""
    return lab(np.clip(np.asarray(MACHADO_2009[vision]) @ linear(to_rgb(color)), 0, 1))


def too_close(colors, vision, bound=BOUND):
    """The pairs of `colors` whose simulated ΔE76 is at most `bound`, with their ΔE."""
    return [(a, b, round(float(np.linalg.norm(seen(a, vision) - seen(b, vision))), 1))
            for a, b in itertools.combinations(colors, 2)
            if np.linalg.norm(seen(a, vision) - seen(b, vision)) <= bound]


@pytest.mark.parametrize("vision", list(MACHADO_2009))
def test_every_pair_of_categorical_colours_stays_distinguishable(vision):
    assert too_close(style.CATEGORICAL, vision) == []


@pytest.mark.parametrize("vision,pair", [("deuteranopia", ("#D62728", "#2CA02C")),   # matplotlib's red, green
                                         ("protanopia", ("#FF0000", "#707000"))])    # red, olive
def test_the_check_fails_for_a_planted_red_green_pair(vision, pair):
    assert too_close(pair, "normal") == []      # far apart with normal colour vision ...
    assert len(too_close(pair, vision)) == 1    # ... confused with the deficiency: the check catches it


@pytest.mark.parametrize("vision", list(MACHADO_2009))
def test_weight_signs_and_small_weights_stay_visible(vision):
    lo, hi = style.WEIGHT_CMAP(0.0), style.WEIGHT_CMAP(1.0)
    assert too_close([lo[:3], hi[:3]], vision) == []                 # − and + told apart
    small = [style.WEIGHT_CMAP(style.WEIGHT_NORM(v))[:3] for v in (-0.01, 0.01)]
    assert too_close(small + ["white"], vision, bound=10.0) == []     # a weight near 0 is no white line


def test_each_unit_has_its_own_colour():
    units = [f"h{j}" for j in range(1, 5)] + ["o1", "o2"]
    colors = [style.unit_color(u) for u in units]
    assert len(set(colors)) == len(units) and set(colors) <= set(style.CATEGORICAL)


def test_a_unit_has_one_colour_in_every_panel():
    """Lessons 01-03 (ForwardApp, StepperApp) and 04 (DescentApp): ring, name, sigmoid point and
    name, output bar and tick label, and the curves of the weights feeding the unit."""
    from matplotlib.colors import same_color
    from nnlib.apps import DescentApp, ForwardApp
    app = ForwardApp("mazur")
    d, c = app.diagram, app.curve
    for i, u in enumerate(d.units):
        ring = d.nodes.get_edgecolors()[i]
        assert same_color(ring, d.name_text[i].get_color())
        assert same_color(ring, style.unit_color(u))
        if u in c.units:
            k = c.units.index(u)
            assert same_color(ring, c.points.get_facecolors()[k]) and same_color(ring, c.labels[k].get_color())
    axes = app.bars.bars[0].axes
    for k, (bar, tick) in enumerate(zip(app.bars.bars, axes.get_xticklabels())):
        assert same_color(bar.get_facecolor(), style.unit_color(f"o{k + 1}"))
        assert same_color(tick.get_color(), style.unit_color(f"o{k + 1}"))
    descent = DescentApp("notes", n=11)
    for name, line in zip(descent.names, descent.weights.lines):
        target = {"w1": "h1", "w3": "h1", "w2": "h2", "w4": "h2", "w5": "o1", "w7": "o1", "w6": "o2", "w8": "o2"}[name]
        assert same_color(line.get_color(), style.unit_color(target))
        assert (line.get_linestyle() == "-") == (target[0] == "h")   # hidden weights solid, output dashed
