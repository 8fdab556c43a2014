"""One row of the self-check form: a step's symbol (and formula), an entry, Check, the feedback,
and, for the "no formulas" mode, toggle buttons for the quantities the step may be built from."""
import re

import ipywidgets as W
from ipywidgets.widgets.widget_bool import ToggleButtonStyle


class Row(W.VBox):
    """One step: its symbol (and formula), an entry, a Check button, the feedback; factor toggles."""

    def __init__(self, step, factor_options=(), looks=None, biases=True):
        looks = looks or shared_looks()  # one layout per kind of widget, shared by all rows (less widget state)
        self.step = step
        self.formula = step.formula if biases else re.sub(r" \+ b\^\{\(\d+\)\}_\{\d+\}", "", step.formula)
        self.label = W.HTMLMath(layout=looks["label"])
        self.entry = W.Text(placeholder="your value", layout=looks["entry"])
        self.check = W.Button(description="Check", layout=looks["check"], style=looks["button"])
        self.feedback = W.HTMLMath("", layout=looks["feedback"])
        self.factors = {sid: W.ToggleButton(description=text, layout=looks["toggle"], style=looks["toggle style"])
                        for sid, text in factor_options}
        self.chooser = W.HBox([W.HTML("<i>built from:</i>")] + list(self.factors.values()),
                              layout=W.Layout(flex_flow="row wrap", margin="0 0 0 20px"))
        super().__init__([W.HBox([self.label, self.entry, self.check, self.feedback]), self.chooser])
        self.show_formula(True)

    def show_formula(self, on):
        self.label.value = f"${self.step.symbol} = {self.formula}$" if on and self.formula else f"${self.step.symbol}$"
        self.chooser.layout.display = "none" if on or not self.factors else None

    @property
    def chosen(self):
        return [sid for sid, t in self.factors.items() if t.value]


def shared_looks():
    """Layouts and styles a form's rows share."""
    return {"label": W.Layout(width="430px"), "entry": W.Layout(width="120px"), "check": W.Layout(width="70px"),
            "feedback": W.Layout(width="520px"), "toggle": W.Layout(width="auto"), "button": W.ButtonStyle(),
            "toggle style": ToggleButtonStyle()}
