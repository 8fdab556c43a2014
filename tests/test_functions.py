"""Activations and losses (nnlib.functions) through every layer of the kit: network, derivation,
sweep, loss surface, gradient check, share strings.

Oracles: a plain-Python scalar pass written here (math module only, no nnlib, no numpy), finite
differences of that scalar loss, and a published worked example (Nielsen, "Neural Networks and
Deep Learning", ch. 3, "The cross-entropy cost function": one sigmoid neuron, input 1, target 0,
weight 0.6 and bias 0.9 give the output 0.82; weight 2 and bias 2 give 0.98; the quadratic
cost's gradient (a - y) sigma'(z) x is smaller at 0.98 than at 0.82, cross-entropy's x (a - y) is not).
"""
import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from nnlib import Network, share
from nnlib.pictures import show
from nnlib.derivation import derive
from nnlib.functions import HIDDEN, LOSSES, OUTPUT, Choice
from nnlib.presets import MAZUR, NOTES, Setup
from test_share import SAVED  # strings version 1 wrote
from nnlib.surface import gradient_check, losses_at
from nnlib.sweep import Sweep, backward, backward_any

COMBOS = [Choice(h, o, l) for h, o, l in itertools.product(HIDDEN, OUTPUT, LOSSES)
          if not (l == "cross_entropy" and o != "sigmoid")]


# -- the oracle: one sample, plain Python ------------------------------------------------
def f(name, z):
    return {"sigmoid": lambda: 1 / (1 + math.exp(-z)), "tanh": lambda: math.tanh(z),
            "relu": lambda: z if z > 0 else 0.0, "linear": lambda: z}[name]()


def fprime(name, z):  # from z, as a textbook writes it; ReLU: 0 at z = 0 (the kit's subgradient)
    s = 1 / (1 + math.exp(-z))
    return {"sigmoid": s * (1 - s), "tanh": 1 - math.tanh(z) ** 2, "relu": 1.0 if z > 0 else 0.0,
            "linear": 1.0}[name]


def scalar_pass(W1, b1, W2, b2, x, t, c):
    """E and dE/dW1, dE/db1, dE/dW2, dE/db2 (lists) for one sample, loop by loop."""
    nh, no = len(W1), len(W2)
    z1 = [sum(W1[j][i] * x[i] for i in range(len(x))) + b1[j] for j in range(nh)]
    a1 = [f(c.hidden, z) for z in z1]
    z2 = [sum(W2[k][j] * a1[j] for j in range(nh)) + b2[k] for k in range(no)]
    o = [f(c.output, z) for z in z2]
    if c.loss == "squared":
        E = sum(0.5 * (t[k] - o[k]) ** 2 for k in range(no))
        d2 = [(o[k] - t[k]) * fprime(c.output, z2[k]) for k in range(no)]
    else:  # binary cross-entropy on sigmoid outputs, differentiated by hand: dE/dz = o - t
        E = -sum(t[k] * math.log(o[k]) + (1 - t[k]) * math.log(1 - o[k]) for k in range(no))
        d2 = [o[k] - t[k] for k in range(no)]
    d1 = [sum(W2[k][j] * d2[k] for k in range(no)) * fprime(c.hidden, z1[j]) for j in range(nh)]
    return (E, [[d1[j] * x[i] for i in range(len(x))] for j in range(nh)], d1,
            [[d2[k] * a1[j] for j in range(nh)] for k in range(no)], d2)


def oracle(net, x, t):
    W = [net.W1.tolist(), net.b1.tolist(), net.W2.tolist(), net.b2.tolist()]
    return scalar_pass(*W, list(map(float, x)), list(map(float, t)), net.choice)


NET = Network([[0.2, 0.4], [-0.1, 0.1]], [0.1, -0.2], [[0.5, -0.8], [0.1, 0.9]], [0.05, -0.1])
X, T = (0.3, 0.9), (0.8, 0.2)


