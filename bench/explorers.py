"""Time every explorer: its pure update function, the live redraw, and the static face.

Run by hand (``make bench``); prints a Markdown table. The goal for an update
is well under 50 ms: the live face calls it on every slider move.
"""
import time

import numpy as np

import nnlib.widgets as widgets
from nnlib.widgets import Choice, Explorer, ListSlider
from timing import median_seconds  # bench/timing.py


def random_values(explorer, rng):
    """Control values drawn over the live ranges (not just the static grid)."""
    values = {}
    for c in explorer.controls:
        if isinstance(c, Choice):
            values[c.name] = c.options[rng.integers(len(c.options))]
        elif isinstance(c, ListSlider):
            values[c.name] = c.values[rng.integers(len(c.values))]
        else:
            steps = int(round((c.max - c.min) / c.step))
            values[c.name] = c.min + c.step * rng.integers(steps + 1)
    return values


def untrained_attention_explorer():
    """The attention explorer with an untrained transformer: the same work per update as the chapter's trained one."""
    from nnlib.text import Vocabulary, load_genesis
    from nnlib.transformer import CharTransformer

    vocab = Vocabulary(load_genesis())
    return widgets.AttentionExplorer(CharTransformer(len(vocab), 32, 4, 2, context=32, rng=0), vocab)


BUILT_FROM_A_MODEL = {widgets.AttentionExplorer: untrained_attention_explorer}


def main():
    rng = np.random.default_rng(0)
    explorers = [cls for cls in Explorer.__subclasses__() if cls.__module__.startswith(widgets.__name__)]
    print("| explorer | update (median ms) | live redraw incl. PNG (median ms) | static frames | static face build (s) | static face size (KB) |")
    print("|---|---|---|---|---|---|")
    for cls in explorers:
        try:
            explorer = BUILT_FROM_A_MODEL[cls]() if cls in BUILT_FROM_A_MODEL else cls()
        except TypeError:  # built from a trained model's results (the temperature explorer): timed by its chapter
            print(f"| {cls.name} | (needs a trained model; see bench/recurrent.py) | | | | |")
            continue
        settings = [random_values(explorer, rng) for _ in range(200)]
        it = iter(settings * 2)
        update = 1000 * median_seconds(lambda: explorer.update(**next(it)), 200, warm_up=False)
        it = iter(settings)
        redraw = 1000 * median_seconds(lambda: explorer.update(**next(it)).to_png(), 20, warm_up=False)
        start = time.perf_counter()
        page = explorer.static_html()
        build = time.perf_counter() - start
        frames = len(explorer.static_data()["frames"])
        print(f"| {cls.name} | {update:.2f} | {redraw:.1f} | {frames} | {build:.2f} | {len(page.encode()) / 1024:.0f} |")


if __name__ == "__main__":
    main()
