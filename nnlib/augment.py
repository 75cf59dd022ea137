"""Data augmentation for image batches (N, C, H, W): new training images from old ones.

A shifted or mirrored cat is still a cat. Showing the network such variants
during training (``nnlib.fit(..., augment=...)``) teaches it the invariance
instead of leaving it to chance, at the cost of a harder training task. Only
use transformations that keep the label: a mirrored 2 is not a 2, so mirroring
suits photographs, not digits.
"""
import numpy as np

from ._checks import as_float_array, as_rng, check_number, shape_str


def _images(name, images):
    images = as_float_array(name, "images", images)
    if images.ndim != 4:
        raise ValueError(f"{name}: expected images of shape (N, C, H, W), got {shape_str(images.shape)}")
    return images


def random_shift(images, rng=None, max_shift=1):
    """Move each image by its own random offset of up to ``max_shift`` pixels in each direction, filling with zeros."""
    images = _images("random_shift", images)
    n, c, h, w = images.shape
    if not isinstance(max_shift, (int, np.integer)) or isinstance(max_shift, bool) or not 0 <= max_shift < min(h, w):
        raise ValueError(f"random_shift: max_shift must be an integer in [0, {min(h, w) - 1}] for images of {h}x{w},"
                         f" got {max_shift!r}")
    p = int(max_shift)
    gen = as_rng(rng, "random_shift")
    padded = np.pad(images, ((0, 0), (0, 0), (p, p), (p, p)))
    dy, dx = gen.integers(-p, p + 1, size=(2, n))
    rows = np.arange(h) + p - dy[:, None]  # output row r of image k reads padded row r + p - dy_k
    cols = np.arange(w) + p - dx[:, None]
    return padded[np.arange(n)[:, None, None, None], np.arange(c)[None, :, None, None],
                  rows[:, None, :, None], cols[:, None, None, :]]


def random_flip(images, rng=None, p=0.5):
    """Mirror each image left to right with probability ``p``."""
    images = _images("random_flip", images)
    p = check_number("random_flip", "p", p, low=0, high=1)
    flip = as_rng(rng, "random_flip").random(len(images)) < p
    out = images.copy()
    out[flip] = out[flip, :, :, ::-1]
    return out
