"""Explorers: the pure update function, the static face's frame table, the live face."""
import json
import re

import numpy as np
import pytest

from nnlib import Perceptron, data
from nnlib.widgets import Choice, Explorer, IntSlider, PerceptronExplorer, Slider, perceptron_scene
from nnlib.widgets.perceptron import decision_line, halfplane


def polygon_area(xy):
    x, y = np.asarray(xy).T
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


@pytest.mark.parametrize(
    "w, b, expected",
    [((1, 1), -1, 2.0), ((1, 1), -2, 0.5 * 1.0 * 1.0), ((0, 1), -0.5, 2.0), ((1, 0), 10, 4.0), ((1, 0), -10, 0.0)],
)
def test_halfplane_is_the_clipped_region_where_the_unit_fires(w, b, expected):
    # The view is the square [-0.5, 1.5]^2, area 4. x1 + x2 = 1 is its diagonal (half each);
    # x1 + x2 >= 2 is the corner triangle with legs 1; b = +-10 puts the line outside.
    area = lambda poly: polygon_area(poly) if len(poly) else 0.0
    firing, silent = halfplane(w, b), halfplane(-np.array(w), -b)
    assert area(firing) == pytest.approx(expected)
    assert area(firing) + area(silent) == pytest.approx(4.0)


def test_decision_line_lies_on_the_line():
    pts = decision_line((2.0, -1.0), 0.5)
    np.testing.assert_allclose(pts @ np.array([2.0, -1.0]) + 0.5, 0.0, atol=1e-12)
    assert decision_line((0.0, 0.0), 1.0) is None


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "XOR"])
def test_scene_counts_agree_with_the_perceptron(gate):
    rng = np.random.default_rng(1)
    X, y = data.logic_gate(gate)
    for w1, w2, b in rng.uniform(-2, 2, size=(25, 3)).round(2):
        scene = perceptron_scene(gate, w1, w2, b)
        correct = int((Perceptron(2, weights=[w1, w2], bias=b).predict(X) == y).sum())
        assert scene.panels[0].title == f"{gate}: {correct} of 4 correct"
        assert f"{correct} of 4 correct" in scene.html_text
        assert scene.html_text.count("<tr>") == 5


def test_and_gate_on_the_boundary_is_four_of_four():
    assert perceptron_scene("AND", 1.0, 1.0, -2.0).panels[0].title == "AND: 4 of 4 correct"
    assert perceptron_scene("XOR", 1.0, 1.0, -0.5).panels[0].title == "XOR: 3 of 4 correct"


def test_static_frames_follow_the_mixed_radix_order_the_page_uses():
    explorer = PerceptronExplorer()
    d = explorer.static_data()
    sizes = [len(c["values"]) for c in d["controls"]]
    assert len(d["frames"]) == int(np.prod(sizes)) == 4 * 5 * 5 * 8
    table = d["table"]
    for combo in [(0, 4, 4, 0), (3, 1, 2, 5), (2, 0, 4, 7)]:
        index = 0
        for i, n in zip(combo, sizes):
            index = index * n + i
        values = {c["name"]: c["values"][i] for c, i in zip(d["controls"], combo)}
        frame = d["frames"][index]
        scene = explorer.update(**values)
        assert "".join(table[k] for k in frame[1]) == scene.html_text
        assert "".join(table[k] for k in frame[2]) == scene.alt_text
        assert [table[k] for k in frame[0][0][1]] == [item.to_json() for item in scene.panels[0].items]


def test_static_html_is_self_contained_and_safe_to_embed():
    page = PerceptronExplorer().static_html()
    assert page.count("<script") == 2 and ").mount(document.currentScript.parentElement)" in page
    payload = page.split('class="nnx-data">', 1)[1].split("</script>", 1)[0]
    assert "</" not in payload  # nothing in the data can close the script tag early
    data = json.loads(payload)
    assert data["name"] == "perceptron" and [c["name"] for c in data["controls"]] == ["gate", "w1", "w2", "b"]
    # the script builds the controls: the page itself holds none (a sanitizer would leave them inert)
    assert "<input" not in page and "<select" not in page


def test_pre_run_face_is_the_default_figure_without_script_or_inline_svg():
    """What JupyterLab shows before the notebook runs: its sanitizer drops <script>, <style> and <svg>."""
    from urllib.parse import unquote

    explorer = PerceptronExplorer(gate="OR")
    page = explorer.static_html()
    without_scripts = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    assert "<svg" not in without_scripts
    src = re.search(r'<img src="data:image/svg\+xml;charset=utf-8,([^"]+)"', without_scripts).group(1)
    assert "#" not in src and '"' not in src  # a fragment or a quote would cut the image short
    svg = unquote(src)
    assert svg.startswith("<svg") and svg == explorer.scene().to_svg()
    title = perceptron_scene("OR", 1.0, 1.0, -2.0).panels[0].title
    assert f">{title}</text>" in svg
    assert "Shown: gate = OR, w1 = 1.00, w2 = 1.00, b = -2.00." in without_scripts
    assert "Run this cell" in without_scripts and title.split(": ")[1] in without_scripts  # the note, as text


