"""Every notebook in a real JupyterLab and a real Voilà, driven by Debian's chromium, offline.

Generic checks for every notebook found in notebooks/: all cells run, no error output, no
"Error displaying widget"/"model not found", formulas typeset by the bundled MathJax, a slider
step changes figure pixels and shows no callback error. EXPECT adds per-notebook minimums and
numbers to check: after one slider step the page must show the values nnlib computes for the
slider's new value (read back from the slider's own readout).
"""
from dataclasses import dataclass
from typing import Callable

import nbformat
import pytest

import harness
import pages
from nnlib import PRESETS, fmt, share
from nnlib.params import find


def loss_and_outputs(setup):
    """E and the outputs o1, o2 of a Setup, computed by nnlib in the test."""
    o = setup.network.forward(setup.x)
    return {"E": setup.loss(), "o1": float(o.a2[0]), "o2": float(o.a2[1])}


def gradient(setup, name):
    p = find(name, setup.network.sizes)
    return float(getattr(setup.network.gradients(setup.x, setup.t), "d" + p.array)[p.index])


def gradients(*names, loss=True):
    """setup -> E (if `loss`) and dE/dw for each of `names`."""
    return lambda setup: {**({"E": setup.loss()} if loss else {}), **{f"dE/d{n}": gradient(setup, n) for n in names}}


def deltas_and_gradients(setup):
    """Every unit's δ (Network.gradients' delta2, delta1) and every weight's dE/dw."""
    g = setup.network.gradients(setup.x, setup.t)
    return {**{f"δ_o{k + 1}": float(d) for k, d in enumerate(g.delta2)},
            **{f"δ_h{j + 1}": float(d) for j, d in enumerate(g.delta1)}, **gradients(*WEIGHTS, loss=False)(setup)}


@dataclass
class Expect:
    min_sliders: int = 0                 # sliders rendered after Run All
    move: str = None                     # the slider to step (its label); None: the first one
    click: str = None                    # or the button to click (its text)
    shows: Callable = None               # setup -> {name: value} that the app must display
    preset: str = "notes"                # what the app's sliders do not show (e.g. learning rates)
    pixels: bool = True                  # the step must change figure pixels
    voila: bool = True                   # also rendered in Voilà
    walk: tuple = ()                     # titles the "next ▶" button must show in this order


# One row per lesson; notebooks without a row get the generic checks.
WEIGHTS = [f"w{i}" for i in range(1, 9)]
SWEEP_STAGES = ("stage 1 of 6: δ at the outputs", "stage 2 of 6: the output weights",
                "stage 3 of 6: δ travels back along the edges", "stage 4 of 6: δ at the hidden units",
                "stage 5 of 6: the hidden weights", "stage 6 of 6: the update, all at once")
EXPECT = {
    "01_forward_pass.ipynb": Expect(min_sliders=16, move="w5", shows=loss_and_outputs),
    "02_the_loss.ipynb": Expect(min_sliders=8, move="w5", shows=gradients("w5", "w6")),
    "03_backprop_step_by_step.ipynb": Expect(min_sliders=17, move="w5", shows=deltas_and_gradients, walk=SWEEP_STAGES),
    "04_gradient_descent.ipynb": Expect(min_sliders=3, click="step"),
    "05_beyond_one_example.ipynb": Expect(min_sliders=1, click="step"),
    # the sweep (every weight, bias, input, target and rate) with the function dropdowns, then descent
    "08_beyond_sigmoid.ipynb": Expect(min_sliders=18, move="w5", shows=deltas_and_gradients, walk=SWEEP_STAGES),
}

NOTEBOOKS = [p.name for p in harness.notebook_paths()]


def test_notebooks_are_found():
    assert NOTEBOOKS, f"no notebooks found in {harness.NOTEBOOKS}"


def expected_errors(name):
    """Cells tagged raises-exception show their error on purpose."""
    nb = nbformat.read(harness.NOTEBOOKS / name, as_version=4)
    return sum("raises-exception" in c.metadata.get("tags", []) for c in nb.cells)


