"""The instructor's material: the cheat sheet PDF (notebooks/instructor/cheatsheet.py) and the
guide (notebooks/instructor/guide.md).

Oracle for the numbers: `scalar_example()` below, the worked example recomputed one number at a
time in plain Python (the scalar pass of tests/oracle.py, no numpy, no nnlib), from the setup of
the notes (x = (0.3, 0.9), t = (0.8, 0.2), no biases, w1..w8 = 0.2, 0.1, 0.4, 0.1, 0.5, 0.1, 0.8,
0.9, rate 1 for w1..w4 and 0.5 for w5..w8). The sheet's rows come from nnlib; they must agree with it.
"""
import importlib.util
import itertools
import json
import math
import pathlib
import re
import subprocess
import sys
from urllib.parse import unquote

import numpy as np
import pytest

from nnlib import NOTES, Network, all_params, fmt, loss_surface, reuse
from oracle import NOTES_T, NOTES_W, NOTES_X, oracle, step  # the independent scalar oracle shared by the tests

ROOT = pathlib.Path(__file__).resolve().parents[1]
INSTRUCTOR = ROOT / "notebooks" / "instructor"
_spec = importlib.util.spec_from_file_location("cheatsheet", INSTRUCTOR / "cheatsheet.py")
cheatsheet = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cheatsheet)


# -- the independent oracle ---------------------------------------------------------------------
def scalar_example():
    """Every number of the worked example, by hand-style scalar arithmetic: name -> value. The pass
    itself is tests/oracle.py's; the sheet's other rows are products and sums of its numbers."""
    (t1, t2), w = NOTES_T, NOTES_W
    o = oracle(w, NOTES_X, NOTES_T)
    v = {**dict(zip(("z_h1", "z_h2", "z_o1", "z_o2"), o["z"])), **dict(zip(("a_h1", "a_h2", "o1", "o2"), o["a"]))}
    v["E_o1"], v["E_o2"] = 0.5 * (t1 - v["o1"]) ** 2, 0.5 * (t2 - v["o2"]) ** 2
    v["E"] = o["E"]
    v["s_o1"], v["s_o2"] = v["o1"] * (1 - v["o1"]), v["o2"] * (1 - v["o2"])
    v["d21"], v["d22"] = o["delta"]["o1"], o["delta"]["o2"]
    v.update({f"g{k}": g for k, g in o["grad"].items()})
    v["w5d21"], v["w6d22"], v["w7d21"], v["w8d22"] = w[5] * v["d21"], w[6] * v["d22"], w[7] * v["d21"], w[8] * v["d22"]
    v["dE_da_h1"] = v["w5d21"] + v["w6d22"]
    v["dE_da_h2"] = v["w7d21"] + v["w8d22"]
    v["s_h1"], v["s_h2"] = v["a_h1"] * (1 - v["a_h1"]), v["a_h2"] * (1 - v["a_h2"])
    v["d11"], v["d12"] = o["delta"]["h1"], o["delta"]["h2"]
    new = step(w, NOTES_X, NOTES_T)
    for k in w:
        v[f"w{k}+"] = new[k]
    after = oracle(new, NOTES_X, NOTES_T)
    v["o1+"], v["o2+"] = after["a"][2:]
    v["E+"] = after["E"]
    v["E+-E"] = v["E+"] - v["E"]
    return v


# The sheet's rows (by their left-hand side, in order) and the oracle's name for each.
SHEET_ORDER = [
    ("z_{h1}", "z_h1"), ("a_{h1}", "a_h1"), ("z_{h2}", "z_h2"), ("a_{h2}", "a_h2"),
    ("z_{o1}", "z_o1"), ("o_1", "o1"), ("z_{o2}", "z_o2"), ("o_2", "o2"),
    ("E_{o1}", "E_o1"), ("E_{o2}", "E_o2"), ("E", "E"),
    (r"\sigma'(z_{o1})", "s_o1"), (r"\delta_{o1}", "d21"), (r"\sigma'(z_{o2})", "s_o2"), (r"\delta_{o2}", "d22"),
    (r"\partial E/\partial w_5", "g5"), (r"\partial E/\partial w_6", "g6"),
    (r"\partial E/\partial w_7", "g7"), (r"\partial E/\partial w_8", "g8"),
    (r"w_5\,\delta_{o1}", "w5d21"), (r"w_6\,\delta_{o2}", "w6d22"), (r"\partial E/\partial a_{h1}", "dE_da_h1"),
    (r"\sigma'(z_{h1})", "s_h1"), (r"\delta_{h1}", "d11"),
    (r"w_7\,\delta_{o1}", "w7d21"), (r"w_8\,\delta_{o2}", "w8d22"), (r"\partial E/\partial a_{h2}", "dE_da_h2"),
    (r"\sigma'(z_{h2})", "s_h2"), (r"\delta_{h2}", "d12"),
    (r"\partial E/\partial w_1", "g1"), (r"\partial E/\partial w_2", "g2"),
    (r"\partial E/\partial w_3", "g3"), (r"\partial E/\partial w_4", "g4"),
] + [(f"w_{k}^{{+}}", f"w{k}+") for k in range(1, 9)] + [
    ("o_1^{+}", "o1+"), ("o_2^{+}", "o2+"), ("E^{+}", "E+"), ("E^{+} - E", "E+-E")]


