"""The convolution chapter's checkers pass right answers, fail wrong ones and name the usual mistakes."""
import numpy as np
import pytest

from nnlib.exercises import check_conv_backward, check_receptive_field


@pytest.fixture(autouse=True)
def reader(monkeypatch):
    """The checks as a reader runs them: with hints (the book's own outputs hide them)."""
    monkeypatch.delenv("NNLIB_HIDE_HINTS", raising=False)


def scatter_backward(x, w, grad_out, flip=True, batch="sum", bias="sum"):
    """A loop backward pass; the keyword arguments plant the mistakes the checker should recognise."""
    kh, kw = w.shape[2:]
    dx, dw = np.zeros_like(x), np.zeros_like(w)
    kernel = w if flip else w[:, :, ::-1, ::-1]  # scattering the flipped kernel = correlating with the unflipped one
    images = range(1) if batch == "first" else range(len(x))
    for n in range(len(x)):
        for i in range(grad_out.shape[2]):
            for j in range(grad_out.shape[3]):
                for f in range(w.shape[0]):
                    g = grad_out[n, f, i, j]
                    dx[n, :, i:i + kh, j:j + kw] += g * kernel[f]
                    if n in images:
                        dw[f] += g * x[n, :, i:i + kh, j:j + kw]
    if batch == "mean":
        dw /= len(x)
    db = grad_out.sum(axis=(0, 2, 3)) if bias == "sum" else grad_out.mean(axis=(0, 2, 3))
    return dx, dw, db


def test_a_correct_backward_passes(capsys):
    check_conv_backward(scatter_backward)
    assert capsys.readouterr().out == "All 4 checks passed. Well done!\n"


def test_the_stub_is_reported_as_not_written(capsys):
    def conv_backward(x, w, grad_out):
        raise NotImplementedError

    check_conv_backward(conv_backward)
    out = capsys.readouterr().out
    assert out.startswith("Nothing checked yet:\n  conv_backward is not written yet")
    assert "Shapes" not in out


@pytest.mark.parametrize("mistake, symptom, hint", [
    ({"flip": False}, "dx is wrong", "unflipped"),
    ({"batch": "mean"}, "dw is wrong", "the batch is averaged"),
    ({"batch": "first"}, "dw is wrong", "only the first image counts"),
    ({"bias": "mean"}, "db is wrong", "it does not average it"),
])
def test_usual_mistakes_fail_with_their_hint(capsys, mistake, symptom, hint):
    check_conv_backward(lambda x, w, g: scatter_backward(x, w, g, **mistake))
    out = capsys.readouterr().out
    assert "checks failed" in out and symptom in out and hint in out


def test_a_mistake_in_one_case_only_is_still_caught(capsys):
    """A square-kernel assumption passes the square cases and fails the 2x3 kernel."""
    def square_only(x, w, grad_out):
        k = w.shape[2]
        return scatter_backward(x, w[:, :, :, :k], grad_out) if w.shape[3] == k else (None, None, None)

    check_conv_backward(square_only)
    out = capsys.readouterr().out
    assert out.startswith("1 of 4 checks failed") and "a 2x3 kernel" in out and "w (4, 2, 2, 3)" in out


def test_wrong_shapes_and_return_values_are_reported(capsys):
    check_conv_backward(lambda x, w, g: scatter_backward(x, w, g)[:2])
    assert "return the tuple (dx, dw, db)" in capsys.readouterr().out
    check_conv_backward(lambda x, w, g: (scatter_backward(x, w, g)[0], w[0], g.sum((0, 2, 3))))
    assert "dw has shape (1, 2, 2), expected (1, 1, 2, 2)" in capsys.readouterr().out


def test_stored_pages_hide_the_hint(capsys, monkeypatch):
    monkeypatch.setenv("NNLIB_HIDE_HINTS", "1")
    check_conv_backward(lambda x, w, g: scatter_backward(x, w, g, flip=False))
    out = capsys.readouterr().out
    assert "dx is wrong" in out
    assert "unflipped" not in out and "Run this cell yourself to see a hint" in out


def receptive_field(layers):
    r, j = 1, 1
    for k, s in layers:
        r, j = r + (k - 1) * j, j * s
    return r


def test_receptive_field_checker(capsys):
    check_receptive_field(receptive_field)
    assert capsys.readouterr().out == "All 6 checks passed. Well done!\n"
    check_receptive_field(lambda layers: 1 + sum(k - 1 for k, s in layers))
    out = capsys.readouterr().out
    assert out.startswith("3 of 6 checks failed") and "returned 3, expected 4" in out and "strides are ignored" in out


def test_receptive_field_counting_a_layers_own_stride_is_explained(capsys):
    def own_stride_too(layers):
        r, j = 1, 1
        for k, s in layers:
            j *= s
            r += (k - 1) * j
        return r

    check_receptive_field(own_stride_too)
    assert "the strides of the layers *below* it" in capsys.readouterr().out
