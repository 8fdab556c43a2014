"""The backward sweep: backprop as an algorithm, one layer-level idea per stage.

Stage "delta_out" puts the error signal on each output unit once,
delta_ok = dE/dz_ok = (o_k - t_k) * o_k (1 - o_k); every weight into o_k then costs one
multiplication, delta_ok * a_hj ("grad_out"). "back" sends each delta_ok back along its edges
(w * delta_ok), "delta_hidden" adds what reaches h_j and multiplies by the slope sigma'(z_hj),
"grad_hidden" gives delta_hj * x_i, and "update" moves every parameter at once, from the values
before the step. Each delta is computed once and reused by every weight into its unit.

`mistake` switches on one classic wrong version (see MISTAKES), so a lesson can show what it
does. Values are float64 arrays; the stages' text (nnlib.sweep_stages) is made from the same numbers.
The stages follow the network's Choice: f' of the chosen activations in place of σ′, and with
cross-entropy δ at the outputs is o − t, with no slope factor.
"""
import functools

import numpy as np

from . import functions, params
from .sweep_stages import build

MISTAKES = {
    None: "no mistake",
    "early_update": "update w5..w8 first, then use the new values for δ at the hidden units",
    "no_slope": "forget the sigmoid's slope σ′(z) = a(1 − a) in every δ",
    "sign": "step uphill: w + α ∂E/∂w instead of w − α ∂E/∂w",
}


def backward(net, x, t):
    """Backprop for one sample, the sweep as code: delta2 (n_out,), dW2, delta1 (n_hidden,), dW1."""
    f = net.forward(x)
    delta2 = (f.a2 - t) * f.a2 * (1 - f.a2)            # δ at the outputs, computed once
    dW2 = np.outer(delta2, f.a1)                        # reused: one product per weight into o_k
    delta1 = (net.W2.T @ delta2) * f.a1 * (1 - f.a1)    # sent back along W2, times σ′
    dW1 = np.outer(delta1, f.x)                         # reused: one product per weight into h_j
    return delta2, dW2, delta1, dW1


def _sigmoid_and_squared_error_only(fn):
    """`backward` is the sweep lesson 03 prints, for the notes' functions: it refuses others
    (their sweep is backward_any) rather than compute a sigmoid's slope where there is none."""
    @functools.wraps(fn)  # inspect.getsource (show.source) unwraps: the lesson prints fn itself
    def checked(net, x, t):
        if not net.choice.is_default:
            raise ValueError(f"backward is the sweep for sigmoid units and squared error; this network has "
                             f"{net.choice}: use backward_any (or Sweep) for it")
        return fn(net, x, t)
    return checked


backward = _sigmoid_and_squared_error_only(backward)


def backward_any(net, x, t):
    """The same sweep for any Choice: δ at the outputs from choice.delta_out, f′ of the hidden activation."""
    f, c = net.forward(x), net.choice
    delta2 = c.delta_out(t, f.a2)
    dW2 = np.outer(delta2, f.a1)
    delta1 = (net.W2.T @ delta2) * functions.slope(c.hidden, f.a1)
    return delta2, dW2, delta1, np.outer(delta1, f.x)


class Sweep:
    """The stages of one backprop step for a Setup; `mistake` is a key of MISTAKES.

    After construction: `delta2`, `delta1` (per unit), `grads` {name: dE/dθ as this sweep
    computes it}, `after` (the Network after the step), `loss_before`, `loss_after`.
    """

    def __init__(self, setup, mistake=None):
        if mistake not in MISTAKES:
            raise ValueError(f"mistake must be one of {list(MISTAKES)}, got {mistake!r}")
        self.setup, self.mistake = setup, mistake
        net, x, t = setup.network, np.array(setup.x), np.array(setup.t)
        self.sizes = net.sizes
        self.params = params.all_params(self.sizes)
        self.show_biases = setup.update_biases or any(net[p.name] != 0 for p in self._biases)
        f = self.forward = net.forward(x)
        lr_h, lr_o = setup.lr
        c = self.choice = net.choice
        slope2 = np.ones_like(f.a2) if mistake == "no_slope" or c.cancels else functions.slope(c.output, f.a2)
        slope1 = np.ones_like(f.a1) if mistake == "no_slope" else functions.slope(c.hidden, f.a1)
        self.delta2 = (f.a2 - t) * slope2
        dW2 = np.outer(self.delta2, f.a1)
        W2 = net.W2 - lr_o * dW2 if mistake == "early_update" else net.W2
        self.back = W2 * self.delta2[:, None]          # back[k, j]: what o_k sends to h_j
        self.delta1 = self.back.sum(axis=0) * slope1
        dW1 = np.outer(self.delta1, x)
        arrays = {"W1": dW1, "b1": self.delta1, "W2": dW2, "b2": self.delta2}
        self.grads = {p.name: float(arrays[p.array][p.index]) for p in self.params}
        sign = 1.0 if mistake == "sign" else -1.0
        rate = {"W1": lr_h, "b1": lr_h, "W2": lr_o, "b2": lr_o}
        new = net.arrays()
        for p in self.params:
            if p.array.startswith("W") or setup.update_biases:
                new[p.array][p.index] = net[p.name] + sign * rate[p.array] * self.grads[p.name]
        self.after = type(net)(**new, choice=c)
        self.loss_before, self.loss_after = net.loss(x, t), self.after.loss(x, t)
        self.stages = build(self, net, x, t, slope1, slope2, W2)

    @property
    def _biases(self):
        return [p for p in self.params if not p.theta]

    def __iter__(self):
        return iter(self.stages)

    def __len__(self):
        return len(self.stages)

    def __getitem__(self, quantity_id):
        """The Quantity with this id ('delta_o1', 'grad_w5', 'back_w5', 'new_w5', ...)."""
        for s in self.stages:
            for q in s.quantities:
                if q.id == quantity_id:
                    return q
        raise KeyError(f"no quantity {quantity_id!r} in this sweep")


def compare(sweep, numeric, tol=1e-6):
    """[(name, this sweep's dE/dθ, the finite difference, agree?)] for each name in `numeric`
    ({name: finite-difference gradient}); agree: relative difference below `tol` (gradients
    under 1e-5 compared absolutely, as gradient_check does)."""
    rows = []
    for name, num in numeric.items():
        g = sweep.grads[name]
        rows.append((name, g, num, abs(g - num) / max(abs(g), abs(num), 1e-5) < tol))
    return rows
