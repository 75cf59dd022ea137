"""Attention: multi-head attention forward + backward at a few sizes, the T^2 memory of its weights,
and one training step of chapter 9's character transformer beside one of the character LSTM.

Run by hand (``make bench``); prints Markdown tables. Everything runs on one BLAS
thread, as chapter 9 does (its matrices are small: on a busy two-core machine,
OpenBLAS's second thread costs more than it brings). Operations are counted as in
chapter 9: 8 T E^2 for the four projections and 4 T^2 E for the scores and the
weighted sums, per sequence, for the forward pass (backward costs about twice that).
"""
import numpy as np
from threadpoolctl import threadpool_limits

from nnlib import Adam, MultiheadAttention
from nnlib.text import CharLanguageModel, Vocabulary, load_genesis, train_language_model
from nnlib.transformer import CharTransformer
from timing import interleaved_median_seconds, median_seconds  # bench/timing.py

SIZES = [(32, 32, 32, 4), (8, 128, 32, 4), (2, 512, 32, 4), (8, 128, 64, 8), (1, 1024, 64, 8)]  # (N, T, E, heads)


def mha_step(N, T, E, heads, rng):
    layer = MultiheadAttention(E, heads, causal=True, rng=rng)
    x, grad = rng.standard_normal((N, T, E)), rng.standard_normal((N, T, E))

    def step():
        layer.zero_grad()
        layer(x)
        layer.backward(grad)

    return layer, step


def main():
    threadpool_limits(limits=1)
    rng = np.random.default_rng(0)
    print("| N | T | E | heads | forward + backward (median ms) | GFLOP/s (forward and backward) | attention weights kept |")
    print("|---|---|---|---|---|---|---|")
    for N, T, E, heads in SIZES:
        layer, step = mha_step(N, T, E, heads, rng)
        seconds = median_seconds(step, 10)
        flops = 3 * N * (8 * T * E**2 + 4 * T**2 * E)  # forward, and backward at about twice the forward
        print(f"| {N} | {T} | {E} | {heads} | {1000 * seconds:.1f} | {flops / seconds / 1e9:.2f} |"
              f" {layer.weights.nbytes / 2**20:.2f} MiB ({N} x {heads} x {T} x {T} float64) |")

    text = load_genesis()
    vocab = Vocabulary(text)
    ids = vocab.encode(text)
    models = {"LSTM (24, 64)": CharLanguageModel(len(vocab), 24, 64, rng=0),
              "transformer (E 32, 2 blocks, 4 heads)": CharTransformer(len(vocab), 32, 4, 2, context=32, rng=0)}
    steps = {name: (lambda m=m: train_language_model(m, ids, Adam(m.parameters(), lr=0.01), 5, 32, 32, rng=1))
             for name, m in models.items()}
    times = interleaved_median_seconds(steps, 5)
    print()
    print("| chapter 9 model | parameters | one training step, 32 windows x 32 characters (median ms) |")
    print("|---|---|---|")
    for name, model in models.items():
        print(f"| {name} | {sum(p.data.size for p in model.parameters()):,} | {1000 * times[name] / 5:.1f} |")


if __name__ == "__main__":
    main()
