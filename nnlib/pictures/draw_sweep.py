"""Pictures of the backward sweep: the diagram with δ on the units and ∂E/∂w on the edges,
and the measured cost of the chain rule per weight vs the sweep.

Pure plotting: each function draws once on the Axes it is given and returns an object whose
`update(...)` only sets data on its artists; the caller owns the figure and redraws. What the
diagram shows is a *view*: for each weight what its edge carries ("weight", "grad", "back",
"update") and which units show their δ; `stage_view` and `notes_view` make one.
"""
import numpy as np
from matplotlib.collections import LineCollection

from matplotlib.transforms import offset_copy

from ..step_ids import gradient, updated
from . import style
from .draw import unit_positions
from .labels import place_along, text_size

# As in every diagram of the kit, an edge's colour is the sign of the number written on it (red
# < 0, blue > 0; here mostly ∂E/∂w, where red means the step makes w larger), solid into hidden
# units, dashed into outputs; units are ringed in their own colour, black while their stage is on.
NEGATIVE, POSITIVE, NOT_YET = style.WEIGHT_CMAP(0.05), style.WEIGHT_CMAP(0.95), "0.72"
KEY = ("fill: activation (white 0, blue 1), printed in the unit   ·   under a unit: its error signal δ = ∂E/∂z\n"
       "edge colour: sign of the number on the edge, red < 0 (for ∂E/∂w: the step makes w larger), blue > 0\n"
       "edge width: the size of that number   ·   grey: not reached yet   ·   a bias's gradient ∂E/∂b is its unit's δ")
STAGE_EDGES = {"W2": ((2, "grad"), (3, "back"), (4, "grad"), (6, "update")),  # from that stage on
               "W1": ((5, "grad"), (6, "update"))}
STAGE_DELTA = {"o": 1, "h": 4}


def fmt(v):
    """3 significant digits and a real minus sign: the diagram's numbers (the formulas keep 6)."""
    return f"{v:.3g}".replace("-", "−")


def stage_view(params, stage):
    """({weight: what its edge carries}, units showing δ) at stage index `stage` of the sweep."""
    edges = {}
    for p in (p for p in params if p.theta):
        edges[p.name] = "weight"
        for start, kind in STAGE_EDGES[p.array]:
            if stage >= start:
                edges[p.name] = kind
    units = {p.target for p in params if stage >= STAGE_DELTA[p.target[0]]}
    return edges, units


def notes_view(params, done):
    """The same for the notes' order, after the derivation steps with ids in `done`: a weight's
    gradient appears with its own chain rule; the notes never name a δ."""
    edges = {p.name: "update" if updated(p.name) in done else "grad" if gradient(p.name) in done else "weight"
             for p in params if p.theta}
    return edges, set()


def points_per_unit(ax):
    """How many points one data unit spans on `ax`, the smaller of its x and y scales."""
    box, fig = ax.get_position(), ax.figure
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return 72 * min(box.width * fig.get_figwidth() / (x1 - x0), box.height * fig.get_figheight() / (y1 - y0))


