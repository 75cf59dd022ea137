"""The robustness sweep's cases: every public layer, loss, optimizer, schedule and helper of nnlib,
built with seeded random shapes and settings, and fed input in every form a reader may pass.

Good input comes as float64, float32, integers, nested lists and non-contiguous views; bad input
has the wrong number of axes, a wrong size, no samples, a NaN, or a bad argument. Each case runs
and gets one outcome:

==================  ==================================================================
correct             the result equals an independent float64 reference computation
clear error         a ValueError or TypeError whose message names the object
warned              non-finite input: a warning naming the object, NaN passed on
obscure error       any other exception, or a message that does not name the object
silent              bad input accepted, or a wrong result, without a word
NaN without warning a non-finite result and no warning naming the object
==================  ==================================================================

What each case expects decides which outcomes are good (``GOOD``): good input must give the
correct result; bad input a clear error; NaN a warning or a clear error; an empty batch an
empty result or a clear error. ``tests/unit/test_robustness_sweep.py`` asserts every case ends
well; ``bench/robustness_census.py`` counts the outcomes for any version of nnlib.

References are written here from the formulas (PyTorch's where nnlib follows PyTorch), not by
calling nnlib. The one exception: backward through a layer is compared with the same layer's
backward on the float64, C-contiguous form of the same values, which the gradient checks of
the other test files hold against finite differences.
"""
import copy
import math
import warnings
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

import nnlib

OUTCOMES = ("correct", "clear error", "warned", "obscure error", "silent", "NaN without warning")
GOOD = {
    "result": {"correct"},
    "error": {"clear error"},
    "nan": {"warned", "clear error"},
    "empty": {"correct", "clear error"},
}


@dataclass
class Case:
    subject: str                   # the object under test, as a reader names it: "Dense", "fit"
    kind: str                      # "float32", "wrong ndim", "NaN", "bad argument", ...
    run: Callable                  # () -> result
    expect: str                    # "result", "error", "nan" or "empty" (keys of GOOD)
    owner: tuple                   # names an error or warning message must contain (any one)
    reference: Optional[Callable] = None  # () -> the correct result (None: only an error is right)
    detail: str = ""
    rtol: float = 1e-9
    atol: float = 1e-12

    @property
    def name(self):
        return f"{self.subject}: {self.kind}{' (' + self.detail + ')' if self.detail else ''}"


# --- running and classifying ----------------------------------------------------------------------

