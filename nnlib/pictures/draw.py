"""The picture of one network: the diagram (units, weights, biases, targets) and its colour key.

The sigmoid and output panels are in `draw_units`. `network(ax, sizes)` draws once on an Axes
it is given and returns the holder of the artists; its `set_*` methods only set data on them
(set_array, set_offsets, set_text, ...), the convention of every picture (nnlib.pictures). Nothing
here creates a figure or calls draw: the caller owns the figure and redraws once per event.
Colours and sizes come from `style` (one colour per unit everywhere; presenter mode).
"""
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from .. import params
from . import style
from .labels import place_along


def unit_positions(sizes):
    """{'x1': (0, y), 'h1': (1, y), 'o1': (2, y), ...}: layers left to right, unit 1 on top."""
    pos = {}
    for layer, (n, u) in enumerate(zip(sizes, params.LAYER_UNITS)):
        for i in range(n):
            pos[f"{u}{i + 1}"] = (float(layer), (n - 1) / 2 - i)
    return pos


def edge_width(w):
    """Line width by |w|, never under 1.2 so a small weight stays visible."""
    return style.sizes()["lw"] * (1.2 + 1.6 * np.minimum(np.abs(w), 3.0))


class NetworkArtists:
    """The diagram: edges coloured by the weight's sign (width |w|; solid x→h, dashed h→o), nodes
    filled by activation and ringed in their unit's colour, a key below the axes."""

    def __init__(self, ax, sizes):
        self.ax, self.sizes = ax, sizes
        S = style.sizes()
        fs, R = S["small"], 16.0 if not style.presenting_now() else 23.0  # R: node radius (pt)
        self.pos = unit_positions(sizes)
        self.units = list(self.pos)
        self.weights = [p for p in params.all_params(sizes) if p.theta]
        self.biases = [p for p in params.all_params(sizes) if not p.theta]
        self.segments = np.array([(self.pos[p.source], self.pos[p.target]) for p in self.weights])
        self._limits(R, fs)
        self.halo = LineCollection([], colors=style.HIGHLIGHT, linewidths=10 * S["lw"], zorder=1, capstyle="round")
        styles = [style.HIDDEN_STYLE if p.target.startswith("h") else style.OUTPUT_STYLE for p in self.weights]
        self.edges = LineCollection(self.segments, cmap=style.WEIGHT_CMAP, norm=style.WEIGHT_NORM,
                                    linestyles=styles, zorder=2)
        self.edges.set_array(np.zeros(len(self.segments)))
        ax.add_collection(self.halo)
        ax.add_collection(self.edges)
        xy = np.array([self.pos[u] for u in self.units])
        self.rings = [style.unit_color(u) for u in self.units]
        self.nodes = ax.scatter(xy[:, 0], xy[:, 1], s=(2 * R) ** 2, c=np.zeros(len(xy)), cmap=style.ACT_CMAP,
                                norm=style.ACT_NORM, edgecolors=self.rings, linewidths=2.0, zorder=3,
                                gid="units:" + ",".join(self.units))
        # texts at a fixed offset (pt) from a unit: plain Text on an offset transform (cheaper to blit than Annotation)
        shift = lambda dx, dy: offset_copy(ax.transData, fig=ax.figure, x=dx, y=dy, units="points")
        note = lambda u, text, dy, **kw: ax.text(*self.pos[u], text, transform=shift(0, dy), ha="center",
                                                 fontsize=fs, zorder=5, **kw)
        self.value_text = [ax.text(x, y, "", fontsize=fs, ha="center", va="center", zorder=5,
                                   gid=f"unit:{u}") for u, (x, y) in zip(self.units, xy)]
        self.name_text = [note(u, u, R + 1, va="bottom", color=style.unit_color(u), weight="bold") for u in self.units]
        hidden_out = [u for u in self.units if not u.startswith("x")]
        self.z_text = {u: note(u, "", -R - 1, va="top", color="0.2") for u in hidden_out}
        self.bias_text = {p.target: note(p.target, "", -R - 1 - 1.2 * fs, va="top", color="0.2") for p in self.biases}
        self.t_text = [ax.text(*self.pos[f"o{k + 1}"], "", transform=shift(R + 4, 0), ha="left", va="center",
                               fontsize=fs, color="0.1") for k in range(sizes[2])]
        box = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9)
        self.edge_text = [ax.text(x, y, "", fontsize=fs, ha="center", va="center", bbox=box, zorder=4)
                          for x, y in place_along(ax, self.segments, xy, R, fs, "w16 −3.00", below=self._below(fs))]
        self._key(S)
        ax.set_axis_off()

    def _limits(self, R, fs):
        """Room for the names above the top units, z and b below the bottom ones, t on the right."""
        ax, half = self.ax, max(self.sizes) / 2 - 0.5
        box = ax.get_window_extent()
        py = 1 / box.height * (2 * half + 1)  # data units per pixel (first guess), then refined
        pt = self.ax.figure.dpi / 72
        for _ in range(3):
            top, bottom = half + (R + 2 + 1.3 * fs) * pt * py, half + (R + 2 + 2.5 * fs) * pt * py
            py = (top + bottom) / box.height
        px = 3.0 / box.width
        ax.set_xlim(-(R + 4) * pt * px, 2 + (R + 6 + 3.2 * fs) * pt * px)
        ax.set_ylim(-bottom, top)

    def _below(self, fs):
        return 2.5 * fs

    def _key(self, S):
        """What the colours and line styles mean, under the diagram."""
        c = style.WEIGHT_CMAP
        handles = [Line2D([], [], color=c(0.95), lw=3, label="weight > 0"),
                   Line2D([], [], color=c(0.05), lw=3, label="weight < 0"),
                   Line2D([], [], color="0.3", ls=style.HIDDEN_STYLE, label="x→h"),
                   Line2D([], [], color="0.3", ls=style.OUTPUT_STYLE, label="h→o"),
                   Line2D([], [], ls="", marker="o", ms=9, mfc=style.ACT_CMAP(0.75), mec="0.3",
                          label="fill: a (white 0, blue 1)")]
        self.ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False,
                       fontsize=S["small"], handlelength=1.8, columnspacing=1.0, borderaxespad=0.1)

    def set_network(self, net, fwd, t=None):
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
            text.set_color("white" if style.ACT_NORM(v) > 0.6 else "black")
        for u, text in self.z_text.items():
            text.set_text(f"z={z[u]:.3f}")
        for p in self.biases:
            b = net[p.name]
            self.bias_text[p.target].set_text(f"b={b:.2f}" if b else "")
        for k, text in enumerate(self.t_text):
            text.set_text("" if t is None else f"t{k + 1}={t[k]:.2f}")

    def artists(self):
        """Everything `set_network` and `highlight` change (the unit names never change)."""
        return [self.halo, self.edges, self.nodes, *self.edge_text, *self.value_text, *self.z_text.values(),
                *self.bias_text.values(), *self.t_text]

    def highlight(self, names=()):
        """Ring the units and halo the edges named in `names` ('h1', 'w5', ...); () clears."""
        names = set(names)
        on = [p.name in names for p in self.weights]
        self.halo.set_segments(self.segments[on])
        self.nodes.set_edgecolors(["black" if u in names else c for u, c in zip(self.units, self.rings)])
        self.nodes.set_linewidths([4.5 if u in names else 2.0 for u in self.units])


def network(ax, sizes):
    """Draw the diagram of a network with `sizes` on `ax`; update it with `.set_network(net, fwd, t)`."""
    return NetworkArtists(ax, sizes)
