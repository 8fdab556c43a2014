"""nnlib: the exact math behind the backprop teaching kit.

Layers: `network` (the math), `training` (gradient descent's history), `params` (names for
weights), `surface` (loss over parameters, gradient check), `presets` (the notes and other worked
examples), `derivation` (the worked example as ordered steps). Plotting and widget apps live in
their own modules and are not imported here, so `import nnlib` stays light and has no side effects.
"""
from .network import Network, sigmoid
from .passes import Forward, Gradients
from .training import Training
from .params import Param, all_params, table as name_table, weight_names
from .presets import MAZUR, NOTES, PRESETS, Setup
from .surface import CheckRow, gradient_check, loss_curve, loss_surface, losses_at
from .derivation import Derivation, Step, derive, fmt

__all__ = ["Forward", "Gradients", "Network", "Training", "sigmoid", "Param", "all_params", "name_table",
           "weight_names", "MAZUR", "NOTES", "PRESETS", "Setup", "CheckRow", "gradient_check", "loss_curve",
           "loss_surface", "losses_at", "Derivation", "Step", "derive", "fmt"]