@pytest.mark.parametrize("c", COMBOS, ids=str)
def test_one_sample_matches_the_scalar_oracle(c):
    net = Network(NET.W1, NET.b1, NET.W2, NET.b2, c)
    E, dW1, db1, dW2, db2 = oracle(net, X, T)
    g = net.gradients(X, T)
    assert net.loss(X, T) == pytest.approx(E, rel=1e-13)
    for got, want in ((g.dW1, dW1), (g.db1, db1), (g.dW2, dW2), (g.db2, db2)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("c", COMBOS, ids=str)
def test_derivation_sweep_and_backward_agree_with_the_network(c):
    """Every step of the derivation and every stage of the sweep compute what Network.gradients does."""
    setup = Setup(Network(NET.W1, NET.b1, NET.W2, NET.b2, c), X, T, lr=(1.0, 0.5), update_biases=True)
    g, d, sw = setup.network.gradients(X, T), derive(setup), Sweep(setup)
    assert d["E"].value == pytest.approx(setup.loss(), rel=1e-13)
    grads = {"w1": g.dW1[0, 0], "w3": g.dW1[0, 1], "w6": g.dW2[1, 0], "w8": g.dW2[1, 1],
             "b1[1]": g.db1[1], "b2[0]": g.db2[0]}
    for name, want in grads.items():
        assert d[f"{name}.grad"].value == pytest.approx(want, rel=1e-12, abs=1e-16)
        assert sw.grads[name] == pytest.approx(want, rel=1e-12, abs=1e-16)
    for s in d:  # every step recomputes to its value from its deps (the checker relies on it)
        assert d.recompute(s.id, d.values) == pytest.approx(s.value, rel=1e-12, abs=1e-16), s.id
    delta2, dW2, delta1, dW1 = backward_any(setup.network, np.array(X), np.array(T))
    if c.is_default:   # lesson 03's printed sweep: the same numbers
        np.testing.assert_allclose(backward(setup.network, np.array(X), np.array(T))[0], delta2, rtol=1e-14)
    else:              # it refuses other functions instead of using a sigmoid's slope
        with pytest.raises(ValueError, match="backward_any"):
            backward(setup.network, np.array(X), np.array(T))
    np.testing.assert_allclose(delta2, g.delta2, rtol=1e-13)
    np.testing.assert_allclose(delta1, g.delta1, rtol=1e-13, atol=1e-17)
    assert sw.after == setup.step()


def test_cross_entropy_output_delta_has_no_slope_factor():
    """With cross-entropy the output steps are one: dE/dz = o - t; with squared error, (o - t) o (1 - o)."""
    ce = derive(NOTES.with_choice(loss="cross_entropy"))
    se = derive(NOTES)
    assert "w5.dE_dz" in ce and "w5.do_dz" not in ce and "w5.do_dz" in se
    o1 = se["o1"].value
    assert ce["w5.dE_dz"].value == pytest.approx(o1 - 0.8, rel=1e-14)
    assert se["w5.dE_do"].value * se["w5.do_dz"].value == pytest.approx((o1 - 0.8) * o1 * (1 - o1), rel=1e-14)
    assert ce["w5.dE_dz"].formula == "o_{1} - t_{1}"


def test_defaults_are_the_notes_exactly():
    """The notes and Mazur: the default Choice, same step ids, ops and values as a sigmoid-only pass."""
    for setup in (NOTES, MAZUR):
        assert setup.choice == Choice() and setup.choice.is_default
        E, *_ = oracle(setup.network, setup.x, setup.t)
        assert setup.loss() == pytest.approx(E, rel=1e-14)
    # Mazur's published total error 0.298371109 (Mazur 2015, "A Step by Step Backpropagation Example")
    assert MAZUR.loss() == pytest.approx(0.298371109, abs=1e-9)


# -- finite differences on random networks and batches (hypothesis) --------------------
def scalar_loss(arrays, X, T, c):
    return sum(scalar_pass(*arrays, list(x), list(t), c)[0] for x, t in zip(X, T)) / len(X)


def fd_gradient(net, X, T, h=1e-6):
    """Central differences of the plain-Python batch loss, for every parameter."""
    arrays = [net.W1.tolist(), net.b1.tolist(), net.W2.tolist(), net.b2.tolist()]
    out = []
    for a, arr in enumerate(arrays):
        flat = np.ravel(arr).tolist()
        shape = np.shape(arr)
        grad = []
        for i in range(len(flat)):
            vals = []
            for s in (1, -1):
                p = flat.copy()
                p[i] += s * h
                trial = [*arrays[:a], np.reshape(p, shape).tolist(), *arrays[a + 1:]]
                vals.append(scalar_loss(trial, X, T, net.choice))
            grad.append((vals[0] - vals[1]) / (2 * h))
        out.append(np.reshape(grad, shape))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(c=st.sampled_from(COMBOS), seed=st.integers(0, 10**6), n=st.integers(1, 4),
       sizes=st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)))
