"""Slider key press -> changed canvas pixels, in a real JupyterLab and Debian's chromium.

For every live view (an output holding a slider and an ipympl figure) of every notebook: the
benchmark appends a bare ipympl line plot with its own slider to the same notebook (the floor of
this stack: same page, same kernel), then presses ArrowRight/ArrowLeft alternately on the floor
and on the view's first slider that changes its figure (weights first) (a view whose sliders change no pixels,
e.g. learning rates that act on the next step, is driven by its first button that does, marked
"click"). It prints the median and max time from the keydown (pointerdown) event to the first
and the last changed canvas pixels, the ratio to the floor measured interleaved with it, and the
kernel-side time per update (widget callbacks + figure drawing + PNG diff, timed in the kernel).

    python benchmarks/latency.py [--presses 15] [notebook names...]
"""
import argparse
import json
import os
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
import harness  # noqa: E402
import pages  # noqa: E402

# Runs silently in the notebook's kernel: times every slider update, figure draw and image diff.
INSTRUMENT = r"""
import time as _t, functools as _f, ipywidgets as _w, matplotlib.figure as _mf
from matplotlib.backends import backend_webagg_core as _wa
_kit_log = []
def _kit_timed(kind, fn):
    @_f.wraps(fn)
    def timed(*a, **k):
        t0 = _t.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            _kit_log.append((kind, t0, _t.perf_counter()))
    timed._kit = True
    return timed
for _cls, _name, _kind in [(_w.Widget, 'set_state', 'callbacks'), (_w.Widget, '_handle_custom_msg', 'callbacks'),
                           (_mf.Figure, 'draw', 'full'), (_mf.Figure, 'draw_artist', 'artist'),
                           (_wa.FigureCanvasWebAggCore, 'get_diff_image', 'png'),
                           (_wa.FigureCanvasWebAggCore, 'draw', 'canvas'), (_wa.FigureCanvasWebAggCore, 'blit', 'canvas')]:
    if not getattr(getattr(_cls, _name), '_kit', False):
        setattr(_cls, _name, _kit_timed(_kind, getattr(_cls, _name)))
"""
READ_LOG = "import json as _j; print(_j.dumps(_kit_log)); _kit_log.clear()"

EXECUTE = """async (code) => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const f = k.requestExecute({code, silent: false, store_history: false}); let out = '';
  f.onIOPub = (m) => { if (m.header.msg_type === 'stream') out += m.content.text;
                       if (m.header.msg_type === 'error') out += m.content.evalue; };
  await f.done; return out; }"""


def kernel_time(log):
    """One update's kernel time in ms: busy (union of callback and canvas intervals), render (full
    figure draws + single artists drawn for a blit), full (the full draws alone), png."""
    spans = sorted((s, e, k) for k, s, e in log)
    busy, end = 0.0, float("-inf")
    for s, e, k in spans:
        if k in ("callbacks", "canvas"):
            busy += max(0.0, e - max(s, end))
            end = max(end, e)
    ms = {k: 1000 * sum(e - s for s, e, kind in spans if kind == k) for k in ("full", "artist", "png")}
    return {"total": 1000 * busy, "render": ms["full"] + ms["artist"], "full": ms["full"], "png": ms["png"]}


ADD_FLOOR = """async (code) => { const app = window.jupyterapp, nb = app.shell.currentWidget;
  nb.content.activeCellIndex = nb.content.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  await app.commands.execute('notebook:change-cell-to-code');
  nb.content.activeCell.model.sharedModel.setSource(code);
  await app.commands.execute('notebook:run-cell'); }"""

LABEL = """(h) => { const s = h.closest('.widget-slider, .jupyter-widget-slider');
  const l = s && s.querySelector('.widget-label'); return l ? l.innerText.trim() : h.innerText.trim(); }"""


def live_views(page):
    """The outermost output areas that hold at least one slider and one figure canvas."""
    live = [o for o in page.locator(".jp-OutputArea-output").element_handles()
            if o.query_selector(pages.SLIDER) and o.query_selector(pages.FIGURE_CANVAS)]
    return [v for v in live if not any(o.evaluate("(a, b) => a !== b && a.contains(b)", v) for o in live)]


class Control:
    """A slider handle (alternate ArrowRight/ArrowLeft) or a button (click) of one view."""

    def __init__(self, page, view, element, kind):
        self.page, self.view, self.element, self.kind, self.n = page, view, element, kind, 0
        self.label = element.evaluate(LABEL) + (" (click)" if kind == "button" else "")

    def act(self, timeout_ms=15000):
        self.n += 1
        if self.kind == "button":
            return pages.click_and_watch(self.page, self.element, root=self.view, settle_ms=500, timeout_ms=timeout_ms)
        key = "ArrowRight" if self.n % 2 else "ArrowLeft"
        return pages.press_and_watch(self.page, self.element, key=key, root=self.view, settle_ms=500,
                                     timeout_ms=timeout_ms)


