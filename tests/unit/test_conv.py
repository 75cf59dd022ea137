"""Conv2D, MaxPool2D, AvgPool2D, Flatten (against loops and finite differences), output sizes,
and the detection helpers (against boxes worked by hand)."""
import numpy as np
import pytest

from nnlib import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sequential, conv_output_size, gradcheck
from nnlib.detection import box_area, iou, non_max_suppression

IMAGE = np.array([[3, 0, 1, 2, 7, 4], [1, 5, 8, 9, 3, 1], [2, 7, 2, 5, 1, 3],
                  [0, 1, 3, 1, 7, 8], [4, 2, 1, 6, 2, 8], [2, 4, 5, 2, 3, 9]], dtype=float)
VERTICAL_EDGE = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float)


def loop_conv(x, W, b, stride, padding):
    """The six nested loops that im2col replaces: the definition of a (cross-)correlation."""
    n_, c_, h, w = x.shape
    o_, _, kh, kw = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    oh, ow = (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1
    out = np.zeros((n_, o_, oh, ow))
    for n in range(n_):
        for o in range(o_):
            for i in range(oh):
                for j in range(ow):
                    for c in range(c_):
                        for u in range(kh):
                            for v in range(kw):
                                out[n, o, i, j] += xp[n, c, i * stride + u, j * stride + v] * W[o, c, u, v]
                    out[n, o, i, j] += b[o]
    return out


def edge_layer():
    conv = Conv2D(1, 1, 3)
    conv.W.data[0, 0] = VERTICAL_EDGE
    return conv


def test_the_vertical_edge_example_by_hand():
    out = edge_layer()(IMAGE[None, None])[0, 0]
    # first element: 3*1 + 1*1 + 2*1 + 0 + 0 + 0 - (1 + 8 + 2) = -5
    assert out[0, 0] == -5
    np.testing.assert_array_equal(out, [[-5, -4, 0, 8], [-10, -2, 2, 3], [0, -2, -4, -7], [-3, -2, -3, -16]])


@pytest.mark.parametrize("stride, padding, size", [(1, 0, (6, 7)), (2, 1, (7, 9)), (1, 2, (5, 5)), (3, 0, (9, 6))])
def test_conv_matches_the_loops_and_passes_gradcheck(stride, padding, size):
    rng = np.random.default_rng(stride + 10 * padding)
    conv = Conv2D(3, 4, 3, stride=stride, padding=padding, rng=rng)
    conv.b.data[:] = rng.standard_normal(4)
    x = rng.standard_normal((2, 3, *size))
    np.testing.assert_allclose(conv(x), loop_conv(x, conv.W.data, conv.b.data, stride, padding), atol=1e-12)
    assert gradcheck(conv, x, rng=1) < 1e-7


def test_rectangular_kernels_and_backward_accumulates():
    rng = np.random.default_rng(0)
    conv = Conv2D(2, 3, (2, 3), rng=rng)
    x = rng.standard_normal((2, 2, 4, 5))
    assert conv(x).shape == (2, 3, 3, 3) and conv.W.shape == (3, 2, 2, 3)
    assert gradcheck(conv, x) < 1e-7
    conv.zero_grad()
    conv(x)
    conv.backward(np.ones((2, 3, 3, 3)))
    once = conv.W.grad.copy()
    conv.backward(np.ones((2, 3, 3, 3)))
    np.testing.assert_allclose(conv.W.grad, 2 * once)


@pytest.mark.parametrize("layer", [MaxPool2D(2), MaxPool2D(3, stride=1), AvgPool2D(2), AvgPool2D(3, stride=3), Flatten()])
def test_pooling_and_flatten_pass_gradcheck(layer):
    x = np.random.default_rng(3).standard_normal((2, 3, 6, 6))  # distinct values: no ties at the max
    assert gradcheck(layer, x) < 1e-7


def test_pooling_by_hand():
    x = IMAGE[None, None]
    np.testing.assert_array_equal(MaxPool2D(2)(x)[0, 0], [[5, 9, 7], [7, 5, 8], [4, 6, 9]])
    np.testing.assert_array_equal(AvgPool2D(2)(x)[0, 0], [[2.25, 5, 3.75], [2.5, 2.75, 4.75], [3, 3.5, 5.5]])
    np.testing.assert_array_equal(-MaxPool2D(3)(-x)[0, 0], [[0, 1], [0, 1]])  # min pooling
    pool = MaxPool2D(2)
    pool(np.array([[[[1.0, 1.0], [0.0, 1.0]]]]))  # a tie: the first maximum gets the gradient
    np.testing.assert_array_equal(pool.backward(np.ones((1, 1, 1, 1)))[0, 0], [[1, 0], [0, 0]])


def test_flatten_shapes():
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    flat = Flatten()
    assert flat(x).shape == (2, 12)
    np.testing.assert_array_equal(flat.backward(np.ones((2, 12))), np.ones((2, 3, 2, 2)))


def test_output_size_formula_and_sizes_that_do_not_fit():
    assert conv_output_size(6, 3) == 4 and conv_output_size(6, 3, padding=1) == 6
    assert conv_output_size(7, 3, stride=2) == 3 and conv_output_size(32, 5, stride=1, padding=2) == 32
    with pytest.raises(ValueError, match=r"\(6 \+ 2\*0 - 3\) / 2 \+ 1 = 2.5 is not a whole number"):
        conv_output_size(6, 3, stride=2)
    with pytest.raises(ValueError, match=r"kernel 7 is larger than the padded input 6 \+ 2\*0 = 6"):
        conv_output_size(6, 7)


def test_layers_name_themselves_and_the_shapes_in_errors():
    with pytest.raises(ValueError, match=r"Conv2D\(1 -> 1, kernel_size=3, stride=2\) on input \(1, 1, 6, 6\), height: .*2.5"):
        Conv2D(1, 1, 3, stride=2)(IMAGE[None, None])
    with pytest.raises(ValueError, match=r"Conv2D\(3 -> 8, kernel_size=3\): expected input of shape \(N, 3, H, W\), got \(1, 1, 6, 6\)"):
        Conv2D(3, 8, 3)(IMAGE[None, None])
    with pytest.raises(ValueError, match=r"Conv2D\(1 -> 1, kernel_size=3\): expected input of shape \(N, 1, H, W\), got \(6, 6\)"):
        Conv2D(1, 1, 3)(IMAGE)
    with pytest.raises(ValueError, match=r"MaxPool2D\(kernel_size=4\) on input \(1, 1, 6, 6\), height"):
        MaxPool2D(4)(IMAGE[None, None])
    with pytest.raises(ValueError, match="kernel_size must be a positive integer"):
        Conv2D(1, 1, 0)
    with pytest.raises(ValueError, match="padding must be a non-negative integer"):
        Conv2D(1, 1, 3, padding=-1)
    conv = edge_layer()
    conv(IMAGE[None, None])
    with pytest.raises(ValueError, match=r"expected gradient of shape \(1, 1, 4, 4\), got \(1, 1, 3, 3\)"):
        conv.backward(np.ones((1, 1, 3, 3)))
    with pytest.raises(RuntimeError, match="call forward before backward"):
        MaxPool2D(2).backward(np.ones((1, 1, 3, 3)))


def test_conv_parameter_count_and_he_initialisation():
    conv = Conv2D(3, 10, 3, rng=0)  # the chapter's volume example: 10 filters of 3x3x3, each with a bias
    assert sum(p.data.size for p in conv.parameters()) == 280
    big = Conv2D(16, 64, 3, rng=0)
    assert big.W.data.std() == pytest.approx(np.sqrt(2 / (16 * 9)), rel=0.05)


def test_iou_by_hand():
    a = [[0, 0, 2, 2]]
    b = [[1, 1, 3, 3], [0, 0, 2, 2], [2, 2, 4, 4], [5, 5, 6, 6], [0, 0, 1, 1]]
    # overlap 1x1 = 1, union 4 + 4 - 1 = 7; identical; corners touch (area 0); apart; inside (1 / 4)
    np.testing.assert_allclose(iou(a, b), [[1 / 7, 1.0, 0.0, 0.0, 0.25]])
    np.testing.assert_allclose(box_area(b), [4, 4, 4, 1, 1])
    assert iou(b, b).shape == (5, 5) and np.allclose(np.diag(iou(b, b)), 1)
    with pytest.raises(ValueError, match=r"boxes_a\[0\] = \[2.0, 0.0, 1.0, 1.0\] has x2 < x1"):
        iou([[2, 0, 1, 1]], b)
    with pytest.raises(ValueError, match=r"expected boxes_b of shape \(K, 4\)"):
        iou(a, [[0, 0, 1]])


def test_non_max_suppression_by_hand():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9], [21, 20, 31, 30]], dtype=float)
    scores = np.array([0.9, 0.8, 0.7, 0.95, 0.6])
    # box 3 (0.95) wins the left object: box 0 overlaps it by 90/100, box 1 by 72/118 > 0.5; box 2 wins the
    # right object and suppresses box 4 (IoU 90/110).
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.5), [3, 2])
    # a stricter notion of "the same object" (IoU above 0.85) keeps boxes 1 and 4 too
    np.testing.assert_array_equal(non_max_suppression(boxes, scores, 0.85), [3, 1, 2, 4])
    with pytest.raises(ValueError, match=r"expected scores of shape \(5,\), got \(4,\)"):
        non_max_suppression(boxes, scores[:4])


