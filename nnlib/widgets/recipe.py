"""A recipe: how a browser rebuilds an explorer, as plain JSON (the website's live mode).

The website carries, beside each explorer's static face, its recipe: the
module and class, and the keyword arguments that rebuild it. Most explorers
need none beyond their control values; one built from data a browser cannot
make (a trained model's attention scores, a digit from scikit-learn's data
set) carries that data. Arrays travel as their raw bytes (base64), so the
browser computes with exactly the numbers the notebook had.

``encode`` / ``decode`` turn such arguments into JSON and back; ``build``
makes the explorer from a recipe.
"""
import base64
import importlib
import math

import numpy as np


def encode(value):
    """``value`` as JSON-ready data: arrays as bytes, tuples and dicts with non-string keys tagged."""
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        return {"__array__": base64.b64encode(data.tobytes()).decode(), "dtype": data.dtype.str, "shape": list(data.shape)}
    if isinstance(value, np.generic):
        return encode(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("__") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"__items__": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"recipe: a {type(value).__name__} cannot be carried to the browser (arrays, numbers, strings,"
                    " lists, tuples and dicts can)")


def decode(data):
    """The inverse of ``encode``."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "__array__" in data:
        raw = base64.b64decode(data["__array__"])
        return np.frombuffer(raw, dtype=np.dtype(data["dtype"])).reshape(data["shape"]).copy()
    if "__float__" in data:
        return float(data["__float__"])
    if "__tuple__" in data:
        return tuple(decode(v) for v in data["__tuple__"])
    if "__items__" in data:
        return {decode(k): decode(v) for k, v in data["__items__"]}
    return {k: decode(v) for k, v in data.items()}


def recipe(explorer):
    """``{module, class, arguments}``: what ``build`` needs to make ``explorer`` again."""
    cls = type(explorer)
    return {"module": cls.__module__, "class": cls.__qualname__, "arguments": encode(explorer.live_arguments())}


def build(recipe):
    """The explorer a recipe describes (its class's ``from_live_arguments``)."""
    module = importlib.import_module(recipe["module"])
    cls = getattr(module, recipe["class"])
    return cls.from_live_arguments(**decode(recipe["arguments"]))
