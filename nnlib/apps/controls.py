"""Slider panels and the preset picker bound to a Lesson, and visible error reporting for widget callbacks.

ipywidgets sends exceptions raised in callbacks to the browser's log console, where nobody
looks: every callback here runs under `ErrorBox.guard`, which shows the exception in an
Output above the plots (and keeps it in `.last_error` for tests), then clears it once a
later callback succeeds.
"""
import contextlib
import functools
import traceback

import ipywidgets as W

from .. import params
from ..presets import PRESETS
from .choicebox import ChoiceBox
from .later import DragClock, Later
from .sharebox import ShareBox

SLIDER = dict(continuous_update=True, readout_format=".2f", style={"description_width": "initial"},
              layout=W.Layout(width="260px"))


class ErrorBox(W.Output):
    """An Output that shows the last callback error; empty while all is well."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.last_error = None
        self._depth, self._failed = 0, False

    @contextlib.contextmanager
    def catching(self):
        # Callbacks nest (a slider callback changes the lesson, whose observers run inside it):
        # only the outermost one clears the box, and only if nothing failed during the event.
        # The box is changed through its `outputs` trait, never by printing into it (that
        # would leak into the cell's output when no frontend is there, e.g. under nbval).
        self._depth += 1
        if self._depth == 1:
            self._failed = False
        try:
            yield
        except Exception as exc:  # shown to the user, not swallowed
            self.last_error, self._failed = exc, True
            text = "".join(traceback.format_exception_only(type(exc), exc))
            self.outputs = ({"output_type": "stream", "name": "stderr", "text": text},)
        finally:
            self._depth -= 1
        if self._depth == 0 and not self._failed and self.last_error is not None:
            self.last_error = None
            self.outputs = ()

    def guard(self, fn):
        """Wrap a callback so its exceptions appear in this box."""
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with self.catching():
                return fn(*args, **kwargs)
        return wrapped


def reject_unless(ok, change, message):
    """In a widget callback: if not `ok`, put the widget back to its previous value (the app
    redraws for that, so nothing on screen is stale) and raise ValueError(message) for the ErrorBox."""
    if not ok:
        change.owner.value = change.old
        raise ValueError(message)


def _slider(description, value, lo=-3.0, hi=3.0, step=0.01):
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description, **SLIDER)


# learning rates on a log scale, 1-2-3-5 per decade from 0.001 to 1000 (0.5 and 1, the notes' rates, included)
RATES = tuple(round(m * 10.0 ** k, 6) for k in range(-3, 3) for m in (1, 2, 3, 5)) + (1000.0,)


def rate_options(value, rates=RATES):
    """(label, rate) pairs: the log grid plus `value` itself, so a preset's rate shows exactly."""
    return [(f"{r:.3g}", r) for r in sorted({*rates, float(value)})]


def rate_slider(description, value, rates=RATES):
    """A learning-rate slider with exact values on a log grid.

    A FloatLogSlider would do, but the browser snaps a value set from Python onto its grid
    and sends it back (0.5 returns as 0.501), so the readout and the lesson would disagree.
    """
    return W.SelectionSlider(options=rate_options(value, rates), value=float(value), description=description,
                             **{k: v for k, v in SLIDER.items() if k != "readout_format"})


def _slider_groups(setup, parts):
    """[(title, [(key, target, slider), ...]), ...]: the sliders of each group in `parts`, in order."""
    sizes = setup.network.sizes
    groups = []
    if "weights" in parts:
        groups.append(("weights", [(p.name, p.name, _slider(f"{p.name} ({p.source}→{p.target})",
                                                            setup.network[p.name]))
                                   for p in params.all_params(sizes) if p.theta]))
    if "biases" in parts:
        groups.append(("biases", [(p.name, p.name, _slider(f"b {p.target}", setup.network[p.name]))
                                  for p in params.all_params(sizes) if not p.theta]))
    if "inputs" in parts:
        groups.append(("inputs", [(f"x{i + 1}", ("x", i), _slider(f"x{i + 1}", v, -1, 1))
                                  for i, v in enumerate(setup.x)]))
    if "targets" in parts:
        groups.append(("targets", [(f"t{k + 1}", ("t", k), _slider(f"t{k + 1}", v, 0, 1))
                                   for k, v in enumerate(setup.t)]))
    if "lr" in parts:
        groups.append(("learning rates", [("alpha_h", ("lr", 0), rate_slider("α hidden", setup.lr[0])),
                                          ("alpha_o", ("lr", 1), rate_slider("α output", setup.lr[1]))]))
    return groups


