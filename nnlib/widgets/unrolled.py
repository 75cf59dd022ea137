"""The unrolled-network explorer: an RNN adding two binary numbers, one bit per time step.

The network (8 tanh units, then a dense layer choosing the sum bit) is trained
on first use, in under a second, on random pairs of 7-bit numbers read least
significant bit first. Step through time: at step t it has seen bits 1..t of
both numbers; its hidden state (a column of 8 colours) is all it carries
forward, and it must hold the carry there.
"""
from functools import lru_cache

import numpy as np

from ..data import binary_addition, to_bits
from ..layers import Dense, Sequential
from ..losses import CrossEntropyLoss
from ..optim import Adam
from ..recurrent import RNN, TimeDistributed
from ..train import fit
from .controls import Choice, ListSlider
from .explorer import Explorer
from .scene import Line, Panel, Raster, Scene, Text

WIDTH, HIDDEN = 8, 8
PAIRS = ("37 + 90", "100 + 27", "64 + 64", "127 + 1", "85 + 85")


@lru_cache(maxsize=1)
def adder():
    """A trained 2 -> 8 -> 2 recurrent adder (its RNN layer is ``adder()[0]``)."""
    rng = np.random.default_rng(0)
    X, Y = binary_addition(2000, WIDTH, rng)
    net = Sequential(RNN(2, HIDDEN, rng=rng), TimeDistributed(Dense(HIDDEN, 2, rng=rng)))
    fit(net, CrossEntropyLoss(), Adam(net.parameters(), lr=0.01), X, Y, epochs=10, batch_size=32, rng=rng, progress=False)
    return net


def adder_input(a, b):
    """The adder's input for one pair of numbers: their bits side by side, (1, WIDTH, 2)."""
    return np.stack([to_bits([a], WIDTH), to_bits([b], WIDTH)], axis=-1).astype(float)


def unrolled_scene(pair, step):
    step = int(step)
    a, b = (int(v) for v in pair.split(" + "))
    x = adder_input(a, b)
    net = adder()
    predicted = net(x)[0].argmax(axis=1)
    hidden = net[0].hs[0, 1:].T  # (HIDDEN, WIDTH): column t is h_t
    shown = np.where(np.arange(WIDTH) < step, hidden, 0.0)
    rows = HIDDEN + 4  # a, b above the state; predicted and true sum bits below
    items = [Raster(shown, (0, WIDTH, 2, 2 + HIDDEN), -1.0, 1.0, "diverging")]
    a_bits, b_bits, truth = (to_bits([v], WIDTH)[0] for v in (a, b, a + b))
    for t in range(WIDTH):
        seen = t < step
        for row, value, color in ((rows - 0.5, a_bits[t], "#111111"), (rows - 1.5, b_bits[t], "#111111"),
                                  (1.5, predicted[t], "#D55E00" if predicted[t] != truth[t] else "#009E73"),
                                  (0.5, truth[t], "#555555")):
            items.append(Text(t + 0.5, row, str(value) if seen or row == 0.5 else "·", color, 13))
    items += [Line([(step, 0), (step, rows)], "#D55E00", 2.0, dashed=True)]
    panel = Panel(items, (0, WIDTH), (0, rows), f"{pair}: time step {step} of {WIDTH} (bit 1 = least significant)",
                  "time step (bit position)", "", axis=False)
    value = int(sum(int(p) << t for t, p in enumerate(predicted[:step])))
    html = (f"<p>Rows, top to bottom: the bits of {a}, the bits of {b}, the {HIDDEN} hidden units h<sub>t</sub>"
            f" (blue −1 to red +1), the network's sum bit (green when right), the true sum bit. After {step} steps the"
            f" network has written {value} (binary {format(value, f'0{step}b')}, read right to left),"
            f" the low {step} bits of {a + b}.</p>")
    alt = f"RNN adding {a} and {b}, after {step} of {WIDTH} steps: {int((predicted[:step] == truth[:step]).sum())} of {step} bits right."
    return Scene([panel], html, alt, size=(7.0, 4.6))


class UnrolledExplorer(Explorer):
    """Step a recurrent adder through time and watch its hidden state carry the carry."""

    name = "unrolled-rnn"
    controls = (
        Choice("pair", "numbers", PAIRS, PAIRS[0]),
        ListSlider("step", "time step", tuple(range(1, WIDTH + 1)), 1, fmt="{:d}"),
    )

    def update(self, pair, step):
        return unrolled_scene(pair, step)
