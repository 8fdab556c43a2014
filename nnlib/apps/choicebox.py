"""Dropdowns for the network's functions (hidden and output activation, loss): one box every app
gets through SetupControls, shown when the Lesson offers the choice (`Lesson(..., choosing=True)`)
or its setup already uses functions other than sigmoid and squared error.
"""
import ipywidgets as W

from ..functions import HIDDEN, LOSSES, NAMES, OUTPUT

FIELDS = (("hidden", "hidden f", HIDDEN), ("output", "output f", OUTPUT), ("loss", "loss", LOSSES))


class ChoiceBox(W.HBox):
    """Three dropdowns bound to `lesson.setup.choice`; a change makes a new Setup (same weights)."""

    def __init__(self, lesson, errors):
        self.lesson = lesson
        c = lesson.setup.choice
        self.dropdowns = {f: W.Dropdown(options=[(NAMES[v], v) for v in menu], value=getattr(c, f), description=label,
                                        layout=W.Layout(width="250px"), style={"description_width": "initial"})
                          for f, label, menu in FIELDS}
        self._syncing = False
        for field, dd in self.dropdowns.items():
            dd.observe(errors.guard(lambda change, field=field: self._picked(field, change)), "value")
        lesson.observe(errors.guard(self._lesson_changed), "setup")
        super().__init__(list(self.dropdowns.values()), layout=W.Layout(flex_flow="row wrap"))

    def _picked(self, field, change):
        if self._syncing or getattr(self.lesson.setup.choice, field) == change.new:
            return
        try:
            self.lesson.set_choice(**{field: change.new})
        except ValueError:
            self._syncing = True
            try:
                change.owner.value = change.old   # nothing on screen may show a choice not in use
            finally:
                self._syncing = False
            raise

    def _lesson_changed(self, change):
        self._syncing = True
        try:
            for field, dd in self.dropdowns.items():
                dd.value = getattr(change.new.choice, field)
        finally:
            self._syncing = False