def test_svg_renderer_draws_every_item_and_states_the_titles():
    from nnlib.widgets import KernelExplorer, OptimizerRaceExplorer

    svg = OptimizerRaceExplorer().scene().to_svg()
    assert svg.count("<clipPath") == 2 and svg.count("<polyline") >= 12
    for name in ("SGD", "momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"):  # the legend on the plot
        assert f">{name}</text>" in svg
    kernel = KernelExplorer().scene()
    svg = kernel.to_svg()
    assert svg.count("<rect") >= 16 * 16 + 9 + 14 * 14  # one cell per pixel of the input, the kernel, the map
    # a number on a dark kernel cell is written in white, on a pale one in near-black
    assert re.search(r'fill="#ffffff"[^>]*>1</text>', svg) and re.search(r'fill="#111111"[^>]*>0</text>', svg)


def test_live_face_sends_scenes_not_images():
    explorer = PerceptronExplorer(gate="OR")
    widget = explorer.live()
    assert "export default nnlibFactory().afm" in widget._esm
    assert [c["name"] for c in widget.spec["controls"]] == ["gate", "w1", "w2", "b"]
    assert widget.scene["panels"][0]["meta"]["title"] == perceptron_scene("OR", 1.0, 1.0, -2.0).panels[0].title
    b = next(c for c in explorer.controls if c.name == "b")
    index = dict(widget.scene["index"], b=b.live_grid().index(-1.0))  # w = (1, 1), b = -1: OR exactly
    sent = widget.handle_move({"type": "move", "seq": 7, "index": index, "changed": "b"})
    assert explorer.values["b"] == -1.0 and sent["seq"] == 7 and sent["type"] == "scene"
    assert "4 of 4 correct" in sent["html"] and sent["index"]["b"] == index["b"]
    assert json.loads(json.dumps(sent)) == sent  # plain JSON, no numpy numbers


def test_live_face_is_fast_and_needs_no_matplotlib():
    import subprocess
    import sys

    code = ("import sys, time; from nnlib.widgets import PerceptronExplorer; e = PerceptronExplorer(); w = e.live();"
            "t = time.perf_counter(); [w.handle_move({'seq': k, 'index': dict(w.scene['index'], b=k % 100),"
            " 'changed': 'b'}) for k in range(1, 51)]; dt = (time.perf_counter() - t) / 50;"
            "print('matplotlib' in sys.modules, dt)")
    loaded, seconds = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == "False" and float(seconds) < 0.05


def test_display_offers_every_face():
    bundle = PerceptronExplorer()._repr_mimebundle_()
    assert {"text/html", "application/vnd.jupyter.widget-view+json", "text/plain"} <= set(bundle)


def test_bad_explorer_settings_are_named():
    with pytest.raises(ValueError, match=r"unknown control\(s\) \['w3'\]"):
        PerceptronExplorer(w3=1.0)
    with pytest.raises(ValueError, match="outside"):
        Slider("w", "w", 0, 1, 0.1, 2.0)
    with pytest.raises(ValueError, match="not among"):
        Choice("g", "g", ("A", "B"), "C")

    class Huge(Explorer):
        controls = tuple(Slider(f"s{i}", "s", 0, 1, 0.01, 0.5) for i in range(3))

    with pytest.raises(ValueError, match="static face would need 1030301 frames"):
        Huge().static_data()


def test_backprop_explorer_numbers_are_nnlib_gradients():
    """The explorer's hand-written deltas equal nnlib's backward (L = (y - t)^2 / 2 = MSE / 2)."""
    from nnlib import Dense, MSELoss, Sequential, Sigmoid
    from nnlib.widgets import backprop_values
    from nnlib.widgets.backprop import B1, B2, W1, W2

    for x, t in zip(*data.logic_gate("XOR")):
        v = backprop_values(x, float(t))
        l1, l2 = Dense(2, 2), Dense(2, 1)
        l1.W.data[...], l1.b.data[...], l2.W.data[...], l2.b.data[...] = W1, B1, W2[:, None], B2
        model, loss = Sequential(l1, Sigmoid(), l2, Sigmoid()), MSELoss()
        assert 0.5 * loss(model(x[None, :]), np.array([[t]])) == pytest.approx(v["loss"])
        model.backward(0.5 * loss.backward())
        np.testing.assert_allclose(l1.W.grad, v["g_w1"], atol=1e-15)
        np.testing.assert_allclose(l2.W.grad[:, 0], v["g_w2"], atol=1e-15)
        np.testing.assert_allclose(l1.b.grad, v["g_b1"], atol=1e-15)


