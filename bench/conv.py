"""Conv2D forward + backward against a straightforward loop implementation, one LeNet training step
against PyTorch, and LeNet on the digits.

The loop version is the one most tutorials write first: loops over samples,
filters and output positions, with numpy doing each patch's dot product. It
computes the same numbers (checked below) as nnlib's im2col version.

The PyTorch comparison (issue 20, part 5) times one training step of a LeNet-style
network, conv 16 - pool - conv 32 - pool - dense, on 64 images of 8x8 in float64,
in turns with the same step in nnlib (same weights, same numbers: checked), and
breaks nnlib's step down by layer. PyTorch is optional: without it that table is
skipped. It is not a dependency of the course; to see the comparison, install it
beside nnlib (``pip install torch``) and run this script with that interpreter.

Run by hand (``make bench``); prints Markdown tables. Goals: Conv2D at least 50x
faster than the loops; the LeNet step at or under PyTorch's time; LeNet trained
to 98.5% test accuracy on the digits in under 60 s on 2 cores.
"""
import statistics
import time

import numpy as np

import nnlib
from nnlib import Conv2D, CrossEntropyLoss, Dense, Flatten, MaxPool2D, ReLU, Sequential
from nnlib.models import DIGITS_LENET_EPOCHS, digits_images, train_digits_lenet
from timing import interleaved_median_seconds, median_seconds  # bench/timing.py

try:
    import torch
except ImportError:  # the comparison is optional
    torch = None

BATCH, LR = 64, 0.01


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


def lenet(rng):
    """The network of the comparison: conv 16 - pool - conv 32 - pool - dense, for 1 x 8 x 8 images."""
    return Sequential(Conv2D(1, 16, 3, padding=1, rng=rng), ReLU(), MaxPool2D(2),
                      Conv2D(16, 32, 3, padding=1, rng=rng), ReLU(), MaxPool2D(2), Flatten(), Dense(32 * 2 * 2, 10, rng=rng))


def nnlib_step(model, X, y):
    """One training step as ``fit`` takes it: zero the gradients, forward, loss, backward, SGD step."""
    loss, optimizer = CrossEntropyLoss(), nnlib.SGD(model.parameters(), lr=LR)

    def step():
        optimizer.zero_grad()
        value = loss(model(X), y)
        model.backward_params(loss.backward())
        optimizer.step()
        return value

    return step


def torch_step(model, X, y):
    """The same network in PyTorch, float64, with nnlib's starting weights; the same step."""
    conv1, conv2, dense = model[0], model[3], model[7]
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Flatten(), torch.nn.Linear(128, 10)).double()
    with torch.no_grad():
        for layer, ours in ((net[0], conv1), (net[3], conv2)):
            layer.weight.copy_(torch.from_numpy(ours.W.data))
            layer.bias.copy_(torch.from_numpy(ours.b.data))
        net[7].weight.copy_(torch.from_numpy(dense.W.data.T))  # PyTorch keeps (out, in)
        net[7].bias.copy_(torch.from_numpy(dense.b.data))
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    loss, optimizer = torch.nn.CrossEntropyLoss(), torch.optim.SGD(net.parameters(), lr=LR)

    def step():
        optimizer.zero_grad()
        value = loss(net(Xt), yt)
        value.backward()
        optimizer.step()
        return value.item()

    return step, net


def layer_breakdown(model, X, y, repeats=200):
    """Median time of each layer's forward and backward within nnlib's step (backward_params for the first)."""
    loss = CrossEntropyLoss()
    times = {}
    for _ in range(repeats):
        x = X
        for i, layer in enumerate(model):
            start = time.perf_counter()
            x = layer(x)
            times.setdefault((i, "forward"), []).append(time.perf_counter() - start)
        loss(x, y)
        g = loss.backward()
        for i in reversed(range(len(model))):
            start = time.perf_counter()
            g = model[i].backward(g) if i else model[i].backward_params(g)
            times.setdefault((i, "backward"), []).append(time.perf_counter() - start)
    return {key: statistics.median(t) for key, t in times.items()}


def compare_with_pytorch(rng):
    X, y = rng.standard_normal((BATCH, 1, 8, 8)), rng.integers(0, 10, BATCH)
    model = lenet(rng)
    step_torch, net = torch_step(model, X, y)
    step_nnlib = nnlib_step(model, X, y)
    first_nnlib, first_torch = step_nnlib(), step_torch()  # the same loss, then the same weights after a step
    weights_agree = np.allclose(model[3].W.data, net[3].weight.detach().numpy(), rtol=1e-10, atol=1e-13)
    assert abs(first_nnlib - first_torch) < 1e-12 and weights_agree, "nnlib and PyTorch disagree"
    t = interleaved_median_seconds({"nnlib": step_nnlib, "PyTorch": step_torch}, 300)
    print(f"| one LeNet training step, batch {BATCH} of 1x8x8, float64 | PyTorch {torch.__version__} (ms) | nnlib (ms)"
          " | nnlib / PyTorch |")
    print("|---|---|---|---|")
    print(f"| conv 16 - pool - conv 32 - pool - dense, SGD | {t['PyTorch'] * 1e3:.2f} | {t['nnlib'] * 1e3:.2f}"
          f" | {t['nnlib'] / t['PyTorch']:.2f} |")
    print()
    breakdown = layer_breakdown(model, X, y)
    total = sum(breakdown.values())
    print("| nnlib's step, layer by layer | forward (ms) | backward (ms) | share of the layers' time |")
    print("|---|---|---|---|")
    for i, layer in enumerate(model):
        f, b = breakdown[(i, "forward")], breakdown[(i, "backward")]
        print(f"| {layer!r} | {f * 1e3:.3f} | {b * 1e3:.3f} | {(f + b) / total:.0%} |")
    print()


def main():
    rng = np.random.default_rng(0)
    if torch is not None:
        compare_with_pytorch(rng)
    else:
        print("(PyTorch is not installed: the LeNet step comparison is skipped)\n")
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
