"""The self-check app: a variant of the worked example, one row per step, feedback per step.

Work each step on paper first, then type the number and press Check. The feedback says
whether it is right within rounding, or what went wrong; the true value shows only after an
attempt. Tests drive it headless: `app.rows[step].entry.value = "0.42"; app.rows[step].check.click()`.
"""
import ipywidgets as W

from .. import exercises
from ..derivation import fmt
from .controls import ErrorBox

COLORS = {"correct": "#1a7f37", "carried": "#9a6700", "wrong": "#cf222e", "too coarse": "#9a6700",
          "unreadable": "#57606a"}
MARKS = {"correct": "✔", "carried": "➜", "wrong": "✘", "too coarse": "…", "unreadable": "?"}


class Row(W.HBox):
    """One step: its formula in symbols, an entry, a Check button, the feedback."""

    def __init__(self, step):
        self.label = W.HTMLMath(f"${step.symbol} = {step.formula}$" if step.formula else f"${step.symbol}$",
                                layout=W.Layout(width="430px"))
        self.entry = W.Text(placeholder="your value", layout=W.Layout(width="120px"))
        self.check = W.Button(description="Check", layout=W.Layout(width="70px"))
        self.feedback = W.HTMLMath("", layout=W.Layout(width="520px"))
        super().__init__([self.label, self.entry, self.check, self.feedback])


def givens_html(setup, wo, wh):
    """The variant's numbers, as the exercise gives them."""
    net = setup.network
    w = ", ".join(f"$w_{k} = {fmt(net[f'w{k}'])}$" for k in range(1, 9))
    return (f"<b>Your network</b> (2-2-2, sigmoid everywhere, no biases, "
            f"$E = \\sum_k \\tfrac12 (t_k - o_k)^2$)<br>"
            f"$x_1 = {fmt(setup.x[0])}$, $x_2 = {fmt(setup.x[1])}$, $t_1 = {fmt(setup.t[0])}$, "
            f"$t_2 = {fmt(setup.t[1])}$<br>{w}<br>"
            f"learning rates $\\alpha_h = {fmt(setup.lr[0])}$ ($w_1..w_4$), $\\alpha_o = {fmt(setup.lr[1])}$ "
            f"($w_5..w_8$)<br>Compute the forward pass, then one gradient-descent step for "
            f"${wo[0]}_{wo[1:]}$ and for ${wh[0]}_{wh[1:]}$.")


class SelfCheck(W.VBox):
    """Variant `seed` as a form; `load(seed)` switches variant; `.exercise` holds what was entered."""

    def __init__(self, seed=0):
        self.errors = ErrorBox()
        self.seed = W.BoundedIntText(value=seed, min=0, max=exercises.SEEDS - 1, description="your seed",
                                     layout=W.Layout(width="200px"))
        self.load_button = W.Button(description="New variant from this seed", layout=W.Layout(width="220px"))
        self.load_button.on_click(self.errors.guard(lambda _: self.load(self.seed.value)))
        self.givens = W.HTMLMath()
        self.score = W.HTML()
        self.form = W.VBox()
        super().__init__([W.HBox([self.seed, self.load_button]), self.givens, self.form, self.score, self.errors])
        self.load(seed)

    def load(self, seed):
        """Start variant `seed`: new numbers, empty entries."""
        self.exercise = exercises.Exercise(seed)
        self.seed.value = seed
        d, (wo, wh) = self.exercise.derivation, exercises.chosen_weights(seed)
        self.givens.value = givens_html(self.exercise.setup, wo, wh)
        self.rows, self.results = {}, {}
        children = []
        for q in self.exercise.questions:
            if q == "z_h1" or q.endswith(".dE_do") or q.endswith(".dE_dz_o1"):
                title = {"z": "Forward pass", wo: f"Output weight ${wo[0]}_{wo[1:]}$",
                         wh: f"Hidden weight ${wh[0]}_{wh[1:]}$"}[q.split(".")[0] if "." in q else "z"]
                children.append(W.HTMLMath(f"<h4>{title}</h4>"))
            row = Row(d[q])
            row.check.on_click(self.errors.guard(lambda _, q=q: self.check(q)))
            self.rows[q] = row
            children.append(row)
        self.form.children = children
        self._score()

    def check(self, step):
        """Judge the entry of `step` and show the feedback (and, after this attempt, the true value)."""
        row = self.rows[step]
        fb = self.exercise.check(step, row.entry.value)
        self.results[step] = fb
        shown = "" if fb.status == "unreadable" else f" <i>True value: {fmt(fb.true)}</i>"
        row.feedback.value = (f"<span style='color:{COLORS[fb.status]}'><b>{MARKS[fb.status]} {fb.status}</b>"
                              f"</span> {fb.message}{shown}")
        self._score()
        return fb

    def _repr_mimebundle_(self, **kwargs):
        """Without widgets (exports, previews) a reader sees a sentence, not a repr of the boxes."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = (f"Self-check form for exercise variant {self.exercise.seed}: "
                                f"{len(self.rows)} steps to compute and check")
        return bundle

    def _score(self):
        right = sum(fb.status == "correct" for fb in self.results.values())
        self.score.value = (f"<b>{right} of {len(self.rows)} steps right</b> · seed {self.exercise.seed}: "
                            f"tell your teacher this number")