def has_math(name):
    nb = nbformat.read(harness.NOTEBOOKS / name, as_version=4)
    return any(c.cell_type == "markdown" and "$" in c.source for c in nb.cells)


def expect(name):
    return EXPECT.get(name, Expect())


def shot(page, name, lab):
    """Save what the user sees, whole, to build/screenshots/."""
    harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages.screenshot_whole(page, harness.SCREENSHOTS / f"{'lab' if lab else 'voila'}-{name.removesuffix('.ipynb')}.png")


def unrendered_math(page):
    """Markdown text still holding TeX delimiters once MathJax is done (code spans excluded)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.jp-RenderedMarkdown')).map(e => {
        const c = e.cloneNode(true); c.querySelectorAll('mjx-container, code, pre').forEach(x => x.remove());
        return c.innerText; }).filter(t => t.includes('$'))""")


def check_math(page, name):
    if not has_math(name):
        return
    page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0", timeout=30000)
    page.wait_for_timeout(500)
    assert page.locator("mjx-merror").count() == 0, "a formula failed to typeset"
    assert not unrendered_math(page), f"formulas left as TeX: {unrendered_math(page)[:2]}"


CELL_OUTPUT = "xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][last()]"


def step_and_check(page, name):
    """One ArrowRight on a slider (or one click): pixels change, no callback error, numbers as nnlib says."""
    e = expect(name)
    if e.click:
        target = page.locator(".jupyter-widgets button", has_text=e.click).first
    else:
        target = pages.slider_by_label(page, e.move)[0] if e.move else pages.sliders(page).first
    app = target.locator(CELL_OUTPUT)
    if e.walk:  # first to the last stage: the numbers to check appear once the sweep reaches them
        walk(page, name, app, e.walk)
    pages.scroll_into_view(page, target)
    before_text, before = app.inner_text(), pages.setup_shown(app, PRESETS[e.preset])
    if e.click:
        first, last = pages.click_and_watch(page, target, root=app)
    else:
        first, last = pages.press_and_watch(page, target, root=app, timeout_ms=15000 if e.pixels else 3000)
    assert not pages.widget_errors(page), pages.widget_errors(page)
    assert not pages.bad_text(page), pages.bad_text(page)
    if e.pixels:
        assert first is not None, f"{e.click or e.move or 'the first slider'}: no figure pixel changed"
    if e.shows is None:
        return
    after_text, after = app.inner_text(), pages.setup_shown(app, PRESETS[e.preset])
    assert after != before, "the slider did not move"
    old, new = e.shows(before), e.shows(after)
    for key in new:
        assert pages.shows_value(before_text, old[key]), f"{key} = {old[key]} (nnlib) not shown before the step"
        assert pages.shows_value(after_text, new[key]), f"{key} = {new[key]} (nnlib) not shown after {e.move} step"


def walk(page, name, app, titles):
    """Click "next ▶" through the stages: each one repaints the figure and names itself, in order."""
    button = app.locator(".jupyter-widgets button", has_text="next").first
    for k, title in enumerate(titles, 1):
        first, last = pages.click_and_watch(page, button, root=app)
        assert first is not None, f"stage {k}: no figure pixel changed"
        assert title in app.inner_text(), f"stage {k}: {title!r} not shown"
        if k in (1, 4, 6):
            harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            app.screenshot(path=harness.SCREENSHOTS / f"stage{k}-{name.removesuffix('.ipynb')}.png")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_jupyterlab(lab_page, lab, name):
    page = lab_page
    pages.open_lab(page, lab, name)
    pages.run_all(page)
    widgets, sliders, figures = pages.settle_widgets(page)
    shot(page, name, lab=True)
    assert not pages.cell_errors(page), pages.cell_errors(page)
    assert not pages.bad_text(page), pages.bad_text(page)
    assert sliders >= expect(name).min_sliders, f"{sliders} sliders rendered"
    check_math(page, name)
    if sliders and figures:
        step_and_check(page, name)
        if name in PRESENT:
            presenter_shot(page, name)


PRESENT = ("01_forward_pass.ipynb", "03_backprop_step_by_step.ipynb")


