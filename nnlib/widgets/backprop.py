"""The backprop step-through explorer: a 2-2-1 sigmoid network, one operation per step.

Forward, the values fill the nodes; backward, the error signals (deltas) flow
from the output to the inputs and each weight receives its gradient; the last
step applies one gradient-descent update. The loss is L = (y_hat - t)^2 / 2.
"""
import numpy as np

from ..activations import sigmoid
from ..data import logic_gate
from .controls import Choice, IntSlider
from .explorer import Explorer
from .scene import Line, Panel, Points, Scene, Text

W1 = np.array([[0.5, -0.4], [0.3, 0.8]])  # W1[i, j]: from input i to hidden j
B1 = np.array([0.1, -0.2])
W2 = np.array([0.9, -0.7])                # from hidden j to the output
B2 = 0.05
LEARNING_RATE = 0.5

STEPS = (
    "inputs",
    "hidden pre-activations z",
    "hidden activations a = sigmoid(z)",
    "output pre-activation",
    "output and loss",
    "output error signal",
    "gradients of the output weights",
    "hidden error signals",
    "gradients of the hidden weights",
    "one gradient-descent step",
)

POS_IN = np.array([[0.0, 0.75], [0.0, 0.25]])
POS_HID = np.array([[1.0, 0.75], [1.0, 0.25]])
POS_OUT = np.array([[2.0, 0.5]])
ACTIVE, IDLE, GRAD = "#D55E00", "#9aa5b1", "#0072B2"


def backprop_values(x, t):
    """Every number of one forward and backward pass, as a dict (the explorer draws these)."""
    z1 = x @ W1 + B1
    a1 = sigmoid(z1)
    z2 = a1 @ W2 + B2
    y = sigmoid(z2)
    loss = 0.5 * (y - t) ** 2
    delta2 = (y - t) * y * (1 - y)            # dL/dz2
    g_w2, g_b2 = delta2 * a1, delta2           # dL/dW2 = delta2 * a1
    delta1 = a1 * (1 - a1) * W2 * delta2       # dL/dz1 = sigmoid'(z1) * w_(j->out) * delta2
    g_w1, g_b1 = np.outer(x, delta1), delta1   # dL/dW1[i, j] = x_i * delta1_j
    return dict(x=x, t=t, z1=z1, a1=a1, z2=z2, y=y, loss=loss, delta2=delta2, g_w2=g_w2, g_b2=g_b2,
                delta1=delta1, g_w1=g_w1, g_b1=g_b1,
                new_w1=W1 - LEARNING_RATE * g_w1, new_w2=W2 - LEARNING_RATE * g_w2)


def _edge(p, q, color, label, width=2.0, frac=0.5, dy=0.05):
    mid = p + frac * (q - p)
    return [Line(np.array([p, q]), color, width), Text(mid[0], mid[1] + dy, label, color, 10)]


def backprop_scene(example, step):
    """The pure update function: the network at ``step`` (0-9) for input ``example`` ('(0, 1)', ...)."""
    X, y = logic_gate("XOR")
    k = [f"({a:.0f}, {b:.0f})" for a, b in X].index(example)
    v = backprop_values(X[k], float(y[k]))
    items = []
    # edges: weights, then gradients once computed, then the updated weights
    for i in range(2):
        for j in range(2):
            color = ACTIVE if step in (1, 8) else (GRAD if step >= 8 else IDLE)
            label = f"w={W1[i, j]:.2f}"
            if step >= 8:
                label = f"g={v['g_w1'][i, j]:+.4f}" if step == 8 else f"w→{v['new_w1'][i, j]:.4f}"
            # straight edges labelled at their middle, crossing ones a third of the way, either side of the crossing
            items += _edge(POS_IN[i], POS_HID[j], color, label, frac=0.5 if i == j else 0.33, dy=0.05 if i == j else 0.0)
    for j in range(2):
        color = ACTIVE if step in (3, 6, 7) else (GRAD if step >= 6 else IDLE)
        label = f"w={W2[j]:.2f}"
        if step >= 6:
            label = f"g={v['g_w2'][j]:+.4f}" if step < 9 else f"w→{v['new_w2'][j]:.4f}"
        items += _edge(POS_HID[j], POS_OUT[0], color, label)
    # nodes and their values
    colors = [ACTIVE if step == 0 else "#ffffff"] * 2 + [ACTIVE if step in (1, 2) else "#ffffff"] * 2
    colors += [ACTIVE if step in (3, 4) else "#ffffff"]
    nodes = np.vstack([POS_IN, POS_HID, POS_OUT])
    items.append(Points(nodes, colors, ["#222222"] * 5, size=16))
    labels = [f"x1={v['x'][0]:.0f}", f"x2={v['x'][1]:.0f}"]
    for j in range(2):
        text = f"z={v['z1'][j]:.3f}" if step == 1 else f"a={v['a1'][j]:.3f}"
        labels.append(text if step >= 1 else "")
    labels.append((f"z={v['z2']:.3f}" if step == 3 else f"ŷ={v['y']:.4f}") if step >= 3 else "")
    for (px, py), text in zip(nodes, labels):
        items.append(Text(px, py - 0.17, text, "#222222", 11))
    if step >= 5:
        items.append(Text(2.0, 0.5 + 0.17, f"δ={v['delta2']:+.4f}", GRAD, 11))
    if step >= 7:
        for j in range(2):
            items.append(Text(1.0, POS_HID[j][1] + 0.17, f"δ={v['delta1'][j]:+.4f}", GRAD, 11))
    title = f"Step {step}: {STEPS[step]}"
    panel = Panel(items, (-0.3, 2.3), (0.0, 1.0), title, axis=False)
    return Scene([panel], _explain(step, v), [f"2-2-1 network on input {example}, ", title], size=(6.4, 3.8))


