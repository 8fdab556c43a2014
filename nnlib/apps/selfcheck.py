"""The self-check app: a variant of the worked example, one row per step, feedback per step.

Type a number, press Check: right within rounding, or what went wrong; the true value shows only
after an attempt, and typing again clears the verdict. Without formulas, product and update rows
ask which quantities the step is built from (`nnlib.handwork.choices`). Answers are saved as typed
(`nnlib.handwork.answers`) and come back when the form is built again. Driven headless in tests:
`app.rows[step].entry.value = "0.42"; app.rows[step].check.click()`.
"""

import os

import ipywidgets as W

from .. import step_ids
from ..handwork import answers, choices, exercises
from ..derivation import fmt
from .controls import ErrorBox
from .figure import App
from .steprow import Row, shared_looks

COLORS = {"correct": "#1a7f37", "carried": "#9a6700", "wrong": "#cf222e", "too coarse": "#9a6700",
          "unreadable": "#57606a"}
MARKS = {"correct": "✔", "carried": "➜", "wrong": "✘", "too coarse": "…", "unreadable": "?"}
LOAD = "Load this seed"


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


class SelfCheck(App):
    """Variant `seed` as a form; `formulas=False` hides them and asks for the factors instead.

    `load(seed)` switches variant; answers live in `answers_file` (beside the notebook). `.ui` is the
    form (an App without a figure: a frontend without widgets shows `summary()`).
    """

    def __init__(self, seed=0, formulas=True, answers_file=answers.FILE):
        exercises.variant(seed)  # a clear error for a bad seed, before any widget exists
        if not isinstance(formulas, bool):
            raise TypeError(f"formulas must be True or False, got {formulas!r}")
        if not isinstance(answers_file, (str, os.PathLike)):
            raise TypeError(f"answers_file must be a file name or path, got {type(answers_file).__name__}")
        self.errors = ErrorBox()
        self.store = answers.Answers(answers_file)
        self.seed = W.BoundedIntText(value=seed, min=0, max=exercises.SEEDS - 1, description="your seed",
                                     layout=W.Layout(width="200px"))
        self.load_button = W.Button(description=LOAD, layout=W.Layout(width="auto"))
        self.cancel_button = W.Button(description="Cancel", layout=W.Layout(width="auto", display="none"))
        self.formulas = W.Checkbox(value=formulas, description="show the formulas", indent=False)
        self.givens, self.score, self.saved, self.download = W.HTMLMath(), W.HTML(), W.HTML(), W.HTML()
        self.form = W.VBox()
        self._pending, self._quiet = None, False
        self.load_button.on_click(self.errors.guard(self._load_clicked))
        self.cancel_button.on_click(self.errors.guard(lambda _: self._cancel()))
        self.seed.observe(self.errors.guard(lambda _: self._cancel()), "value")
        self.formulas.observe(self.errors.guard(lambda ch: self._show_formulas(ch.new)), "value")
        self.ui = W.VBox([W.HBox([self.seed, self.load_button, self.cancel_button, self.formulas]), self.givens,
                          self.form, self.score, W.HBox([self.download, self.saved]), self.errors])
        self.load(seed)

    # -- variants ----------------------------------------------------------------
    def answered(self):
        """How many rows hold a typed answer."""
        return sum(bool(r.entry.value.strip()) for r in self.rows.values())

    def _load_clicked(self, _):
        seed, n = self.seed.value, self.answered()
        if self._pending == seed or not n or (seed == self.exercise.seed and self.store.saving):
            return self.load(seed)
        self._pending = seed
        self.load_button.description = (f"Load seed {seed}? (your {n} answers for seed {self.exercise.seed} "
                                         f"stay saved)" if self.store.saving else f"Load and discard {n} answers?")
        self.load_button.button_style = "warning"
        self.cancel_button.layout.display = None

    def _cancel(self):
        self._pending = None
        self.load_button.description, self.load_button.button_style = LOAD, ""
        self.cancel_button.layout.display = "none"

    def load(self, seed):
        """Start variant `seed`: its numbers, and the answers saved for it (if any)."""
        exercise = exercises.Exercise(seed)  # a bad seed raises here, before anything changes
        self._cancel()
        self.exercise, self.results = exercise, {}
        self.seed.value = seed
        d, (wo, wh), net = exercise.derivation, exercises.chosen_weights(seed), exercise.setup.network
        self.givens.value = givens_html(exercise.setup, wo, wh)
        self.rows, children, looks = {}, [], shared_looks()
        for q in exercise.questions:
            if q == exercises.FORWARD[0] or step_ids.part(q) in ("dE_do", "dE_dz_o1"):
                title = {wo: f"Output weight ${wo[0]}_{wo[1:]}$", wh: f"Hidden weight ${wh[0]}_{wh[1:]}$"}.get(
                    step_ids.quantity(q), "Forward pass")
                children.append(W.HTMLMath(f"<h4>{title}</h4>"))
            opts = [(sid, choices.label(d, sid)) for sid in choices.options(d, q)] if choices.chooses(d, q) else []
            row = self.rows[q] = Row(d[q], opts, looks, biases=bool(net.b1.any() or net.b2.any()))
            row.check.on_click(self.errors.guard(lambda _, q=q: self.check(q)))
            row.entry.observe(self.errors.guard(lambda _, q=q: self._typed(q)), "value")
            for t in row.factors.values():
                t.observe(self.errors.guard(lambda _, q=q: self._typed(q)), "value")
            row.show_formula(self.formulas.value)
            children.append(row)
        self.form.children = children
        self._restore(self.store.get(seed))

    def _restore(self, rec):
        self._quiet = True
        try:
            for q, text in rec["values"].items():
                if q in self.rows:
                    self.rows[q].entry.value = text
            for q, ids in rec["factors"].items():
                for sid in ids:
                    if q in self.rows and sid in self.rows[q].factors:
                        self.rows[q].factors[sid].value = True
        finally:
            self._quiet = False
        for q in self.exercise.questions:  # judged again in order, from the restored sheet
            if q in rec["checked"] and self.rows[q].entry.value.strip():
                self._judge(q)
        self._score()
        self._saved(None)

    # -- answers -----------------------------------------------------------------
    def _typed(self, step):
        """A new value or factor: the old verdict goes (it judged something else), the answer is saved."""
        if self._quiet:
            return
        self.rows[step].feedback.value = ""
        self.results.pop(step, None)
        self.exercise.entered.pop(step, None)
        self._rejudge(step)
        self._save()

    def check(self, step):
        """Judge the entry of `step` and show the feedback (and, after this attempt, the true value)."""
        fb = self._judge(step)
        self._rejudge(step)
        self._save()
        return fb

    def _rejudge(self, changed):
        """Judge the other checked rows again: a verdict like 'right from your a_h1' must fit the sheet now."""
        for q in [q for q in self.exercise.questions if q in self.results and q != changed]:
            self._judge(q)
        self._score()

    def _judge(self, step):
        row = self.rows[step]
        row.feedback.value = ""
        fb = self.exercise.check(step, row.entry.value)
        choice = None
        if not self.formulas.value and row.factors:
            choice = self.exercise.check_factors(step, row.chosen)
        self.results[step] = fb, choice
        shown = "" if fb.status == "unreadable" else f" <i>True value: {fmt(fb.true)}</i>"
        verdict = "correct" if choice is not None and choice.right else "wrong"
        factors = "" if choice is None else (f"<br><span style='color:{COLORS[verdict]}'>"
                                             f"{'✔' if choice.right else '✘'} {choice.message}</span>")
        row.feedback.value = (f"<span style='color:{COLORS[fb.status]}'><b>{MARKS[fb.status]} {fb.status}</b>"
                              f"</span> {fb.message}{shown}{factors}")
        return fb

    def _save(self):
        rec = {"values": {q: r.entry.value for q, r in self.rows.items()},
               "factors": {q: r.chosen for q, r in self.rows.items()}, "checked": list(self.results)}
        self._saved(self.store.put(self.exercise.seed, rec))

    def _saved(self, ok):
        note = "" if ok is None else ("Saved as you type, in a file beside this notebook." if ok else "")
        self.saved.value = f"<small>{' '.join(x for x in (note, self.store.problem) if x)}</small>"
        self.download.value = (f"<a download='{answers.FILE}' href='{self.store.link()}' target='_blank'>"
                               f"⬇ Download my answers</a>&nbsp;")

    def _show_formulas(self, on):
        for row in self.rows.values():
            row.show_formula(on)
        self._rejudge(None)  # in the new mode

    def summary(self):
        """Without widgets (exports, previews) a reader sees a sentence, not a repr of the boxes."""
        return f"Self-check form for exercise variant {self.exercise.seed}: {len(self.rows)} steps to compute and check"

    def _repr_mimebundle_(self, **kwargs):
        """The form, and `summary()` as the text fallback (no figure, so no picture)."""
        bundle = self.ui._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.summary()
        return bundle

    def _score(self):
        right = sum(fb.status == "correct" and (c is None or c.right) for fb, c in self.results.values())
        self.score.value = (f"<b>{right} of {len(self.rows)} steps right</b> · seed {self.exercise.seed}: "
                            f"tell your teacher this number")
