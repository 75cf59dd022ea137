"""Convolution and pooling on image batches ``(N, C, H, W)``, vectorised with im2col.

A convolution slides a small kernel over the image and, at every position,
takes the dot product of the kernel with the patch under it (strictly, a
cross-correlation: the kernel is not flipped, as in every deep-learning
framework). Written as loops, that is six nested loops. **im2col** turns it into
one matrix product: copy every patch into a row of a matrix ``cols`` of shape
``(N * OH * OW, C * kh * kw)``, reshape the kernels into ``(C * kh * kw, out)``,
and multiply. The copy costs memory, but the product runs in optimised BLAS
code, hundreds of times faster than Python loops. Here the patches are read
through ``numpy.lib.stride_tricks.sliding_window_view``, a view that costs
nothing until the reshape copies it.

Backward is the dense layer's backward on those matrices (chapter 4):
``dW = cols^T dZ``, ``d cols = dZ W^T``, and **col2im** adds each row of
``d cols`` back onto the patch it came from. The only Python loops run over the
kh * kw positions inside a kernel, never over samples or pixels.

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
        p = self.padding
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x
        n = x.shape[0]
        # im2col: one row per output position, one column per (channel, kernel row, kernel column)
        cols = _windows(xp, self.kernel, self.stride).transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, self.W.data[0].size)
        self.cols, self.padded_shape, self.out_shape = cols, xp.shape, (n, self.out_channels, oh, ow)
        z = cols @ self.W.data.reshape(self.out_channels, -1).T
        z += self.b.data
        return z.reshape(n, oh, ow, self.out_channels).transpose(0, 3, 1, 2)

    def backward(self, grad_out):
        g_mat = self._add_param_grads(grad_out)
        n, _, oh, ow = self.out_shape
        d_cols = g_mat @ self.W.data.reshape(self.out_channels, -1)
        d_windows = d_cols.reshape(n, oh, ow, self.in_channels, *self.kernel).transpose(0, 3, 1, 2, 4, 5)
        dxp = _scatter_add(d_windows, self.padded_shape, self.kernel, self.stride)
        p = self.padding
        return dxp[:, :, p:dxp.shape[2] - p, p:dxp.shape[3] - p] if p else dxp

    def backward_params(self, grad_out):
        """dW and db only, skipping the product and the col2im that the input gradient needs."""
        self._add_param_grads(grad_out)

    def _add_param_grads(self, grad_out):
        """Add dW = dZ^T cols and db; return dZ as a matrix, one row per output position."""
        cols = self._saved("cols")
        g = self._check_grad_out(grad_out, self.out_shape)
        n, _, oh, ow = self.out_shape
        g_mat = g.transpose(0, 2, 3, 1).reshape(n * oh * ow, self.out_channels)
        self.W.grad += (g_mat.T @ cols).reshape(self.W.data.shape)
        self.b.grad += g_mat.sum(axis=0)
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
    (the first, if several tie), as PyTorch does; the others get zero."""

    def forward(self, x):
        x, (oh, ow) = self._check_input(x)
        flat = _windows(x, self.kernel, self.stride).reshape(*x.shape[:2], oh, ow, self.kernel[0] * self.kernel[1])
        self.argmax, self.in_shape = flat.argmax(axis=-1), x.shape
        return np.take_along_axis(flat, self.argmax[..., None], axis=-1)[..., 0]

    def backward(self, grad_out):
        argmax = self._saved("argmax")
        g = self._check_grad_out(grad_out, argmax.shape)
        kh, kw = self.kernel
        d_windows = np.zeros((*g.shape, kh * kw))
        np.put_along_axis(d_windows, argmax[..., None], g[..., None], axis=-1)
        return _scatter_add(d_windows.reshape(*g.shape, kh, kw), self.in_shape, self.kernel, self.stride)


class AvgPool2D(_Pool2D):
    """The mean of each window. Backward shares each gradient equally among the window's inputs."""

    def forward(self, x):
        x, (oh, ow) = self._check_input(x)
        self.in_shape, self.out_shape = x.shape, (*x.shape[:2], oh, ow)
        return _windows(x, self.kernel, self.stride).mean(axis=(-2, -1))

    def backward(self, grad_out):
        in_shape = self._saved("in_shape")
        g = self._check_grad_out(grad_out, self.out_shape)
        kh, kw = self.kernel
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
