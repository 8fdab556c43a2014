"""Markdown views for lesson cells: derivation steps, the naming table, the notation map.

Each returns an IPython `Markdown` (LaTeX between $$ renders in JupyterLab, exports and
previews); `.data` is the plain string. Numbers are printed with `fmt` (6 significant
digits) so saved outputs are the same on every machine.
"""
from .. import validate, params
from ..derivation import fmt

# kit step id -> the notes' symbol (hidden activations a_1, a_2; hidden net inputs z^0;
# output net inputs Z'; outputs O; weights theta^layer_{from,to}); kit symbols come from the steps.
NOTES_SYMBOLS = {
    "x1": "x_1", "t1": r"\text{target}_{o1}",
    "z_h1.x1": r"z^0_{11}", "z_h1.x2": r"z^0_{21}", "z_h1": r"z^0_1", "a_h1": "a_1", "a_h2": "a_2",
    "z_o1.h1": r"Z'_{11}", "z_o1": r"Z'_1", "o1": "O_1", "o2": "O_2", "E_o1": r"E_{o1}", "E": r"E_{total}",
    "w5.dE_do": r"\partial E_{total} / \partial o_1", "w5.do_dz": r"\partial o_1 / \partial z'_1",
    "w5.grad": r"\partial E_{total} / \partial w_5", "w5.new": r"w_5 \leftarrow w_5 - \alpha\,\partial E/\partial w_5",
    "alpha_o": r"\alpha = 0.5", "alpha_h": r"\alpha = 1",
}


def _md(text):
    from IPython.display import Markdown
    return Markdown(text)


def steps(derivation, ids=None, kinds=None):
    """The chosen steps (by id, or by kind: 'forward', 'backward', ...) as one LaTeX line each."""
    chosen = [s for s in derivation if (ids is None or s.id in ids) and (kinds is None or s.kind in kinds)]
    if not chosen:
        raise ValueError(f"no steps match ids={ids!r}, kinds={kinds!r}")
    return _md("\n\n".join(f"$${s.latex}$$" for s in chosen))


def name_table(sizes=(2, 2, 2)):
    """The w1..wK naming table: name, the notes' theta, from -> to, matrix entry."""
    rows = ["| name | notes | from → to | entry of |", "|---|---|---|---|"]
    rows += [f"| {n} | ${th}$ | {a} → {b} | `{e}` |" for n, th, a, b, e in params.table(sizes)]
    return _md("\n".join(rows))


# Mazur's "A Step by Step Backpropagation Example" (2015) numbers weights by the unit they go *to*
# (his w2 is i2 -> h1); the kit numbers them from the input first. Kit name -> Mazur's name.
MAZUR_NAMES = {"w1": "w1", "w2": "w3", "w3": "w2", "w4": "w4", "w5": "w5", "w6": "w7", "w7": "w6", "w8": "w8"}


def weights(setup, other=None, other_title="other name"):
    """The weights of `setup`'s network: name, from -> to, value; `other` adds a column of other names."""
    head = ["name", "from → to", "value"] + ([other_title] if other else [])
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n, _, a, b, _ in params.table(setup.network.sizes):
        extra = [f"${other[n][0]}_{{{other[n][1:]}}}$"] if other else []
        rows.append("| " + " | ".join([f"$w_{{{n[1:]}}}$", f"${a[0]}_{{{a[1:]}}} → {b[0]}_{{{b[1:]}}}$",
                                        fmt(setup.network[n])] + extra) + " |")
    return _md("\n".join(rows))


def notation(derivation):
    """Kit step id, kit symbol and the notes' symbol, for the steps the notes name."""
    rows = ["| step id | kit symbol | notes' symbol |", "|---|---|---|"]
    rows += [f"| `{i}` | ${derivation[i].symbol}$ | ${sym}$ |" for i, sym in NOTES_SYMBOLS.items() if i in derivation]
    return _md("\n".join(rows))


