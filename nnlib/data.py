"""Small datasets for the batch lessons, built in (no downloads).

Each is a `Dataset`: x (N, n_in) inputs, t (N, n_out) targets, in the batch convention of
`Network` (a leading sample axis). The truth tables of the classic logic gates on {0, 1}^2.
"""
from dataclasses import dataclass

import numpy as np

from . import validate


@dataclass(frozen=True)
class Dataset:
    """name, x (N, n_in), t (N, n_out)."""
    name: str
    x: np.ndarray
    t: np.ndarray

    def __post_init__(self):
        x = validate.as_real_array(self.x, "x")
        t = validate.as_real_array(self.t, "t")
        if x.ndim != 2 or t.ndim != 2 or x.shape[0] != t.shape[0] or x.shape[0] == 0:
            raise ValueError(f"x must be (N, n_in) and t (N, n_out) with the same N >= 1, got {x.shape} and {t.shape}")
        object.__setattr__(self, "x", validate.frozen(x))  # read-only memory: the data cannot drift
        object.__setattr__(self, "t", validate.frozen(t))

    @property
    def sizes(self):
        """(n_in, n_out)."""
        return (self.x.shape[1], self.t.shape[1])


CORNERS = [[0, 0], [0, 1], [1, 0], [1, 1]]


def gate(name):
    """The truth table of a two-input gate 'xor', 'and', 'or' as a Dataset (4 samples)."""
    rules = {"xor": lambda a, b: a ^ b, "and": lambda a, b: a & b, "or": lambda a, b: a | b}
    if not isinstance(name, str):
        raise TypeError(f"a gate is named by a string, got {type(name).__name__}")
    if name not in rules:
        raise ValueError(f"unknown gate {name!r}; choose one of {sorted(rules)}")
    return Dataset(name, CORNERS, [[rules[name](a, b)] for a, b in CORNERS])


def xor():
    """XOR: x (4, 2) the corners of the unit square, t (4, 1) = x1 xor x2."""
    return gate("xor")


def accuracy(net, data, threshold=0.5):
    """Fraction of samples whose every output lies on the target's side of `threshold`."""
    threshold = validate.real_number(threshold, "threshold")
    a2 = net.forward(data.x).a2
    return float(np.mean(np.all((a2 > threshold) == (data.t > threshold), axis=1)))
