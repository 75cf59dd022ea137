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


def plot_history(history, title="Training", validation_label="validation"):
    """Loss and accuracy per epoch side by side, training and (if recorded) validation.

    ``validation_label`` names the held-out curve ("test" when the held-out set is the test set).
    """
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9.6, 3.4), facecolor="white", layout="constrained")
    for key, ax, label in (("loss", ax_loss, "loss"), ("accuracy", ax_acc, "accuracy")):
        curves = {"training": history[key]}
        if history.get("val_" + key):
            curves[validation_label] = history["val_" + key]
        plot_curves(curves, ylabel=label, title=f"{title}: {label}", ax=ax, markers=False)
    return fig


def plot_confusion_matrix(y_true, y_pred, classes=None, ax=None):
    """Counts of (true class, predicted class); the diagonal holds the correct answers."""
    import numpy as np

    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    k = int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 4.6), facecolor="white", layout="constrained")
    ax.imshow(counts, cmap="Blues")
    for (i, j), n in np.ndenumerate(counts):
        if n:
            ax.text(j, i, n, ha="center", va="center", fontsize=8, color="white" if n > counts.max() / 2 else "black")
    labels = classes if classes is not None else range(k)
    ax.set(xticks=range(k), yticks=range(k), xticklabels=labels, yticklabels=labels,
           xlabel="predicted class", ylabel="true class", title="Confusion matrix")
    return counts


def show_digits(images, titles, columns=10, size=1.0):
    """A grid of 8x8 images (rows of 64 pixels, or (8, 8) arrays), each with a short title."""
    import numpy as np

    images = np.asarray(images).reshape(len(images), 8, 8)
    rows = max(1, -(-len(images) // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(columns * size, rows * size * 1.25), facecolor="white",
                             squeeze=False, layout="constrained")
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, title in zip(axes.flat, images, titles):
        ax.imshow(image, cmap="gray_r")
        ax.set_title(title, fontsize=9)
    return fig