def check(rows, tol=1e-7):
    """The gradient check as a table: 'yes' when the relative error is below `tol` (its last
    digits are noise); when it is not, but E's rounding alone could move the finite difference
    that far, the row says the finite difference cannot tell (not that backprop is wrong)."""
    tol = validate.real_number(tol, "tol")
    if not 0 < tol < 1:
        raise ValueError(f"tol must be between 0 and 1 (a relative error), got {tol}")
    words = {"yes": lambda r: "yes, rel. error < %.0e" % tol,
             "rounding": lambda r: "can't tell: E's rounding moves the difference by up to %.0e" % r.noise,
             "kink": lambda r: "can't tell: a ReLU's z crosses 0 (a kink) between the points",
             "no": lambda r: "NO: %.1e" % r.rel_error}
    out = ["| parameter | backprop | finite difference | agree? |", "|---|---|---|---|"]
    out += [f"| {r.name} | {fmt(r.backprop)} | {fmt(r.numeric)} | {words[r.verdict(tol)](r)} |" for r in rows]
    return _md("\n".join(out))


def stage(sweep, stage_id):
    """One stage of a backward sweep (nnlib.sweep.Sweep): its idea, then each quantity, one part per line."""
    st = next((s for s in sweep if s.id == stage_id), None)
    if st is None:
        raise ValueError(f"no stage {stage_id!r}; the stages are {[s.id for s in sweep]}")
    return _md(f"*{st.idea}*\n\n" + "\n\n".join(f"$${q.aligned}$$" for q in st.quantities))


def sweep_check(sweep, numeric):
    """A sweep's gradients against finite differences ({name: value}) as a table, with E after its step."""
    from ..sweep import compare
    out = ["| parameter | this sweep's ∂E/∂w | finite difference | agree? |", "|---|---|---|---|"]
    out += [f"| {n} | {fmt(g)} | {fmt(num)} | {'yes' if ok else '**NO**'} |"
            for n, g, num, ok in compare(sweep, numeric)]
    out.append(f"\nE before the step {fmt(sweep.loss_before)}, after this sweep's step {fmt(sweep.loss_after)}.")
    return _md("\n".join(out))


def source(fn):
    """The source code of a function, as a Python code block: the code shown is the code run."""
    import inspect
    return _md(f"```python\n{inspect.getsource(fn).rstrip()}\n```")


def _picture(fig):
    import io

    from IPython.display import Image
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return Image(data=buf.getvalue(), format="png")


def sweep_pictures(sweep, stages=(1, 2, 4, 5)):
    """A picture of the sweep at a few stages side by side: the whole algorithm on one page."""
    from matplotlib.figure import Figure

    from . import draw_sweep
    rows = (len(stages) + 1) // 2
    fig = Figure(figsize=(13, 3.5 * rows + 0.7))
    draw_sweep.stage_panels(fig, sweep, stages)
    return _picture(fig)


def reuse(widths=range(1, 9), depths=range(1, 7)):
    """A picture: multiplications per backprop step, chain rule per weight vs the sweep, for
    n-n-n networks (width) and 2-2-...-2 networks with 1, 2, ... hidden layers (depth)."""
    from matplotlib.figure import Figure

    from . import draw_sweep
    from .. import reuse as cost
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    per, swept = zip(*[cost.counts((n, n, n)) for n in widths])
    draw_sweep.reuse_plot(left, "wider: n units in every layer", "n (an n-n-n network)", list(widths), per, swept,
                          mark=(2, f"the notes' 2-2-2: {per[list(widths).index(2)]} vs {swept[list(widths).index(2)]}"))
    draw_sweep.reuse_plot(right, "deeper: more hidden layers of 2 units", "hidden layers (2-2-...-2-2)",
                          list(depths), *zip(*[cost.counts((2,) + (2,) * d + (2,)) for d in depths]))
    return _picture(fig)
