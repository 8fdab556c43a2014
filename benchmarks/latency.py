"""Slider key press and slider drag -> changed canvas pixels, in a real JupyterLab and Debian's chromium.

For every live view (an output holding a slider and an ipympl figure) of every notebook: the
benchmark appends a bare ipympl line plot with its own slider to the same notebook (the floor of
this stack: same page, same kernel), then presses ArrowRight/ArrowLeft alternately on the floor
and on the view's first slider that changes its figure (weights first) (a view whose sliders change no pixels,
e.g. learning rates that act on the next step, is driven by its first button that does, marked
"click"). It prints the median and max time from the keydown (pointerdown) event to the first
and the last changed canvas pixels, the ratio to the floor measured interleaved with it, and the
kernel-side time per update (widget callbacks + figure drawing + PNG diff, timed in the kernel).

The drag benchmark (run after the key presses, on the same controls, interleaved with the same
floor): a real mouse drag (pointer down on the handle, a move every ~16 ms at constant speed across
the slider's whole track for --drag seconds, pointer up), alternately on the view and on the floor,
--rounds times each after one warm-up drag. ipywidgets sends the next value only when the kernel has
answered the last one, so the values the kernel receives per second during the drag are the frame
rate a class sees. Per view it prints those updates/s, the canvas frames/s seen by the browser, the
ratio of updates/s to the floor's, the ms from release to the last changed pixel (settle), and the
kernel's busy ms per update.

    python benchmarks/latency.py [--presses 15] [--drag 3] [--rounds 2] [--only keys|drag] [notebook names...]
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
def _kit_values(fn):
    @_f.wraps(fn)
    def counted(self, sync_data, *a, **k):
        if 'value' in sync_data or 'index' in sync_data:  # one slider value (a selection slider sends its index)
            _kit_log.append(('value', _t.perf_counter(), _t.perf_counter()))
        return fn(self, sync_data, *a, **k)
    counted._kit = True
    return counted
for _cls, _name, _kind in [(_w.Widget, 'set_state', 'callbacks'), (_w.Widget, '_handle_custom_msg', 'callbacks'),
                           (_mf.Figure, 'draw', 'full'), (_mf.Figure, 'draw_artist', 'artist'),
                           (_wa.FigureCanvasWebAggCore, 'get_diff_image', 'png'),
                           (_wa.FigureCanvasWebAggCore, 'draw', 'canvas'),
                           (_wa.FigureCanvasWebAggCore, 'blit', 'canvas')]:
    if not getattr(getattr(_cls, _name), '_kit', False):
        setattr(_cls, _name, _kit_timed(_kind, getattr(_cls, _name)))
try:  # the kit's canvases encode their frames themselves (nnlib.apps.figure.quick_frames)
    import nnlib.apps.figure as _kf
    if not getattr(_kf.frame_png, '_kit', False):
        _kf.frame_png = _kit_timed('png', _kf.frame_png)
except (ImportError, AttributeError):
    pass
if not getattr(_w.Widget.set_state, '_kit_values', False):
    _w.Widget.set_state = _kit_values(_w.Widget.set_state)
    _w.Widget.set_state._kit_values = True
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


TRACK = """(h) => { const r = h.closest('.noUi-target').getBoundingClientRect(), b = h.getBoundingClientRect();
  return [r.left, r.right, b.left + b.width / 2, b.top + b.height / 2]; }"""
RELEASE = """() => { const k = window.__kit; k.up = null;
  if (!k.upListener) { k.upListener = true;
    window.addEventListener('pointerup', (e) => { k.up = e.timeStamp; }, true); } }"""


def drag_and_watch(page, control, seconds, settle_ms=700):
    """Drag `control`'s handle at constant speed to the far end of its track in `seconds` (a move
    every ~16 ms), release, wait for `settle_ms` of still pixels; returns (drag ms, frames during the
    drag, ms from release to the last changed pixel or None)."""
    import time
    handle = control.element
    handle.scroll_into_view_if_needed()
    pages.install_watcher(page)
    control.view.evaluate("(e) => { window.__kit.root = e; window.__kit.hashes = new Map(); }")
    page.evaluate(RELEASE)
    page.wait_for_timeout(100)
    left, right, x0, y = handle.evaluate(TRACK)
    x1 = right + 20 if right - x0 > x0 - left else left - 20  # past the end: the whole track
    page.evaluate("() => { window.__kit.changes = []; window.__kit.keydown = null; }")
    page.mouse.move(x0, y)
    page.mouse.down()
    start = time.perf_counter()
    while (f := (time.perf_counter() - start) / seconds) < 1:
        page.mouse.move(x0 + (x1 - x0) * f, y)
        page.wait_for_timeout(16)
    page.mouse.move(x1, y)
    page.mouse.up()
    page.wait_for_function(
        """(settle) => { const k = window.__kit, c = k.changes, now = performance.now();
             return k.up !== null && now - Math.max(k.up, c.length ? c[c.length - 1].t : 0) > settle; }""",
        arg=settle_ms, timeout=60000, polling=100)
    k = page.evaluate("() => window.__kit")
    down, up, times = k["keydown"], k["up"], [c["t"] for c in k["changes"]]
    frames = sum(down <= t <= up for t in times)
    settle = max(0.0, times[-1] - up) if times else None
    return up - down, frames, settle


class DragRun:
    """Drags of one control: updates (slider values the kernel received) and frames per second, settle ms,
    kernel busy ms per update."""

    def __init__(self, name, control):
        self.name, self.control = name, control
        self.rates, self.frame_rates, self.settles, self.kernel = [], [], [], []

    def measure(self, page, seconds, keep):
        page.evaluate(EXECUTE, READ_LOG)
        ms, frames, settle = drag_and_watch(page, self.control, seconds)
        log = json.loads(page.evaluate(EXECUTE, READ_LOG).strip().splitlines()[-1])
        updates = sum(1 for kind, _, _ in log if kind == "value")
        if keep and updates:
            self.rates.append(1000 * updates / ms)
            self.frame_rates.append(1000 * frames / ms)
            self.settles.append(settle if settle is not None else float("nan"))
            self.kernel.append(kernel_time(log)["total"] / updates)


def drag_notebook(page, name, views, floor, seconds, rounds, log=print):
    """Interleaved drags (view, floor beside it) of the slider `pick_control` chose for every view."""
    pairs = []
    for label, control in views:
        if control.kind != "slider":
            log(f"{label}: no slider of this view changes its figure; no drag")
            continue
        run, beside = DragRun(label, control), DragRun("  floor, interleaved", floor)
        for n in range(rounds + 1):  # one warm-up drag each
            run.measure(page, seconds, keep=n >= 1)
            beside.measure(page, seconds, keep=n >= 1)
        log(f"{label}: drag {control.label}: {median(run.rates):.1f} updates/s, floor {median(beside.rates):.1f}")
        pairs.append((run, beside))
    return pairs


def measure_notebook(browser, lab, name, presses, log=print, drag=None):
    """Interleaved runs (view, floor beside it) for every live view of notebook `name`: key presses
    (unless presses == 0), then drags if `drag` = (seconds, rounds). Returns (key pairs, drag pairs)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    pairs, chosen, drags = [], [], []
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
            chosen.append((label, control))
            if not presses:
                continue
            run, beside = Run(label, control), Run("  floor, interleaved", floor)
            for n in range(presses + 2):  # two warm-up rounds
                run.measure(page, keep=n >= 2)
                beside.measure(page, keep=n >= 2)
            log(f"{label}: {control.label}: median {median(run.lasts):.0f} ms, floor {median(beside.lasts):.0f} ms")
            pairs.append((run, beside))
        if name == harness.FLOOR and presses:
            alone = Run("floor alone (bare ipympl line)", floor)
            for n in range(presses + 2):
                alone.measure(page, keep=n >= 2)
            pairs.append((alone, None))
        if drag:
            drags = drag_notebook(page, name, chosen, floor, *drag, log=log)
    finally:
        context.close()
    return pairs, drags