def mismatches(rows):
    """Rows whose value or place differs from the scalar oracle (empty when the sheet is right)."""
    truth = scalar_example()
    got = [(r.lhs, r.value) for r in rows]
    bad = [f"row {i}: {lhs} is missing or out of order" for i, ((lhs, _), (want, _n)) in
           enumerate(itertools.zip_longest(got, SHEET_ORDER, fillvalue=("", ""))) if lhs != want]
    for (lhs, value), (_, name) in zip(got, SHEET_ORDER):
        if not math.isclose(value, truth[name], rel_tol=1e-12, abs_tol=1e-15):
            bad.append(f"{lhs} = {value!r}, the scalar computation gives {truth[name]!r}")
    return bad


# -- the cheat sheet --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The PDF the command makes now (run as a student would: a subprocess, default settings)."""
    out = tmp_path_factory.mktemp("sheet") / "cheatsheet.pdf"
    run = subprocess.run([sys.executable, str(INSTRUCTOR / "cheatsheet.py"), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return out.read_bytes()


def pdf_pages(data):
    """Number of page objects in a PDF (uncompressed object dictionaries, as matplotlib writes them)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


def test_the_command_makes_a_one_page_pdf(made):
    assert made.startswith(b"%PDF-")
    assert pdf_pages(made) == 1
    assert re.search(rb"/Type\s*/Pages\s*/Kids\s*\[\s*\d+ 0 R\s*\]\s*/Count 1\b", made)


def test_page_counter_can_fail():
    """The counter sees a second page: without this the one-page test could pass on anything."""
    two = b"%PDF-1.4\n<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>\n<< /Type /Page >>\n<< /Type /Page >>"
    assert pdf_pages(two) == 2


def test_the_committed_pdf_is_what_the_command_makes_now(made):
    """Byte-equal, so the printed sheet cannot go stale (the PDF carries no creation date)."""
    committed = (INSTRUCTOR / "cheatsheet.pdf").read_bytes()
    assert committed == made, \
        "notebooks/instructor/cheatsheet.pdf is stale: run python notebooks/instructor/cheatsheet.py"


def test_every_number_on_the_sheet_equals_the_scalar_computation():
    """Each row's value (nnlib's) against the plain-Python worked example, in sweep order."""
    assert mismatches(cheatsheet.rows()) == []


def test_a_planted_wrong_number_is_caught():
    rows = cheatsheet.rows()
    i = next(i for i, r in enumerate(rows) if r.lhs == r"\delta_{h1}")
    planted = rows[:i] + [rows[i]._replace(value=rows[i].value * 1.0001)] + rows[i + 1:]
    assert any(r"\delta_{h1}" in m for m in mismatches(planted))
    assert mismatches(rows[:-1])  # a dropped row too


def page_texts(fig):
    return [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))
            if t.get_visible() and t.get_text().strip()]


def printed_values(fig):
    """The value column of the page: texts in the monospaced face, top to bottom, left column first."""
    return [t.get_text() for t in page_texts(fig) if "DejaVu Sans Mono" in t.get_fontfamily()]


def test_the_page_prints_each_row_once_at_six_significant_digits():
    rows = cheatsheet.rows()
    fig = cheatsheet.page(rows)
    values = printed_values(fig)
    assert len(values) == len(rows)
    for text, row in zip(values, rows):
        number = float(text.replace("\u2212", "-"))  # read the printed text back, independently of fmt
        assert math.isclose(number, row.value, rel_tol=5e-6), (row.lhs, text, row.value)
        digits = text.lstrip("\u2212").lstrip("0.").replace(".", "")
        assert len(digits) <= 6, text
    labels = [t.get_text() for t in page_texts(fig) if t.get_text().startswith("$")]
    for row in rows:
        assert any(label.startswith(f"${row.lhs}") for label in labels), row.lhs


def test_a_wrongly_printed_value_is_caught():
    """Replace one printed value on the page: the read-back comparison above must see it."""
    rows = cheatsheet.rows()
    fig = cheatsheet.page(rows)
    mono = [t for t in page_texts(fig) if "DejaVu Sans Mono" in t.get_fontfamily()]
    mono[5].set_text("0.673846")  # o1 as the notes might round it wrongly
    read = [float(t.get_text().replace("\u2212", "-")) for t in mono]
    assert not all(math.isclose(a, r.value, rel_tol=5e-6) for a, r in zip(read, rows))


def overlaps(fig):
    """Pairs of visible texts whose boxes overlap, and texts leaving the page, after drawing (Agg)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.98, 0.9)) for t in page_texts(fig)]
    bad = [f"{a!r} overlaps {b!r}" for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]
    bad += [f"{a!r} leaves the page" for a, box in boxes
            if box.x0 < page.x0 or box.x1 > page.x1 or box.y0 < page.y0 or box.y1 > page.y1]
    return bad


