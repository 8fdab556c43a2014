"""Nothing in the kernel can be corrupted: values refuse assignment, arrays are over read-only memory.

Issue 12, "Immutable is not": `net.W1.flags.writeable = True` then writing changed the network,
`NOTES.network.W1 = ...` rebound the shared preset, a Lesson's cached forward arrays could be
written into. Each object below is tried both ways.
"""
import copy
import pickle

import numpy as np
import pytest

import nnlib
from nnlib import NOTES, data
from nnlib import Training
from nnlib.apps import Lesson

X, T = NOTES.x, NOTES.t


def arrays_of(obj):
    return {k: v for k, v in vars(obj).items() if isinstance(v, np.ndarray)}


def assert_read_only(arr):
    """The array cannot be written, and cannot be made writeable (its memory is read-only)."""
    with pytest.raises(ValueError):
        arr[...] = 0
    with pytest.raises(ValueError, match="WRITEABLE"):
        arr.flags.writeable = True


def values():
    """(label, object, its arrays) for every immutable value the kit hands out."""
    net = NOTES.network
    snap = Lesson("notes").now
    return [("network", net, {k: getattr(net, k) for k in ("W1", "b1", "W2", "b2")}),
            ("forward", net.forward(X), arrays_of(net.forward(X))),
            ("gradients", net.gradients(X, T), arrays_of(net.gradients(X, T))),
            ("dataset", data.xor(), {"x": data.xor().x, "t": data.xor().t}),
            ("snapshot.forward", snap.forward, arrays_of(snap.forward)),
            ("training data", None, {k: getattr(Training(net, X, T), k) for k in ("x", "t")}),
            ("trained data", None, {k: getattr(net.train(X, T, 0.5, 2), k) for k in ("x", "t")})]


@pytest.mark.parametrize("label, obj, arrays", values(), ids=[v[0] for v in values()])
def test_arrays_cannot_be_made_writeable(label, obj, arrays):
    assert arrays, label
    for name, arr in arrays.items():
        assert_read_only(arr)


def test_a_network_survives_an_attempt_to_write_it():
    before = NOTES.network.arrays()
    with pytest.raises(ValueError):
        NOTES.network.W1.flags.writeable = True
    with pytest.raises(ValueError):
        np.copyto(NOTES.network.W1, 0.0)
    assert NOTES.network["w1"] == 0.2 and all(np.array_equal(before[k], v) for k, v in NOTES.network.arrays().items())


@pytest.mark.parametrize("name", ["W1", "b2", "sizes", "anything"])
def test_network_refuses_attribute_assignment(name):
    net = NOTES.network
    with pytest.raises(AttributeError, match=f"a Network cannot be changed \\(tried to set {name}\\)"):
        setattr(net, name, np.zeros((2, 2)))
    with pytest.raises(AttributeError, match="cannot be changed"):
        delattr(net, "W1")
    assert net["w1"] == 0.2


def test_network_copies_and_pickles_stay_equal_and_frozen():
    net = NOTES.network
    for other in (copy.copy(net), copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        assert other == net
        assert_read_only(other.W2)


@pytest.mark.parametrize("field", ["network", "x", "t", "lr", "update_biases", "title"])
def test_setup_refuses_attribute_assignment(field):
    with pytest.raises(AttributeError, match=field):
        setattr(NOTES, field, None)
    assert nnlib.NOTES.network["w5"] == 0.5 and nnlib.PRESETS["notes"] is NOTES


def test_a_snapshot_refuses_assignment_and_its_cache_cannot_be_rebound():
    lesson = Lesson("notes")
    snap = lesson.now
    a2 = snap.forward.a2.copy()
    for name in ("forward", "loss", "setup", "gradients"):
        with pytest.raises(AttributeError, match="Snapshot cannot be changed"):
            setattr(snap, name, None)
    with pytest.raises(AttributeError):
        snap.forward.a2 = np.zeros(2)  # Forward is a frozen dataclass
    assert_read_only(snap.gradients.dW1)
    assert np.array_equal(lesson.now.forward.a2, a2)


def test_arrays_handed_out_by_arrays_are_copies_that_do_not_reach_back():
    net = NOTES.network
    a = net.arrays()
    a["W1"][0, 0] = 99.0
    assert net["w1"] == 0.2


def test_gradient_check_rows_hold_plain_floats():
    row = nnlib.gradient_check(NOTES.network, X, T)[0]
    assert all(type(getattr(row, k)) is float for k in ("backprop", "numeric", "rel_error", "noise", "h"))