def pick_control(page, view, tries=4):
    """The view's first slider (weights first, `tries` of them) whose step changes its figure, else its first
    such button."""
    sliders = view.query_selector_all(pages.SLIDER)
    weight = [re.match(r"w\d+ ", h.evaluate(LABEL) + " ") is not None for h in sliders]
    sliders = [h for h, w in zip(sliders, weight) if w] + [h for h, w in zip(sliders, weight) if not w]
    candidates = [(h, "slider") for h in sliders[:tries]]
    candidates += [(b, "button") for b in view.query_selector_all("button.jupyter-button")[:tries]]
    for element, kind in candidates:
        control = Control(page, view, element, kind)
        element.scroll_into_view_if_needed()
        if control.act(timeout_ms=3000)[0] is not None:
            return control
    return None


class Run:
    """Timings of one control: pixel latencies and kernel time per update."""

    def __init__(self, name, control):
        self.name, self.control, self.firsts, self.lasts, self.kernel = name, control, [], [], []

    def measure(self, page, keep):
        self.control.element.scroll_into_view_if_needed()
        page.evaluate(EXECUTE, READ_LOG)
        first, last = self.control.act()
        log = json.loads(page.evaluate(EXECUTE, READ_LOG).strip().splitlines()[-1])
        if keep and first is not None:
            self.firsts.append(first)
            self.lasts.append(last)
            self.kernel.append(kernel_time(log))


def measure_notebook(browser, lab, name, presses, log=print):
    """Interleaved runs (view, floor beside it) for every live view of notebook `name`."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    pairs = []
    try:
        pages.open_lab(page, lab, name)
        pages.run_all(page)
        pages.settle_widgets(page)
        page.evaluate(EXECUTE, INSTRUMENT)
        views = live_views(page)
        before = page.locator(pages.SLIDER).count()
        page.evaluate(ADD_FLOOR, harness.FLOOR_CODE)
        page.wait_for_function(f"() => document.querySelectorAll('{pages.SLIDER}').length > {before}", timeout=60000)
        pages.settle_widgets(page)
        floor_view = [v for v in live_views(page) if "floor a" in v.inner_text()][-1]
        floor = Control(page, floor_view, floor_view.query_selector(pages.SLIDER), "slider")
        for i, view in enumerate(views if name != harness.FLOOR else []):
            control = pick_control(page, view)
            label = f"{name.removesuffix('.ipynb')} #{i + 1}"
            if control is None:
                log(f"{label}: no slider or button of this view changes its figure; skipped")
                continue
            run, beside = Run(label, control), Run("  floor, interleaved", floor)
            for n in range(presses + 2):  # two warm-up rounds
                run.measure(page, keep=n >= 2)
                beside.measure(page, keep=n >= 2)
            log(f"{label}: {control.label}: median {median(run.lasts):.0f} ms, floor {median(beside.lasts):.0f} ms")
            pairs.append((run, beside))
        if name == harness.FLOOR:
            alone = Run("floor alone (bare ipympl line)", floor)
            for n in range(presses + 2):
                alone.measure(page, keep=n >= 2)
            pairs.append((alone, None))
    finally:
        context.close()
    return pairs


def median(values):
    return statistics.median(values) if values else float("nan")


def row(run, ratio=""):
    k = run.kernel
    kernel = (f"{median([u['total'] for u in k]):7.1f} {median([u['render'] for u in k]):7.1f}"
              f" {median([u['full'] for u in k]):6.1f} {median([u['png'] for u in k]):6.1f}") if k else f"{'-':>29}"
    spread = lambda v: f"{median(v):7.1f} {max(v) if v else float('nan'):7.1f}"
    return (f"{run.name:30} {run.control.label[:16]:16} {spread(run.firsts)} {spread(run.lasts)} "
            f"{ratio:>6} {kernel}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("notebooks", nargs="*", help="lessons in notebooks/, by name or path (default: all)")
    args = ap.parse_args(argv)
    names = [Path(n).name for n in args.notebooks] or [p.name for p in harness.notebook_paths()]
    import jupyterlab
    from playwright.sync_api import sync_playwright
    root = harness.workdir()
    lab = harness.Server("lab", root)
    progress = lambda msg: print(msg, file=sys.stderr, flush=True)
    try:
        with sync_playwright() as pw:
            browser = harness.launch_browser(pw)
            pairs = measure_notebook(browser, lab, harness.FLOOR, args.presses, progress)
            for name in names:
                pairs += measure_notebook(browser, lab, name, args.presses, progress)
            browser.close()
    finally:
        lab.stop()
    print(f"\nslider key press -> changed canvas pixels, ms; {args.presses} presses per view after 2 warm-up; "
          f"JupyterLab {jupyterlab.__version__} + headless chromium, {os.cpu_count()} cores")
    print(f"{'view':30} {'control':16} {'first: median     max'} {'last: median     max'} {'ratio':>6} "
          f"{'kernel ms: total  render   full    png'}")
    for run, floor in pairs:
        ratio = f"{median(run.lasts) / median(floor.lasts):.2f}" if floor else ""
        print(row(run, ratio))
        if floor:
            print(row(floor))
    print("first/last = first/last pixel change after the key press (last: before 500 ms of stillness); "
          "ratio = median last / median last of the floor measured interleaved in the same page and kernel; "
          "kernel = median per update: busy time (widget callbacks + canvas draw/blit), of which render = "
          "Figure.draw + draw_artist, full = Figure.draw alone, png = image diff + PNG encode")


if __name__ == "__main__":
    main()