def median(values):
    return statistics.median(values) if values else float("nan")


def row(run, ratio=""):
    k = run.kernel
    kernel = (f"{median([u['total'] for u in k]):7.1f} {median([u['render'] for u in k]):7.1f}"
              f" {median([u['full'] for u in k]):6.1f} {median([u['png'] for u in k]):6.1f}") if k else f"{'-':>29}"
    spread = lambda v: f"{median(v):7.1f} {max(v) if v else float('nan'):7.1f}"
    return (f"{run.name:30} {run.control.label[:16]:16} {spread(run.firsts)} {spread(run.lasts)} "
            f"{ratio:>6} {kernel}")


def drag_row(run, ratio=""):
    k = lambda v: f"{median(v):7.1f}"
    return (f"{run.name:30} {run.control.label[:16]:16} {k(run.rates)} {k(run.frame_rates)} {ratio:>6} "
            f"{k(run.settles)} {max(run.settles) if run.settles else float('nan'):7.1f} {k(run.kernel)}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("--drag", type=float, default=3.0, help="seconds per drag")
    ap.add_argument("--rounds", type=int, default=2, help="drags per control after one warm-up")
    ap.add_argument("--only", choices=("keys", "drag"), help="only the key presses or only the drags")
    ap.add_argument("notebooks", nargs="*", help="lessons in notebooks/, by name or path (default: all)")
    args = ap.parse_args(argv)
    presses = 0 if args.only == "drag" else args.presses
    drag = None if args.only == "keys" else (args.drag, args.rounds)
    names = [Path(n).name for n in args.notebooks] or [p.name for p in harness.notebook_paths()]
    import jupyterlab
    from playwright.sync_api import sync_playwright
    root = harness.workdir()
    lab = harness.Server("lab", root)
    progress = lambda msg: print(msg, file=sys.stderr, flush=True)
    pairs, drags = [], []
    load = os.getloadavg()[0]
    try:
        with sync_playwright() as pw:
            browser = harness.launch_browser(pw)
            for name in ([harness.FLOOR] if presses else []) + names:
                keys, dragged = measure_notebook(browser, lab, name, presses, progress, drag)
                pairs += keys
                drags += dragged
            browser.close()
    finally:
        lab.stop()
    setting = (f"JupyterLab {jupyterlab.__version__} + headless chromium, {os.cpu_count()} cores, "
               f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    if pairs:
        print(f"\nslider key press -> changed canvas pixels, ms; {args.presses} presses per view after 2 warm-up; "
              + setting)
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
    if drags:
        print(f"\nslider drag across the whole track in {args.drag:g} s, {args.rounds} drags per view after 1 warm-up, "
              "medians; " + setting)
        print(f"{'view':30} {'control':16} {'upd/s':>7} {'frm/s':>7} {'ratio':>6} {'settle':>7} {'max':>7} "
              f"{'kern ms':>7}")
        for run, floor in drags:
            print(drag_row(run, f"{median(run.rates) / median(floor.rates):.2f}"))
            print(drag_row(floor))
        print("upd/s = slider values the kernel received per second of drag (ipywidgets sends the next one when "
              "the kernel has answered); frm/s = canvas changes the browser showed per second of drag; ratio = "
              "upd/s / the floor's upd/s, dragged interleaved in the same page and kernel; settle = ms from "
              "release to the last changed pixel (max over the drags beside it); kern ms = kernel busy time "
              "(widget callbacks + canvas draw/blit) per update")


if __name__ == "__main__":
    main()
