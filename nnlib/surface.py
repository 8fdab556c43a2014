"""The loss as a function of chosen parameters: curves, surfaces and the finite-difference check.

`losses_at` evaluates E for many settings of a few named parameters in one vectorised pass
(no Python loop over grid points): the parameter arrays get a leading grid axis G.
"""
from dataclasses import dataclass

import numpy as np

from . import checks, params
from .network import sigmoid


def losses_at(net, x, t, values):
    """E (batch-mean) with each named parameter set to an array of values, all of one shape S.

    values: {'w5': array S, 'b1[0]': array S, ...}; returns E with shape S.
    """
    if not values:
        raise ValueError("values must name at least one parameter")
    x, t = net.check_data(x, t)
    grids = {name: checks.as_real_array(v, f"values[{name!r}]") for name, v in values.items()}
    shape = next(iter(grids.values())).shape
    for name, v in grids.items():
        checks.check_shape(v, shape, f"values[{name!r}]")
    G = int(np.prod(shape))
    arrays = {k: np.broadcast_to(v, (G,) + v.shape).copy() for k, v in net.arrays().items()}
    for name, v in grids.items():
        p = params.find(name, net.sizes)
        arrays[p.array][(slice(None),) + p.index] = v.ravel()
    X, T = np.atleast_2d(x), np.atleast_2d(t)                      # (N, n_in), (N, n_out)
    a1 = sigmoid(np.einsum("gji,ni->gnj", arrays["W1"], X) + arrays["b1"][:, None, :])
    a2 = sigmoid(np.einsum("gkj,gnj->gnk", arrays["W2"], a1) + arrays["b2"][:, None, :])
    E = checks.finite_loss(T, a2, grid=True)                   # (G,)
    return E.reshape(shape)


def loss_curve(net, x, t, name, values):
    """E as `name` runs through `values` (1-D), the others fixed."""
    return losses_at(net, x, t, {name: np.asarray(values, dtype=float)})


def loss_surface(net, x, t, p, q, p_values, q_values):
    """E on the grid p_values x q_values: shape (len(q_values), len(p_values)), as contour(P, Q, E) wants."""
    if p == q or params.find(p, net.sizes) == params.find(q, net.sizes):
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    P, Q = np.meshgrid(checks.as_real_array(p_values, "p_values"), checks.as_real_array(q_values, "q_values"))
    return losses_at(net, x, t, {p: P, q: Q})


@dataclass(frozen=True)
class CheckRow:
    """Backprop vs finite differences for one parameter."""
    name: str
    backprop: float
    numeric: float
    rel_error: float


def gradient_check(net, x, t, h=1e-4, floor=1e-5):
    """Each parameter's backprop gradient vs a 5-point central difference of the loss.

    rel_error = |backprop - numeric| / max(|backprop|, |numeric|, floor): relative, except
    that gradients below `floor` are compared absolutely: float64 differences of E are good to
    about 1e-13, so a relative error of a gradient near 0 measures rounding, not backprop.
    """
    h = checks.real_number(h, "h", 0.0)
    g = net.gradients(x, t)
    grads = {"W1": g.dW1, "b1": g.db1, "W2": g.dW2, "b2": g.db2}
    rows = []
    for p in params.all_params(net.sizes):
        v = net[p.name]
        E = losses_at(net, x, t, {p.name: v + h * np.array([-2.0, -1.0, 1.0, 2.0])})
        numeric = (E[0] - 8 * E[1] + 8 * E[2] - E[3]) / (12 * h)
        bp = float(grads[p.array][p.index])
        rel = abs(bp - numeric) / max(abs(bp), abs(numeric), floor)
        rows.append(CheckRow(p.name, bp, float(numeric), float(rel)))
    return rows
