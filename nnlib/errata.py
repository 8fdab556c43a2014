"""Tables for a checked hand calculation: HTML that renders the same live and in saved notebooks.

`table_html(report, lines=None, only=None)`: one row per Finding (line, the notes' text on that
line, step, written, true value, verdict, what went wrong); slips red, carried values amber.
`final_weights(setup, written)`: the written new weights next to the true ones and the loss each
network gives on the setup's sample (all from nnlib).
"""
import html

from .network import Network
from .params import weight_names

COLORS = {"slip": "#f8d7da", "carried": "#fff3cd", "ok": "#ffffff"}


def _row(cells, color, tag="td"):
    tds = "".join(f'<{tag} style="text-align:left;padding:2px 6px">{c}</{tag}>' for c in cells)
    return f'<tr style="background:{color}">{tds}</tr>'


def table_html(report, lines=None, only=None):
    """HTML table of `report` (findings whose status is in `only`, default all)."""
    head = ["line", "notes", "step", "written", "true", "verdict", "what happened"]
    rows = [_row(head, "#eeeeee", "th")]
    for f in report:
        if only and f.status not in only:
            continue
        text = (lines or {}).get(f.line, "").strip()
        text = text if len(text) < 70 else text[:67] + "..."
        verdict = f.status if f.status != "slip" else f"<b>slip: {f.kind}</b>"
        rows.append(_row([f.line if f.line is not None else "", f"<code>{html.escape(text)}</code>",
                          f"<code>{f.step}</code>", f.written, f"{f.true:.9g}", verdict, html.escape(f.message)],
                         COLORS[f.status]))
    return '<table style="border-collapse:collapse;font-size:12px">' + "".join(rows) + "</table>"


def final_weights(setup, written):
    """Rows (name, written, true new value, difference) and the loss (start, true step, written)."""
    true_next = setup.step()
    names = weight_names(setup.network.sizes)
    rows = [(n, float(written[n]), true_next[n], float(written[n]) - true_next[n]) for n in names]
    hand = Network.from_weights(**{n: float(written[n]) for n in names})
    losses = {"before the step": float(setup.loss()), "true step": float(true_next.loss(setup.x, setup.t)),
              "the notes' weights": float(hand.loss(setup.x, setup.t))}
    return rows, losses


def final_weights_html(setup, written):
    rows, losses = final_weights(setup, written)
    out = [_row(["weight", "notes", "true", "notes − true"], "#eeeeee", "th")]
    for n, w, t, d in rows:
        out.append(_row([n, f"{w:g}", f"{t:.6f}", f"{d:+.6f}"], COLORS["slip" if abs(d) > 5e-3 else "ok"]))
    out += [_row([f"E {k}", "", f"{v:.6f}", ""], "#f4f4f4") for k, v in losses.items()]
    return '<table style="border-collapse:collapse;font-size:12px">' + "".join(out) + "</table>"
