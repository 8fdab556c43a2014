"""The picture of a classifier: its output over the input plane, the 0.5 line, the samples.

Like `draw_loss`: drawn once on a given Axes; the holder's `set_*` methods update the artists.
"""
from dataclasses import dataclass

import numpy as np
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
        """Colour the samples by their targets t (N,) and label them."""
        self.points.set_array(np.asarray(t, dtype=float))
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
    """Output A (ny, nx) over `extent` (x0, x1, y0, y1), 0..1 colours, data x (N, 2) coloured by t (N,)."""
    image = ax.imshow(A, origin="lower", extent=extent, cmap=cmap, vmin=0, vmax=1, aspect="equal",
                      interpolation="nearest")
    S = style.sizes()
    points = ax.scatter(x[:, 0], x[:, 1], c=t, cmap=cmap, vmin=0, vmax=1, s=150 * S["lw"] ** 2, edgecolors="black",
                        linewidths=1.5 * S["lw"], zorder=5)
    wrong = ax.scatter(np.empty(0), np.empty(0), marker="x", s=260 * S["lw"] ** 2, color="black",
                       linewidths=2.5 * S["lw"], zorder=6)
    labels = [ax.annotate("", (x1, x2), xytext=(10, 8), textcoords="offset points", fontsize=S["small"],
                          bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8)) for x1, x2 in x]
    c = points.get_cmap()
    key = [Line2D([], [], ls="", marker="o", ms=9, mfc=c(1.0), mec="black", label="target 1"),
           Line2D([], [], ls="", marker="o", ms=9, mfc=c(0.0), mec="black", label="target 0"),
           Line2D([], [], ls="", marker="x", ms=9, mew=2, color="black", label="wrong side of 0.5")]
    ax.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False,
              fontsize=S["small"], handletextpad=0.2, columnspacing=0.8, borderaxespad=0.0)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    b = Boundary(image, None, points, labels, tuple(extent), wrong)
    b.set_targets(t)
    b.set_output(A)
    return b
