"""Widget apps: the only layer that imports ipywidgets. State (`state`) apart from GUI."""
from .controls import ErrorBox, SetupControls
from .state import Lesson, Snapshot

__all__ = ["ErrorBox", "SetupControls", "Lesson", "Snapshot"]
