"""Plotting helpers shared by the chapters, so that notebooks hold no pasted plotting code."""
import matplotlib.pyplot as plt


def plot_curves(curves, xlabel="epoch", ylabel="", title="", ax=None, markers=True, logy=False):
    """One line per entry of ``curves``: a dict ``label -> ys`` (x counted from 1) or ``label -> (xs, ys)``."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.4), facecolor="white", layout="constrained")
    for label, ys in curves.items():
        xs, ys = ys if isinstance(ys, tuple) else (range(1, len(ys) + 1), ys)
        ax.plot(xs, ys, marker="o" if markers else None, markersize=4, label=label)
    if logy:
        ax.set_yscale("log")
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

    return show_maps(np.asarray(images).reshape(len(images), 8, 8), titles, columns, size, signed=False)


def show_maps(maps, titles=None, columns=8, size=1.0, signed=True):
    """A grid of 2-D arrays: filters or feature maps (``signed``: blue below 0, red above, white at 0,
    each map on its own symmetric scale) or images (grey, dark = high)."""
    import numpy as np

    maps = np.asarray(maps)
    titles = list(titles) if titles is not None else [""] * len(maps)
    columns = min(columns, len(maps))
    rows = max(1, -(-len(maps) // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(columns * size, rows * size * (1.25 if any(titles) else 1.0)),
                             facecolor="white", squeeze=False, layout="constrained")
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, title in zip(axes.flat, maps, titles):
        if signed:
            limit = max(float(np.abs(image).max()), 1e-12)
            ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
        else:
            ax.imshow(image, cmap="gray_r")
        ax.set_title(title, fontsize=9)
    return fig


def plot_boxes(ax, boxes, color, labels=None, linestyle="-"):
    """Draw boxes (x1, y1, x2, y2) in image coordinates on ``ax``, each with an optional label at its corner."""
    from matplotlib.patches import Rectangle

    labels = labels if labels is not None else [None] * len(boxes)
    for (x1, y1, x2, y2), label in zip(boxes, labels):
        ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, fill=False, edgecolor=color, linewidth=2, linestyle=linestyle))
        if label:
            ax.text(x1 + 0.5, y1 - 0.8, label, color=color, fontsize=8, va="bottom")
    return ax


def plot_decision_regions(predict, X, y, ax=None, title="", padding=0.5, resolution=200):
    """Shade the plane by the class ``predict`` gives each point, and draw the data on top.

    ``predict`` maps an (M, 2) array of points to M class labels (or to scores,
    turned into classes by ``nnlib.train.predict_classes``).
    """
    import numpy as np

    from .train import predict_classes

    X, y = np.asarray(X, dtype=float), np.asarray(y)
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    out = np.asarray(predict(grid))
    classes = out if out.ndim == 1 and np.issubdtype(out.dtype, np.integer) else predict_classes(out)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.8), facecolor="white", layout="constrained")
    k = int(max(classes.max(), y.max())) + 1
    colors = plt.get_cmap("tab10").colors
    ax.contourf(g1, g2, classes.reshape(g1.shape), levels=np.arange(k + 1) - 0.5, colors=colors[:k], alpha=0.25)
    for c in range(k):
        ax.scatter(*X[y == c].T, color=colors[c], edgecolor="black", s=40, label=f"class {c}")
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="x1", ylabel="x2", title=title)
    return ax


def plot_network(layer_sizes, ax=None, names=None):
    """A fully connected network as circles (units) and lines (weights), inputs on the left."""
    if ax is None:
        _, ax = plt.subplots(figsize=(1.6 * len(layer_sizes) + 1, 3.2), facecolor="white", layout="constrained")
    tallest = max(layer_sizes)
    positions = [[(i, (n - 1) / 2 - j) for j in range(n)] for i, n in enumerate(layer_sizes)]  # centred
    for left, right in zip(positions, positions[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color="#9aa5b1", linewidth=0.8, zorder=1)
    for i, layer in enumerate(positions):
        color = "#ffffff" if i == 0 else ("#0072B2" if i == len(positions) - 1 else "#E69F00")
        ax.scatter(*zip(*layer), s=420, color=color, edgecolor="#222222", linewidth=1.5, zorder=2)
    names = names or (["input"] + [f"hidden {i}" for i in range(1, len(layer_sizes) - 1)] + ["output"])
    for i, name in enumerate(names):
        ax.text(i, -tallest / 2 - 0.3, f"{name}\n({layer_sizes[i]})", ha="center", va="top", fontsize=10)
    ax.set(xlim=(-0.5, len(layer_sizes) - 0.5), ylim=(-tallest / 2 - 1.2, tallest / 2))
    ax.axis("off")
    return ax


def plot_loss_landscape(alphas, betas, surface, ax=None, title="Loss landscape", levels=20):
    """Filled contours of a 2-D loss slice (``nnlib.landscape.loss_slice``), the trained weights marked at (0, 0)."""
    import numpy as np

    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 4.4), facecolor="white", layout="constrained")
    heights = np.geomspace(surface.min(), np.percentile(surface, 95), levels)
    filled = ax.contourf(alphas, betas, surface, levels=heights, cmap="viridis", extend="max")
    ax.contour(alphas, betas, surface, levels=heights, colors="white", linewidths=0.4)
    ax.plot(0, 0, marker="*", color="white", markeredgecolor="black", markersize=14)
    ax.figure.colorbar(filled, ax=ax, label="loss", format="%.2g")
    ax.set(xlabel="direction 1 (α)", ylabel="direction 2 (β)", title=title, aspect="equal")
    return ax
