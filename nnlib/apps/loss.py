"""LossApp (lesson 02): E along one parameter and over any two, with the point and -grad E.

The grids are cached: the surface over (p, q) depends on every parameter except p and q, so
moving p or q only moves the point and the arrow; the grid is recomputed when the pair, the
ranges, x, t or another parameter changes. One computation per event; the curve, image,
contours, point and arrow are blitted over a saved background unless an axis or the colour
bar has to change (see Blitter). While another parameter is dragged in the browser
(`lesson.dragging`) the surface is computed on every fourth grid line (`coarse`) and drawn without
its contour lines, so it follows the drag; the full grid and the contours come back once the drag
pauses (a Later), the same frame as a full redraw.
"""
import ipywidgets as W
import numpy as np

from .. import validate, params
from ..pictures import draw_loss
from ..derivation import fmt
from ..surface import loss_curve, loss_surface
from .figure import App, canvas, figure, presenter_toggle
from .controls import ErrorBox, SetupControls, reject_unless
from .later import Later
from .state import Lesson


def arrow(gp, gq, span, fraction=0.15):
    """The arrow along -(gp, gq), its length `fraction` of `span` (direction only; 0 if no gradient)."""
    norm = np.hypot(gp, gq)
    if norm < 1e-15:
        return 0.0, 0.0
    return -gp / norm * fraction * span, -gq / norm * fraction * span


def check_span(span, name):
    """(lo, hi) with -10 <= lo < hi <= 10 (the range sliders' bounds), or ValueError/TypeError."""
    if isinstance(span, (str, bytes)) or not hasattr(span, "__len__") or len(span) != 2:
        raise TypeError(f"{name} must be a pair (lo, hi), got {span!r}")
    lo, hi = (validate.real_number(v, name, -10.0) for v in span)
    if not lo < hi <= 10.0:
        raise ValueError(f"{name} must have lo < hi <= 10, got ({lo:g}, {hi:g})")
    return lo, hi