class SetupControls(W.VBox):
    """Sliders for every weight, bias, input, target and the two learning rates of a Lesson.

    `parts` picks groups: 'weights', 'biases', 'inputs', 'targets', 'lr'. Moving a slider
    changes the Lesson; a change of the Lesson (reset, step) moves the sliders. Dropdowns for the
    activations and loss (`.functions`) come first when the lesson offers them (see ChoiceBox).
    """

    def __init__(self, lesson, parts=("weights", "biases", "inputs", "targets", "lr"), errors=None, sharing=True):
        self.lesson = lesson
        self.errors = errors or ErrorBox()
        self.sliders = {}
        setup = lesson.setup
        groups = _slider_groups(setup, parts)
        self._targets = {}
        boxes = []
        for title, items in groups:
            for key, target, slider in items:
                self.sliders[key] = slider
                self._targets[key] = target
                slider.observe(self.errors.guard(functools.partial(self._moved, key)), "value")
            boxes.append(W.VBox([W.HTML(f"<b>{title}</b>")] + [s for _, _, s in items]))
        self._syncing = False
        self._clock = DragClock()
        self._sync_later = Later(self.errors.guard(lambda: self._sync(self.lesson.setup)))
        lesson.observe(self.errors.guard(self._lesson_changed), "setup")
        self.share = ShareBox(lesson, self.errors) if sharing else None  # paste / copy a share string
        offer = lesson.choosing or not setup.choice.is_default
        self.functions = ChoiceBox(lesson, self.errors) if offer else None
        super().__init__(([self.functions] if offer else []) + [W.HBox(boxes, layout=W.Layout(flex_flow="row wrap"))]
                         + ([self.share] if sharing else []) + [self.errors])
        if getattr(lesson, "problem", None) is not None:  # e.g. a damaged ?preset= in the page's link
            with self.errors.catching():
                raise lesson.problem

    def _moved(self, key, change):
        if self._syncing or self._is_echo(key, change.new):
            return
        self.lesson.dragging = self._dragging(key)
        try:
            self._apply(key, change.new)
        finally:
            self.lesson.dragging = False

    def _dragging(self, key):
        """True while a drag (or a held key) on this slider goes on (see DragClock)."""
        return self._clock.dragging(self.sliders[key])

    def _apply(self, key, new):
        target = self._targets[key]
        if isinstance(target, str):
            self.lesson.set_param(target, new)
        elif target[0] == "x":
            self.lesson.set_input(target[1], new)
        elif target[0] == "t":
            self.lesson.set_target(target[1], new)
        else:
            lr = list(self.lesson.setup.lr)
            lr[target[1]] = new
            self.lesson.set_lr(tuple(lr))

    @staticmethod
    def _values(s):
        """Every slider's value in Setup `s`, by slider key."""
        return {**{p.name: s.network[p.name] for p in params.all_params(s.network.sizes)},
                **{f"x{i + 1}": v for i, v in enumerate(s.x)}, **{f"t{k + 1}": v for k, v in enumerate(s.t)},
                "alpha_h": s.lr[0], "alpha_o": s.lr[1]}

    def _is_echo(self, key, new):
        """True if `new` is only the browser snapping the lesson's value onto the slider's step grid.

        A value set from Python (a preset, a training step, 0.5 on a log scale) that is off the
        grid comes back from the browser rounded to the grid; taking it would change the lesson
        behind the student's back. A real move in the browser goes at least one step (see the
        tests). Only a value that came from the browser can be an echo: ipywidgets applies those
        in `set_state` with the trait held in `_property_lock` while observers run, so a change
        made from code (any size, even below half a step) always reaches the lesson.
        """
        slider, old = self.sliders[key], self._values(self.lesson.setup)[key]
        if not isinstance(slider, W.FloatSlider) or "value" not in getattr(slider, "_property_lock", {}):
            return False
        return new != old and abs(new - old) < slider.step / 2 + 1e-12

    def _lesson_changed(self, change):
        """Move sliders to the new setup; during a drag (e.g. of 'α both layers', which moves both
        rate sliders) once the drag pauses, so each frame of the drag sends fewer messages."""
        self._sync_later.follow(self.lesson, lambda: self._sync(change.new))

    def _sync(self, setup):
        """Move sliders to `setup` without echoing back into the lesson."""
        values = self._values(setup)
        self._syncing = True
        try:
            for key, slider in self.sliders.items():
                v = values[key]
                if isinstance(slider, W.SelectionSlider):
                    if v not in slider.options and v not in [o[1] for o in slider.options]:
                        slider.options = rate_options(v, [o[1] for o in slider.options])
                elif v < slider.min or v > slider.max:  # e.g. training pushed a weight past the range
                    slider.min, slider.max = min(slider.min, v), max(slider.max, v)
                slider.value = v
        finally:
            self._syncing = False


PRESET_LABELS = {"notes": "the notes", "mazur": "Mazur (2015), with biases"}


class PresetPicker(W.HBox):
    """A preset dropdown (only setups of the lesson's size) and a 'reset to ...' button."""

    def __init__(self, lesson, errors):
        self.lesson = lesson
        sizes = lesson.setup.network.sizes
        options = [(PRESET_LABELS.get(k, k), s) for k, s in PRESETS.items() if s.network.sizes == sizes]
        if not any(s == lesson.setup for _, s in options):
            options.insert(0, ("the start of this app", lesson.setup))
        self.dropdown = W.Dropdown(options=options, value=lesson.setup, description="preset")
        self.reset = W.Button(icon="undo", layout=W.Layout(width="auto"))
        self.dropdown.observe(errors.guard(self._picked), "value")
        self.reset.on_click(errors.guard(lambda _: lesson.load(self.dropdown.value)))
        self._label()
        super().__init__([self.dropdown, self.reset])

    def _label(self):
        self.reset.description = f"reset to {self.dropdown.label}"

    def _picked(self, change):
        self._label()
        self.lesson.load(change.new)
