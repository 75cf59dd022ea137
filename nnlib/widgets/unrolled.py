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


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def unrolled_scene(pair, step):
    a, b = (int(v) for v in pair.split(" + "))
    x = adder_input(a, b)
    net = adder()
    predicted = net(x)[0].argmax(axis=1)
    hidden = net[0].hs[0, 1:].T  # (HIDDEN, WIDTH): column t is h_t
    rows = HIDDEN + 5  # bit numbers, a and b above the state; predicted and true sum bits below
    # the states computed so far, drawn; the steps to come stay empty
    items = [Raster(hidden[:, :step], (0, step, 2, 2 + HIDDEN), -1.0, 1.0, "diverging"),
             Line([(0, 2), (WIDTH, 2), (WIDTH, 2 + HIDDEN), (0, 2 + HIDDEN), (0, 2)], "#9aa5b1", 1.0)]
    a_bits, b_bits, truth = (to_bits([v], WIDTH)[0] for v in (a, b, a + b))
    for t in range(WIDTH):
        seen = t < step
        items.append(Text(t + 0.5, rows - 0.5, f"{t + 1}", "#555555", 11))
        # the inputs are all known from the start: the bits still to be read are drawn faint
        for row, value in ((rows - 1.5, a_bits[t]), (rows - 2.5, b_bits[t])):
            items.append(Text(t + 0.5, row, str(value), "#111111" if seen else "#9aa5b1", 13))
        if seen:
            right = predicted[t] == truth[t]
            items.append(Text(t + 0.5, 1.5, str(predicted[t]), "#009E73" if right else "#D55E00", 13))
        items.append(Text(t + 0.5, 0.5, str(truth[t]), "#555555", 13))
    for row, label in ((rows - 0.5, "bit"), (rows - 1.5, f"a = {a}"), (rows - 2.5, f"b = {b}"),
                       (2 + HIDDEN / 2, f"h ({HIDDEN} units)"), (1.5, "network"), (0.5, f"true: {a + b}")):
        items.append(Text(-0.15, row, label, "#222222", 12, anchor="end"))
    items += [Line([(step, 0), (step, rows - 1)], "#D55E00", 2.0, dashed=True)]
    panel = Panel(items, (-2.6, WIDTH), (0, rows), f"{pair}: time step {step} of {WIDTH}",
                  "bit 1 (least significant) is read first", "", axis=False)
    value = int(sum(int(p) << t for t, p in enumerate(predicted[:step])))
    bits = "the lowest bit" if step == 1 else f"the low {step} bits"
    html = (f"<p>Time step {step} of {WIDTH}. Rows, top to bottom: the bits of {a} and of {b} (faint: not read yet),"
            f" the {HIDDEN} hidden units h<sub>t</sub> (blue −1 to red +1), the network's sum bit (green when right),"
            f" the true sum bit. After {_plural(step, 'step')} the network has written {value}"
            f" (binary {format(value, f'0{step}b')}, read right to left): it should be {bits} of {a + b},"
            f" which are {(a + b) % (1 << step)}.</p>")
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