def _non_finite(value):
    if isinstance(value, dict):
        return any(_non_finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_non_finite(v) for v in value)
    if isinstance(value, (float, np.floating)):
        return not math.isfinite(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "fc":
        return not np.isfinite(value).all()
    return False


def same(result, expected, rtol=1e-9, atol=1e-12):
    """Equal within round-off, with equal shapes, and float64 wherever the reference is float64."""
    if isinstance(expected, dict):
        return isinstance(result, dict) and all(k in result and same(result[k], v, rtol, atol) for k, v in expected.items())
    if isinstance(expected, (list, tuple)) and any(isinstance(e, (np.ndarray, list, tuple, dict)) for e in expected):
        return isinstance(result, (list, tuple)) and len(result) == len(expected) and all(
            same(r, e, rtol, atol) for r, e in zip(result, expected))
    if expected is None or isinstance(expected, (bool, str)):
        return result is expected or result == expected
    e = np.asarray(expected)
    if not isinstance(result, (np.ndarray, np.generic, int, float, list, tuple)) or isinstance(result, bool):
        return False
    r = np.asarray(result)
    if r.shape != e.shape:
        return False
    if e.dtype == np.float64 and r.dtype != np.float64:
        return False
    return bool(np.allclose(r, e, rtol=rtol, atol=atol, equal_nan=True))


def classify(case):
    """Run ``case``; return (outcome, a short note)."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
        warnings.simplefilter("always")
        try:
            result = case.run()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - the census counts every way of failing
            text = f"{type(exc).__name__}: {exc}"
            named = any(o in str(exc) for o in case.owner)
            # RuntimeError: calls in the wrong order ("call forward before backward")
            clear = isinstance(exc, (ValueError, TypeError, RuntimeError)) and type(exc).__module__ == "builtins" and named
            return ("clear error" if clear else "obscure error"), text[:200]
    named_warning = any(any(o in str(w.message) for o in case.owner) for w in caught)
    if case.expect == "error":
        return "silent", "accepted"
    if case.expect == "nan":
        if named_warning:
            return "warned", ""
        return ("NaN without warning" if _non_finite(result) else "silent"), "no warning"
    if case.reference is None:
        return "silent", "returned a result where only an error is right"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            expected = case.reference()
        except Exception as exc:  # noqa: BLE001
            return "obscure error", f"reference failed: {type(exc).__name__}: {exc}"[:200]
    if same(result, expected, rtol=case.rtol, atol=case.atol):
        return "correct", ""
    if _non_finite(result) and not _non_finite(expected) and not named_warning:
        return "NaN without warning", ""
    return "silent", "wrong result"


# --- helpers --------------------------------------------------------------------------------------

def strided(x):
    """A non-contiguous view holding the values of ``x`` (every other column of a wider array)."""
    x = np.asarray(x)
    if x.ndim == 0:
        return x
    wide = np.zeros(x.shape[:-1] + (2 * x.shape[-1],), dtype=x.dtype)
    wide[..., ::2] = x
    view = wide[..., ::2]
    assert not view.flags.c_contiguous or x.shape[-1] <= 1
    return view


def with_nan(x, rng):
    x = np.array(x, dtype=np.float64)
    x.flat[rng.integers(x.size)] = np.nan
    return x


def variants(x):
    """The good forms of the same values: (kind, value, float64 copy of the values)."""
    x32 = x.astype(np.float32)
    xi = np.rint(2 * x).astype(np.int64)
    return [
        ("float32", x32, x32.astype(np.float64)),
        ("int", xi, xi.astype(np.float64)),
        ("list", x.tolist(), x),
        ("non-contiguous", strided(x), x),
    ]


def _quietly(fn):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn()


# --- independent references ------------------------------------------------------------------------

def sigmoid_ref(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


def softmax_ref(z, axis=-1):
    if np.size(z) == 0:
        return np.zeros(np.shape(z))
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def conv_ref(x, W, b, s, p):
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    kh, kw = W.shape[2:]
    oh, ow = (xp.shape[2] - kh) // s + 1, (xp.shape[3] - kw) // s + 1
    out = np.zeros((x.shape[0], W.shape[0], oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * s:i * s + kh, j * s:j * s + kw]
            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
    return out


def pool_ref(x, k, s, reduce):
    oh, ow = (x.shape[2] - k) // s + 1, (x.shape[3] - k) // s + 1
    out = np.zeros(x.shape[:2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, :, i * s:i * s + k, j * s:j * s + k]
            if patch.size:
                out[:, :, i, j] = reduce(patch, axis=(2, 3))
    return out


def rnn_ref(layer, x, h0=None):
    n, steps, _ = x.shape
    h = np.zeros((n, layer.hidden_size)) if h0 is None else np.asarray(h0, dtype=np.float64)
    outs = []
    for t in range(steps):
        h = np.tanh(x[:, t] @ layer.Wx.data + h @ layer.Wh.data + layer.b.data)
        outs.append(h)
    return np.stack(outs, axis=1) if outs else np.zeros((n, 0, layer.hidden_size))


def lstm_ref(layer, x, state=None):
    n, steps, _ = x.shape
    H = layer.hidden_size
    h, c = (np.zeros((n, H)), np.zeros((n, H))) if state is None else (np.asarray(s, np.float64) for s in state)
    outs = []
    for t in range(steps):
        a = x[:, t] @ layer.Wx.data + h @ layer.Wh.data + layer.b.data
        i, f, g, o = sigmoid_ref(a[:, :H]), sigmoid_ref(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid_ref(a[:, 3 * H:])
        c = f * c + i * g
        h = o * np.tanh(c)
        outs.append(h)
    return np.stack(outs, axis=1) if outs else np.zeros((n, 0, H))


def gru_ref(layer, x, h0=None):
    n, steps, _ = x.shape
    H = layer.hidden_size
    h = np.zeros((n, H)) if h0 is None else np.asarray(h0, dtype=np.float64)
    outs = []
    for t in range(steps):
        gx = x[:, t] @ layer.Wx.data + layer.bx.data
        gh = h @ layer.Wh.data + layer.bh.data
        r = sigmoid_ref(gx[:, :H] + gh[:, :H])
        z = sigmoid_ref(gx[:, H:2 * H] + gh[:, H:2 * H])
        new = np.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
        h = (1 - z) * new + z * h
        outs.append(h)
    return np.stack(outs, axis=1) if outs else np.zeros((n, 0, H))


def layernorm_ref(layer, x):
    mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    return layer.gamma.data * (x - mean) / np.sqrt(var + layer.eps) + layer.beta.data


def attention_ref(layer, x):
    """Multi-head self-attention written out head by head, from the formulas."""
    n, T, E = x.shape
    d = E // layer.num_heads
    q, k, v = (x @ W.data + b.data for W, b in ((layer.Wq, layer.bq), (layer.Wk, layer.bk), (layer.Wv, layer.bv)))
    heads = np.zeros((n, T, E))
    for h in range(layer.num_heads):
        cols = slice(h * d, (h + 1) * d)
        scores = q[..., cols] @ np.swapaxes(k[..., cols], 1, 2) / np.sqrt(d)
        if layer.causal:
            scores = np.where(np.triu(np.ones((T, T), dtype=bool), 1), -np.inf, scores)
        heads[..., cols] = softmax_ref(scores, -1) @ v[..., cols]
    return heads @ layer.Wo.data + layer.bo.data


def batchnorm_ref(layer, x):
    if layer.training:
        mean, var = x.mean(axis=0), x.var(axis=0)
    else:
        mean, var = layer.running_mean, layer.running_var
    return layer.gamma.data * (x - mean) / np.sqrt(var + layer.eps) + layer.beta.data


# --- layers -----------------------------------------------------------------------------------------

@dataclass
class LayerSpec:
    name: str
    make: Callable          # () -> layer (fresh, identical each time)
    x: np.ndarray           # a valid input, float64
    ref: Callable           # (layer, x float64) -> output
    fixed: tuple = ()       # axes whose size is fixed by the layer
    ndim_ok: Callable = lambda nd: True
    empty_axes: tuple = (0,)
    empty_ok: Callable = lambda axis: True  # False: an empty input along that axis must raise
    integer_input: bool = False
    owner: tuple = ()       # names an error may give instead of the layer's own (a layer inside it)


def _forward_backward(layer, x, G=None):
    out = layer(x)
    dx = layer.backward(np.zeros(out.shape) if G is None else G)
    return out, dx, [p.grad.copy() for p in layer.parameters()]


def layer_cases(spec, rng):
    cases = []
    owner = (spec.name.split("(")[0],) + spec.owner
    x = spec.x
    proto = spec.make()
    out_shape = _quietly(lambda: np.shape(spec.ref(spec.make(), x)))
    G = rng.standard_normal(out_shape)

    def run_fb(value, grad=G):
        return lambda: _forward_backward(copy.deepcopy(proto), value, grad)

    def ref_fb(x64, grad=G):
        def reference():
            layer = copy.deepcopy(proto)
            _, dx, grads = _forward_backward(layer, x64, grad)
            return spec.ref(copy.deepcopy(proto), x64), dx, grads
        return reference

    good = variants(x) if not spec.integer_input else [
        ("int32", x.astype(np.int32), x), ("list", x.tolist(), x), ("non-contiguous", strided(x), x)]
    for kind, value, x64 in good:
        cases.append(Case(spec.name, kind, run_fb(value), "result", owner, ref_fb(x64)))
    if spec.integer_input:
        cases.append(Case(spec.name, "float input", run_fb(x.astype(np.float64) + 0.5), "error", owner))
    for kind, grad in (("gradient float32", G.astype(np.float32)), ("gradient list", G.tolist()),
                       ("gradient non-contiguous", strided(G))):
        g64 = np.asarray(grad, dtype=np.float64)
        cases.append(Case(spec.name, kind, run_fb(x, grad), "result", owner, ref_fb(x, g64)))
    cases.append(Case(spec.name, "gradient of the wrong shape", run_fb(x, G[..., :-1] if G.shape[-1] > 1 else G[None]),
                      "error", owner))
    for bad in (x[None], x[0] if x.ndim > 1 else x[0:1, None]):
        if not spec.ndim_ok(bad.ndim):
            cases.append(Case(spec.name, "wrong ndim", lambda b=bad: copy.deepcopy(proto)(b), "error", owner,
                              detail=f"{bad.shape}"))
    for axis in spec.fixed:
        shape = list(x.shape)
        shape[axis] += 1
        bad = rng.integers(0, 2, shape) if spec.integer_input else rng.standard_normal(shape)
        if spec.integer_input:
            bad = bad + np.max(x) + 1  # an index past the table
        cases.append(Case(spec.name, "wrong size", lambda b=bad: copy.deepcopy(proto)(b), "error", owner,
                          detail=f"axis {axis}: {tuple(shape)}"))
    for axis in spec.empty_axes:
        empty = np.take(x, [], axis=axis)

        def reference(empty=empty):
            return (spec.ref(copy.deepcopy(proto), empty), None if spec.integer_input else np.zeros(empty.shape),
                    [np.zeros(p.shape) for p in proto.parameters()])

        cases.append(Case(spec.name, "empty", run_fb(empty, None), "empty", owner,
                          reference if spec.empty_ok(axis) else None, detail=f"{empty.shape}"))
    if not spec.integer_input:
        cases.append(Case(spec.name, "NaN", lambda v=with_nan(x, rng): copy.deepcopy(proto)(v), "nan", owner))
    return cases


def layer_specs(rng):
    r = lambda lo, hi: int(rng.integers(lo, hi + 1))  # noqa: E731
    n, d, o, t = r(1, 4), r(1, 5), r(1, 4), r(1, 4)
    seed = int(rng.integers(1 << 30))
    specs = []
    specs.append(LayerSpec(f"Dense({d} -> {o})", lambda: nnlib.Dense(d, o, rng=seed), rng.standard_normal((n, d)),
                           lambda L, x: x @ L.W.data + L.b.data, fixed=(1,), ndim_ok=lambda nd: nd == 2))
    specs.append(LayerSpec("PrependOnes()", lambda: nnlib.PrependOnes(), rng.standard_normal((n, d)),
                           lambda L, x: np.hstack([np.ones((x.shape[0], 1)), x]), ndim_ok=lambda nd: nd == 2))
    alpha = float(rng.uniform(0, 0.3))
    elementwise = [("Identity()", nnlib.Identity, lambda x: x), ("Sigmoid()", nnlib.Sigmoid, sigmoid_ref),
                   ("Tanh()", nnlib.Tanh, np.tanh), ("ReLU()", nnlib.ReLU, lambda x: np.maximum(x, 0)),
                   (f"LeakyReLU(alpha={alpha})", lambda: nnlib.LeakyReLU(alpha), lambda x: np.where(x > 0, x, alpha * x))]
    shape = tuple(r(1, 4) for _ in range(r(1, 3)))
    for name, make, f in elementwise:
        specs.append(LayerSpec(name, make, rng.standard_normal(shape) + 0.05, lambda L, x, f=f: f(x)))
    axis = int(rng.choice([-1, 0, 1]))
    specs.append(LayerSpec(f"Softmax(axis={axis})", lambda: nnlib.Softmax(axis), rng.standard_normal((n, d)),
                           lambda L, x: softmax_ref(x, axis), ndim_ok=lambda nd: -nd <= axis < nd))
    # convolution: pick the output size, then the input size that fits it exactly
    c, k, s, p, oh = r(1, 3), r(1, 3), r(1, 2), r(0, 1), r(1, 3)
    h = (oh - 1) * s + k - 2 * p
    if h < 1:
        p, h = 0, (oh - 1) * s + k
    specs.append(LayerSpec(f"Conv2D({c} -> {o}, k={k}, s={s}, p={p})",
                           lambda: nnlib.Conv2D(c, o, k, stride=s, padding=p, rng=seed),
                           rng.standard_normal((n, c, h, h)), lambda L, x: conv_ref(x, L.W.data, L.b.data, s, p),
                           fixed=(1,), ndim_ok=lambda nd: nd == 4))
    kp, sp = r(1, 3), r(1, 3)
    hp = (r(1, 3) - 1) * sp + kp
    xp = rng.standard_normal((n, c, hp, hp))
    specs.append(LayerSpec(f"MaxPool2D({kp}, stride={sp})", lambda: nnlib.MaxPool2D(kp, stride=sp), xp,
                           lambda L, x: pool_ref(x, kp, sp, np.max), ndim_ok=lambda nd: nd == 4, empty_axes=(0, 1)))
    specs.append(LayerSpec(f"AvgPool2D({kp}, stride={sp})", lambda: nnlib.AvgPool2D(kp, stride=sp), xp,
                           lambda L, x: pool_ref(x, kp, sp, np.mean), ndim_ok=lambda nd: nd == 4, empty_axes=(0, 1)))
    specs.append(LayerSpec("Flatten()", lambda: nnlib.Flatten(), rng.standard_normal((n, c, r(1, 3), r(1, 3))),
                           lambda L, x: x.reshape(x.shape[0], int(np.prod(x.shape[1:]))), ndim_ok=lambda nd: nd >= 2))
    specs.append(LayerSpec("Dropout(eval)", lambda: nnlib.Dropout(0.5, rng=seed).eval(), rng.standard_normal(shape),
                           lambda L, x: x))
    specs.append(LayerSpec("Dropout(train)", lambda: nnlib.Dropout(0.5, rng=seed), rng.standard_normal(shape),
                           lambda L, x: x * (np.random.default_rng(seed).random(x.shape) >= 0.5) / 0.5))
    nb = r(2, 5)
    specs.append(LayerSpec(f"BatchNorm1D({d}) train", lambda: nnlib.BatchNorm1D(d), rng.standard_normal((nb, d)),
                           batchnorm_ref, fixed=(1,), ndim_ok=lambda nd: nd == 2, empty_ok=lambda axis: False))
    specs.append(LayerSpec(f"BatchNorm1D({d}) eval", lambda: nnlib.BatchNorm1D(d).eval(), rng.standard_normal((nb, d)),
                           batchnorm_ref, fixed=(1,), ndim_ok=lambda nd: nd == 2))
    for cls, ref in ((nnlib.RNN, rnn_ref), (nnlib.LSTM, lstm_ref), (nnlib.GRU, gru_ref)):
        specs.append(LayerSpec(f"{cls.__name__}({d} -> {o})", lambda cls=cls: cls(d, o, rng=seed),
                               rng.standard_normal((n, t, d)), ref, fixed=(2,), ndim_ok=lambda nd: nd == 3,
                               empty_axes=(0, 1)))
    v = r(2, 6)
    specs.append(LayerSpec(f"Embedding({v}, {o})", lambda: nnlib.Embedding(v, o, rng=seed),
                           rng.integers(0, v, (n, t)), lambda L, x: L.weight.data[x], fixed=(1,),
                           integer_input=True))
    specs.append(LayerSpec(f"TimeDistributed(Dense({d} -> {o}))",
                           lambda: nnlib.TimeDistributed(nnlib.Dense(d, o, rng=seed)), rng.standard_normal((n, t, d)),
                           lambda L, x: x @ L.layer.W.data + L.layer.b.data, fixed=(2,), ndim_ok=lambda nd: nd == 3,
                           empty_axes=(0, 1), owner=("Dense",)))
    specs.append(LayerSpec("LastTimeStep()", lambda: nnlib.LastTimeStep(), rng.standard_normal((n, t, d)),
                           lambda L, x: x[:, -1], ndim_ok=lambda nd: nd == 3, empty_axes=(0, 1),
                           empty_ok=lambda axis: axis == 0))
    specs.append(LayerSpec(f"Sequential(Dense({d} -> {o}), Tanh(), Dense({o} -> 2))",
                           lambda: nnlib.Sequential(nnlib.Dense(d, o, rng=seed), nnlib.Tanh(), nnlib.Dense(o, 2, rng=seed + 1)),
                           rng.standard_normal((n, d)),
                           lambda L, x: np.tanh(x @ L[0].W.data + L[0].b.data) @ L[2].W.data + L[2].b.data,
                           fixed=(1,), ndim_ok=lambda nd: nd == 2, owner=("Dense",)))
    specs.append(LayerSpec(f"LayerNorm({d})", lambda: nnlib.LayerNorm(d), rng.standard_normal((n, t, d)) * 2 + 1,
                           layernorm_ref, fixed=(-1,), ndim_ok=lambda nd: nd >= 1))
    heads = r(1, 3)
    causal = bool(rng.integers(2))
    width = heads * r(1, 3)
    specs.append(LayerSpec(f"MultiheadAttention({width}, heads={heads}, causal={causal})",
                           lambda: nnlib.MultiheadAttention(width, heads, causal=causal, rng=seed),
                           rng.standard_normal((n, t, width)), attention_ref, fixed=(2,), ndim_ok=lambda nd: nd == 3,
                           empty_axes=(0, 1)))
    return specs


def recurrent_state_cases(rng):
    """Initial states: good forms, wrong shapes, NaN, and LSTM's (h0, c0) pair."""
    cases = []
    n, t, d, h = (int(rng.integers(1, 4)) for _ in range(4))
    x = rng.standard_normal((n, t, d))
    h0 = rng.standard_normal((n, h))
    for cls, ref in ((nnlib.RNN, rnn_ref), (nnlib.GRU, gru_ref)):
        make = lambda cls=cls: cls(d, h, rng=3)  # noqa: E731
        name = f"{cls.__name__}({d} -> {h}) h0"
        for kind, value, v64 in variants(h0):
            cases.append(Case(name, kind, lambda value=value, make=make: make()(x, h0=value), "result", (cls.__name__,),
                              lambda v64=v64, make=make, ref=ref: ref(make(), x, v64)))
        cases.append(Case(name, "wrong size", lambda make=make: make()(x, h0=np.zeros((n, h + 1))), "error", (cls.__name__,)))
        cases.append(Case(name, "wrong ndim", lambda make=make: make()(x, h0=np.zeros(h)), "error", (cls.__name__,)))
        cases.append(Case(name, "NaN", lambda make=make: make()(x, h0=with_nan(h0, rng)), "nan", (cls.__name__,)))
    make = lambda: nnlib.LSTM(d, h, rng=3)  # noqa: E731
    c0 = rng.standard_normal((n, h))
    name = f"LSTM({d} -> {h}) state"
    for kind, value, v64 in variants(h0):
        cases.append(Case(name, kind, lambda value=value: make()(x, state=(value, c0)), "result", ("LSTM",),
                          lambda v64=v64: lstm_ref(make(), x, (v64, c0))))
    cases.append(Case(name, "list pair", lambda: make()(x, state=[h0, c0]), "result", ("LSTM",),
                      lambda: lstm_ref(make(), x, (h0, c0))))
    for kind, state in (("an array, not a pair", np.stack([h0, c0]) if n != 2 else np.stack([h0, c0, h0])),
                        ("a 1-tuple", (h0,)), ("a triple", (h0, c0, c0))):
        cases.append(Case(name, "bad argument", lambda state=state: make()(x, state=state), "error", ("LSTM",),
                          detail=kind))
    cases.append(Case(name, "NaN", lambda: make()(x, state=(h0, with_nan(c0, rng))), "nan", ("LSTM",)))
    cases.append(Case(name, "wrong size", lambda: make()(x, state=(h0, np.zeros((n + 1, h)))), "error", ("LSTM",)))
    return cases


def layer_argument_cases():
    """Constructor arguments of every layer, wrong in type or value: each must be refused by name."""
    L = nnlib
    bad = [
        ("Dense", lambda: L.Dense(2.0, 3)), ("Dense", lambda: L.Dense(0, 3)), ("Dense", lambda: L.Dense(True, 3)),
        ("Dense", lambda: L.Dense("2", 3)), ("Dense", lambda: L.Dense(2, 3, rng="seed")),
        ("Conv2D", lambda: L.Conv2D(2, 1, 2.0)), ("Conv2D", lambda: L.Conv2D(2, 1, 3, stride=None)),
        ("Conv2D", lambda: L.Conv2D(2, 1, 0)), ("Conv2D", lambda: L.Conv2D(2, 1, (3,))),
        ("Conv2D", lambda: L.Conv2D(2, 1, (3, 3, 3))), ("Conv2D", lambda: L.Conv2D(2, 1, "3")),
        ("Conv2D", lambda: L.Conv2D(2, 1, 3, padding=-1)), ("Conv2D", lambda: L.Conv2D(2, 1, 3, padding=1.5)),
        ("Conv2D", lambda: L.Conv2D(2, 1, 3, stride=0)), ("Conv2D", lambda: L.Conv2D(2.5, 1, 3)),
        ("Conv2D", lambda: L.Conv2D(2, 1, True)),
        ("MaxPool2D", lambda: L.MaxPool2D(2.0)), ("MaxPool2D", lambda: L.MaxPool2D(2, stride=1.5)),
        ("MaxPool2D", lambda: L.MaxPool2D(None)), ("AvgPool2D", lambda: L.AvgPool2D(0)),
        ("AvgPool2D", lambda: L.AvgPool2D("2")),
        ("LeakyReLU", lambda: L.LeakyReLU(-0.1)), ("LeakyReLU", lambda: L.LeakyReLU("0.1")),
        ("LeakyReLU", lambda: L.LeakyReLU(np.nan)),
        ("Softmax", lambda: L.Softmax(axis=1.0)), ("Softmax", lambda: L.Softmax(axis="1")),
        ("Softmax", lambda: L.Softmax(axis=5)(np.zeros((3, 4)))), ("Softmax", lambda: L.Softmax(axis=-3)(np.zeros((3, 4)))),
        ("Dropout", lambda: L.Dropout("0.5")), ("Dropout", lambda: L.Dropout(1.0)), ("Dropout", lambda: L.Dropout(-0.1)),
        ("Dropout", lambda: L.Dropout(np.nan)), ("Dropout", lambda: L.Dropout(None)),
        ("BatchNorm1D", lambda: L.BatchNorm1D(0)), ("BatchNorm1D", lambda: L.BatchNorm1D(4, eps=-1)),
        ("BatchNorm1D", lambda: L.BatchNorm1D(4, momentum=2.0)), ("BatchNorm1D", lambda: L.BatchNorm1D(4, eps="1e-5")),
        ("RNN", lambda: L.RNN(2, 0)), ("LSTM", lambda: L.LSTM(2.0, 3)), ("GRU", lambda: L.GRU(2, "3")),
        ("Embedding", lambda: L.Embedding(0, 3)), ("Embedding", lambda: L.Embedding(5, 2.0)),
        ("TimeDistributed", lambda: L.TimeDistributed("dense")),
        ("TimeDistributed", lambda: L.TimeDistributed(L.Dense)),
        ("Sequential", lambda: L.Sequential(L.Dense(2, 2, rng=0), L.ReLU)),
        ("Sequential", lambda: L.Sequential([L.Dense(2, 2, rng=0), L.ReLU()])),
        ("Perceptron", lambda: L.Perceptron(2, lr="1")), ("Perceptron", lambda: L.Perceptron(2.0)),
        ("Perceptron", lambda: L.Perceptron(2, weights=[1.0])),
    ]
    return [Case(owner, "bad argument", call, "error", (owner,), detail=f"#{i}") for i, (owner, call) in enumerate(bad)]


# --- losses -----------------------------------------------------------------------------------------

def loss_cases(rng):
    cases = []
    n, d = int(rng.integers(1, 5)), int(rng.integers(1, 5))

    def value_and_grad(loss, pred, target):
        value = loss(pred, target)
        return value, loss.backward()

    # MSELoss
    pred, target = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    mse_ref = lambda p, t: (float(np.mean((p - t) ** 2)), 2 * (p - t) / p.size)  # noqa: E731
    spec = [("MSELoss", nnlib.MSELoss, pred, target, mse_ref)]
    # BCELoss: probabilities and 0/1 labels
    p_bce, y_bce = sigmoid_ref(rng.standard_normal((n, 1))), rng.integers(0, 2, (n, 1)).astype(np.float64)
    bce_ref = lambda p, y: (float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))),  # noqa: E731
                            (p - y) / (p * (1 - p)) / p.size)
    spec.append(("BCELoss", nnlib.BCELoss, p_bce, y_bce, bce_ref))
    for name, make, p, t, ref in spec:
        for kind, value, v64 in variants(p) if name == "MSELoss" else [
                ("float32", p.astype(np.float32), p.astype(np.float32).astype(np.float64)),
                ("list", p.tolist(), p), ("non-contiguous", strided(p), p)]:
            cases.append(Case(name, f"pred {kind}", lambda value=value, make=make, t=t: value_and_grad(make(), value, t),
                              "result", (name,), lambda v64=v64, t=t, ref=ref: ref(v64, t)))
        for kind, value, v64 in variants(t) if name == "MSELoss" else [
                ("int", t.astype(np.int64), t), ("list", t.tolist(), t), ("non-contiguous", strided(t), t)]:
            cases.append(Case(name, f"target {kind}", lambda value=value, make=make, p=p: value_and_grad(make(), p, value),
                              "result", (name,), lambda v64=v64, p=p, ref=ref: ref(p, v64)))
        cases.append(Case(name, "target wrong ndim", lambda make=make, p=p, t=t: make()(p, t[..., None]), "error", (name,)))
        cases.append(Case(name, "target wrong size", lambda make=make, p=p, t=t: make()(p, np.concatenate([t, t[:1]])),
                          "error", (name,)))
        cases.append(Case(name, "empty", lambda make=make, p=p, t=t: value_and_grad(make(), p[:0], t[:0]), "empty", (name,)))
        cases.append(Case(name, "pred NaN", lambda make=make, p=p, t=t: make()(with_nan(p, rng), t), "nan", (name,)))
        cases.append(Case(name, "target NaN", lambda make=make, p=p, t=t: make()(p, with_nan(t, rng)), "nan", (name,)))
        cases.append(Case(name, "backward before the loss", lambda make=make: make().backward(), "error", (name,)))
    cases.append(Case("BCELoss", "pred outside [0, 1]", lambda: nnlib.BCELoss()(p_bce + 1.0, y_bce), "error", ("BCELoss",)))
    cases.append(Case("BCELoss", "target outside [0, 1]", lambda: nnlib.BCELoss()(p_bce, y_bce + 2), "error", ("BCELoss",)))
    edge_p, edge_y = np.array([0.0, 1.0, 0.0, 1.0, 1e-50]), np.array([1.0, 0.0, 0.0, 1.0, 1.0])

    def bce_torch(p, y):  # PyTorch: each log clamped at -100; gradient (p - y) / max(p (1 - p), 1e-12)
        with np.errstate(divide="ignore"):
            value = -np.mean(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))
        return float(value), (p - y) / np.maximum(p * (1 - p), 1e-12) / p.size

    cases.append(Case("BCELoss", "pred exactly 0 or 1", lambda: value_and_grad(nnlib.BCELoss(), edge_p, edge_y), "result",
                      ("BCELoss",), lambda: bce_torch(edge_p, edge_y)))
    # CrossEntropyLoss
    c = int(rng.integers(2, 5))
    z, idx = rng.standard_normal((n, c)), rng.integers(0, c, n)

    def ce_ref(z, y):
        logp = np.log(softmax_ref(z, axis=1))
        onehot = np.eye(z.shape[1])[y] if np.ndim(y) == 1 else y
        return float(-np.sum(onehot * logp) / len(z)), (softmax_ref(z, axis=1) - onehot) / len(z)

    ce = lambda pred, y: value_and_grad(nnlib.CrossEntropyLoss(), pred, y)  # noqa: E731
    owner = ("CrossEntropyLoss",)
    for kind, value, v64 in variants(z):
        cases.append(Case("CrossEntropyLoss", f"pred {kind}", lambda value=value: ce(value, idx), "result", owner,
                          lambda v64=v64: ce_ref(v64, idx)))
    for kind, value in (("int32", idx.astype(np.int32)), ("list", idx.tolist()), ("float", idx.astype(np.float64)),
                        ("non-contiguous", strided(idx[None])[0]), ("one-hot rows", np.eye(c)[idx]),
                        ("one-hot list", np.eye(c)[idx].tolist())):
        cases.append(Case("CrossEntropyLoss", f"target {kind}", lambda value=value: ce(z, value), "result", owner,
                          lambda: ce_ref(z, idx)))
    for kind, pred, target in (("pred wrong ndim", z[None], idx), ("pred 1-D", z[0], idx[:1]),
                               ("target wrong size", z, np.append(idx, 0)), ("target index too large", z, idx + c),
                               ("target negative", z, idx - c), ("target not integers", z, idx + 0.5),
                               ("target rows not summing to 1", z, np.eye(c)[idx] * 2),
                               ("target wrong ndim", z, idx[:, None, None])):
        cases.append(Case("CrossEntropyLoss", kind, lambda pred=pred, target=target: ce(pred, target), "error", owner))
    cases.append(Case("CrossEntropyLoss", "empty", lambda: ce(z[:0], idx[:0]), "empty", owner))
    cases.append(Case("CrossEntropyLoss", "pred NaN", lambda: ce(with_nan(z, rng), idx), "nan", owner))
    cases.append(Case("CrossEntropyLoss", "target NaN", lambda: ce(z, with_nan(idx, rng)), "nan", owner))
    cases.append(Case("CrossEntropyLoss", "target rows with NaN", lambda: ce(z, with_nan(np.eye(c)[idx], rng)), "nan", owner))
    return cases


