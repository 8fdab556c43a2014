"""Activations and losses a network can use, each with its derivative: the kit's one menu.

An activation f has f(z) and its slope f'(z), also written from the activation a = f(z) (the
way a hand derivation writes it: sigmoid a(1 - a), tanh 1 - a^2, ReLU 1 if a > 0 else 0).
ReLU has a kink at z = 0 where no derivative exists: the kit uses the subgradient 0 there
(f'(0) = 0, as PyTorch and TensorFlow do), so a ReLU unit at exactly z = 0 passes nothing back.

A loss has E(t, o) per sample (summed over outputs) and dE/do. Cross-entropy is the binary one,
E = -sum_k [t_k ln o_k + (1 - t_k) ln(1 - o_k)], on sigmoid outputs only; with it the output
delta = dE/dz = dE/do * o(1 - o) simplifies to o - t exactly (the sigma' factor cancels), and
the kit computes it that way (and E from z, so a saturated output never takes ln 0).
"""
from dataclasses import dataclass

import numpy as np

HIDDEN = ("sigmoid", "tanh", "relu")
OUTPUT = ("sigmoid", "tanh", "relu", "linear")
LOSSES = ("squared", "cross_entropy")
NAMES = {"sigmoid": "sigmoid σ", "tanh": "tanh", "relu": "ReLU", "linear": "linear (identity)",
         "squared": "squared error ½(t − o)²", "cross_entropy": "cross-entropy"}


def sigmoid(z):
    """Logistic function, stable for any finite z: never overflows, never warns."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: exp never sees a large positive argument
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def activate(name, z):
    """f(z) for activation `name` (elementwise, any shape)."""
    z = np.asarray(z, dtype=np.float64)
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "linear":
        return z.copy()
    raise ValueError(f"unknown activation {name!r}; choose one of {list(OUTPUT)}")


def slope(name, a):
    """f'(z) written from a = f(z): sigmoid a(1 - a), tanh 1 - a^2, ReLU 1 where a > 0 else 0
    (the subgradient 0 at the kink z = 0), linear 1."""
    a = np.asarray(a, dtype=np.float64)
    if name == "sigmoid":
        return a * (1 - a)
    if name == "tanh":
        return 1 - a * a
    if name == "relu":
        return (a > 0).astype(np.float64)
    if name == "linear":
        return np.ones_like(a)
    raise ValueError(f"unknown activation {name!r}; choose one of {list(OUTPUT)}")


def loss_per_sample(name, t, o, z):
    """E of each sample (summed over the last axis): t, o = f(z), z of shape (..., n_out)."""
    with np.errstate(over="ignore", invalid="ignore"):
        if name == "squared":
            return 0.5 * np.sum((t - o) ** 2, axis=-1)
        if name == "cross_entropy":  # -ln sigma(z) = ln(1 + e^-z), -ln(1 - sigma(z)) = ln(1 + e^z)
            return np.sum(t * np.logaddexp(0.0, -z) + (1 - t) * np.logaddexp(0.0, z), axis=-1)
    raise ValueError(f"unknown loss {name!r}; choose one of {list(LOSSES)}")


def dE_do(name, t, o):
    """dE/do per output: squared o - t; cross-entropy (o - t) / (o (1 - o)) (inf where o
    rounded to exactly 0 or 1: the network's delta never uses it, see delta_out)."""
    if name == "squared":
        return o - t
    if name == "cross_entropy":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(o == t, 0.0, (o - t) / (o * (1 - o)))
    raise ValueError(f"unknown loss {name!r}; choose one of {list(LOSSES)}")


@dataclass(frozen=True)
class Choice:
    """Which functions a network uses: hidden and output activation, and the loss."""
    hidden: str = "sigmoid"
    output: str = "sigmoid"
    loss: str = "squared"

    def __post_init__(self):
        for field, value, menu in (("hidden", self.hidden, HIDDEN), ("output", self.output, OUTPUT),
                                   ("loss", self.loss, LOSSES)):
            if not isinstance(value, str) or value not in menu:
                raise ValueError(f"{field} must be one of {list(menu)}, got {value!r}")
        if self.loss == "cross_entropy" and self.output != "sigmoid":
            raise ValueError(f"cross-entropy needs sigmoid outputs (o between 0 and 1), got output={self.output!r}")

    @property
    def is_default(self):
        """True for the notes' choice: sigmoid everywhere, squared error."""
        return self == Choice()

    @property
    def cancels(self):
        """True when the output delta is o - t with no slope factor (cross-entropy on sigmoid)."""
        return self.loss == "cross_entropy"

    def delta_out(self, t, o):
        """delta at the outputs, dE/dz2: (o - t) for cross-entropy, (o - t) f'(z) for squared error."""
        return o - t if self.cancels else (o - t) * slope(self.output, o)

    def replace(self, **changes):
        return Choice(**{**self.__dict__, **changes})

    def __str__(self):
        return f"hidden {self.hidden}, output {self.output}, loss {self.loss}"


DEFAULT = Choice()


def as_choice(choice):
    """A Choice from a Choice, None (the default) or a dict of its fields."""
    if choice is None:
        return DEFAULT
    if isinstance(choice, Choice):
        return choice
    if isinstance(choice, dict):
        return Choice(**choice)
    raise TypeError(f"choice must be a Choice or a dict(hidden=, output=, loss=), got {type(choice).__name__}")
