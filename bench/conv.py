"""Conv2D forward + backward against a straightforward loop implementation, and LeNet on the digits.

The loop version is the one most tutorials write first: loops over samples,
filters and output positions, with numpy doing each patch's dot product. It
computes the same numbers (checked below) as nnlib's im2col version.

Run by hand (``make bench``); prints Markdown tables. Goals (issue 5): Conv2D at
least 50x faster than the loops; LeNet trained to 98.5% test accuracy on the
digits in under 60 s on 2 cores.
"""
import time

import numpy as np

import nnlib
from nnlib import Conv2D
from nnlib.models import DIGITS_LENET_EPOCHS, digits_images, train_digits_lenet
from timing import median_seconds  # bench/timing.py


def loop_forward(x, W, b, stride, padding):
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n_, _, h, w = xp.shape
    o_, _, kh, kw = W.shape
    oh, ow = (h - kh) // stride + 1, (w - kw) // stride + 1
    out = np.empty((n_, o_, oh, ow))
    for n in range(n_):
        for o in range(o_):
            for i in range(oh):
                for j in range(ow):
                    patch = xp[n, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                    out[n, o, i, j] = np.sum(patch * W[o]) + b[o]
    return out


def loop_backward(x, W, grad_out, stride, padding):
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dxp, dW = np.zeros_like(xp), np.zeros_like(W)
    n_, o_, oh, ow = grad_out.shape
    _, _, kh, kw = W.shape
    for n in range(n_):
        for o in range(o_):
            for i in range(oh):
                for j in range(ow):
                    g = grad_out[n, o, i, j]
                    rows, cols = slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw)
                    dW[o] += g * xp[n, :, rows, cols]
                    dxp[n, :, rows, cols] += g * W[o]
    db = grad_out.sum(axis=(0, 2, 3))
    return dxp[:, :, padding:dxp.shape[2] - padding, padding:dxp.shape[3] - padding], dW, db




def compare(shape, out_channels, kernel, stride, padding, rng):
    x = rng.standard_normal(shape)
    conv = Conv2D(shape[1], out_channels, kernel, stride=stride, padding=padding, rng=rng)
    grad = rng.standard_normal(conv(x).shape)

    def fast():
        conv(x)
        conv.zero_grad()
        return conv.backward(grad)

    def slow():
        loop_forward(x, conv.W.data, conv.b.data, stride, padding)
        return loop_backward(x, conv.W.data, grad, stride, padding)

    dx_fast = fast()
    dx_slow, dW_slow, _ = slow()
    assert np.allclose(dx_fast, dx_slow) and np.allclose(conv.W.grad, dW_slow), "the two versions disagree"
    t_fast, t_slow = median_seconds(fast, 20), median_seconds(slow, 3, warm_up=False)
    label = f"{shape} -> {out_channels}, k={kernel}, s={stride}, p={padding}"
    print(f"| {label} | {t_slow * 1000:.0f} | {t_fast * 1000:.2f} | {t_slow / t_fast:.0f}x |")


def main():
    rng = np.random.default_rng(0)
    print("| Conv2D forward + backward (batch of 32) | loops (ms) | nnlib im2col (ms) | speed-up |")
    print("|---|---|---|---|")
    compare((32, 1, 8, 8), 32, 5, 1, 2, rng)    # the digits LeNet's first layer
    compare((32, 32, 4, 4), 64, 3, 1, 1, rng)   # its second layer
    compare((32, 3, 32, 32), 16, 3, 1, 1, rng)  # a CIFAR-sized first layer
    compare((32, 16, 17, 17), 32, 3, 2, 1, rng)  # with stride 2 (17 + 2 - 3 is even: the windows fit)

    print()
    print("| LeNet on the digits | epochs | training time (s) | test accuracy |")
    print("|---|---|---|---|")
    images = digits_images()
    start = time.perf_counter()
    model, _ = train_digits_lenet(images, rng=0, progress=False)
    elapsed = time.perf_counter() - start
    accuracy = nnlib.accuracy(model(images.X_test), images.y_test)
    print(f"| nnlib.models.digits_lenet | {DIGITS_LENET_EPOCHS} | {elapsed:.1f} | {accuracy:.2%} |")


if __name__ == "__main__":
    main()