# --- optimizers -------------------------------------------------------------------------------------

def optimizer_reference(kind, hyper, data, grads_per_step):
    """PyTorch's update rules, written out for a list of arrays."""
    w = [d.copy() for d in data]
    state = [dict() for _ in w]
    for t, grads in enumerate(grads_per_step, start=1):
        for i, g in enumerate(grads):
            s = state[i]
            if kind == "SGD":
                g = g + hyper.get("weight_decay", 0) * w[i]
                mu = hyper.get("momentum", 0)
                if mu:
                    s["v"] = g.copy() if "v" not in s else mu * s["v"] + g
                    g = g + mu * s["v"] if hyper.get("nesterov") else s["v"]
                w[i] = w[i] - hyper["lr"] * g
            elif kind == "AdaGrad":
                s["sum"] = s.get("sum", 0) + g * g
                w[i] = w[i] - hyper.get("lr", 0.01) * g / (np.sqrt(s["sum"]) + hyper.get("eps", 1e-10))
            elif kind == "RMSprop":
                a = hyper.get("alpha", 0.99)
                s["sq"] = a * s.get("sq", 0) + (1 - a) * g * g
                w[i] = w[i] - hyper.get("lr", 0.01) * g / (np.sqrt(s["sq"]) + hyper.get("eps", 1e-8))
            elif kind in ("Adam", "AdamW"):
                b1, b2 = hyper.get("betas", (0.9, 0.999))
                if kind == "AdamW":  # decoupled: shrink the weights, keep the decay out of the moments
                    w[i] = w[i] * (1 - hyper.get("lr", 0.001) * hyper.get("weight_decay", 0.01))
                else:
                    g = g + hyper.get("weight_decay", 0) * w[i]
                s["m"] = b1 * s.get("m", 0) + (1 - b1) * g
                s["v"] = b2 * s.get("v", 0) + (1 - b2) * g * g
                m_hat, v_hat = s["m"] / (1 - b1**t), s["v"] / (1 - b2**t)
                w[i] = w[i] - hyper.get("lr", 0.001) * m_hat / (np.sqrt(v_hat) + hyper.get("eps", 1e-8))
    return w


