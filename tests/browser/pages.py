"""What a user does in the browser, as functions of a Playwright page: open, run all, look, move.

The ipympl redraw changes no DOM node, so figures are watched through their pixels: a
requestAnimationFrame loop hashes every figure canvas's getImageData each frame and records when
a hash changes; the key press time is the keydown event's own timestamp (same page clock).
"""
import re

FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div > canvas:first-child"  # the second is the rubber band
SLIDER = ".noUi-handle[role=slider]"
BAD_TEXT = ("Error displaying widget", "model not found", "Failed to load model class")

WATCHER = """
() => {
  if (window.__kit) return;
  const hash = (c) => {
    if (!c.width || !c.height) return 0;
    const d = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
    let h = 2166136261 >>> 0;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619);
    return h >>> 0;
  };
  const kit = window.__kit = {changes: [], keydown: null, hashes: new Map(), root: document};
  window.addEventListener('keydown', (e) => { kit.keydown = e.timeStamp; }, true);
  window.addEventListener('pointerdown', (e) => { kit.keydown = e.timeStamp; }, true);
  const frame = (t) => {
    kit.root.querySelectorAll('%s').forEach((c, i) => {
      const h = hash(c);
      if (kit.hashes.has(c) && kit.hashes.get(c) !== h) kit.changes.push({t: performance.now(), i});
      kit.hashes.set(c, h);
    });
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
""" % FIGURE_CANVAS


def install_watcher(page):
    page.evaluate(WATCHER)


def act_and_watch(page, act, root=None, settle_ms=700, timeout_ms=15000):
    """Do `act()` (a key press or a click); return (first, last) ms from its event to changed pixels.

    Only figures inside `root` (a locator; default the whole page) are watched. `last` is the last
    change before they stay still for `settle_ms`; (None, None) if no pixel changed in `timeout_ms`.
    """
    install_watcher(page)
    if root is None:
        page.evaluate("() => { window.__kit.root = document; }")
    else:
        root.evaluate("(e) => { window.__kit.root = e; window.__kit.hashes = new Map(); }")
    page.wait_for_timeout(100)  # a few frames to take the baseline hashes
    page.evaluate("() => { window.__kit.changes = []; window.__kit.keydown = null; }")
    act()
    page.wait_for_function(
        """([settle, timeout]) => { const k = window.__kit; if (k.keydown === null) return false;
             const now = performance.now(), c = k.changes;
             if (c.length === 0) return now - k.keydown > timeout;
             return now - c[c.length - 1].t > settle; }""",
        arg=[settle_ms, timeout_ms], timeout=timeout_ms + 5000, polling=100)
    k = page.evaluate("() => window.__kit")
    if not k["changes"]:
        return None, None
    return k["changes"][0]["t"] - k["keydown"], k["changes"][-1]["t"] - k["keydown"]


def press_and_watch(page, handle, key="ArrowRight", **kwargs):
    """Focus a slider handle, press `key` (one step); see act_and_watch."""
    handle.focus()
    return act_and_watch(page, lambda: page.keyboard.press(key), **kwargs)


def click_and_watch(page, button, **kwargs):
    return act_and_watch(page, lambda: button.click(), **kwargs)


def sliders(page):
    return page.locator(SLIDER)


def slider_by_label(page, label):
    """The handle of the slider whose description is exactly `label`, or starts with `label` + ' '."""
    widgets = page.locator(".widget-slider, .jupyter-widget-slider, .widget-hslider")
    for i in range(widgets.count()):
        w = widgets.nth(i)
        text = w.locator(".widget-label, label").first.inner_text().strip()
        if text == label or text.startswith(label + " "):
            return w.locator(SLIDER).first, w
    raise LookupError(f"no slider labelled {label!r}")


SHOWN = """(root) => Array.from(root.querySelectorAll('.widget-slider, .jupyter-widget-slider')).map(s => {
  const l = s.querySelector('.widget-label'), r = s.querySelector('.widget-readout');
  return [l ? l.innerText.trim() : '', r ? r.innerText.trim().replace('\u2212', '-') : '']; })"""
BIAS = {"b h1": "b1[0]", "b h2": "b1[1]", "b o1": "b2[0]", "b o2": "b2[1]"}


def setup_shown(root, setup):
    """`setup` with every weight, bias, input and target that a slider inside `root` shows."""
    params, x, t = {}, list(setup.x), list(setup.t)
    for label, value in root.evaluate(SHOWN):
        name = BIAS.get(label, label.split(" ")[0])
        if re.fullmatch(r"w\d+|b[12]\[\d\]", name):
            params[name] = float(value)
        elif re.fullmatch(r"[xt]\d", name):
            (x if name[0] == "x" else t)[int(name[1]) - 1] = float(value)
    return setup.replace(network=setup.network.with_params(params), x=tuple(x), t=tuple(t))


