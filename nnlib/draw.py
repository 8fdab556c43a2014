"""Pictures of one network: the diagram, the sigmoid with each unit's operating point, outputs vs targets.

Each function draws once on an Axes it is given and returns an object holding the artists;
its `update(...)` only sets data on them (set_array, set_offsets, set_text, ...). Nothing here
creates a figure or calls draw: the caller owns the figure and redraws once per event.
"""
import numpy as np
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize

from . import params
from .derivation import fmt
from .network import sigmoid

WEIGHT_CMAP, WEIGHT_NORM = colormaps["RdBu"], Normalize(-2.0, 2.0, clip=True)   # red < 0 < blue
ACT_CMAP, ACT_NORM = colormaps["Blues"], Normalize(0.0, 1.0, clip=True)
HIGHLIGHT = "#ff9f1c"
UNIT_COLORS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")


def unit_positions(sizes):
    """{'x1': (0, y), 'h1': (1, y), 'o1': (2, y), ...}: layers left to right, unit 1 on top."""
    pos = {}
    for layer, (n, u) in enumerate(zip(sizes, params.LAYER_UNITS)):
        for i in range(n):
            pos[f"{u}{i + 1}"] = (float(layer), (n - 1) / 2 - i)
    return pos


def edge_width(w):
    return 0.8 + 2.2 * np.minimum(np.abs(w), 3.0)


class NetworkArtists:
    """The diagram: edges coloured and thickened by weight, nodes filled by activation."""

    def __init__(self, ax, sizes):
        self.ax, self.sizes = ax, sizes
        self.pos = unit_positions(sizes)
        self.units = list(self.pos)
        self.weights = [p for p in params.all_params(sizes) if p.theta]
        self.biases = [p for p in params.all_params(sizes) if not p.theta]
        segs = [(self.pos[p.source], self.pos[p.target]) for p in self.weights]
        self.segments = np.array(segs)
        self.halo = LineCollection([], colors=HIGHLIGHT, linewidths=9, zorder=1, capstyle="round")
        self.edges = LineCollection(segs, cmap=WEIGHT_CMAP, norm=WEIGHT_NORM, zorder=2)
        self.edges.set_array(np.zeros(len(segs)))
        ax.add_collection(self.halo)
        ax.add_collection(self.edges)
        xy = np.array([self.pos[u] for u in self.units])
        self.nodes = ax.scatter(xy[:, 0], xy[:, 1], s=1500, c=np.zeros(len(xy)), cmap=ACT_CMAP, norm=ACT_NORM,
                                edgecolors="0.3", linewidths=1.2, zorder=3)
        box = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)
        # weight labels staggered along the edges by target unit (crossing edges meet mid-way)
        frac = [min(0.33 + 0.22 * (int(p.target[1:]) - 1), 0.8) for p in self.weights]
        self.edge_text = [ax.text(*((1 - f) * s[0] + f * s[1]), "", fontsize=8, ha="center", va="center",
                                  bbox=box, zorder=4) for s, f in zip(self.segments, frac)]
        self.value_text = [ax.text(x, y, "", fontsize=9, ha="center", va="center", weight="bold", zorder=5)
                           for x, y in xy]
        self.name_text = [ax.text(x, y + 0.3, u, fontsize=9, ha="center", va="bottom", zorder=5)
                          for u, (x, y) in zip(self.units, xy)]
        self.z_text = {u: ax.text(x, y - 0.3, "", fontsize=8, ha="center", va="top", color="0.25", zorder=5)
                       for u, (x, y) in zip(self.units, xy) if not u.startswith("x")}
        self.bias_text = {p.target: ax.text(self.pos[p.target][0] + 0.18, self.pos[p.target][1] + 0.26, "",
                                            fontsize=7.5, ha="left", va="bottom", color="0.35", zorder=5)
                          for p in self.biases}
        self.t_text = [ax.text(2.3, self.pos[f"o{k + 1}"][1], "", fontsize=9, ha="left", va="center", color="0.2")
                       for k in range(sizes[2])]
        half = max(sizes) / 2
        ax.set_xlim(-0.4, 2.75)
        ax.set_ylim(-half - 0.2, half + 0.2)
        ax.set_axis_off()

    def update(self, net, fwd, t=None):
        """Show network `net` with forward pass `fwd` (one sample) and targets `t`."""
        w = np.array([net[p.name] for p in self.weights])
        self.edges.set_array(w)
        self.edges.set_linewidths(edge_width(w))
        for text, p, v in zip(self.edge_text, self.weights, w):
            text.set_text(f"{p.name} {v:.2f}")
        values = np.concatenate([fwd.x, fwd.a1, fwd.a2])
        z = dict(zip(self.units[self.sizes[0]:], np.concatenate([fwd.z1, fwd.z2])))
        self.nodes.set_array(values)
        for text, v in zip(self.value_text, values):
            text.set_text(f"{v:.3f}")
            text.set_color("white" if ACT_NORM(v) > 0.6 else "black")
        for u, text in self.z_text.items():
            text.set_text(f"z={z[u]:.3f}")
        for p in self.biases:
            b = net[p.name]
            self.bias_text[p.target].set_text(f"b={b:.2f}" if b else "")
        for k, text in enumerate(self.t_text):
            text.set_text("" if t is None else f"t{k + 1}={t[k]:.2f}")

    def artists(self):
        """Everything `update` and `highlight` change (the unit names never change)."""
        return [self.halo, self.edges, self.nodes, *self.edge_text, *self.value_text, *self.z_text.values(),
                *self.bias_text.values(), *self.t_text]

    def highlight(self, names=()):
        """Ring the units and halo the edges named in `names` ('h1', 'w5', ...); () clears."""
        names = set(names)
        on = [p.name in names for p in self.weights]
        self.halo.set_segments(self.segments[on])
        self.nodes.set_edgecolors([HIGHLIGHT if u in names else "0.3" for u in self.units])
        self.nodes.set_linewidths([4.0 if u in names else 1.2 for u in self.units])


