"""The kernel explorer: one 3x3 kernel slid over an image, and the feature map it makes.

The convolution is ``nnlib.Conv2D`` with its weights set to the kernel (no
padding, stride 1, so a 8x8 digit gives a 6x6 map). Presets show the classic
hand-made kernels; in a notebook, "custom" reads the nine weight sliders: moving
one selects "custom", and choosing a preset sets the sliders to its weights
(rounded to the sliders' 0.1 steps, and within their range of -2 to 2). With ReLU on, negative responses are cut to
zero, as in a network's convolutional layer.
"""
from functools import lru_cache

import numpy as np

from ..activations import relu
from ..conv import Conv2D
from .controls import Choice, Slider
from .explorer import Explorer
from .scene import Scene, Text, image_panel

PRESETS = {
    "vertical edge": [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
    "horizontal edge": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}
CUSTOM = "custom (the nine sliders)"
CELLS = tuple(f"k{i}{j}" for i in range(3) for j in range(3))
WEIGHTS = "custom kernel: moving a weight selects \"custom\""


def bar_and_disc():
    """A 16x16 synthetic shape: a vertical bar and a disc (pixels 0 or 1)."""
    r, c = np.mgrid[0:16, 0:16]
    shape = ((r >= 3) & (r <= 12) & (c >= 2) & (c <= 5)) | ((r - 8) ** 2 + (c - 11) ** 2 <= 10)
    return shape.astype(float)


@lru_cache(maxsize=1)
def sample_images():
    """A handwritten 3 from the digits (pixels in [0, 1]) and a 16x16 synthetic shape: a bar and a disc."""
    from ..data import load_digits

    digits = load_digits(scale="unit")
    three = digits.X_train[np.flatnonzero(digits.y_train == 3)[0]].reshape(8, 8)
    return {"digit (a 3)": three, "shape (bar and disc)": bar_and_disc()}


def feature_map(image, kernel, apply_relu=False):
    """``image`` (H, W) convolved with ``kernel`` (3, 3) by nnlib's Conv2D: an (H - 2, W - 2) map."""
    conv = Conv2D(1, 1, 3)
    conv.W.data[0, 0] = kernel
    conv.b.data[:] = 0.0
    out = conv(image[None, None])[0, 0]
    return relu(out) if apply_relu else out


def _cell_panel(values, title, vmax, palette, numbers=None):
    """An image panel; ``numbers`` a format for writing each value in its cell (text contrasts with the cell)."""
    rows, cols = values.shape
    labels = [Text(j + 0.5, rows - i - 0.5, numbers.format(values[i, j]), "#111111", 12)
              for i in range(rows) for j in range(cols)] if numbers else []
    return image_panel(values, title, -vmax if palette == "diverging" else 0.0, vmax, palette, labels)


def kernel_scene(preset, image, relu_on, images=None, **cells):
    """The figure for one setting; ``images`` (name -> array) defaults to ``sample_images()``."""
    kernel = np.array(PRESETS[preset] if preset != CUSTOM else [[cells[f"k{i}{j}"] for j in range(3)] for i in range(3)], dtype=float)
    picture = (sample_images() if images is None else images)[image]
    fmap = feature_map(picture, kernel, relu_on == "on")
    vmax = max(float(np.abs(fmap).max()), 1e-9)
    panels = [_cell_panel(picture, f"input {picture.shape[0]}x{picture.shape[1]}", 1.0, "gray"),
              _cell_panel(kernel, f"kernel: {preset.split(' (')[0]}", max(float(np.abs(kernel).max()), 1e-9), "diverging",
                          "{:.1f}" if preset == CUSTOM else "{:.2g}"),
              _cell_panel(fmap, f"feature map {fmap.shape[0]}x{fmap.shape[1]}" + (" after ReLU" if relu_on == "on" else ""),
                          vmax, "diverging")]
    html = (f"<p>Each output cell is the sum of the 9 products of the kernel with the 3x3 patch under it. Output values"
            f" from {fmap.min():.2f} (blue) to {fmap.max():.2f} (red); white is 0. ReLU {relu_on}.</p>")
    alt = f"The {preset.split(' (')[0]} kernel applied to the {image}; feature map from {fmap.min():.2f} to {fmap.max():.2f}."
    return Scene(panels, html, alt, size=(10.5, 3.8))


class KernelExplorer(Explorer):
    """A 3x3 kernel (preset or nine sliders) on a digit or a shape, with or without ReLU."""

    name = "kernel"
    controls = (
        Choice("preset", "kernel", (*PRESETS, CUSTOM), "vertical edge", static_options=tuple(PRESETS)),
        Choice("image", "image", ("digit (a 3)", "shape (bar and disc)"), "shape (bar and disc)"),
        Choice("relu_on", "ReLU", ("off", "on"), "off"),
        *(Slider(name, f"w{name[1]}{name[2]}", -2.0, 2.0, 0.1, 0.0, fmt="{:.1f}", live_only=True, group=WEIGHTS)
          for name in CELLS),
    )

    def __init__(self, images=None, **values):
        self.images = sample_images() if images is None else images
        super().__init__(**values)

    def update(self, preset, image, relu_on, **cells):
        return kernel_scene(preset, image, relu_on, self.images, **cells)

    def live_arguments(self):
        """The images travel to the browser (the website's live mode): the digit comes from scikit-learn's data."""
        return {"images": self.images, **self.values}

    def adjust(self, changed, values):
        """A weight moved: the kernel is now "custom". A preset chosen: the weights show it, ready to edit."""
        if changed in CELLS:
            return {**values, "preset": CUSTOM}
        if changed == "preset" and values["preset"] != CUSTOM:
            kernel = np.clip(np.array(PRESETS[values["preset"]], dtype=float), -2.0, 2.0)
            return {**values, **{name: round(float(kernel[int(name[1]), int(name[2])]), 1) for name in CELLS}}
        return values
