"""Pure plotting for the loss lessons: draw on a given Axes, return the artists to update.

Each `draw_*` draws once and returns a small holder whose `set_*` methods update the same
artists (set_data, set_array, set_UVC); nothing here computes a loss or owns a figure.
Contour lines are the one exception to in-place updates (a ContourSet cannot be updated):
`set_grid` removes that one artist and draws it again.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import style
from ..limits import ladder, steady

SHORT = FuncFormatter(lambda v, _: f"{v:.3g}")  # colour-bar ticks without an offset text above the bar


def _point(**kw):
    """The current point: a vermillion dot ringed in white (reads on every colour of the map)."""
    lw = style.sizes()["lw"]
    return dict(marker="o", ms=8 * lw, color=style.NOW, mec="white", mew=1.5 * lw, zorder=5, **kw)


@dataclass
class Curve:
    """E along one parameter: `line` (values, E) and the current `point`."""
    line: object
    point: object
    ylim: tuple = None

    def set_curve(self, values, E, fresh=False):
        """The curve over `values`; the E-axis holds still while the curve stays well inside it
        (`fresh`: fit it to this curve, e.g. for a new parameter or range)."""
        self.line.set_data(values, E)
        self.ylim = steady(None if fresh else self.ylim, float(np.min(E)), float(np.max(E)), pad=0.1)
        self.line.axes.set_xlim(values[0], values[-1])
        self.line.axes.set_ylim(*self.ylim)

    def set_point(self, value, E):
        self.point.set_data([value], [E])

    def artists(self):
        return [self.line, self.point]


def draw_curve(ax, name, values, E, value, E_now):
    """E as `name` runs through `values` (1-D), with the current (value, E_now) marked."""
    (line,) = ax.plot(values, E, color="0.2", lw=2)
    (point,) = ax.plot([value], [E_now], **_point())
    ax.set_xlabel(name)
    ax.set_ylabel("E")
    ax.grid(alpha=0.3)
    c = Curve(line, point)
    c.set_curve(values, E)
    return c


@dataclass
class Surface:
    """E over two parameters: `image` (filled), `contours` (lines), `point`, `arrow`, `path`."""
    image: object
    contours: object
    point: object
    arrow: object
    path: object
    start: object = None
    levels: int = 12

    def set_grid(self, p_values, q_values, E, contours=True):
        """New E on a new grid: image in place, contour lines redrawn (the only re-created artist;
        `contours=False`: none, for a quick frame in the middle of a drag).

        The colours and contour levels hold still while E stays well inside them (a small change
        of another parameter then needs no new colour bar), and start afresh on a new extent."""
        ax = self.image.axes
        extent = (p_values[0], p_values[-1], q_values[0], q_values[-1])
        same = tuple(self.image.get_extent()) == extent
        self.image.set_data(E)
        self.image.set_extent(extent)
        lo, hi = float(np.min(E)), float(np.max(E))
        # E >= 0: the colours start at 0, only their top holds still or moves
        top = steady(self.image.get_clim() if same else None, 0.0, hi, pad=0.1)[1] if hi > 0 else 1e-12
        clim = (0.0, top)
        self.image.set_clim(*clim)
        if self.contours is not None:
            self.contours.remove()
            self.contours = None
        if hi > lo and contours:
            levels = np.linspace(*clim, self.levels + 2)[1:-1]
            levels = levels[(levels > lo) & (levels < hi)] if np.any((levels > lo) & (levels < hi)) else levels
            self.contours = ax.contour(p_values, q_values, E, levels=levels, colors="white",
                                       linewidths=0.7, alpha=0.7)
        ax.set_xlim(p_values[0], p_values[-1])
        ax.set_ylim(q_values[0], q_values[-1])

    def set_point(self, p, q, dp=0.0, dq=0.0):
        """The current point (p, q) and the arrow (dp, dq) drawn from it, in data units."""
        self.point.set_data([p], [q])
        self.arrow.set_offsets([[p, q]])
        self.arrow.set_UVC([dp], [dq])

    def set_path(self, ps, qs):
        """The path walked so far; its first point is marked as the start."""
        self.path.set_data(ps, qs)
        if self.start is not None:
            self.start.set_data(ps[:1], qs[:1])

    def artists(self):
        return [a for a in (self.image, self.contours, self.point, self.arrow, self.path, self.start) if a is not None]


def draw_surface(ax, p, q, p_values, q_values, E, point=(0.0, 0.0), arrow=(0.0, 0.0), cmap=style.LOSS_CMAP,
                 path=False):
    """E (len(q_values), len(p_values)) as an image with contours, the point and the arrow (or, with
    `path`, the path walked from a start marker); a key explains the markers."""
    lw = style.sizes()["lw"]
    # 'nearest': Agg's bilinear resampling costs ~50 ms a frame here; the grids are fine enough
    image = ax.imshow(E, origin="lower", aspect="auto", cmap=cmap, interpolation="nearest",
                      extent=(p_values[0], p_values[-1], q_values[0], q_values[-1]))
    arrow = ax.quiver([point[0]], [point[1]], [arrow[0]], [arrow[1]], angles="xy", scale_units="xy", scale=1,
                      color="white", edgecolor="black", linewidth=0.8 * lw, width=0.014, zorder=6,
                      visible=not path)
    (line,) = ax.plot([], [], color="white", lw=1.5 * lw, marker=".", ms=3 * lw, zorder=4)
    start = None
    if path:
        (start,) = ax.plot([], [], marker="s", ms=8 * lw, color=style.START, mec="black", mew=1.2 * lw, zorder=5)
    (dot,) = ax.plot([point[0]], [point[1]], **_point())
    ax.set_xlabel(p)
    ax.set_ylabel(q)
    ax.yaxis.set_major_locator(MaxNLocator("auto", prune="lower"))  # not on the x-axis' first label
    handles = [Line2D([], [], ls="", **{k: v for k, v in _point().items() if k != "zorder"}, label="now")]
    if path:
        handles += [Line2D([], [], marker="s", ls="-", color="0.6", mfc=style.START, mec="black", label="start, path")]
    else:
        handles += [Line2D([], [], marker=r"$\rightarrow$", ms=12 * lw, ls="", color="black",
                           label="−∇E direction")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
              fontsize=style.sizes()["small"], handletextpad=0.3, columnspacing=1.0, borderaxespad=style.UNDER_TICKS)
    s = Surface(image, None, dot, arrow, line, start)
    s.set_grid(p_values, q_values, E)
    return s


@dataclass
class Lines:
    """Several series against the step number: `lines` in the order of `names`."""
    lines: list
    ylim: tuple = None

    def set_series(self, Y, logy=False):
        """Y (T, K): column k is series k; the x-axis is the step 0..T-1.

        The axes grow in coarse steps (steps: 10, 15, 20, 30, 50, ...; values: with room to
        spare), so most new steps leave the limits alone and the figure can blit."""
        Y = np.atleast_2d(np.asarray(Y, dtype=float).T).T
        steps = np.arange(len(Y))
        for k, line in enumerate(self.lines):
            line.set_data(steps, Y[:, k])
        ax = self.lines[0].axes
        ax.set_xlim(0, ladder(len(Y) - 1))
        lo, hi = float(np.min(Y)), float(np.max(Y))
        if logy:
            lo, hi = max(lo, 1e-12), max(hi, 1e-12)
        self.ylim = steady(self.ylim, lo, hi, log=logy, fill=0.3, pad=0.1 if logy else 0.05)
        ax.set_ylim(*self.ylim)

    def artists(self):
        return list(self.lines)


def draw_series(ax, names, Y, ylabel, logy=False, legend=True, styles=None, key=None, ncol=1):
    """Series Y (T, K) over steps, one line per name (loss history, weights over time); `styles`:
    one dict of Line2D properties per name (e.g. style.param_style); the legend beside the axes
    names each line, or, given `key` ((label, Line2D properties) pairs), decodes the styles."""
    if logy:
        ax.set_yscale("log")
    styles = styles or [dict(color="black")] * len(names)
    lw = 1.6 * style.sizes()["lw"]
    lines = [ax.plot([], [], lw=lw, label=n, markevery=0.12, ms=5 * style.sizes()["lw"], **st)[0]
             for n, st in zip(names, styles)]
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if legend and len(names) > 1:
        handles = [Line2D([], [], label=k, **p) for k, p in key] if key else None
        ax.legend(handles=handles, fontsize=style.sizes()["small"], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  frameon=False, handlelength=2.6, borderaxespad=0.0, ncol=ncol, columnspacing=1.0)
    s = Lines(lines)
    s.set_series(Y, logy)
    return s