def network(ax, sizes):
    """Draw the diagram of a network with `sizes` on `ax`; update it with `.update(net, fwd, t)`."""
    return NetworkArtists(ax, sizes)


class SigmoidArtists:
    """sigma(z) with one marker per unit at (z, a); z beyond the axis is pinned to its edge."""

    def __init__(self, ax, units, zmax=6.0):
        self.units, self.zmax, self.ax, self.functions = list(units), zmax, ax, ("sigmoid", "sigmoid")
        zs = np.linspace(-zmax, zmax, 241)
        self.curve, = ax.plot(zs, sigmoid(zs), color="0.35", lw=1.5, zorder=1)
        self.curve_out, = ax.plot(zs, sigmoid(zs), color="0.35", lw=1.5, ls="--", zorder=1, visible=False)
        colors = [UNIT_COLORS[i % len(UNIT_COLORS)] for i in range(len(self.units))]
        self.points = ax.scatter(np.zeros(len(self.units)), np.full(len(self.units), 0.5), s=45, c=colors, zorder=3)
        self.labels = [ax.text(0, 0.5, u, fontsize=8, color=c, ha="left", va="top", zorder=4)
                       for u, c in zip(self.units, colors)]
        ax.set_xlim(-zmax, zmax)
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel("z (net input)")
        ax.set_ylabel("a = σ(z)")
        ax.grid(alpha=0.3)

    def artists(self):
        return [self.points, *self.labels]

    def set_functions(self, hidden, output):
        """Draw the hidden units' activation (solid) and, if another, the outputs' (dashed) instead of σ;
        the y axis spans both. A full redraw is needed after it (the curves are not blitted)."""
        from .functions import activate
        zs = self.curve.get_xdata()
        ys = [activate(hidden, zs), activate(output, zs)]
        self.curve.set_ydata(ys[0])
        self.curve_out.set_ydata(ys[1])
        self.curve_out.set_visible(hidden != output)
        lo, hi = min(-0.05, min(y.min() for y in ys) - 0.05), max(1.05, max(y.max() for y in ys) + 0.05)
        self.ax.set_ylim(lo, hi)
        name = {"sigmoid": "σ", "relu": "ReLU"}
        self.ax.set_ylabel("a = σ(z)" if hidden == output == "sigmoid" else
                           f"a = {name.get(hidden, hidden)}(z)" if hidden == output else
                           f"h: {name.get(hidden, hidden)} (solid), o: {name.get(output, output)} (dashed)",
                           fontsize=None if hidden == output else 8)
        self.functions = (hidden, output)

    def update(self, z, a):
        """z, a: one value per unit, in the order of `units`."""
        zc = np.clip(z, -self.zmax, self.zmax)
        a = np.clip(a, *self.ax.get_ylim())
        self.points.set_offsets(np.column_stack([zc, a]))
        for text, zi, ai, u in zip(self.labels, zc, a, self.units):
            text.set_position((zi + 0.15, ai - 0.03))


def sigmoid_curve(ax, units):
    """Draw sigma and operating points of `units` (e.g. ['h1', 'h2', 'o1', 'o2'])."""
    return SigmoidArtists(ax, units)


class OutputArtists:
    """A bar per output a2_k, a black tick at its target t_k, E in the title."""

    def __init__(self, ax, n_out):
        k = np.arange(n_out)
        self.bars = ax.bar(k, np.zeros(n_out), width=0.55, color=[UNIT_COLORS[(2 + i) % 6] for i in k], alpha=0.8)
        self.targets = ax.scatter(k, np.zeros(n_out), marker="_", s=900, linewidths=2.5, color="black", zorder=3)
        self.values = [ax.text(i, 0, "", ha="center", va="center", fontsize=8) for i in k]  # inside the bar
        self.title = ax.set_title("", fontsize=10)
        ax.set_xticks(k, [f"o{i + 1}" for i in k])
        ax.set_ylim(0, 1.12)

    def artists(self):
        return [*self.bars, self.targets, *self.values, self.title]

    def update(self, a2, t, E):
        for bar, text, v in zip(self.bars, self.values, a2):
            bar.set_height(v)
            text.set_position((bar.get_x() + bar.get_width() / 2, max(v / 2, 0.06)))
            text.set_text(fmt(round(float(v), 4)))
        self.targets.set_offsets(np.column_stack([np.arange(len(t)), t]))
        self.title.set_text(f"outputs o (bars), targets t (ticks): E = {fmt(E)}")


def output_bars(ax, n_out):
    """Draw the outputs-vs-targets bars; update with `.update(a2, t, E)`."""
    return OutputArtists(ax, n_out)
