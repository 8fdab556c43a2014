"""Pictures of each unit's numbers: the sigmoid with every unit's operating point, outputs vs targets.

Like `draw`: each function draws once on a given Axes and returns the holder of the artists;
its `set_*` methods only set their data. A unit has the same colour here as on the diagram (`style.unit_color`).
"""
import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from . import style
from ..derivation import fmt
from .labels import stack
from ..limits import steady
from ..network import sigmoid


class SigmoidArtists:
    """sigma(z) zoomed to where the units sit (the whole curve in an inset, the zoom boxed), one
    point per unit in its colour, named beside it; names are stacked so they never overlap."""

    def __init__(self, ax, units, zmax=6.0):
        self.ax, self.units, self.zmax, self.window = ax, list(units), zmax, None
        self.functions = ("sigmoid", "sigmoid")
        S = style.sizes()
        zs = np.linspace(-40, 40, 4001)
        self.curve, = ax.plot(zs, sigmoid(zs), color="0.35", lw=1.5 * S["lw"], zorder=1)
        self.curve_out, = ax.plot(zs, sigmoid(zs), color="0.35", lw=1.5 * S["lw"], ls="--", zorder=1, visible=False)
        colors = [style.unit_color(u) for u in self.units]
        self.points = ax.scatter(np.zeros(len(self.units)), np.full(len(self.units), 0.5), s=55 * S["lw"] ** 2,
                                 c=colors, edgecolors="black", linewidths=0.6, zorder=3)
        self.labels = [ax.text(0, 0.5, u, fontsize=S["small"], color=c, weight="bold", ha="left", va="center",
                               zorder=4) for u, c in zip(self.units, colors)]
        self.inset = ax.inset_axes([0.02, 0.56, 0.3, 0.4])
        self.inset_curve, = self.inset.plot(zs, sigmoid(zs), color="0.35", lw=S["lw"])
        self.inset_out, = self.inset.plot(zs, sigmoid(zs), color="0.35", lw=S["lw"], ls="--", visible=False)
        self.inset.set(xlim=(-zmax, zmax), ylim=(-0.05, 1.05), xticks=[], yticks=[])
        self.zoom = self.inset.add_patch(Rectangle((0, 0), 1, 1, fc="none", ec="black", lw=S["lw"]))
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.set_xlabel("z (net input)")
        ax.set_ylabel("a = σ(z)")
        ax.grid(alpha=0.3)

    def artists(self):
        return [self.points, *self.labels]

    def set_functions(self, hidden, output):
        """Draw the hidden units' activation (solid) and, if another, the outputs' (dashed) instead of
        σ. A full redraw is needed after it (the curves are not blitted)."""
        from ..functions import activate
        zs = self.curve.get_xdata()
        for line, name in ((self.curve, hidden), (self.inset_curve, hidden), (self.curve_out, output),
                           (self.inset_out, output)):
            line.set_ydata(activate(name, zs))
        for line in (self.curve_out, self.inset_out):
            line.set_visible(hidden != output)
        inner = np.abs(zs) <= self.zmax
        ys = np.concatenate([activate(n, zs[inner]) for n in (hidden, output)])
        self.inset.set_ylim(ys.min() - 0.05, ys.max() + 0.05)
        name = {"sigmoid": "σ", "relu": "ReLU"}
        self.ax.set_ylabel(f"a = {name.get(hidden, hidden)}(z)" if hidden == output else
                           f"h: {name.get(hidden, hidden)} (solid), o: {name.get(output, output)} (dashed)")
        self.functions = (hidden, output)

    def _f(self, z):
        """The lowest and highest value the drawn activations take at z (they all rise with z)."""
        from ..functions import activate
        values = [activate(n, np.asarray(z, float)) for n in set(self.functions)]
        return float(np.min(values)), float(np.max(values))

    def set_points(self, z, a):
        """z, a: one value per unit, in the order of `units`."""
        z, a = np.asarray(z, float), np.asarray(a, float)
        self.points.set_offsets(np.column_stack([z, a]))
        lo, hi = float(np.min(z)), float(np.max(z))
        mid, half = (lo + hi) / 2, max((hi - lo) / 2, 0.5)
        self.window = steady(self.window, mid - half, mid + half, fill=0.4, pad=0.15, room=0.3)
        z0, z1 = self.window
        y0, y1 = self._f(z0)[0], self._f(z1)[1]
        self.ax.set_xlim(z0, z1)
        self.ax.set_ylim(y0 - 0.04, y1 + 0.04)
        self.zoom.set_bounds(max(z0, -self.zmax), y0, min(z1, self.zmax) - max(z0, -self.zmax), y1 - y0)
        xy = self.ax.transData.transform(np.column_stack([z, a]))
        for text, (x, y) in zip(self.labels, stack(xy, self.labels, self.ax)):
            text.set_position(self.ax.transData.inverted().transform((x, y)))


def sigmoid_curve(ax, units):
    """Draw sigma and operating points of `units` (e.g. ['h1', 'h2', 'o1', 'o2'])."""
    return SigmoidArtists(ax, units)


class OutputArtists:
    """A bar per output a2_k in its unit's colour, a black tick at its target t_k, E in the title."""

    def __init__(self, ax, n_out):
        S = style.sizes()
        k = np.arange(n_out)
        self.bars = ax.bar(k, np.zeros(n_out), width=0.55, color=[style.unit_color(f"o{i + 1}") for i in k])
        self.targets = ax.scatter(k, np.zeros(n_out), marker="_", s=900 * S["lw"] ** 2, linewidths=2.5 * S["lw"],
                                  color="black", zorder=3)
        box = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)
        self.values = [ax.text(i, 0, "", ha="center", va="center", fontsize=S["small"], bbox=box) for i in k]
        self.title = ax.set_title("", fontsize=S["title"])
        ax.set_xticks(k, [f"o{i + 1}" for i in k])
        for label, i in zip(ax.get_xticklabels(), k):
            label.set_color(style.unit_color(f"o{i + 1}"))
        ax.set_xlim(-0.6, n_out - 0.4)
        ax.set_ylim(0, 1.12)

    def artists(self):
        return [*self.bars, self.targets, *self.values, self.title]

    def set_outputs(self, a2, t, E):
        for bar, text, v, tk in zip(self.bars, self.values, a2, t):
            bar.set_height(v)
            y = next(c for c in (max(v / 2, 0.1), v + 0.09, 0.05) if abs(c - tk) > 0.1 or c == 0.05)
            text.set_position((bar.get_x() + bar.get_width() / 2, y))
            text.set_text(fmt(round(float(v), 4)))
        self.targets.set_offsets(np.column_stack([np.arange(len(t)), t]))
        self.title.set_text(f"o (bars), t (ticks): E = {fmt(E)}")


def output_bars(ax, n_out):
    """Draw the outputs-vs-targets bars; update with `.set_outputs(a2, t, E)`."""
    return OutputArtists(ax, n_out)
