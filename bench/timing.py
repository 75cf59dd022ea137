"""The one timing helper the benchmark scripts share."""
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
