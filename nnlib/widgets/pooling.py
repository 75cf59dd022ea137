"""The pooling explorer: max, average or min over windows of a real feature map.

The feature map comes from the kernel explorer's shape: blurred, then the
vertical-edge kernel, then ReLU (16 x 16 -> 14 x 14 -> 12 x 12). Pooling is
``nnlib.MaxPool2D`` / ``AvgPool2D`` (min pooling is max pooling of the negated
map). Sizes that do not fit get the layers' own error message.
"""
from functools import lru_cache

import numpy as np

from ..conv import AvgPool2D, MaxPool2D
from .controls import Choice, ListSlider
from .explorer import Explorer
from .kernel import PRESETS, bar_and_disc, feature_map
from .scene import Line, Panel, Scene, Text, image_panel, rectangle

MODES = ("max", "average", "min")


@lru_cache(maxsize=1)
def edge_map():
    """A 12 x 12 ReLU feature map of (left) vertical edges, with graded values from 0 up."""
    blurred = feature_map(bar_and_disc(), np.array(PRESETS["blur"], dtype=float))
    return feature_map(blurred, np.array(PRESETS["vertical edge"], dtype=float), apply_relu=True)


def pool(fmap, mode, window, stride):
    """``fmap`` (H, W) pooled by nnlib's layers."""
    x = fmap[None, None]
    if mode == "max":
        return MaxPool2D(window, stride)(x)[0, 0]
    if mode == "min":
        return -MaxPool2D(window, stride)(-x)[0, 0]
    return AvgPool2D(window, stride)(x)[0, 0]


def _map_panel(values, title, vmax, window=None):
    rows, cols = values.shape
    outlines = []
    if window:
        k, s = window  # the first two windows, to show the stride
        outlines = [Line(rectangle(c0, rows - k, c0 + k, rows), "#D55E00", 2.5, dashed=dashed)
                    for c0, dashed in ((0, False), (s, True)) if c0 + k <= cols]
    return image_panel(values, title, 0.0, vmax, "gray", outlines)


def pooling_scene(mode, window, stride):
    fmap = edge_map()
    vmax = float(fmap.max())
    left = _map_panel(fmap, "feature map 12x12 (edges after ReLU)", vmax, (window, stride))
    try:
        pooled = pool(fmap, mode, window, stride)
    except ValueError as exc:
        message = str(exc).split(": ", 1)[-1]
        right = Panel([Text(0.5, 0.5, "does not fit", "#b2182b", 14)], (0, 1), (0, 1), f"{mode} pooling", "", "",
                      equal=True, axis=False)
        html = f"<p><b>Does not fit.</b> {message}</p>"
        return Scene([left, right], html, f"{mode} pooling, window {window}, stride {stride}: does not fit.", size=(8.0, 4.2))
    right = _map_panel(pooled, f"{mode} pooling: {pooled.shape[0]}x{pooled.shape[1]}", vmax)
    html = (f"<p>Window {window}x{window}, stride {stride}: each output cell is the {mode} of {window * window} inputs;"
            f" {fmap.size} values become {pooled.size}. Largest value kept: {pooled.max():.2f} of {vmax:.2f}.</p>")
    alt = f"{mode} pooling with window {window} and stride {stride} turns the 12 by 12 map into {pooled.shape[0]} by {pooled.shape[1]}."
    return Scene([left, right], html, alt, size=(8.0, 4.2))


class PoolingExplorer(Explorer):
    """Max, average or min pooling, window and stride, on a real feature map."""

    name = "pooling"
    controls = (
        Choice("mode", "pooling", MODES, "max"),
        ListSlider("window", "window", (2, 3, 4), 2, fmt="{:d}"),
        ListSlider("stride", "stride", (1, 2, 3, 4), 2, fmt="{:d}"),
    )

    def update(self, mode, window, stride):
        return pooling_scene(mode, window, stride)
