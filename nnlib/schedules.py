"""Learning-rate schedules: small objects that change an optimizer's ``lr`` as training goes.

Call ``scheduler.step()`` once per epoch (or per step, as you choose); it sets
``optimizer.lr`` from the base rate and the number of steps taken so far, t.
``lr_at(t)`` gives the same value without touching the optimizer, for plots.
The names and formulas follow PyTorch's ``torch.optim.lr_scheduler``.
"""
import math


def _positive_int(owner, name, value):
    if not (isinstance(value, int) and value > 0):
        raise ValueError(f"{owner}: {name} must be a positive integer, got {value!r}")


class LRScheduler:
    """Base class: remembers the optimizer's starting ``lr`` and counts steps."""

    def __init__(self, optimizer):
        if not hasattr(optimizer, "lr"):
            raise TypeError(f"{type(self).__name__}: expected an nnlib optimizer, got {type(optimizer).__name__}")
        self.optimizer, self.base_lr, self.t = optimizer, optimizer.lr, 0
        optimizer.lr = self.lr_at(0)

    def lr_at(self, t):
        raise NotImplementedError

    def step(self):
        self.t += 1
        self.optimizer.lr = self.lr_at(self.t)
        return self.optimizer.lr


class StepLR(LRScheduler):
    """Multiply the rate by ``gamma`` every ``step_size`` steps: lr_t = lr_0 gamma^floor(t / step_size)."""

    def __init__(self, optimizer, step_size, gamma=0.1):
        _positive_int("StepLR", "step_size", step_size)
        self.step_size, self.gamma = step_size, float(gamma)
        super().__init__(optimizer)

    def lr_at(self, t):
        return self.base_lr * self.gamma ** (t // self.step_size)


class ExponentialLR(LRScheduler):
    """Multiply the rate by ``gamma`` every step: lr_t = lr_0 gamma^t."""

    def __init__(self, optimizer, gamma):
        if not 0 < gamma <= 1:
            raise ValueError(f"ExponentialLR: gamma must lie in (0, 1], got {gamma!r}")
        self.gamma = float(gamma)
        super().__init__(optimizer)

    def lr_at(self, t):
        return self.base_lr * self.gamma**t


class CosineAnnealingLR(LRScheduler):
    """Half a cosine from lr_0 down to ``eta_min`` over ``T_max`` steps:
    lr_t = eta_min + (lr_0 - eta_min) (1 + cos(pi t / T_max)) / 2."""

    def __init__(self, optimizer, T_max, eta_min=0.0):
        _positive_int("CosineAnnealingLR", "T_max", T_max)
        self.T_max, self.eta_min = T_max, float(eta_min)
        super().__init__(optimizer)

    def lr_at(self, t):
        t = min(t, self.T_max)
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max)) / 2


class LinearLR(LRScheduler):
    """Linear warm-up: the factor goes from ``start_factor`` to ``end_factor`` over ``total_iters``
    steps, then stays: lr_t = lr_0 (start + (end - start) min(t, total_iters) / total_iters)."""

    def __init__(self, optimizer, start_factor=1 / 3, end_factor=1.0, total_iters=5):
        if not 0 < start_factor <= 1 or not 0 <= end_factor <= 1:
            raise ValueError("LinearLR: start_factor must lie in (0, 1] and end_factor in [0, 1]")
        _positive_int("LinearLR", "total_iters", total_iters)
        self.start_factor, self.end_factor, self.total_iters = start_factor, end_factor, total_iters
        super().__init__(optimizer)

    def lr_at(self, t):
        progress = min(t, self.total_iters) / self.total_iters
        return self.base_lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)
