"""Plotting helpers shared by the chapters, so that notebooks hold no pasted plotting code."""
import matplotlib.pyplot as plt


def plot_curves(curves, xlabel="epoch", ylabel="", title="", ax=None, markers=True):
    """One line per entry of ``curves`` (a dict ``label -> sequence of y``), x counted from 1."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.4), facecolor="white", layout="constrained")
    for label, ys in curves.items():
        ax.plot(range(1, len(ys) + 1), ys, marker="o" if markers else None, markersize=4, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.grid(alpha=0.3)
    if len(curves) > 1:
        ax.legend()
    return ax