def optimizer_cases(rng):
    cases = []
    settings = [("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.1, "momentum": 0.9}),
                ("SGD", {"lr": 0.05, "momentum": 0.5, "nesterov": True, "weight_decay": 0.1}),
                ("AdaGrad", {"lr": 0.1}), ("RMSprop", {"lr": 0.01, "alpha": 0.9}),
                ("Adam", {"lr": 0.1}), ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "weight_decay": 0.01}),
                ("AdamW", {"lr": 0.05, "weight_decay": 0.1})]
    for kind, hyper in settings:
        cls = getattr(nnlib, kind)
        shapes = [tuple(int(v) for v in rng.integers(1, 4, int(rng.integers(1, 3)))) for _ in range(2)]
        data = [rng.standard_normal(s) for s in shapes]
        grads = [[rng.standard_normal(s) for s in shapes] for _ in range(2)]
        label = f"{kind}({', '.join(f'{k}={v}' for k, v in hyper.items())})"
        owner = (kind,)

        def steps(convert=lambda g: g, data=data, grads=grads, cls=cls, hyper=hyper):
            params = [nnlib.Parameter(d) for d in data]
            opt = cls(params, **hyper)
            for step_grads in grads:
                opt.zero_grad()
                for p, g in zip(params, step_grads):
                    p.grad = convert(g.copy())
                opt.step()
            return [p.data for p in params]

        for variant, convert in (("float64", lambda g: g), ("gradient float32", lambda g: g.astype(np.float32)),
                                 ("gradient non-contiguous", strided)):
            def reference(convert=convert, data=data, grads=grads, kind=kind, hyper=hyper):
                as64 = [[np.asarray(convert(g), dtype=np.float64) for g in step] for step in grads]
                return optimizer_reference(kind, hyper, data, as64)
            cases.append(Case(label, variant, lambda convert=convert, steps=steps: steps(convert), "result", owner, reference))
        cases.append(Case(label, "gradient of the wrong shape", lambda steps=steps: steps(lambda g: g.reshape(-1)[:1] + 0 if g.size > 1 else g.reshape(1, 1)),
                          "error", owner))
        cases.append(Case(label, "gradient NaN", lambda steps=steps: steps(lambda g: with_nan(g, rng)), "nan", owner))
        cases.append(Case(label, "a parameter given twice", lambda cls=cls, hyper=hyper, data=data:
                          cls([nnlib.Parameter(data[0])] * 2, **hyper), "error", owner))
        cases.append(Case(label, "a layer instead of its parameters", lambda cls=cls, hyper=hyper:
                          cls(nnlib.Dense(2, 2, rng=0), **hyper), "error", owner))
        cases.append(Case(label, "a Parameter instead of a list", lambda cls=cls, hyper=hyper, data=data:
                          cls(nnlib.Parameter(data[0]), **hyper), "error", owner))
        cases.append(Case(label, "arrays instead of Parameters", lambda cls=cls, hyper=hyper, data=data:
                          cls([d.copy() for d in data], **hyper), "error", owner))
        cases.append(Case(label, "empty", lambda cls=cls, hyper=hyper: cls([], **hyper), "error", owner))
        cases.append(Case(label, "a parameter with no elements", lambda cls=cls, hyper=hyper: (
            lambda p: (cls([p], **hyper).step(), p.data)[1])(nnlib.Parameter(np.zeros((0, 3)))), "result", owner,
            lambda: np.zeros((0, 3))))
    P = lambda: [nnlib.Parameter([1.0, 2.0])]  # noqa: E731
    bad = [("SGD", {"lr": -0.1}), ("SGD", {"lr": "0.1"}), ("SGD", {"lr": None}), ("SGD", {"lr": np.nan}),
           ("SGD", {"lr": True}), ("SGD", {"lr": 0.1, "momentum": -0.5}), ("SGD", {"lr": 0.1, "nesterov": True}),
           ("SGD", {"lr": 0.1, "weight_decay": -1}), ("SGD", {"lr": 0.1, "momentum": "0.9"}),
           ("AdaGrad", {"eps": -1}), ("AdaGrad", {"lr": [0.1]}), ("RMSprop", {"alpha": 1.0}), ("RMSprop", {"alpha": "0.9"}),
           ("Adam", {"betas": 0.9}), ("Adam", {"betas": (0.9,)}), ("Adam", {"betas": (0.9, 1.0)}),
           ("Adam", {"betas": "0.9"}), ("Adam", {"betas": (0.9, 0.999, 0.5)}), ("Adam", {"lr": np.inf}),
           ("AdamW", {"weight_decay": -0.01}), ("AdamW", {"betas": 0.9})]
    for i, (kind, hyper) in enumerate(bad):
        cases.append(Case(kind, "bad argument", lambda kind=kind, hyper=hyper: getattr(nnlib, kind)(P(), **hyper),
                          "error", (kind,), detail=f"{hyper}"))
    return cases