def test_backprop_equals_finite_differences_for_every_choice(c, seed, n, sizes):
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, seed=seed, scale=1.0, choice=c)
    X = rng.uniform(-1, 1, (n, sizes[0]))
    T = rng.uniform(0, 1, (n, sizes[2]))
    f_ = net.forward(X)
    assume(np.abs(f_.z1).min() > 1e-3 and np.abs(f_.z2).min() > 1e-3)  # away from ReLU's kink
    g = net.gradients(X, T)
    for got, want in zip((g.dW1, g.db1, g.dW2, g.db2), fd_gradient(net, X, T)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


# -- ReLU's kink -------------------------------------------------------------------------
def test_relu_subgradient_at_zero_is_zero_and_the_check_says_kink():
    """h1's net input is exactly 0: ReLU passes nothing back (subgradient 0), and the finite
    difference across the kink sees half the slope: the check says 'kink', not 'no'."""
    net = Network([[1.0, -1.0], [0.5, 0.5]], [0.0, 0.0], [[0.7, 0.2], [0.3, -0.4]], [0.0, 0.0],
                  Choice("relu", "sigmoid", "squared"))
    x, t = (0.5, 0.5), (1.0, 0.0)
    f_ = net.forward(x)
    assert f_.z1[0] == 0.0
    g = net.gradients(x, t)
    assert g.delta1[0] == 0.0 and g.dW1[0, 0] == 0.0
    rows = {r.name: r for r in gradient_check(net, x, t)}
    assert rows["w1"].kink and rows["w1"].verdict() == "kink"
    assert rows["w1"].numeric != 0                   # the finite difference is not 0 there
    assert rows["w2"].verdict() == "yes" and not rows["w2"].kink  # h2 is far from its kink
    assert "kink" in show.check(list(rows.values())).data
    assert not any(r.verdict() == "no" for r in rows.values())


def test_the_check_still_says_no_for_a_wrong_gradient_near_no_kink():
    """'kink' is not a blanket excuse: a sigmoid network has no kink and a wrong row stays 'no'."""
    from nnlib.surface import CheckRow
    assert CheckRow("w1", 1.0, 2.0, 0.5).verdict() == "no"
    assert CheckRow("w1", 1.0, 2.0, 0.5, kink=True).verdict() == "kink"
    rows = gradient_check(NOTES.network.with_choice(hidden="tanh"), NOTES.x, NOTES.t)
    assert all(not r.kink and r.verdict() == "yes" for r in rows)


# -- cross-entropy at a saturated output, and bad choices ------------------------------
def test_cross_entropy_stays_finite_at_a_saturated_output():
    net = Network([[1.0]], [0.0], [[50.0]], [0.0], Choice("sigmoid", "sigmoid", "cross_entropy"))
    x, t = (1.0,), (0.0,)
    E = net.loss(x, t)
    z2 = float(net.forward(x).z2[0])
    assert E == pytest.approx(z2 + math.log1p(math.exp(-z2)), rel=1e-14)  # -ln(1 - sigma(z)) = z + ln(1 + e^-z)
    g = net.gradients(x, t)
    assert np.isfinite(g.dW2).all() and g.delta2[0] == pytest.approx(1.0)
    assert np.isfinite(losses_at(net, x, t, {"w2": np.array([40.0, 60.0])})).all()


@pytest.mark.parametrize("kwargs, match", [
    (dict(hidden="linear"), "hidden must be one of"),
    (dict(output="softmax"), "output must be one of"),
    (dict(loss="hinge"), "loss must be one of"),
    (dict(output="tanh", loss="cross_entropy"), "cross-entropy needs sigmoid outputs"),
    (dict(hidden=3), "hidden must be one of"),
])
def test_bad_choices_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Choice(**kwargs)


def test_cross_entropy_refuses_targets_outside_0_1():
    net = NOTES.network.with_choice(loss="cross_entropy")
    with pytest.raises(ValueError, match="targets between 0 and 1"):
        net.loss((0.3, 0.9), (1.5, 0.2))


def test_a_network_keeps_its_choice_through_every_copy():
    import copy
    import pickle
    c = Choice("relu", "linear", "squared")
    net = NOTES.network.replace(choice=c)
    for other in (copy.deepcopy(net), pickle.loads(pickle.dumps(net)), net.with_params(w1=0.3),
                  net.replace(b1=[1.0, 2.0]), net.step(NOTES.x, NOTES.t, 0.5),
                  net.train(NOTES.x, NOTES.t, 0.5, 2).networks[-1]):
        assert other.choice == c
    assert net != NOTES.network and "relu" in repr(net)


# -- share strings ---------------------------------------------------------------------
@pytest.mark.parametrize("c", COMBOS, ids=str)
def test_share_strings_carry_the_choice(c):
    setup = MAZUR.replace(network=MAZUR.network.replace(choice=c))
    text = share.encode(setup)
    assert text.startswith("bp1_" if c.is_default else "bp2_")
    back = share.decode(text)
    assert back.network == setup.network and back.choice == c


def test_old_strings_decode_to_todays_setups():
    for name, text in SAVED.items():
        s = share.decode(text)
        assert s.choice.is_default and s.network == {"notes": NOTES, "mazur": MAZUR}[name].network


@pytest.mark.parametrize("field, match", [("relu-sigmoid", "must read like"), ("relu-sigmoid-xx", "must read like"),
                                          ("sigmoid-sigmoid-se", "only written for"),
                                          ("relu-tanh-ce", "cross-entropy needs sigmoid")])
def test_damaged_choice_fields_are_named(field, match):
    body = share.encode(NOTES.with_choice(hidden="relu")).rpartition("_")[0].rpartition("_")[0] + "_" + field
    with pytest.raises(ValueError, match=match):
        share.decode(f"{body}_{share._crc(body)}")


# -- the published example ---------------------------------------------------------------
def nielsen(w, b, loss):
    """Nielsen's one neuron (input 1, target 0) as the kit's output unit: a 1-1-1 network whose
    ReLU hidden unit passes the input 1 through unchanged (W1 = 1, b1 = 0)."""
    return Network([[1.0]], [0.0], [[w]], [b], Choice("relu", "sigmoid", loss))


def test_nielsen_chapter_3_saturated_neuron():
    x, t = (1.0,), (0.0,)
    o_start = float(nielsen(0.6, 0.9, "squared").forward(x).a2[0])
    o_bad = float(nielsen(2.0, 2.0, "squared").forward(x).a2[0])
    assert round(o_start, 2) == 0.82 and round(o_bad, 2) == 0.98      # the book's two outputs
    se = [nielsen(w, b, "squared").gradients(x, t).dW2[0, 0] for w, b in ((0.6, 0.9), (2.0, 2.0))]
    ce = [nielsen(w, b, "cross_entropy").gradients(x, t).dW2[0, 0] for w, b in ((0.6, 0.9), (2.0, 2.0))]
    assert se[1] < se[0]                                          # quadratic: badly wrong learns slower
    assert ce[1] > ce[0]                                          # cross-entropy: x (a - y), grows with the error
    assert ce == pytest.approx([o_start, o_bad], rel=1e-14)       # dC/dw = x (sigma(z) - y), x = 1, y = 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), output=st.sampled_from(["sigmoid", "relu", "linear"]))
def test_the_check_never_says_no_to_a_correct_relu_backprop_even_on_the_kink(data, output):
    """Weights on a grid of quarters and inputs of halves put many z exactly on 0 or close to it:
    every row is 'yes', 'kink' or 'rounding', never 'no'; and a row says 'kink' only if some
    ReLU unit's z changes sign across its points."""
    grid = st.sampled_from([-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0])
    W = [[data.draw(grid) for _ in range(2)] for _ in range(4)]
    net = Network(W[:2], W[2], [W[3], [0.5, -0.25]], [0.0, 0.25], Choice("relu", output, "squared"))
    x = (data.draw(st.sampled_from([-1.0, -0.5, 0.5, 1.0])), data.draw(st.sampled_from([-1.0, -0.5, 0.5, 1.0])))
    rows = gradient_check(net, x, (0.5, 0.25))
    assert all(r.verdict() in ("yes", "kink", "rounding") for r in rows), [(r.name, r.verdict()) for r in rows]


def test_a_kink_row_appears_on_the_grid():
    """The property above is not empty: on this grid point h1's z is exactly 0 and w1's row says 'kink'."""
    net = Network([[0.5, 0.5], [0.25, 0.5]], [0.0, 0.0], [[1.0, 0.5], [0.5, -0.25]], [0.0, 0.25],
                  Choice("relu", "linear", "squared"))
    rows = {r.name: r for r in gradient_check(net, (1.0, -1.0), (0.5, 0.25))}
    assert rows["w1"].verdict() == "kink"