def coarse(values, every=4):
    """Every `every`-th of the grid `values`, both ends kept (a subset: the same E where both have a point)."""
    n = len(values)
    return values[np.unique(np.round(np.linspace(0, n - 1, max(2, (n - 1) // every + 1))).astype(int))]


def range_slider(description, span):
    """A range slider with its own readout beside it (the built-in one is too narrow for
    '-10.0 – 10.0' and cut it off); returns (slider, the box to show)."""
    slider = W.FloatRangeSlider(value=span, min=-10.0, max=10.0, step=0.5, description=description,
                                readout=False, continuous_update=False, layout=W.Layout(width="260px"))
    label = W.Label(layout=W.Layout(width="100px"))
    show = lambda _=None: setattr(label, "value", "{:.1f} … {:.1f}".format(*slider.value).replace("-", "−"))
    slider.observe(show, "value")
    show()
    return slider, W.HBox([slider, label])


class LossApp(App):
    """E(p) on the left, E(p, q) on the right; dropdowns pick p and q, sliders set everything."""

    def __init__(self, setup=None, p="w5", q="w6", span=(-4.0, 4.0), n=81, lesson=None, figure=figure):
        self.lesson = lesson or Lesson(setup)
        self.n = validate.whole_number(n, "n", 2, 1000)
        self.errors = ErrorBox()
        net = self.lesson.setup.network
        names = [x.name for x in params.all_params(net.sizes)]
        if params.find(p, net.sizes) == params.find(q, net.sizes):
            raise ValueError(f"p and q must be two different parameters, got {p!r} and {q!r}")
        span = check_span(span, "span")
        pick = dict(options=names, layout=W.Layout(width="150px"), style={"description_width": "initial"})
        self.p = W.Dropdown(value=params.find(p, net.sizes).name, description="p (x-axis)", **pick)
        self.q = W.Dropdown(value=params.find(q, net.sizes).name, description="q (y-axis)", **pick)
        self.p_range, p_box = range_slider("p range", span)
        self.q_range, q_box = range_slider("q range", span)
        self.readout = W.HTML()
        self.controls = SetupControls(self.lesson, parts=("weights", "biases", "inputs", "targets"),
                                      errors=self.errors)
        self._curve_key = self._surface_key = None
        self.later = Later(self.errors.guard(self.update))  # the full grid after a drag
        self._make_figure(figure, relayout=lambda: self.fig.tight_layout())
        self.update()
        for w in (self.p, self.q, self.p_range, self.q_range):
            w.observe(self.errors.guard(self._picked), "value")
        self.lesson.observe(self.errors.guard(self.update), "setup")
        bar = W.HBox([self.p, self.q, p_box, q_box, presenter_toggle(self)], layout=W.Layout(flex_flow="row wrap"))
        self.ui = W.VBox([bar, canvas(self.fig), self.readout, self.controls])

    def _picked(self, change):
        """p, q or a range changed: refuse p == q and an empty range (the old choice stays), else update."""
        reject_unless(self.p.value != self.q.value, change,
                      f"pick two different parameters for the surface (both were {change.new}); kept {change.old}")
        if change.owner in (self.p_range, self.q_range):
            lo, hi = change.new
            reject_unless(lo < hi, change,
                          f"a range needs two different ends (got {lo:g} … {hi:g}); kept the previous one")
        self.update()

    def _figsize(self):
        """(normal, presenter) inches; presenter fits 1280×720."""
        return ((10, 4.0), (11.0, 5.8))

    def _build(self):
        """E along p on the left, E over (p, q) with its colour bar on the right; the artists to blit."""
        ax1, ax2 = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25]})
        self.curve = draw_loss.draw_curve(ax1, self.p.value, [0.0, 1.0], [0.0, 0.0], 0.0, 0.0)
        self.surface = draw_loss.draw_surface(ax2, self.p.value, self.q.value, [0.0, 1.0], [0.0, 1.0],
                                              np.zeros((2, 2)))
        self.fig.colorbar(self.surface.image, ax=ax2, label="E (from 0)", format=draw_loss.SHORT)
        self.fig.tight_layout()
        return lambda: self.curve.artists() + self.surface.artists()

    def _refresh(self):
        self._curve_key = self._surface_key = None
        self.update()

    def values(self, which):
        """The grid of values along p or q: n points over its range slider."""
        lo, hi = (self.p_range if which == "p" else self.q_range).value
        return np.linspace(lo, hi, self.n)

    def update(self, change=None):
        """Recompute what the change invalidated, update the artists, draw once."""
        s = self.lesson.setup
        net, sizes = s.network, s.network.sizes
        p, q = params.find(self.p.value, sizes), params.find(self.q.value, sizes)
        if p == q:
            raise ValueError(f"pick two different parameters for the surface (both are {p.name})")
        ps, qs = self.values("p"), self.values("q")
        key = (p.name, tuple(ps), net.with_params({p.name: 0.0}), s.x, s.t)
        if key != self._curve_key:
            fresh = self._curve_key is None or self._curve_key[:2] != key[:2]  # another p or range
            self.curve.set_curve(ps, loss_curve(net, s.x, s.t, p.name, ps), fresh)
            self.curve.line.axes.set_xlabel(p.name)
            self._curve_key = key
        key = (p.name, q.name, tuple(ps), tuple(qs), net.with_params({p.name: 0.0, q.name: 0.0}), s.x, s.t)
        if key != self._surface_key:
            self._set_surface(key, p.name, q.name, ps, qs)
        E = self.lesson.now.loss
        g = self.lesson.now.gradients
        gp, gq = g[p.name], g[q.name]
        self.curve.set_point(net[p.name], E)
        span = min(ps[-1] - ps[0], qs[-1] - qs[0])
        self.surface.set_point(net[p.name], net[q.name], *arrow(gp, gq, span))
        self.surface.image.axes.title.set_text(f"E over ({p.name}, {q.name})")
        self.curve.line.axes.title.set_text(f"E along {p.name}, the rest fixed")
        self.readout.value = (f"E = {fmt(E)} · ∂E/∂{p.name} = {fmt(gp)} · ∂E/∂{q.name} = {fmt(gq)}"
                              f" · (at {p.name} = {fmt(net[p.name])}, {q.name} = {fmt(net[q.name])})")
        self.blitter.update()

    def _set_surface(self, key, p, q, ps, qs):
        """E over the grid ps x qs; a coarse grid, and the full one later, while a drag goes on."""
        s = self.lesson.setup
        rough = getattr(self.lesson, "dragging", False) and self.later.can_wait()
        if rough:
            ps, qs = coarse(ps), coarse(qs)
        self.later.cancel()
        self.surface.set_grid(ps, qs, loss_surface(s.network, s.x, s.t, p, q, ps, qs), contours=not rough)
        self.grid = ps, qs  # the grid shown (coarse during a drag)
        ax = self.surface.image.axes
        ax.set_xlabel(p)
        ax.set_ylabel(q)
        self._surface_key = None if rough else key  # a coarse surface is replaced at the next update
        if rough:
            self.later()

    def summary(self):
        """The figure in words, with its numbers (the text alternative where no picture shows)."""
        s, p, q = self.lesson.setup, self.p.value, self.q.value
        E, net = self.surface.image.get_array(), s.network
        i, j = np.unravel_index(np.argmin(E), E.shape)
        ps, qs = self.grid
        g = self.lesson.now.gradients
        gp, gq = g[p], g[q]
        return (f"LossApp: E = {fmt(self.lesson.now.loss)} at {p} = {fmt(net[p])}, {q} = {fmt(net[q])}; "
                f"∂E/∂{p} = {fmt(gp)}, ∂E/∂{q} = {fmt(gq)}. "
                f"Over {p} in [{fmt(ps[0])}, {fmt(ps[-1])}] and {q} in [{fmt(qs[0])}, {fmt(qs[-1])}] the "
                f"smallest E on the grid is {fmt(float(E[i, j]))} at {p} = {fmt(ps[j])}, {q} = {fmt(qs[i])}. "
                f"(Run the notebook for the live sliders.)")
