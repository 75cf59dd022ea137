"""Checkers for the convolutional-networks chapter."""
from .verdict import Failure, call_reader, report


def check_output_side(output_side):
    """Check ``output_side(n, k, s, p) -> int or None`` for convolutions and pooling."""
    cases = [  # n, k, s, p, expected, what the case is about
        (6, 3, 1, 0, 4, "the 6x6 image and 3x3 kernel of the worked example"),
        (6, 3, 1, 1, 6, "padding 1 keeps 6x6 ('same' convolution)"),
        (32, 5, 1, 2, 32, "a 5x5 kernel with padding 2 keeps the size too"),
        (7, 3, 2, 0, 3, "stride 2"),
        (8, 2, 2, 0, 4, "2x2 pooling with stride 2 halves an 8x8 map"),
        (6, 3, 2, 0, None, "(6 - 3) / 2 + 1 = 2.5 is not a whole number"),
        (4, 5, 1, 0, None, "a 5x5 kernel does not fit in a 4x4 input at all"),
    ]
    failures = []
    for n, k, s, p, expected, about in cases:
        call = f"output_side(n={n}, k={k}, s={s}, p={p})"
        got, error = call_reader(output_side, n, k, s, p)
        if error:
            failures.append(Failure(f"{call} {error}. Case: {about}."))
        elif got != expected:
            if expected is not None and p and got == (n - k) // s + 1:
                hint = "did you forget the padding? It adds p cells on each side: n + 2p."
            elif expected is None and got is not None:
                hint = ("integer division rounds down silently; check that n + 2p - k divides by s exactly,"
                        " and return None when it does not (or when the kernel does not fit).")
            else:
                hint = "the output side is (n + 2p - k) / s + 1."
            failures.append(Failure(f"{call} returned {got!r}, expected {expected!r} ({about}).", hint))
    report(failures, len(cases))
