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


def test_curves_take_their_own_x_and_landscapes_mark_the_centre():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from nnlib.plotting import plot_curves, plot_loss_landscape

    ax = plot_curves({"per epoch": [3, 2, 1], "per step": ([10, 20, 30], [4, 2, 1])}, logy=True)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [10, 20, 30])
    assert ax.get_yscale() == "log"
    grid = np.linspace(-1, 1, 11)
    surface = 0.1 + grid[None, :] ** 2 + 2 * grid[:, None] ** 2
    ax = plot_loss_landscape(grid, grid, surface)
    assert ax.lines[-1].get_xdata()[0] == 0 and ax.get_xlabel().startswith("direction 1")
    plt.close("all")
