"""The one-page cheat sheet of the worked example, as a PDF, with every number from nnlib.

    python notebooks/instructor/cheatsheet.py [--out PATH]

The content is data first (`rows()`: section, left-hand side, formula, value), then a page
(`page(rows)`: a matplotlib Figure, A4 portrait), so a test can check the numbers against an
independent computation and the page against the data. Same inputs, same bytes: the PDF
carries no creation date.
"""
import argparse
import pathlib
import sys
from typing import NamedTuple

ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere: import this checkout's nnlib
    sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nnlib import NOTES, fmt, params  # noqa: E402

OUT = pathlib.Path(__file__).with_name("cheatsheet.pdf")
A4 = (8.27, 11.69)  # inches, portrait


class Row(NamedTuple):
    section: str
    lhs: str       # mathtext, without $
    formula: str   # mathtext, without $; '' when the value is given
    value: float


# One heading per stage of the sweep, in order, and the stage's rule in symbols.
SECTIONS = {
    "forward": ("1  Forward pass", r"$z$ = weighted sum of the layer below,  $a = \sigma(z) = 1/(1+e^{-z})$"),
    "loss": ("2  Loss", r"$E = \Sigma_k\, \frac{1}{2}(t_k - o_k)^2$"),
    "delta2": ("3  \u03b4 at the outputs", r"$\delta_{ok} = (o_k - t_k)\,o_k(1 - o_k)$"),
    "dW2": ("4  Output weights", r"$\partial E/\partial w = \delta_{ok}\,a_{hj}$  ($w$ from $h_j$ to $o_k$)"),
    "delta1": ("5  \u03b4 at the hidden units",
               r"$\delta_{hj} = (\Sigma_k\, w_{kj}\,\delta_{ok})\,a_{hj}(1 - a_{hj})$  ($w_{kj}$: $h_j$ to $o_k$)"),
    "dW1": ("6  Hidden weights", r"$\partial E/\partial w = \delta_{hj}\,x_i$  ($w$ from $x_i$ to $h_j$)"),
    "update": ("7  The step", r"$w^{+} = w - \alpha\,\partial E/\partial w$, every gradient from the old weights"),
    "after": ("8  After the step", "the forward pass again, with the new weights"),
}


