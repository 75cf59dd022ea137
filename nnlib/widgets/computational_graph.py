"""The computational-graph explorer: step a small expression forward, then backward, node by node.

Each expression is a list of operations on the inputs x, y, z, w, in an order
where every operation comes after its inputs (a topological order). Forward,
each step computes one node's value. Backward starts at the output with
df/df = 1; each step then takes one node, in reverse order, and sends its
gradient along its input edges, multiplied by the local derivative of the
operation. A value used twice (a fan-out) receives two contributions, added,
and the picture shows them arriving one at a time.

The numbers here are computed by hand-written local rules, one per operation,
so that each edge can show its own factor; the tests check the final
gradients against ``nnlib.autograd``.
"""
import math
from collections import namedtuple

from ..activations import sigmoid
from .controls import Choice, IntSlider, Slider
from .explorer import Explorer
from .scene import FAINT, INK, PAPER, Line, Panel, Points, Scene, Text

Op = namedtuple("Op", "form forward local local_form words")
OPS = {  # how it reads, its value, its local derivatives d out/d input (given the inputs and the output),
    #      the same derivatives as formulas in the node names, and the pattern in words
    "mul": Op("{0}·{1}", lambda a, b: a * b, lambda a, b, out: (b, a), lambda n, a: (a[1], a[0]),
              "a product sends each input the gradient times the <i>other</i> input (multiply swaps)"),
    "add": Op("{0} + {1}", lambda a, b: a + b, lambda a, b, out: (1.0, 1.0), lambda n, a: ("1", "1"),
              "a sum passes its gradient unchanged to every input (add distributes)"),
    "sub": Op("{0} − {1}", lambda a, b: a - b, lambda a, b, out: (1.0, -1.0), lambda n, a: ("1", "(−1)"),
              "a difference passes the gradient to its first input and minus the gradient to its second"),
    "max": Op("max({0}, {1})", max, lambda a, b, out: (1.0, 0.0) if a > b else (0.0, 1.0) if b > a else (0.5, 0.5),
              lambda n, a: (f"[{a[0]} > {a[1]}]", f"[{a[1]} > {a[0]}]"),
              "a max sends the whole gradient to the larger input and nothing to the other (max routes;"
              " a bracket [...] is 1 when true and 0 when false)"),
    "sigmoid": Op("σ({0})", lambda a: float(sigmoid(a)), lambda a, out: (out * (1.0 - out),),
                  lambda n, a: (f"{n}(1 − {n})",), "a sigmoid multiplies the gradient by σ(1 − σ), read off its output"),
    "square": Op("{0}²", lambda a: a * a, lambda a, out: (2.0 * a,), lambda n, a: (f"2{a[0]}",),
                 "a square multiplies the gradient by twice its input"),
    "exp": Op("exp({0})", math.exp, lambda a, out: (out,), lambda n, a: (n,),
              "an exponential multiplies the gradient by its own output"),
    "log": Op("log({0})", math.log, lambda a, out: (1.0 / a,), lambda n, a: (f"1/{a[0]}",),
              "a logarithm multiplies the gradient by one over its input"),
}

# name -> (input positions, [(node, op, inputs, position)]); positions are (column, row)
EXPRESSIONS = {
    "(x·y + z)·σ(w)": ({"x": (0, 3), "y": (0, 2), "z": (0, 1), "w": (0, 0)},
                       [("p", "mul", ("x", "y"), (1, 2.5)), ("q", "add", ("p", "z"), (2, 1.6)),
                        ("s", "sigmoid", ("w",), (2, 0.2)), ("f", "mul", ("q", "s"), (3, 0.9))]),
    "x·y + max(x, z)": ({"y": (0, 3), "x": (0, 1.5), "z": (0, 0)},
                        [("p", "mul", ("x", "y"), (1, 2.5)), ("m", "max", ("x", "z"), (1, 0.5)),
                         ("f", "add", ("p", "m"), (2, 1.5))]),
    "(σ(w·x + z) − y)²": ({"w": (0, 3), "x": (0, 2), "z": (0, 1), "y": (3, 0.2)},
                          [("p", "mul", ("w", "x"), (1.1, 2.5)), ("q", "add", ("p", "z"), (2, 1.5)),
                           ("a", "sigmoid", ("q",), (3, 2.5)), ("e", "sub", ("a", "y"), (4, 1.2)),
                           ("f", "square", ("e",), (4, 3.0))]),
    "log(eˣ + eʸ)": ({"x": (0, 2), "y": (0, 0)},
                     [("u", "exp", ("x",), (1, 1.65)), ("v", "exp", ("y",), (1, 0.35)),
                      ("s", "add", ("u", "v"), (2, 1)), ("f", "log", ("s",), (3, 1))]),
}
SYMBOLS = {"mul": "×", "add": "+", "sub": "−", "max": "max", "sigmoid": "σ", "square": "²", "exp": "exp", "log": "log"}
STEPS = 2 * max(len(ops) for _, ops in EXPRESSIONS.values()) + 3  # start, forward, seed, backward, done
# Vermilion for the forward step, blue for gradients: the renderer darkens or lightens them only as far as the
# page's light or dark background needs; INK and PAPER (the nodes, the labels' backing) follow the theme.
ACTIVE, GRAD = "#D55E00", "#0072B2"

