"""Convolution and pooling on image batches ``(N, C, H, W)``, vectorised with im2col.

A convolution slides a small kernel over the image and, at every position,
takes the dot product of the kernel with the patch under it (strictly, a
cross-correlation: the kernel is not flipped, as in every deep-learning
framework). Written as loops, that is six nested loops. **im2col** turns it into
one matrix product: copy every patch into a column of a matrix ``cols`` of
shape ``(C * kh * kw, OH * OW * N)``, reshape the kernels into a matrix
``(out, C * kh * kw)``, and multiply. The copy costs memory, but the product
runs in optimised BLAS code, hundreds of times faster than Python loops. The
patches are read through ``numpy.lib.stride_tricks.sliding_window_view``, a
view that costs nothing until the reshape copies it.

Backward is the dense layer's backward on those matrices (chapter 4):
``dW = dZ cols^T``, ``d cols = W^T dZ``, and **col2im** adds each column of
``d cols`` back onto the patch it came from. The only Python loops run over the
kh * kw positions inside a kernel, never over samples or pixels.

Memory order, for speed: inside the layer the images are held batch-last,
``(C, H, W, N)``. Small images make short rows, and numpy copies and adds fast
only along long runs of neighbouring numbers; with the batch last, every copy
and every col2im addition runs along ``OW * N`` numbers in a row instead of
``kw``, and each matrix in the products is one contiguous block.

Sizes: with input side n, kernel k, stride s and padding p the output side is
(n + 2p - k) / s + 1. When that is not a whole number frameworks silently drop
the last rows and columns; nnlib raises a ``ValueError`` with the numbers instead.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._checks import as_float_array, as_rng, check_int, shape_str, warn_if_not_finite
from .module import Layer, Parameter


def _pair(owner, name, value):
    """``k`` or ``(kh, kw)`` as a pair of positive integers."""
    pair = (value, value) if not isinstance(value, (tuple, list)) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) and v > 0
                                 for v in pair):
        raise ValueError(f"{owner}: {name} must be a positive integer or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def conv_output_size(n, k, stride=1, padding=0):
    """Output side of a convolution or pooling window: (n + 2 padding - k) / stride + 1.

    Raises ``ValueError`` naming the numbers when the kernel is larger than the
    padded input or the windows do not tile it exactly.
    """
    for name, value, minimum in (("n", n, 0), ("k", k, 1), ("stride", stride, 1), ("padding", padding, 0)):
        check_int("conv_output_size", name, value, minimum)
    span = n + 2 * padding - k
    if span < 0:
        raise ValueError(f"kernel {k} is larger than the padded input {n} + 2*{padding} = {n + 2 * padding}")
    if span % stride:
        raise ValueError(
            f"(n + 2p - k) / s + 1 = ({n} + 2*{padding} - {k}) / {stride} + 1 = {span / stride + 1:g} is not a whole"
            f" number: the last window would hang over the edge; change the padding, stride or input size"
        )
    return span // stride + 1


def _windows(x, kernel, stride):
    """View of every (kh, kw) window of x (N, C, H, W) at the given stride: (N, C, OH, OW, kh, kw)."""
    return sliding_window_view(x, kernel, axis=(2, 3))[:, :, ::stride[0], ::stride[1]]


def _scatter_add(grad_windows, shape, kernel, stride):
    """col2im: add each window's gradient (N, C, OH, OW, kh, kw) back onto an input of ``shape``."""
    out = np.zeros(shape)
    oh, ow = grad_windows.shape[2:4]
    for i in range(kernel[0]):  # loops over the kernel's cells only
        for j in range(kernel[1]):
            out[:, :, i:i + stride[0] * oh:stride[0], j:j + stride[1] * ow:stride[1]] += grad_windows[:, :, :, :, i, j]
    return out


class _SpatialLayer(Layer):
    """Shared input checks for layers on (N, C, H, W) batches."""

    channels = None  # the number of channels expected, or None for any

    def _check_input(self, x, padding=(0, 0)):
        x = as_float_array(self, "input", x)
        c = self.channels if self.channels is not None else "C"
        if x.ndim != 4 or (self.channels is not None and x.shape[1] != self.channels):
            raise ValueError(f"{self!r}: expected input of shape (N, {c}, H, W), got {shape_str(x.shape)}")
        warn_if_not_finite(self, "input", x)
        size = []
        for side, n, k, s, p in zip(("height", "width"), x.shape[2:], self.kernel, self.stride, padding):
            try:
                size.append(conv_output_size(n, k, s, p))
            except ValueError as exc:
                raise ValueError(f"{self!r} on input {shape_str(x.shape)}, {side}: {exc}") from None
        return x, tuple(size)