def clip_cases(rng):
    cases, owner = [], ("clip_grad_norm",)
    grads = [rng.standard_normal(tuple(int(v) for v in rng.integers(1, 4, 2))) for _ in range(2)]
    max_norm = float(rng.uniform(0.1, 2))

    def run(convert=lambda g: g, max_norm=max_norm):
        params = [nnlib.Parameter(np.zeros(g.shape)) for g in grads]
        for p, g in zip(params, grads):
            p.grad = convert(g.copy())
        total = nnlib.clip_grad_norm(params, max_norm)
        return total, [p.grad for p in params]

    def reference():
        total = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
        scale = min(1.0, max_norm / (total + 1e-6))
        return total, [g * scale for g in grads]

    cases.append(Case("clip_grad_norm", "float64", run, "result", owner, reference))
    cases.append(Case("clip_grad_norm", "gradient non-contiguous", lambda: run(strided), "result", owner, reference))
    cases.append(Case("clip_grad_norm", "gradient NaN", lambda: run(lambda g: with_nan(g, rng)), "nan", owner))
    cases.append(Case("clip_grad_norm", "no parameters", lambda: nnlib.clip_grad_norm([], 1.0), "result", owner, lambda: 0.0))
    for kind, call in (("arrays instead of Parameters", lambda: nnlib.clip_grad_norm([np.zeros(3)], 1.0)),
                       ("a layer instead of its parameters", lambda: nnlib.clip_grad_norm(nnlib.Dense(2, 2, rng=0), 1.0)),
                       ("max_norm a string", lambda: run(max_norm="1")), ("max_norm negative", lambda: run(max_norm=-1.0)),
                       ("max_norm NaN", lambda: run(max_norm=np.nan))):
        cases.append(Case("clip_grad_norm", "bad argument", call, "error", owner, detail=kind))
    return cases


# --- schedules --------------------------------------------------------------------------------------

