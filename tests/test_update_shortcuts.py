"""The shortcuts a slider update takes (issue 15, second pass) give the same results as the long way:
the parameter tables cached per network size, and lesson 01's numbers table computed from the
forward steps alone instead of the whole derivation. (Speeds: benchmarks/update_cost.py.)"""
import itertools
import re

import numpy as np
import pytest

from nnlib import params
from nnlib.apps.forward import forward_numbers, numbers_table
from nnlib.derivation import derive
from nnlib.presets import PRESETS

SIZES = [(2, 2, 2), (2, 3, 1), (3, 4, 2), (2, 11, 2), (12, 2, 3)]


def scan(name, sizes):
    """The lookup the long way (oracle): every weight and bias named from scratch, the first match wins."""
    key = name.strip().replace(" ", "")
    m = re.match(r"^(?:theta|θ|\\theta)\^\{?(\d)\}?_\{?(?:(\d)(\d)|(\d+),(\d+))\}?$", key)
    if m:
        layer, i, j = (int(g) for g in m.groups() if g is not None)
        key = f"W{layer + 1}[{j - 1},{i - 1}]"
    k = 0
    for layer in (0, 1):
        for i, j in itertools.product(range(sizes[layer]), range(sizes[layer + 1])):
            k += 1
            if key in (f"w{k}", f"W{layer + 1}[{j},{i}]"):
                return f"W{layer + 1}", (j, i)
    for layer in (1, 2):
        for j in range(sizes[layer]):
            if key == f"b{layer}[{j}]":
                return f"b{layer}", (j,)
    return None


@pytest.mark.parametrize("sizes", SIZES)
def test_find_agrees_with_a_scan_for_every_name(sizes):
    names = [p.name for p in params.all_params(sizes)] + [p.entry for p in params.all_params(sizes)]
    names += [p.theta.replace("\\theta", "theta") for p in params.all_params(sizes) if p.theta]
    names += ["θ^1_21", " w1 ", "W1[0, 1]"]
    for name in names:
        want = scan(name, sizes)
        if want is None:
            with pytest.raises(ValueError):
                params.find(name, sizes)
        else:
            p = params.find(name, sizes)
            assert (p.array, p.index) == want, name
    for bad in ("w0", f"w{len(params.weight_names(sizes)) + 1}", "b3[0]", "W1[9,9]"):
        with pytest.raises(ValueError):
            params.find(bad, sizes)


def test_the_cached_tables_cannot_be_changed_through_what_they_return():
    ps = params.all_params((2, 2, 2))
    ps.clear()
    assert len(params.all_params((2, 2, 2))) == 8 + 4 and params.find("w5", [2, 2, 2]).name == "w5"


def setups():
    """The presets, every choice of functions, and random weights, inputs and targets."""
    rng = np.random.default_rng(15)
    out = list(PRESETS.values())
    for hidden, output, loss in [("tanh", "linear", "squared"), ("relu", "sigmoid", "cross_entropy"),
                                 ("sigmoid", "sigmoid", "cross_entropy"), ("tanh", "tanh", "squared")]:
        out.append(PRESETS["notes"].with_choice(hidden=hidden, output=output, loss=loss))
    for s in list(out):
        net = s.network
        values = {p.name: float(rng.uniform(-3, 3)) for p in params.all_params(net.sizes)}
        x = tuple(float(v) for v in rng.uniform(-1, 1, len(s.x)))
        t = tuple(float(v) for v in rng.uniform(0.05, 0.95, len(s.t)))
        out.append(s.replace(network=net.with_params(values), x=x, t=t))
    return out


@pytest.mark.parametrize("setup", setups())
def test_the_forward_numbers_are_the_derivations_own_floats(setup):
    """Lesson 01's numbers table (ForwardApp) from forward_numbers equals the one from the whole
    derivation, float for float: the same operations in the same order."""
    d = derive(setup)
    fast = forward_numbers(setup)
    assert fast == {k: d[k].value for k in fast}
    sizes = setup.network.sizes
    assert numbers_table(fast, sizes, setup.choice.loss) == numbers_table(d, sizes)


@pytest.mark.parametrize("shape", [(1, 1), (7, 13), (120, 201)])
def test_a_frame_png_decodes_to_its_pixels(shape):
    """The live figure's frames (figure.frame_png, written without PIL): PIL reads back the same RGBA."""
    import io

    import PIL.Image

    from nnlib.apps.figure import frame_png
    rng = np.random.default_rng(sum(shape))
    frame = rng.integers(0, 256, (*shape, 4), dtype=np.uint8)
    frame[: shape[0] // 2] = 0  # a diff frame: transparent zeros around the changed pixels
    for level in (1, 6):
        with PIL.Image.open(io.BytesIO(frame_png(frame, level))) as image:
            assert image.mode == "RGBA" and np.array_equal(np.asarray(image), frame)
