"""Tables for a checked hand calculation, as Markdown (formulas render live, on GitHub and in exports).

`excerpt_md(sheet, start, end, mark)`: lines of the notes with their numbers, the slip lines marked,
beside the true derivation's line for each step the notes write there.
`ranked_md(effects)`: slips with what each does alone to the new weights and the loss.
`classes_md(by_class)`: the same per class. `formula_md(slips)`: the formula slips.
`table_md(report)`: every value, one row each (for a collapsed <details> at the end).
`final_weights(setup, written)`: the written new weights next to the true ones, and the losses.
"""
import re

from . import kinds
from .consequences import CLASSES
from ..derivation import derive
from ..network import Network
from .notes_sheet import notes_lines
from ..params import weight_names
from ..step_ids import is_after


def esc(text):
    """Plain text safe in a Markdown table cell."""
    return re.sub(r"([\\_*|<>\[\]`])", r"\\\1", str(text))


# the lines of the notes that give the start values, inputs and targets (lines 10-34)
GIVEN_LINES = {10: "w1", 12: "w2", 14: "w3", 16: "w4", 18: "w5", 20: "w6", 22: "w7", 24: "w8",
               26: "x1", 28: "x2", 32: "t1", 34: "t2"}


def math_md(latex):
    """A notes line (Markdown with $$...$$) as one line of inline math; unbalanced math as code."""
    t = re.sub(r"^#+\s*(.*)$", r"**\1**", latex.strip())
    if t.count("$") % 2 or t.count("$$") % 2:
        return f"`{t}`"
    t = re.sub(r"\$\$(.+?)\$\$", lambda m: "$" + m.group(1).strip() + "$", t)
    return t.replace("\n", " ")


def _inline(latex):
    """A piece of a line (no $): as inline math without alignment marks."""
    return "$" + latex.replace(r"\\", ";").replace("&", "").strip() + "$"


def _table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def excerpt_md(setup, sheet, start, end, mark=()):
    """Lines `start`..`end` of the notes (marked lines flagged) beside the true line of each step."""
    d, lines = derive(setup), notes_lines()
    steps = {n: [s] for n, s in GIVEN_LINES.items()}
    for e in sheet:
        if e.written is not None and e.step not in steps.setdefault(e.line, []):
            steps[e.line].append(e.step)
    rows = []
    for n in range(start, end + 1):
        text = lines.get(n, "").strip()
        if not text:
            continue
        num = f"**{n} ✗**" if n in mark else str(n)
        true = "<br>".join(f"${d[s].latex}$" for s in steps.get(n, []))
        rows.append((num, math_md(text), true))
    return _table(["line", "the notes", "the true derivation"], rows)


def _what(d, e):
    f = e.slip
    detail = kinds.what(d, f)
    what = f"{f.kind}" + (f": {detail}" if detail and f.kind not in ("rounding", "copied wrong") else "")
    if f.kind in ("dropped term", "dropped factor") and f.dep in d:
        what = f"{f.kind}: {f.dep} ({d[f.dep].text})"
    if f.kind == "decimal point":
        what = f"decimal point: {f.factor:g} times"
    if f.text_only or f.relabelled:
        what += " (only on the page)"
    elif is_after(f.step):
        what += " (in the forward pass redone after the step)"
    elif not e.matters:
        what += " (not carried on)"
    return esc(what)


def details_md(summary, body):
    """`body` collapsed under `summary` (HTML <details>, which Markdown renderers pass through)."""
    return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def ranked_md(setup, effects, cls=None):
    """One row per slip (of class `cls`, default all): line, step, written, what, its effect alone."""
    d, rows = derive(setup), []
    for e in effects:
        if cls and e.cls != cls:
            continue
        f, (w, dw) = e.slip, e.worst
        change = f"{w} by {dw:+.2g}" if e.matters else "none"
        rows.append((f.line, f"`{f.step}`", esc(f.written), _what(d, e), "yes" if e.matters else "no", change,
                     f"{e.loss:.6f}" if e.matters else ""))
    table = _table(["line", "step", "written", "what happened", "changes the new weights?",
                    "largest change it makes alone", "E after the step, only this slip"], rows)
    return f"**{cls}**\n\n{table}" if cls else table


def classes_md(by_class, effects):
    """Per class: how many slips (how many change the new weights), largest change, E after the step."""
    true_w, true_e = by_class["none"]
    rows = []
    for c in CLASSES + ("rounding", "all"):
        w, e = by_class[c]
        n, worst = max(((k, w[k] - true_w[k]) for k in w), key=lambda kv: abs(kv[1]))
        mine = [x for x in effects if x.cls == c] if c in CLASSES else []
        count = f"{len(mine)} ({sum(x.matters for x in mine)})" if c in CLASSES else ""
        label = {"rounding": "honest rounding (not slips)", "all": "all together: the notes' step"}.get(c, c)
        rows.append((label, count, f"{n} by {worst:+.2g}" if worst else "none", f"{e:.6f}"))
    rows.append(("none: the true step", "", "", f"{true_e:.6f}"))
    return _table(["slips", "how many (change the weights)", "largest change of a new weight", "E after the step"],
                  rows)


def formula_md(slips):
    rows = [(s.line, _inline(s.written), _inline(s.meant), esc(s.why) +
             (" Also on lines " + ", ".join(map(str, s.also)) + "." if s.also else "")) for s in slips]
    return _table(["line", "the notes write", "what is meant", "why it matters"], rows)


def table_md(report):
    """Every finding: line, the notes' line, step, written, true value, verdict, what happened."""
    lines, rows = notes_lines(), []
    for f in report:
        verdict = f"**slip: {f.kind}**" if f.status == "slip" else f.status
        rows.append((f.line, math_md(lines.get(f.line, "")), f"`{f.step}`", esc(f.written), f"{f.true:.9g}",
                     verdict, esc(f.message)))
    return _table(["line", "the notes", "step", "written", "true", "verdict", "what happened"], rows)


def final_weights(setup, written):
    """Rows (name, written, true new value, difference) and the loss (start, true step, written)."""
    true_next = setup.step()
    names = weight_names(setup.network.sizes)
    rows = [(n, float(written[n]), true_next[n], float(written[n]) - true_next[n]) for n in names]
    hand = Network.from_weights(**{n: float(written[n]) for n in names})
    losses = {"before the step": float(setup.loss()), "after the true step": float(true_next.loss(setup.x, setup.t)),
              "after the notes' step": float(hand.loss(setup.x, setup.t))}
    return rows, losses


def final_weights_md(setup, written):
    rows, losses = final_weights(setup, written)
    out = [(n, f"{w:g}", f"{t:.6f}", f"{d:+.6f}") for n, w, t, d in rows]
    out += [(f"E {k}", "", f"{v:.6f}", "") for k, v in losses.items()]
    return _table(["weight", "the notes", "true", "notes − true"], out)
