"""Lesson 08's measurements: one setup under several Choices, a saturated start trained with
either loss, and how much of a signal survives a chain of units of each activation.

Every function computes with Network (nnlib.network); nothing here draws (see draw_beyond).
"""
from dataclasses import dataclass

import numpy as np

from . import validate, functions
from .formulas import fmt
from .functions import Choice
from .presets import NOTES

# the notes' network with w6 = w8 = 5: o2 starts at 0.997 against its target 0.2, on the flat
# top of the sigmoid; biases are updated (they start at 0) so both losses can reach the targets
SATURATED = NOTES.replace(network=NOTES.network.with_params(w6=5.0, w8=5.0), update_biases=True,
                          title="The notes' network with w6 = w8 = 5 (o2 saturated), biases updated")

CHOICES = (Choice(), Choice(loss="cross_entropy"), Choice(hidden="tanh"), Choice(hidden="relu"),
           Choice(hidden="relu", loss="cross_entropy"), Choice(hidden="tanh", output="linear"))


def label(c):
    """'ReLU / sigmoid / cross-entropy': hidden / output / loss in words."""
    short = {"squared": "squared error", "cross_entropy": "cross-entropy", "relu": "ReLU", "linear": "linear"}
    return " / ".join(short.get(v, v) for v in (c.hidden, c.output, c.loss))


def side_by_side(setup, choices=CHOICES):
    """{label: {E, δ_o1.., δ_h1.., the bias gradients db2, db1}} for the setup's weights under each choice."""
    rows = {}
    for c in choices:
        net = setup.network.replace(choice=c)
        g = net.gradients(setup.x, setup.t)
        row = {"E": net.loss(setup.x, setup.t)}
        row.update({f"δ_o{k + 1}": float(d) for k, d in enumerate(g.delta2)})
        row.update({f"δ_h{j + 1}": float(d) for j, d in enumerate(g.delta1)})
        row.update({f"∂E/∂b_o{k + 1}": float(d) for k, d in enumerate(g.db2)})
        row.update({f"∂E/∂b_h{j + 1}": float(d) for j, d in enumerate(g.db1)})
        rows[label(c)] = row
    return rows


def table(rows, columns=None):
    """Markdown of side_by_side's rows: one line per choice."""
    from IPython.display import Markdown
    columns = columns or list(next(iter(rows.values())))
    out = ["| hidden / output / loss | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    out += [f"| {name} | " + " | ".join(fmt(r[c]) for c in columns) + " |" for name, r in rows.items()]
    return Markdown("\n".join(out))


@dataclass(frozen=True)
@validate.read_only_arrays
class Run:
    """Gradient descent from one start: outputs (steps+1, n_out) and the squared error ½Σ(t − o)² of
    every network visited (the same yardstick whatever loss the run follows)."""
    choice: Choice
    outputs: np.ndarray
    squared_error: np.ndarray
    t: np.ndarray

    def steps_to(self, tol):
        """The first step at which every output is within `tol` of its target (None: never)."""
        hit = np.flatnonzero(np.all(np.abs(self.outputs - self.t) <= tol, axis=1))
        return int(hit[0]) if hit.size else None


def saturated_runs(setup, steps, losses=("squared", "cross_entropy")):
    """{loss: Run} gradient descent from setup's network with each loss (same weights, x, t, lr)."""
    runs = {}
    for loss in losses:
        net = setup.network.with_choice(loss=loss)
        hist = net.train(setup.x, setup.t, setup.lr, steps, setup.update_biases)
        outs = np.array([n.forward(setup.x).a2 for n in hist.networks])
        se = 0.5 * np.sum((np.array(setup.t) - outs) ** 2, axis=1)
        runs[loss] = Run(net.choice, outs, se, np.array(setup.t))
    return runs


def chain(activation, depth, w=1.0, x=0.5):
    """A chain x -> u1 -> ... -> u_depth, every weight w, no biases: z_l = w a_(l-1), a_l = f(z_l).

    Returns (z, a, reach): reach[l-1] = ∂a_depth/∂z_l, the part of a signal at the top that gets
    back to unit l: the product of f'(z) of units l..depth and the depth - l weights between."""
    depth = validate.whole_number(depth, "depth", 1, 1000)
    z, a = [], [float(x)]
    for _ in range(depth):
        z.append(w * a[-1])
        a.append(float(functions.activate(activation, z[-1])))
    slopes = [float(functions.slope(activation, v)) for v in a[1:]]
    reach, r = [0.0] * depth, 1.0
    for l in range(depth - 1, -1, -1):
        r *= slopes[l]
        reach[l] = r
        r *= w
    return np.array(z), np.array(a[1:]), np.array(reach)


def reach_by_depth(depth, activations=functions.HIDDEN, w=1.0, x=0.5):
    """{activation: array over L = 1..depth of ∂a_L/∂z_1}: the signal left after L layers."""
    return {f: np.array([chain(f, L, w, x)[2][0] for L in range(1, depth + 1)]) for f in activations}