def readout(widget):
    """The number a slider shows next to it (ipywidgets prints minus as U+2212)."""
    return float(widget.locator(".widget-readout").first.inner_text().strip().replace("\u2212", "-"))


def bad_text(page):
    """Widget rendering failures shown in any output (markdown prose may name them, e.g. in a FAQ)."""
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
        .filter(e => e.getAttribute('data-mime-type') !== 'text/markdown').map(e => e.innerText).join('\\n')""")
    return [t for t in BAD_TEXT if t in shown]


def numbers(text):
    return [float(m) for m in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", text)]


def shows_value(text, value):
    """True if `value`, as the kit prints it (6 significant digits) or rounded to 3-6 decimals,
    appears as a number in `text`."""
    found = set(re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text.replace("\u2212", "-")))
    forms = {f"{value:.{d}f}" for d in (3, 4, 5, 6)} | {f"{value:.{g}g}" for g in (4, 5, 6)}
    return bool(forms & found)


# -- JupyterLab ---------------------------------------------------------------------------
KERNEL_IDLE = """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && !w.sessionContext.isRestarting; }"""

CELLS_DONE = """() => { const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  return w.sessionContext.session.kernel.status === 'idle'
    && cells.every(c => c.model.executionCount !== null || c.model.sharedModel.getSource().trim() === ''); }"""

CELL_ERRORS = """() => { const w = window.jupyterapp.shell.currentWidget; const out = [];
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    const tags = c.model.getMetadata('tags') || [];
    if (tags.includes('raises-exception')) return;
    const outputs = c.model.outputs.toJSON();
    outputs.forEach(o => {
      if (o.output_type === 'error') out.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') out.push(`cell ${i} stderr: ${o.text}`);
    });
  });
  return out; }"""

WIDGET_STDERR = """() => Array.from(document.querySelectorAll(
  '.jupyter-widgets .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],'
  + '.jupyter-widgets .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'))
  .map(e => e.innerText)"""


def open_lab(page, server, name, timeout=120000):
    page.goto(f"{server.url}/lab/tree/notebooks/{name}?reset", timeout=timeout)
    page.wait_for_function(KERNEL_IDLE, timeout=timeout, polling=250)


def run_all(page, timeout=300000):
    """Run menu -> Run All Cells (the same command), then wait until every code cell has run."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(500)
    page.wait_for_function(CELLS_DONE, timeout=timeout, polling=250)


def cell_errors(page):
    return page.evaluate(CELL_ERRORS)


def cell_stderr(page):
    """Errors and stderr shown by cells themselves (not inside widgets), as text."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
        .filter(e => !e.parentElement.closest('.jupyter-widgets')).map(e => e.innerText.slice(0, 500))""")


def widget_errors(page):
    """Text shown by ErrorBox-style Outputs inside widgets (callback exceptions)."""
    return page.evaluate(WIDGET_STDERR)


def settle_widgets(page, ms=1500):
    """Wait until the number of rendered widgets and sliders stops changing."""
    last, same = None, 0
    for _ in range(120):
        now = page.evaluate(f"""() => [document.querySelectorAll('.jupyter-widgets').length,
                                      document.querySelectorAll('{SLIDER}').length,
                                      document.querySelectorAll('{FIGURE_CANVAS}').length]""")
        same = same + 1 if now == last else 0
        if same * 250 >= ms:
            return now
        last = now
        page.wait_for_timeout(250)
    return last


SCROLLER = """() => { let best = document.scrollingElement;
  for (const e of document.querySelectorAll('*')) {
    const s = getComputedStyle(e).overflowY;
    if ((s === 'auto' || s === 'scroll') && e.scrollHeight > e.clientHeight + 10 && e.scrollHeight > best.scrollHeight)
      best = e; }
  best.scrollTop = 0;
  return best.scrollHeight; }"""


def screenshot_whole(page, path, max_height=16000):
    """A screenshot of the whole document, even when it scrolls inside a panel (JupyterLab, Voilà)."""
    height = page.evaluate(SCROLLER)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(height + 150, max_height))})
    page.wait_for_timeout(700)
    page.screenshot(path=path)
    page.set_viewport_size(size)


def scroll_into_view(page, locator):
    locator.scroll_into_view_if_needed()
    page.wait_for_timeout(100)