def test_augmentations_keep_shapes_and_move_pixels_as_promised():
    from nnlib.augment import random_flip, random_shift

    x = np.zeros((50, 1, 5, 5))
    x[:, 0, 2, 2] = 1.0  # one bright pixel in the middle of each image
    shifted = random_shift(x, rng=0, max_shift=1)
    positions = {(r, c) for r, c in zip(*np.nonzero(shifted[:, 0].max(axis=0)))}
    assert shifted.shape == x.shape and shifted.sum() == 50  # every pixel moved, none lost
    assert positions == {(r, c) for r in (1, 2, 3) for c in (1, 2, 3)}  # all nine offsets occur
    edge = np.zeros((1, 1, 3, 3))
    edge[0, 0, :, 2] = 1.0  # the right column: shifted right it leaves (0 left), shifted up or down it loses a pixel
    assert {random_shift(edge, rng=s).sum() for s in range(40)} == {0.0, 2.0, 3.0}
    flipped = random_flip(np.arange(8.0).reshape(2, 1, 2, 2), rng=1, p=1.0)
    np.testing.assert_array_equal(flipped[0, 0], [[1, 0], [3, 2]])
    with pytest.raises(ValueError, match=r"random_shift: expected images of shape \(N, C, H, W\), got \(5, 5\)"):
        random_shift(np.zeros((5, 5)))


