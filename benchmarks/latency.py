"""Slider key press -> changed canvas pixels, in a real JupyterLab and Debian's chromium.

For every live view (an output holding a slider and an ipympl figure) of every notebook, and for
a bare ipympl line plot updated the same way in the same run (the floor of this stack), presses
ArrowRight/ArrowLeft on the view's first slider and prints the median and max time from the
keydown event to the first and to the last changed canvas pixels, the ratio to the floor, and
the kernel-side time per update (slider callbacks + figure draw + PNG diff, measured in the kernel).

    python benchmarks/latency.py [--presses 15] [notebook names...]
"""
import argparse
import json
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
for _cls, _name, _kind in [(_w.Widget, 'set_state', 'callbacks'), (_mf.Figure, 'draw', 'render'),
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


def kernel_times(log):
    """Per update (from one slider set_state to the next): kernel busy ms (union of intervals), and parts."""
    starts = [s for kind, s, _ in log if kind == "callbacks"]
    updates = []
    for i, s0 in enumerate(starts):
        s1 = starts[i + 1] if i + 1 < len(starts) else float("inf")
        spans = sorted((s, e, k) for k, s, e in log if s0 <= s < s1)
        busy, end = 0.0, s0
        for s, e, k in spans:
            if k in ("callbacks", "canvas"):
                busy += max(0.0, e - max(s, end))
                end = max(end, e)
        parts = {k: 1000 * sum(e - s for s, e, kind in spans if kind == k) for k in ("render", "png")}
        updates.append({"total": 1000 * busy, **parts})
    return updates


def live_views(page):
    """The outermost output areas that hold at least one slider and one figure canvas."""
    live = [o for o in page.locator(".jp-OutputArea-output").element_handles()
            if o.query_selector(pages.SLIDER) and o.query_selector(pages.FIGURE_CANVAS)]
    return [v for v in live if not any(o.evaluate("(a, b) => a !== b && a.contains(b)", v) for o in live)]


LABEL = """(h) => { const s = h.closest('.widget-slider, .jupyter-widget-slider');
  const l = s && s.querySelector('.widget-label'); return l ? l.innerText.trim() : '?'; }"""


def measure_view(page, view, presses):
    handle = view.query_selector(pages.SLIDER)
    label = handle.evaluate(LABEL)
    handle.scroll_into_view_if_needed()
    page.evaluate(EXECUTE, READ_LOG)
    firsts, lasts = [], []
    for n in range(presses + 2):
        first, last = pages.press_and_watch(page, handle, key="ArrowRight" if n % 2 == 0 else "ArrowLeft", root=view)
        if n >= 2 and first is not None:  # two warm-up presses
            firsts.append(first)
            lasts.append(last)
    log = json.loads(page.evaluate(EXECUTE, READ_LOG).strip().splitlines()[-1])
    kernel = kernel_times(log)[2:]
    return label, firsts, lasts, kernel


def measure_notebook(browser, lab, name, presses):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    rows = []
    try:
        pages.open_lab(page, lab, name)
        pages.run_all(page)
        pages.settle_widgets(page)
        page.evaluate(EXECUTE, INSTRUMENT)
        for i, view in enumerate(live_views(page)):
            label, firsts, lasts, kernel = measure_view(page, view, presses)
            rows.append((f"{name.removesuffix('.ipynb')} #{i + 1}", label, firsts, lasts, kernel))
    finally:
        context.close()
    return rows


def fmt(values):
    return (f"{statistics.median(values):7.1f} {max(values):7.1f}") if values else f"{'-':>7} {'-':>7}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("notebooks", nargs="*", help="names in notebooks/ (default: all)")
    args = ap.parse_args(argv)
    names = args.notebooks or [p.name for p in harness.notebook_paths()]
    from playwright.sync_api import sync_playwright
    root = harness.workdir()
    lab = harness.Server("lab", root)
    try:
        with sync_playwright() as pw:
            browser = harness.launch_browser(pw)
            rows = measure_notebook(browser, lab, harness.FLOOR, args.presses)
            for name in names:
                rows += measure_notebook(browser, lab, name, args.presses)
            browser.close()
    finally:
        lab.stop()
    floor = statistics.median(rows[0][3]) if rows and rows[0][3] else float("nan")
    print(f"\nslider key press -> changed canvas pixels, ms ({args.presses} presses per view, 2 warm-up), "
          f"JupyterLab + headless chromium")
    print(f"{'view':28} {'slider':14} {'first: median   max':>20} {'last: median   max':>20} {'ratio':>6}"
          f" {'kernel ms: total render  png':>30}")
    for i, (view, label, firsts, lasts, kernel) in enumerate(rows):
        view = "floor (bare ipympl line)" if i == 0 else view
        ratio = statistics.median(lasts) / floor if lasts else float("nan")
        k = (f"{statistics.median(u['total'] for u in kernel):8.1f} {statistics.median(u['render'] for u in kernel):6.1f}"
             f" {statistics.median(u['png'] for u in kernel):5.1f}") if kernel else "-"
        print(f"{view:28} {label[:14]:14} {fmt(firsts):>20} {fmt(lasts):>20} {ratio:6.2f} {k:>30}")
    print("ratio = median(last) / median(last) of the floor; kernel = median per update "
          "(callbacks + draw + PNG diff, union of busy intervals), render = Figure.draw, png = image diff + encode")


if __name__ == "__main__":
    main()
