"""The permutation explorer: self-attention without positions cannot tell word order.

A sentence of eight words goes through one multi-head self-attention layer
(random, fixed weights; each word a fixed random vector). Swap two words and
run the layer again, then put the output rows back in the original order. With
no position vectors and no mask the two outputs are the same numbers: each word's
output moved with the word and nothing else changed (the layer is permutation-
equivariant). Add sinusoidal positions, or the causal mask, and they differ.
"""
from functools import lru_cache

import numpy as np

from ..attention import MultiheadAttention, sinusoidal_positions
from .controls import Choice, IntSlider
from .explorer import Explorer
from .scene import Scene, Text, image_panel

WORDS = ("the", "dog", "chased", "the", "cat", "up", "the", "tree")
WIDTH, HEADS = 8, 2
ROUND_OFF = 1e-12  # differences below this are rounding, not a change


@lru_cache(maxsize=1)
def _setup():
    """Word vectors, the two layers (the same weights, without and with the causal mask) and the positions."""
    rng = np.random.default_rng(0)
    vectors = {w: rng.standard_normal(WIDTH) for w in sorted(set(WORDS))}
    plain = MultiheadAttention(WIDTH, HEADS, rng=1)
    masked = MultiheadAttention(WIDTH, HEADS, causal=True, rng=1)
    return vectors, {"none": plain, "causal": masked}, sinusoidal_positions(len(WORDS), WIDTH)


def swapped_outputs(i, j, positions="none", mask="none"):
    """(words, output, swapped output with its rows put back in the original order), for words i and j swapped."""
    vectors, layers, pos = _setup()
    order = np.arange(len(WORDS))
    order[[i, j]] = order[[j, i]]
    added = pos if positions == "sinusoidal" else 0.0  # positions belong to places, not to words
    x = np.array([vectors[w] for w in WORDS]) + added
    x_swapped = np.array([vectors[WORDS[k]] for k in order]) + added
    layer = layers[mask]
    out = layer(x[None])[0]
    back = np.empty_like(out)
    back[order] = layer(x_swapped[None])[0]  # row t of the swapped run belongs to word order[t]
    return out, back


def permutation_scene(i, j, positions, mask):
    out, back = swapped_outputs(i, j, positions, mask)
    diff = np.abs(out - back)
    largest = float(diff.max())
    scale = float(np.abs(out).max())
    def labels():
        return [Text(-1.6, len(WORDS) - k - 0.5, w, "#D55E00" if k in (i, j) else "#111111", 11) for k, w in enumerate(WORDS)]

    panels = [image_panel(out, "output", -scale, scale, "diverging", labels()),
              image_panel(back, f"swap {i} and {j}, rows put back", -scale, scale, "diverging", labels()),
              image_panel(diff, "difference", -scale, scale, "gray", labels())]  # grey: white at 0, black at scale
    for p in panels:
        p.xlim = (-3.2, WIDTH)  # room for the words
    same = largest < ROUND_OFF
    verdict = ("gives the same numbers (every difference below 1e-12, round-off): the outputs moved with their words"
               if same else f"changes the outputs: by up to {largest:.2f}, where they range to ±{scale:.2f}")
    why = {("none", "none"): "No positions and no mask: attention sees a set of words, not a sequence.",
           ("sinusoidal", "none"): "Position vectors belong to places: a swapped word arrives with another position.",
           ("none", "causal"): "The mask ties each row to a place: after a swap, a word sees other words before it.",
           ("sinusoidal", "causal"): "Positions and mask both make order matter."}[(positions, mask)]
    if i == j:
        why = "Swapping a word with itself changes nothing, whatever the settings."
    words = " ".join(f"<b>{w}</b>" if k in (i, j) else w for k, w in enumerate(WORDS))
    html = f"<p>{words}: swapping words {i} and {j} {verdict}. {why}</p>"
    alt = (f"Self-attention outputs before and after swapping words {i} and {j}, positions {positions}, mask {mask}:"
           f" {'identical' if same else 'different'}.")
    return Scene(panels, html, alt, size=(9.0, 2.9))


class PermutationExplorer(Explorer):
    """Swap two words and compare self-attention's outputs, with and without positions and the causal mask."""

    name = "permutation"
    controls = (
        IntSlider("i", "swap word", 0, len(WORDS) - 1, 1, 1),
        IntSlider("j", "with word", 0, len(WORDS) - 1, 1, 4),
        Choice("positions", "positions", ("none", "sinusoidal"), "none"),
        Choice("mask", "mask", ("none", "causal"), "none"),
    )

    def update(self, i, j, positions, mask):
        return permutation_scene(i, j, positions, mask)
