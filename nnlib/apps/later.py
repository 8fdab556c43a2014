"""Later: work that can wait until a drag pauses (the share string, lesson 02's full-resolution surface).

A slider dragged in the browser sends a value every frame; some of what an app shows need not
follow every one of them. `Later(fn, delay)` runs `fn` once, `delay` seconds after the last
time it was asked, on the kernel's event loop; asked where no event loop runs (a script, a test
without one), it runs `fn` at once, so a headless app is always up to date.
"""
import asyncio
import time

DRAG_GAP = 0.3  # s between two values from the browser below which a drag is going on


class Later:
    """later() asks for fn() after `delay` s of quiet; later.pending says whether one is due."""

    def __init__(self, fn, delay=0.25):
        self.fn, self.delay, self._handle = fn, delay, None

    @property
    def pending(self):
        return self._handle is not None

    @staticmethod
    def can_wait():
        """True where an event loop runs (in a kernel), i.e. where a later call will happen."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    def __call__(self):
        self.cancel()
        if not self.can_wait():  # nobody would run the timer: now
            self.fn()
            return
        self._handle = asyncio.get_running_loop().call_later(self.delay, self._run)

    def follow(self, lesson, now):
        """During a drag of `lesson` (`lesson.dragging`), ask for the call once the drag pauses;
        otherwise drop any pending call and run `now()`, the up-to-date version of it, at once."""
        if getattr(lesson, "dragging", False):
            self()
        else:
            self.cancel()
            now()

    def cancel(self):
        """Forget the call asked for (if any)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _run(self):
        self._handle = None
        self.fn()


class DragClock:
    """Tells a drag from a single move: `dragging(widget)` is True for a value the browser sent less
    than DRAG_GAP s after its last one. A key press, a drag's first value, or a value set from code
    is not a drag: it gets the full picture at once."""

    def __init__(self):
        self._last = -float("inf")  # time.monotonic() of the browser's last value

    def dragging(self, widget):
        # ipywidgets applies a browser value in set_state with the trait held in _property_lock
        # (a SelectionSlider's browser trait is its index)
        lock = getattr(widget, "_property_lock", {})
        if "value" not in lock and "index" not in lock:
            return False
        now, last = time.monotonic(), self._last
        self._last = now
        return now - last < DRAG_GAP