class SweepArtists:
    """The diagram of a network with the numbers of a sweep on it."""

    def __init__(self, ax, params, sizes, fontsize=None):
        self.ax, self.sizes = ax, sizes
        fontsize = fontsize or style.sizes()["text"] + 0.5
        self.lw = style.sizes()["lw"]
        self.pos = unit_positions(sizes)
        self.units = list(self.pos)
        self.weights = [p for p in params if p.theta]
        self.segments = np.array([(self.pos[p.source], self.pos[p.target]) for p in self.weights])
        self.halo = LineCollection([], colors=style.HIGHLIGHT, linewidths=14 * self.lw, zorder=1, capstyle="round")
        self.edges = LineCollection(self.segments, zorder=2, linestyles=[
            style.HIDDEN_STYLE if p.target.startswith("h") else style.OUTPUT_STYLE for p in self.weights])
        ax.add_collection(self.halo)
        ax.add_collection(self.edges)
        xy = np.array([self.pos[u] for u in self.units])
        self.rings = [style.unit_color(u) for u in self.units]
        self.nodes = ax.scatter(xy[:, 0], xy[:, 1], s=1700, c=np.zeros(len(xy)), cmap=style.ACT_CMAP,
                                norm=style.ACT_NORM, edgecolors=self.rings, linewidths=2.0, zorder=3,
                                gid="units:" + ",".join(self.units))
        half = (max(sizes) - 1) / 2
        ax.set_xlim(-0.2, 2.6)
        ax.set_ylim(-half - 0.47, half + 0.4)
        ax.set_axis_off()
        R = 0.17 * points_per_unit(ax)     # the units' radius (pt): 0.17 data units
        self.nodes.set_sizes([(2 * R) ** 2])
        self._texts(ax, xy, R, fontsize)

    def _texts(self, ax, xy, R, fontsize):
        """The units' values, names and δ, the targets, and each weight's label on its edge."""
        sizes = self.sizes
        shift = lambda dy: offset_copy(ax.transData, fig=ax.figure, x=0, y=dy, units="points")
        self.value_text = [ax.text(x, y, "", fontsize=fontsize - 1, ha="center", va="center", weight="bold", zorder=5,
                                   gid=f"unit:{u}") for u, (x, y) in zip(self.units, xy)]
        for u, (x, y) in zip(self.units, xy):
            ax.text(x, y, u, transform=shift(R + 1), fontsize=fontsize + 0.5, ha="center", va="bottom", zorder=5,
                    color=style.unit_color(u), weight="bold")
        self.delta_text = {u: ax.text(x, y, "", transform=shift(-R - 1), fontsize=fontsize, ha="center", va="top",
                                      zorder=5) for u, (x, y) in zip(self.units, xy) if u[0] != "x"}
        self.t_text = [ax.text(2.18, self.pos[f"o{k + 1}"][1], "", fontsize=fontsize, ha="left", va="center")
                       for k in range(sizes[2])]
        # each weight's label on its own edge, as near its source as it fits clear of the other
        # labels, the units, their names and their δ (labels.place_along)
        box = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9)
        small = style.sizes()["small"] + (0 if style.presenting_now() else 1)
        self.compact = style.presenting_now() and max(sizes) >= 4
        under = text_size(ax, "δ = ∂E/∂b = −0.000939", fontsize)[0] * 72 / ax.figure.dpi + 4
        widest = "w16 −0.000274" if self.compact else "w12·δ_o2 = −0.000274"
        spots = place_along(ax, self.segments, xy, R, small, widest, below=1.4 * fontsize,
                            below_width=under)
        self.edge_text = [ax.text(x, y, "", fontsize=small, ha="center", va="center", bbox=box, zorder=4)
                          for x, y in spots]

    def artists(self):
        return [self.halo, self.edges, self.nodes, *self.edge_text, *self.value_text,
                *self.delta_text.values(), *self.t_text]

    def label(self, p, kind, sweep):
        """The text and the signed number (None: grey) of weight `p`'s edge; in a crowded diagram
        (presenter mode, 4 units in a layer) the name and the number only: the caption says which."""
        w, n = sweep.setup.network[p.name], p.name
        if kind == "grad":
            v = sweep.grads[n]
            return (f"{n} {fmt(v)}" if self.compact else f"∂E/∂{n} = {fmt(v)}"), v
        if kind == "back":
            v = sweep.back[p.index]
            return (f"{n} {fmt(v)}" if self.compact else f"{n}·δ_{p.target} = {fmt(v)}"), v
        if kind == "update":
            text = f"{n} {sweep.after[n]:.3f}" if self.compact else f"{n}: {w:.2f} → {sweep.after[n]:.4f}"
            return text.replace("-", "−"), sweep.grads[n]
        return f"{n} = {w:.2f}".replace("-", "−"), None

    def set_sweep(self, sweep, view, lit=()):
        """Show `sweep` as `view` (from stage_view / notes_view) says; ring/band the places in `lit`."""
        edges, delta_units = view
        f = sweep.forward
        values = np.concatenate([f.x, f.a1, f.a2])
        self.nodes.set_array(values)
        for text, v in zip(self.value_text, values):
            text.set_text(f"{v:.3f}")
            text.set_color("white" if style.ACT_NORM(v) > 0.6 else "black")
        delta = {**{f"o{k + 1}": d for k, d in enumerate(sweep.delta2)},
                 **{f"h{j + 1}": d for j, d in enumerate(sweep.delta1)}}
        for u, text in self.delta_text.items():   # the unit's name is just above it
            text.set_text(f"δ = {fmt(delta[u])}" if u in delta_units else "")
        labels = [self.label(p, edges[p.name], sweep) for p in self.weights]
        for text, (s, _) in zip(self.edge_text, labels):
            text.set_text(s)
        signed = [v for _, v in labels]
        top = max([abs(v) for v in signed if v is not None] + [1e-300])
        self.edges.set_colors([NOT_YET if v is None else NEGATIVE if v < 0 else POSITIVE for v in signed])
        self.edges.set_linewidths([self.lw * (1.2 if v is None else 2.5 + 5.5 * abs(v) / top) for v in signed])
        for k, text in enumerate(self.t_text):
            text.set_text(f"t{k + 1} = {sweep.setup.t[k]:.2f}")
        lit = set(lit) | {p.target for p in sweep.params if not p.theta and p.name in lit}  # a bias lights its unit
        self.halo.set_segments(self.segments[[p.name in lit for p in self.weights]])
        self.nodes.set_edgecolors(["black" if u in lit else c for u, c in zip(self.units, self.rings)])
        self.nodes.set_linewidths([4.5 if u in lit else 2.0 for u in self.units])


