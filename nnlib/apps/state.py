"""The state every lesson app shares: one Setup, observable. No widgets here.

A Lesson holds the current Setup (network, x, t, learning rates); every change replaces it
with a new immutable Setup, so observers get `change.old` and `change.new` and derived data
(forward pass, derivation) is computed once per change and cached.
"""
import traitlets

from .. import validate, share
from ..derivation import derive
from ..presets import PRESETS, Setup


class Snapshot:
    """Everything derived from one Setup, computed on first use and kept; read-only."""

    __slots__ = ("setup", "_cache")

    def __init__(self, setup):
        object.__setattr__(self, "setup", setup)
        object.__setattr__(self, "_cache", {})

    def __setattr__(self, name, value=None):
        raise AttributeError(f"a Snapshot cannot be changed (tried to set {name}): it belongs to one Setup")

    __delattr__ = __setattr__

    def _get(self, name, compute):
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    @property
    def forward(self):
        """The forward pass (a Forward of read-only arrays)."""
        return self._get("forward", lambda: self.setup.network.forward(self.setup.x))

    @property
    def gradients(self):
        return self._get("gradients", lambda: self.setup.network.gradients(self.setup.x, self.setup.t))

    @property
    def loss(self):
        return self._get("loss", self.setup.loss)

    @property
    def derivation(self):
        return self._get("derivation", lambda: derive(self.setup))


class Lesson(traitlets.HasTraits):
    """Observable lesson state: `setup` (a Setup); observe it with lesson.observe(fn, 'setup')."""

    setup = traitlets.Instance(Setup)
    choosing = traitlets.Bool(False)  # apps show dropdowns for the activations and loss

    def __init__(self, setup=None, **kwargs):
        self.problem = None  # why the page's ?preset= could not be used, for the app to show
        # True while a change made by dragging a control in the browser is being applied: observers
        # may then leave what need not follow every frame of a drag for later (see apps.later)
        self.dragging = False
        if setup is None:  # an app built without a setup: the Voila page's ?preset=, else the notes
            try:
                setup = share.from_page(default=PRESETS["notes"])
            except ValueError as exc:
                setup, self.problem = PRESETS["notes"], ValueError(f"the page's preset was not used: {exc}")
        super().__init__(setup=self._resolve(setup), **kwargs)
        self._snap = Snapshot(self.setup)

    @staticmethod
    def _resolve(setup):
        """A Setup from a Setup, a preset name ('notes', 'mazur') or a share string or link."""
        if isinstance(setup, str):
            if share.looks_like(setup):
                return share.decode(setup)
            if setup not in PRESETS:
                raise ValueError(f"unknown preset {setup!r}; choose one of {sorted(PRESETS)} or paste a share string")
            return PRESETS[setup]
        if not isinstance(setup, Setup):
            raise TypeError(f"setup must be a Setup or a preset name, got {type(setup).__name__}")
        return setup

    @traitlets.observe("setup")
    def _new_snapshot(self, change):
        self._snap = Snapshot(change.new)

    @property
    def now(self):
        """The Snapshot of the current setup (forward, gradients, loss, derivation)."""
        if self._snap.setup is not self.setup:
            self._snap = Snapshot(self.setup)
        return self._snap

    # -- changes: each builds a new Setup; validation errors propagate to the caller ----
    def load(self, setup):
        """Switch to a Setup, a preset name ('notes', 'mazur') or a share string."""
        self.setup = self._resolve(setup)

    def set_param(self, name, value):
        """Set one parameter by name ('w5', 'b1[0]', 'W2[0,1]')."""
        self.setup = self.setup.replace(network=self.setup.network.with_params({name: value}))

    def set_input(self, i, value):
        """Set input x_{i+1} (i from 0)."""
        i = validate.whole_number(i, "input index i", 0, len(self.setup.x) - 1)
        x = list(self.setup.x)
        x[i] = value
        self.setup = self.setup.replace(x=tuple(x))

    def set_target(self, k, value):
        """Set target t_{k+1} (k from 0)."""
        k = validate.whole_number(k, "target index k", 0, len(self.setup.t) - 1)
        t = list(self.setup.t)
        t[k] = value
        self.setup = self.setup.replace(t=tuple(t))

    def set_lr(self, lr):
        """One rate for both layers, or (lr_hidden, lr_output)."""
        self.setup = self.setup.replace(lr=lr)

    def set_choice(self, **changes):
        """Other functions, same weights: set_choice(hidden='relu', loss='cross_entropy')."""
        self.setup = self.setup.with_choice(**changes)

    def step(self):
        """Take one gradient-descent step with the current learning rates."""
        self.setup = self.setup.replace(network=self.setup.step())
