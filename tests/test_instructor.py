"""The instructor's material: the cheat sheet PDF (notebooks/instructor/cheatsheet.py) and the
guide (notebooks/instructor/guide.md).

Oracle for the numbers: `scalar_example()` below, the worked example recomputed one number at a
time in plain Python (math.exp, no numpy, no nnlib), from the setup of the notes (x = (0.3, 0.9),
t = (0.8, 0.2), no biases, w1..w8 = 0.2, 0.1, 0.4, 0.1, 0.5, 0.1, 0.8, 0.9, rate 1 for w1..w4 and
0.5 for w5..w8). The sheet's rows come from nnlib; they must agree with it.
"""
import importlib.util
import itertools
import math
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
INSTRUCTOR = ROOT / "notebooks" / "instructor"
_spec = importlib.util.spec_from_file_location("cheatsheet", INSTRUCTOR / "cheatsheet.py")
cheatsheet = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cheatsheet)


# -- the independent oracle ---------------------------------------------------------------------
def scalar_example():
    """Every number of the worked example, by hand-style scalar arithmetic: name -> value."""
    x1, x2, t1, t2 = 0.3, 0.9, 0.8, 0.2
    w = dict(zip(range(1, 9), (0.2, 0.1, 0.4, 0.1, 0.5, 0.1, 0.8, 0.9)))
    sig = lambda z: 1 / (1 + math.exp(-z))
    v = {}
    v["z_h1"] = w[1] * x1 + w[3] * x2
    v["z_h2"] = w[2] * x1 + w[4] * x2
    v["a_h1"], v["a_h2"] = sig(v["z_h1"]), sig(v["z_h2"])
    v["z_o1"] = w[5] * v["a_h1"] + w[7] * v["a_h2"]
    v["z_o2"] = w[6] * v["a_h1"] + w[8] * v["a_h2"]
    v["o1"], v["o2"] = sig(v["z_o1"]), sig(v["z_o2"])
    v["E_o1"], v["E_o2"] = 0.5 * (t1 - v["o1"]) ** 2, 0.5 * (t2 - v["o2"]) ** 2
    v["E"] = v["E_o1"] + v["E_o2"]
    v["s_o1"], v["s_o2"] = v["o1"] * (1 - v["o1"]), v["o2"] * (1 - v["o2"])
    v["d21"] = (v["o1"] - t1) * v["s_o1"]
    v["d22"] = (v["o2"] - t2) * v["s_o2"]
    v["g5"], v["g6"] = v["d21"] * v["a_h1"], v["d22"] * v["a_h1"]
    v["g7"], v["g8"] = v["d21"] * v["a_h2"], v["d22"] * v["a_h2"]
    v["w5d21"], v["w6d22"], v["w7d21"], v["w8d22"] = w[5] * v["d21"], w[6] * v["d22"], w[7] * v["d21"], w[8] * v["d22"]
    v["dE_da_h1"] = v["w5d21"] + v["w6d22"]
    v["dE_da_h2"] = v["w7d21"] + v["w8d22"]
    v["s_h1"], v["s_h2"] = v["a_h1"] * (1 - v["a_h1"]), v["a_h2"] * (1 - v["a_h2"])
    v["d11"], v["d12"] = v["dE_da_h1"] * v["s_h1"], v["dE_da_h2"] * v["s_h2"]
    v["g1"], v["g2"], v["g3"], v["g4"] = v["d11"] * x1, v["d12"] * x1, v["d11"] * x2, v["d12"] * x2
    new = {k: w[k] - (1.0 if k <= 4 else 0.5) * v[f"g{k}"] for k in w}
    for k in w:
        v[f"w{k}+"] = new[k]
    a1, a2 = sig(new[1] * x1 + new[3] * x2), sig(new[2] * x1 + new[4] * x2)
    v["o1+"], v["o2+"] = sig(new[5] * a1 + new[7] * a2), sig(new[6] * a1 + new[8] * a2)
    v["E+"] = 0.5 * (t1 - v["o1+"]) ** 2 + 0.5 * (t2 - v["o2+"]) ** 2
    v["E+-E"] = v["E+"] - v["E"]
    return v


# The sheet's rows (by their left-hand side, in order) and the oracle's name for each.
SHEET_ORDER = [
    ("z_{h1}", "z_h1"), ("a_{h1}", "a_h1"), ("z_{h2}", "z_h2"), ("a_{h2}", "a_h2"),
    ("z_{o1}", "z_o1"), ("o_1", "o1"), ("z_{o2}", "z_o2"), ("o_2", "o2"),
    ("E_{o1}", "E_o1"), ("E_{o2}", "E_o2"), ("E", "E"),
    (r"\sigma'(z_{o1})", "s_o1"), (r"\delta_{2,1}", "d21"), (r"\sigma'(z_{o2})", "s_o2"), (r"\delta_{2,2}", "d22"),
    (r"\partial E/\partial w_5", "g5"), (r"\partial E/\partial w_6", "g6"),
    (r"\partial E/\partial w_7", "g7"), (r"\partial E/\partial w_8", "g8"),
    (r"w_5\,\delta_{2,1}", "w5d21"), (r"w_6\,\delta_{2,2}", "w6d22"), (r"\partial E/\partial a_{h1}", "dE_da_h1"),
    (r"\sigma'(z_{h1})", "s_h1"), (r"\delta_{1,1}", "d11"),
    (r"w_7\,\delta_{2,1}", "w7d21"), (r"w_8\,\delta_{2,2}", "w8d22"), (r"\partial E/\partial a_{h2}", "dE_da_h2"),
    (r"\sigma'(z_{h2})", "s_h2"), (r"\delta_{1,2}", "d12"),
    (r"\partial E/\partial w_1", "g1"), (r"\partial E/\partial w_2", "g2"),
    (r"\partial E/\partial w_3", "g3"), (r"\partial E/\partial w_4", "g4"),
] + [(f"w_{k}^{{+}}", f"w{k}+") for k in range(1, 9)] + [
    ("o_1^{+}", "o1+"), ("o_2^{+}", "o2+"), ("E^{+}", "E+"), ("E^{+} - E", "E+-E")]


def mismatches(rows):
    """Rows whose value or place differs from the scalar oracle (empty when the sheet is right)."""
    oracle = scalar_example()
    got = [(r.lhs, r.value) for r in rows]
    bad = [f"row {i}: {lhs} is missing or out of order" for i, ((lhs, _), (want, _n)) in
           enumerate(itertools.zip_longest(got, SHEET_ORDER, fillvalue=("", ""))) if lhs != want]
    for (lhs, value), (_, name) in zip(got, SHEET_ORDER):
        if not math.isclose(value, oracle[name], rel_tol=1e-12, abs_tol=1e-15):
            bad.append(f"{lhs} = {value!r}, the scalar computation gives {oracle[name]!r}")
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
    assert committed == made, "notebooks/instructor/cheatsheet.pdf is stale: run python notebooks/instructor/cheatsheet.py"


def test_every_number_on_the_sheet_equals_the_scalar_computation():
    """Each row's value (nnlib's) against the plain-Python worked example, in sweep order."""
    assert mismatches(cheatsheet.rows()) == []


def test_a_planted_wrong_number_is_caught():
    rows = cheatsheet.rows()
    i = next(i for i, r in enumerate(rows) if r.lhs == r"\delta_{1,1}")
    planted = rows[:i] + [rows[i]._replace(value=rows[i].value * 1.0001)] + rows[i + 1:]
    assert any(r"\delta_{1,1}" in m for m in mismatches(planted))
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
