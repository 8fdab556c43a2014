"""Why backprop is cheap, measured: multiplications of the chain rule per weight vs the sweep.

Both functions compute every weight's gradient of E = sum 1/2 (a_L - t)^2 for a sigmoid network
of any depth (`widths` = (n_0, n_1, ..., n_L), weights W[l][k][j] from unit j of layer l-1 to
unit k of layer l, no biases), in plain Python, counting each multiplication as it happens.
The forward pass is the same for both and is not counted. `per_weight` writes the chain rule out
for each weight on its own, as the handwritten notes do: dE/da of a unit is recomputed, through
every path to the outputs, for every weight that needs it. `sweep` computes each unit's δ once,
layer by layer, and reuses it: the same recursion with its results remembered.
"""
import math

import numpy as np


class Tally:
    """Counts multiplications: `tally.mul(a, b, c)` is a*b*c and counts 2."""

    def __init__(self):
        self.count = 0

    def mul(self, *factors):
        self.count += len(factors) - 1
        return math.prod(factors)


def network(widths, seed=0):
    """Random weights W[l] (n_l, n_{l-1}) for l = 1..L (W[0] is None), an input and a target."""
    if len(widths) < 2 or any(int(n) != n or n < 1 for n in widths):
        raise ValueError(f"widths must be two or more positive whole numbers, got {widths!r}")
    rng = np.random.default_rng(seed)
    W = [None] + [rng.normal(0, 1, (widths[l], widths[l - 1])).tolist() for l in range(1, len(widths))]
    return W, rng.uniform(0, 1, widths[0]).tolist(), rng.uniform(0, 1, widths[-1]).tolist()


def _activations(W, x):
    a = [list(x)]
    for l in range(1, len(W)):
        a.append([1 / (1 + math.exp(-sum(w * v for w, v in zip(row, a[-1])))) for row in W[l]])
    return a


def per_weight(W, x, t):
    """{(l, k, j): dE/dW[l][k][j]} with the chain rule written out per weight; and the Tally."""
    a, L, tally = _activations(W, x), len(W) - 1, Tally()

    def dE_da(l, k):  # through every path from unit k of layer l to the outputs, nothing kept
        if l == L:
            return a[L][k] - t[k]
        return sum(tally.mul(dE_da(l + 1, m), tally.mul(a[l + 1][m], 1 - a[l + 1][m]), W[l + 1][m][k])
                   for m in range(len(a[l + 1])))

    grads = {(l, k, j): tally.mul(dE_da(l, k), tally.mul(a[l][k], 1 - a[l][k]), a[l - 1][j])
             for l in range(1, L + 1) for k in range(len(a[l])) for j in range(len(a[l - 1]))}
    return grads, tally


def sweep(W, x, t):
    """The same gradients by the backward sweep: each δ computed once, reused; and the Tally."""
    a, L, tally = _activations(W, x), len(W) - 1, Tally()
    delta = {L: [tally.mul(a[L][k] - t[k], a[L][k], 1 - a[L][k]) for k in range(len(a[L]))]}
    for l in range(L - 1, 0, -1):
        delta[l] = [tally.mul(sum(tally.mul(W[l + 1][m][k], delta[l + 1][m]) for m in range(len(a[l + 1]))),
                              a[l][k], 1 - a[l][k]) for k in range(len(a[l]))]
    grads = {(l, k, j): tally.mul(delta[l][k], a[l - 1][j])
             for l in range(1, L + 1) for k in range(len(a[l])) for j in range(len(a[l - 1]))}
    return grads, tally


def counts(widths, seed=0):
    """(multiplications per weight, multiplications by the sweep) for a network of `widths`."""
    W, x, t = network(widths, seed)
    return per_weight(W, x, t)[1].count, sweep(W, x, t)[1].count


def forward_count(widths):
    """Multiplications of one forward pass (the weighted sums), the unit of a finite difference."""
    return sum(a * b for a, b in zip(widths, widths[1:]))


def derivation_count(derivation):
    """Multiplications in the backward steps of a Derivation (nnlib.derive): the handwritten
    notes' own order, which reuses ∂E/∂a of a hidden unit for its second weight but recomputes
    the rest."""
    return sum(len(s.deps) - 1 if s.op == "mul" else 1 for s in derivation
               if s.kind == "backward" and s.op in ("mul", "sigmoid_prime"))
