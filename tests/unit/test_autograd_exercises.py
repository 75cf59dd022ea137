"""Chapter 5's self-checking exercises: right answers pass, wrong ones are named, and the
versions as given (a blank backward, an overwriting walk) get a verdict without the fix."""
import numpy as np
import pytest

from nnlib.autograd import Tensor, unbroadcast
from nnlib.exercises import check_gradient_walk, check_maximum_op


@pytest.fixture(autouse=True)
def reader(monkeypatch):
    """The checks as a reader runs them: with hints (the book's own outputs hide them)."""
    monkeypatch.delenv("NNLIB_HIDE_HINTS", raising=False)


def maximum_with(grad_fn_of):
    def maximum(a, b):
        return Tensor(np.maximum(a.data, b.data), (a, b), "maximum", grad_fn_of(a.data, b.data))
    return maximum


def blank(a, b):
    def grad_fn(g):
        raise NotImplementedError("return (gradient for a, gradient for b)")
    return grad_fn


def test_maximum_checker(capsys):
    check_maximum_op(maximum_with(lambda a, b: lambda g: (g * (a > b), g * (b > a))))
    assert capsys.readouterr().out == "All 4 checks passed. Well done!\n"

    check_maximum_op(maximum_with(blank))
    out = capsys.readouterr().out
    assert out.startswith("Nothing checked yet:\n  maximum's backward (grad_fn) is not written yet")
    assert "larger" not in out and "route" not in out  # nothing about how to write it

    check_maximum_op(maximum_with(lambda a, b: lambda g: (g, g)))  # the rule of +
    out = capsys.readouterr().out
    assert out.startswith("3 of 4 checks failed") and "max routes" in out

    check_maximum_op(maximum_with(lambda a, b: lambda g: (g * (a > b),)))  # one gradient for two inputs
    assert "returned 1 gradients for 2 inputs" in capsys.readouterr().out


def test_stored_verdicts_hide_the_fix(capsys, monkeypatch):
    monkeypatch.setenv("NNLIB_HIDE_HINTS", "1")
    check_maximum_op(maximum_with(lambda a, b: lambda g: (g, g)))
    out = capsys.readouterr().out
    assert "3 of 4 checks failed" in out and "route" not in out and "rule of +" not in out
    check_gradient_walk(overwriting)
    out = capsys.readouterr().out
    assert "2 of 5 checks failed" in out and "add" not in out


def overwriting(loss):  # the walk as the chapter gives it
    grad = {loss: np.ones_like(loss.data)}
    for node in reversed(loss.nodes()):
        if node.grad_fn is not None:
            for parent, g in zip(node.parents, node.grad_fn(grad[node])):
                grad[parent] = unbroadcast(g, parent.shape)
    return grad


def adding(loss):
    grad = {loss: np.ones_like(loss.data)}
    for node in reversed(loss.nodes()):
        if node.grad_fn is not None:
            for parent, g in zip(node.parents, node.grad_fn(grad[node])):
                g = unbroadcast(g, parent.shape)
                grad[parent] = grad[parent] + g if parent in grad else g
    return grad


def test_gradient_walk_checker(capsys):
    check_gradient_walk(adding)
    assert capsys.readouterr().out == "All 5 checks passed. Well done!\n"

    check_gradient_walk(overwriting)
    out = capsys.readouterr().out
    assert out.startswith("2 of 5 checks failed. The first one:") and "x * x" in out and "must add" in out


def test_gradient_walk_checker_names_other_mistakes(capsys):
    def no_unbroadcast(loss):
        grad = {loss: np.ones_like(loss.data)}
        for node in reversed(loss.nodes()):
            if node.grad_fn is not None:
                for parent, g in zip(node.parents, node.grad_fn(grad[node])):
                    grad[parent] = grad[parent] + g if parent in grad else g
        return grad

    check_gradient_walk(no_unbroadcast)
    out = capsys.readouterr().out
    assert out.startswith("1 of 5 checks failed") and "the gradient of b1 has shape (5, 4)" in out

    check_gradient_walk(lambda loss: {})
    assert "no gradient for x in the dictionary" in capsys.readouterr().out
    check_gradient_walk(lambda loss: 1 / 0)
    assert "raised ZeroDivisionError" in capsys.readouterr().out
