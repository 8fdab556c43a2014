"""Long runs in chunks: work a chunk, draw once, let the browser catch up, repeat.

Inside a kernel (an event loop is running) a run is an asyncio task that yields between
chunks, so the figure updates while it trains and the kernel stays responsive (a second
click stops it). Headless (tests, plain Python) it runs to the end at once, drawing per chunk.
"""
import asyncio


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
