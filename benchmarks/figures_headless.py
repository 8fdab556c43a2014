"""Kernel-side cost of one event in each live view, headless: this code vs another checkout.

Each view gets an Agg canvas that blits like ipympl's (the blit itself is free here), is drawn once
(the background), then takes repeated events: a weight slider move (forward, loss), a derivation
step (stepper), one training step (descent, dataset). Printed: the median ms per event (callbacks,
artists, any full redraw the event needs) and the ms of one full draw, for this checkout and, with
`--against DIR` (a checkout of an earlier commit, e.g. made with `git archive`), the ratio new/old.
Times are CPU time of the process (the machine is shared: wall time swings with other loads), the
best over `--rounds` runs, old and new interleaved.

    python benchmarks/figures_headless.py [--events 30] [--rounds 3] [--against DIR]
"""
import argparse
import inspect
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

VIEWS = ("forward", "stepper", "loss", "descent", "dataset")


def measure(events):
    """{view: (ms per event, ms per full draw)} for the nnlib on sys.path."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from nnlib import apps

    class Canvas(FigureCanvasAgg):
        def blit(self, bbox=None):
            pass

    def figure(figsize, **kwargs):
        fig = Figure(figsize=figsize, **kwargs)
        Canvas(fig)
        return fig

    def made(app_class, *args):
        """The app on the blitting canvas: its `figure=` (a checkout from before apps took one: patched in)."""
        if "figure" in inspect.signature(app_class).parameters:
            return app_class(*args, figure=figure)
        sys.modules[app_class.__module__].figure = figure
        return app_class(*args)
    values = np.linspace(0.3, 0.7, events)
    move_w5 = lambda a, i: setattr(a.controls.sliders["w5"], "value", values[i])
    make = {"forward": (lambda: made(apps.ForwardApp, "notes"), move_w5),
            "stepper": (lambda: made(apps.StepperApp, "notes"), lambda a, i: a.move(+1)),
            "loss": (lambda: made(apps.LossApp, "notes"), move_w5),
            "descent": (lambda: made(apps.DescentApp, "notes"), lambda a, i: a.step_button.click()),
            "dataset": (lambda: made(apps.DatasetApp), lambda a, i: a.step_button.click())}
    out = {}
    for view in VIEWS:
        build, event = make[view]
        app = build()
        if view in ("descent", "dataset"):
            app.train(110)  # inside the step axis: events blit, as most steps do
        app.fig.canvas.draw()
        times = []
        for i in range(events):
            t0 = time.process_time()
            event(app, i)
            times.append(time.process_time() - t0)
        full = []
        for _ in range(5):
            t0 = time.process_time()
            app.fig.canvas.draw()
            full.append(time.process_time() - t0)
        out[view] = (1000 * statistics.median(times), 1000 * statistics.median(full))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--against", help="another checkout of the kit to compare with")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # used for --against
    args = ap.parse_args()
    if args.json:
        print(json.dumps(measure(args.events)))
        return
    def run(root):
        env = {**os.environ, "PYTHONPATH": str(Path(root).resolve()), "MPLBACKEND": "Agg"}
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--json", "--events", str(args.events)],
                             env=env, capture_output=True, text=True, check=True, cwd=root)
        return json.loads(out.stdout.strip().splitlines()[-1])

    def best(runs):
        return {v: [min(r[v][k] for r in runs) for k in (0, 1)] for v in VIEWS}
    news, olds = [], []
    for _ in range(args.rounds):
        news.append(run(Path(__file__).resolve().parents[1]))
        if args.against:
            olds.append(run(args.against))
    new, old = best(news), (best(olds) if olds else None)
    extra = "   old event  old full  ratio event  ratio full" if old else ""
    print(f"{'view':10} {'event ms':>9} {'full draw ms':>13}" + extra)
    for view in VIEWS:
        e, f = new[view]
        line = f"{view:10} {e:9.1f} {f:13.1f}"
        if old:
            oe, of = old[view]
            line += f"   {oe:9.1f} {of:9.1f} {e / oe:12.2f} {f / of:11.2f}"
        print(line)


if __name__ == "__main__":
    main()
