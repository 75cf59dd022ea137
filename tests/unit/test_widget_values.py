"""Every control of every explorer, moved a step at a time as the live face moves it: the figure
states the value the control's readout shows, and whole numbers arrive as whole numbers."""
import html
import re

import numpy as np
import pytest

from nnlib.widgets import AttentionExplorer, Choice, Explorer, IntSlider, ListSlider, TemperatureExplorer


def explorer_classes():
    return sorted((cls for cls in Explorer.__subclasses__() if cls.__module__.startswith("nnlib.widgets")),
                  key=lambda cls: cls.name)


def make(cls):
    if cls is TemperatureExplorer:  # built from a trained model's table: a small one made here
        chars = list(" abcdefghij")
        table = {"prompt": "In the beginning", "chars": chars,
                 "temperatures": {t: {"probabilities": list(np.full(len(chars), 1 / len(chars))),
                                      "sample": "In the beginning was"} for t in (0.25, 0.5, 1.0, 2.0)}}
        return cls(table)
    if cls is AttentionExplorer:  # built from a trained transformer: an untrained one does the same work
        from nnlib.text import Vocabulary
        from nnlib.transformer import CharTransformer
        from nnlib.widgets.attention import SENTENCES

        vocab = Vocabulary("".join(SENTENCES))
        return cls(CharTransformer(len(vocab), embed_dim=16, num_heads=4, num_layers=1, context=32, rng=0), vocab)
    return cls()


def statement_text(scene):
    """Everything the figure says in words: its note and alt text, titles, labels and text items."""
    words = [re.sub(r"<[^>]+>", " ", html.unescape(scene.html_text)), scene.alt_text]
    for panel in scene.panels:
        words += [panel.title, panel.xlabel, panel.ylabel] + [label for label, _, _ in panel.legend]
        words += [item.text for item in panel.items if hasattr(item, "text")]
    return " ".join(words)


def states(text, control, value):
    """Whether ``text`` states ``value`` as ``control`` formats it (a choice by its name before any bracket)."""
    shown = control.format(value)
    if isinstance(control, Choice):
        shown = shown.split(" (")[0]
    return re.search(r"(?<![\w.])" + re.escape(shown) + r"(?![\w]|\.\d)", text) is not None


@pytest.mark.parametrize("cls", explorer_classes(), ids=lambda cls: cls.name)
def test_every_step_of_every_control_is_stated_by_the_figure(cls):
    explorer = make(cls)
    defaults = dict(explorer.values)
    for control in explorer.controls:
        grid = control.live_grid()
        # up the grid one step at a time (update is pure: a step down lands on the same values)
        for i in range(len(grid)):
            explorer.values = dict(defaults)
            index = explorer.live_index()
            index[control.name] = i
            scene = explorer.move(control.name, index)
            value = explorer.values[control.name]
            assert value == grid[i] and type(value) is type(grid[i]), (control.name, i, value)
            if isinstance(control, IntSlider):
                assert isinstance(value, int)
            assert states(statement_text(scene), control, value), (
                f"{cls.name}: {control.name} = {control.format(value)} is not stated in: {statement_text(scene)[:300]}")


def test_integer_sliders_hand_over_python_ints_on_both_faces():
    slider = IntSlider("n", "n", 1, 30, 1, 4, static_values=(1, 2, 4))
    assert all(type(v) is int for v in slider.live_grid() + slider.grid())
    assert slider.live_grid() == list(range(1, 31)) and slider.format(3) == "3"
    with pytest.raises(TypeError, match="IntSlider 'n': min must be an int"):
        IntSlider("n", "n", 1.0, 30, 1, 4)
    lists = [c for cls in explorer_classes() for c in make(cls).controls if isinstance(c, ListSlider) and c.fmt == "{:d}"]
    assert lists and all(type(v) is int for c in lists for v in c.live_grid())


def test_sliders_move_along_exact_grid_values():
    from nnlib.widgets import Slider

    grid = Slider("x", "x", -2.0, 2.0, 0.1, 0.3).live_grid()
    assert len(grid) == 41 and grid[23] == 0.3 and grid[29] == 0.9  # not 0.30000000000000004


def test_kernel_weights_select_custom_and_presets_fill_the_weights():
    from nnlib.widgets import KernelExplorer
    from nnlib.widgets.kernel import CUSTOM

    explorer = KernelExplorer()
    index = explorer.live_index()
    index["k11"] += 5  # w11 from 0.0 to 0.5
    scene = explorer.move("k11", index)
    assert explorer.values["preset"] == CUSTOM and explorer.values["k11"] == 0.5
    assert "kernel: custom" in statement_text(scene)
    index = explorer.live_index()
    index["preset"] = list(explorer.controls[0].options).index("sharpen")
    explorer.move("preset", index)
    # the sharpening kernel's 5 lies beyond the sliders' range: the weights hold it clipped to 2
    assert [explorer.values[f"k{i}{j}"] for i in range(3) for j in range(3)] == [0, -1, 0, -1, 2, -1, 0, -1, 0]
    assert explorer.values["preset"] == "sharpen"
