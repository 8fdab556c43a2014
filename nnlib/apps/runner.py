"""Long runs in chunks: work a chunk, draw once, let the browser catch up, repeat.

Inside a kernel (an event loop is running) a run is an asyncio task that yields between
chunks, so the figure updates while it trains and the kernel stays responsive (a second
click stops it). Headless (tests, plain Python) it runs to the end at once, drawing per chunk.
"""
import asyncio


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
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
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
