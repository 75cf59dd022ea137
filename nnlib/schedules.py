"""Learning-rate schedules: small objects that change an optimizer's ``lr`` as training goes.

Call ``scheduler.step()`` once per epoch (or per step, as you choose); it sets
``optimizer.lr`` from the base rate and the number of steps taken so far, t.
``lr_at(t)`` gives the same value without touching the optimizer, for plots.
The names and formulas follow PyTorch's ``torch.optim.lr_scheduler``.
"""
import math

from ._checks import check_int, check_number, is_real


class LRScheduler:
    """Base class: remembers the optimizer's starting ``lr`` and counts steps."""

    def __init__(self, optimizer):
        if not (hasattr(optimizer, "lr") and hasattr(optimizer, "step") and is_real(optimizer.lr)):
            raise TypeError(f"{type(self).__name__}: expected an nnlib optimizer, got {type(optimizer).__name__}")
        self.optimizer, self.base_lr, self.t = optimizer, optimizer.lr, 0
        optimizer.lr = self.lr_at(0)

    def lr_at(self, t):
        """The rate after ``t`` steps (t = 0, 1, 2, ...)."""
        return self._lr(check_int(type(self).__name__, "t", t, minimum=0))

    def _lr(self, t):
        raise NotImplementedError

    def step(self):
        self.t += 1
        self.optimizer.lr = self.lr_at(self.t)
        return self.optimizer.lr


class StepLR(LRScheduler):
    """Multiply the rate by ``gamma`` every ``step_size`` steps: lr_t = lr_0 gamma^floor(t / step_size)."""

    def __init__(self, optimizer, step_size, gamma=0.1):
        self.step_size = check_int("StepLR", "step_size", step_size)
        self.gamma = check_number("StepLR", "gamma", gamma, low=0, low_closed=False)
        super().__init__(optimizer)

    def _lr(self, t):
        return self.base_lr * self.gamma ** (t // self.step_size)


class ExponentialLR(LRScheduler):
    """Multiply the rate by ``gamma`` every step: lr_t = lr_0 gamma^t."""

    def __init__(self, optimizer, gamma):
        self.gamma = check_number("ExponentialLR", "gamma", gamma, low=0, high=1, low_closed=False)
        super().__init__(optimizer)

    def _lr(self, t):
        return self.base_lr * self.gamma**t


class CosineAnnealingLR(LRScheduler):
    """Half a cosine from lr_0 down to ``eta_min`` over ``T_max`` steps:
    lr_t = eta_min + (lr_0 - eta_min) (1 + cos(pi t / T_max)) / 2.

    As in PyTorch, the formula holds for every t: after T_max steps the cosine
    goes on and the rate climbs back to lr_0 at 2 T_max (stop at T_max, or use a
    larger T_max, for the half cosine alone).
    """

    def __init__(self, optimizer, T_max, eta_min=0.0):
        self.T_max = check_int("CosineAnnealingLR", "T_max", T_max)
        self.eta_min = check_number("CosineAnnealingLR", "eta_min", eta_min, low=0)
        super().__init__(optimizer)

    def _lr(self, t):
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max)) / 2


class LinearLR(LRScheduler):
    """Linear warm-up: the factor goes from ``start_factor`` to ``end_factor`` over ``total_iters``
    steps, then stays: lr_t = lr_0 (start + (end - start) min(t, total_iters) / total_iters)."""

    def __init__(self, optimizer, start_factor=1 / 3, end_factor=1.0, total_iters=5):
        self.start_factor = check_number("LinearLR", "start_factor", start_factor, low=0, high=1, low_closed=False)
        self.end_factor = check_number("LinearLR", "end_factor", end_factor, low=0, high=1)
        self.total_iters = check_int("LinearLR", "total_iters", total_iters)
        super().__init__(optimizer)

    def _lr(self, t):
        progress = min(t, self.total_iters) / self.total_iters
        return self.base_lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)