def schedule_cases(rng):
    from nnlib import schedules

    cases = []
    T = int(rng.integers(1, 6))
    lr0 = float(rng.uniform(0.1, 1))
    eta = float(rng.uniform(0, 0.05))
    gamma = float(rng.uniform(0.1, 0.9))
    start = float(rng.uniform(0.1, 0.9))
    steps = 3 * T + 2
    closed = {  # PyTorch's closed forms (torch.optim.lr_scheduler, _get_closed_form_lr)
        "StepLR": lambda t: lr0 * gamma ** (t // T),
        "ExponentialLR": lambda t: lr0 * gamma**t,
        "CosineAnnealingLR": lambda t: eta + (lr0 - eta) * (1 + math.cos(math.pi * t / T)) / 2,
        "LinearLR": lambda t: lr0 * (start + (1 - start) * min(t, T) / T),
    }
    makers = {
        "StepLR": lambda o: schedules.StepLR(o, step_size=T, gamma=gamma),
        "ExponentialLR": lambda o: schedules.ExponentialLR(o, gamma=gamma),
        "CosineAnnealingLR": lambda o: schedules.CosineAnnealingLR(o, T_max=T, eta_min=eta),
        "LinearLR": lambda o: schedules.LinearLR(o, start_factor=start, total_iters=T),
    }
    for name, make in makers.items():
        def run(make=make):
            opt = nnlib.SGD([nnlib.Parameter([0.0])], lr=lr0)
            sched = make(opt)
            return [opt.lr] + [sched.step() for _ in range(steps)]
        cases.append(Case(name, f"{steps} steps", run, "result", (name,),
                          lambda name=name: [closed[name](t) for t in range(steps + 1)]))
    opt = lambda: nnlib.SGD([nnlib.Parameter([0.0])], lr=0.1)  # noqa: E731
    bad = [("StepLR", lambda: schedules.StepLR(opt(), step_size=0)), ("StepLR", lambda: schedules.StepLR(opt(), step_size=2.5)),
           ("StepLR", lambda: schedules.StepLR(opt(), step_size=True)), ("StepLR", lambda: schedules.StepLR(opt(), 2, gamma="0.5")),
           ("StepLR", lambda: schedules.StepLR(opt(), 2, gamma=-0.5)), ("StepLR", lambda: schedules.StepLR("sgd", 2)),
           ("ExponentialLR", lambda: schedules.ExponentialLR(opt(), gamma="0.9")),
           ("ExponentialLR", lambda: schedules.ExponentialLR(opt(), gamma=np.nan)),
           ("CosineAnnealingLR", lambda: schedules.CosineAnnealingLR(opt(), T_max=0)),
           ("CosineAnnealingLR", lambda: schedules.CosineAnnealingLR(opt(), T_max="10")),
           ("CosineAnnealingLR", lambda: schedules.CosineAnnealingLR(opt(), T_max=10, eta_min="0")),
           ("CosineAnnealingLR", lambda: schedules.CosineAnnealingLR(opt(), T_max=10, eta_min=-0.1)),
           ("LinearLR", lambda: schedules.LinearLR(opt(), start_factor="0.5")),
           ("LinearLR", lambda: schedules.LinearLR(opt(), total_iters=2.5)),
           ("LinearLR", lambda: schedules.LinearLR(opt(), start_factor=0))]
    for i, (owner, call) in enumerate(bad):
        cases.append(Case(owner, "bad argument", call, "error", (owner,), detail=f"#{i}"))
    return cases


# --- helpers ----------------------------------------------------------------------------------------

def function_cases(rng):
    cases = []
    x = rng.standard_normal(tuple(int(v) for v in rng.integers(1, 4, int(rng.integers(1, 3)))))
    alpha = float(rng.uniform(0, 0.3))
    funcs = [("sigmoid", nnlib.sigmoid, sigmoid_ref), ("tanh", nnlib.tanh, np.tanh),
             ("relu", nnlib.relu, lambda z: np.maximum(z, 0)),
             ("leaky_relu", lambda z: nnlib.leaky_relu(z, alpha), lambda z: np.where(z > 0, z, alpha * z)),
             ("softmax", nnlib.softmax, softmax_ref)]
    for name, f, ref in funcs:
        for kind, value, v64 in variants(x):
            cases.append(Case(name, kind, lambda f=f, value=value: f(value), "result", (name,),
                              lambda ref=ref, v64=v64: ref(v64)))
        cases.append(Case(name, "NaN", lambda f=f: f(with_nan(x, rng)), "nan", (name,)))
        cases.append(Case(name, "not numbers", lambda f=f: f(["a", "b"]), "error", (name,)))
    cases.append(Case("softmax", "axis out of range", lambda: nnlib.softmax(np.zeros((2, 3)), axis=2), "error", ("softmax",)))
    cases.append(Case("softmax", "empty axis", lambda: nnlib.softmax(np.zeros((2, 0))), "empty", ("softmax",),
                      lambda: np.zeros((2, 0))))
    cases.append(Case("softmax", "empty batch", lambda: nnlib.softmax(np.zeros((0, 3))), "empty", ("softmax",),
                      lambda: np.zeros((0, 3))))
    return cases


def gradient_tool_cases(rng):
    cases = []
    owner = ("numerical_gradient",)
    base = rng.standard_normal((3, 4))

    def closure_grad(view):
        W = view(base.copy())
        return nnlib.numerical_gradient(lambda _: float(np.sum(W**3)), W)

    for kind, view in (("C-contiguous, via a closure", lambda a: a), ("transposed view, via a closure", lambda a: a.T),
                       ("strided view, via a closure", lambda a: a[:, ::2]), ("reversed view, via a closure", lambda a: a[::-1])):
        cases.append(Case("numerical_gradient", kind, lambda view=view: closure_grad(view), "result", owner,
                          lambda view=view: 3 * view(base.copy()) ** 2, rtol=1e-6, atol=1e-8))
    for kind, value, v64 in variants(base):
        cases.append(Case("numerical_gradient", f"{kind}, via the argument",
                          lambda value=value: nnlib.numerical_gradient(lambda a: float(np.sum(np.asarray(a) ** 2)), value),
                          "result", owner, lambda v64=v64: 2 * v64, rtol=1e-6, atol=1e-8))
    cases.append(Case("numerical_gradient", "f returns an array",
                      lambda: nnlib.numerical_gradient(lambda a: a * 2, base.copy()), "error", owner))
    cases.append(Case("numerical_gradient", "h = 0", lambda: nnlib.numerical_gradient(lambda a: float(a.sum()), base.copy(), h=0),
                      "error", owner))
    cases.append(Case("numerical_gradient", "f gives NaN",
                      lambda: nnlib.numerical_gradient(lambda a: float(np.sqrt(-1 - a[0, 0] ** 2)), base.copy()), "nan", owner))
    layer = nnlib.Dense(3, 2, rng=1)
    x = rng.standard_normal((2, 3))
    for kind, value, v64 in variants(x):
        cases.append(Case("gradcheck", kind, lambda value=value: nnlib.gradcheck(copy.deepcopy(layer), value) < 1e-7,
                          "result", ("gradcheck",), lambda: True))
    cases.append(Case("gradcheck", "not a layer", lambda: nnlib.gradcheck(lambda z: z, x), "error", ("gradcheck",)))
    owner = ("relative_error",)
    a, b = rng.standard_normal(4), rng.standard_normal(4)
    rel = lambda a, b: float(np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b)))  # noqa: E731
    cases.append(Case("relative_error", "lists", lambda: nnlib.relative_error(a.tolist(), b.tolist()), "result", owner,
                      lambda: rel(a, b)))
    cases.append(Case("relative_error", "shapes differ", lambda: nnlib.relative_error(a, b[:, None]), "error", owner))
    cases.append(Case("relative_error", "NaN", lambda: nnlib.relative_error(with_nan(a, rng), b), "nan", owner))
    return cases


