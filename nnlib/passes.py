"""What the math computes, as values: the forward pass and backprop with every factor kept.

`Network.forward` returns a Forward, `Network.gradients` a Gradients; both are frozen and their
arrays read-only. Shapes follow the network's convention (network.py): one sample gives
(n_units,), a batch (N, n_units).
"""
from dataclasses import dataclass

import numpy as np

from . import validate, params


@dataclass(frozen=True)
@validate.read_only_arrays  # read-only memory: a cached forward pass cannot be written into
class Forward:
    """Everything the forward pass computes: z1, a1 (hidden), z2, a2 (outputs)."""
    x: np.ndarray
    z1: np.ndarray
    a1: np.ndarray
    z2: np.ndarray
    a2: np.ndarray


@dataclass(frozen=True)
@validate.read_only_arrays
class Gradients:
    """Backprop for the network's loss (E = sum_k 1/2 (t_k - a2_k)^2 by default), every factor kept.

    delta2 = dE_da2 * da2_dz2, except for cross-entropy, where delta2 = a2 - t is computed
    directly (the factors cancel; dE_da2 is inf where an output rounded to exactly 0 or 1).

    Per-sample factors have the shape of the forward arrays; dE_da1_by_output[..., k, j]
    is output k's share delta2_k * W2[k, j] of dE/da1_j. dW*, db* are means over the batch.
    """
    dE_da2: np.ndarray
    da2_dz2: np.ndarray
    delta2: np.ndarray
    dE_da1_by_output: np.ndarray
    dE_da1: np.ndarray
    da1_dz1: np.ndarray
    delta1: np.ndarray
    dW1: np.ndarray
    db1: np.ndarray
    dW2: np.ndarray
    db2: np.ndarray

    def __getitem__(self, name):
        """dE/dp for one parameter by the names Network takes: g['w5'], g['theta^1_{21}'], g['b1[0]']."""
        p = params.find(name, (self.dW1.shape[-1], self.dW1.shape[0], self.dW2.shape[0]))
        return float(getattr(self, "d" + p.array)[p.index])
