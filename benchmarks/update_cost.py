"""Kernel cost of one slider update per live view, headless, beside the bare ipympl floor.

Each view runs on a real ipympl canvas with no browser: a slider value is set from Python, then
what the browser would ask for is done too (a full draw when one was requested), down to the PNG
frame (each view laying its strings out afresh: the text layout cache is emptied before it; the
glyph cache stays warm, as after a minute of use). Prints the median ms per update over 31
values and the widget state messages per update; the floor is the browser benchmark's bare line
plot (Figure.draw + its frame). `w5` changes only
o1, E and one edge of the diagram; `w1` changes h1 and everything after it; lesson 04's
α changes only its title (the next step uses it). "dragged" views apply each value as the
browser's message does during a drag (`set_state`, on a running event loop): the share string
and lesson 02's full-resolution surface then wait until the drag pauses (nnlib.apps.later).

    python benchmarks/update_cost.py [--rounds 2]
"""
import argparse
import asyncio
import statistics
import time

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")
import ipywidgets as W  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from nnlib.apps import DescentApp, ForwardApp, LossApp, SweepApp, private  # noqa: E402

SENT = []
_send_state = W.Widget.send_state


def _counted(self, key=None):
    SENT.append(type(self).__name__)
    return _send_state(self, key)


def floor():
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(6, 4))
    x = np.linspace(0, 2 * np.pi, 200)
    line, = ax.plot(x, np.sin(x))
    ax.set_ylim(-3.2, 3.2)
    return fig, lambda v: (line.set_ydata(v * np.sin(x)), fig.canvas.draw_idle()), None


def view(make, slider, stage=None, dragged=False):
    app = make()
    if stage is not None:
        app.index.value = stage
    s = app.controls.sliders[slider]
    if dragged:
        return app.fig, lambda v: s.set_state({"value": float(v)}), app.blitter, True
    return app.fig, lambda v: setattr(s, "value", v), app.blitter


def rate_view():
    """Lesson 04's 'α both layers' slider: a value in -1..1 picks one of its rates."""
    app = DescentApp("notes")
    rates = [v for _, v in app.alpha.options[1:]]
    pick = lambda v: rates[round((v + 1) / 2 * (len(rates) - 1))]
    return app.fig, lambda v: setattr(app.alpha, "value", pick(v)), app.blitter


VIEWS = {"floor (bare ipympl line)": floor,
         "forward, w5": lambda: view(lambda: ForwardApp("notes"), "w5"),
         "forward, w1": lambda: view(lambda: ForwardApp("notes"), "w1"),
         "forward, w1 dragged": lambda: view(lambda: ForwardApp("notes"), "w1", dragged=True),
         "sweep stage 0, w5": lambda: view(lambda: SweepApp("notes"), "w5"),
         "sweep stage 0, w1": lambda: view(lambda: SweepApp("notes"), "w1"),
         "sweep stage 5, w5": lambda: view(lambda: SweepApp("notes"), "w5", 5),
         "loss, w5 (on the axes)": lambda: view(lambda: LossApp("notes"), "w5"),
         "loss, w1 (off the axes)": lambda: view(lambda: LossApp("notes"), "w1"),
         "loss, w1 dragged": lambda: view(lambda: LossApp("notes"), "w1", dragged=True),
         "descent, α both layers": rate_view}


def measure(fig, set_value, blitter, values, dragged=False):
    if dragged:  # on a running event loop, as in a kernel (its timers do not fire during the drag)
        async def on_loop():
            return measure(fig, set_value, blitter, values)
        return asyncio.run(on_loop())
    canvas = fig.canvas
    canvas.syncing_data_url = False  # as when a browser shows the canvas
    canvas.draw()
    canvas.get_diff_image()
    times, messages = [], []
    for v in values:
        SENT.clear()
        t0 = time.perf_counter()
        set_value(v)
        if blitter is None or blitter.background is None:  # the browser asks for a full draw
            canvas.draw()
            canvas.get_diff_image()
        times.append(1000 * (time.perf_counter() - t0))
        messages.append(len(SENT))
    return statistics.median(times[2:]), statistics.median(messages)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    W.Widget.send_state = _counted
    values = list(np.round(np.linspace(-1, 1, 31), 2))
    results = {name: [] for name in VIEWS}
    for _ in range(args.rounds):  # interleaved: every view once per round
        for name, make in VIEWS.items():
            private.LAYOUTS.clear()  # every view lays its strings out afresh, as in a drag to new values
            made = make()  # (fig, set_value, blitter[, dragged])
            results[name].append(measure(*made[:3], values, dragged=len(made) > 3))
    print(f"{'view, slider':28} {'ms/update':>9} {'state msgs':>10}   (median of {args.rounds} rounds x 31 values)")
    for name, rows in results.items():
        print(f"{name:28} {statistics.median(r[0] for r in rows):9.1f} {statistics.median(r[1] for r in rows):10.0f}")


if __name__ == "__main__":
    main()
