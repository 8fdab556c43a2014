"""Step ids read in one place (nnlib.step_ids): every id of several derivations, parsed and put back.

Oracle: the derivation's own structure. An update step's first dep is the weight it updates, the
'after' steps are the ones of kind 'after', and the gradient of a weight involves that weight.
"""
import pytest

import nnlib
from nnlib import step_ids
from nnlib.presets import PRESETS

SETUPS = [nnlib.NOTES, PRESETS["mazur"],
          nnlib.Setup(nnlib.Network.random((2, 3, 2), seed=3), x=(0.5, -1.0), t=(0.1, 0.9), lr=(0.5, 0.25))]


@pytest.mark.parametrize("setup", SETUPS)
def test_every_id_parses_and_reads_as_the_derivation_built_it(setup):
    d = nnlib.derive(setup)
    for s in d:
        assert str(step_ids.StepId.parse(s.id)) == s.id
        assert step_ids.is_after(s.id) == (s.kind == "after")
        if s.op == "update":
            weight = s.deps[0]
            assert step_ids.is_updated(s.id) and step_ids.before_update(s.id) == weight
            assert step_ids.updated(weight) == s.id and step_ids.quantity(s.id) == weight
        elif step_ids.part(s.id) == "grad":
            assert step_ids.quantity(s.id) in s.involves  # the gradient of that weight
        else:
            assert not step_ids.is_updated(s.id) and step_ids.before_update(s.id) == s.id


def test_parts_and_families():
    assert step_ids.StepId.parse("after.z_h1.x1") == step_ids.StepId(True, "z_h1", "x1")
    assert (step_ids.quantity("b1[0].new"), step_ids.part("b1[0].new")) == ("b1[0]", "new")
    assert [step_ids.is_weight(x) for x in ("w5", "w12", "w5.new", "b1[0]", "x1")] == [True, True, False, False, False]
    assert step_ids.family("w5.dE_do") == step_ids.family("w8.dE_do") == "w#.dE_do"
    with pytest.raises(TypeError, match="a step id must be a non-empty string"):
        step_ids.StepId.parse("")
