"""Bad input gets a clear ValueError/TypeError naming the problem; nothing broadcasts silently."""
import math

import numpy as np
import pytest

import nnlib
import nnlib.apps
from nnlib.pictures import show
from nnlib import Network, data

NET = nnlib.NOTES.network
X, T = [0.3, 0.9], [0.8, 0.2]

CASES = [
    (lambda: Network([[1, 2]], [0], [[1]], [0, 0]), ValueError, "b2 must have shape"),
    (lambda: Network([[1, 2], [3, 4]], [0, 0], [[1, 2, 3]], [0]), ValueError, "W2 must have shape"),
    (lambda: Network([1, 2], [0], [[1]], [0]), ValueError, "W1 and W2 must be non-empty matrices"),
    (lambda: Network([["a", "b"]], [0], [[1]], [0]), TypeError, "W1 must be numeric"),
    (lambda: Network([[1, 2], [3]], [0, 0], [[1, 1]], [0]), TypeError, "W1 must be a regular array"),
    (lambda: Network([[math.nan, 0]], [0], [[1]], [0]), ValueError, "W1 must be finite"),
    (lambda: Network([[1, 0]], [math.inf], [[1]], [0]), ValueError, "b1 must be finite"),
    (lambda: Network([[True, False]], [0], [[1]], [0]), TypeError, "W1 must hold real numbers"),
    (lambda: NET.forward([0.3, 0.9, 1.0]), ValueError, r"x must have shape \(2,\)"),
    (lambda: NET.forward([[0.3], [0.9]]), ValueError, r"x must have shape \(2,\) for one sample or \(N, 2\)"),
    (lambda: NET.forward("0.3, 0.9"), TypeError, "x must be numeric"),
    (lambda: NET.forward(None), TypeError, "x must be numeric"),
    (lambda: NET.forward([0.3, math.nan]), ValueError, "x must be finite"),
    (lambda: NET.loss(X, [0.8]), ValueError, r"t must have shape \(2,\)"),
    (lambda: NET.loss([X, X], T), ValueError, r"t must have shape \(2, 2\)"),  # no broadcasting of t
    (lambda: NET.gradients(X, [0.8, math.inf]), ValueError, "t must be finite"),
    (lambda: NET.step(X, T, -0.1), ValueError, "lr must be >= 0"),
    (lambda: NET.step(X, T, math.nan), ValueError, "lr must be finite"),
    (lambda: NET.step(X, T, (1.0, 0.5, 0.1)), ValueError, "lr must be one number or a pair"),
    (lambda: NET.step(X, T, (1.0, -2)), ValueError, "lr_output must be >= 0"),
    (lambda: NET.step(X, T, "0.5"), TypeError, "lr must be a real number"),
    (lambda: NET.step(X, T, True), TypeError, "lr must be a real number"),
    (lambda: NET.step(X, T, 0.5, update_biases="no"), TypeError, "update_biases must be True or False"),
    (lambda: Network([[1e308, 1e308]], [0], [[1]], [0]).forward([10, 10]), ValueError, "z1 overflowed"),
    (lambda: Network([[1e308, -1e308]], [0], [[1]], [0]).loss([10, 10], [1]), ValueError, "z1 overflowed"),
    (lambda: NET.train(X, T, 0.5, steps=2.5), TypeError, "steps must be a whole number"),
    (lambda: NET.train(X, T, 0.5, steps=-1), ValueError, "steps must be >= 0"),
    (lambda: NET["w9"], ValueError, "unknown parameter 'w9'"),
    (lambda: NET[5], TypeError, "parameter name must be a string"),
    (lambda: NET.with_params(w1=math.nan), ValueError, "w1 must be finite"),
    (lambda: NET.replace(W3=[[1]]), TypeError, "replace"),
    (lambda: nnlib.loss_curve(NET, X, T, "w1", [0.0, math.nan]), ValueError, "must be finite"),
    (lambda: nnlib.losses_at(NET, X, T, {"w1": [0, 1], "w2": [0, 1, 2]}), ValueError, "must have shape"),
    (lambda: nnlib.Setup(NET, x=[0.3], t=T), ValueError, r"x must have shape \(2,\)"),
    (lambda: nnlib.Setup("net", x=X, t=T), TypeError, "network must be a Network"),
    # issue 12, "Arguments reaching numpy" and "Overflow escapes"
    (lambda: Network.random(sizes=(2, 2)), ValueError, r"sizes must be three layer sizes"),
    (lambda: Network.random(sizes="222"), TypeError, r"sizes must be a tuple"),
    (lambda: Network.random(sizes=(2, 0, 1)), ValueError, r"n_hidden must be >= 1"),
    (lambda: Network.random(sizes=(2, 2.5, 1)), TypeError, r"n_hidden must be a whole number"),
    (lambda: Network.random(sizes=(2, 10**6, 1)), ValueError, r"n_hidden must be <= 1000"),
    (lambda: Network.zeros(-1, 2, 2), ValueError, r"n_in must be >= 1, got -1"),
    (lambda: Network.random(scale="a"), TypeError, "scale must be a real number"),
    (lambda: Network.random(scale=-1), ValueError, "scale must be >= 0"),
    (lambda: Network.random(biases="no"), TypeError, "biases must be True or False, got 'no'"),
    (lambda: Network.random(seed=1.5), TypeError, "seed must be a whole number"),
    (lambda: NET.loss(X, [1e200, 0]), ValueError, "the loss E overflowed"),
    (lambda: NET.loss([X, X], [[0, 0], [0, -1e300]]), ValueError, "the loss E overflowed"),
    (lambda: nnlib.losses_at(NET, X, [1e200, 0], {"w1": [0, 1]}), ValueError, "the loss E overflowed"),
    (lambda: NET.train(X, T, 0.5, steps=10**8), ValueError, "steps must be <= 100000"),
    (lambda: NET.step(X, T, np.array([0.5, 0.5, 0.5])), ValueError, "lr must be one number or a pair"),
    (lambda: NET.step(X, T, np.array(-0.5)), ValueError, "lr must be >= 0"),
    (lambda: data.gate("nand"), ValueError, "unknown gate 'nand'"),
    (lambda: data.gate(None), TypeError, "a gate is named by a string"),
    (lambda: nnlib.apps.Lesson("notes").set_input(5, 0.1), ValueError, "input index i must be <= 1"),
    (lambda: nnlib.apps.Lesson("notes").set_input(-1, 0.1), ValueError, "input index i must be >= 0"),
    (lambda: nnlib.apps.Lesson("notes").set_target("a", 0.1), TypeError, "target index k must be a whole number"),
    (lambda: nnlib.gradient_check(Network.zeros(), X, [0.5, 0.5], floor=0), ValueError, "floor must be > 0"),
    (lambda: show.check(nnlib.gradient_check(NET, X, T), tol="a"), TypeError, "tol must be a real number"),
    (lambda: show.check(nnlib.gradient_check(NET, X, T), tol=0), ValueError, "tol must be between 0 and 1"),
    (lambda: nnlib.losses_at(NET, X, T, [1, 2]), TypeError, "values must be a dict"),
    (lambda: NET.with_params([1, 2]), TypeError, "values must be a dict"),
    (lambda: data.accuracy(NET, data.Dataset("d", [[0, 0]], [[1, 1]]), threshold="a"), TypeError, "threshold must be"),
    (lambda: data.Dataset("empty", np.zeros((0, 2)), np.zeros((0, 1))), ValueError, "same N >= 1"),
]


@pytest.mark.parametrize("call, exc, message", CASES, ids=[c[2][:40] for c in CASES])
def test_bad_input_is_named(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


def test_integers_and_numpy_scalars_are_fine():
    net = Network(np.array([[1, 2], [3, 4]]), [0, 0], [[1, 1]], np.float32([0.5]))
    assert net.W1.dtype == np.float64 and net.b2.dtype == np.float64
    assert net.step([1, 0], [1], np.float64(0.1)) != net


def test_a_zero_dimensional_array_is_a_learning_rate():
    """step(lr=np.array(0.5)) used to fail inside numpy with "len() of unsized object"."""
    assert NET.step(X, T, np.array(0.5)) == NET.step(X, T, 0.5)
    assert NET.step(X, T, np.array([1.0, 0.5])) == NET.step(X, T, (1.0, 0.5))


def test_a_huge_target_never_gives_inf_or_a_warning():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="overflowed"):
            NET.loss(X, [1e200, 0])
        assert math.isfinite(NET.loss(X, [1e150, 0]))  # large but representable: a number
