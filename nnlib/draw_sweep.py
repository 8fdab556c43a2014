"""Pictures of the backward sweep: the diagram with δ on the units and ∂E/∂w on the edges,
and the measured cost of the chain rule per weight vs the sweep.

Pure plotting: each function draws once on the Axes it is given and returns an object whose
`update(...)` only sets data on its artists; the caller owns the figure and redraws.
"""
import numpy as np
from matplotlib.collections import LineCollection

from .draw import ACT_CMAP, ACT_NORM, unit_positions


def fmt(v):
    """4 significant digits and a real minus sign: the diagram's numbers (the formulas keep 6)."""
    return f"{v:.4g}".replace("-", "−")

# ∂E/∂w by sign, two Okabe-Ito colours kept apart from the weights' red/blue (lesson 01):
# orange: ∂E/∂w < 0 (the step makes w larger), purple: ∂E/∂w > 0 (the step makes w smaller)
GRAD_NEG, GRAD_POS = "#E69F00", "#CC79A7"
NOT_YET = "0.78"          # an edge whose gradient the sweep has not reached yet
LIT = "#F0E442"           # the current stage's edges (a yellow halo) and units (a black ring)
STAGE_OF_GRADIENT = {"W2": 2, "W1": 5}   # index of the stage that computes each layer's ∂E/∂w
STAGE_OF_DELTA = {"o": 1, "h": 4}
KEY = ("number in a unit: its activation   ·   δ under a unit: ∂E/∂z, its error signal\n"
       "edge colour: sign of ∂E/∂w (orange < 0: the step makes w larger; purple > 0: smaller);"
       " width: its size; grey: not reached yet")


def edge_label(p, sweep, stage):
    """What the edge of weight `p` shows at stage index `stage` of `sweep`."""
    name, w = p.name, sweep.setup.network[p.name]
    if stage >= 6:
        return f"{name}⁺ = {sweep.after[name]:.4f}"
    if stage == 3 and p.array == "W2":
        k = p.index[0]
        return f"{name}·δo{k + 1} = {fmt(sweep.back[p.index])}"
    if stage >= STAGE_OF_GRADIENT[p.array]:
        return f"∂E/∂{name} = {fmt(sweep.grads[name])}"
    return f"{name} = {w:.2f}".replace("-", "−")


class SweepArtists:
    """The diagram of a network with the sweep's numbers on it, up to a given stage."""

    def __init__(self, ax, params, sizes, fontsize=9):
        self.ax, self.sizes = ax, sizes
        self.pos = unit_positions(sizes)
        self.units = list(self.pos)
        self.weights = [p for p in params if p.theta]
        self.biases = {p.target: p for p in params if not p.theta}
        self.segments = np.array([(self.pos[p.source], self.pos[p.target]) for p in self.weights])
        self.halo = LineCollection([], colors=LIT, linewidths=12, zorder=1, capstyle="round")
        self.edges = LineCollection(self.segments, zorder=2)
        ax.add_collection(self.halo)
        ax.add_collection(self.edges)
        xy = np.array([self.pos[u] for u in self.units])
        self.nodes = ax.scatter(xy[:, 0], xy[:, 1], s=1500, c=np.zeros(len(xy)), cmap=ACT_CMAP, norm=ACT_NORM,
                                edgecolors="0.3", linewidths=1.2, zorder=3)
        box = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9)
        small = fontsize - 0.5
        # a weight's label sits on its own edge, just past its source unit: edges leaving one
        # unit fan out there, and edges from different units only cross further on
        self.edge_text = []
        for (x0, y0), (x1, y1) in self.segments:
            f = 0.15 / (x1 - x0)
            self.edge_text.append(ax.text(x0 + 0.15, y0 + f * (y1 - y0), "", fontsize=small, ha="left",
                                          va="center", bbox=box, zorder=4))
        self.value_text = [ax.text(x, y, "", fontsize=fontsize, ha="center", va="center", weight="bold", zorder=5)
                           for x, y in xy]
        for u, (x, y) in zip(self.units, xy):
            ax.text(x, y + 0.2, u, fontsize=fontsize, ha="center", va="bottom", zorder=5)
        self.delta_text = {u: ax.text(x, y - 0.2, "", fontsize=fontsize, ha="center", va="top", zorder=5,
                                      color="0.1") for u, (x, y) in zip(self.units, xy) if u[0] != "x"}
        self.t_text = [ax.text(2.17, self.pos[f"o{k + 1}"][1], "", fontsize=fontsize, ha="left", va="center")
                       for k in range(sizes[2])]
        half = (max(sizes) - 1) / 2
        ax.set_xlim(-0.2, 2.62)
        ax.set_ylim(-half - 0.42, half + 0.36)
        ax.set_axis_off()

    def artists(self):
        return [self.halo, self.edges, self.nodes, *self.edge_text, *self.value_text,
                *self.delta_text.values(), *self.t_text]

    def update(self, sweep, stage, lit=()):
        """Show `sweep` as it stands after stage index `stage`; ring/halo the places in `lit`."""
        f = sweep.forward
        values = np.concatenate([f.x, f.a1, f.a2])
        self.nodes.set_array(values)
        for text, v in zip(self.value_text, values):
            text.set_text(f"{v:.3f}")
            text.set_color("white" if ACT_NORM(v) > 0.6 else "black")
        delta = {**{f"o{k + 1}": d for k, d in enumerate(sweep.delta2)},
                 **{f"h{j + 1}": d for j, d in enumerate(sweep.delta1)}}
        is_db = " = ∂E/∂b" if sweep.show_biases else ""   # a bias's gradient is its unit's δ
        for u, text in self.delta_text.items():
            text.set_text(f"δ{is_db} = {fmt(delta[u])}" if stage >= STAGE_OF_DELTA[u[0]] else "")
        for text, p in zip(self.edge_text, self.weights):
            text.set_text(edge_label(p, sweep, stage))
        g = np.array([sweep.grads[p.name] for p in self.weights])
        reached = np.array([stage >= STAGE_OF_GRADIENT[p.array] for p in self.weights])
        top = max(np.max(np.abs(g)), 1e-300)
        self.edges.set_colors([NOT_YET if not r else GRAD_NEG if v < 0 else GRAD_POS for v, r in zip(g, reached)])
        self.edges.set_linewidths(np.where(reached, 1.5 + 6.0 * np.abs(g) / top, 1.2))
        for k, text in enumerate(self.t_text):
            text.set_text(f"t{k + 1} = {sweep.setup.t[k]:.2f}")
        lit = set(lit) | {u for u, p in self.biases.items() if p.name in lit}  # a bias lights its unit
        self.halo.set_segments(self.segments[[p.name in lit for p in self.weights]])
        self.nodes.set_edgecolors(["black" if u in lit else "0.45" for u in self.units])
        self.nodes.set_linewidths([4.0 if u in lit else 1.2 for u in self.units])


def sweep_diagram(ax, params, sizes, fontsize=9):
    """Draw the sweep diagram on `ax`; show numbers with `.update(sweep, stage, lit)`."""
    return SweepArtists(ax, params, sizes, fontsize)


def reuse_plot(ax, label, xs, per_weight, sweep):
    """Multiplications per backprop step against network size: the chain rule per weight vs the sweep."""
    ax.plot(xs, per_weight, "o-", color="#D55E00", label="chain rule per weight (the notes)")
    ax.plot(xs, sweep, "s--", color="#0072B2", label="backward sweep (δ once, reused)")
    ax.set_yscale("log")
    ax.set_xlabel(label)
    ax.set_ylabel("multiplications")
    ax.set_xticks(xs)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="upper left")
