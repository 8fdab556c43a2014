"""Long runs in chunks: work a chunk, draw once, let the browser catch up, repeat.

Inside a kernel (an event loop is running) a run is an asyncio task that yields between
chunks, so the figure updates while it trains and the kernel stays responsive (a second
click stops it). Headless (tests, plain Python) it runs to the end at once, drawing per chunk.
`TrainingApp` puts step / N / run N / reset buttons on top, for the apps that train.
"""
import asyncio

import ipywidgets as W

from .. import validate
from .figure import App


def _kernel_loop():
    """The running event loop if we are inside an IPython kernel, else None.

    Any running loop is not enough: a test process driving a browser (Playwright's sync API)
    also runs one in the main thread, and nobody would ever await a task created on it.
    """
    try:
        from IPython import get_ipython
        loop = asyncio.get_running_loop()
    except (ImportError, RuntimeError):
        return None
    shell = get_ipython()
    return loop if shell is not None and getattr(shell, "kernel", None) is not None else None


class ChunkedRun:
    """Runs work(n) for chunks of n summing to `total`, then draw(); errors go to `errors`."""

    def __init__(self, errors, pause=0.02):
        self.errors = errors
        self.pause = pause
        self.task = None

    @property
    def running(self):
        return self.task is not None and not self.task.done()

    @staticmethod
    def chunks(total, chunk):
        full, rest = divmod(total, chunk)
        return [chunk] * full + ([rest] if rest else [])

    def start(self, total, chunk, work, draw, done=None):
        """Begin a run; returns at once inside a kernel, after the run otherwise."""
        total, chunk = validate.whole_number(total, "N", 0), validate.whole_number(chunk, "chunk", 1)
        loop = _kernel_loop()
        if loop is None:
            try:
                for n in self.chunks(total, chunk):
                    work(n)
                    draw()
            finally:
                draw()
                if done:
                    done()
            return
        self.task = loop.create_task(self._go(total, chunk, work, draw, done))

    async def _go(self, total, chunk, work, draw, done):
        try:
            with self.errors.catching():
                for n in self.chunks(total, chunk):
                    try:
                        work(n)
                    finally:
                        draw()
                    await asyncio.sleep(self.pause)
        finally:
            if done:
                done()

    def stop(self):
        if self.running:
            self.task.cancel()


class TrainingApp(App):
    """An App with step / N / run N / reset over `self.training` (a Training).

    Subclasses set `errors`, `training`, `chunk` and define `draw()` and `reset()`, then put
    `self.buttons(n, max_n)` in their layout.
    """

    def buttons(self, n, max_n):
        """The button row; a second click on 'run N' stops the run."""
        self.steps = W.BoundedIntText(value=n, min=1, max=max_n, description="N", layout=W.Layout(width="140px"))
        self.step_button = W.Button(description="step", icon="step-forward")
        self.run_button = W.Button(description="run N", icon="play")
        self.reset_button = W.Button(description="reset", icon="undo")
        self.runner = ChunkedRun(self.errors)
        guard = self.errors.guard
        self.step_button.on_click(guard(lambda b: self.train(1)))
        self.run_button.on_click(guard(self._run_clicked))
        self.reset_button.on_click(guard(lambda b: self.reset()))
        return W.HBox([self.step_button, self.steps, self.run_button, self.reset_button])

    def train(self, steps):
        """Take `steps` steps at once and draw (what a notebook calls; the buttons too)."""
        try:
            self.training.run(steps)
        finally:
            self.draw()

    def _run_clicked(self, button):
        if self.runner.running:
            self.runner.stop()
            return
        self.run_button.description = "stop"
        self.runner.start(self.steps.value, self.chunk, self.training.run, self.draw, done=self._run_done)

    def _run_done(self):
        self.run_button.description = "run N"
