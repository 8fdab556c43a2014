"""Gradient descent kept as a history: the networks visited and their losses.

The one training record of the kit: `Network.train` returns one, the lessons make their own, and
the apps that train (DescentApp, DatasetApp) hold one and redraw it. A step that would make a
parameter non-finite raises ValueError from `Network.step`; the steps before it are kept.
"""
import numpy as np

from . import validate, params


class Training:
    """networks[0] is the start; losses[i] = E(networks[i]) on (x, t). lr: number or (hidden, output).

    x (n_in,) or (N, n_in) and t are kept read-only; every network is an immutable value.
    """

    def __init__(self, network, x, t, lr=0.5, update_biases=True):
        self.x, self.t = network.check_data(x, t)
        self.lr = validate.learning_rates(lr)
        self.update_biases = validate.flag(update_biases, "update_biases")
        self.reset(network)

    def reset(self, network=None):
        """Back to the start (or start again from `network`)."""
        start = self.networks[0] if network is None else network
        self.x, self.t = map(validate.frozen, start.check_data(self.x, self.t))  # read-only: data cannot drift
        self.networks = [start]
        self.losses = [start.loss(self.x, self.t)]

    @property
    def net(self):
        return self.networks[-1]

    @property
    def loss(self):
        return self.losses[-1]

    @property
    def steps(self):
        """Steps taken since the start."""
        return len(self.networks) - 1

    def run(self, steps=1):
        """Take `steps` gradient-descent steps with the current `lr`; return the new loss."""
        steps = validate.whole_number(steps, "steps")
        if self.steps + steps > validate.MAX_STEPS:
            raise ValueError(f"a run keeps at most {validate.MAX_STEPS} steps ({self.steps} taken, "
                             f"{steps} more asked): reset first")
        net = self.net
        for _ in range(steps):
            net = net.step(self.x, self.t, self.lr, self.update_biases)
            self.networks.append(net)
            self.losses.append(net.loss(self.x, self.t))
        return self.loss

    def rises(self, rtol=1e-9):
        """How many steps made E go up (by more than rtol relative: rounding is not a rise)."""
        L = np.asarray(self.losses)
        return int(np.sum(np.diff(L) > rtol * L[:-1]))

    def series(self, names):
        """Parameter values over the steps: array (steps + 1, len(names))."""
        ps = [params.find(name, self.net.sizes) for name in names]
        return np.array([[getattr(n, p.array)[p.index] for p in ps] for n in self.networks]).reshape(-1, len(ps))