def rows(setup=NOTES):
    """Every formula of the worked example in the order of the backward sweep, with nnlib's values."""
    net, x, t = setup.network, setup.x, setup.t
    f, g, new = net.forward(x), net.gradients(x, t), setup.step()
    f_new = new.forward(x)
    out = [Row("forward", r"z_{h1}", r"w_1 x_1 + w_3 x_2", f.z1[0]),
           Row("forward", r"a_{h1}", r"\sigma(z_{h1})", f.a1[0]),
           Row("forward", r"z_{h2}", r"w_2 x_1 + w_4 x_2", f.z1[1]),
           Row("forward", r"a_{h2}", r"\sigma(z_{h2})", f.a1[1]),
           Row("forward", r"z_{o1}", r"w_5 a_{h1} + w_7 a_{h2}", f.z2[0]),
           Row("forward", r"o_1", r"\sigma(z_{o1})", f.a2[0]),
           Row("forward", r"z_{o2}", r"w_6 a_{h1} + w_8 a_{h2}", f.z2[1]),
           Row("forward", r"o_2", r"\sigma(z_{o2})", f.a2[1])]
    half_sq = 0.5 * (t - f.a2) ** 2
    out += [Row("loss", r"E_{o1}", r"\frac{1}{2}(t_1 - o_1)^2", half_sq[0]),
            Row("loss", r"E_{o2}", r"\frac{1}{2}(t_2 - o_2)^2", half_sq[1]),
            Row("loss", r"E", r"E_{o1} + E_{o2}", net.loss(x, t))]
    for k in (0, 1):
        o = f"o_{k + 1}"
        out += [Row("delta2", rf"\sigma'(z_{{o{k + 1}}})", rf"{o}(1 - {o})", g.da2_dz2[k]),
                Row("delta2", rf"\delta_{{o{k + 1}}}", rf"({o} - t_{k + 1})\,\sigma'(z_{{o{k + 1}}})", g.delta2[k])]
    weights = [p for p in params.all_params(net.sizes) if p.array.startswith("W")]
    for p in weights[4:]:  # w5..w8: from h_j to o_k, W2[k, j]
        k, j = p.index
        out.append(Row("dW2", rf"\partial E/\partial w_{p.name[1:]}", rf"\delta_{{o{k + 1}}}\,a_{{h{j + 1}}}",
                       g.dW2[k, j]))
    for j in (0, 1):
        into = [p for p in weights[4:] if p.index[1] == j]  # the weights leaving h_j
        terms = [rf"w_{p.name[1:]}\,\delta_{{o{p.index[0] + 1}}}" for p in into]
        out += [Row("delta1", terms[0], "", g.dE_da1_by_output[into[0].index[0], j]),
                Row("delta1", terms[1], "", g.dE_da1_by_output[into[1].index[0], j]),
                Row("delta1", rf"\partial E/\partial a_{{h{j + 1}}}", " + ".join(terms), g.dE_da1[j]),
                Row("delta1", rf"\sigma'(z_{{h{j + 1}}})", rf"a_{{h{j + 1}}}(1 - a_{{h{j + 1}}})", g.da1_dz1[j]),
                Row("delta1", rf"\delta_{{h{j + 1}}}",
                    rf"\partial E/\partial a_{{h{j + 1}}} \cdot \sigma'(z_{{h{j + 1}}})", g.delta1[j])]
    for p in weights[:4]:  # w1..w4: from x_i to h_j, W1[j, i]
        j, i = p.index
        out.append(Row("dW1", rf"\partial E/\partial w_{p.name[1:]}", rf"\delta_{{h{j + 1}}}\,x_{i + 1}", g.dW1[j, i]))
    for p in weights:
        lr = setup.lr[0] if p.array == "W1" else setup.lr[1]
        n = p.name[1:]
        out.append(Row("update", rf"w_{n}^{{+}}", rf"w_{n} - {fmt(lr)} \cdot \partial E/\partial w_{n}", new[p.name]))
    out += [Row("after", r"o_1^{+}", "", f_new.a2[0]), Row("after", r"o_2^{+}", "", f_new.a2[1]),
            Row("after", r"E^{+}", "", new.loss(x, t)),
            Row("after", r"E^{+} - E", "", new.loss(x, t) - net.loss(x, t))]
    return [r._replace(value=float(r.value)) for r in out]


def printed(value):
    """A value as the sheet prints it: nnlib's 6 significant digits, a true minus sign."""
    return fmt(value).replace("-", "\u2212")


