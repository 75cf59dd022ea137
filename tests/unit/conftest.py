"""Shared fixtures for the nnlib unit tests."""
import numpy as np
import pytest

from nnlib import Parameter

# Two gradient steps used by every hand-computed optimizer test, starting from w = [1, -2].
GRADIENTS = [np.array([0.5, 1.0]), np.array([0.25, -1.0])]


@pytest.fixture
def optimizer_steps():
    """``run(OptimizerClass, steps=2, **kwargs)``: apply GRADIENTS in turn, return w after each step."""

    def run(optimizer_class, steps=2, **kwargs):
        p = Parameter([1.0, -2.0])
        opt = optimizer_class([p], **kwargs)
        out = []
        for g in GRADIENTS[:steps]:
            opt.zero_grad()
            p.grad += g
            opt.step()
            out.append(p.data.copy())
        return out

    return run


@pytest.fixture
def optimizer_gradients():
    """The gradients ``optimizer_steps`` applies, one per step, for rules written out by hand."""
    return [g.copy() for g in GRADIENTS]
