"""A Setup is everything a lesson shows: network, one input, its target, learning rates.

Two ship with the kit: the handwritten notes (transcribed in handwork/notes.txt, no biases) and Matt Mazur's
"A Step by Step Backpropagation Example" (2015, with biases, which that post does not update).
"""
from dataclasses import dataclass, replace

import numpy as np

from . import validate
from .network import Network


@dataclass(frozen=True)
class Setup:
    """network, x (n_in,), t (n_out,), lr = (lr_hidden, lr_output), update_biases, a title.

    The activations and loss travel with the network (`setup.choice`, `setup.with_choice`)."""
    network: Network
    x: tuple
    t: tuple
    lr: tuple = (0.5, 0.5)
    update_biases: bool = True
    title: str = ""

    def __post_init__(self):
        if not isinstance(self.network, Network):
            raise TypeError(f"network must be a Network, got {type(self.network).__name__}")
        n_in, _, n_out = self.network.sizes
        x = validate.check_shape(validate.as_real_array(self.x, "x"), (n_in,), "x")
        t = validate.check_shape(validate.as_real_array(self.t, "t"), (n_out,), "t")
        object.__setattr__(self, "x", tuple(x.tolist()))
        object.__setattr__(self, "t", tuple(t.tolist()))
        object.__setattr__(self, "lr", validate.learning_rates(self.lr))
        if not isinstance(self.update_biases, (bool, np.bool_)):
            raise TypeError(f"update_biases must be True or False, got {self.update_biases!r}")

    def replace(self, **changes):
        """A new Setup with some fields changed (validated again)."""
        return replace(self, **changes)

    @property
    def choice(self):
        """The network's functions.Choice: hidden and output activation, loss."""
        return self.network.choice

    def with_choice(self, **changes):
        """The same setup with other functions: setup.with_choice(loss='cross_entropy')."""
        return self.replace(network=self.network.with_choice(**changes))

    def step(self):
        """The network after one gradient-descent step on (x, t)."""
        return self.network.step(self.x, self.t, self.lr, self.update_biases)

    def loss(self):
        return self.network.loss(self.x, self.t)


NOTES = Setup(
    Network.from_weights(w1=0.2, w2=0.1, w3=0.4, w4=0.1, w5=0.5, w6=0.1, w7=0.8, w8=0.9),
    x=(0.3, 0.9), t=(0.8, 0.2), lr=(1.0, 0.5), update_biases=False,
    title="The handwritten notes: x=(0.3, 0.9), t=(0.8, 0.2), no biases, lr 1 (w1..w4) and 0.5 (w5..w8)")

# Mazur numbers weights differently (his w2 is i2->h1, ours w3): the matrices carry it over.
MAZUR = Setup(
    Network(W1=[[0.15, 0.20], [0.25, 0.30]], b1=[0.35, 0.35], W2=[[0.40, 0.45], [0.50, 0.55]], b2=[0.60, 0.60]),
    x=(0.05, 0.10), t=(0.01, 0.99), lr=(0.5, 0.5), update_biases=False,
    title="Mazur's step-by-step example: x=(0.05, 0.10), t=(0.01, 0.99), biases 0.35 and 0.60, lr 0.5")

PRESETS = {"notes": NOTES, "mazur": MAZUR}
