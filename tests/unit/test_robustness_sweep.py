"""The robustness sweep: every public layer, loss, optimizer, schedule and helper, with seeded random
shapes and settings, must give the correct result for good input in any form (float32, int, lists,
non-contiguous views) and a clear error, or a warning for NaN, for bad input (wrong ndim, wrong size,
empty, NaN, bad arguments). The cases and the references are in ``robustness_cases.py``;
``bench/robustness_census.py`` counts the same outcomes for any version of nnlib."""
import pytest

from robustness_cases import GOOD, all_cases, classify

CASES = all_cases()


def test_the_sweep_covers_every_public_layer_loss_optimizer_and_schedule():
    import nnlib
    from nnlib import schedules

    covered = " ".join(case.subject for case in CASES)
    public = [name for name in nnlib.__all__ if isinstance(getattr(nnlib, name), type)
              and name not in ("Parameter", "Layer", "Optimizer")]
    public += ["StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "clip_grad_norm", "numerical_gradient",
               "gradcheck", "relative_error", "fit", "accuracy", "minibatches", "conv_output_size"]
    public += [f for f in ("sigmoid", "tanh", "relu", "leaky_relu", "softmax")]
    missing = [name for name in public if name not in covered]
    assert not missing
    assert len(CASES) > 500 and {c.expect for c in CASES} == set(GOOD)
    assert all(hasattr(schedules, s) for s in ("StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR"))


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{c.name}" for i, c in enumerate(CASES)])
def test_case(case):
    outcome, note = classify(case)
    assert outcome in GOOD[case.expect], f"{case.name}: {outcome} {note}"
