"""The backward sweep (lesson 03): stages, values, mistakes, the code cell, and the cost counts.

Oracles: the plain-Python scalar pass in tests/oracle.py (chain rule per weight, no nnlib),
finite differences of the loss (nnlib.gradient_check), and, for the multiplication counts,
closed-form counts worked out by hand for one hidden layer (derivation in the test).
"""
import math

import numpy as np
import pytest

from nnlib import MAZUR, NOTES, Network, Setup, gradient_check
from nnlib.reuse import counts, network as deep_network, per_weight, sweep as sweep_counted
from nnlib.sweep import MISTAKES, Sweep, backward
from oracle import NOTES_T, NOTES_W, NOTES_X, oracle, step

ORDER = ["forward", "delta_out", "grad_out", "back", "delta_hidden", "grad_hidden", "update"]
RANDOM = Setup(Network.random((2, 3, 2), seed=4), x=(0.7, -0.2), t=(0.1, 0.9), lr=(0.3, 0.6))


def test_stages_come_in_layer_order_one_idea_each():
    s = Sweep(NOTES)
    assert [st.id for st in s] == ORDER
    assert [q.id for q in s.stages[1].quantities] == ["delta_o1", "delta_o2"]
    assert [q.id for q in s.stages[4].quantities] == ["delta_h1", "delta_h2"]
    # every output weight's gradient comes before any hidden δ, and the update comes last
    ids = [q.id for st in s for q in st.quantities]
    assert max(ids.index(f"grad_w{k}") for k in (5, 6, 7, 8)) < ids.index("delta_h1")
    assert min(ids.index(f"new_w{k}") for k in range(1, 9)) > max(ids.index(f"grad_w{k}") for k in range(1, 9))


def test_every_delta_and_gradient_equals_the_scalar_oracle_and_network_gradients():
    o = oracle(NOTES_W, NOTES_X, NOTES_T)
    s = Sweep(NOTES)
    for u, d in o["delta"].items():
        assert s[f"delta_{u}"].value == pytest.approx(d, rel=1e-12)
    for k, g in o["grad"].items():
        assert s[f"grad_w{k}"].value == pytest.approx(g, rel=1e-12)
    for setup in (NOTES, MAZUR, RANDOM):
        s, g = Sweep(setup), setup.network.gradients(setup.x, setup.t)
        np.testing.assert_array_equal(s.delta2, g.delta2)
        np.testing.assert_array_equal(s.delta1, g.delta1)
        arrays = {"W1": g.dW1, "b1": g.db1, "W2": g.dW2, "b2": g.db2}
        for p in s.params:
            assert s.grads[p.name] == arrays[p.array][p.index], p.name


def test_a_weight_gradient_is_its_units_delta_times_what_the_weight_carries():
    """The reuse the lesson shows: grad of w5 and w7 both use δ_o1 (one multiplication each)."""
    s = Sweep(NOTES)
    a = {"h1": s.forward.a1[0], "h2": s.forward.a1[1], "x1": 0.3, "x2": 0.9}
    for p in (p for p in s.params if p.theta):
        assert s[f"grad_{p.name}"].value == s[f"delta_{p.target}"].value * a[p.source]
        assert f"delta_{{{p.target}}}" in s[f"grad_{p.name}"].formula


def test_the_update_uses_the_weights_before_the_step():
    s, w = Sweep(NOTES), step(NOTES_W, NOTES_X, NOTES_T)
    for k in range(1, 9):
        assert s[f"new_w{k}"].value == pytest.approx(w[k], rel=1e-12)
    assert s.after == NOTES.step()
    assert s["E_after"].value == pytest.approx(oracle(w, NOTES_X, NOTES_T)["E"], rel=1e-12)


def test_biases_take_part_when_the_preset_has_them():
    """δ is also ∂E/∂b: shown for Mazur's biases, not for the notes (no biases, none updated)."""
    assert not Sweep(NOTES).show_biases
    s = Sweep(MAZUR)
    assert s.show_biases
    for k in (1, 2):
        assert s[f"grad_b2[{k - 1}]"].value == s[f"delta_o{k}"].value
        assert s[f"grad_b1[{k - 1}]"].value == s[f"delta_h{k}"].value


def test_the_code_cell_backward_equals_network_gradients():
    for setup in (NOTES, MAZUR, RANDOM):
        delta2, dW2, delta1, dW1 = backward(setup.network, np.array(setup.x), np.array(setup.t))
        g = setup.network.gradients(setup.x, setup.t)
        for mine, kit in ((delta2, g.delta2), (dW2, g.dW2), (delta1, g.delta1), (dW1, g.dW1)):
            np.testing.assert_allclose(mine, kit, rtol=1e-14, atol=0)


