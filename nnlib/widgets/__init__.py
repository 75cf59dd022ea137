"""Explorers: slider-driven figures with a live face (ipywidgets) and a static face (HTML).

See ``explorer.py`` for the design; each explorer module holds one pure update
function and a small ``Explorer`` subclass naming its controls.
"""
from .controls import Choice, Slider
from .explorer import Explorer
from .backprop import BackpropExplorer, backprop_scene, backprop_values
from .perceptron import PerceptronExplorer, perceptron_scene
from .scene import Line, Panel, Points, Polygon, Scene, Text

__all__ = [
    "Explorer", "Slider", "Choice", "Scene", "Panel", "Polygon", "Line", "Points", "Text",
    "PerceptronExplorer", "perceptron_scene", "BackpropExplorer", "backprop_scene", "backprop_values",
]
