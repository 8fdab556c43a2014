"""Step ids of a Derivation (`nnlib.derivation`), read in one place.

An id is `[after.]QUANTITY[.PART]`:
    QUANTITY  a given or computed quantity: 'x1', 't1', 'w5', 'b1[0]', 'alpha_h', 'z_h1', 'a_h1', 'o1', 'E_o1', 'E'
    PART      a piece of its calculation: 'z_h1.x1' (what x1 sends to h1), 'w5.dE_do', 'w5.grad',
              'w5.new' (the weight after the gradient-descent step)
    after.    the forward pass redone with the new weights: 'after.o1'
"""
import re
from dataclasses import dataclass

AFTER = "after."
NEW = "new"


@dataclass(frozen=True)
class StepId:
    """A step id in its parts: `after` (the forward pass redone), `quantity`, `part` ('' if none)."""
    after: bool
    quantity: str
    part: str = ""

    @classmethod
    def parse(cls, step_id):
        if not isinstance(step_id, str) or not step_id:
            raise TypeError(f"a step id must be a non-empty string, got {step_id!r}")
        after = step_id.startswith(AFTER)
        quantity, _, part = step_id[len(AFTER) if after else 0:].partition(".")
        return cls(after, quantity, part)

    def __str__(self):
        return (AFTER if self.after else "") + self.quantity + (f".{self.part}" if self.part else "")


def quantity(step_id):
    """'w5.grad' -> 'w5', 'after.z_h1.x1' -> 'z_h1', 'o1' -> 'o1'."""
    return StepId.parse(step_id).quantity


def part(step_id):
    """'w5.grad' -> 'grad', 'z_h1.x1' -> 'x1', 'o1' -> ''."""
    return StepId.parse(step_id).part


def is_after(step_id):
    """Is it a step of the forward pass redone with the new weights?"""
    return StepId.parse(step_id).after


def is_weight(step_id):
    """'w5' (a weight's start value), not 'w5.new', 'b1[0]' or 'W1[0,1]'."""
    return re.fullmatch(r"w\d+", step_id) is not None


def is_input(step_id):
    """'x1', an input."""
    return re.fullmatch(r"x\d+", step_id) is not None


def is_hidden_activation(step_id):
    """'a_h1', a hidden unit's activation (not 'after.a_h1')."""
    return re.fullmatch(r"a_h\d+", step_id) is not None


def gradient(name):
    """'w5' -> 'w5.grad': the step that computes the parameter's gradient."""
    return f"{name}.grad"


def updated(name):
    """'w5' -> 'w5.new': the parameter after the step."""
    return f"{name}.{NEW}"


def is_updated(step_id):
    """'w5.new' -> True."""
    return StepId.parse(step_id).part == NEW


def before_update(step_id):
    """'w5.new' -> 'w5'; any other id unchanged."""
    return StepId.parse(step_id).quantity if is_updated(step_id) else step_id


def family(step_id):
    """'w5' -> 'w#', 'a_h1' -> 'a_h#', 'w5.dE_do' -> 'w#.dE_do': steps that can be swapped by mistake."""
    return re.sub(r"\d+", "#", step_id)