def _explain(step, v):
    """One paragraph: the formula of this step with its numbers."""
    x, t = v["x"], v["t"]
    f = {
        0: f"Input x = ({x[0]:.0f}, {x[1]:.0f}), target t = {t:.0f} (XOR). The weights are shown on the edges.",
        1: "z_j = x1 w_1j + x2 w_2j + b_j: " + ", ".join(
            f"z{j + 1} = {x[0]:.0f}·{W1[0, j]:.2f} + {x[1]:.0f}·{W1[1, j]:.2f} + {B1[j]:.2f} = {v['z1'][j]:.4f}" for j in range(2)),
        2: "a_j = σ(z_j): " + ", ".join(f"a{j + 1} = σ({v['z1'][j]:.4f}) = {v['a1'][j]:.4f}" for j in range(2)),
        3: f"z = a1 w_1 + a2 w_2 + b = {v['a1'][0]:.4f}·{W2[0]:.2f} + {v['a1'][1]:.4f}·{W2[1]:.2f} + {B2:.2f} = {v['z2']:.4f}",
        4: f"ŷ = σ(z) = {v['y']:.4f}; loss L = (ŷ − t)²/2 = ({v['y']:.4f} − {t:.0f})²/2 = {v['loss']:.5f}",
        5: f"δ = ∂L/∂z = (ŷ − t) · ŷ(1 − ŷ) = ({v['y'] - t:+.4f}) · {v['y'] * (1 - v['y']):.4f} = {v['delta2']:+.5f}",
        6: "∂L/∂w_j = δ · a_j: " + ", ".join(f"{v['delta2']:+.4f} · {v['a1'][j]:.4f} = {v['g_w2'][j]:+.5f}" for j in range(2))
           + f"; ∂L/∂b = δ = {v['g_b2']:+.5f}",
        7: "δ_j = σ'(z_j) · w_j · δ = a_j(1 − a_j) · w_j · δ: " + ", ".join(
            f"δ{j + 1} = {v['a1'][j] * (1 - v['a1'][j]):.4f} · {W2[j]:.2f} · {v['delta2']:+.4f} = {v['delta1'][j]:+.5f}" for j in range(2)),
        8: "∂L/∂w_ij = x_i · δ_j: " + ", ".join(
            f"w{i + 1}{j + 1}: {x[i]:.0f} · {v['delta1'][j]:+.4f} = {v['g_w1'][i, j]:+.5f}" for i in range(2) for j in range(2)),
        9: f"w ← w − η ∂L/∂w with η = {LEARNING_RATE}: every weight moves against its gradient (biases likewise).",
    }[step]
    return [f"<p><b>{STEPS[step].capitalize()}.</b> ", f, "</p>"]


class BackpropExplorer(Explorer):
    """Step through one forward and backward pass of a 2-2-1 sigmoid network."""

    name = "backprop"
    controls = (
        Choice("example", "input", ("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"), "(0, 1)"),
        IntSlider("step", "step", 0, len(STEPS) - 1, 1, 0),
    )

    def update(self, example, step):
        return backprop_scene(example, step)
