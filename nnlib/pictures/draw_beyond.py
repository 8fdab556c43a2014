"""Lesson 08's pictures: a saturated start trained with each loss, and the signal left after a
chain of units of each activation. Each function draws once on an Axes it is given."""
import numpy as np

LOSS_STYLE = {"squared": ("#D55E00", "-", "squared error"), "cross_entropy": ("#0072B2", "--", "cross-entropy")}
ACT_STYLE = {"sigmoid": ("#D55E00", "o-"), "tanh": ("#009E73", "s--"), "relu": ("#0072B2", "^:")}


def runs_plot(ax, runs, output=1):
    """Output `output` (0-based) per step for each run in {loss: beyond.Run}, with its target dotted."""
    for loss, run in runs.items():
        color, ls, name = LOSS_STYLE[loss]
        ax.plot(run.outputs[:, output], color=color, ls=ls, lw=2, label=name)
    t = float(next(iter(runs.values())).t[output])
    ax.axhline(t, color="0.3", lw=1, ls=":", label=f"target t{output + 1} = {t:g}")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("gradient-descent step", fontsize=10)
    ax.set_ylabel(f"output o{output + 1}", fontsize=10)
    ax.set_title(f"from a saturated start: o{output + 1} per step", fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="center", bbox_to_anchor=(0.29, 0.58), title="trained on", title_fontsize=9)


def reach_plot(ax, reach):
    """∂a_L/∂z_1 against depth L for each activation in {activation: array}, log scale."""
    for f, r in reach.items():
        color, style = ACT_STYLE[f]
        L = np.arange(1, len(r) + 1)
        ax.plot(L, r, style, color=color, label={"relu": "ReLU"}.get(f, f))
    ax.set_yscale("log")
    ax.set_xticks(np.arange(1, len(next(iter(reach.values()))) + 1))
    ax.set_xlabel("layers L in the chain", fontsize=10)
    ax.set_ylabel("signal left, ∂a_L/∂z_1 (log scale)", fontsize=10)
    ax.set_title("a chain of units, every weight 1, x = 0.5", fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="lower left")


def figure(runs, reach):
    """Both panels side by side, as a static picture."""
    from matplotlib.figure import Figure

    from .show import _picture
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    runs_plot(left, runs)
    reach_plot(right, reach)
    return fig, _picture(fig)
