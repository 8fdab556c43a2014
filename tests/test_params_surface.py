"""Names for parameters, the loss surface and the gradient check."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import nnlib
from nnlib import Network
from nnlib.pictures import show


def test_notes_naming_table():
    # the mapping stated in the notes (and their README): theta^layer_{from,to}
    expected = {"w1": ("x1", "h1"), "w2": ("x1", "h2"), "w3": ("x2", "h1"), "w4": ("x2", "h2"),
                "w5": ("h1", "o1"), "w6": ("h1", "o2"), "w7": ("h2", "o1"), "w8": ("h2", "o2")}
    rows = nnlib.name_table((2, 2, 2))
    assert {name: (src, dst) for name, _, src, dst, _ in rows} == expected
    net = nnlib.NOTES.network
    assert net["w3"] == net.W1[0, 1] == 0.4       # x2 -> h1
    assert net["w6"] == net.W2[1, 0] == 0.1       # h1 -> o2
    assert net["theta^1_{21}"] == net["θ^1_21"] == net["w7"] == 0.8
    assert net["W2[1,1]"] == net["w8"] == 0.9


def test_names_cover_every_entry_once_for_any_size():
    for sizes in [(2, 2, 2), (3, 4, 1), (1, 1, 1), (2, 3, 2)]:
        ps = nnlib.all_params(sizes)
        n = sizes[0] * sizes[1] + sizes[1] + sizes[1] * sizes[2] + sizes[2]
        assert len({(p.array, p.index) for p in ps}) == len(ps) == n
        net = Network.random(sizes, seed=0)
        for p in ps:
            assert net[p.name] == getattr(net, p.array)[p.index]


def test_from_weights_and_with_params():
    net = Network.from_weights(w1=1, w8=2, **{"b2[1]": 3})
    assert net.W1[0, 0] == 1 and net.W2[1, 1] == 2 and net.b2[1] == 3 and net.W1[1, 0] == 0


def test_loss_surface_equals_pointwise_losses():
    s = nnlib.MAZUR
    p_vals, q_vals = np.linspace(-1, 1, 7), np.linspace(0, 2, 5)
    E = nnlib.loss_surface(s.network, s.x, s.t, "w5", "b1[0]", p_vals, q_vals)
    assert E.shape == (5, 7)
    for r, q in enumerate(q_vals):
        for c, p in enumerate(p_vals):
            assert E[r, c] == pytest.approx(s.network.with_params({"w5": p, "b1[0]": q}).loss(s.x, s.t), rel=1e-13)


def test_loss_curve_on_a_batch():
    net = Network.random((2, 3, 1), seed=4)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    T = np.array([[0], [1], [1], [0]], float)
    vals = np.linspace(-2, 2, 9)
    E = nnlib.loss_curve(net, X, T, "w2", vals)
    assert E == pytest.approx([net.with_params(w2=v).loss(X, T) for v in vals], rel=1e-13)


def test_loss_surface_rejects_the_same_parameter_twice():
    s = nnlib.NOTES
    with pytest.raises(ValueError, match="two different"):
        nnlib.loss_surface(s.network, s.x, s.t, "w7", "theta^1_{21}", [0, 1], [0, 1])


sizes = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3))


@settings(max_examples=40, deadline=None)
@given(sizes=sizes, seed=st.integers(0, 2**32 - 1), batch=st.sampled_from([0, 1, 3]))
def test_backprop_equals_finite_differences(sizes, seed, batch):
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, seed=seed)
    shape_x = (batch, sizes[0]) if batch else (sizes[0],)
    shape_t = (batch, sizes[2]) if batch else (sizes[2],)
    x, t = rng.uniform(-2, 2, shape_x), rng.uniform(0, 1, shape_t)
    rows = nnlib.gradient_check(net, x, t)
    assert len(rows) == len(nnlib.all_params(sizes))
    worst = max(rows, key=lambda r: r.rel_error)
    assert worst.rel_error <= 1e-7, worst


def break_backprop(monkeypatch, field, factor):
    """Network.gradients with `field` ('dW1', 'dW2', ...) scaled by `factor`: a wrong gradient."""
    real = Network.gradients

    def broken(self, x, t):
        g = real(self, x, t)
        return type(g)(**{**g.__dict__, field: getattr(g, field) * factor})
    monkeypatch.setattr(Network, "gradients", broken)


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    # the check must be able to fail: break backprop's dW2 and see it flagged
    s = nnlib.NOTES
    break_backprop(monkeypatch, "dW2", 1.01)
    rows = {r.name: r.rel_error for r in nnlib.gradient_check(s.network, s.x, s.t)}
    assert all(rows[w] > 1e-3 for w in ("w5", "w6", "w7", "w8"))
    assert all(rows[w] < 1e-7 for w in ("w1", "w2", "w3", "w4"))


# -- issue 12: names unique in big nets, one name per parameter, a gradient check that can be trusted --

def test_theta_names_are_unique_in_an_11_11_2_net():
    ps = [p for p in nnlib.all_params((11, 11, 2)) if p.theta]
    assert len({p.theta for p in ps}) == len(ps) == 11 * 11 + 11 * 2
    by_theta = {p.theta: p for p in ps}
    # x1 -> h11 and x11 -> h1: both were theta^0_{111}
    assert by_theta[r"\theta^{0}_{1,11}"].entry == "W1[10, 0]"
    assert by_theta[r"\theta^{0}_{11,1}"].entry == "W1[0, 10]"
    for p in ps:  # every name reads back to its own parameter
        assert nnlib.params.find(p.theta, (11, 11, 2)) == p
    with pytest.raises(ValueError, match="unknown parameter"):
        nnlib.params.find("theta^0_{111}", (11, 11, 2))  # ambiguous without the comma
    assert [p.theta for p in nnlib.all_params((2, 2, 2)) if p.theta][4] == r"\theta^{1}_{11}"  # small nets unchanged


@pytest.mark.parametrize("names", [("w5", "theta^1_{11}"), ("w1", "W1[0,0]"), ("b1[0]", "b1[ 0 ]")])
def test_losses_at_refuses_two_names_for_one_parameter(names):
    s = nnlib.NOTES
    with pytest.raises(ValueError, match="twice"):
        nnlib.losses_at(s.network, s.x, s.t, {names[0]: [0.0, 1.0], names[1]: [2.0, 3.0]})


@pytest.mark.parametrize("h, exc, message", [(0, ValueError, "h must be > 0"), (-1e-4, ValueError, "h must be > 0"),
                                              (1e-20, ValueError, "too small"), ("1e-4", TypeError, "h must be a real"),
                                              (float("nan"), ValueError, "h must be finite")])
def test_gradient_check_refuses_a_bad_step(h, exc, message):
    import warnings
    s = nnlib.NOTES
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(exc, match=message):
            nnlib.gradient_check(s.network, s.x, s.t, h=h)


@pytest.mark.parametrize("x", [(1e6, 1e6), (-1e6, 1e6), (1e6, -1e6), (-1e3, 1e3), (30.0, 30.0)])
def test_a_correct_backprop_is_never_called_wrong_at_large_inputs(x):
    """Issue 12: at x = (-1e6, 1e6) the fixed h = 1e-4 gave rel. error 0.98 for w2, w4 (h2 is at z = 0
    there, so E changes over 1e-6 in w2); saturated units gave 'NO' at 1.3e-7..2.1e-7."""
    s = nnlib.NOTES
    rows = nnlib.gradient_check(s.network, x, s.t)
    assert [r.name for r in rows if r.verdict() == "no"] == []
    # where h2 is not saturated, its weights' gradients are large and must be checked exactly
    for r in rows:
        if abs(r.backprop) > 1e-3:
            assert r.verdict() == "yes" and r.rel_error < 1e-7, r
    assert "NO" not in show.check(rows).data


def test_the_old_fixed_step_did_fail_there():
    """The case above is a real one: with the old fixed h = 1e-4 the check reports w2 as wrong."""
    s = nnlib.NOTES
    rows = {r.name: r for r in nnlib.gradient_check(s.network, (-1e6, 1e6), s.t, h=1e-4)}
    assert rows["w2"].rel_error > 0.5 and rows["w2"].verdict() == "no"


def test_saturated_gradients_read_cannot_tell_not_no():
    s = nnlib.NOTES
    rows = nnlib.gradient_check(s.network, (1e3, 1e3), s.t)
    saturated = [r for r in rows if r.backprop == 0.0]
    assert saturated and all(r.verdict() in ("yes", "rounding") for r in saturated)
    assert any(r.verdict() == "rounding" for r in saturated)
    assert "can't tell" in show.check(rows).data


def test_a_wrong_gradient_is_still_no_with_the_chosen_step(monkeypatch):
    s = nnlib.NOTES
    break_backprop(monkeypatch, "dW1", 1.0001)
    rows = nnlib.gradient_check(s.network, s.x, s.t)
    assert [r.verdict() for r in rows[:4]] == ["no"] * 4
    assert show.check(rows).data.count("| NO:") == 4


def test_the_lesson_03_check_still_says_yes_everywhere():
    """Lesson 03, the gradient-check cell: every row 'yes, rel. error < 1e-07' (saved output unchanged)."""
    s = nnlib.NOTES
    text = show.check(nnlib.gradient_check(s.network, s.x, s.t)).data
    assert text.count("yes, rel. error < 1e-07") == 12


@settings(max_examples=60, deadline=None)
@given(sizes=sizes, seed=st.integers(0, 2**32 - 1), scale=st.sampled_from([0.1, 1.0, 3.0, 6.0, 10.0]),
       x_scale=st.sampled_from([1e-3, 1.0, 30.0, 1e3, 1e6]))
def test_a_correct_backprop_is_never_called_wrong(sizes, seed, scale, x_scale):
    """show.check's 'NO' is only for a real disagreement: random nets, saturated units, inputs up to 1e6."""
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, seed=seed, scale=scale)
    x, t = x_scale * rng.uniform(-1, 1, sizes[0]), rng.uniform(0, 1, sizes[2])
    rows = nnlib.gradient_check(net, x, t)
    assert [r for r in rows if r.verdict() == "no"] == []
    assert "NO" not in show.check(rows).data
