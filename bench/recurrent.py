"""Recurrent layers: one LSTM training step, and one epoch of chapter 8's character model.

Run by hand (``make bench``); prints a Markdown table. An epoch is as many
steps of 32 windows of 32 characters as it takes to cover the text once.
"""
import time

import numpy as np

from nnlib import LSTM, Adam
from nnlib.text import CharLanguageModel, Vocabulary, load_genesis, train_language_model
from timing import median_seconds  # bench/timing.py

BATCH, LENGTH, HIDDEN = 32, 32, 64


def lstm_step(rng):
    layer = LSTM(24, HIDDEN, rng=rng)
    x = rng.standard_normal((BATCH, LENGTH, 24))
    grad = rng.standard_normal((BATCH, LENGTH, HIDDEN))

    def step():
        layer.zero_grad()
        layer(x)
        layer.backward(grad)

    return step


def main():
    rng = np.random.default_rng(0)
    print("| what | median time |")
    print("|---|---|")
    print(f"| LSTM(24 -> {HIDDEN}) forward + backward, batch {BATCH} x {LENGTH} steps |"
          f" {1000 * median_seconds(lstm_step(rng), 20):.1f} ms |")
    text = load_genesis()
    vocab = Vocabulary(text)
    ids = vocab.encode(text)
    steps = len(ids) // (BATCH * LENGTH)
    model = CharLanguageModel(len(vocab), 24, HIDDEN, rng=0)
    start = time.perf_counter()
    losses = train_language_model(model, ids, Adam(model.parameters(), lr=0.005), steps, LENGTH, BATCH, rng=1)
    elapsed = time.perf_counter() - start
    print(f"| character model, one epoch ({steps} steps of {BATCH} x {LENGTH} characters) | {elapsed:.1f} s"
          f" ({1000 * elapsed / steps:.0f} ms per step; loss after it {np.mean(losses[-20:]):.2f} nats) |")


if __name__ == "__main__":
    main()