def presenter_shot(page, name):
    """Issue 11: the first app's *presenter* toggle rebuilds its figure larger, live; a screenshot of it."""
    toggle = page.locator(".jupyter-widgets button", has_text="presenter").first
    app = toggle.locator(CELL_OUTPUT)
    canvas = app.locator(pages.FIGURE_CANVAS).first
    width = canvas.bounding_box()["width"]
    pages.scroll_into_view(page, toggle)
    first, last = pages.click_and_watch(page, toggle, root=app)
    assert first is not None, "presenter mode repainted nothing"
    page.wait_for_timeout(500)
    assert canvas.bounding_box()["width"] > width, "the presenter figure is not larger"
    assert not pages.widget_errors(page), pages.widget_errors(page)
    harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    app.screenshot(path=harness.SCREENSHOTS / f"presenter-{name.removesuffix('.ipynb')}.png")


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if expect(n).voila])
def test_notebook_in_voila(page, voila, name):
    """Instructor mode: the notebook as an app, code hidden, deliberate errors shown as errors."""
    page.goto(f"{voila.url}/voila/render/notebooks/{name}", timeout=180000)
    widgets, sliders, figures = pages.settle_widgets(page, ms=2000)
    shot(page, name, lab=False)
    errors = pages.cell_stderr(page)  # JupyterLab's renderers show errors as stderr
    assert len(errors) == expected_errors(name), f"{expected_errors(name)} cells raise on purpose; shown: {errors}"
    assert all("Traceback" in e for e in errors), f"voila.json's show_tracebacks not in effect: {errors}"
    assert not pages.bad_text(page), pages.bad_text(page)
    assert page.locator(".jp-InputArea-editor:visible").count() == 0, "code is shown in Voilà"
    assert sliders >= expect(name).min_sliders, f"{sliders} sliders rendered"
    check_math(page, name)
    if sliders and figures:
        step_and_check(page, name)


def test_floor_figure_in_jupyterlab(lab_page, lab):
    """The harness itself, on the bare ipympl plot: one ArrowRight is one step and repaints the canvas."""
    page = lab_page
    pages.open_lab(page, lab, harness.FLOOR)
    pages.run_all(page)
    assert pages.settle_widgets(page)[1:] == [1, 1]
    handle, widget = pages.slider_by_label(page, "floor a")
    assert pages.readout(widget) == 1.0
    first, last = pages.press_and_watch(page, handle)
    assert first is not None, "the figure did not repaint"
    assert pages.readout(widget) == 1.01
    assert page.locator("mjx-container").count() == 1


def test_floor_figure_in_voila_offline(page, voila):
    """Voilà typesets formulas with its bundled MathJax; nothing but fonts is fetched from outside."""
    page.goto(f"{voila.url}/voila/render/notebooks/{harness.FLOOR}", timeout=120000)
    page.wait_for_selector(pages.SLIDER, timeout=120000)
    check_math_count = page.wait_for_function("() => document.querySelectorAll('mjx-container').length", timeout=30000)
    assert check_math_count
    handle, widget = pages.slider_by_label(page, "floor a")
    first, last = pages.press_and_watch(page, handle)
    assert first is not None, "the figure did not repaint"
    assert pages.readout(widget) == 1.01
    outside = [u for u in page.kit_blocked if not u.startswith("http://127.0.0.1")]
    assert all("fontawesome" in u for u in outside), outside


def test_a_voila_preset_link_opens_that_setup(page, voila):
    """Issue 12: a lesson opened as an app with ?preset=<share string> starts on that setup. Oracle:
    Mazur's published E = 0.298371109 (and nnlib's forward pass), shown instead of the notes' 0.100917."""
    mazur = PRESETS["mazur"]
    link = f"{voila.url}/voila/render/notebooks/01_forward_pass.ipynb?preset={share.encode(mazur)}"
    page.goto(link, timeout=180000)
    pages.settle_widgets(page, ms=2000)
    first_app = page.locator(".jupyter-widgets.widget-vbox").first
    text = first_app.inner_text()
    assert fmt(mazur.loss()) == "0.298371" and "0.298371" in text, text[:300]
    assert "0.100917" not in text
    assert share.encode(mazur) in text  # the share box shows the string it opened