def training_helper_cases(rng):
    cases = []
    n, c = int(rng.integers(2, 6)), int(rng.integers(2, 4))
    scores, labels = rng.standard_normal((n, c)), rng.integers(0, c, n)
    acc_ref = lambda: float(np.mean(scores.argmax(axis=1) == labels))  # noqa: E731
    owner = ("accuracy",)
    for kind, s, y in (("arrays", scores, labels), ("lists", scores.tolist(), labels.tolist()),
                       ("one-hot targets", scores, np.eye(c)[labels]), ("non-contiguous", strided(scores), labels),
                       ("float32", scores.astype(np.float32), labels)):
        cases.append(Case("accuracy", kind, lambda s=s, y=y: nnlib.accuracy(s, y), "result", owner,
                          acc_ref if kind != "float32" else (lambda: float(np.mean(scores.astype(np.float32).argmax(1) == labels)))))
    probs = sigmoid_ref(rng.standard_normal((n, 1)))
    bits = rng.integers(0, 2, n)
    cases.append(Case("accuracy", "one probability per row", lambda: nnlib.accuracy(probs, bits), "result", owner,
                      lambda: float(np.mean((probs[:, 0] >= 0.5) == bits))))
    cases.append(Case("accuracy", "lengths differ", lambda: nnlib.accuracy(scores, labels[:-1]), "error", owner))
    cases.append(Case("accuracy", "empty", lambda: nnlib.accuracy(scores[:0], labels[:0]), "empty", owner))
    cases.append(Case("accuracy", "NaN scores", lambda: nnlib.accuracy(with_nan(scores, rng), labels), "nan", owner))
    owner = ("minibatches",)
    cases.append(Case("minibatches", "cover every index once",
                      lambda: np.sort(np.concatenate(list(nnlib.minibatches(n, 2, rng=0)))), "result", owner,
                      lambda: np.arange(n)))
    for kind, call in (("batch_size 0", lambda: list(nnlib.minibatches(5, 0))),
                       ("batch_size 2.5", lambda: list(nnlib.minibatches(5, 2.5))),
                       ("n negative", lambda: list(nnlib.minibatches(-3, 2))), ("n a float", lambda: list(nnlib.minibatches(5.0, 2)))):
        cases.append(Case("minibatches", "bad argument", call, "error", owner, detail=kind))
    owner = ("conv_output_size",)
    cases.append(Case("conv_output_size", "ints", lambda: nnlib.conv_output_size(7, 3, 2, 1), "result", owner, lambda: 4))
    for kind, call in (("floats", lambda: nnlib.conv_output_size(7.0, 3)), ("stride 0", lambda: nnlib.conv_output_size(7, 3, 0)),
                       ("negative padding", lambda: nnlib.conv_output_size(7, 3, 1, -1)),
                       ("kernel 0", lambda: nnlib.conv_output_size(7, 0))):
        cases.append(Case("conv_output_size", "bad argument", call, "error", owner, detail=kind))
    return cases


def fit_cases(rng):
    cases = []
    n, d = 12, 3
    X, y = rng.standard_normal((n, d)), rng.integers(0, 2, n)
    owner = ("fit",)

    def train(X=X, y=y, loss=None, model=None, **kwargs):
        model = model if model is not None else nnlib.Sequential(nnlib.Dense(d, 4, rng=0), nnlib.Tanh(),
                                                                 nnlib.Dense(4, 2, rng=1))
        kwargs.setdefault("epochs", 2)
        h = nnlib.fit(model, loss if loss is not None else nnlib.CrossEntropyLoss(),
                      nnlib.SGD(model.parameters(), lr=0.1), X, y, batch_size=4, rng=0, progress=False, **kwargs)
        return {k: v for k, v in h.items() if k in ("loss", "accuracy")}

    reference = lambda: train()  # noqa: E731  (fit on float64 arrays: the others must agree with it)
    for kind, value in (("X float32", X.astype(np.float32)), ("X list", X.tolist()), ("X non-contiguous", strided(X))):
        x64 = np.asarray(value, dtype=np.float64)
        cases.append(Case("fit", kind, lambda value=value: train(X=value), "result", owner, lambda x64=x64: train(X=x64)))
    cases.append(Case("fit", "y list", lambda: train(y=y.tolist()), "result", owner, reference))
    Y3 = rng.standard_normal((n, 2, d))
    cases.append(Case("fit", "targets with 3 axes (MSELoss)", lambda: len(nnlib.fit(
        nnlib.TimeDistributed(nnlib.Dense(d, d, rng=0)), nnlib.MSELoss(),
        nnlib.SGD(nnlib.TimeDistributed(nnlib.Dense(d, d, rng=0)).parameters(), lr=0.1), Y3, Y3, epochs=2,
        rng=0, progress=False)["loss"]), "result", owner, lambda: 2))
    cases.append(Case("fit", "a regression target column (MSELoss)", lambda: train(
        y=rng.standard_normal((n, 1)), loss=nnlib.MSELoss(),
        model=nnlib.Dense(d, 1, rng=0))["accuracy"], "result", owner, lambda: []))
    for kind, kwargs in (("epochs 2.5", {"epochs": 2.5}), ("epochs '3'", {"epochs": "3"}), ("epochs -1", {"epochs": -1}),
                         ("batch_size 0", {"batch_size": 0}), ("validation not a pair", {"validation": (X,)}),
                         ("validation lengths differ", {"validation": (X, y[:-1])}),
                         ("patience True", {"validation": (X, y), "patience": True}),
                         ("patience without validation", {"patience": 3}),
                         ("max_norm negative", {"max_norm": -1.0}), ("augment not callable", {"augment": "shift"}),
                         ("scheduler not a scheduler", {"scheduler": "cosine"})):
        if "batch_size" in kwargs:
            call = lambda kwargs=kwargs: nnlib.fit(nnlib.Dense(d, 2, rng=0), nnlib.CrossEntropyLoss(),
                                                   nnlib.SGD(nnlib.Dense(d, 2, rng=0).parameters(), lr=0.1), X, y,
                                                   epochs=1, progress=False, **kwargs)
        else:
            call = lambda kwargs=kwargs: train(**kwargs)
        cases.append(Case("fit", "bad argument", call, "error", owner, detail=kind))
    cases.append(Case("fit", "model not a layer", lambda: nnlib.fit(lambda z: z, nnlib.CrossEntropyLoss(),
                      nnlib.SGD(nnlib.Dense(d, 2, rng=0).parameters(), lr=0.1), X, y, epochs=1, progress=False),
                      "error", owner))
    cases.append(Case("fit", "X and y lengths differ", lambda: train(y=y[:-1]), "error", owner))
    cases.append(Case("fit", "empty", lambda: train(X=X[:0], y=y[:0]), "empty", owner))
    cases.append(Case("fit", "NaN in X", lambda: train(X=with_nan(X, rng)), "nan", owner + ("Dense",)))
    return cases


def sharing_cases(rng):
    """A layer used twice: gradients of both uses, parameters listed once."""
    cases = []
    x = rng.standard_normal((4, 3))

    def grads_and_numeric(model_fn):
        model = model_fn()
        G = np.random.default_rng(1).standard_normal(model(x).shape)
        model.zero_grad()
        model(x)
        model.backward(G)
        analytic = [p.grad.copy() for p in model.parameters()]
        return analytic

    def numeric(model_fn):
        model = model_fn()
        G = np.random.default_rng(1).standard_normal(model(x).shape)
        unique = {id(p): p for p in model.parameters()}.values()
        out = []
        for p in unique:
            g = np.zeros_like(p.data)
            for i in np.ndindex(p.data.shape):
                old = p.data[i]
                p.data[i] = old + 1e-6
                up = np.sum(model(x) * G)
                p.data[i] = old - 1e-6
                down = np.sum(model(x) * G)
                p.data[i] = old
                g[i] = (up - down) / 2e-6
            out.append(g)
        return out

    def shared_dense():
        d = nnlib.Dense(3, 3, rng=2)
        return nnlib.Sequential(d, nnlib.Tanh(), d)

    def shared_nested():
        d = nnlib.Dense(3, 3, rng=2)
        return nnlib.Sequential(d, nnlib.Sequential(nnlib.Tanh(), d), nnlib.Sigmoid())

    for kind, fn in (("Sequential(d, Tanh(), d)", shared_dense), ("Sequential(d, Sequential(Tanh(), d), Sigmoid())", shared_nested)):
        cases.append(Case("Sequential", f"a layer used twice: {kind}", lambda fn=fn: grads_and_numeric(fn), "result",
                          ("Sequential", "Dense"), lambda fn=fn: numeric(fn), rtol=1e-6, atol=1e-8))
    return cases


