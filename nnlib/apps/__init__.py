"""Widget apps: the only layer that imports ipywidgets. State (`state`) apart from GUI."""
from .controls import ErrorBox, SetupControls
from .state import Lesson, Snapshot
from .loss import LossApp
from .descent import DescentApp
from .dataset import DatasetApp
from ..training import Training  # the math layer's; lessons import it beside the apps that draw it
from .forward import ForwardApp
from .stepper import StepperApp
from .sweep import SweepApp
from .selfcheck import SelfCheck
from ..pictures.style import presenter

__all__ = ["ErrorBox", "SetupControls", "Lesson", "Snapshot",
           "LossApp", "DescentApp", "DatasetApp", "Training", "ForwardApp", "StepperApp", "SweepApp", "SelfCheck",
           "presenter"]
