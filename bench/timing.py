"""The timing helpers the benchmark scripts share."""
import statistics
import time


def median_seconds(fn, repeats, warm_up=True):
    """Median wall-clock time of ``fn()`` over ``repeats`` calls (after one untimed call if ``warm_up``)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_median_seconds(fns, repeats):
    """Median time of each function in ``fns`` (a dict), timed in turns: a, b, c, a, b, c, ...

    On a shared machine the speed drifts by tens of percent within a minute. Taking
    turns exposes every contender to the same drift, so their ratios hold still
    even when the absolute times do not.
    """
    for fn in fns.values():
        fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}
