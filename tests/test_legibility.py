"""Every app's figure can be read from the back row (issue 11): no two texts overlap, no text sits
on a unit's circle that is not its own, nothing is clipped off the figure, no font is under 8 pt
(14 pt in presenter mode). Checked headless (Agg) for every shipped preset, a 2-3-2 and a 2-4-2
network, sliders at their extremes and after training, in normal and presenter mode.
"""
import numpy as np
import pytest

from nnlib import legibility
from nnlib.apps import DatasetApp, DescentApp, ForwardApp, LossApp, StepperApp
from nnlib.network import Network
from nnlib.presets import PRESETS, Setup

try:
    from nnlib import style
except ImportError:  # before presenter mode existed
    style = None

MODES = {"normal": 8.0, "presenter": 14.0}


def wide(n_hidden, seed):
    """A 2-n-2 network with biases, the notes' x and t."""
    return Setup(Network.random((2, n_hidden, 2), seed=seed), x=(0.3, 0.9), t=(0.8, 0.2), title=f"2-{n_hidden}-2")


SETUPS = {**PRESETS, "2-3-2": wide(3, 1), "2-4-2": wide(4, 2)}


def extreme(setup, how):
    """The setup with every slider at an end: 'high' (weights, biases +3, x +1, t 1), 'low', or
    'mixed' (weights alternating +3/-3: crossing edges with long labels)."""
    if how == "as is":
        return setup
    net = setup.network
    names = [k for k in ("W1", "b1", "W2", "b2")]
    arrays = net.arrays()
    sign = {"high": 1.0, "low": -1.0}.get(how)
    for k in names:
        a = arrays[k]
        arrays[k] = np.full_like(a, 3.0 * sign) if sign else 3.0 * np.where(np.arange(a.size).reshape(a.shape) % 2, -1, 1)
    x = (1.0, 1.0) if how != "low" else (-1.0, -1.0)
    t = (1.0,) * len(setup.t) if how != "low" else (0.0,) * len(setup.t)
    return setup.replace(network=Network(**arrays), x=x, t=t)


def views():
    """(name, build) pairs: build() returns an app showing one state to check."""
    out = []
    for key, s in SETUPS.items():
        for how in ("as is", "high", "low", "mixed"):
            out.append((f"forward-{key}-{how}", lambda s=s, how=how: _loaded(ForwardApp(s), extreme(s, how))))
        out.append((f"stepper-{key}-first", lambda s=s: StepperApp(s)))
        out.append((f"stepper-{key}-last-mixed", lambda s=s: _last(_loaded(StepperApp(s), extreme(s, "mixed")))))
        out.append((f"loss-{key}", lambda s=s: LossApp(s, n=21)))
        out.append((f"loss-{key}-wide-range-bias", lambda s=s: _ranged(LossApp(s, n=21, p="w1", q="b2[0]"))))
        out.append((f"descent-{key}", lambda s=s: DescentApp(s, n=21)))
        out.append((f"descent-{key}-trained", lambda s=s: _trained(DescentApp(s, n=21), 300)))
    for gate in ("xor", "and"):
        for hidden in (1, 2, 4):
            out.append((f"dataset-{gate}-{hidden}", lambda g=gate, h=hidden: DatasetApp(g, hidden=h, n=21)))
    out.append(("dataset-xor-trained", lambda: _trained(DatasetApp(n=21), 2000)))
    return out


def _loaded(app, setup):
    app.lesson.load(setup)
    return app


def _last(app):
    app.index.value = app.index.max
    return app


def _ranged(app):
    app.p_range.value = (-10.0, 10.0)
    app.q_range.value = (-0.5, 0.5)
    return app


def _trained(app, steps):
    app.train(steps)
    return app


VIEWS = views()


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name,build", VIEWS, ids=[n for n, _ in VIEWS])
def test_every_view_is_legible(name, build, mode):
    """Item 1 of issue 11: 0 overlapping pairs, 0 clipped, 0 fonts under 8 pt (presenter: 14 pt)."""
    if mode == "presenter" and style is None:
        pytest.skip("no presenter mode")
    with (style.presenting(mode == "presenter") if style else _nothing()):
        app = build()
        found = legibility.problems(app.fig, MODES[mode])
    assert found == [], f"{name} ({mode}): " + "; ".join(found)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
