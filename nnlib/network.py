"""The math: a one-hidden-layer network, its loss, backprop and gradient descent.

The activations and the loss are a `Choice` (nnlib.functions): sigmoid everywhere and squared
error unless chosen otherwise, so the notes' network computes exactly what it always did.

Convention (see notebooks/00_start_here.ipynb): z = W @ x + b, W[j, i] is the weight from
unit i of the layer below to unit j of the layer above. A sample x has shape (n_in,),
a batch (N, n_in); every result keeps that convention (a leading N axis for batches).
"""
import numpy as np

from . import validate, functions, params
from .functions import Choice, sigmoid  # noqa: F401  (sigmoid: re-exported, lessons import it from here)
from .passes import Forward, Gradients
from .training import Training


class Network:
    """An immutable 2-layer network: W1 (n_hidden, n_in), b1, W2 (n_out, n_hidden), b2, and
    `choice` (a functions.Choice: hidden and output activation, loss; sigmoid and squared error
    by default).

    Its arrays live in read-only memory and its attributes cannot be rebound: a network shared
    by every lesson (a preset) cannot be changed by one of them. New values make a new Network.
    """
    __slots__ = ("W1", "b1", "W2", "b2", "choice")

    def __init__(self, W1, b1, W2, b2, choice=None):
        W1 = validate.as_real_array(W1, "W1")
        W2 = validate.as_real_array(W2, "W2")
        if W1.ndim != 2 or W2.ndim != 2 or 0 in W1.shape or 0 in W2.shape:
            raise ValueError(f"W1 and W2 must be non-empty matrices, got shapes {W1.shape} and {W2.shape}")
        if W2.shape[1] != W1.shape[0]:
            raise ValueError(f"W2 must have shape (n_out, {W1.shape[0]}) to follow W1 {W1.shape}, got {W2.shape}")
        b1 = validate.check_shape(validate.as_real_array(b1, "b1"), (W1.shape[0],), "b1")
        b2 = validate.check_shape(validate.as_real_array(b2, "b2"), (W2.shape[0],), "b2")
        for name, arr in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)):
            object.__setattr__(self, name, validate.frozen(arr))
        object.__setattr__(self, "choice", functions.as_choice(choice))

    def __setattr__(self, name, value=None):
        raise AttributeError(f"a Network cannot be changed (tried to set {name}): "
                             "make a new one with net.with_params(...) or net.replace(...)")

    __delattr__ = __setattr__

    def __reduce__(self):  # copy, deepcopy and pickle rebuild through __init__
        return (Network, (self.W1, self.b1, self.W2, self.b2, self.choice))

    @classmethod
    def zeros(cls, n_in=2, n_hidden=2, n_out=2, choice=None):
        n_in, n_hidden, n_out = validate.layer_sizes((n_in, n_hidden, n_out), "layer sizes")
        return cls(np.zeros((n_hidden, n_in)), np.zeros(n_hidden), np.zeros((n_out, n_hidden)), np.zeros(n_out),
                   choice)

    @classmethod
    def random(cls, sizes=(2, 2, 2), seed=None, scale=1.0, biases=True, choice=None):
        """Weights drawn from N(0, scale^2) with numpy's Generator(seed): a shareable seed."""
        n_in, n_hidden, n_out = validate.layer_sizes(sizes)
        scale = validate.real_number(scale, "scale", 0.0)
        biases = validate.flag(biases, "biases")
        if seed is not None:
            seed = validate.whole_number(seed, "seed")
        rng = np.random.default_rng(seed)
        b = (lambda n: scale * rng.standard_normal(n)) if biases else np.zeros
        W1 = scale * rng.standard_normal((n_hidden, n_in))
        b1 = b(n_hidden)
        W2 = scale * rng.standard_normal((n_out, n_hidden))
        return cls(W1, b1, W2, b(n_out), choice)

    @property
    def sizes(self):
        """(n_in, n_hidden, n_out)."""
        return (self.W1.shape[1], self.W1.shape[0], self.W2.shape[0])

    def arrays(self):
        """The parameters as a dict name -> array (copies: the network stays immutable)."""
        return {"W1": self.W1.copy(), "b1": self.b1.copy(), "W2": self.W2.copy(), "b2": self.b2.copy()}

    def replace(self, **arrays):
        """A new network with some of W1, b1, W2, b2 (and its `choice`) replaced."""
        unknown = set(arrays) - {"W1", "b1", "W2", "b2", "choice"}
        if unknown:
            raise TypeError(f"replace() takes W1, b1, W2, b2, choice; got {sorted(unknown)}")
        return Network(**{**self.arrays(), "choice": self.choice, **arrays})

    def with_choice(self, **changes):
        """The same weights with other functions: net.with_choice(hidden='relu', loss='cross_entropy')."""
        return self.replace(choice=self.choice.replace(**changes))

    def __getitem__(self, name):
        """One parameter by name: net['w5'], net['theta^1_{21}'], net['b1[0]'], net['W2[0,1]']."""
        p = params.find(name, self.sizes)
        return float(getattr(self, p.array)[p.index])

    def with_params(self, values=None, **named):
        """A new network with the named parameters set: net.with_params(w5=0.3, w1=0.1)."""
        if values is not None and not isinstance(values, dict):
            raise TypeError(f"values must be a dict {{name: number}}, got {type(values).__name__}")
        values = {**(values or {}), **named}
        arrays = self.arrays()
        for name, value in values.items():
            p = params.find(name, self.sizes)
            arrays[p.array][p.index] = validate.real_number(value, name)
        return Network(**arrays, choice=self.choice)

    @classmethod
    def from_weights(cls, sizes=(2, 2, 2), choice=None, **values):
        """Build from the notes' names, e.g. Network.from_weights(w1=0.2, ..., w8=0.9); others 0."""
        return cls.zeros(*sizes, choice=choice).with_params(values)

    def __eq__(self, other):
        return isinstance(other, Network) and self.choice == other.choice and all(
            np.array_equal(a, b) for a, b in zip(self.arrays().values(), other.arrays().values()))

    __hash__ = None

    def __repr__(self):
        a = {k: np.round(v, 6).tolist() for k, v in self.arrays().items()}
        c = "" if self.choice.is_default else f", choice={self.choice!r}"
        return f"Network(W1={a['W1']}, b1={a['b1']}, W2={a['W2']}, b2={a['b2']}{c})"

    # -- the math ---------------------------------------------------------------
    def check_data(self, x, t):
        """Validate a sample or batch x and its targets t; return them as float64 arrays."""
        x, batch = validate.sample_or_batch(x, self.sizes[0], "x")
        t = validate.check_shape(validate.as_real_array(t, "t"), x.shape[:-1] + (self.sizes[2],), "t")
        if self.choice.loss == "cross_entropy" and (t.min() < 0 or t.max() > 1):
            raise ValueError(f"cross-entropy needs targets between 0 and 1, got t from {t.min():g} to {t.max():g}")
        return x, t

    def forward(self, x):
        """Forward pass for one sample (n_in,) or a batch (N, n_in)."""
        x, _ = validate.sample_or_batch(x, self.sizes[0], "x")
        with np.errstate(over="ignore", invalid="ignore"):  # checked below, with a clear message
            z1 = x @ self.W1.T + self.b1
            a1 = functions.activate(self.choice.hidden, z1)
            z2 = a1 @ self.W2.T + self.b2
        for name, z in (("z1", z1), ("z2", z2)):
            if not np.all(np.isfinite(z)):
                raise ValueError(f"{name} overflowed the float range: weights or inputs are too large")
        return Forward(x, z1, a1, z2, functions.activate(self.choice.output, z2))

    def loss(self, x, t):
        """E = sum_k 1/2 (t_k - a2_k)^2 (or the chosen loss); for a batch, the mean over samples."""
        x, t = self.check_data(x, t)
        f = self.forward(x)
        return validate.finite_loss(t, f.a2, loss=self.choice.loss, z2=f.z2)

    def gradients(self, x, t):
        """Backprop: dE/dW1, dE/db1, dE/dW2, dE/db2 and the chain-rule factors between."""
        x, t = self.check_data(x, t)
        f = self.forward(x)
        c = self.choice
        dE_da2 = -(t - f.a2) if c.loss == "squared" else functions.dE_do(c.loss, t, f.a2)
        da2_dz2 = functions.slope(c.output, f.a2)
        delta2 = dE_da2 * da2_dz2 if c.loss == "squared" else c.delta_out(t, f.a2)
        dE_da1_by_output = delta2[..., :, None] * self.W2
        dE_da1 = dE_da1_by_output.sum(axis=-2)
        da1_dz1 = functions.slope(c.hidden, f.a1)
        delta1 = dE_da1 * da1_dz1
        n = x.shape[0] if x.ndim == 2 else 1
        # batch-mean of per-sample outer products; for one sample these are delta2 a1^T etc.
        dW2 = np.atleast_2d(delta2).T @ np.atleast_2d(f.a1) / n
        dW1 = np.atleast_2d(delta1).T @ np.atleast_2d(x) / n
        db2 = np.atleast_2d(delta2).mean(axis=0)
        db1 = np.atleast_2d(delta1).mean(axis=0)
        return Gradients(dE_da2, da2_dz2, delta2, dE_da1_by_output, dE_da1, da1_dz1, delta1, dW1, db1, dW2, db2)

    def step(self, x, t, lr, update_biases=True):
        """One gradient-descent step: a new Network. lr is a number or (lr_hidden, lr_output)."""
        lr_h, lr_o = validate.learning_rates(lr)
        validate.flag(update_biases, "update_biases")
        g = self.gradients(x, t)  # all from the weights before the step
        with np.errstate(over="ignore", invalid="ignore"):
            new = {"W1": self.W1 - lr_h * g.dW1, "W2": self.W2 - lr_o * g.dW2,
                   "b1": self.b1 - lr_h * g.db1 if update_biases else self.b1,
                   "b2": self.b2 - lr_o * g.db2 if update_biases else self.b2}
        for name, arr in new.items():
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"the step made {name} non-finite: the learning rate {lr} is too large")
        return Network(**new, choice=self.choice)

    def train(self, x, t, lr, steps, update_biases=True):
        """`steps` gradient-descent steps from this network: a Training (the networks visited, their losses)."""
        steps = validate.whole_number(steps, "steps", 0, validate.MAX_STEPS)
        run = Training(self, x, t, lr, update_biases)
        run.run(steps)
        return run
