"""The loss as a function of chosen parameters: curves, surfaces and the finite-difference check.

`losses_at` evaluates E for many settings of a few named parameters in one vectorised pass
(no Python loop over grid points): the parameter arrays get a leading grid axis G. Both follow
the network's Choice of activations and loss. ReLU has a kink at z = 0; backprop uses the
subgradient 0 there, and a finite difference whose points put some ReLU unit's z on both sides
of 0 measures an average of two slopes: the check says "kink" for such a row, not "no".
"""
from dataclasses import dataclass

import numpy as np

from . import validate, functions, params


def losses_at(net, x, t, values):
    """E (batch-mean) with each named parameter set to an array of values, all of one shape S.

    values: {'w5': array S, 'b1[0]': array S, ...}; returns E with shape S.
    """
    if not isinstance(values, dict):
        raise TypeError(f"values must be a dict {{name: array}}, got {type(values).__name__}")
    if not values:
        raise ValueError("values must name at least one parameter")
    x, t = net.check_data(x, t)
    grids = {name: validate.as_real_array(v, f"values[{name!r}]") for name, v in values.items()}
    shape = next(iter(grids.values())).shape
    for name, v in grids.items():
        validate.check_shape(v, shape, f"values[{name!r}]")
    found = {name: params.find(name, net.sizes) for name in grids}
    seen = {}
    for name, p in found.items():
        if p in seen:
            raise ValueError(f"values names {p.name} twice ({seen[p]!r} and {name!r}): give each parameter once")
        seen[p] = name
    G = int(np.prod(shape))
    arrays = {k: np.broadcast_to(v, (G,) + v.shape).copy() for k, v in net.arrays().items()}
    for name, v in grids.items():
        p = found[name]
        arrays[p.array][(slice(None),) + p.index] = v.ravel()
    X, T = np.atleast_2d(x), np.atleast_2d(t)                      # (N, n_in), (N, n_out)
    z1, z2 = _nets_z(net.choice, arrays, X)
    a2 = functions.activate(net.choice.output, z2)
    E = validate.finite_loss(T, a2, grid=True, loss=net.choice.loss, z2=z2)   # (G,)
    return E.reshape(shape)


def _nets_z(choice, arrays, X):
    """z1 (G, N, n_hidden) and z2 (G, N, n_out) of G networks stacked in `arrays` on inputs X."""
    with np.errstate(over="ignore", invalid="ignore"):
        z1 = np.einsum("gji,ni->gnj", arrays["W1"], X) + arrays["b1"][:, None, :]
        a1 = functions.activate(choice.hidden, z1)
        z2 = np.einsum("gkj,gnj->gnk", arrays["W2"], a1) + arrays["b2"][:, None, :]
    if not (np.all(np.isfinite(z1)) and np.all(np.isfinite(z2))):
        raise ValueError("a net input z overflowed the float range: weights or inputs are too large")
    return z1, z2


def straddles_kink(net, x, name, values):
    """True if setting parameter `name` to the `values` (1-D) moves some ReLU unit's net input z
    across 0 or onto it, for some sample (its sign is not the same at all the values): E may then
    have a kink between those points. A z that stays exactly 0 throughout is no kink: E is flat there."""
    relu = [k for k, f in (("z1", net.choice.hidden), ("z2", net.choice.output)) if f == "relu"]
    if not relu:
        return False
    p = params.find(name, net.sizes)
    values = np.asarray(values, dtype=float).ravel()
    arrays = {k: np.broadcast_to(v, (len(values),) + v.shape).copy() for k, v in net.arrays().items()}
    arrays[p.array][(slice(None),) + p.index] = values
    zs = dict(zip(("z1", "z2"), _nets_z(net.choice, arrays, np.atleast_2d(x))))
    for k in relu:
        sign = np.sign(zs[k])                                        # (G, N, units)
        if np.any(sign.min(axis=0) != sign.max(axis=0)):
            return True
    return False


def loss_curve(net, x, t, name, values):
    """E as `name` runs through `values` (1-D), the others fixed."""
    return losses_at(net, x, t, {name: np.asarray(values, dtype=float)})


