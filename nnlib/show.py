"""Markdown views for lesson cells: derivation steps, the naming table, the notation map.

Each returns an IPython `Markdown` (LaTeX between $$ renders in JupyterLab, exports and
previews); `.data` is the plain string. Numbers are printed with `fmt` (6 significant
digits) so saved outputs are the same on every machine.
"""
from . import checks, params
from .derivation import fmt

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


def notation(derivation):
    """Kit step id, kit symbol and the notes' symbol, for the steps the notes name."""
    rows = ["| step id | kit symbol | notes' symbol |", "|---|---|---|"]
    rows += [f"| `{i}` | ${derivation[i].symbol}$ | ${sym}$ |" for i, sym in NOTES_SYMBOLS.items() if i in derivation]
    return _md("\n".join(rows))


def check(rows, tol=1e-7):
    """The gradient check as a table: 'yes' when the relative error is below `tol` (its last
    digits are noise); when it is not, but E's rounding alone could move the finite difference
    that far, the row says the finite difference cannot tell (not that backprop is wrong)."""
    tol = checks.real_number(tol, "tol")
    if not 0 < tol < 1:
        raise ValueError(f"tol must be between 0 and 1 (a relative error), got {tol}")
    words = {"yes": lambda r: "yes, rel. error < %.0e" % tol,
             "rounding": lambda r: "can't tell: E's rounding moves the difference by up to %.0e" % r.noise,
             "no": lambda r: "NO: %.1e" % r.rel_error}
    out = ["| parameter | backprop | finite difference | agree? |", "|---|---|---|---|"]
    out += [f"| {r.name} | {fmt(r.backprop)} | {fmt(r.numeric)} | {words[r.verdict(tol)](r)} |" for r in rows]
    return _md("\n".join(out))