def sweep_diagram(ax, params, sizes, fontsize=None):
    """Draw the sweep diagram on `ax`; show numbers with `.set_sweep(sweep, view, lit)`."""
    return SweepArtists(ax, params, sizes, fontsize)


def reuse_plot(ax, title, label, xs, per_weight, sweep, mark=None):
    """Multiplications per backprop step against network size: the chain rule per weight with
    nothing reused vs the sweep, on a log scale; `mark` = (x, text) points at one network."""
    ax.plot(xs, per_weight, "o-", color="#D55E00", label="chain rule per weight, nothing reused")
    ax.plot(xs, sweep, "s--", color="#0072B2", label="backward sweep (each δ once, reused)")
    ax.set_yscale("log")
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(label, fontsize=10)
    ax.set_ylabel("multiplications (log scale)", fontsize=10)
    ax.set_xticks(xs)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="upper left")
    if mark is not None:
        x, text = mark
        i = list(xs).index(x)
        ax.annotate(text, (x, sweep[i]), xytext=(x + 0.4, sweep[i] * 0.45), fontsize=9,
                    arrowprops=dict(arrowstyle="->", color="0.3"))


def stage_panels(fig, sweep, stages):
    """Fill `fig` with the sweep's diagram at each of `stages`, two per row, titled, the key below."""
    rows = (len(stages) + 1) // 2
    height = fig.get_figheight()
    fig.subplots_adjust(0.01, 0.6 / height, 0.99, 1 - 0.35 / height, hspace=0.25, wspace=0.05)
    axes = fig.subplots(rows, 2).ravel()
    for ax, k in zip(axes, stages):
        st = sweep.stages[k]
        diagram = sweep_diagram(ax, sweep.params, sweep.sizes, fontsize=9)
        diagram.set_sweep(sweep, stage_view(sweep.params, k), st.places)
        ax.set_title(f"stage {k}: {st.title}", fontsize=12, loc="left")
    for ax in axes[len(stages):]:
        ax.set_axis_off()
    fig.text(0.01, 0.005, KEY, fontsize=9, va="bottom")