def test_no_text_on_the_sheet_touches_another_or_leaves_the_page_and_none_is_tiny():
    fig = cheatsheet.page(cheatsheet.rows())
    assert overlaps(fig) == []
    assert min(t.get_fontsize() for t in page_texts(fig)) >= 7.5
    assert tuple(fig.get_size_inches()) == pytest.approx((8.27, 11.69))  # A4 portrait


def test_the_overlap_check_can_fail():
    fig = cheatsheet.page(cheatsheet.rows())
    fig.text(0.5, 0.968, "planted over the title", fontsize=12, ha="center")
    assert any("planted" in m for m in overlaps(fig))


# -- the guide --------------------------------------------------------------------------------
GUIDE_PATH = INSTRUCTOR / "guide.md"
GUIDE = GUIDE_PATH.read_text(encoding="utf-8")


def example():
    """The worked example's pieces from nnlib: forward pass, gradients, the step."""
    net, x, t = NOTES.network, NOTES.x, NOTES.t
    return net, x, t, net.forward(x), net.gradients(x, t), NOTES.step()


def sig(v, n):
    """v to n significant digits, as the guide writes it (the guide's values are all above 1e-4)."""
    return f"{v:.{n}g}"


def wrong_order_dW1(which):
    """dE/dW1 when the new output weights `which` are used on the way back (delta2 from before)."""
    net, x, t, f, g, new = example()
    W2 = net.W2.copy()
    for p in all_params(net.sizes):
        if p.name in which:
            W2[p.index] = new[p.name]
    return np.outer((W2.T @ g.delta2) * g.da1_dz1, f.x)


def wrong_sign_loss():
    """E after w+ = w + alpha dE/dw (the step climbing), from nnlib's gradients."""
    net, x, t, f, g, new = example()
    lr_h, lr_o = NOTES.lr
    return Network(net.W1 + lr_h * g.dW1, net.b1, net.W2 + lr_o * g.dW2, net.b2).loss(x, t)


def plan():
    """The plan table: (minutes, lesson cell) per row."""
    section = GUIDE.split("## The plan", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if re.match(r"\|\s*\d+\s*\|", line)]
    return [(int(r[0]), r[1].strip()) for r in rows]


