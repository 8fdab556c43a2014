"""The picture of a classifier: its output over the input plane, the 0.5 line, the samples.

Like `draw_loss`: drawn once on a given Axes; the holder's `set_*` methods update the artists.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D

from . import style


@dataclass
class Boundary:
    """A network's output over the input plane: `image`, the 0.5 `contours`, the data `points` and `labels`."""
    image: object
    contours: object
    points: object
    labels: list
    extent: tuple
    wrong: object = None

    def set_targets(self, t):
        """Mark the samples by their targets t (N,): target 1 black, target 0 white, each ringed in the
        other, so they show on every colour of the map; and label them."""
        one = np.asarray(t, dtype=float) > 0.5
        self.points.set_facecolors(np.where(one[:, None], 0.0, 1.0).repeat(3, 1))
        self.points.set_edgecolors(np.where(one[:, None], 1.0, 0.0).repeat(3, 1))
        for label, tk in zip(self.labels, t):
            label.set_text(f"t={tk:g}")

    def set_output(self, A):
        """A (ny, nx): the output on the grid; the 0.5 line is redrawn (a ContourSet is not updatable)."""
        self.image.set_data(A)
        if self.contours is not None:
            self.contours.remove()
            self.contours = None
        if np.min(A) < 0.5 < np.max(A):
            x0, x1, y0, y1 = self.extent
            xs, ys = np.linspace(x0, x1, A.shape[1]), np.linspace(y0, y1, A.shape[0])
            self.contours = self.image.axes.contour(xs, ys, A, levels=[0.5], colors="black", linewidths=1.5)

    def set_wrong(self, wrong):
        """Cross out the samples on the wrong side of the 0.5 line (wrong: (N,) booleans)."""
        self.wrong.set_offsets(self.points.get_offsets()[np.asarray(wrong, bool)].reshape(-1, 2))

    def artists(self):
        return [a for a in (self.image, self.contours, self.wrong) if a is not None]


def draw_boundary(ax, extent, A, x, t, cmap="RdBu_r"):
    """Output A (ny, nx) over `extent` (x0, x1, y0, y1), 0..1 colours, data x (N, 2) marked by t (N,)."""
    image = ax.imshow(A, origin="lower", extent=extent, cmap=cmap, vmin=0, vmax=1, aspect="equal",
                      interpolation="nearest")
    S = style.sizes()
    points = ax.scatter(x[:, 0], x[:, 1], s=150 * S["lw"] ** 2, linewidths=2.0 * S["lw"], zorder=5)
    outline = [patheffects.withStroke(linewidth=5 * S["lw"], foreground="black")]
    wrong = ax.scatter(np.empty(0), np.empty(0), marker="x", s=320 * S["lw"] ** 2, color="white",
                       linewidths=2.5 * S["lw"], zorder=6, path_effects=outline)
    labels = [ax.annotate("", (x1, x2), xytext=(10, 8), textcoords="offset points", fontsize=S["small"],
                          bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8)) for x1, x2 in x]
    key = [Line2D([], [], ls="", marker="o", ms=9, mfc="black", mec="white", label="target 1"),
           Line2D([], [], ls="", marker="o", ms=9, mfc="white", mec="black", label="target 0"),
           Line2D([], [], ls="", marker="x", ms=10, mew=2.5, color="white", path_effects=outline,
                  label="wrong side of 0.5")]
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2 if style.presenting_now() else 3,
              frameon=False, borderaxespad=style.UNDER_TICKS,
              fontsize=S["small"], handletextpad=0.2, columnspacing=0.8)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    b = Boundary(image, None, points, labels, tuple(extent), wrong)
    b.set_targets(t)
    b.set_output(A)
    return b
