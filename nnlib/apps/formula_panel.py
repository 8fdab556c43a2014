"""FormulaPanel: formulas typeset once per step, their numbers as plain HTML that follows a drag.

MathJax typesets an HTMLMath widget again whenever its value changes, which costs the browser
tens of milliseconds per slider event when the numbers sit inside the LaTeX. Here the symbols
(the title and `symbol = formula` per quantity) are one HTMLMath whose value changes only when
the step does; the numbers (`symbol = substituted = value`) are HTML with <sub>/<sup>.
`.value` is both, for reading in tests and summaries.
"""
import html
import re

import ipywidgets as W

from ..formulas import fmt

GREEK = {"alpha": "α", "sigma": "σ", "delta": "δ", "partial": "∂", "cdot": "·", "tanh": "tanh", "ln": "ln",
         "exp": "exp", "max": "max", "log": "log", "times": "×", "quad": " ", "gt": "&gt;", "lt": "&lt;"}


def tex_html(tex):
    r"""LaTeX of a formula with numbers as HTML: \frac{a}{b} as a/b, _{..} and ^{..} as sub/sup,
    \cdot as ·, Greek letters as letters, other commands as their names, braces dropped."""
    s = html.escape(tex, quote=False)
    s = re.sub(r"\\(left|right)(?![a-zA-Z])", "", s)
    s = s.replace(r"\,", "&#8239;").replace(r"\;", " ").replace(r"\!", "")
    s = re.sub(r"\\(?:text|mathrm|operatorname)\{([^{}]*)\}", r"\1", s)
    for _ in range(2):  # sub- and superscripts first: then a fraction's parts hold no braces
        s = re.sub(r"_\{([^{}]*)\}", r"<sub>\1</sub>", s)
        s = re.sub(r"\^\{([^{}]*)\}", r"<sup>\1</sup>", s)
    s = re.sub(r"_(\w)", r"<sub>\1</sub>", s)
    s = re.sub(r"\^(\w)", r"<sup>\1</sup>", s)
    s = re.sub(r"\\[td]?frac12(?!\d)", "½", s)
    s = re.sub(r"\\[td]?frac(\d)(\d)", r"\1/\2", s)
    for _ in range(3):  # nested fractions, innermost first
        s = re.sub(r"\\[td]?frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", s)
    s = re.sub(r"\\([a-zA-Z]+)", lambda m: GREEK.get(m.group(1), m.group(1)), s)
    return s.replace("{", "").replace("}", "").replace("∂ ", "∂").strip()


class FormulaPanel(W.VBox):
    """Title and formulas in symbols (typeset), then the same formulas with their numbers (HTML)."""

    def __init__(self, **kwargs):
        self.symbols, self.numbers = W.HTMLMath(), W.HTML()
        super().__init__([self.symbols, self.numbers], **kwargs)

    def show(self, title, quantities):
        """`title` HTML; `quantities` objects with .symbol, .formula (may be ''), .substituted, .value."""
        lines = [title] + [f"<div>$${q.symbol} = {q.formula}$$</div>" for q in quantities if q.formula]
        self.symbols.value = "\n".join(lines)  # unchanged text: no message, no typesetting
        rows = []
        for q in quantities:
            parts = [tex_html(q.symbol)]
            if q.substituted and q.substituted not in (q.formula, fmt(q.value)):
                parts.append(tex_html(q.substituted))
            parts.append(f"<b>{fmt(q.value)}</b>")
            rows.append("<div>" + " = ".join(parts) + "</div>")
        self.numbers.value = ("<div style='font-family:serif;font-size:1.05em;line-height:1.6'>"
                              + "".join(rows) + "</div>")

    @property
    def value(self):
        return self.symbols.value + "\n" + self.numbers.value