# Geometry. The figure is drawn at its natural size on a desktop and narrower on a phone, where positions
# shrink but text and nodes keep their size in pixels. So the labels sit a fraction of a row from their node
# (room on every screen), and what needs pixels (a pill's width, the margins) is sized for the narrowest figure.
SIZE = (5.2, 5.0)                   # natural size, in inches of 100 px
NARROW = 330                        # the narrowest width the figure is laid out for (a phone), px
NODE, BIG = 14, 17                  # node radius, px; the node of the current step is drawn larger
GAP = 0.36                          # from a node's centre to its value (above) or gradient (below), in rows
CHAR = 6.4                          # width of a character of the 11 px labels, px (a little over DejaVu Sans's)
TITLE_SPACE, PAD = 46, 4            # above the plot: a title of up to two lines; around it, px
INPUT_FORMAT = "{:.1f}"             # the inputs' sliders, and the settings the alt text states


def num(v):
    """A number as the picture shows it: at most three decimals, no trailing zeros, a true minus sign."""
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", "−")


def graph_values(expression, x, y, z, w):
    """Every number of one forward and one backward pass.

    Returns ``values`` (node -> value), ``backward`` (one entry per operation,
    output first: the node and its ``[(input, local derivative, contribution)]``)
    and ``grads`` (node -> df/dnode, every contribution added).
    """
    inputs, ops = EXPRESSIONS[expression]
    values = {name: float(v) for name, v in zip("xyzw", (x, y, z, w)) if name in inputs}
    for node, op, args, _ in ops:
        values[node] = OPS[op].forward(*(values[a] for a in args))
    output = ops[-1][0]
    grads = {output: 1.0}
    backward = []
    for node, op, args, _ in reversed(ops):
        local = OPS[op].local(*(values[a] for a in args), values[node])
        flows = [(a, d, grads[node] * d) for a, d in zip(args, local)]
        for a, _, contribution in flows:
            grads[a] = grads.get(a, 0.0) + contribution  # a fan-out adds
        backward.append((node, flows))
    return values, backward, grads


def _frame(pos, uses):
    """The panel's limits, and the pixels per unit (across, up) of the narrowest figure. The margins hold the
    widest label a node on the edge can have: ``∂f/∂x = −0.123``, or ``∂f/∂x = −0.123 (1 of 2)`` for a fan-out."""
    cols = max(p[0] for p in pos.values())
    rows = max(p[1] for p in pos.values())
    widest = lambda col: max(23 if uses[name] > 1 else 14 for name, p in pos.items() if p[0] == col) * CHAR / 2 + PAD
    left, right = widest(0), widest(cols)
    height = NARROW * SIZE[1] / SIZE[0] - TITLE_SPACE - 2 * PAD
    scale = ((NARROW - 2 * PAD - left - right) / cols, (height - 16) / (rows + 2 * GAP))
    ylim = (-GAP - 8 / scale[1], rows + GAP + 8 / scale[1])
    return (-left / scale[0], cols + right / scale[0]), ylim, scale