def misc_cases(rng):
    """Perceptron, detection, sampling, augmentation, initialisers, landscape."""
    cases = []
    X = rng.standard_normal((5, 2))
    unit = nnlib.Perceptron(2, weights=[0.5, -1.0], bias=0.2)
    ref = lambda X: (np.asarray(X, np.float64) @ np.array([0.5, -1.0]) + 0.2 >= 0).astype(np.int64)  # noqa: E731
    for kind, value, v64 in variants(X):
        cases.append(Case("Perceptron", f"predict {kind}", lambda value=value: unit.predict(value), "result",
                          ("Perceptron",), lambda v64=v64: ref(v64)))
    cases.append(Case("Perceptron", "predict NaN", lambda: unit.predict(with_nan(X, rng)), "nan", ("Perceptron",)))
    cases.append(Case("Perceptron", "fit on no data", lambda: nnlib.Perceptron(2).fit(np.zeros((0, 2)), np.zeros(0, int)),
                      "empty", ("Perceptron",)))
    cases.append(Case("Perceptron", "fit max_epochs 2.5", lambda: nnlib.Perceptron(2).fit(X, np.ones(5, int), max_epochs=2.5),
                      "error", ("Perceptron",)))
    from nnlib import augment, detection, init, landscape, sampling
    boxes = np.array([[0, 0, 2, 2], [1, 1, 3, 3], [0, 0, 1, 1.0]])

    def iou_ref(a, b):
        out = np.zeros((len(a), len(b)))
        for i, p in enumerate(a):
            for j, q in enumerate(b):
                w = max(0.0, min(p[2], q[2]) - max(p[0], q[0]))
                h = max(0.0, min(p[3], q[3]) - max(p[1], q[1]))
                union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - w * h
                out[i, j] = w * h / union if union > 0 else 0.0
        return out

    for kind, value, v64 in [("lists", boxes.tolist(), boxes), ("int", boxes.astype(int) + 0, boxes.astype(int) + 0.0),
                             ("non-contiguous", strided(boxes), boxes)]:
        cases.append(Case("iou", kind, lambda value=value: detection.iou(value, boxes), "result", ("detection", "iou"),
                          lambda v64=v64: iou_ref(v64, boxes)))
    cases.append(Case("iou", "empty", lambda: detection.iou(boxes[:0], boxes), "empty", ("detection", "iou"),
                      lambda: np.zeros((0, 3))))
    cases.append(Case("iou", "NaN", lambda: detection.iou(with_nan(boxes, rng), boxes), "nan", ("detection", "iou")))
    cases.append(Case("non_max_suppression", "NaN scores", lambda: detection.non_max_suppression(
        boxes, np.array([0.9, np.nan, 0.5])), "nan", ("detection", "non_max_suppression")))
    cases.append(Case("non_max_suppression", "iou_threshold a string", lambda: detection.non_max_suppression(
        boxes, np.array([0.9, 0.8, 0.5]), iou_threshold="0.5"), "error", ("detection", "non_max_suppression")))
    logits = rng.standard_normal(4)
    cases.append(Case("sample", "list", lambda: sampling.sample(logits.tolist(), rng=3), "result", ("sample", "temperature"),
                      lambda: sampling.sample(logits, rng=3)))
    cases.append(Case("sample", "empty", lambda: sampling.sample(np.zeros(0), rng=0), "empty", ("sample", "temperature")))
    cases.append(Case("sample", "NaN", lambda: sampling.sample(with_nan(logits, rng), rng=0), "nan",
                      ("sample", "temperature", "softmax")))
    cases.append(Case("sample", "temperature a string", lambda: sampling.sample(logits, temperature="1"), "error",
                      ("sample", "temperature")))
    images = rng.standard_normal((3, 1, 4, 4))
    cases.append(Case("random_shift", "max_shift 1.5", lambda: augment.random_shift(images, rng=0, max_shift=1.5), "error",
                      ("random_shift",)))
    cases.append(Case("random_shift", "empty", lambda: augment.random_shift(images[:0], rng=0), "empty", ("random_shift",),
                      lambda: images[:0]))
    cases.append(Case("random_flip", "p 2", lambda: augment.random_flip(images, rng=0, p=2.0), "error", ("random_flip",)))
    cases.append(Case("random_flip", "p a string", lambda: augment.random_flip(images, rng=0, p="0.5"), "error",
                      ("random_flip",)))
    for name in ("he_normal", "glorot_uniform", "lecun_normal"):
        f = getattr(init, name)
        cases.append(Case(f"init.{name}", "float shape", lambda f=f: f((3.0, 2), rng=0), "error", ("init",)))
        cases.append(Case(f"init.{name}", "zero in the shape", lambda f=f: f((0, 2), rng=0), "error", ("init",)))
    cases.append(Case("init.he_normal", "values", lambda: init.he_normal((4, 3), rng=5), "result", ("init",),
                      lambda: np.random.default_rng(5).normal(0.0, math.sqrt(2 / 4), (4, 3))))
    model = nnlib.Dense(2, 2, rng=0)
    cases.append(Case("loss_slice", "directions of the wrong shape", lambda: landscape.loss_slice(
        model, nnlib.CrossEntropyLoss(), X, np.zeros(5, int), ([np.ones(2), np.ones(2)], [np.ones(2), np.ones(2)]),
        [0.0], [0.0]), "error", ("loss_slice",)))
    return cases


def scenario_cases():
    """The defects of issue 19 as whole stories: fit diverging under early stopping, interrupted."""
    cases = []
    X = np.linspace(1.0, 30.0, 40)[:, None]

    def diverge():
        model = nnlib.Dense(1, 1, rng=0)
        h = nnlib.fit(model, nnlib.MSELoss(), nnlib.SGD(model.parameters(), lr=1e6), X, 2 * X, epochs=20, batch_size=1,
                      rng=0, validation=(X, 2 * X), patience=3, progress=False)
        return h["val_loss"]

    cases.append(Case("fit", "early stopping, first validation loss not finite", diverge, "nan", ("fit",)))

    def interrupted():
        Xb, yb = nnlib.data.blobs(n=32, rng=0)
        model = nnlib.Sequential(nnlib.Dense(2, 4, rng=0), nnlib.Dropout(0.5, rng=0), nnlib.Dense(4, 2, rng=0))

        def augment(batch, gen):
            raise KeyboardInterrupt

        try:
            nnlib.fit(model, nnlib.CrossEntropyLoss(), nnlib.SGD(model.parameters(), lr=0.1), Xb, yb, epochs=3,
                      progress=False, augment=augment)
        except KeyboardInterrupt as exc:
            return (model.training, model[1].training, isinstance(getattr(exc, "history", None), dict))
        return None

    cases.append(Case("fit", "interrupted: eval mode and the history kept", interrupted, "result", ("fit",),
                      lambda: (False, False, True)))

    def sequence_one_hot():
        rng = np.random.default_rng(0)
        Xs, labels = rng.standard_normal((8, 5, 2)), rng.integers(0, 3, (8, 5))
        model = nnlib.Sequential(nnlib.RNN(2, 4, rng=0), nnlib.TimeDistributed(nnlib.Dense(4, 3, rng=1)))
        h = nnlib.fit(model, nnlib.CrossEntropyLoss(), nnlib.Adam(model.parameters()), Xs, np.eye(3)[labels], epochs=2,
                      rng=0, progress=False)
        return len(h["loss"]), len(h["accuracy"])

    cases.append(Case("fit", "sequence outputs (N, T, C) with one-hot targets (N, T, C)", sequence_one_hot, "result",
                      ("fit", "CrossEntropyLoss"), lambda: (2, 2)))

    class Block(nnlib.Layer):
        """A reader's own layer holding other layers, without writing parameters(), train() or eval()."""

        def __init__(self):
            self.inner = nnlib.Sequential(nnlib.Dense(2, 3, rng=0), nnlib.Dropout(0.5, rng=0))
            self.head = nnlib.Dense(3, 1, rng=1)

        def forward(self, x):
            return self.head(self.inner(x))

        def backward(self, grad_out):
            return self.inner.backward(self.head.backward(grad_out))

    def inner_layers():
        block = Block().eval()
        return len(block.parameters()), block.inner[1].training

    cases.append(Case("Layer", "a layer holding layers: its parameters and eval()", inner_layers, "result",
                      ("Layer", "Block"), lambda: (4, False)))

    def read_only():
        W = np.arange(6.0).reshape(2, 3)
        W.flags.writeable = False
        return nnlib.numerical_gradient(lambda _: float(np.sum(W**2)), W)

    cases.append(Case("numerical_gradient", "a read-only array, via a closure", read_only, "error",
                      ("numerical_gradient",)))
    return cases


def _built(builder, *args):
    """The cases of one builder; if building them fails (an old nnlib), one case that records how."""
    try:
        return builder(*args)
    except Exception as exc:  # noqa: BLE001
        def fail(exc=exc):
            raise exc
        return [Case(builder.__name__, "building the cases", fail, "result", ("-",), lambda: None)]


def all_cases(seeds=(0, 1, 2)):
    """Every case, for a few seeds of random shapes and settings."""
    cases = _built(layer_argument_cases) + _built(scenario_cases)
    for seed in seeds:
        rng = np.random.default_rng(seed)
        for spec in _quietly(lambda: layer_specs(rng)):
            cases += _built(layer_cases, spec, rng)
        for builder in (recurrent_state_cases, loss_cases, optimizer_cases, clip_cases, schedule_cases, function_cases,
                        gradient_tool_cases, training_helper_cases, fit_cases, misc_cases):
            cases += _built(builder, rng)
        if seed == seeds[0]:
            cases += _built(sharing_cases, rng)
    return cases
