"""The derivation as data agrees with the vectorised network, step by step."""
import pytest

import nnlib
from nnlib import Network, Setup, derive, params

SETUPS = [
    nnlib.NOTES,
    nnlib.MAZUR,
    Setup(Network.random((2, 3, 2), seed=7), x=(0.5, -1.0), t=(0.3, 0.7), lr=(0.2, 0.9), update_biases=True),
    Setup(Network.random((3, 2, 1), seed=8), x=(1.0, 0.0, -0.5), t=(1.0,), lr=0.4, update_biases=True),
]


@pytest.mark.parametrize("setup", SETUPS, ids=["notes", "mazur", "2-3-2", "3-2-1"])
def test_steps_agree_with_the_network(setup):
    d = derive(setup)
    net = setup.network
    f, g = net.forward(setup.x), net.gradients(setup.x, setup.t)
    n_in, n_h, n_out = net.sizes
    for j in range(n_h):
        assert d[f"z_h{j + 1}"].value == pytest.approx(f.z1[j], abs=1e-15)
        assert d[f"a_h{j + 1}"].value == pytest.approx(f.a1[j], abs=1e-15)
    for k in range(n_out):
        assert d[f"z_o{k + 1}"].value == pytest.approx(f.z2[k], abs=1e-15)
        assert d[f"o{k + 1}"].value == pytest.approx(f.a2[k], abs=1e-15)
    assert d["E"].value == pytest.approx(setup.loss(), abs=1e-15)
    new = setup.step()
    for p in params.all_params(net.sizes):
        if p.theta or setup.update_biases:
            assert d[f"{p.name}.grad"].value == pytest.approx(g[p.name], abs=1e-15), p.name
            assert d[f"{p.name}.new"].value == pytest.approx(new[p.name], abs=1e-15), p.name
        else:
            assert f"{p.name}.grad" not in d
    assert d["after.E"].value == pytest.approx(new.loss(setup.x, setup.t), abs=1e-15)


@pytest.mark.parametrize("setup", SETUPS, ids=["notes", "mazur", "2-3-2", "3-2-1"])
def test_every_step_recomputes_from_its_deps(setup):
    d = derive(setup)
    values = d.values
    seen = set()
    for step in d:
        assert step.id not in seen
        assert all(dep in seen for dep in step.deps), f"{step.id} uses a later step"
        seen.add(step.id)
        assert d.recompute(step.id, values) == step.value
        assert step.latex.count("{") == step.latex.count("}"), step.id
        known = {p.name for p in params.all_params(setup.network.sizes)}
        units = {f"{u}{i + 1}" for u, n in zip("xho", setup.network.sizes) for i in range(n)}
        assert set(step.involves) <= known | units, step.id


def test_recompute_uses_the_values_given():
    d = derive(nnlib.NOTES)
    values = d.values
    values["o1"] = 0.6738  # a writer who rounded o1
    assert d.recompute("w5.dE_do", values) == pytest.approx(-(0.8 - 0.6738), abs=1e-15)
    assert d.recompute("w5.do_dz", values) == pytest.approx(0.6738 * (1 - 0.6738), abs=1e-15)


def test_notes_order_and_substitution():
    d = derive(nnlib.NOTES)
    ids = [s.id for s in d]
    # the notes' order: forward, loss, w5..w8, then w1, w3 (into h1), w2, w4 (into h2), forward again
    order = [ids.index(i) for i in ("E", "w5.grad", "w6.grad", "w7.grad", "w8.grad",
                                    "w1.grad", "w3.grad", "w2.grad", "w4.grad", "after.E")]
    assert order == sorted(order)
    assert d["z_h1"].substituted == "0.06 + 0.36 + 0"
    assert d["w5.new"].latex.endswith("= 0.508365")