def computational_graph_scene(expression, step, x, y, z, w):
    """The pure update function: the graph of ``expression`` after ``step`` steps (0 to ``STEPS`` - 1)."""
    inputs, ops = EXPRESSIONS[expression]
    values, backward, grads = graph_values(expression, x, y, z, w)
    n = len(ops)
    step = min(max(step, 0), STEPS - 1)                # a short expression is done before the last step
    computed = min(step, n)                            # forward: ops[:computed] have values
    seeded = step >= n + 1
    done_back = max(0, min(step - n - 1, n))           # backward: the first done_back entries are applied
    pos = dict(inputs)
    pos.update({node: p for node, _, _, p in ops})
    uses = {name: sum(args.count(name) for _, _, args, _ in ops) for name in pos}

    received = {name: [] for name in pos}              # gradient contributions that have arrived so far
    if seeded:
        received[ops[-1][0]].append(1.0)
    edge_grad = {}
    for node, flows in backward[:done_back]:
        for a, _, contribution in flows:
            received[a].append(contribution)
            edge_grad[(a, node)] = contribution

    forward_now = ops[step - 1][0] if 1 <= step <= n else None
    backward_now = backward[done_back - 1][0] if 1 <= done_back and step <= 2 * n + 1 else None
    xlim, ylim, scale = _frame(pos, uses)
    items, labels = [], []  # labels are drawn last, over the edges and nodes
    for node, _, args, p in ops:  # edges first, so the nodes are drawn over them
        for a in args:
            if node == backward_now:
                color, width = GRAD, 3.0
            elif node == forward_now:
                color, width = ACTIVE, 3.0
            else:
                color, width = (GRAD if (a, node) in edge_grad else FAINT), 1.5
            items.append(Line([pos[a], p], color, width))
            # a value used by several nodes receives one share along each edge: each is written on its edge
            # (an edge's share to a value used once is the value's own gradient, written under it)
            if (a, node) in edge_grad and uses[a] > 1:
                text = num(edge_grad[(a, node)])
                labels.append((*_beside_edge(pos[a], p, text, scale), text, GRAD))
    shown = set(inputs) | {node for node, _, _, _ in ops[:computed]}
    symbols = {node: SYMBOLS[op] for node, op, _, _ in ops}
    for name in pos:  # a node: a disc in the page's colour, ringed in ink, or in colour while it is being computed
        now = name in (forward_now, backward_now)
        ring = ACTIVE if name == forward_now else GRAD if name == backward_now else INK
        px, py = pos[name]
        symbol = symbols.get(name, name)
        items += [Points([pos[name]], [PAPER], [ring], size=BIG if now else NODE),
                  Text(px, py, symbol, INK, 14 if len(symbol) == 1 else 11)]
        if name in shown:
            labels.append((px, py + GAP, f"{name} = {num(values[name])}", INK))
        if received[name]:
            total = num(sum(received[name]))
            partial = f" ({len(received[name])} of {uses[name]})" if len(received[name]) < uses[name] else ""
            labels.append((px, py - GAP, f"∂f/∂{name} = {total}{partial}", GRAD))
    for label in labels:
        items += _pill_label(*label, scale[0])
    title = _title(step, n, ops, backward, done_back)
    panel = Panel(items, xlim, ylim, title, axis=False)
    html = _explain(step, n, ops, values, backward, done_back, received, uses, grads, inputs)
    # the settings as the sliders state them, which the picture (rounded, with a true minus sign) may not
    settings = ", ".join(f"{k} = {INPUT_FORMAT.format(v)}" + ("" if k in inputs else " (not used)")
                         for k, v in zip("xyzw", (x, y, z, w)))
    alt = [f"Computational graph of f = {expression} at ", settings, ". ", title]
    return Scene([panel], html, alt, size=SIZE)


def _pill_label(x, y, text, color, unit_px):
    """A label on a pill in the page's colour (a row of dots under the text), so that an edge passing behind
    it does not strike through its numbers. ``unit_px``: pixels per unit across in the narrowest figure. The
    pill is sized for a figure between the narrowest and the natural width: a little short of the text's
    ends (which CHAR overestimates) on a phone, wider than the text on a desktop."""
    unit_px *= (SIZE[0] * 100 / NARROW) ** 0.5
    half = (len(text) * CHAR / 2 - 5) / unit_px
    dots = max(2, int(2 * half * unit_px / 6) + 1)
    xs = [x - half + 2 * half * k / (dots - 1) for k in range(dots)]
    return [Points([(xk, y) for xk in xs], [PAPER] * dots, None, size=8), Text(x, y, text, color, 11)]


