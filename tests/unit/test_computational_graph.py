"""The computational-graph explorer: its numbers are the engine's, revealed one step at a time."""
import itertools
import json

import numpy as np
import pytest

from nnlib import numerical_gradient
from nnlib.autograd import Tensor
from nnlib.widgets import ComputationalGraphExplorer, IntSlider, computational_graph_scene, graph_values
from nnlib.widgets.computational_graph import CHAR, EXPRESSIONS, NARROW, SIZE, STEPS, num
from nnlib.widgets.scene import Points, Text

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


def test_the_step_control_hands_over_whole_steps():
    """The step is an IntSlider: a move lands on step 3 itself (never 2.9999999, which truncation made step 2)."""
    explorer = ComputationalGraphExplorer()
    step = next(c for c in explorer.controls if c.name == "step")
    assert isinstance(step, IntSlider) and step.live_grid() == list(range(STEPS))
    scene = explorer.move("step", dict(explorer.live_index(), step=3))
    assert explorer.values["step"] == 3 and type(explorer.values["step"]) is int
    assert scene.panels[0].title == "Step 3: forward, s = σ(w)"
    # an expression shorter than the longest is done before the last step; a step past the end is the end
    short = computational_graph_scene("log(eˣ + eʸ)", STEPS - 1, 1.0, 1.0, 0.0, 0.0).panels[0].title
    assert short.endswith("done, every input has its gradient")
    assert computational_graph_scene("log(eˣ + eʸ)", 99, 1.0, 1.0, 0.0, 0.0).panels[0].title == short


def test_numbers_are_short_and_signed_properly():
    assert [num(v) for v in (-2.0, 0.5, 0.8807970779778823, -0.0004, 20.085536923187668)] == ["−2", "0.5", "0.881", "0", "20.086"]


def test_static_face_has_every_expression_and_step():
    explorer = ComputationalGraphExplorer()
    data = explorer.static_data()
    sizes = [len(c["values"]) for c in data["controls"]]
    assert sizes[:2] == [len(EXPRESSIONS), STEPS] and len(data["frames"]) == int(np.prod(sizes))
    # static_face.js draws a menu for the expression and a slider for each of the other five (none is fixed)
    assert [(c["name"], c["kind"]) for c in data["controls"]] == [("expression", "select")] + [
        (name, "range") for name in ("step", "x", "y", "z", "w")]
    assert all(len(c["labels"]) > 1 and not c.get("live_only") for c in data["controls"])
    assert data["controls"][1]["labels"] == [str(k) for k in range(STEPS)]


def test_live_face_redraws_when_the_step_moves():
    widget = ComputationalGraphExplorer().live()
    assert "The inputs" in widget.scene["html"] and widget.scene["panels"][0]["meta"]["title"] == "Step 0: the inputs"
    sent = widget.handle_move({"type": "move", "seq": 2, "index": dict(widget.scene["index"], step=5), "changed": "step"})
    assert sent["seq"] == 2 and sent["index"]["step"] == 5 and "Backward starts" in sent["html"]
    assert sent["panels"][0]["meta"]["title"] == "Step 5: backward starts, ∂f/∂f = 1"
    assert json.loads(json.dumps(sent)) == sent  # plain JSON, no numpy numbers


def test_the_settings_are_stated_as_the_sliders_show_them():
    """The picture writes −4 (a true minus, no trailing zeros); the alt text states the sliders' own readouts."""
    scene = computational_graph_scene("log(eˣ + eʸ)", 0, -4.0, 0.5, 2.0, 0.0)
    assert "x = −4" in [i.text for i in scene.panels[0].items if isinstance(i, Text)]
    assert "at x = -4.0, y = 0.5, z = 2.0 (not used), w = 0.0 (not used)." in scene.alt_text


def _label_boxes(scene, width):
    """Every label's box and every node's circle, in pixels, as static_face.js lays the figure out ``width`` wide
    (one panel, no axes: 4 px around, a title of 13 px bold lines above; text and nodes keep their pixel size)."""
    natural = SIZE[0] * 100
    height = max(150, round(SIZE[1] * 100 * min(1, width / natural)))
    panel = scene.panels[0]
    lines, line = 1, ""
    for word in panel.title.split(" "):  # the title wraps as the renderer wraps it (bold: 0.68 em a character)
        if line and 0.68 * 13 * len(f"{line} {word}") > width - 12:
            lines, line = lines + 1, word
        else:
            line = f"{line} {word}" if line else word
    top = 6 + lines * 17 + 2
    area = (width - 8, height - top - 4)
    sx = lambda v: 4 + (v - panel.xlim[0]) / (panel.xlim[1] - panel.xlim[0]) * area[0]
    sy = lambda v: top + area[1] - (v - panel.ylim[0]) / (panel.ylim[1] - panel.ylim[0]) * area[1]
    centres = [(x, y, item.size) for item in panel.items if isinstance(item, Points) and item.size > 8  # not pills
               for x, y in item.xy]
    nodes = [(sx(x), sy(y), r) for x, y, r in centres]
    labels = [(sx(t.x) - len(t.text) * CHAR / 2, sy(t.y) - 7, sx(t.x) + len(t.text) * CHAR / 2, sy(t.y) + 7, t.text)
              for t in panel.items if isinstance(t, Text) and (t.x, t.y) not in [c[:2] for c in centres]]
    return labels, nodes, (width, height)


@pytest.mark.parametrize("width", [NARROW, 390, int(SIZE[0] * 100)], ids=["narrow", "phone", "natural"])
def test_labels_clear_each_other_and_the_nodes_on_a_phone_and_a_desktop(width):
    """Positions shrink with the figure's width while text and nodes keep their size: at the narrowest width
    the figure is laid out for, on a 390 px phone and at its natural (desktop) size, no label touches another
    label or a node, or leaves the figure (label widths overestimated at CHAR a character). Every expression,
    every step, inputs of one and two digits, negative and positive."""
    bad = []
    for expression, values, step in itertools.product(
            EXPRESSIONS, [(3.0, -2.0, 2.0, 0.0), (-3.7, 2.4, -1.1, 3.3), (0.1, -0.1, 0.0, -4.0)], range(STEPS)):
        labels, nodes, (w, h) = _label_boxes(computational_graph_scene(expression, step, *values), width)
        for a, b in itertools.combinations(labels, 2):
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                bad.append((expression, step, a[4], b[4]))
        for x0, y0, x1, y1, text in labels:
            if x0 < 0 or x1 > w or y0 < 0 or y1 > h:
                bad.append((expression, step, text, "outside"))
            for x, y, r in nodes:
                nearest = (min(max(x, x0), x1), min(max(y, y0), y1))
                if (nearest[0] - x) ** 2 + (nearest[1] - y) ** 2 < r * r:
                    bad.append((expression, step, text, "node"))
    assert bad == []
