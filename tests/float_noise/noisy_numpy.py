"""Float-noise guard, the Python half: numpy's elementary functions with other round-off.

Run as an IPython start-up file in every kernel the guard starts. Another CPU
gets a different last bit not only from its BLAS (``blas_noise.c`` covers the
products) but from numpy's vectorised ``exp``, ``log``, ``tanh``, ... (AVX2 and
AVX-512 builds differ) and from LAPACK. So each of those functions here returns
its true result with every element multiplied by ``1 + 2^-52`` or ``1 - 2^-52``
(``2^-23`` for float32), the sign drawn from a fixed-seed generator of its own:
the chapters' own random streams are untouched, and the guard is repeatable.
Whole numbers are left as they are: ``exp(0) = 1``, ``log(1) = 0`` or a
saturated ``tanh(20) = 1`` are exact on every CPU. So are the operations that
IEEE 754 rounds exactly everywhere (+, -, *, /, sqrt) and numpy's summation
order, which this half leaves alone.
"""
import sys

import numpy as np

_signs = np.random.default_rng(20261129)
_STEP = {np.dtype(np.float64): 2.0 ** -52, np.dtype(np.float32): 2.0 ** -23}


def _nudge(result):
    """``result`` with each float element moved by about one unit in the last place."""
    if isinstance(result, tuple):  # (values, vectors), lstsq's four results, ...
        return type(result)(*map(_nudge, result)) if hasattr(result, "_fields") else tuple(map(_nudge, result))
    dtype = getattr(result, "dtype", None)
    if dtype not in _STEP:
        return result
    signs = _signs.choice((-1.0, 1.0), size=np.shape(result))
    factor = np.where(result == np.round(result), 1.0, 1.0 + _STEP[dtype] * signs)
    if isinstance(result, np.ndarray) and result.ndim and result.flags.writeable:
        result *= factor.astype(dtype)  # in place, so that out= arguments see it too
        return result
    return (result * factor).astype(dtype)[()]


class _NoisyUfunc:
    """A ufunc whose results are nudged; every other attribute is the ufunc's own."""

    def __init__(self, ufunc):
        self._ufunc = ufunc

    def __call__(self, *args, **kwargs):
        return _nudge(self._ufunc(*args, **kwargs))

    def __getattr__(self, name):
        return getattr(self._ufunc, name)

    def __repr__(self):
        return f"<noisy {self._ufunc!r}>"


def _noisy_function(function):
    def noisy(*args, **kwargs):
        return _nudge(function(*args, **kwargs))
    noisy.__wrapped__ = function
    noisy.__name__ = function.__name__
    noisy.__doc__ = function.__doc__
    return noisy


UFUNCS = ("exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp", "power", "float_power",
          "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh",
          "arcsinh", "arccosh", "arctanh", "cbrt", "hypot")
LAPACK = ("solve", "inv", "lstsq", "eig", "eigh", "eigvals", "eigvalsh", "svd", "qr", "cholesky",
          "det", "slogdet", "pinv", "cond", "matrix_power", "tensorsolve", "tensorinv")


def install():
    for name in UFUNCS:
        setattr(np, name, _NoisyUfunc(getattr(np, name)))
    replaced = {}
    for name in LAPACK:
        original = getattr(np.linalg, name)
        replaced[id(original)] = _noisy_function(original)
        setattr(np.linalg, name, replaced[id(original)])
    # numpy modules that imported a LAPACK function by name (np.polyfit calls lstsq)
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("numpy.") and module is not np.linalg:
            for attr, value in list(vars(module).items()):
                if id(value) in replaced and not attr.startswith("__"):
                    setattr(module, attr, replaced[id(value)])
    np.einsum = _noisy_function(np.einsum)  # its summation loops are vectorised per CPU too


def check_blas_is_perturbed():
    """Stop the kernel if the BLAS half is missing: a guard that perturbs nothing must not pass.

    The wrapped product is visible to ``dlsym`` only when ``LD_PRELOAD`` put it in
    front (numpy's own BLAS is loaded privately).
    """
    import ctypes
    import os

    symbol = os.environ.get("FLOAT_NOISE_BLAS_SYMBOL", "")
    try:
        getattr(ctypes.CDLL(None), symbol)
    except AttributeError:
        sys.stderr.write(f"float-noise guard: {symbol or 'the BLAS wrapper'} is not loaded (LD_PRELOAD missing?)\n")
        sys.stderr.flush()
        os._exit(3)


check_blas_is_perturbed()
install()