def backed_numbers():
    """Every number the guide may write, each computed here (nnlib, or the plan and lesson names)."""
    net, x, t, f, g, new = example()
    E, E_new = net.loss(x, t), new.loss(x, t)
    w5_cross = -net["w7"] * f.a1[1] / f.a1[0]  # z_o1 = w5 a_h1 + w7 a_h2 = 0
    b = {fmt(v) for v in (*x, *t, *NOTES.lr, net["w5"], net["w7"])}          # the setup
    probe = -0.5  # question 1: the w5 at which the answer quotes o1
    b |= {f"{w5_cross:.3f}", fmt(probe), f"{net.with_params(w5=probe).forward(x).a2[0]:.3f}", "0"}
    E_o = 0.5 * (np.asarray(t) - f.a2) ** 2
    b |= {fmt(E), fmt(E_o[1]), f"{100 * E_o[1] / E:.0f}%", f"{f.a2[1]:.3f}", f"{f.a2[0]:.3f}"}  # question 2
    b |= {fmt(g.dW2[0, 0]), fmt(new["w5"])}                                     # question 3
    b |= {fmt(g.dW1[1, 1]), fmt(g.dW1[0, 1]), *(f"{s:.3f}" for s in g.da1_dz1)}  # question 4
    b |= {fmt(v) for v in (*g.dE_da1_by_output.ravel(), *g.dE_da1)}
    b |= {fmt(E_new), f"{100 * (E - E_new) / E:.1f}%"}                          # question 5
    b |= {sig(g.dW1[0, 0], 3), sig(wrong_order_dW1(["w5"])[0, 0], 3),            # misconceptions
          sig(wrong_order_dW1(["w5", "w6", "w7", "w8"])[0, 0], 3),
          f"{wrong_order_dW1(['w5', 'w6', 'w7', 'w8'])[0, 0] / g.dW1[0, 0]:.2f}",
          sig(g.dE_da2[0] * f.a1[0], 3), f"{1 / g.da2_dz2[0]:.2f}", "1/4", "4",
          sig(g.dE_da2[0] * net["w7"] + g.delta2[1] * net["w8"], 3), fmt(wrong_sign_loss()),
          f"{100 * abs(g.dE_da1[0]) / np.abs(g.dE_da1_by_output[:, 0]).sum():.0f}%",
          f"{g.dW2[0, 0] / g.dW1[0, 0]:.0f}", fmt(abs(g.dW1[1, 1])), fmt(abs(g.dW2[0, 1]))}
    minutes = [m for m, _ in plan()]
    ends = np.cumsum([0] + minutes)
    b |= {str(m) for m in minutes} | {str(e) for e in ends} | {"1", "2", "3", "4", "5"}  # plan, questions
    b |= {p.name[:2] for p in (ROOT / "notebooks").glob("0*.ipynb")} | {"2-2-2", "A4"}
    b |= {str(m) for m in lesson_03_minutes()} | {"6"}  # lesson 03's sub-plan; its stages 1..6
    b |= {str(n) for n in reuse.counts((2, 2, 2))}  # multiplications: chain rule per weight, the sweep
    return b


def lesson_03_minutes():
    """The minutes of the guide's sub-plan for lesson 03 (the list under '### 20–38 min': '(4 minutes)', '(3)')."""
    part = GUIDE.split("### 20–38 min", 1)[1].split("\n\n")[2]  # heading, intro, the list
    return [int(m) for m in re.findall(r"\((\d+)(?: minutes)?\)", part)]


def test_the_lesson_03_sub_plan_fills_its_row_of_the_plan():
    """Guide, '20–38 min': the parts of lesson 03's sub-plan add up to its row of the plan."""
    row = next(m for m, lesson in plan() if "03" in lesson)
    assert len(lesson_03_minutes()) == 6 and sum(lesson_03_minutes()) == row
    assert f"more than fits in {row} minutes" in GUIDE
    per_weight, sweep = reuse.counts((2, 2, 2))  # counted by instrumenting both algorithms
    text = " ".join(GUIDE.split())
    assert f"take {sweep} multiplications, against {per_weight} for the chain rule written out per weight" in text