def test_conv_backward_params_matches_backward():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 1, 6, 6))
    nets = [Sequential(Conv2D(1, 3, 3, padding=1, rng=0), ReLU(), MaxPool2D(2), Flatten(), Dense(27, 2, rng=1)) for _ in range(2)]
    g = rng.standard_normal((2, 2))
    nets[0](x)
    nets[0].backward(g)
    nets[1](x)
    nets[1].backward_params(g)
    for p, q in zip(nets[0].parameters(), nets[1].parameters()):
        np.testing.assert_array_equal(p.grad, q.grad)


def test_the_patch_matrix_keeps_the_chapters_layout():
    """Conv2D holds its patches batch-last for speed; ``cols`` and ``padded_shape`` still show chapter 7's
    layout: one row per (sample, output row, output column), one column per (channel, kernel row, kernel column)."""
    rng = np.random.default_rng(4)
    conv = Conv2D(2, 3, 3, stride=2, padding=1, rng=rng)
    x = rng.standard_normal((2, 2, 5, 7))
    out = conv(x)
    assert conv.padded_shape == (2, 2, 7, 9) and conv.cols.shape == (2 * 3 * 4, 2 * 3 * 3)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    for n, i, j in ((0, 0, 0), (1, 2, 3), (1, 1, 2)):
        row = conv.cols[(n * 3 + i) * 4 + j]
        np.testing.assert_array_equal(row, xp[n, :, 2 * i:2 * i + 3, 2 * j:2 * j + 3].ravel())
    np.testing.assert_allclose(conv.cols @ conv.W.data.reshape(3, -1).T + conv.b.data,
                               out.transpose(0, 2, 3, 1).reshape(-1, 3), atol=1e-12)
