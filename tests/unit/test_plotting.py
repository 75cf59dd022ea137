"""The plotting helpers draw what they are given."""


def test_plotting_helpers_draw_what_they_are_given():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnlib import data
    from nnlib.plotting import plot_decision_regions, plot_network

    X, y = data.blobs(n=40, rng=0)
    ax = plot_decision_regions(lambda P: (P[:, 0] + P[:, 1] > 0).astype(int), X, y, resolution=50)
    assert len(ax.collections) >= 3  # the shaded regions and one scatter per class
    ax = plot_network([3, 4, 2])
    assert len(ax.lines) == 3 * 4 + 4 * 2 and len(ax.collections) == 3
    plt.close("all")