def agreeing(setup, mistake):
    """Names whose gradient from the sweep with `mistake` agrees with finite differences."""
    s = Sweep(setup, mistake)
    return {r.name for r in gradient_check(setup.network, setup.x, setup.t)
            if r.name.startswith("w") and abs(s.grads[r.name] - r.numeric) / max(abs(r.numeric), 1e-5) < 1e-6}


def test_mistakes_show_in_the_gradient_check_and_the_loss():
    weights = {f"w{k}" for k in range(1, 9)}
    right = Sweep(NOTES)
    assert agreeing(NOTES, None) == weights
    # updating w5..w8 first: the output gradients are still right, every hidden one is wrong
    assert agreeing(NOTES, "early_update") == {"w5", "w6", "w7", "w8"}
    assert Sweep(NOTES, "early_update").loss_after != right.loss_after
    # dropping σ′ breaks every gradient
    assert agreeing(NOTES, "no_slope") == set()
    # stepping uphill: the gradients are right, the loss goes up instead of down
    uphill = Sweep(NOTES, "sign")
    assert agreeing(NOTES, "sign") == weights
    assert right.loss_after < right.loss_before < uphill.loss_after
    with pytest.raises(ValueError, match="mistake"):
        Sweep(NOTES, "typo")
    assert set(MISTAKES) == {None, "early_update", "no_slope", "sign"}


def test_hand_derived_multiplication_counts_for_one_hidden_layer():
    """Per weight (the notes): an output weight is ∂E/∂o · o(1−o) · a: 3 multiplications; a hidden
    weight sums, over the n_out outputs, ∂E/∂o · o(1−o) · w (3 each), then · a(1−a) · x (3 more).
    Sweep: δ_o = (o − t) · o · (1 − o) (2 each), one product per weight, w·δ sent back (n_out·n_h),
    δ_h = sum · a · (1 − a) (2 each), one product per hidden weight."""
    for n_in, n_h, n_out in [(2, 2, 2), (1, 1, 1), (3, 5, 2), (4, 4, 4), (2, 8, 3)]:
        per = 3 * n_h * n_out + n_in * n_h * (3 * n_out + 3)
        swept = 2 * n_out + n_out * n_h + n_out * n_h + 2 * n_h + n_h * n_in
        assert counts((n_in, n_h, n_out)) == (per, swept)


def test_both_counted_algorithms_compute_the_true_gradients_at_any_depth():
    W, x, t = deep_network((2, 3, 2, 3, 2), seed=1)
    g_per, tally_per = per_weight(W, x, t)
    g_sweep, tally_sweep = sweep_counted(W, x, t)
    assert g_per.keys() == g_sweep.keys()
    for key in g_per:
        assert g_per[key] == pytest.approx(g_sweep[key], rel=1e-10, abs=1e-15)
    assert tally_sweep.count < tally_per.count

    def loss(W):  # finite differences of E for one weight, a third independent route
        a = list(x)
        for l in range(1, len(W)):
            a = [1 / (1 + math.exp(-sum(w * v for w, v in zip(row, a)))) for row in W[l]]
        return sum(0.5 * (ai - ti) ** 2 for ai, ti in zip(a, t))
    for (l, k, j) in [(1, 0, 1), (2, 1, 2), (4, 1, 0)]:
        h, plus, minus = 1e-6, [None] + [[r[:] for r in m] for m in W[1:]], [None] + [[r[:] for r in m] for m in W[1:]]
        plus[l][k][j] += h
        minus[l][k][j] -= h
        assert g_sweep[(l, k, j)] == pytest.approx((loss(plus) - loss(minus)) / (2 * h), rel=1e-5, abs=1e-10)


def test_one_hidden_layer_counted_gradients_equal_the_networks():
    W, x, t = deep_network((2, 2, 2), seed=3)
    net = Network(W[1], np.zeros(2), W[2], np.zeros(2))
    g = net.gradients(x, t)
    grads, _ = sweep_counted(W, x, t)
    for (l, k, j), v in grads.items():
        assert v == pytest.approx((g.dW1 if l == 1 else g.dW2)[k, j], rel=1e-12)


def test_per_weight_cost_grows_exponentially_with_depth_the_sweep_linearly():
    per = [counts((2,) + (2,) * L + (2,))[0] for L in range(1, 7)]
    swept = [counts((2,) + (2,) * L + (2,))[1] for L in range(1, 7)]
    assert all(b > 2 * a for a, b in zip(per, per[1:]))            # more than doubles per layer
    assert len({b - a for a, b in zip(swept, swept[1:])}) == 1      # the same cost per added layer
    with pytest.raises(ValueError, match="widths"):
        counts((2,))