def prose_numbers(text):
    """Number tokens of the guide's prose: no code, no link targets, no sub- or superscripts."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"^    .*$|`[^`]*`", " ", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"[_^](\{[^{}]*\}|\\?\w)", " ", text)
    text = text.replace("\u2212", "-").replace("\\%", "%")
    return re.findall(r"(?<![\w.])(?:A4|2-2-2|1/4|-?\d+(?:\.\d+)?%?)(?![\w.]*\d)", text)


def test_every_number_in_the_guide_is_computed_by_a_test():
    """A number nobody recomputes is a claim no test backs (the guide says all are computed here)."""
    unbacked = sorted(set(prose_numbers(GUIDE)) - backed_numbers())
    assert unbacked == [], f"numbers in guide.md that no test computes (or computes differently): {unbacked}"


def test_a_planted_number_in_the_guide_is_caught():
    planted = GUIDE.replace("0.0971886", "0.0971868")
    assert "0.0971868" in set(prose_numbers(planted)) - backed_numbers()


def test_the_plan_fits_in_fifty_minutes_and_names_its_lessons():
    """Guide, 'The plan': minutes per part add up to at most 50, and the text says what they add to."""
    rows = plan()
    assert len(rows) >= 4 and sum(m for m, _ in rows) <= 50
    assert f"That is {sum(m for m, _ in rows)} minutes" in GUIDE
    for i, (start, end) in enumerate(zip(np.cumsum([0] + [m for m, _ in rows]), np.cumsum([m for m, _ in rows]))):
        assert f"### {start}–{end} min" in GUIDE, f"the plan's part {i + 1} should be headed {start}–{end} min"


def test_question_1_w5_threshold():
    """Guide, question 1: o1 stays above 0.5 at w5 = 0 and -0.5 and crosses it at w5 = -0.703."""
    net, x = NOTES.network, NOTES.x
    o1 = lambda w5: net.with_params(w5=w5).forward(x).a2[0]
    assert o1(0.0) > 0.5 and o1(-0.5) > 0.5 and o1(-0.702) > 0.5 > o1(-0.703)
    lo, hi = -2.0, 0.0  # bisection on o1(w5) = 0.5, independent of the closed form
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if o1(mid) < 0.5 else (lo, mid)
    assert f"{hi:.3f}" == "-0.703" and "w_5 < -w_7 a_{h2} / a_{h1} = -0.703" in GUIDE


def test_question_2_o2_carries_most_of_the_loss():
    """Guide, question 2: E_o2 is the larger share of E, and o1 is closer to its target."""
    net, x, t, f, g, new = example()
    E_o = 0.5 * (np.asarray(t) - f.a2) ** 2
    assert E_o[1] > 0.9 * net.loss(x, t) and abs(t[0] - f.a2[0]) < abs(t[1] - f.a2[1])


def test_question_3_w5_goes_up():
    """Guide, question 3 (and the cheat sheet's check 3): dE/dw5 < 0, a larger w5 raises o1, the step raises
    w5; every weight with a negative gradient goes up, every one with a positive gradient down."""
    net, x, t, f, g, new = example()
    assert g.dW2[0, 0] < 0 and new["w5"] > net["w5"] and f.a2[0] < t[0]
    assert net.with_params(w5=0.6).forward(x).a2[0] > f.a2[0]
    for W, dW, W_new in ((net.W1, g.dW1, new.W1), (net.W2, g.dW2, new.W2)):
        assert np.all(np.sign(W_new - W) == -np.sign(dW))


def test_question_4_and_small_hidden_gradients():
    """Guide, question 4 and 'Hidden gradients are small' (and the cheat sheet's check 4, "they can cancel
    (h1 here)"): h2's gradients are larger than h1's; h1's
    back-signals have opposite signs and nearly cancel, h2's add; the slopes are close; |dE/dw4| > |dE/dw7|."""
    net, x, t, f, g, new = example()
    assert np.all(np.abs(g.dW1[1]) > np.abs(g.dW1[0]))
    s1, s2 = g.dE_da1_by_output[:, 0], g.dE_da1_by_output[:, 1]
    assert s1[0] < 0 < s1[1] and abs(s1.sum()) < 0.2 * np.abs(s1).sum()
    assert abs(s1.sum()) / np.abs(s1).sum() < g.da1_dz1[0]  # the cancelling cuts more than sigma' does
    assert abs(g.dE_da1[1]) > abs(s2[0])
    assert abs(g.da1_dz1[0] - g.da1_dz1[1]) < 0.05 and np.all(g.da1_dz1 <= 0.25)
    assert abs(g.dW1[1, 1]) > abs(g.dW2[0, 1])


def test_question_5_one_step_lowers_E_by_a_few_percent():
    """Guide, question 5: E goes down, by less than a tenth."""
    net, x, t, f, g, new = example()
    assert 0 < net.loss(x, t) - new.loss(x, t) < 0.1 * net.loss(x, t)


def test_updating_too_early_changes_dE_dw1():
    """Guide, misconception 'updating a weight before the other gradients use it': the new w5 makes
    dE/dw1 larger in size; all four new output weights nearly double it; w2..w4's analogues move too."""
    net, x, t, f, g, new = example()
    one, four = wrong_order_dW1(["w5"])[0, 0], wrong_order_dW1(["w5", "w6", "w7", "w8"])[0, 0]
    assert abs(g.dW1[0, 0]) < abs(one) < abs(four) and four / g.dW1[0, 0] > 1.5


def test_forgetting_sigma_prime():
    """Guide, misconception 'Forgetting sigma'' (and the cheat sheet's check 2): at least 4 times too large;
    the notes' slip (dE/do1 times w7, without o1(1 - o1)) flips the sign of dE/da_h2 and so of dE/dw2 and dE/dw4."""
    net, x, t, f, g, new = example()
    assert np.all(1 / g.da2_dz2 >= 4) and np.all(1 / g.da1_dz1 >= 4)
    slipped = g.dE_da2[0] * net["w7"] + g.delta2[1] * net["w8"]
    assert np.sign(slipped) == -np.sign(g.dE_da1[1]) and np.all(np.sign(g.dW1[1]) == np.sign(g.dE_da1[1]))


def test_the_wrong_sign_climbs():
    """Guide, misconception 'The sign of the step': E rises above its start, the right step lowers it."""
    net, x, t, f, g, new = example()
    assert wrong_sign_loss() > net.loss(x, t) > new.loss(x, t)


def test_the_w1_w3_map_is_flatter_than_the_w2_w4_map():
    """Guide, 'Hidden gradients are small': over the loss app's default range (-4..4, 81 points) the
    (w1, w3) map spans a smaller range of E than the (w2, w4) map."""
    net, x, t = NOTES.network, NOTES.x, NOTES.t
    v = np.linspace(-4, 4, 81)
    span = lambda p, q: np.ptp(loss_surface(net, x, t, p, q, v, v))
    assert span("w1", "w3") < 0.2 * span("w2", "w4")  # 0.0056 against 0.062


# -- links ------------------------------------------------------------------------------------
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def notebook_anchors(path):
    """JupyterLab's heading ids: the heading text with spaces replaced by '-'."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = [line for c in cells if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()]
    return {re.sub(r"^#+\s*", "", line).strip().replace(" ", "-") for line in lines if re.match(r"#+\s", line)}


def markdown_anchors(path):
    """GitHub's heading ids: lower case, punctuation dropped, spaces to '-'."""
    heads = [re.sub(r"^#+\s*", "", line).strip() for line in path.read_text(encoding="utf-8").splitlines()
             if re.match(r"#+\s", line)]
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in heads}


def broken_links(text, base=INSTRUCTOR):
    """(target, what is wrong) for every relative link in `text` that misses its file or heading."""
    bad = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # an outside address: not checked here
        file, _, anchor = target.partition("#")
        path = (base / unquote(file)).resolve()
        if not path.is_file():
            bad.append((target, f"no file {file}"))
        elif anchor:
            heads = notebook_anchors(path) if path.suffix == ".ipynb" else markdown_anchors(path)
            if unquote(anchor) not in heads:
                bad.append((target, f"no heading {unquote(anchor)!r} in {file}; it has {sorted(heads)}"))
    return bad


def test_every_link_in_the_guide_reaches_a_file_and_heading():
    """Relative links: the file exists; an #anchor names a heading in it."""
    assert LINK.findall(GUIDE), "the guide has no links?"
    bad = broken_links(GUIDE)
    assert bad == [], "\n".join(f"{t}: {why}" for t, why in bad)


def test_the_link_check_can_fail():
    bad = broken_links("[a](../01_forward_pass.ipynb#No-such-heading) [b](../99_none.ipynb) "
                       "[c](../../README.md#no-such-section) [d](cheatsheet.pdf) [e](https://example.org)")
    assert [t for t, _ in bad] == ["../01_forward_pass.ipynb#No-such-heading", "../99_none.ipynb",
                                   "../../README.md#no-such-section"]


def test_the_guide_points_to_the_cheat_sheet_and_each_misconception_to_a_lesson():
    for part in ("## The plan", "## Misconceptions to expect", "## Projecting: Voilà and Binder"):
        assert part in GUIDE
    assert "](cheatsheet.pdf)" in GUIDE and "python notebooks/instructor/cheatsheet.py" in GUIDE
    section = GUIDE.split("## Misconceptions to expect", 1)[1].split("\n## ", 1)[0]
    paragraphs = [p for p in section.split("\n\n") if p.startswith("**")]
    assert len(paragraphs) == 4
    for p in paragraphs:
        assert re.search(r"\]\(\.\./0\d_[^)]+\.ipynb(#[^)]+)?\)", p), p[:60]