def loss_surface(net, x, t, p, q, p_values, q_values):
    """E on the grid p_values x q_values: shape (len(q_values), len(p_values)), as contour(P, Q, E) wants."""
    if p == q or params.find(p, net.sizes) == params.find(q, net.sizes):
        raise ValueError(f"p and q must be two different parameters, got {p!r} twice")
    P, Q = np.meshgrid(validate.as_real_array(p_values, "p_values"), validate.as_real_array(q_values, "q_values"))
    return losses_at(net, x, t, {p: P, q: Q})


EPS = np.finfo(np.float64).eps


@dataclass(frozen=True)
class CheckRow:
    """Backprop vs finite differences for one parameter; `noise`: how far E's rounding alone can
    move the finite difference (about eps * |E| / h), `h` the step used."""
    name: str
    backprop: float
    numeric: float
    rel_error: float
    noise: float = 0.0
    h: float = float("nan")
    kink: bool = False

    def verdict(self, tol=1e-7):
        """'yes' (rel_error < tol), 'kink' (the finite difference straddles a ReLU's z = 0, where
        E has no derivative: it cannot judge backprop's subgradient), 'rounding' (the two differ by
        no more than E's rounding moves the finite difference) or 'no'."""
        if self.rel_error < tol:
            return "yes"
        if self.kink:
            return "kink"
        return "rounding" if abs(self.backprop - self.numeric) <= self.noise else "no"


def step_for(net, x, p):
    """The 5-point step for Param p: eps^(1/5) (balancing truncation ~h^4 against rounding ~eps/h)
    over the scale on which E changes along p: a weight fed by input x_i moves z by x_i per unit,
    so that scale is 1/max(1, |x_i|) (1 for other parameters). Never below 1024 ulps of |theta|;
    a power of 2."""
    fed = float(np.abs(np.atleast_2d(x)[:, p.index[1]]).max()) if p.array == "W1" else 1.0
    h = max(EPS ** 0.2 / max(1.0, fed), 1024 * EPS * abs(net[p.name]))
    return 2.0 ** round(np.log2(h))


def _given_step(h, value, name):
    h = validate.real_number(h, "h")
    if h <= 0:
        raise ValueError(f"h must be > 0, got {h}")
    smallest = 1024 * EPS * max(1.0, abs(value))
    if h < smallest:
        raise ValueError(f"h = {h:g} is too small for {name} = {value:g}: steps below "
                         f"{smallest:.1e} are lost to rounding (leave h out to have it chosen)")
    return h


def gradient_check(net, x, t, h=None, floor=1e-5):
    """Each parameter's backprop gradient vs a 5-point central difference of the loss.

    h: the step, chosen per parameter by `step_for` when None. rel_error = |backprop - numeric| /
    max(|backprop|, |numeric|, floor): relative, except that gradients below `floor` are compared
    absolutely. Row.verdict() tells a real disagreement from one E's rounding noise can explain.
    """
    x, t = net.check_data(x, t)
    floor = validate.real_number(floor, "floor")
    if floor <= 0:
        raise ValueError(f"floor must be > 0 (it stands in for a gradient of 0), got {floor}")
    g = net.gradients(x, t)
    rows = []
    for p in params.all_params(net.sizes):
        v = net[p.name]
        hp = step_for(net, x, p) if h is None else _given_step(h, v, p.name)
        points = v + hp * np.array([-2.0, -1.0, 1.0, 2.0])
        E = losses_at(net, x, t, {p.name: points})
        numeric = (E[0] - 8 * E[1] + 8 * E[2] - E[3]) / (12 * hp)
        noise = 8 * EPS * float(np.abs(E) @ [1, 8, 8, 1]) / (12 * hp)  # a few eps per E, 18 E's worth
        bp = g[p.name]
        rel = abs(bp - numeric) / max(abs(bp), abs(numeric), floor)
        kink = straddles_kink(net, x, p.name, np.append(points, v))
        rows.append(CheckRow(p.name, bp, float(numeric), float(rel), float(noise), float(hp), kink))
    return rows