class Conv2D(_SpatialLayer):
    """2-D convolution: ``out`` kernels of shape (in, kh, kw), each with a bias.

    ``W`` has shape (out, in, kh, kw) and ``b`` shape (out,), as in PyTorch.
    Weights start with He's variance 2 / fan_in, fan_in = in * kh * kw (a conv
    layer is usually followed by a ReLU); biases start at zero.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, rng=None):
        self.in_channels = check_int("Conv2D", "in_channels", in_channels)
        self.out_channels = check_int("Conv2D", "out_channels", out_channels)
        self.kernel = _pair("Conv2D", "kernel_size", kernel_size)
        self.stride = _pair("Conv2D", "stride", stride)
        self.padding = check_int("Conv2D", "padding", padding, minimum=0)
        fan_in = self.in_channels * self.kernel[0] * self.kernel[1]
        self.W = Parameter(as_rng(rng, "Conv2D").normal(0.0, np.sqrt(2.0 / fan_in), size=(self.out_channels, self.in_channels, *self.kernel)))
        self.b = Parameter(np.zeros(self.out_channels))

    @property
    def channels(self):
        return self.in_channels

    def forward(self, x):
        x, (oh, ow) = self._check_input(x, (self.padding, self.padding))
        n, c, h, w = x.shape
        p, (kh, kw), (sh, sw) = self.padding, self.kernel, self.stride
        # the input batch-last and padded, (C, H + 2p, W + 2p, N): one copy
        xp = np.zeros((c, h + 2 * p, w + 2 * p, n))
        xp[:, p:p + h, p:p + w] = x.transpose(1, 2, 3, 0)
        # im2col: one row per (channel, kernel row, kernel column), one column per (output row, output column, sample)
        windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]  # (C, OH, OW, N, kh, kw)
        cols = windows.transpose(0, 4, 5, 1, 2, 3).reshape(c * kh * kw, oh * ow * n)
        z = self.W.data.reshape(self.out_channels, -1) @ cols  # (out, OH * OW * N)
        z += self.b.data[:, None]
        self._cols, self._padded_shape, self.out_shape = cols, xp.shape, (n, self.out_channels, oh, ow)
        return np.ascontiguousarray(z.reshape(self.out_channels, oh, ow, n).transpose(3, 0, 1, 2))

    def backward(self, grad_out):
        g = self._add_param_grads(grad_out)
        n, _, oh, ow = self.out_shape
        (kh, kw), (sh, sw), p = self.kernel, self.stride, self.padding
        d_cols = (self.W.data.reshape(self.out_channels, -1).T @ g).reshape(self.in_channels, kh, kw, oh, ow, n)
        dxp = np.zeros(self._padded_shape)  # col2im, batch-last: every addition runs along OW * N numbers
        for i in range(kh):
            for j in range(kw):
                dxp[:, i:i + sh * oh:sh, j:j + sw * ow:sw] += d_cols[:, i, j]
        _, hp, wp, _ = self._padded_shape
        return np.ascontiguousarray(dxp[:, p:hp - p, p:wp - p].transpose(3, 0, 1, 2))

    def backward_params(self, grad_out):
        """dW and db only, skipping the product and the col2im that the input gradient needs."""
        self._add_param_grads(grad_out)

    @property
    def cols(self):
        """The last patch matrix as the chapter draws it, one row per (sample, output row, output column):
        (N * OH * OW, C * kh * kw). (A copy: the layer keeps it batch-last, transposed.)"""
        n, _, oh, ow = self.out_shape
        return self._saved("_cols").reshape(-1, oh, ow, n).transpose(3, 1, 2, 0).reshape(n * oh * ow, -1)

    @property
    def padded_shape(self):
        """The shape of the last input once padded, (N, C, H + 2p, W + 2p)."""
        c, hp, wp, n = self._saved("_padded_shape")
        return (n, c, hp, wp)

    def _add_param_grads(self, grad_out):
        """Add dW = dZ cols^T and db; return dZ as a matrix (out, OH * OW * N), batch-last like ``cols``."""
        cols = self._saved("_cols")
        g = self._check_grad_out(grad_out, self.out_shape)
        n, o, oh, ow = self.out_shape
        g_mat = np.empty((o, oh, ow, n))
        g_mat[...] = g.transpose(1, 2, 3, 0)
        g_mat = g_mat.reshape(o, oh * ow * n)
        self.W.grad += (g_mat @ cols.T).reshape(self.W.data.shape)
        self.b.grad += g_mat.sum(axis=1)
        return g_mat

    def __repr__(self):
        k = self.kernel[0] if self.kernel[0] == self.kernel[1] else self.kernel
        extra = "".join(f", {name}={v}" for name, v, default in (("stride", self.stride[0], 1), ("padding", self.padding, 0))
                        if v != default)
        return f"Conv2D({self.in_channels} -> {self.out_channels}, kernel_size={k}{extra})"


class _Pool2D(_SpatialLayer):
    def __init__(self, kernel_size, stride=None):
        name = type(self).__name__
        self.kernel = _pair(name, "kernel_size", kernel_size)
        self.stride = _pair(name, "stride", stride if stride is not None else kernel_size)

    def __repr__(self):
        k = self.kernel[0] if self.kernel[0] == self.kernel[1] else self.kernel
        s = "" if self.stride == self.kernel else f", stride={self.stride[0] if self.stride[0] == self.stride[1] else self.stride}"
        return f"{type(self).__name__}(kernel_size={k}{s})"


class MaxPool2D(_Pool2D):
    """The largest value of each window. Backward sends the gradient to that one input
    (the first, if several tie), as PyTorch does; the others get zero.

    Windows that tile the image (stride = kernel, the usual case) are read from a
    reshaped view, (N, C, OH, kh, OW, kw), without copying; the max and the
    position of the first maximum are found by visiting the kh * kw cells of all
    windows at once. Overlapping windows go through ``sliding_window_view``.
    """

    def forward(self, x):
        x, (oh, ow) = self._check_input(x)
        n, c = x.shape[:2]
        (kh, kw), self.in_shape = self.kernel, x.shape
        self.tiled = self.stride == self.kernel
        if not self.tiled:
            flat = _windows(x, self.kernel, self.stride).reshape(n, c, oh, ow, kh * kw)
            self.argmax = flat.argmax(axis=-1)
            return np.take_along_axis(flat, self.argmax[..., None], axis=-1)[..., 0]
        cells = x.reshape(n, c, oh, kh, ow, kw)
        best = cells[:, :, :, 0, :, 0].copy()
        self.argmax = np.zeros(best.shape, dtype=np.intp)
        for cell in range(1, kh * kw):  # strictly greater: the first maximum keeps the gradient
            value = cells[:, :, :, cell // kw, :, cell % kw]
            np.copyto(self.argmax, cell, where=value > best)
            np.maximum(best, value, out=best)  # (np.maximum, not the comparison: NaN is passed on)
        return best

    def backward(self, grad_out):
        argmax = self._saved("argmax")
        g = self._check_grad_out(grad_out, argmax.shape)
        kh, kw = self.kernel
        if not self.tiled:
            d_windows = np.zeros((*g.shape, kh * kw))
            np.put_along_axis(d_windows, argmax[..., None], g[..., None], axis=-1)
            return _scatter_add(d_windows.reshape(*g.shape, kh, kw), self.in_shape, self.kernel, self.stride)
        n, c, oh, ow = g.shape
        grad = np.zeros((n, c, oh, kh, ow, kw))
        for cell in range(kh * kw):
            np.copyto(grad[:, :, :, cell // kw, :, cell % kw], g, where=argmax == cell)
        return grad.reshape(self.in_shape)


class AvgPool2D(_Pool2D):
    """The mean of each window. Backward shares each gradient equally among the window's inputs."""

    def forward(self, x):
        x, (oh, ow) = self._check_input(x)
        self.in_shape, self.out_shape = x.shape, (*x.shape[:2], oh, ow)
        if self.stride == self.kernel:  # tiled windows: a reshaped view, no copy
            return x.reshape(*x.shape[:2], oh, self.kernel[0], ow, self.kernel[1]).mean(axis=(3, 5))
        return _windows(x, self.kernel, self.stride).mean(axis=(-2, -1))

    def backward(self, grad_out):
        in_shape = self._saved("in_shape")
        g = self._check_grad_out(grad_out, self.out_shape)
        kh, kw = self.kernel
        if self.stride == self.kernel:
            n, c, oh, ow = g.shape
            share = np.broadcast_to((g / (kh * kw))[:, :, :, None, :, None], (n, c, oh, kh, ow, kw))
            return share.reshape(in_shape)
        d_windows = np.broadcast_to((g / (kh * kw))[..., None, None], (*g.shape, kh, kw))
        return _scatter_add(d_windows, in_shape, self.kernel, self.stride)


class Flatten(Layer):
    """(N, C, H, W), or any (N, ...), to (N, C * H * W): the bridge from feature maps to dense layers."""

    def forward(self, x):
        x = as_float_array(self, "input", x)
        if x.ndim < 2:
            raise ValueError(f"Flatten(): expected input of shape (N, ...) with at least 2 axes, got {shape_str(x.shape)}")
        warn_if_not_finite(self, "input", x)
        self.in_shape = x.shape
        return x.reshape(x.shape[0], int(np.prod(x.shape[1:])))

    def backward(self, grad_out):
        in_shape = self._saved("in_shape")
        g = self._check_grad_out(grad_out, (in_shape[0], int(np.prod(in_shape[1:]))))
        return g.reshape(in_shape)