def _diagram(ax, net):
    """The network with each weight's name and start value on its edge, clear of units and crossings."""
    pos = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "o1": (2, 1), "o2": (2, 0)}
    for p in params.all_params(net.sizes):
        if not p.array.startswith("W"):
            continue
        (x0, y0), (x1, y1) = pos[p.source], pos[p.target]
        ax.plot([x0, x1], [y0, y1], color="0.6", lw=1.2, zorder=1)
        # level edges: label above (top row) or below (bottom row) the middle; crossing edges:
        # label 27% along, away from the crossing at 50% and from the units at the ends
        s, dy = (0.5, 0.09 if y0 == 1 else -0.09) if y0 == y1 else (0.27, 0.0)
        ax.text(x0 + s * (x1 - x0), y0 + s * (y1 - y0) + dy, f"{p.name} = {net[p.name]:g}", fontsize=9,
                ha="center", va="center", zorder=3, bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none"))
    for name, (x, y) in pos.items():
        ax.plot([x], [y], marker="o", ms=24, mfc="white", mec="black", mew=1.2, zorder=2)
        ax.text(x, y, rf"${name[0]}_{name[1]}$", fontsize=11, ha="center", va="center", zorder=4)
    ax.set_xlim(-0.15, 2.15)
    ax.set_ylim(-0.22, 1.22)
    ax.axis("off")


def _table(fig, net, x0, y0):
    """The naming table: name, from -> to, matrix entry, start value."""
    head = ["weight", "from \u2192 to", "matrix entry", "start"]
    cols = [x0, x0 + 0.075, x0 + 0.17, x0 + 0.305]
    for c, h in zip(cols, head):
        fig.text(c, y0, h, fontsize=9.5, weight="bold", va="baseline")
    for r, p in enumerate(p for p in params.all_params(net.sizes) if p.array.startswith("W")):
        y = y0 - 0.0165 * (r + 1)
        cells = [p.name, f"{p.source} \u2192 {p.target}", p.entry, f"{net[p.name]:g}"]
        for c, text in zip(cols, cells):
            fig.text(c, y, text, fontsize=9.5, va="baseline")


CHECKS = (  # the usual slips, as checks a student can run on a sheet (two lines each; no numbers)
    (r"Every gradient uses the weights $\mathit{before}$ the step:", "update nothing until all eight are known."),
    (r"Every $\delta$ has its unit's slope $\sigma'(z) = a(1-a)$;",
     r"an output gradient without it is $\geq 4\times$ too big."),
    ("The step goes against the gradient:", r"$\partial E/\partial w < 0$ means $w$ goes up."),
    ("A hidden unit adds the signals of every output", r"it feeds; they can cancel ($h_1$ here)."),
)


def _checks(fig, x0, y0):
    """Four checks against the usual slips, under the left column."""
    fig.text(x0, y0, "Four checks against the usual slips", fontsize=10.5, weight="bold", va="baseline",
             color="#1f4e79")
    y = y0 - 0.0176 * 1.3
    for i, lines in enumerate(CHECKS):
        fig.text(x0 + 0.012, y, f"{i + 1}.", fontsize=9.5, va="baseline")
        for line in lines:
            fig.text(x0 + 0.035, y, line, fontsize=9.5, va="baseline")
            y -= 0.0152
        y -= 0.0045


def page(data, setup=NOTES):
    """The A4 page for `data` (from rows()): a matplotlib Figure, nothing written."""
    fig = Figure(figsize=A4)
    net = setup.network
    fig.text(0.5, 0.968, "Backprop, one step by hand: the worked example", fontsize=16, weight="bold",
             ha="center", va="baseline")
    lr_h, lr_o = setup.lr
    sub = (rf"$x = ({fmt(setup.x[0])}, {fmt(setup.x[1])})$,  $t = ({fmt(setup.t[0])}, {fmt(setup.t[1])})$,  "
           rf"no biases,  $\alpha = {fmt(lr_h)}$ for $w_1 \ldots w_4$,  $\alpha = {fmt(lr_o)}$ for $w_5 \ldots w_8$,  "
           r"$\sigma'(z) = a(1-a) \leq 1/4$")
    fig.text(0.5, 0.945, sub, fontsize=10, ha="center", va="baseline")
    _diagram(fig.add_axes((0.03, 0.775, 0.50, 0.155)), net)
    _table(fig, net, 0.57, 0.915)
    columns = (("forward", "loss", "delta2", "dW2"), ("delta1", "dW1", "update", "after"))
    line, top, ends = 0.0172, 0.748, []
    for c, sections in enumerate(columns):
        x0 = 0.04 + 0.49 * c
        y = top
        for sec in sections:
            title, rule = SECTIONS[sec]
            fig.text(x0, y, title, fontsize=10.5, weight="bold", va="baseline", color="#1f4e79")
            y -= line * 1.1
            fig.text(x0 + 0.012, y, rule, fontsize=9.5, va="baseline", color="#1f4e79")
            y -= line * 1.3
            for r in (r for r in data if r.section == sec):
                eq = f"${r.lhs} = {r.formula}$" if r.formula else f"${r.lhs}$"
                fig.text(x0 + 0.012, y, eq, fontsize=10, va="baseline")
                fig.text(x0 + 0.445, y, printed(r.value), fontsize=10, va="baseline", ha="right",
                         family="DejaVu Sans Mono")
                y -= line
            y -= line * 0.7
        ends.append(y)
    _checks(fig, 0.04, ends[0] - 0.3 * line)  # under the left column, the shorter one
    fig.text(0.5, 0.025, "Blue: the stages and their rules; black: the worked example. Every number is computed by "
             "nnlib (6 significant digits),", fontsize=8, ha="center", va="baseline", color="0.3")
    fig.text(0.5, 0.0125, "never copied from the handwritten notes. "
             "Regenerate: python notebooks/instructor/cheatsheet.py", fontsize=8, ha="center", va="baseline",
             color="0.3")
    return fig


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=pathlib.Path, default=OUT, help=f"where to write the PDF (default {OUT.name} "
                    "next to this script)")
    out = ap.parse_args(argv).out
    with matplotlib.rc_context(matplotlib.rcParamsDefault):  # no local matplotlibrc changes the bytes
        page(rows()).savefig(out, format="pdf", metadata={"CreationDate": None})
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
