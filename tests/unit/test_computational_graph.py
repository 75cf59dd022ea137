"""The computational-graph explorer: its numbers are the engine's, revealed one step at a time."""
import numpy as np
import pytest

from nnlib import numerical_gradient
from nnlib.autograd import Tensor
from nnlib.widgets import ComputationalGraphExplorer, computational_graph_scene, graph_values
from nnlib.widgets.computational_graph import EXPRESSIONS, STEPS, num

# The same expressions written with the engine (max(a, b) = b + relu(a - b), exact away from ties)
ENGINE = {
    "(x·y + z)·σ(w)": lambda x, y, z, w: (x * y + z) * w.sigmoid(),
    "x·y + max(x, z)": lambda x, y, z, w: x * y + (z + (x - z).relu()),
    "(σ(w·x + z) − y)²": lambda x, y, z, w: ((w * x + z).sigmoid() - y) ** 2,
    "log(eˣ + eʸ)": lambda x, y, z, w: (x.exp() + y.exp()).log(),
}


def texts(scene):
    return [item.text for item in scene.panels[0].items if hasattr(item, "text")]


@pytest.mark.parametrize("expression", list(EXPRESSIONS))
def test_the_explorers_gradients_are_the_engines(expression):
    rng = np.random.default_rng(3)
    for values in rng.uniform(-3, 3, size=(20, 4)):
        inputs = [Tensor(v) for v in values]
        f = ENGINE[expression](*inputs)
        f.backward()
        got_values, _, grads = graph_values(expression, *values)
        assert got_values["f"] == pytest.approx(f.item(), rel=1e-12)
        for name, t in zip("xyzw", inputs):
            if name in EXPRESSIONS[expression][0]:
                assert grads[name] == pytest.approx(t.grad, rel=1e-12, abs=1e-14), name
            else:
                assert t.grad is None or t.grad == 0.0  # an input the expression does not use


def test_gradients_agree_with_centred_differences():
    for expression in EXPRESSIONS:
        point = np.array([0.7, -1.3, 0.4, 1.1])
        numeric = numerical_gradient(lambda v: graph_values(expression, *v)[0]["f"], point.copy())
        grads = graph_values(expression, *point)[2]
        analytic = [grads.get(name, 0.0) for name in "xyzw"]
        np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def test_the_worked_example_of_the_chapter():
    values, _, grads = graph_values("(x·y + z)·σ(w)", 3.0, -2.0, 2.0, 0.0)
    assert (values["p"], values["q"], values["s"], values["f"]) == (-6.0, -4.0, 0.5, -2.0)
    assert (grads["x"], grads["y"], grads["z"], grads["w"], grads["q"], grads["s"]) == (-1.0, 1.5, 0.5, -1.0, 0.5, -4.0)


def test_values_appear_forward_then_gradients_backward():
    expression = "(x·y + z)·σ(w)"
    n = len(EXPRESSIONS[expression][1])
    for step in range(STEPS):
        shown = texts(computational_graph_scene(expression, step, 3.0, -2.0, 2.0, 0.0))
        values = [t for t in shown if " = " in t and not t.startswith("∂")]
        grads = [t for t in shown if t.startswith("∂f/∂")]
        assert len(values) == 4 + min(step, n)        # the inputs, then one node per forward step
        assert ("f = −2" in values) == (step >= n)
        # the seed df/df = 1; backward through f (q, s), s (w), q (p, z), p (x, y); then done
        assert len(grads) == ([0] * (n + 1) + [1, 3, 4, 6, 8] + [8] * STEPS)[step]
    final = texts(computational_graph_scene(expression, STEPS - 1, 3.0, -2.0, 2.0, 0.0))
    assert {"∂f/∂x = −1", "∂f/∂y = 1.5", "∂f/∂z = 0.5", "∂f/∂w = −1"} <= set(final)


def test_a_fan_out_shows_its_contributions_arriving_and_adding():
    # x feeds x·y and max(x, z); backward visits f, then m (x gets 1), then p (x gets y = -2)
    at = lambda step: computational_graph_scene("x·y + max(x, z)", step, 3.0, -2.0, 2.0, 0.0)
    assert "∂f/∂x = 1 (1 of 2)" in texts(at(6))
    assert "1 of its 2 contributions has arrived" in at(6).html_text
    assert "∂f/∂x = −1" in texts(at(7))
    assert "1 + (−2) = −1 (a fan-out adds)" in at(7).html_text
    assert "∂f/∂z = 0" in texts(at(7))  # max routes everything to the larger input


def test_max_routes_to_whichever_input_is_larger():
    assert graph_values("x·y + max(x, z)", 1.0, -2.0, 2.0, 0.0)[2]["z"] == 1.0
    assert graph_values("x·y + max(x, z)", 3.0, -2.0, 2.0, 0.0)[2]["z"] == 0.0


def test_a_step_that_arrives_as_a_float_is_rounded_not_truncated():
    a = computational_graph_scene("(x·y + z)·σ(w)", 2.9999999, 3.0, -2.0, 2.0, 0.0)
    b = computational_graph_scene("(x·y + z)·σ(w)", 3, 3.0, -2.0, 2.0, 0.0)
    assert a.panels[0].title == b.panels[0].title == "Step 3: forward, s = σ(w)"
    assert computational_graph_scene("log(eˣ + eʸ)", 99, 1.0, 1.0, 0.0, 0.0).panels[0].title.endswith("done, every input has its gradient")


def test_numbers_are_short_and_signed_properly():
    assert [num(v) for v in (-2.0, 0.5, 0.8807970779778823, -0.0004, 20.085536923187668)] == ["−2", "0.5", "0.881", "0", "20.086"]


def test_static_face_has_every_expression_and_step():
    explorer = ComputationalGraphExplorer()
    data = explorer.static_data()
    sizes = [len(c["values"]) for c in data["controls"]]
    assert sizes[:2] == [len(EXPRESSIONS), STEPS] and len(data["frames"]) == int(np.prod(sizes))
    page = explorer.static_html()
    assert page.count("<select") == 1 and page.count('type="range"') == 5


def test_live_face_redraws_when_the_step_moves():
    explorer = ComputationalGraphExplorer()
    controls, image, note = explorer.live().children
    assert "The inputs" in note.value and image.value[:4] == b"\x89PNG"
    step = next(c for c in controls.children if c.description == "step")
    step.value = 5
    assert "Backward starts" in note.value
