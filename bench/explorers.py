"""Time every explorer in the kernel: its pure update, a live move, and the static face.

Run by hand (``make bench``); prints a Markdown table. A *live move* is what the
kernel does when a reader moves a control: ``ExplorerWidget.handle_move`` (the
explorer's update, the scene as JSON, the message handed to the comm). For
comparison, in the same run and in turns with it, the older live face's work: the
same update drawn as a matplotlib PNG (``Scene.to_png``). Moves are drawn at
random over the live grids, with a fixed seed. The goal for a move is well under
50 ms; the browser's share is timed by ``bench/lab_latency.py``.
"""
import json
import time

import numpy as np

import nnlib.widgets as widgets
from nnlib.widgets import Explorer
from timing import median_seconds  # bench/timing.py


def random_moves(explorer, rng, count):
    """``count`` moves of one control each, to a random position of its live grid."""
    moves = []
    for _ in range(count):
        control = explorer.controls[rng.integers(len(explorer.controls))]
        index = {c.name: c.live_index(c.value) for c in explorer.controls}
        index[control.name] = int(rng.integers(len(control.live_grid())))
        moves.append({"type": "move", "seq": len(moves) + 1, "index": index, "changed": control.name})
    return moves


def untrained_attention_explorer():
    """The attention explorer with an untrained transformer: the same work per update as the chapter's trained one."""
    from nnlib.text import Vocabulary, load_genesis
    from nnlib.transformer import CharTransformer

    vocab = Vocabulary(load_genesis())
    return widgets.AttentionExplorer(CharTransformer(len(vocab), 32, 4, 2, context=32, rng=0), vocab)


BUILT_FROM_A_MODEL = {widgets.AttentionExplorer: untrained_attention_explorer}

def percentile(times, q):
    return 1000 * float(np.percentile(times, q))


def main():
    rng = np.random.default_rng(0)
    explorers = [cls for cls in Explorer.__subclasses__() if cls.__module__.startswith(widgets.__name__)]
    print("| explorer | update (median ms) | live move: median / p95 ms | matplotlib PNG redraw: median / p95 ms"
          " | static frames | static face build (s) | static face size (KB) |")
    print("|---|---|---|---|---|---|---|")
    for cls in explorers:
        try:
            explorer = BUILT_FROM_A_MODEL[cls]() if cls in BUILT_FROM_A_MODEL else cls()
        except TypeError:  # built from a trained model's results (the temperature explorer): timed by its chapter
            print(f"| {cls.name} | (needs a trained model; see bench/recurrent.py) | | | | | |")
            continue
        start = time.perf_counter()
        page = explorer.static_html()  # as on display: every static frame computed (and cached) first
        build = time.perf_counter() - start
        frames = len(explorer.static_data()["frames"])
        widget = explorer.live()
        widget.send = lambda content, buffers=None: json.dumps(content)  # no front end here: serialise only
        moves = random_moves(explorer, rng, 60)
        for move in moves[:5]:  # warm caches as a reader's first moves would
            widget.handle_move(move)
        live, png = [], []
        for move in moves:  # in turns: the live face's work, then the PNG face's, for the same move
            t = time.perf_counter()
            widget.handle_move(move)
            live.append(time.perf_counter() - t)
            t = time.perf_counter()
            explorer.move(move["changed"], move["index"]).to_png()
            png.append(time.perf_counter() - t)
        it = iter(moves * 4)
        update = 1000 * median_seconds(lambda: explorer.move(None, next(it)["index"]), 100, warm_up=False)
        print(f"| {cls.name} | {update:.2f} | {percentile(live, 50):.1f} / {percentile(live, 95):.1f}"
              f" | {percentile(png, 50):.1f} / {percentile(png, 95):.1f} | {frames} | {build:.2f}"
              f" | {len(page.encode()) / 1024:.0f} |")


if __name__ == "__main__":
    main()