def _beside_edge(p, q, text, scale):
    """Where the share of the gradient sent along the edge p-q is written: beside the edge, six tenths of the
    way to q (clear of p's own labels), on the side away from the edges that join it at q (above a falling
    edge, below a rising or level one)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = (x1 - x0) * scale[0], (y1 - y0) * scale[1]  # in pixels, where the label's size is known
    length = math.hypot(dx, dy)
    nx, ny = -dy / length, dx / length  # the normal on the left of p -> q: upward for edges going right
    if y1 >= y0:  # rising or level: the other side
        nx, ny = -nx, -ny
    half_w, half_h = len(text) * CHAR / 2, 8.0
    gap = half_w * abs(nx) + half_h * abs(ny) + 4  # pixels from the edge to the label's centre
    return x0 + 0.6 * (x1 - x0) + gap * nx / scale[0], y0 + 0.6 * (y1 - y0) + gap * ny / scale[1]


def _par(v):
    """A number for a formula: negative numbers in parentheses."""
    text = num(v)
    return f"({text})" if text.startswith("−") else text


def _formula(node, op, args, values):
    """``q = p + z = −6 + 2 = −4``: the operation, with its numbers, and its value."""
    form = OPS[op].form
    return (f"{node} = {form.format(*args)} = {form.format(*(_par(values[a]) for a in args))}"
            f" = {num(values[node])}")


def _title(step, n, ops, backward, done_back):
    if step == 0:
        return "Step 0: the inputs"
    if step <= n:
        node, op, args, _ = ops[step - 1]
        return f"Step {step}: forward, {node} = {OPS[op].form.format(*args)}"
    if step == n + 1:
        return f"Step {step}: backward starts, ∂f/∂f = 1"
    if step <= 2 * n + 1:
        return f"Step {step}: backward through {backward[done_back - 1][0]}"
    return f"Step {step}: done, every input has its gradient"


def _explain(step, n, ops, values, backward, done_back, received, uses, grads, inputs):
    """One paragraph: what this step computes, with its numbers."""
    if step == 0:
        given = ", ".join(f"{k} = {num(values[k])}" for k in "xyzw" if k in inputs)
        return ["<p><b>The inputs.</b> ", given, ". Each step forward computes one node from its inputs,"
                " in an order where every node comes after its inputs.</p>"]
    if step <= n:
        node, op, args, _ = ops[step - 1]
        return ["<p><b>Forward.</b> ", _formula(node, op, args, values), ".</p>"]
    if step == n + 1:
        return ["<p><b>Backward starts</b> at the output: ∂f/∂f = 1. Values are written above the nodes,"
                " gradients in blue below them (and on its edges, each share of a value used twice).</p>"]
    if step <= 2 * n + 1:
        node, flows = backward[done_back - 1]
        op, args = next((o, a) for name, o, a, _ in ops if name == node)
        upstream = _par(sum(received[node]))
        forms = OPS[op].local_form(node, args)
        parts = [f"∂f/∂{a} += ∂f/∂{node} · {form} = {upstream} · {_par(d)} = {num(c)}"
                 for (a, d, c), form in zip(flows, forms)]
        text = [f"<p><b>Backward through {node} = {OPS[op].form.format(*args)}.</b> ",
                OPS[op].words[0].upper() + OPS[op].words[1:], ": ", "; ".join(parts), "."]
        for a, _, _ in flows:
            if uses[a] > 1 and len(received[a]) == uses[a]:
                text.append(f" {a} feeds {uses[a]} nodes, so its gradient is the sum of its {uses[a]} contributions: "
                            + " + ".join(_par(c) for c in received[a]) + f" = {num(sum(received[a]))} (a fan-out adds).")
            elif len(received[a]) < uses[a]:
                text.append(f" {a} feeds {uses[a]} nodes: {len(received[a])} of its {uses[a]} contributions"
                            " has arrived so far.")
        return text + ["</p>"]
    listed = ", ".join(f"∂f/∂{k} = {num(grads[k])}" for k in "xyzw" if k in inputs)
    return ["<p><b>Done.</b> One backward pass gave the gradient with respect to every input: ", listed, ".</p>"]


class ComputationalGraphExplorer(Explorer):
    """Step through the forward and the backward pass of a small expression's graph."""

    name = "computational-graph"
    controls = (
        Choice("expression", "f =", tuple(EXPRESSIONS), "(x·y + z)·σ(w)"),
        IntSlider("step", "step", 0, STEPS - 1, 1, 0),
        Slider("x", "x", -4, 4, 0.1, 3.0, static_values=(-1.0, 1.0, 3.0), fmt=INPUT_FORMAT),
        Slider("y", "y", -4, 4, 0.1, -2.0, static_values=(-2.0, 1.0), fmt=INPUT_FORMAT),
        Slider("z", "z", -4, 4, 0.1, 2.0, static_values=(-1.0, 2.0), fmt=INPUT_FORMAT),
        Slider("w", "w", -4, 4, 0.1, 0.0, static_values=(0.0, 2.0), fmt=INPUT_FORMAT),
    )

    def update(self, expression, step, x, y, z, w):
        return computational_graph_scene(expression, step, x, y, z, w)