def test_backprop_scene_reveals_values_step_by_step():
    from nnlib.widgets import BackpropExplorer, backprop_scene

    texts = lambda step: [i.text for i in backprop_scene("(1, 1)", step).panels[0].items if hasattr(i, "text")]
    assert not any(t.startswith("ŷ=") for t in texts(2)) and any(t.startswith("ŷ=") for t in texts(4))
    assert not any(t.startswith("g=") for t in texts(5)) and sum(t.startswith("g=") for t in texts(8)) == 6
    assert sum(t.startswith("w→") for t in texts(9)) == 6
    assert len(BackpropExplorer().static_data()["frames"]) == 40


def test_activation_explorer_slopes_match_the_formulas():
    from nnlib import sigmoid
    from nnlib.widgets.activation import value_and_slope

    z = np.array([-3.0, -0.5, 0.5, 2.0])
    s = sigmoid(z)
    np.testing.assert_allclose(value_and_slope("sigmoid", z)[1], s * (1 - s))
    np.testing.assert_allclose(value_and_slope("tanh", z)[1], 1 - np.tanh(z) ** 2)
    np.testing.assert_array_equal(value_and_slope("ReLU", z)[1], [0, 0, 1, 1])
    np.testing.assert_array_equal(value_and_slope("leaky ReLU (α = 0.1)", z)[1], [0.1, 0.1, 1, 1])
    np.testing.assert_array_equal(value_and_slope("linear", z)[1], 1.0)


def test_activation_scene_flags_saturation():
    from nnlib.widgets import activation_scene

    assert "saturated" in activation_scene("sigmoid", 5.0).html_text
    assert "saturated" not in activation_scene("sigmoid", 0.0).html_text


def test_more_bumps_and_steeper_sigmoids_approximate_better():
    from nnlib.widgets.bumps import TARGETS, X, bump_network

    def error(n, w, reduce):
        return reduce(np.abs(bump_network("wave", n, w)[1] - TARGETS["wave"](X))[10:-10])

    assert error(30, 1000, np.max) < error(10, 1000, np.max) < error(3, 1000, np.max)
    # steep sigmoids make a staircase whose jumps set the largest error; on average steeper is closer
    assert error(10, 1000, np.mean) < error(10, 30, np.mean)
    heights, output, bumps = bump_network("peak", 4, 100)
    assert bumps.shape == (4, len(X)) and np.allclose(bumps.sum(axis=0), output)


def test_xor_network_or_and_setting_solves_xor():
    from nnlib.widgets import xor_scene
    from nnlib.widgets.xor_network import xor_network

    X, y = data.logic_gate("XOR")
    _, out = xor_network(X, 10.0, -5.0, -15.0)
    np.testing.assert_array_equal(out >= 0.5, y.astype(bool))
    assert "4 of 4 correct" in xor_scene(10.0, -5.0, -15.0).html_text
    assert "4 of 4 correct" not in xor_scene(10.0, -5.0, -5.0).html_text


def test_loss_surface_gradient_and_learning_rate_thresholds():
    from nnlib import numerical_gradient
    from nnlib.widgets.loss_surface import LAMBDA_MAX, BEST, descend, gradient, loss_surface_scene, mse

    p = np.array([0.7, -1.2])
    np.testing.assert_allclose(gradient(*p), numerical_gradient(lambda q: float(mse(*q)), p), rtol=1e-7)
    np.testing.assert_allclose(gradient(*BEST), 0.0, atol=1e-12)
    converging = descend(-1.5, 2.5, 1.9 / LAMBDA_MAX, 300)
    diverging = descend(-1.5, 2.5, 2.1 / LAMBDA_MAX, 300)
    np.testing.assert_allclose(converging[-1], BEST, atol=1e-6)
    assert mse(*diverging[-1]) > 1e3 * mse(-1.5, 2.5)
    assert "diverges" in loss_surface_scene(-1.5, 2.5, 0.5, 40).html_text
    assert "zig-zags" in loss_surface_scene(-1.5, 2.5, 0.4, 40).html_text
    assert "has not arrived" in loss_surface_scene(-1.5, 2.5, 0.02, 40).html_text


def test_single_valued_controls_are_fixed_text_on_the_static_face():
    from nnlib.widgets import LossSurfaceExplorer

    class Fixed(LossSurfaceExplorer):
        controls = LossSurfaceExplorer.controls[:3] + (IntSlider("steps", "steps", 1, 200, 1, 40, static_values=(40,)),)

    data = Fixed().static_data()
    steps = next(c for c in data["controls"] if c["name"] == "steps")
    assert steps["labels"] == ["40"]  # one value: static_face.js lists it under "Fixed on this page", no slider
